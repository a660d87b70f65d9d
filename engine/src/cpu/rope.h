// RoPE rotation on the CPU in both pairings (architectures.md §0.5, §4.3).
#pragma once

#include "compute/rope_freqs.h"

#include <cstdint>

namespace dsw::cpu {

// Rotates, for each of n_heads heads at x + h * head_stride + offset, the rot_dim dims at
// position `pos`. interleaved: pairs (2j, 2j+1); otherwise half layout pairs (j, j + rot_dim/2).
void apply_rope(float* x, int64_t n_heads, int64_t head_stride, int64_t offset, int32_t pos, const RopeFreqs& f,
                bool interleaved);

// The rotation itself with the given cos/sin of the rot_dim/2 angles (apply_rope's, or the negated
// angles of the training backward).
void rotate_heads(float* x, int64_t n_heads, int64_t head_stride, int64_t offset, int64_t half, const float* cs,
                  const float* sn, bool interleaved);

}  // namespace dsw::cpu
