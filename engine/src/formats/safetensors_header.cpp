// parse_safetensors: validation of a whole safetensors file held in memory (formats.md §1.3).
//
// The JSON header is read by a recursive-descent reader that pulls exactly the tokens of the one
// schema a header may have, from the strict tokenizer in json_scanner.h, instead of building a
// DOM first: a DOM of a header with 10^5 entries costs about ten times the header's size in small
// allocations (and seconds in a sanitizer build), while this keeps one SafetensorsTensorInfo per
// tensor and refuses a wrong type, an unknown field or the (max_tensors + 1)-th tensor the moment
// it is read. Strictness matches parse_json_strict and the reference reader: invalid UTF-8 and
// trailing garbage are refused, duplicate keys too, and nesting is bounded by the schema itself.
// Pure function of its input; safe to call from any thread.
#include <dsw/safetensors.h>

#include "core/error.h"
#include "formats/json_scanner.h"
#include "formats/safetensors_internal.h"

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>

namespace dsw {
namespace {

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

// Reads { "__metadata__": {str: str}, "<name>": {"dtype": str, "shape": [u63...], "data_offsets": [u64, u64]} }.
class HeaderReader {
 public:
  HeaderReader(std::string_view text, std::string_view file, const SafetensorsLimits& limits, SafetensorsHeader& out)
      : json_(text, std::string(file) + ": header is not valid JSON "), file_(file), limits_(limits), out_(out) {}

  void read() {
    json_.expect('{', "'{'");
    if (!json_.consume('}')) {
      do {
        std::string key = json_.read_string();
        json_.expect(':', "':'");
        if (key == kMetadataKey) {
          if (saw_metadata_) fail("'__metadata__' appears twice (duplicate JSON key)");
          saw_metadata_ = true;
          read_metadata();
        } else {
          if (key.empty()) fail("a tensor has an empty name");
          if (out_.tensors.size() >= limits_.max_tensors)
            fail("the header declares more than " + std::to_string(limits_.max_tensors) + " tensors, the limit for one file");
          read_tensor(std::move(key));
        }
      } while (json_.consume(','));
      json_.expect('}', "',' or '}'");
    }
    json_.expect_end();
  }

 private:
  [[noreturn]] void fail(const std::string& message, StatusCode code = StatusCode::invalid_input) {
    dsw::fail(code, std::string(file_) + ": " + message);
  }
  [[noreturn]] void fail_tensor(const std::string& name, const std::string& message,
                                StatusCode code = StatusCode::invalid_input) {
    fail("tensor " + quote_for_message(name) + ": " + message, code);
  }

  void read_metadata() {
    std::string_view kind = json_.peek_kind();
    if (kind != "object") fail("__metadata__ must be an object, got " + std::string(kind));
    json_.consume('{');
    if (json_.consume('}')) return;
    do {
      std::string key = json_.read_string();
      json_.expect(':', "':'");
      if (out_.metadata.count(key)) fail("__metadata__ key " + quote_for_message(key) + " appears twice (duplicate JSON key)");
      kind = json_.peek_kind();
      if (kind != "string")
        fail("__metadata__ value for " + quote_for_message(key) + " must be a string, got " + std::string(kind));
      out_.metadata.emplace(std::move(key), json_.read_string());
    } while (json_.consume(','));
    json_.expect('}', "',' or '}'");
  }

  // The kind of the value at hand, for a wrong-type message (only called on the error path).
  std::string got() { return "got " + std::string(json_.peek_kind()); }
  static bool starts_number(char c) { return c == '-' || (c >= '0' && c <= '9'); }

  void read_tensor(std::string name) {
    if (!json_.consume('{')) fail_tensor(name, "entry must be an object, " + got());
    // Filled in place: moving a finished entry into the vector costs more than parsing it in an
    // unoptimised build. A failure throws, so a half-read entry is never seen.
    SafetensorsTensorInfo& t = out_.tensors.emplace_back();
    int seen = 0;  // bits: 1 dtype, 2 shape, 4 data_offsets
    if (!json_.consume('}')) {
      do {
        std::string_view field = json_.read_string_view(scratch_);
        json_.expect(':', "':'");
        using namespace std::string_view_literals;  // compile-time lengths, no strlen per entry
        int bit = field == "dtype"sv ? 1 : field == "shape"sv ? 2 : field == "data_offsets"sv ? 4 : 0;
        if (!bit) fail_tensor(name, "unknown field " + quote_for_message(field) + " (expected dtype, shape, data_offsets)");
        if (seen & bit) fail_tensor(name, "field '" + std::string(field) + "' appears twice (duplicate JSON key)");
        seen |= bit;
        if (bit == 1) read_dtype(name, t);
        if (bit == 2) read_shape(name, t);
        if (bit == 4) read_offsets(name, t);
      } while (json_.consume(','));
      json_.expect('}', "',' or '}'");
    }
    for (auto [bit, field] : {std::pair{1, "dtype"}, {2, "shape"}, {4, "data_offsets"}})
      if (!(seen & bit)) fail_tensor(name, std::string("has no '") + field + "' field");
    t.name = std::move(name);
  }

  void read_dtype(const std::string& name, SafetensorsTensorInfo& t) {
    if (json_.peek() != '"') fail_tensor(name, "dtype must be a string, " + got());
    std::string_view dtype = json_.read_string_view(scratch_);
    const SafetensorsDType* d = find_safetensors_dtype(dtype);
    if (!d) fail_tensor(name, "unknown dtype " + quote_for_message(dtype));
    t.dtype_name = d->name;
    t.dtype = d->dtype;
  }

  void read_shape(const std::string& name, SafetensorsTensorInfo& t) {
    if (!json_.consume('[')) fail_tensor(name, "shape must be an array of integers, " + got());
    if (json_.consume(']')) return;
    do {
      if (!starts_number(json_.peek())) fail_tensor(name, "shape must hold non-negative integers, " + got());
      JsonScanner::Number n = json_.read_number();
      if (n.kind == JsonScanner::Number::negative_integer)
        fail_tensor(name, "shape holds the negative dimension " + std::string(n.text));
      if (n.kind != JsonScanner::Number::unsigned_integer || n.magnitude > uint64_t(std::numeric_limits<int64_t>::max()))
        fail_tensor(name, "shape holds " + escape_for_message(n.text, true, 80) +
                              "; dimensions must be non-negative integers below 2^63");
      if (t.shape.rank() == Shape::kMaxRank)
        fail_tensor(name, "shape has more than " + std::to_string(Shape::kMaxRank) +
                              " dimensions, the most the engine supports", StatusCode::unsupported);
      t.shape.push_back(int64_t(n.magnitude));
    } while (json_.consume(','));
    json_.expect(']', "',' or ']'");
  }

  void read_offsets(const std::string& name, SafetensorsTensorInfo& t) {
    static const std::string expected = "data_offsets must be an array of two non-negative integers";
    if (!json_.consume('[')) fail_tensor(name, expected + ", " + got());
    int count = 0;
    if (!json_.consume(']')) {
      do {
        if (!starts_number(json_.peek())) fail_tensor(name, expected + ", " + got());
        JsonScanner::Number n = json_.read_number();
        if (n.kind == JsonScanner::Number::negative_integer)
          fail_tensor(name, "data_offsets holds the negative offset " + std::string(n.text));
        if (n.kind != JsonScanner::Number::unsigned_integer)
          fail_tensor(name, "data_offsets holds " + escape_for_message(n.text, true, 80) +
                                "; offsets must be non-negative integers below 2^64");
        if (count == 2) fail_tensor(name, expected + ", it holds more");
        (count++ == 0 ? t.begin : t.end) = n.magnitude;
      } while (json_.consume(','));
      json_.expect(']', "',' or ']'");
    }
    if (count != 2) fail_tensor(name, expected + ", it holds " + std::to_string(count));
  }

  JsonScanner json_;
  std::string_view file_;
  const SafetensorsLimits& limits_;
  SafetensorsHeader& out_;
  bool saw_metadata_ = false;
  std::string scratch_;  // decoded keys and dtypes that held escapes
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

// Open addressing over indices into `tensors` (FNV-1a, linear probing, load <= 1/2): one flat
// allocation instead of a node per name, which matters with 10^5 names.
void check_no_duplicate_names(std::string_view file, const std::vector<SafetensorsTensorInfo>& tensors) {
  size_t capacity = 16;
  while (capacity < 2 * tensors.size()) capacity *= 2;
  constexpr uint32_t kEmpty = UINT32_MAX;
  std::vector<uint32_t> slots(capacity, kEmpty);
  for (uint32_t i = 0; i < tensors.size(); ++i) {
    const std::string& name = tensors[i].name;
    uint64_t h = 14695981039346656037ull;
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    for (size_t slot = size_t(h) & (capacity - 1);; slot = (slot + 1) & (capacity - 1)) {
      if (slots[slot] == kEmpty) {
        slots[slot] = i;
        break;
      }
      if (tensors[slots[slot]].name == name)
        fail_file(file, StatusCode::invalid_input, "tensor " + quote_for_message(name) + " appears twice (duplicate JSON key)");
    }
  }
}

// The reference reader sorts by data_offsets, so files written in name order are fine; ties
// (zero-size tensors at the same offset) keep their header order, so the result is deterministic.
// Sorts indices and moves each entry once: cheaper than swapping whole entries.
void sort_by_offsets(std::vector<SafetensorsTensorInfo>& tensors) {
  auto before = [](const SafetensorsTensorInfo& a, const SafetensorsTensorInfo& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  };
  if (std::is_sorted(tensors.begin(), tensors.end(), before)) return;  // most writers' order
  std::vector<uint32_t> order(tensors.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t i, uint32_t j) {
    const auto& a = tensors[i];
    const auto& b = tensors[j];
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end != b.end ? a.end < b.end : i < j;
  });
  std::vector<SafetensorsTensorInfo> sorted;
  sorted.reserve(tensors.size());
  for (uint32_t i : order) sorted.push_back(std::move(tensors[i]));
  tensors = std::move(sorted);
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

  SafetensorsHeader out;
  out.header_bytes = n;
  out.data_offset = data_offset;
  std::string_view text(reinterpret_cast<const char*>(file.data() + 8), size_t(n));
  // No reallocation while reading: the smallest possible entry,
  // "x":{"dtype":"U8","shape":[],"data_offsets":[0,0]}, is 50 bytes, so N / 50 + 1 bounds the
  // count. The bound is capped so a header of one long string cannot reserve much for nothing.
  out.tensors.reserve(size_t(std::min<uint64_t>({n / 50 + 1, limits.max_tensors, 200'000})));
  HeaderReader(text, name, limits, out).read();
  check_no_duplicate_names(name, out.tensors);
  sort_by_offsets(out.tensors);
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
  std::string out = "'";
  out += escape_for_message(s, ascii_only, max_bytes);
  out += '\'';
  return out;
}

Result<SafetensorsHeader> parse_safetensors(std::span<const uint8_t> file, std::string_view name,
                                            const SafetensorsLimits& limits) {
  return guard([&] { return parse(file, name, limits); });
}

}  // namespace dsw
