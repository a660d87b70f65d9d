// Inverse rotation for RoPE's backward (see rope.h).
#include "train/ops/rope.h"

#include <cmath>

namespace dsw::train {

void rope_backward(float* x, int64_t n_heads, int64_t head_stride, int64_t offset, int32_t pos, const RopeFreqs& f,
                   bool interleaved) {
  const int64_t half = f.rot_dim / 2;
  float cs[512], sn[512];
  rope_cos_sin(f, pos, cs, sn);
  for (int64_t j = 0; j < half; ++j) sn[j] = -sn[j];  // R(−θ)
  cpu::rotate_heads(x, n_heads, head_stride, offset, half, cs, sn, interleaved);
}

}  // namespace dsw::train
