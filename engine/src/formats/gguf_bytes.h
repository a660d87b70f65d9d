// What the GGUF reader (gguf.cpp) and the value accessors (gguf_value.cpp) both need to know about
// the bytes of a value.
#pragma once

#include <dsw/gguf.h>

#include <cstdint>
#include <cstring>

namespace dsw {

// A little-endian T at p (any alignment; the reader checked the host is little-endian).
template <class T>
T gguf_load(const uint8_t* p) noexcept {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// Bytes of one element of a fixed-size type; 0 for string and array.
uint32_t gguf_fixed_size(GgufValueType t) noexcept;

}  // namespace dsw
