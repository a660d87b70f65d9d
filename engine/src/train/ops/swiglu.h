// SwiGLU gate (training.md §7): h = silu(a) ⊙ b with a = gate(x), b = up(x).
//
//   backward  σ = sigmoid(a);  da = dh ⊙ b ⊙ σ·(1 + a·(1 − σ));  db = dh ⊙ a·σ
//
// Saved: a and b (the two projections); σ and silu(a) are recomputed. The forward uses the
// inference kernel (silu_mul) so its output is bit-identical.
#pragma once

#include <dsw/thread_pool.h>

#include <cstdint>

namespace dsw::train {

void swiglu_forward(ThreadPool& pool, const float* a, const float* b, float* h, int64_t n);
// da, db overwritten.
void swiglu_backward(ThreadPool& pool, const float* a, const float* b, const float* dh, float* da, float* db, int64_t n);

}  // namespace dsw::train
