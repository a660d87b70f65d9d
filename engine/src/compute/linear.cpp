// Linear: shape checks, views, and dispatch to the step's backend.
#include "compute/linear.h"

#include "compute/step_context.h"
#include "core/error.h"


namespace dsw {

std::string_view linear_role_name(LinearRole r) noexcept {
  switch (r) {
    case LinearRole::attention: return "attention";
    case LinearRole::mlp: return "mlp";
    case LinearRole::shared_expert: return "shared_expert";
    case LinearRole::routed_expert: return "routed_expert";
    case LinearRole::router: return "router";
    case LinearRole::output: return "output";
    case LinearRole::embedding: return "embedding";
  }
  return "?";
}

void Linear::add_adapter(LoraAdapter a) {
  if (a.a.rank() != 2 || a.b.rank() != 2 || a.a.dtype() != DType::f32 || a.b.dtype() != DType::f32)
    fail_invalid(name_ + ": LoRA A and B must be f32 matrices");
  if (a.a.dim(1) != in_features() || a.b.dim(0) != out_features() || a.b.dim(1) != a.a.dim(0))
    fail_invalid(name_ + ": LoRA shapes A " + a.a.shape().to_string() + ", B " + a.b.shape().to_string() +
                 " do not fit a weight of " + std::to_string(out_features()) + " x " + std::to_string(in_features()));
  adapters_.push_back(std::move(a));
}

void Linear::set_base(StoredWeight base) {
  if (base.rows != base_.rows || base.cols != base_.cols)
    fail_invalid(name_ + ": replacement weight is " + std::to_string(base.rows) + " x " + std::to_string(base.cols) +
                 ", expected " + std::to_string(base_.rows) + " x " + std::to_string(base_.cols));
  base_ = std::move(base);
}

Linear Linear::rows_view(int64_t begin, int64_t n) const {
  Linear v(name_, base_.rows_view(begin, n), role_, expert_);
  for (const auto& a : adapters_) v.adapters_.push_back(a.rows_view(begin, n));
  return v;
}

void Linear::observe_input(StepContext& ctx, const float* x, int64_t T, int64_t ldx) const {
  if (ctx.linear_tap && ctx.linear_tap->wants(*this)) ctx.linear_tap->on_input(*this, x, T, ldx);
}

void Linear::forward(StepContext& ctx, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy) const {
  observe_input(ctx, x, T, ldx);
  ctx.backend.linear(*this, x, T, ldx, y, ldy, ctx.row_slots);
}

void forward_shared_input(StepContext& ctx, const float* x, int64_t T, int64_t ldx, std::initializer_list<LinearOutput> outs) {
  for (const LinearOutput& o : outs) o.linear->observe_input(ctx, x, T, ldx);
  ctx.backend.linear_group(outs.begin(), int(outs.size()), x, T, ldx, ctx.row_slots);
}

void ComputeBackend::linear_group(const LinearOutput* outs, int n, const float* x, int64_t T, int64_t ldx,
                                  const int32_t* row_slots) {
  for (int i = 0; i < n; ++i) linear(*outs[i].linear, x, T, ldx, outs[i].y, outs[i].ldy, row_slots);
}

void Linear::forward_transposed(StepContext& ctx, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy) const {
  ctx.backend.linear_transposed(*this, x, T, ldx, y, ldy, ctx.row_slots);
}

void Linear::backward(StepContext& ctx, const float* x, int64_t ldx, const float* dy, int64_t T, const LinearGrads& g) const {
  if (g.dw && base_.dtype() != DType::f32) fail_invalid(name_ + ": a weight gradient needs an f32 trainable base");
  if ((!g.lora_da.empty() && g.lora_da.size() != adapters_.size()) || g.lora_da.size() != g.lora_db.size())
    fail_invalid(name_ + ": LoRA gradient buffers do not match the adapters");
  ctx.backend.linear_backward(*this, x, ldx, dy, T, g);
}

}  // namespace dsw
