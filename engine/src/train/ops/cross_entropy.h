// Output head + cross-entropy over the vocabulary, forward and backward fused per chunk of rows
// (training.md §2, §10).
//
//   z = h·W_lmᵀ [R, V];  ℓ_r = lse(z_r) − z_r[y_r];  loss = c·Σ_r ℓ_r
//   dz = (softmax(z) − onehot(y))·c;  dh = dz·W_lm;  dW_lm += dzᵀ·h (full fine-tuning)
//
// Only rows that have a target come here (the caller gathers them after the label shift), and the
// [R, V] logits exist one chunk at a time, so memory stays at chunk·V floats for any vocabulary.
// c = 1/N with N the targets of the whole optimizer step (gradient accumulation normalised by
// the total target count, §1.2).
#pragma once

#include "train/ops/linear.h"

#include <cstdint>

namespace dsw::train {

// Returns Σ_r ℓ_r (unscaled, double). When dh is not null, writes dh [R, H] and accumulates the
// head's parameter gradients, scaled by c.
double cross_entropy_head(OpContext& ctx, const TrainLinear& head, const float* h, const int32_t* labels, int64_t R, double c,
                          float* dh);

}  // namespace dsw::train
