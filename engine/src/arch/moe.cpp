// MoE block: route every token, group tokens per expert, run those experts, combine.
#include "arch/moe.h"

#include <utility>

namespace dsw {
namespace {

enum : size_t { kSlotRouter = kScratchUser, kSlotScores, kSlotGather, kSlotExpertOut, kSlotSum, kSlotMlp };

}  // namespace

MoeWeights load_moe(const ModelFiles& f, int64_t layer) {
  const std::string p = "model.layers." + std::to_string(layer) + ".";
  const ModelConfig& c = f.config;
  MoeWeights w;
  w.norm = load_vector_f32(f, p + "post_attention_layernorm.weight");
  w.gate = load_linear(f, p + "mlp.gate.weight", LinearRole::router, -1, false);
  if (c.topk_method == TopkMethod::noaux_tc) w.score_bias = load_vector_f32(f, p + "mlp.gate.e_score_correction_bias");
  for (int64_t e = 0; e < c.n_routed_experts; ++e)
    w.experts.push_back(load_mlp(f, layer, p + "mlp.experts." + std::to_string(e) + ".", false, LinearRole::routed_expert, e));
  if (c.n_shared_experts > 0) {
    w.shared = load_mlp(f, layer, p + "mlp.shared_experts.", false, LinearRole::shared_expert);
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
  ComputeBackend& be = ctx.backend;
  const int64_t T = ctx.T, E = p.n_experts, k = p.k;
  float* h = ctx.scratch(kScratchNorm, T * H);
  be.rmsnorm(x, H, T, H, w.norm.data(), eps, h, H);

  // Router logits in fp32, then per-token selection on the host.
  float* logits_dev = ctx.scratch(kSlotRouter, T * E);
  w.gate.forward(ctx, h, T, H, logits_dev, E);
  const float* logits = be.read_back(logits_dev, T * E);
  std::vector<float> scores(size_t(T * E));
  std::vector<int32_t> experts(size_t(T * k));
  std::vector<float> weights(size_t(T * k));
  const float* bias = w.score_bias.empty() ? nullptr : w.score_bias.data();
  for (int64_t t = 0; t < T; ++t)
    route_token(p, logits + t * E, bias, scores.data() + t * E, experts.data() + t * k, weights.data() + t * k);
  if (ctx.observer && ctx.observer->wants_routing())
    for (int64_t t = 0; t < T; ++t)
      ctx.observer->on_routing(layer, ctx.seq_ids[t], ctx.positions[t], {scores.data() + t * E, size_t(E)},
                               {experts.data() + t * k, size_t(k)}, {weights.data() + t * k, size_t(k)});

  // Tokens per expert, in token order.
  std::vector<std::vector<std::pair<int64_t, float>>> assigned(static_cast<size_t>(E));
  for (int64_t t = 0; t < T; ++t)
    for (int64_t i = 0; i < k; ++i) assigned[size_t(experts[size_t(t * k + i)])].push_back({t, weights[size_t(t * k + i)]});

  float* sum = ctx.scratch(kSlotSum, T * H);
  be.zero(sum, T * H);
  std::vector<int64_t> rows;
  std::vector<float> row_weights;
  std::vector<int32_t> row_slots;
  for (int64_t e = 0; e < E; ++e) {
    const auto& a = assigned[size_t(e)];
    if (a.empty()) continue;
    const int64_t n = int64_t(a.size());
    rows.resize(size_t(n));
    row_weights.resize(size_t(n));
    for (int64_t i = 0; i < n; ++i) rows[size_t(i)] = a[size_t(i)].first, row_weights[size_t(i)] = a[size_t(i)].second;
    if (ctx.row_slots) {
      row_slots.resize(size_t(n));
      for (int64_t i = 0; i < n; ++i) row_slots[size_t(i)] = ctx.row_slots[rows[size_t(i)]];
    }
    float* in = ctx.scratch(kSlotGather, n * H);
    be.gather_rows(h, H, rows.data(), n, H, in);
    float* out = ctx.scratch(kSlotExpertOut, n * H);
    StepContext sub = ctx.rows_subset(n, ctx.row_slots ? row_slots.data() : nullptr);
    swiglu_mlp(w.experts[size_t(e)], in, n, H, out, sub, kSlotMlp);
    be.scatter_add_rows(out, rows.data(), row_weights.data(), n, H, sum, H);
  }
  if (w.has_shared) {
    float* out = ctx.scratch(kSlotExpertOut, T * H);
    swiglu_mlp(w.shared, h, T, H, out, ctx, kSlotMlp);
    be.add(sum, out, T * H);
  }
  be.add(x, sum, T * H);
}

}  // namespace dsw
