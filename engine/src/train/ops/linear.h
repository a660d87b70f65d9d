// A trainable Linear: the seam's Linear (compute/linear.h) plus the parameters that train in it.
//
//   forward   y = x·Wᵀ + b + s·(x̃·Aᵀ)·Bᵀ            x̃ = dropout_p(x), s = α/r (α/√r rsLoRA)
//   backward  dx = dy·W + (du·A) ⊙ mask/(1−p)      du = s·dy·B [T, r]
//             dB += s·dyᵀ·u   dA += duᵀ·x̃          u = x̃·Aᵀ [T, r]
//             dW += dyᵀ·x     db += Σ_t dy          full fine-tuning only
// (training.md §3). Without dropout both directions go through the seam: Linear::forward (the
// inference path, so the training forward gives the inference logits) and Linear::backward on the
// step's ComputeBackend (dx = dy·W_eff via the transposed multiply, then dW, db, dA, dB); a CUDA
// backend trains by implementing linear_backward. The LoRA pair is a LoraAdapter whose A and B are
// views of the trainable parameters, so an optimizer update is seen by the next forward. With
// dropout the base goes through the seam and the adapter path is computed here on x̃.
#pragma once

#include "compute/linear.h"
#include "compute/step_context.h"
#include "train/params.h"

#include <dsw/thread_pool.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace dsw::train {

struct TrainLinear {
  Linear lin;                   // base (+ adapter): what forward and backward run
  Linear base_only;             // the same base without the adapter (dropout path)
  Param* full = nullptr;        // full fine-tuning: the f32 master weight `lin` views
  Param* bias_param = nullptr;  // full fine-tuning: trainable bias (copied into lin by sync_bias)
  Param* lora_a = nullptr;      // [r, in]
  Param* lora_b = nullptr;      // [out, r]
  int64_t rank = 0;
  float scale = 1.0f;
  float dropout = 0.0f;

  int64_t in() const noexcept { return lin.in_features(); }
  int64_t out() const noexcept { return lin.out_features(); }
  const std::string& name() const noexcept { return lin.name(); }
  // After an optimizer step: the trainable bias into the Linear's stored weight.
  void sync_bias();
};

// What one forward keeps for its backward when dropout is on: x̃ and its mask.
struct LinearSaved {
  std::vector<float> xd;       // [T, in]
  std::vector<uint8_t> mask;   // [T, in]
};

struct OpContext {
  ComputeBackend& backend;
  ThreadPool& pool;
  std::mt19937_64* rng = nullptr;  // dropout masks; null: dropout off (evaluation)
  StepContext step(int64_t T) const;
};

// y [T, out] = linear(x [T, in]); `saved` may be null when no backward follows.
void linear_forward(OpContext& ctx, const TrainLinear& l, const float* x, int64_t T, float* y, LinearSaved* saved);

// dx [T, in] (= or += by `accumulate_dx`; null skips the input gradient) and the parameter
// gradients from dy [T, out], x the forward's input.
void linear_backward(OpContext& ctx, const TrainLinear& l, const LinearSaved& saved, const float* x, const float* dy, int64_t T,
                     float* dx, bool accumulate_dx);

}  // namespace dsw::train
