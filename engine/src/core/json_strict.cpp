// Strict JSON: one SAX handler that builds the DOM, refuses duplicate keys and deep nesting, and
// hands chosen containers to a JsonDivert (see json_strict.h).
#include "core/json_strict.h"

#include "core/error.h"

#include <vector>

namespace dsw {
namespace {

using json = nlohmann::json;

class StrictReader final : public nlohmann::json_sax<json> {
 public:
  StrictReader(const JsonLimits& limits, JsonDivert* divert) : limits_(limits), divert_(divert) {}

  json result;
  std::string error;       // "invalid JSON: ..." for the reader's own findings
  bool diverted_error = false;  // the error came from the JsonDivert (reported verbatim)

  bool null() override { return diverted() ? fwd(divert_->null()) : put(json(nullptr)); }
  bool boolean(bool v) override { return diverted() ? fwd(divert_->boolean(v)) : put(json(v)); }
  bool number_integer(number_integer_t v) override { return diverted() ? fwd(divert_->number_integer(v)) : put(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return diverted() ? fwd(divert_->number_unsigned(v)) : put(json(v)); }
  bool number_float(number_float_t v, const string_t& s) override {
    return diverted() ? fwd(divert_->number_float(v, s)) : put(json(v));
  }
  bool string(string_t& v) override { return diverted() ? fwd(divert_->string(v)) : put(json(std::move(v))); }
  bool binary(binary_t&) override { return fail("binary values are not JSON"); }

  bool start_object(std::size_t n) override { return open(true, n); }
  bool start_array(std::size_t n) override { return open(false, n); }
  bool end_object() override { return close(true); }
  bool end_array() override { return close(false); }

  bool key(string_t& k) override {
    if (diverted()) return fwd(divert_->key(k));
    json& obj = *stack_.back();
    if (obj.contains(k)) return fail("duplicate key '" + k + "'");
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    // nlohmann messages start with "[json.exception.parse_error.101] parse error at line 1, ...".
    std::string s = ex.what();
    auto p = s.find("] ");
    return fail("at byte " + std::to_string(position) + ": " + (p == std::string::npos ? s : s.substr(p + 2)));
  }

 private:
  bool diverted() const noexcept { return divert_depth_ > 0; }
  bool fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return false;
  }
  bool fwd(bool ok) {
    if (!ok && error.empty()) {
      error = divert_->error.empty() ? "refused by the reader" : divert_->error;
      diverted_error = true;
    }
    return ok;
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
  bool open(bool object, std::size_t n) {
    if (depth_ >= limits_.max_depth) return fail("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    ++depth_;
    if (diverted()) {
      ++divert_depth_;
      return fwd(object ? divert_->start_object(n) : divert_->start_array(n));
    }
    if (divert_) {
      // path_ holds the keys of the open containers below the root, then this one's.
      if (!stack_.empty()) path_.push_back(stack_.back()->is_object() ? key_ : std::string("[]"));
      if (divert_->wants(path_, object)) {
        if (!stack_.empty()) path_.pop_back();
        insert(json(nullptr));  // keeps the key, so a repeated one is still a duplicate
        divert_depth_ = 1;
        return fwd(object ? divert_->start_object(n) : divert_->start_array(n));
      }
    }
    stack_.push_back(insert(object ? json::object() : json::array()));
    return true;
  }
  bool close(bool object) {
    --depth_;
    if (diverted()) {
      --divert_depth_;
      return fwd(object ? divert_->end_object() : divert_->end_array());
    }
    stack_.pop_back();
    if (divert_ && !stack_.empty()) path_.pop_back();
    return true;
  }

  JsonLimits limits_;
  JsonDivert* divert_;
  std::vector<json*> stack_;
  std::vector<std::string> path_;  // keys of the open DOM containers (only with a divert)
  std::string key_;
  int depth_ = 0;
  int divert_depth_ = 0;
};

}  // namespace

json parse_json_strict(std::string_view text, std::string_view name, const JsonLimits& limits, JsonDivert* divert) {
  // nlohmann stops at a NUL byte as if the input ended there; JSON text never contains one.
  if (auto nul = text.find('\0'); nul != std::string_view::npos)
    fail_invalid(std::string(name) + ": invalid JSON: NUL byte at offset " + std::to_string(nul));
  StrictReader reader(limits, divert);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &reader, json::input_format_t::json, true, false);
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    if (reader.error.empty()) reader.error = e.what();
  }
  if (!ok) {
    if (reader.diverted_error) fail_invalid(std::string(name) + ": " + reader.error);
    fail_invalid(std::string(name) + ": invalid JSON: " + (reader.error.empty() ? "parse failed" : reader.error));
  }
  return std::move(reader.result);
}

json read_json_file(const std::filesystem::path& path, InputKind kind, const JsonLimits& limits) {
  return parse_json_strict(read_input_file(path, kind), path.string(), limits);
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
