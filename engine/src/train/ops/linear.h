// Linear with optional LoRA, forward and backward side by side (training.md §3).
//
//   forward   y = x·Wᵀ + b + s·(x̃·Aᵀ)·Bᵀ            x̃ = dropout_p(x), s = α/r (α/√r rsLoRA)
//   backward  dx = dy·W + (du·A) ⊙ mask/(1−p)      du = s·dy·B [T, r]
//             dB += s·dyᵀ·u   dA += duᵀ·x̃          u = x̃·Aᵀ [T, r] (saved)
//             dW += dyᵀ·x     db += Σ_t dy          full fine-tuning only
//
// The base weight is multiplied as stored (cpu::Matmul, the inference path, so the training
// forward gives the inference logits); for full fine-tuning it is a view of the f32 master copy.
// Saved per call: u, and x̃ with its mask when dropout is on; x itself stays with the caller (it
// is a saved activation of the block). This file is where the Linear seam's backward plugs in.
#pragma once

#include "cpu/matmul.h"
#include "cpu/weight.h"
#include "train/params.h"

#include <dsw/thread_pool.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace dsw::train {

struct Lora {
  int64_t rank = 0;
  float scale = 1;
  float dropout = 0;
  Param* a = nullptr;  // [r, in]
  Param* b = nullptr;  // [out, r]
};

struct TrainLinear {
  std::string name;          // HF module name, "model.layers.0.self_attn.q_proj"
  cpu::Weight base;          // [out, in] as stored, or a view of `full` (no bias inside)
  Param* full = nullptr;     // full fine-tuning: the f32 master weight
  std::vector<float> bias;   // frozen bias (or empty)
  Param* bias_param = nullptr;  // trainable bias (full fine-tuning)
  Lora lora;                 // rank 0: none

  int64_t in() const noexcept { return base.cols; }
  int64_t out() const noexcept { return base.rows; }
  const float* bias_data() const noexcept {
    return bias_param ? bias_param->data.data() : bias.empty() ? nullptr : bias.data();
  }
};

// What one forward call keeps for its backward.
struct LinearSaved {
  std::vector<float> u;        // [T, r]
  std::vector<float> xd;       // [T, in] dropped-out input (dropout > 0 only)
  std::vector<uint8_t> mask;   // [T, in]
  void clear() {
    u.clear(); u.shrink_to_fit();
    xd.clear(); xd.shrink_to_fit();
    mask.clear(); mask.shrink_to_fit();
  }
};

struct OpContext {
  ThreadPool& pool;
  cpu::Matmul& matmul;
  std::mt19937_64* rng = nullptr;  // dropout masks; null: dropout off (eval)
};

// y [T, out] = linear(x [T, in]); `saved` may be null when no backward follows.
void linear_forward(OpContext& ctx, const TrainLinear& l, const float* x, int64_t T, float* y, LinearSaved* saved);

// dx [T, in] (= or += by `accumulate_dx`; null skips the input gradient) and the parameter
// gradients from dy [T, out], x the forward's input.
void linear_backward(OpContext& ctx, const TrainLinear& l, const LinearSaved& saved, const float* x, const float* dy, int64_t T,
                     float* dx, bool accumulate_dx);

// dx (+)= dy·W for the base weight alone, any stored dtype.
void base_input_grad(OpContext& ctx, const cpu::Weight& w, const float* dy, int64_t T, float* dx, bool accumulate);

}  // namespace dsw::train
