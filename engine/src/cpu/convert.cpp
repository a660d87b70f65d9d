// Host element conversion and the ggml reference quantisers.
#include "cpu/convert.h"

#include "cpu/kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dsw::cpu {

int wtype_index(DType t) noexcept {
  switch (t) {
    case DType::f32: return int(WType::f32);
    case DType::f16: return int(WType::f16);
    case DType::bf16: return int(WType::bf16);
    case DType::q8_0: return int(WType::q8_0);
    case DType::q4_0: return int(WType::q4_0);
    case DType::q4_1: return int(WType::q4_1);
    case DType::q5_0: return int(WType::q5_0);
    case DType::q5_1: return int(WType::q5_1);
    case DType::q2_k: return int(WType::q2_k);
    case DType::q3_k: return int(WType::q3_k);
    case DType::q4_k: return int(WType::q4_k);
    case DType::q5_k: return int(WType::q5_k);
    case DType::q6_k: return int(WType::q6_k);
    default: return -1;
  }
}

bool can_convert_to_f32(DType t) noexcept { return t == DType::f8_e4m3 || wtype_index(t) >= 0; }

void to_f32(DType src_type, const void* src, float* dst, int64_t n) noexcept {
  if (src_type == DType::f8_e4m3) {
    float lut[256];
    for (int c = 0; c < 256; ++c) lut[c] = f8_e4m3_to_f32(uint8_t(c));
    auto* s = static_cast<const uint8_t*>(src);
    for (int64_t i = 0; i < n; ++i) dst[i] = lut[s[i]];
    return;
  }
  const int w = wtype_index(src_type);
  if (w < 0) {
    std::fill(dst, dst + n, 0.0f);
    return;
  }
  kernels().to_f32[w](src, dst, n);
}

void from_f32(const float* src, DType dst_type, void* dst, int64_t n) noexcept {
  switch (dst_type) {
    case DType::f32:
      std::memcpy(dst, src, size_t(n) * 4);
      break;
    case DType::f16: {
      auto* d = static_cast<uint16_t*>(dst);
      for (int64_t i = 0; i < n; ++i) d[i] = f32_to_f16(src[i]);
      break;
    }
    case DType::bf16: {
      auto* d = static_cast<uint16_t*>(dst);
      for (int64_t i = 0; i < n; ++i) d[i] = f32_to_bf16(src[i]);
      break;
    }
    default:
      break;
  }
}

void quantize_q8_0(const float* src, BlockQ8_0* dst, int64_t n) noexcept {
  for (int64_t k = 0; k < n / 32; ++k) {
    const float* x = src + k * 32;
    float amax = 0;
    for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[j]));
    float d = amax / 127.0f;
    float id = d ? 1.0f / d : 0.0f;
    dst[k].d = f32_to_f16(d);
    for (int j = 0; j < 32; ++j) dst[k].qs[j] = int8_t(std::roundf(x[j] * id));
  }
}

void quantize_q4_0(const float* src, BlockQ4_0* dst, int64_t n) noexcept {
  for (int64_t k = 0; k < n / 32; ++k) {
    const float* x = src + k * 32;
    float amax = 0, max = 0;
    for (int j = 0; j < 32; ++j)
      if (std::fabs(x[j]) > amax) {
        amax = std::fabs(x[j]);
        max = x[j];
      }
    float d = max / -8.0f;
    float id = d ? 1.0f / d : 0.0f;
    dst[k].d = f32_to_f16(d);
    for (int j = 0; j < 16; ++j) {
      int q0 = std::min(15, int(x[j] * id + 8.5f));
      int q1 = std::min(15, int(x[j + 16] * id + 8.5f));
      dst[k].qs[j] = uint8_t(q0 | (q1 << 4));
    }
  }
}

}  // namespace dsw::cpu
