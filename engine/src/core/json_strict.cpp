// Strict JSON: a SAX handler that builds the DOM, refusing duplicate keys and deep nesting.
#include "core/json_strict.h"

#include "core/error.h"

#include <filesystem>
#include <fstream>
#include <vector>

namespace dsw {
namespace {

using json = nlohmann::json;

class StrictBuilder : public nlohmann::json_sax<json> {
 public:
  StrictBuilder(std::string_view name, const JsonLimits& limits) : name_(name), limits_(limits) {}

  json result;
  std::string error;

  bool null() override { return put(json(nullptr)); }
  bool boolean(bool v) override { return put(json(v)); }
  bool number_integer(number_integer_t v) override { return put(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return put(json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return put(json(v)); }
  bool string(string_t& v) override { return put(json(std::move(v))); }
  bool binary(binary_t&) override {
    error = "binary values are not JSON";
    return false;
  }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    json& obj = *stack_.back();
    if (obj.contains(k)) {
      error = "duplicate key '" + k + "'";
      return false;
    }
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    error = "at byte " + std::to_string(position) + ": " + strip_prefix(ex.what());
    return false;
  }

 private:
  static std::string strip_prefix(std::string s) {
    // nlohmann messages start with "[json.exception.parse_error.101] parse error at line 1, ...".
    auto p = s.find("] ");
    return p == std::string::npos ? s : s.substr(p + 2);
  }

  // Inserts v into the current container (or as the root) and returns where it now lives.
  json* insert(json v) {
    if (stack_.empty()) {
      result = std::move(v);
      return &result;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    auto [it, ok] = parent.emplace(std::move(key_), std::move(v));
    return &it.value();
  }
  bool put(json v) {
    insert(std::move(v));
    return true;
  }
  bool open(json container) {
    if (int(stack_.size()) >= limits_.max_depth) {
      error = "nesting deeper than " + std::to_string(limits_.max_depth) + " levels";
      return false;
    }
    stack_.push_back(insert(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  std::string_view name_;
  JsonLimits limits_;
  std::vector<json*> stack_;
  std::string key_;
};

}  // namespace

json parse_json_strict(std::string_view text, std::string_view name, const JsonLimits& limits) {
  // nlohmann stops at a NUL byte as if the input ended there; JSON text never contains one.
  if (auto nul = text.find('\0'); nul != std::string_view::npos)
    fail_invalid(std::string(name) + ": invalid JSON: NUL byte at offset " + std::to_string(nul));
  StrictBuilder builder(name, limits);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true, false);
  } catch (const std::exception& e) {
    if (builder.error.empty()) builder.error = e.what();
  }
  if (!ok) fail_invalid(std::string(name) + ": invalid JSON: " + (builder.error.empty() ? "parse failed" : builder.error));
  return std::move(builder.result);
}

std::string read_text_file(const std::string& path, uint64_t max_bytes) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) fail_io(path + ": no such file");
  if (!std::filesystem::is_regular_file(status)) fail_io(path + ": not a regular file");
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) fail_io(path + ": cannot open");
  auto size = uint64_t(in.tellg());
  if (size > max_bytes)
    fail_invalid(path + ": " + std::to_string(size) + " bytes is larger than the " + std::to_string(max_bytes) +
                 "-byte limit for this kind of file");
  std::string text(size, '\0');
  in.seekg(0);
  if (size && !in.read(text.data(), std::streamsize(size))) fail_io(path + ": read error");
  return text;
}

json read_json_file(const std::string& path, uint64_t max_bytes, const JsonLimits& limits) {
  return parse_json_strict(read_text_file(path, max_bytes), path, limits);
}

std::string json_type_name(const nlohmann::json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "value";
  }
}

}  // namespace dsw
