// MLA: projections, latent cache, absorbed attention, per-head value decompression.
#include "arch/mla.h"

#include <cmath>

namespace dsw {
namespace {

enum : size_t { kSlotCq = kScratchUser + 10, kSlotQ, kSlotKva, kSlotQAbs, kSlotLatOut, kSlotHeads };

// The q_a / kv_a RMSNorms use HF's class default eps (1e-6), not config.rms_norm_eps.
constexpr float kInnerNormEps = 1e-6f;

}  // namespace

MlaParams MlaParams::from_config(const ModelConfig& c) {
  MlaParams p;
  p.n_heads = c.num_attention_heads;
  p.q_lora_rank = c.q_lora_rank;
  p.kv_lora_rank = c.kv_lora_rank;
  p.nope = c.qk_nope_head_dim;
  p.rope = c.qk_rope_head_dim;
  p.v = c.v_head_dim;
  p.eps = float(c.rms_norm_eps);
  double scale = std::pow(double(p.nope + p.rope), -0.5);
  const auto& s = c.rope_scaling;
  if (s.type == RopeScalingType::yarn && s.mscale_all_dim > 0 && c.mla_softmax_mscale) {
    const double m = yarn_get_mscale(s.factor, s.mscale_all_dim);
    scale = scale * m * m;
  }
  p.scale = float(scale);
  p.freqs = make_rope_freqs(c, p.rope);
  return p;
}

MlaWeights load_mla(const ModelFiles& f, int64_t layer) {
  const ModelConfig& c = f.config;
  const std::string p = "model.layers." + std::to_string(layer) + ".";
  const std::string a = p + "self_attn.";
  MlaWeights w;
  w.norm = load_vector_f32(f, p + "input_layernorm.weight");
  if (c.q_lora_rank > 0) {
    w.q_a = load_linear(f, a + "q_a_proj.weight", LinearRole::attention);
    w.q_a_norm = load_vector_f32(f, a + "q_a_layernorm.weight");
    w.q_b = load_linear(f, a + "q_b_proj.weight", LinearRole::attention);
  } else {
    w.q = load_linear(f, a + "q_proj.weight", LinearRole::attention);
  }
  w.kv_a = load_linear(f, a + "kv_a_proj_with_mqa.weight", LinearRole::attention);
  w.kv_a_norm = load_vector_f32(f, a + "kv_a_layernorm.weight");
  w.kv_b = load_linear(f, a + "kv_b_proj.weight", LinearRole::attention, -1, false);
  w.split_kv_b(c.num_attention_heads, c.qk_nope_head_dim, c.v_head_dim);
  w.o = load_linear(f, a + "o_proj.weight", LinearRole::attention);
  return w;
}

void MlaWeights::split_kv_b(int64_t n_heads, int64_t nope, int64_t v) {
  uk.clear();
  uv.clear();
  const int64_t per = nope + v;
  for (int64_t h = 0; h < n_heads; ++h) {
    uk.push_back(kv_b.rows_view(h * per, nope));
    uv.push_back(kv_b.rows_view(h * per + nope, v));
  }
}

uint64_t mla_bytes_per_token(const MlaWeights& w) {
  return w.q.bytes() + w.q_a.bytes() + w.q_b.bytes() + w.kv_a.bytes() + w.kv_b.bytes() + w.o.bytes();
}

void mla_attention_block(int64_t layer, const MlaWeights& w, const MlaParams& p, int64_t H, float* x, StepContext& ctx) {
  ComputeBackend& be = ctx.backend;
  const int64_t T = ctx.T, nH = p.n_heads, L = p.kv_lora_rank, R = p.rope, Dn = p.nope, Dv = p.v;
  const int64_t qd = Dn + R, kd = L + R;  // per-head q width; latent cache row width

  float* h = ctx.scratch(kScratchNorm, T * H);
  be.rmsnorm(x, H, T, H, w.norm.data(), p.eps, h, H);

  // Queries [T, nH, nope + rope].
  float* q = ctx.scratch(kSlotQ, T * nH * qd);
  if (p.q_lora_rank > 0) {
    float* cq = ctx.scratch(kSlotCq, T * p.q_lora_rank);
    w.q_a.forward(ctx, h, T, H, cq, p.q_lora_rank);
    be.rmsnorm(cq, p.q_lora_rank, T, p.q_lora_rank, w.q_a_norm.data(), kInnerNormEps, cq, p.q_lora_rank);
    w.q_b.forward(ctx, cq, T, p.q_lora_rank, q, nH * qd);
  } else {
    w.q.forward(ctx, h, T, H, q, nH * qd);
  }

  // Latent KV: [c_kv (L) | k_rope (R)] per token; normalise c_kv, rotate k_rope, append to cache.
  float* kva = ctx.scratch(kSlotKva, T * kd);
  w.kv_a.forward(ctx, h, T, H, kva, kd);
  be.rmsnorm(kva, kd, T, L, w.kv_a_norm.data(), kInnerNormEps, kva, kd);
  w.kv_b.observe_input(ctx, kva, T, kd);  // kv_b's input, which the absorbed form never multiplies
  be.rope(kva, kd, T, 1, kd, L, ctx.positions, p.freqs, true);
  be.rope(q, nH * qd, T, nH, qd, Dn, ctx.positions, p.freqs, true);
  be.kv_store(layer, kva, kd, nullptr, 0, T, ctx.seq_ids, ctx.positions);

  // Absorbed queries [T, nH, L + R]: q̃_h = q_nope,h · W_UK,h (x·W, W = [nope, L]), then q_rope,h.
  float* qa = ctx.scratch(kSlotQAbs, T * nH * kd);
  be.linear_per_head(w.uk, true, q, nH * qd, qd, T, qa, nH * kd, kd, ctx.row_slots);
  for (int64_t hh = 0; hh < nH; ++hh) be.copy_rows(q + hh * qd + Dn, nH * qd, T, R, qa + hh * kd + L, nH * kd);

  // Attention in the latent space: one shared "KV head"; values are the c_kv part of each row.
  AttentionDims dims{nH, 1, kd, L, p.scale, true};
  ProbsSink sink;
  float* lat = ctx.scratch(kSlotLatOut, T * nH * L);
  be.attention(qa, nH * kd, ctx.runs, layer, dims, lat, nH * L, attention_sink(layer, ctx, sink));

  // Per-head values: o_h = latent_h · W_UV,hᵀ  ->  [T, nH * v].
  float* heads = ctx.scratch(kSlotHeads, T * nH * Dv);
  be.linear_per_head(w.uv, false, lat, nH * L, L, T, heads, nH * Dv, Dv, ctx.row_slots);
  float* o = ctx.scratch(kScratchOut, T * H);
  w.o.forward(ctx, heads, T, nH * Dv, o, H);
  be.add(x, o, T * H);
}

}  // namespace dsw
