// Feed-forward sub-blocks for training: SwiGLU MLP and the DeepSeekMoE layer (training.md §7, §8).
#include "train/blocks.h"

#include "cpu/kernels.h"
#include "train/ops/rmsnorm.h"
#include "train/ops/swiglu.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dsw::train {
namespace {

void resize(Vec& v, int64_t n) { v.resize(size_t(n)); }
void resize(Buf& v, int64_t n) { v.resize(size_t(n)); }

// out [n, H] = down(silu(gate(h)) ⊙ up(h)).
void mlp_forward(OpContext& ctx, const TrainMlp& w, const float* h, int64_t n, float* out, MlpActs& a) {
  const int64_t I = w.gate.out();
  resize(a.a, n * I), resize(a.b, n * I), resize(a.m, n * I);
  linear_forward(ctx, w.gate, h, n, a.a.data(), &a.gate);
  linear_forward(ctx, w.up, h, n, a.b.data(), &a.up);
  swiglu_forward(ctx.pool, a.a.data(), a.b.data(), a.m.data(), n * I);
  linear_forward(ctx, w.down, a.m.data(), n, out, &a.down);
}

// dh (= or +=) from dout.
void mlp_backward(OpContext& ctx, const TrainMlp& w, const MlpActs& a, const float* h, const float* dout, int64_t n, float* dh,
                  bool accumulate) {
  const int64_t I = w.gate.out();
  Buf dm(size_t(n * I)), da(size_t(n * I)), db(size_t(n * I));  // each written in full below
  linear_backward(ctx, w.down, a.down, a.m.data(), dout, n, dm.data(), false);
  swiglu_backward(ctx.pool, a.a.data(), a.b.data(), dm.data(), da.data(), db.data(), n * I);
  linear_backward(ctx, w.gate, a.gate, h, da.data(), n, dh, accumulate);
  linear_backward(ctx, w.up, a.up, h, db.data(), n, dh, true);
}

struct Combine {
  float factor = 1.0f;    // routed_scaling_factor where it applies
  bool normalised = false;
};

// How each router turns selected scores into combine weights (mirrors route_token).
Combine combine_rule(const RouterParams& p) {
  switch (p.arch) {
    case Architecture::deepseek_v3: return {p.routed_scaling_factor, p.norm_topk_prob};
    case Architecture::deepseek_v2:
      if (p.k > 1 && p.norm_topk_prob) return {1.0f, true};
      return {p.routed_scaling_factor, false};
    default: return {1.0f, p.k > 1 && p.norm_topk_prob};
  }
}

void moe_forward(OpContext& ctx, const BlockParams& p, const TrainMoe& w, const float* h, float* out, MoeActs& a) {
  const int64_t T = p.B * p.S, H = p.H, E = p.router.n_experts, K = p.router.k;
  resize(a.z, T * E), resize(a.scores, T * E);
  linear_forward(ctx, w.router, h, T, a.z.data(), &a.router);
  // Router noise: drawn once per micro-batch (a recompute under checkpointing adds the same draw).
  // It moves the selection and the weights; dz is taken at the noisy logits, as autograd would.
  if (p.router_noise > 0 && ctx.rng) {
    if (!a.routed) {
      resize(a.noise, T * E);
      std::normal_distribution<float> n(0.0f, p.router_noise);
      for (auto& v : a.noise) v = n(*ctx.rng);
    }
    cpu::kernels().add(a.z.data(), a.noise.data(), T * E);
  }
  const float* bias = w.score_bias.empty() ? nullptr : w.score_bias.data();
  if (!a.routed) {
    a.idx.resize(size_t(T * K));
    resize(a.w, T * K);
    for (int64_t t = 0; t < T; ++t)
      route_token(p.router, a.z.data() + t * E, bias, a.scores.data() + t * E, a.idx.data() + t * K, a.w.data() + t * K);
    a.routed = true;
  } else {  // recompute under checkpointing: scores again, selection and weights as stored
    std::vector<int32_t> idx(static_cast<size_t>(K));
    std::vector<float> wt(static_cast<size_t>(K));
    for (int64_t t = 0; t < T; ++t) route_token(p.router, a.z.data() + t * E, bias, a.scores.data() + t * E, idx.data(), wt.data());
  }
  a.rows.assign(size_t(E), {});
  for (int64_t i = 0; i < T * K; ++i) a.rows[size_t(a.idx[size_t(i)])].push_back(i);
  a.x.assign(size_t(E), {});
  a.y.assign(size_t(E), {});
  a.experts.assign(size_t(E), {});
  const auto& kt = cpu::kernels();
  std::memset(out, 0, size_t(T * H) * sizeof(float));
  for (int64_t e = 0; e < E; ++e) {
    const auto& rows = a.rows[size_t(e)];
    if (rows.empty()) continue;
    const int64_t n = int64_t(rows.size());
    Vec& x = a.x[size_t(e)];
    Vec& y = a.y[size_t(e)];
    resize(x, n * H), resize(y, n * H);
    for (int64_t i = 0; i < n; ++i) std::memcpy(x.data() + i * H, h + rows[size_t(i)] / K * H, size_t(H) * sizeof(float));
    mlp_forward(ctx, w.experts[size_t(e)], x.data(), n, y.data(), a.experts[size_t(e)]);
    for (int64_t i = 0; i < n; ++i) kt.axpy(a.w[size_t(rows[size_t(i)])], y.data() + i * H, out + rows[size_t(i)] / K * H, H);
  }
  if (w.has_shared) {
    Vec s(size_t(T * H));
    mlp_forward(ctx, w.shared, h, T, s.data(), a.shared);
    kt.add(out, s.data(), T * H);
  }
  // DeepSeekMoE balance loss (softmax routers; training.md §8.4): reported, its gradient added in backward.
  a.aux_loss = 0;
  if (p.aux_alpha > 0 && p.router.scoring == ScoringFunc::softmax) {
    const int64_t groups = p.seq_aux ? p.B : 1, per = T / groups;
    for (int64_t b = 0; b < groups; ++b) {
      std::vector<double> count(size_t(E), 0.0), mean_p(size_t(E), 0.0);
      for (int64_t t = b * per; t < (b + 1) * per; ++t) {
        for (int64_t k = 0; k < K; ++k) count[size_t(a.idx[size_t(t * K + k)])] += 1;
        for (int64_t e = 0; e < E; ++e) mean_p[size_t(e)] += a.scores[size_t(t * E + e)] / double(per);
      }
      double s = 0;
      for (int64_t e = 0; e < E; ++e) s += count[size_t(e)] * double(E) / (double(per) * double(K)) * mean_p[size_t(e)];
      a.aux_loss += p.aux_alpha * s / double(groups);
    }
  }
}

void moe_backward(OpContext& ctx, const BlockParams& p, const TrainMoe& w, const MoeActs& a, const float* h, const float* g,
                  float* dh) {
  const int64_t T = p.B * p.S, H = p.H, E = p.router.n_experts, K = p.router.k;
  const auto& kt = cpu::kernels();
  if (w.has_shared) mlp_backward(ctx, w.shared, a.shared, h, g, T, dh, false);
  else std::memset(dh, 0, size_t(T * H) * sizeof(float));

  Vec dw(size_t(T * K), 0.0f);
  for (int64_t e = 0; e < E; ++e) {
    const auto& rows = a.rows[size_t(e)];
    if (rows.empty()) continue;
    const int64_t n = int64_t(rows.size());
    const Vec& y = a.y[size_t(e)];
    Vec dy(size_t(n * H)), dx(size_t(n * H));
    for (int64_t i = 0; i < n; ++i) {
      const int64_t as = rows[size_t(i)], t = as / K;
      const float* gt = g + t * H;
      dw[size_t(as)] = kt.dot_f32(gt, y.data() + i * H, H);
      const float wt = a.w[size_t(as)];
      for (int64_t j = 0; j < H; ++j) dy[size_t(i * H + j)] = wt * gt[j];
    }
    mlp_backward(ctx, w.experts[size_t(e)], a.experts[size_t(e)], a.x[size_t(e)].data(), dy.data(), n, dx.data(), false);
    for (int64_t i = 0; i < n; ++i) kt.add(dh + rows[size_t(i)] / K * H, dx.data() + i * H, H);
  }

  // Router: combine weights -> selected scores -> logits. No gradient through the selection.
  const Combine rule = combine_rule(p.router);
  Vec dz(size_t(T * E), 0.0f);
  const int64_t groups = p.seq_aux ? p.B : 1, per = T / groups;
  std::vector<double> aux_coef;  // α·ce_{b,i}/(B·S) or α·f_i/(B·S), per group and expert
  if (p.aux_alpha > 0 && p.router.scoring == ScoringFunc::softmax) {
    aux_coef.assign(size_t(groups * E), 0.0);
    for (int64_t b = 0; b < groups; ++b) {
      for (int64_t t = b * per; t < (b + 1) * per; ++t)
        for (int64_t k = 0; k < K; ++k) aux_coef[size_t(b * E + a.idx[size_t(t * K + k)])] += 1;
      for (int64_t e = 0; e < E; ++e)
        aux_coef[size_t(b * E + e)] *= p.aux_alpha * double(E) / (double(per) * double(K)) / (double(per) * double(groups));
    }
  }
  for (int64_t t = 0; t < T; ++t) {
    const float* pr = a.scores.data() + t * E;
    const int32_t* idx = a.idx.data() + t * K;
    const float* dwt = dw.data() + t * K;
    std::vector<double> dp(size_t(E), 0.0);
    if (rule.normalised) {
      double S = 1e-20, dot = 0;
      for (int64_t k = 0; k < K; ++k) S += pr[idx[k]];
      for (int64_t k = 0; k < K; ++k) dot += double(dwt[k]) * pr[idx[k]];
      for (int64_t k = 0; k < K; ++k) dp[size_t(idx[k])] = double(rule.factor) / S * (double(dwt[k]) - dot / S);
    } else {
      for (int64_t k = 0; k < K; ++k) dp[size_t(idx[k])] = double(rule.factor) * dwt[k];
    }
    if (!aux_coef.empty())
      for (int64_t e = 0; e < E; ++e) dp[size_t(e)] += aux_coef[size_t((t / per) * E + e)];
    float* dzt = dz.data() + t * E;
    if (p.router.scoring == ScoringFunc::softmax) {
      double dot = 0;
      for (int64_t e = 0; e < E; ++e) dot += dp[size_t(e)] * pr[e];
      for (int64_t e = 0; e < E; ++e) dzt[e] = float(pr[e] * (dp[size_t(e)] - dot));
    } else {
      for (int64_t e = 0; e < E; ++e) dzt[e] = float(dp[size_t(e)] * pr[e] * (1.0 - pr[e]));
    }
  }
  // dx += dz·G even when the router is frozen (training.md §8.2 step 5).
  linear_backward(ctx, w.router, a.router, h, dz.data(), T, dh, true);
}

}  // namespace

void ffn_block_forward(OpContext& ctx, const BlockParams& p, const TrainLayer& w, LayerActs& a, float* x_out) {
  const int64_t T = p.B * p.S, H = p.H;
  resize(a.h2, T * H), resize(a.rho2, T);
  rmsnorm_forward(ctx.pool, a.x_mid.data(), T, H, w.post_norm->data.data(), p.eps, a.h2.data(), a.rho2.data());
  Buf out(size_t(T * H));  // the dense MLP writes it in full; the MoE adds its experts into it
  if (w.moe) std::fill(out.begin(), out.end(), 0.0f);
  if (w.moe) moe_forward(ctx, p, w.moe_w, a.h2.data(), out.data(), a.moe);
  else mlp_forward(ctx, w.mlp, a.h2.data(), T, out.data(), a.mlp);
  std::memcpy(x_out, a.x_mid.data(), size_t(T * H) * sizeof(float));
  cpu::kernels().add(x_out, out.data(), T * H);
}

void ffn_block_backward(OpContext& ctx, const BlockParams& p, const TrainLayer& w, LayerActs& a, const float* dx_out,
                        float* dx_mid) {
  const int64_t T = p.B * p.S, H = p.H;
  Buf dh(size_t(T * H));
  if (w.moe) std::fill(dh.begin(), dh.end(), 0.0f);
  if (w.moe) moe_backward(ctx, p, w.moe_w, a.moe, a.h2.data(), dx_out, dh.data());
  else mlp_backward(ctx, w.mlp, a.mlp, a.h2.data(), dx_out, T, dh.data(), false);
  std::memcpy(dx_mid, dx_out, size_t(T * H) * sizeof(float));
  const bool norm_trains = w.post_norm->trainable;
  rmsnorm_backward(ctx.pool, a.x_mid.data(), a.rho2.data(), w.post_norm->data.data(), dh.data(), T, H, dx_mid, true,
                   norm_trains ? w.post_norm->g() : nullptr);
  if (norm_trains) w.post_norm->touched = true;
}

std::vector<PlanRow> activation_plan(const ModelConfig& c, int64_t layer, int64_t B, int64_t S, int64_t r, int64_t lora_linears) {
  const int64_t T = B * S, H = c.hidden_size;
  std::vector<PlanRow> rows;
  rows.push_back({"x_in, x_mid, h1, h2", 4 * T * H});
  rows.push_back({"rho1, rho2", 2 * T});
  const int64_t nH = c.num_attention_heads;
  if (c.arch == Architecture::deepseek_v2 || c.arch == Architecture::deepseek_v3) {
    const int64_t qd = c.qk_nope_head_dim + c.qk_rope_head_dim;
    rows.push_back({"MLA c_q, ĉ_q", 2 * T * c.q_lora_rank});
    rows.push_back({"MLA c_kv, ĉ_kv", 2 * T * c.kv_lora_rank});
    rows.push_back({"MLA Q, K", 2 * T * nH * qd});
    rows.push_back({"MLA V, o", 2 * T * nH * c.v_head_dim});
    rows.push_back({"MLA lse", B * nH * S});
  } else {
    const int64_t d = c.head_dim, nKV = c.num_key_value_heads;
    rows.push_back({"q, o", 2 * T * nH * d});
    rows.push_back({"k, v", 2 * T * nKV * d});
    rows.push_back({"lse", B * nH * S});
  }
  if (c.is_moe_layer(layer)) {
    const int64_t E = c.n_routed_experts, K = c.num_experts_per_tok, Ie = c.moe_intermediate_size;
    rows.push_back({"router z, p", 2 * T * E});
    rows.push_back({"routing idx, w", 2 * T * K});
    rows.push_back({"experts X, y", 2 * T * K * H});
    rows.push_back({"experts a, b, m", 3 * T * K * Ie});
    if (c.n_shared_experts > 0) rows.push_back({"shared a, b, m", 3 * T * c.n_shared_experts * Ie});
  } else {
    rows.push_back({"mlp a, b, m", 3 * T * c.intermediate_size});
  }
  if (r > 0 && lora_linears > 0) rows.push_back({"LoRA u", T * r * lora_linears});
  return rows;
}

}  // namespace dsw::train
