// RoPE backward (training.md §5). The forward is cpu::apply_rope, shared with inference.
//
//   forward   y = m·R(θ)·x          backward  dx = m·R(θ)ᵀ·dy = m·R(−θ)·dy
//
// Half layout pairs (j, j + D/2); interleaved pairs (2j, 2j+1). Nothing is saved: the angles come
// from the position and the same frequency table.
#pragma once

#include "compute/rope_freqs.h"
#include "cpu/rope.h"

#include <cstdint>

namespace dsw::train {

// In place, for n_heads heads at dy + h·head_stride + offset, at position `pos`.
void rope_backward(float* dy, int64_t n_heads, int64_t head_stride, int64_t offset, int32_t pos, const RopeFreqs& f,
                   bool interleaved);

}  // namespace dsw::train
