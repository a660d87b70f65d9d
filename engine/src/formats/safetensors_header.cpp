// parse_safetensors: validation of a whole safetensors file held in memory (formats.md §1.3).
//
// The JSON header is read with nlohmann's SAX parser and a handler that knows the schema, instead
// of building a DOM first: a DOM of a header with 10^5 entries costs about ten times the header's
// size in small allocations, while this keeps one SafetensorsTensorInfo per tensor and refuses a
// wrong type, an unknown field or the (max_tensors + 1)-th tensor the moment it is read. The
// strictness is the same as parse_json_strict: nlohmann's lexer rejects invalid UTF-8 and any
// trailing garbage, duplicate keys are refused here, and nesting is bounded by the schema itself.
// Pure function of its input; safe to call from any thread.
#include <dsw/safetensors.h>

#include "core/error.h"
#include "formats/safetensors_internal.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <numeric>

namespace dsw {
namespace {

using json = nlohmann::json;

constexpr std::array<SafetensorsDType, 22> kDTypes{{
    {"BOOL", 8, DType::boolean},   {"U8", 8, DType::u8},           {"I8", 8, DType::i8},
    {"I16", 16, DType::i16},       {"U16", 16, std::nullopt},      {"I32", 32, DType::i32},
    {"U32", 32, std::nullopt},     {"I64", 64, DType::i64},        {"U64", 64, std::nullopt},
    {"F16", 16, DType::f16},       {"BF16", 16, DType::bf16},      {"F32", 32, DType::f32},
    {"F64", 64, DType::f64},       {"C64", 64, std::nullopt},      {"F8_E4M3", 8, DType::f8_e4m3},
    {"F8_E5M2", 8, DType::f8_e5m2}, {"F8_E8M0", 8, std::nullopt},  {"F8_E4M3FNUZ", 8, std::nullopt},
    {"F8_E5M2FNUZ", 8, std::nullopt}, {"F4", 4, std::nullopt},     {"F6_E2M3", 6, std::nullopt},
    {"F6_E3M2", 6, std::nullopt},
}};

constexpr std::string_view kMetadataKey = "__metadata__";

// The SAX handler: a small state machine over the one schema a header may have,
//   { "__metadata__": {str: str}, "<name>": {"dtype": str, "shape": [u64...], "data_offsets": [u64, u64]} }
// On the first violation it records a message (and status code) and returns false, which stops
// the parse.
class HeaderReader {
 public:
  HeaderReader(const SafetensorsLimits& limits, SafetensorsHeader& out) : limits_(limits), out_(out) {}

  StatusCode error_code = StatusCode::invalid_input;
  std::string error;  // without the "<file>: " prefix
  bool saw_end = false;

  bool null() { return wrong_type("null"); }
  bool boolean(bool) { return wrong_type("boolean"); }
  bool binary(json::binary_t&) { return wrong_type("binary"); }
  bool number_float(json::number_float_t, const json::string_t& text) {
    if (state_ == State::shape_elem)
      return fail_here("shape holds " + text + "; dimensions must be non-negative integers below 2^63");
    if (state_ == State::offsets_elem)
      return fail_here("data_offsets holds " + text + "; offsets must be non-negative integers below 2^64");
    return wrong_type("number");
  }
  bool number_integer(json::number_integer_t v) {
    if (v >= 0) return number_unsigned(json::number_unsigned_t(v));
    if (state_ == State::shape_elem) return fail_here("shape holds the negative dimension " + std::to_string(v));
    if (state_ == State::offsets_elem) return fail_here("data_offsets holds the negative offset " + std::to_string(v));
    return wrong_type("integer");
  }
  bool number_unsigned(json::number_unsigned_t v) {
    if (state_ == State::shape_elem) {
      if (v > uint64_t(std::numeric_limits<int64_t>::max()))
        return fail_here("shape holds the dimension " + std::to_string(v) + ", above 2^63 - 1");
      if (cur_.shape.rank() == Shape::kMaxRank) {
        error_code = StatusCode::unsupported;
        return fail_here("shape has more than " + std::to_string(Shape::kMaxRank) +
                         " dimensions, the most the engine supports");
      }
      cur_.shape.push_back(int64_t(v));
      return true;
    }
    if (state_ == State::offsets_elem) {
      if (n_offsets_ == 2) return fail_here("data_offsets must hold exactly two integers [BEGIN, END], it holds more");
      (n_offsets_++ == 0 ? cur_.begin : cur_.end) = v;
      return true;
    }
    return wrong_type("integer");
  }
  bool string(json::string_t& v) {
    if (state_ == State::dtype_value) {
      const SafetensorsDType* d = find_safetensors_dtype(v);
      if (!d) return fail_here("unknown dtype " + quote_for_message(v));
      cur_.dtype_name = d->name;
      cur_.dtype = d->dtype;
      state_ = State::tensor_key;
      return true;
    }
    if (state_ == State::metadata_value) {
      out_.metadata.emplace(std::move(meta_key_), std::move(v));
      state_ = State::metadata_key;
      return true;
    }
    return wrong_type("string");
  }
  bool start_object(std::size_t) {
    switch (state_) {
      case State::root_start: state_ = State::root_key; return true;
      case State::tensor_value:
        cur_.dtype_name.clear();
        cur_.dtype.reset();
        cur_.shape = Shape();
        cur_.begin = cur_.end = 0;
        seen_ = 0;
        state_ = State::tensor_key;
        return true;
      case State::metadata_value_object: state_ = State::metadata_key; return true;
      default: return wrong_type("object");
    }
  }
  bool end_object() {
    if (state_ == State::tensor_key) {
      for (auto [bit, field] : {std::pair{1, "dtype"}, {2, "shape"}, {4, "data_offsets"}})
        if (!(seen_ & bit)) return fail_here(std::string("has no '") + field + "' field");
      out_.tensors.push_back(std::move(cur_));
      cur_ = SafetensorsTensorInfo();
      state_ = State::root_key;
      return true;
    }
    if (state_ == State::metadata_key) {
      state_ = State::root_key;
      return true;
    }
    // Only the root object is left (the lexer guarantees objects and arrays are balanced).
    state_ = State::done;
    saw_end = true;
    return true;
  }
  bool start_array(std::size_t) {
    if (state_ == State::shape_value) {
      state_ = State::shape_elem;
      return true;
    }
    if (state_ == State::offsets_value) {
      state_ = State::offsets_elem;
      n_offsets_ = 0;
      return true;
    }
    return wrong_type("array");
  }
  bool end_array() {
    if (state_ == State::offsets_elem && n_offsets_ != 2)
      return fail_here("data_offsets must hold exactly two integers [BEGIN, END], it holds " + std::to_string(n_offsets_));
    state_ = State::tensor_key;  // only shape and data_offsets arrays get this far
    return true;
  }
  bool key(json::string_t& k) {
    if (state_ == State::root_key) {
      if (k == kMetadataKey) {
        if (saw_metadata_) return fail("'__metadata__' appears twice (duplicate JSON key)");
        saw_metadata_ = true;
        state_ = State::metadata_value_object;
        return true;
      }
      if (k.empty()) return fail("a tensor has an empty name");
      if (out_.tensors.size() >= limits_.max_tensors)
        return fail("the header declares more than " + std::to_string(limits_.max_tensors) +
                    " tensors, the limit for one file");
      cur_.name = std::move(k);
      state_ = State::tensor_value;
      return true;
    }
    if (state_ == State::tensor_key) {
      int bit = k == "dtype" ? 1 : k == "shape" ? 2 : k == "data_offsets" ? 4 : 0;
      if (!bit) return fail_here("unknown field " + quote_for_message(k) + " (expected dtype, shape, data_offsets)");
      if (seen_ & bit) return fail_here("field '" + k + "' appears twice (duplicate JSON key)");
      seen_ |= bit;
      state_ = bit == 1 ? State::dtype_value : bit == 2 ? State::shape_value : State::offsets_value;
      return true;
    }
    // metadata_key
    if (out_.metadata.count(k)) return fail("__metadata__ key " + quote_for_message(k) + " appears twice (duplicate JSON key)");
    meta_key_ = std::move(k);
    state_ = State::metadata_value;
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    // nlohmann: "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ...".
    std::string what = ex.what();
    auto p = what.find(": ");
    if (p != std::string::npos && what.compare(0, 1, "[") == 0) what = what.substr(p + 2);
    // The detail may quote the offending raw bytes (invalid UTF-8): keep messages ASCII.
    return fail("header is not valid JSON (at byte " + std::to_string(position) + " of the header): " +
                escape_for_message(what, true, 400));
  }

 private:
  enum class State {
    root_start,
    root_key,
    tensor_value,
    tensor_key,
    dtype_value,
    shape_value,
    shape_elem,
    offsets_value,
    offsets_elem,
    metadata_value_object,
    metadata_key,
    metadata_value,
    done,
  };

  bool fail(std::string message) {
    error = std::move(message);
    return false;
  }
  // A message about the tensor being read.
  bool fail_here(const std::string& message) { return fail("tensor " + quote_for_message(cur_.name) + ": " + message); }

  // A value of the wrong JSON type for where it appears.
  bool wrong_type(const char* got) {
    switch (state_) {
      case State::tensor_value: return fail_here(std::string("entry must be an object, got ") + got);
      case State::dtype_value: return fail_here(std::string("dtype must be a string, got ") + got);
      case State::shape_value: return fail_here(std::string("shape must be an array of integers, got ") + got);
      case State::shape_elem: return fail_here(std::string("shape must hold non-negative integers, got ") + got);
      case State::offsets_value:
      case State::offsets_elem:
        return fail_here(std::string("data_offsets must be an array of two non-negative integers, got ") + got);
      case State::metadata_value_object: return fail(std::string("__metadata__ must be an object, got ") + got);
      case State::metadata_value:
        return fail("__metadata__ value for " + quote_for_message(meta_key_) + " must be a string, got " + got);
      default: return fail(std::string("header must be a JSON object, got ") + got);
    }
  }

  const SafetensorsLimits& limits_;
  SafetensorsHeader& out_;
  State state_ = State::root_start;
  SafetensorsTensorInfo cur_;
  int seen_ = 0;  // bits: 1 dtype, 2 shape, 4 data_offsets
  int n_offsets_ = 0;
  bool saw_metadata_ = false;
  std::string meta_key_;
};

[[noreturn]] void fail_file(std::string_view file, StatusCode code, const std::string& message) {
  fail(code, std::string(file) + ": " + message);
}

std::string offsets_text(const SafetensorsTensorInfo& t) {
  return "data_offsets [" + std::to_string(t.begin) + ", " + std::to_string(t.end) + "]";
}

// Checks one tensor's own declaration: END >= BEGIN and END - BEGIN == shape x dtype.
void check_tensor_size(std::string_view file, const SafetensorsTensorInfo& t) {
  auto at = [&](const std::string& m) { fail_file(file, StatusCode::invalid_input, "tensor " + quote_for_message(t.name) + ": " + m); };
  if (t.end < t.begin) at(offsets_text(t) + " end before they begin");
  const SafetensorsDType* d = find_safetensors_dtype(t.dtype_name);
  uint64_t elems = 1;
  for (int i = 0; i < t.shape.rank(); ++i)
    if (__builtin_mul_overflow(elems, uint64_t(t.shape[i]), &elems))
      at("shape " + t.shape.to_string() + " has more elements than 64-bit arithmetic can count");
  // Shapes are int64 in the engine, so the element count must fit in 63 bits too.
  if (elems > uint64_t(std::numeric_limits<int64_t>::max()))
    at("shape " + t.shape.to_string() + " has " + std::to_string(elems) + " elements, more than 2^63 - 1");
  uint64_t bits = 0;
  if (__builtin_mul_overflow(elems, uint64_t(d->bits), &bits))
    at("shape " + t.shape.to_string() + " of " + t.dtype_name + " needs more bits than 64-bit arithmetic can count");
  if (bits % 8 != 0)
    at("shape " + t.shape.to_string() + " of " + t.dtype_name + " is " + std::to_string(bits) +
       " bits, not a whole number of bytes");
  uint64_t bytes = bits / 8, held = t.end - t.begin;
  if (held != bytes)
    at(offsets_text(t) + " hold " + std::to_string(held) + " bytes, but shape " + t.shape.to_string() + " of " +
       t.dtype_name + " needs " + std::to_string(bytes));
}

void check_no_duplicate_names(std::string_view file, const std::vector<SafetensorsTensorInfo>& tensors) {
  std::vector<uint32_t> order(tensors.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return tensors[a].name < tensors[b].name; });
  for (size_t i = 1; i < order.size(); ++i)
    if (tensors[order[i]].name == tensors[order[i - 1]].name)
      fail_file(file, StatusCode::invalid_input,
                "tensor " + quote_for_message(tensors[order[i]].name) + " appears twice (duplicate JSON key)");
}

SafetensorsHeader parse(std::span<const uint8_t> file, std::string_view name, const SafetensorsLimits& limits) {
  auto bad = [&](const std::string& m) { fail_file(name, StatusCode::invalid_input, m); };
  if (file.size() < 8)
    bad("file is " + std::to_string(file.size()) + " bytes, too short for the 8-byte header length");
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | file[size_t(i)];
  if (n > limits.max_header_bytes)
    bad("header length " + std::to_string(n) + " is above the " + std::to_string(limits.max_header_bytes) +
        "-byte limit");
  uint64_t data_offset = 0;
  if (__builtin_add_overflow(n, uint64_t(8), &data_offset) || data_offset > file.size())
    bad("header length " + std::to_string(n) + " runs past the end of the " + std::to_string(file.size()) +
        "-byte file");
  if (n == 0 || file[8] != '{') bad("header does not start with '{'");

  const char* text = reinterpret_cast<const char*>(file.data() + 8);
  // nlohmann's lexer ends the input at a NUL byte, so "{...}\0<anything>" would pass as valid JSON.
  if (const void* nul = std::memchr(text, 0, n))
    bad("header contains a NUL byte at byte " + std::to_string(static_cast<const char*>(nul) - text) + " (not valid JSON)");

  SafetensorsHeader out;
  out.header_bytes = n;
  out.data_offset = data_offset;
  HeaderReader reader(limits, out);
  bool ok = false;
  try {
    ok = json::sax_parse(text, text + n, &reader, json::input_format_t::json, /*strict=*/true, /*ignore_comments=*/false);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    if (reader.error.empty()) reader.error = "header is not valid JSON: " + escape_for_message(e.what(), true, 400);
  }
  if (!ok || !reader.saw_end) {
    fail_file(name, reader.error_code, reader.error.empty() ? "header is not valid JSON" : reader.error);
  }

  check_no_duplicate_names(name, out.tensors);
  // The reference reader sorts by data_offsets, so files written in name order are fine; ties
  // (zero-size tensors at the same offset) are ordered by name to keep the result deterministic.
  std::sort(out.tensors.begin(), out.tensors.end(), [](const SafetensorsTensorInfo& a, const SafetensorsTensorInfo& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end < b.end;
    return a.name < b.name;
  });
  uint64_t start = 0;
  const SafetensorsTensorInfo* prev = nullptr;
  for (const auto& t : out.tensors) {
    check_tensor_size(name, t);
    if (t.begin != start) {
      std::string where = "tensor " + quote_for_message(t.name) + ": " + offsets_text(t);
      if (!prev) bad(where + " do not begin at 0, where the first tensor must begin");
      std::string after = "the previous tensor " + quote_for_message(prev->name) + " ends at " + std::to_string(start);
      if (t.begin > start) bad(where + " leave a gap: " + after);
      bad(where + " overlap the previous tensor " + quote_for_message(prev->name) + ", which ends at " +
          std::to_string(start));
    }
    start = t.end;
    prev = &t;
  }
  uint64_t data_bytes = file.size() - data_offset;
  if (start > data_bytes)
    bad("the tensors need " + std::to_string(start) + " bytes of data, but only " + std::to_string(data_bytes) +
        " bytes follow the header (file truncated?)");
  if (start < data_bytes)
    bad(std::to_string(data_bytes - start) + " trailing bytes after the last tensor, which ends at byte " +
        std::to_string(start) + " of the data");
  return out;
}

}  // namespace

const SafetensorsDType* find_safetensors_dtype(std::string_view name) noexcept {
  for (const auto& d : kDTypes)
    if (d.name == name) return &d;
  return nullptr;
}

std::string escape_for_message(std::string_view s, bool ascii_only, size_t max_bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  size_t i = 0;
  for (; i < s.size() && i < max_bytes; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f || (ascii_only && c >= 0x80)) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += char(c);
    }
  }
  if (i < s.size()) {
    // Do not cut a UTF-8 sequence in half.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
    out += "...(" + std::to_string(s.size()) + " bytes)";
  }
  return out;
}

std::string quote_for_message(std::string_view s, bool ascii_only, size_t max_bytes) {
  return "'" + escape_for_message(s, ascii_only, max_bytes) + "'";
}

Result<SafetensorsHeader> parse_safetensors(std::span<const uint8_t> file, std::string_view name,
                                            const SafetensorsLimits& limits) {
  return guard([&] { return parse(file, name, limits); });
}

}  // namespace dsw
