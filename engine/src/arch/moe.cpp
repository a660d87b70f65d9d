// MoE block: route every token, group tokens per expert, run those experts, combine.
#include "arch/moe.h"

#include "cpu/kernels.h"

#include <cstring>

namespace dsw {
namespace {

enum : size_t { kSlotRouter = kScratchUser, kSlotScores, kSlotGather, kSlotExpertOut, kSlotSum, kSlotMlp };

}  // namespace

MoeWeights load_moe(const ModelFiles& f, int64_t layer) {
  const std::string p = "model.layers." + std::to_string(layer) + ".";
  const ModelConfig& c = f.config;
  MoeWeights w;
  w.norm = load_vector_f32(f, p + "post_attention_layernorm.weight");
  w.gate = load_linear(f, p + "mlp.gate.weight", false);
  if (c.topk_method == TopkMethod::noaux_tc) w.score_bias = load_vector_f32(f, p + "mlp.gate.e_score_correction_bias");
  for (int64_t e = 0; e < c.n_routed_experts; ++e) w.experts.push_back(load_mlp(f, layer, p + "mlp.experts." + std::to_string(e) + ".", false));
  if (c.n_shared_experts > 0) {
    w.shared = load_mlp(f, layer, p + "mlp.shared_experts.", false);
    w.has_shared = true;
  }
  return w;
}

uint64_t moe_bytes_per_token(const MoeWeights& w, const RouterParams& p) {
  uint64_t experts = 0;
  for (auto& e : w.experts) experts += weight_bytes(e);
  uint64_t n = w.gate.bytes() + experts / uint64_t(w.experts.size()) * uint64_t(p.k);
  if (w.has_shared) n += weight_bytes(w.shared);
  return n;
}

void moe_block(int64_t layer, const MoeWeights& w, const RouterParams& p, float eps, int64_t H, float* x, StepContext& ctx) {
  const int64_t T = ctx.T, E = p.n_experts, k = p.k;
  const auto& kt = cpu::kernels();
  float* h = ctx.scratch.get(kScratchNorm, T * H);
  rmsnorm_rows(ctx.pool, x, T, H, w.norm.data(), eps, h);

  // Router logits in fp32, then per-token selection.
  float* logits = ctx.scratch.get(kSlotRouter, T * E);
  ctx.matmul.run(h, T, H, w.gate, logits, E);
  float* scores = ctx.scratch.get(kSlotScores, T * E);
  std::vector<int32_t> experts(size_t(T * k));
  std::vector<float> weights(size_t(T * k));
  const float* bias = w.score_bias.empty() ? nullptr : w.score_bias.data();
  for (int64_t t = 0; t < T; ++t)
    route_token(p, logits + t * E, bias, scores + t * E, experts.data() + t * k, weights.data() + t * k);
  if (ctx.observer && ctx.observer->wants_routing())
    for (int64_t t = 0; t < T; ++t)
      ctx.observer->on_routing(layer, ctx.seq_ids[t], ctx.positions[t], {scores + t * E, size_t(E)},
                               {experts.data() + t * k, size_t(k)}, {weights.data() + t * k, size_t(k)});

  // Tokens per expert, in token order.
  std::vector<std::vector<std::pair<int64_t, float>>> assigned(static_cast<size_t>(E));
  for (int64_t t = 0; t < T; ++t)
    for (int64_t i = 0; i < k; ++i) assigned[size_t(experts[size_t(t * k + i)])].push_back({t, weights[size_t(t * k + i)]});

  float* sum = ctx.scratch.get(kSlotSum, T * H);
  std::memset(sum, 0, size_t(T * H) * sizeof(float));
  for (int64_t e = 0; e < E; ++e) {
    const auto& rows = assigned[size_t(e)];
    if (rows.empty()) continue;
    const int64_t n = int64_t(rows.size());
    float* in = ctx.scratch.get(kSlotGather, n * H);
    for (int64_t i = 0; i < n; ++i) std::memcpy(in + i * H, h + rows[size_t(i)].first * H, size_t(H) * sizeof(float));
    float* out = ctx.scratch.get(kSlotExpertOut, n * H);
    StepContext sub{ctx.pool, ctx.matmul, ctx.attention, ctx.cache, ctx.scratch, ctx.runs, ctx.positions, ctx.seq_ids, n, nullptr};
    swiglu_mlp(w.experts[size_t(e)], in, n, H, out, sub, kSlotMlp);
    for (int64_t i = 0; i < n; ++i) kt.axpy(rows[size_t(i)].second, out + i * H, sum + rows[size_t(i)].first * H, H);
  }
  if (w.has_shared) {
    float* out = ctx.scratch.get(kSlotExpertOut, T * H);
    swiglu_mlp(w.shared, h, T, H, out, ctx, kSlotMlp);
    kt.add(sum, out, T * H);
  }
  kt.add(x, sum, T * H);
}

}  // namespace dsw
