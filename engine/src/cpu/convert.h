// Element conversion on the host: any stored weight type to f32, and f32 to f16/bf16.
//
// Used by the CPU backend's convert op, by loaders that must widen small tensors (norm weights)
// and by tests as the reference that GPU kernels are compared against.
#pragma once

#include <dsw/dtype.h>

#include <cstdint>

namespace dsw::cpu {

// The kernel-table row (cpu::WType) of a stored weight type, or -1 (f8, integer types).
int wtype_index(DType t) noexcept;

// True when to_f32 supports `t` as a source.
bool can_convert_to_f32(DType t) noexcept;

// Converts n elements (a whole number of blocks for block types) starting at src to f32.
void to_f32(DType src_type, const void* src, float* dst, int64_t n) noexcept;

// Converts n f32 values to f32/f16/bf16.
void from_f32(const float* src, DType dst_type, void* dst, int64_t n) noexcept;

// ggml block layouts (formats.md §2.5).
struct BlockQ8_0 {
  uint16_t d;  // fp16 scale
  int8_t qs[32];
};
struct BlockQ4_0 {
  uint16_t d;
  uint8_t qs[16];
};
static_assert(sizeof(BlockQ8_0) == 34 && sizeof(BlockQ4_0) == 18);

// Reference quantisers (ggml's rounding), used by GGUF export and tests.
void quantize_q8_0(const float* src, BlockQ8_0* dst, int64_t n) noexcept;
void quantize_q4_0(const float* src, BlockQ4_0* dst, int64_t n) noexcept;

}  // namespace dsw::cpu
