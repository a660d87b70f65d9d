// RMSNorm forward and backward (training.md §4).
//
//   forward   ρ_t = (mean_j x_tj² + eps)^-½,  n = x·ρ,  y = g ⊙ n
//   backward  dg += Σ_t dy_t ⊙ n_t,  dn = dy ⊙ g,  dx_t = ρ_t·(dn_t − n_t·mean_j(dn_tj·n_tj))
//
// Saved: x (the caller's activation) and ρ [T]; n is recomputed. The forward uses the inference
// kernels in the same order, so normalised rows are bit-identical to the inference path.
#pragma once

#include <dsw/thread_pool.h>

#include <cstdint>

namespace dsw::train {

void rmsnorm_forward(ThreadPool& pool, const float* x, int64_t T, int64_t C, const float* g, float eps, float* y, float* rho);

// dx (= or +=) from dy; dg (may be null: frozen) accumulates.
void rmsnorm_backward(ThreadPool& pool, const float* x, const float* rho, const float* g, const float* dy, int64_t T, int64_t C,
                      float* dx, bool accumulate_dx, float* dg);

}  // namespace dsw::train
