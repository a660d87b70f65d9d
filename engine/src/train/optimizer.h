// AdamW, global-norm clipping and learning-rate schedules exactly as PyTorch / transformers do them
// (training.md §11).
//
//   θ ← θ·(1 − η·λ)                                   decoupled decay (decaying tensors only)
//   m ← m + (1 − β1)·(g − m);  v ← β2·v + (1 − β2)·g²  (torch's lerp / addcmul forms)
//   θ ← θ − (η / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
//
// t counts per tensor and only advances when the tensor got a gradient in the step (torch skips a
// parameter whose .grad is None: an expert no token reached). Clipping: total = ‖(‖g_i‖₂)‖₂, then
// g ← g·min(1, max_norm/(total + 1e-6)). Schedules: transformers' LambdaLR factors, step k = 0, 1, …
#pragma once

#include "train/params.h"

#include <dsw/train.h>

#include <cstdint>
#include <vector>

namespace dsw::train {

// λ(k) for optimizer step k of `total` (lr = base · λ).
double lr_factor(const OptimizerConfig& c, int64_t k, int64_t total);

struct GradNorms {
  double total = 0;                 // global L2 norm before clipping (NaN/Inf propagate)
  std::vector<double> per_layer;    // L2 norm of each decoder layer's gradients
};

// Norms of the current gradients; layers = number of decoder layers.
GradNorms grad_norms(const ParamSet& params, int64_t layers);
// Scales every gradient by min(1, max_norm/(total + 1e-6)); max_norm <= 0 does nothing.
void clip_gradients(ParamSet& params, double total, double max_norm);

struct AdamState {
  std::vector<float> m, v;
  int64_t step = 0;
};

class AdamW {
 public:
  explicit AdamW(const OptimizerConfig& c) : c_(c) {}
  // One update of every trainable tensor that was touched, at learning rate lr × the tensor's
  // lr_scale (torch's parameter groups with their own lr: the routers' group under router_lr_scale).
  void step(ParamSet& params, double lr);
  // State per trainable tensor, in ParamSet order (checkpoints).
  std::vector<AdamState>& state() noexcept { return state_; }

 private:
  OptimizerConfig c_;
  std::vector<AdamState> state_;
};

}  // namespace dsw::train
