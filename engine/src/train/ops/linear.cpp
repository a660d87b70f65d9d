// Trainable Linear forward/backward over the seam (see linear.h).
#include "train/ops/linear.h"

#include "cpu/gemm.h"

namespace dsw::train {

void TrainLinear::sync_bias() {
  if (!bias_param) return;
  StoredWeight w = lin.base();
  w.bias = bias_param->data;
  lin.set_base(w);
  base_only.set_base(std::move(w));
}

StepContext OpContext::step(int64_t T) const {
  static const std::vector<SeqRun> kNoRuns;
  return StepContext{backend, kNoRuns, nullptr, nullptr, T};
}

void linear_forward(OpContext& ctx, const TrainLinear& l, const float* x, int64_t T, float* y, LinearSaved* saved) {
  const int64_t N = l.out(), K = l.in();
  StepContext sc = ctx.step(T);
  if (l.rank == 0 || l.dropout <= 0 || !ctx.rng) {
    l.lin.forward(sc, x, T, K, y, N);
    return;
  }
  // Dropout on the adapter's input: base through the seam, adapter on x̃ = x·mask/(1−p) (nn.Dropout).
  l.base_only.forward(sc, x, T, K, y, N);
  LinearSaved local;
  LinearSaved& s = saved ? *saved : local;
  s.xd.resize(size_t(T * K));
  s.mask.resize(size_t(T * K));
  std::bernoulli_distribution keep(1.0 - double(l.dropout));
  const float inv = 1.0f / (1.0f - l.dropout);
  for (int64_t i = 0; i < T * K; ++i) {
    s.mask[size_t(i)] = keep(*ctx.rng) ? 1 : 0;
    s.xd[size_t(i)] = s.mask[size_t(i)] ? x[i] * inv : 0.0f;
  }
  const int64_t r = l.rank;
  std::vector<float> u(size_t(T * r));
  cpu::gemm_nt(ctx.pool, T, r, K, s.xd.data(), K, l.lora_a->data.data(), K, u.data(), r, false);
  for (auto& v : u) v *= l.scale;
  cpu::gemm_nt(ctx.pool, T, N, r, u.data(), r, l.lora_b->data.data(), r, y, N, true);
}

void linear_backward(OpContext& ctx, const TrainLinear& l, const LinearSaved& saved, const float* x, const float* dy, int64_t T,
                     float* dx, bool accumulate_dx) {
  const int64_t N = l.out(), K = l.in();
  const bool dropped = l.rank > 0 && !saved.xd.empty();
  LinearGrads g;
  g.dx = dx;
  g.lddx = K;
  g.accumulate_dx = accumulate_dx;
  if (l.full) g.dw = l.full->g(), l.full->touched = true;
  if (l.bias_param) g.db = l.bias_param->g(), l.bias_param->touched = true;
  if (l.rank > 0 && !dropped) {
    g.lora_da = {l.lora_a->g()};
    g.lora_db = {l.lora_b->g()};
    l.lora_a->touched = l.lora_b->touched = true;
  }
  StepContext sc = ctx.step(T);
  (dropped ? l.base_only : l.lin).backward(sc, x, K, dy, T, g);
  if (!dropped) return;
  // Adapter with dropout: u = x̃·Aᵀ, dB += s·dyᵀ·u, du = s·dy·B, dA += duᵀ·x̃, dx += (du·A)⊙mask/(1−p).
  const int64_t r = l.rank;
  std::vector<float> u(size_t(T * r)), du(size_t(T * r));
  cpu::gemm_nt(ctx.pool, T, r, K, saved.xd.data(), K, l.lora_a->data.data(), K, u.data(), r, false);
  for (auto& v : u) v *= l.scale;
  cpu::gemm_tn(ctx.pool, T, N, r, dy, N, u.data(), r, l.lora_b->g(), r, true);
  cpu::gemm_nn(ctx.pool, T, N, r, dy, N, l.lora_b->data.data(), r, du.data(), r, false);
  for (auto& v : du) v *= l.scale;
  cpu::gemm_tn(ctx.pool, T, r, K, du.data(), r, saved.xd.data(), K, l.lora_a->g(), K, true);
  l.lora_a->touched = l.lora_b->touched = true;
  if (!dx) return;
  std::vector<float> t(size_t(T * K));
  cpu::gemm_nn(ctx.pool, T, r, K, du.data(), r, l.lora_a->data.data(), K, t.data(), K, false);
  const float inv = 1.0f / (1.0f - l.dropout);
  for (int64_t i = 0; i < T * K; ++i)
    if (saved.mask[size_t(i)]) dx[i] += t[size_t(i)] * inv;
}

}  // namespace dsw::train
