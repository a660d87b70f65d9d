// RoPE rotation on the CPU: angles as rope_cos_sin makes them (HF's fp32 pos · inv_freq, or ggml's
// recurrence for GGUF files), cos/sin in fp32, times the attention factor.
#include "cpu/rope.h"

#include <cmath>

namespace dsw::cpu {

void apply_rope(float* x, int64_t n_heads, int64_t head_stride, int64_t offset, int32_t pos, const RopeFreqs& f,
                bool interleaved) {
  const int64_t half = f.rot_dim / 2;
  float cs[512], sn[512];  // rot_dim <= 1024 (checked by the caller's config limits)
  rope_cos_sin(f, pos, cs, sn);
  rotate_heads(x, n_heads, head_stride, offset, half, cs, sn, interleaved);
}

void rotate_heads(float* x, int64_t n_heads, int64_t head_stride, int64_t offset, int64_t half, const float* cs,
                  const float* sn, bool interleaved) {
  for (int64_t h = 0; h < n_heads; ++h) {
    float* v = x + h * head_stride + offset;
    if (interleaved) {
      for (int64_t j = 0; j < half; ++j) {
        const float a = v[2 * j], b = v[2 * j + 1];
        v[2 * j] = a * cs[j] - b * sn[j];
        v[2 * j + 1] = a * sn[j] + b * cs[j];
      }
    } else {
      for (int64_t j = 0; j < half; ++j) {
        const float a = v[j], b = v[j + half];
        v[j] = a * cs[j] - b * sn[j];
        v[j + half] = b * cs[j] + a * sn[j];
      }
    }
  }
}

}  // namespace dsw::cpu
