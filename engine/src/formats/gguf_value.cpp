// GgufValue: typed access to a metadata value or array element viewed in place in the file.
//
// The parser (gguf.cpp) has validated every byte these accessors touch: scalar sizes, string
// lengths, array extents, nested array headers and the element-offset tables. Values read
// unaligned little-endian data with memcpy. A default-constructed or out-of-range value has no
// bytes (ptr_ == nullptr) and every accessor answers nullopt / empty for it.
#include <dsw/gguf.h>

#include "formats/gguf_bytes.h"

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace dsw {
static_assert(std::endian::native == std::endian::little, "the GGUF reader assumes a little-endian host");

namespace {

std::string format_double(double v, bool is_f32) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  // Integral values keep a ".0" so they read as floats ("10000.0"); others use the shortest form
  // that round-trips the stored precision.
  if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  } else {
    // The shortest representation that reproduces the stored value (9 / 17 digits always do).
    for (int prec = 1; prec <= (is_f32 ? 9 : 17); ++prec) {
      std::snprintf(buf, sizeof buf, "%.*g", prec, v);
      double back = std::strtod(buf, nullptr);
      if (is_f32 ? float(back) == float(v) : back == v) break;
    }
  }
  return buf;
}

// Quotes a string for display, escaping quotes, backslashes and control bytes, and cutting it
// after max_bytes.
std::string quote(std::string_view s, size_t max_bytes = 96) {
  std::string out = "\"";
  size_t n = std::min(s.size(), max_bytes);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  out += '"';
  if (s.size() > max_bytes) out += "...";
  return out;
}

}  // namespace

uint32_t gguf_fixed_size(GgufValueType t) noexcept {
  switch (t) {
    case GgufValueType::u8:
    case GgufValueType::i8:
    case GgufValueType::boolean:
      return 1;
    case GgufValueType::u16:
    case GgufValueType::i16:
      return 2;
    case GgufValueType::u32:
    case GgufValueType::i32:
    case GgufValueType::f32:
      return 4;
    case GgufValueType::u64:
    case GgufValueType::i64:
    case GgufValueType::f64:
      return 8;
    case GgufValueType::string:
    case GgufValueType::array:
      return 0;
  }
  return 0;
}

std::string_view gguf_value_type_name(GgufValueType t) noexcept {
  switch (t) {
    case GgufValueType::u8: return "uint8";
    case GgufValueType::i8: return "int8";
    case GgufValueType::u16: return "uint16";
    case GgufValueType::i16: return "int16";
    case GgufValueType::u32: return "uint32";
    case GgufValueType::i32: return "int32";
    case GgufValueType::f32: return "float32";
    case GgufValueType::boolean: return "bool";
    case GgufValueType::string: return "string";
    case GgufValueType::array: return "array";
    case GgufValueType::u64: return "uint64";
    case GgufValueType::i64: return "int64";
    case GgufValueType::f64: return "float64";
  }
  return "?";
}

bool GgufValue::is_integer() const noexcept {
  switch (type_) {
    case GgufValueType::u8:
    case GgufValueType::i8:
    case GgufValueType::u16:
    case GgufValueType::i16:
    case GgufValueType::u32:
    case GgufValueType::i32:
    case GgufValueType::u64:
    case GgufValueType::i64:
      return true;
    default:
      return false;
  }
}

std::optional<int64_t> GgufValue::as_int() const noexcept {
  if (!ptr_) return std::nullopt;
  switch (type_) {
    case GgufValueType::u8: return gguf_load<uint8_t>(ptr_);
    case GgufValueType::i8: return gguf_load<int8_t>(ptr_);
    case GgufValueType::u16: return gguf_load<uint16_t>(ptr_);
    case GgufValueType::i16: return gguf_load<int16_t>(ptr_);
    case GgufValueType::u32: return gguf_load<uint32_t>(ptr_);
    case GgufValueType::i32: return gguf_load<int32_t>(ptr_);
    case GgufValueType::i64: return gguf_load<int64_t>(ptr_);
    case GgufValueType::boolean: return gguf_load<uint8_t>(ptr_);
    case GgufValueType::u64: {
      uint64_t v = gguf_load<uint64_t>(ptr_);
      if (v > uint64_t(std::numeric_limits<int64_t>::max())) return std::nullopt;
      return int64_t(v);
    }
    default:
      return std::nullopt;
  }
}

std::optional<double> GgufValue::as_float() const noexcept {
  if (!ptr_) return std::nullopt;
  switch (type_) {
    case GgufValueType::f32: return double(gguf_load<float>(ptr_));
    case GgufValueType::f64: return gguf_load<double>(ptr_);
    case GgufValueType::u64: return double(gguf_load<uint64_t>(ptr_));
    default:
      if (!is_integer()) return std::nullopt;
      return double(*as_int());
  }
}

std::optional<bool> GgufValue::as_bool() const noexcept {
  if (!ptr_ || type_ != GgufValueType::boolean) return std::nullopt;
  return gguf_load<uint8_t>(ptr_) != 0;
}

std::optional<std::string_view> GgufValue::as_string() const noexcept {
  if (!ptr_ || type_ != GgufValueType::string) return std::nullopt;
  uint64_t len = gguf_load<uint64_t>(ptr_);
  return std::string_view(reinterpret_cast<const char*>(ptr_ + 8), size_t(len));
}

// Arrays of fixed-size elements are strided; arrays of strings look the element up in the offset
// table; arrays of arrays keep two table entries per element: the byte offset of the inner array's
// header (element type u32, count u64) and the distance from this table to the inner array's own
// table (used only when the inner elements are strings or arrays).
GgufValue GgufValue::at(uint64_t i) const noexcept {
  GgufValue v;
  if (!ptr_ || type_ != GgufValueType::array || i >= count_) return v;
  v.type_ = elem_type_;
  if (uint32_t size = gguf_fixed_size(elem_type_)) {
    v.ptr_ = ptr_ + i * size;
  } else if (elem_type_ == GgufValueType::string) {
    v.ptr_ = ptr_ + elem_offsets_[i];
  } else {
    const uint8_t* header = ptr_ + elem_offsets_[2 * i];
    v.elem_type_ = GgufValueType(gguf_load<uint32_t>(header));
    v.count_ = gguf_load<uint64_t>(header + 4);
    v.ptr_ = header + 12;
    if (v.elem_type_ == GgufValueType::string || v.elem_type_ == GgufValueType::array)
      v.elem_offsets_ = elem_offsets_ + elem_offsets_[2 * i + 1];
  }
  return v;
}

std::string GgufValue::to_display_string(size_t max_items) const {
  if (!ptr_) return "(none)";
  switch (type_) {
    case GgufValueType::boolean:
      return *as_bool() ? "true" : "false";
    case GgufValueType::f32:
      return format_double(*as_float(), true);
    case GgufValueType::f64:
      return format_double(*as_float(), false);
    case GgufValueType::u64:
      return std::to_string(gguf_load<uint64_t>(ptr_));
    case GgufValueType::string:
      return quote(*as_string());
    case GgufValueType::array: {
      if (count_ > max_items) {
        std::string what = elem_type_ == GgufValueType::string  ? "strings"
                           : elem_type_ == GgufValueType::array ? "arrays"
                                                                : std::string(gguf_value_type_name(elem_type_)) + " values";
        std::string out = "[";  // built by appending: GCC 12 warns falsely on "[" + to_string()
        out += std::to_string(count_);
        out += ' ';
        out += what;
        out += ']';
        return out;
      }
      std::string out = "[";
      for (uint64_t i = 0; i < count_; ++i) {
        if (i) out += ", ";
        out += at(i).to_display_string(max_items);
      }
      return out + "]";
    }
    default:
      return std::to_string(*as_int());
  }
}

}  // namespace dsw
