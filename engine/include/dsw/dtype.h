// Element types of tensors, including block-quantized ones.
//
// A block type stores `block_elems` weights in `block_bytes` (e.g. Q8_0: 32 weights in 34 bytes);
// plain types have block_elems == 1. Sizes are computed with overflow checks because every count
// that reaches here may come from a hostile file.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dsw {

enum class DType : uint8_t {
  f32,
  f16,
  bf16,
  f64,
  f8_e4m3,  // torch.float8_e4m3fn (DeepSeek-V3 FP8 weights)
  f8_e5m2,
  i8,
  u8,
  i16,
  i32,
  i64,
  boolean,
  q8_0,  // ggml Q8_0: fp16 scale + 32 int8
  q4_0,  // ggml Q4_0: fp16 scale + 32 nibbles
  q4_k,  // ggml Q4_K super-block of 256
  q6_k,  // ggml Q6_K super-block of 256
  q4_1,  // ggml Q4_1: fp16 scale + fp16 min + 32 nibbles
  q5_0,  // ggml Q5_0: fp16 scale + 32 fifth bits + 32 nibbles
  q5_1,  // ggml Q5_1: fp16 scale + fp16 min + 32 fifth bits + 32 nibbles
  q2_k,  // ggml Q2_K super-block of 256
  q3_k,  // ggml Q3_K super-block of 256
  q5_k,  // ggml Q5_K super-block of 256
  count_
};

struct DTypeInfo {
  std::string_view name;  // "f32", "bf16", "q8_0", ...
  uint32_t block_elems;   // weights per block (1 for plain types)
  uint32_t block_bytes;   // bytes per block
  bool is_float;          // plain floating type (f32/f16/bf16/f64/f8)
  bool is_quantized;      // block-quantized
};

const DTypeInfo& dtype_info(DType t) noexcept;
inline std::string_view dtype_name(DType t) noexcept { return dtype_info(t).name; }

// Bytes needed for `elems` elements; nullopt on overflow or when elems is not a whole number of
// blocks.
std::optional<uint64_t> dtype_bytes(DType t, uint64_t elems) noexcept;

// Parses a lower- or upper-case name ("BF16", "f32", "F8_E4M3", "q8_0").
std::optional<DType> dtype_from_name(std::string_view name) noexcept;

// Scalar conversions used by CPU code paths and tests.
float f16_to_f32(uint16_t h) noexcept;
uint16_t f32_to_f16(float f) noexcept;  // round to nearest even
inline float bf16_to_f32(uint16_t b) noexcept {
  union {
    uint32_t u;
    float f;
  } v{uint32_t(b) << 16};
  return v.f;
}
uint16_t f32_to_bf16(float f) noexcept;  // round to nearest even, NaN preserved
float f8_e4m3_to_f32(uint8_t v) noexcept;
uint8_t f32_to_f8_e4m3(float f) noexcept;  // saturating, round to nearest even

}  // namespace dsw
