// Element conversion on the device: stored weight types to f32/f16/bf16.
#pragma once

#include <dsw_kernels/runtime.h>

#include <cstdint>

namespace dsw::kernels {

// Element types known to the kernels (a subset of dsw::DType, mapped by the engine).
enum class KType { f32, f16, bf16, f8_e4m3, q8_0 };

// dst[i] = float(src[i]) for n elements (n a multiple of 32 for q8_0); dst_type f32, f16 or bf16.
KStatus convert_forward(KType src_type, const void* src, KType dst_type, void* dst, int64_t n, void* stream);

}  // namespace dsw::kernels
