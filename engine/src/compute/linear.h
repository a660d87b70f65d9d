// Linear: every weight multiply of every architecture goes through this one type.
//
// A Linear holds the base weight as the checkpoint stores it (any dtype the backends compute with:
// f32, bf16, f16, FP8 block-scaled, q8_0, q4_0, ...) plus an optional list of LoRA adapters, and
// runs on the step's ComputeBackend. Architectures only call forward / forward_transposed; adding a
// stored weight type, an adapter kind or a device touches this type and the backends, never the
// architecture files. With no adapter and no tap the cost is one pointer test per multiply.
//
// Adapters: y = x·Wᵀ + b + Σ scale·(x·Aᵀ)·Bᵀ over the adapters that apply to a row. Each adapter
// belongs to a slot (an adapter set). A step may give each row a slot (serving requests for
// different adapters in one batch: the base multiply is shared, the adapter runs per row); without
// per-row slots every adapter applies to every row. An expert's Linear carries its own adapters,
// so routed experts are adapted per expert.
#pragma once

#include "compute/stored_weight.h"

#include <dsw/tensor.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

struct StepContext;

// One LoRA adapter on one Linear.
struct LoraAdapter {
  int32_t slot = 0;   // the adapter set it belongs to
  Tensor a;           // f32 [r, in]
  Tensor b;           // f32 [out, r]
  float scale = 1.0f; // alpha / r (rsLoRA: alpha / sqrt(r))
  int64_t rank() const noexcept { return a.dim(0); }
  // Rows [begin, begin + n) of the product (B's rows sliced; A shared).
  LoraAdapter rows_view(int64_t begin, int64_t n) const {
    LoraAdapter v = *this;
    v.b = b.slice(begin, begin + n);
    return v;
  }
};

// Where the gradients of one Linear go in training (training.md §3), for y = x·W_effᵀ + b with
// W_eff = W + Σ scale·B·A:
//   dx  = dy·W_eff                   (= or += ; null: not wanted)
//   dW += dyᵀ·x, db += Σ_t dy        (full fine-tuning: the base must be an f32 view of the trainable weight)
//   per adapter i: u = x·Aᵀ, dB += scale·dyᵀ·u, dA += scale·(dy·B)ᵀ·x   (null: that adapter is frozen)
struct LinearGrads {
  float* dx = nullptr;
  int64_t lddx = 0;
  bool accumulate_dx = false;
  float* dw = nullptr;                // [out, in]
  float* db = nullptr;                // [out]
  std::vector<float*> lora_da, lora_db;  // per adapter, in adapters() order: [r, in], [out, r]
};

// What a Linear is for, so taps, audits and quantizers can select by role.
enum class LinearRole : uint8_t { attention, mlp, shared_expert, routed_expert, router, output, embedding };
// "attention", "mlp", "shared_expert", ...: the role as reports and layer lists write it.
std::string_view linear_role_name(LinearRole r) noexcept;

class Linear {
 public:
  Linear() = default;
  Linear(std::string name, StoredWeight base, LinearRole role, int64_t expert = -1)
      : name_(std::move(name)), base_(std::move(base)), role_(role), expert_(expert) {}

  // HF module name without ".weight", e.g. "model.layers.3.mlp.experts.7.up_proj".
  const std::string& name() const noexcept { return name_; }
  LinearRole role() const noexcept { return role_; }
  int64_t expert() const noexcept { return expert_; }  // routed expert index, -1 otherwise
  bool defined() const noexcept { return base_.defined(); }
  int64_t in_features() const noexcept { return base_.cols; }
  int64_t out_features() const noexcept { return base_.rows; }
  DType dtype() const noexcept { return base_.dtype(); }
  uint64_t bytes() const noexcept { return base_.bytes(); }
  const StoredWeight& base() const noexcept { return base_; }
  const std::vector<LoraAdapter>& adapters() const noexcept { return adapters_; }

  // Attaches an adapter (a: [r, in], b: [out, r], f32). Throws invalid_input on a shape mismatch.
  void add_adapter(LoraAdapter adapter);
  void clear_adapters() noexcept { adapters_.clear(); }
  // Replaces the base weight (a quantized or merged version of the same shape).
  void set_base(StoredWeight base);

  // Output rows [begin, begin + n) as a Linear of their own (bias, FP8 scales, adapters' B sliced).
  Linear rows_view(int64_t begin, int64_t n) const;

  // y[T, out] = x[T, in]·Wᵀ (+ bias) (+ adapters); row strides ldx, ldy.
  void forward(StepContext& ctx, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy) const;
  // Reports rows the Linear is applied to in a form the forward does not pass through forward()
  // (MLA's absorbed kv_b) to the step's LinearTap.
  void observe_input(StepContext& ctx, const float* x, int64_t T, int64_t ldx) const;
  // y[T, in] = x[T, out]·W (+ adapters, no bias): MLA's absorbed query, and dX in training.
  void forward_transposed(StepContext& ctx, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy) const;
  // Training: the gradients of LinearGrads from dy [T, out] (row stride out) and the forward's
  // input x [T, in] (row stride ldx). Every adapter applies to every row.
  void backward(StepContext& ctx, const float* x, int64_t ldx, const float* dy, int64_t T, const LinearGrads& grads) const;

 private:
  std::string name_;
  StoredWeight base_;
  LinearRole role_ = LinearRole::attention;
  int64_t expert_ = -1;
  std::vector<LoraAdapter> adapters_;
};

// One output of forward_shared_input: y (row stride ldy) = x·linearᵀ.
struct LinearOutput {
  const Linear* linear;
  float* y;
  int64_t ldy;
};

// Linears that multiply the same x (q / k / v, gate / up), as forward() on each; the backend may
// run them as one multiply (on the CPU, one pass over the threads for their rows together).
void forward_shared_input(StepContext& ctx, const float* x, int64_t T, int64_t ldx, std::initializer_list<LinearOutput> outs);

// Observes the inputs of chosen Linears during a forward (GPTQ calibration, activation statistics).
// Called on the session's thread before the multiply, with the rows the Linear receives (for a
// routed expert: only the tokens routed to it).
class LinearTap {
 public:
  virtual ~LinearTap() = default;
  virtual bool wants(const Linear& linear) const = 0;
  virtual void on_input(const Linear& linear, const float* x, int64_t T, int64_t ldx) = 0;
};

}  // namespace dsw
