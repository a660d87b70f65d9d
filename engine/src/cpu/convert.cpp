// Host element conversion and the ggml reference quantisers.
#include "cpu/convert.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dsw::cpu {

bool can_convert_to_f32(DType t) noexcept {
  switch (t) {
    case DType::f32:
    case DType::f16:
    case DType::bf16:
    case DType::f8_e4m3:
    case DType::q8_0:
    case DType::q4_0:
      return true;
    default:
      return false;
  }
}

void to_f32(DType src_type, const void* src, float* dst, int64_t n) noexcept {
  switch (src_type) {
    case DType::f32:
      std::memcpy(dst, src, size_t(n) * 4);
      break;
    case DType::f16: {
      auto* s = static_cast<const uint16_t*>(src);
      for (int64_t i = 0; i < n; ++i) dst[i] = f16_to_f32(s[i]);
      break;
    }
    case DType::bf16: {
      auto* s = static_cast<const uint16_t*>(src);
      for (int64_t i = 0; i < n; ++i) dst[i] = bf16_to_f32(s[i]);
      break;
    }
    case DType::f8_e4m3: {
      float lut[256];
      for (int c = 0; c < 256; ++c) lut[c] = f8_e4m3_to_f32(uint8_t(c));
      auto* s = static_cast<const uint8_t*>(src);
      for (int64_t i = 0; i < n; ++i) dst[i] = lut[s[i]];
      break;
    }
    case DType::q8_0: {
      auto* b = static_cast<const BlockQ8_0*>(src);
      for (int64_t k = 0; k < n / 32; ++k) {
        float d = f16_to_f32(b[k].d);
        for (int j = 0; j < 32; ++j) dst[k * 32 + j] = d * float(b[k].qs[j]);
      }
      break;
    }
    case DType::q4_0: {
      auto* b = static_cast<const BlockQ4_0*>(src);
      for (int64_t k = 0; k < n / 32; ++k) {
        float d = f16_to_f32(b[k].d);
        for (int j = 0; j < 16; ++j) {
          dst[k * 32 + j] = d * float((b[k].qs[j] & 0x0f) - 8);
          dst[k * 32 + j + 16] = d * float((b[k].qs[j] >> 4) - 8);
        }
      }
      break;
    }
    default:
      std::fill(dst, dst + n, 0.0f);
      break;
  }
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
