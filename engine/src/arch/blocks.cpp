// GQA attention and SwiGLU MLP blocks, written against the ComputeBackend ops and Linear.
#include "arch/blocks.h"

#include <cmath>

namespace dsw {

GqaParams GqaParams::from_config(const ModelConfig& c) {
  GqaParams p;
  p.dims = {c.num_attention_heads, c.num_key_value_heads, c.head_dim, c.head_dim, 1.0f / std::sqrt(float(c.head_dim))};
  p.rope = make_rope_freqs(c, c.head_dim);
  p.interleaved = c.rope_layout == RopeLayout::interleaved;
  p.eps = float(c.rms_norm_eps);
  return p;
}

GqaWeights load_gqa(const ModelFiles& f, int64_t layer) {
  const std::string p = "model.layers." + std::to_string(layer) + ".";
  GqaWeights w;
  w.norm = load_vector_f32(f, p + "input_layernorm.weight");
  w.q = load_linear(f, p + "self_attn.q_proj.weight", LinearRole::attention);
  w.k = load_linear(f, p + "self_attn.k_proj.weight", LinearRole::attention);
  w.v = load_linear(f, p + "self_attn.v_proj.weight", LinearRole::attention);
  w.o = load_linear(f, p + "self_attn.o_proj.weight", LinearRole::attention);
  return w;
}

MlpWeights load_mlp(const ModelFiles& f, int64_t layer, const std::string& prefix, bool with_norm, LinearRole role, int64_t expert) {
  MlpWeights w;
  if (with_norm) w.norm = load_vector_f32(f, "model.layers." + std::to_string(layer) + ".post_attention_layernorm.weight");
  w.gate = load_linear(f, prefix + "gate_proj.weight", role, expert);
  w.up = load_linear(f, prefix + "up_proj.weight", role, expert);
  w.down = load_linear(f, prefix + "down_proj.weight", role, expert);
  return w;
}

uint64_t weight_bytes(const GqaWeights& w) { return w.q.bytes() + w.k.bytes() + w.v.bytes() + w.o.bytes(); }
uint64_t weight_bytes(const MlpWeights& w) { return w.gate.bytes() + w.up.bytes() + w.down.bytes(); }

const ProbsSink* attention_sink(int64_t layer, StepContext& ctx, ProbsSink& storage) {
  if (!ctx.observer || !ctx.observer->wants_attention(layer)) return nullptr;
  Observer* obs = ctx.observer;
  const int32_t* seq = ctx.seq_ids;
  const int32_t* pos = ctx.positions;
  storage.want_logits = obs->wants_attention_logits(layer);
  storage.want_split = obs->wants_attention_split(layer);
  storage.fn = [obs, layer, seq, pos](const AttentionRow& r) {
    if (!obs->wants_attention_head(layer, r.head)) return;
    AttentionRowView v;
    v.layer = layer;
    v.head = r.head;
    v.seq = seq[r.batch_row];
    v.position = pos[r.batch_row];
    v.n_keys = r.n_keys;
    v.probs = r.probs;
    v.max_logit = r.max_logit;
    v.log_sum_exp = r.log_sum_exp;
    v.logits = r.logits;
    v.position_logits = r.position;
    obs->on_attention_row(v);
  };
  return &storage;
}

void gqa_attention_block(int64_t layer, const GqaWeights& w, const GqaParams& p, int64_t H, float* x, StepContext& ctx) {
  ComputeBackend& be = ctx.backend;
  const int64_t T = ctx.T, nH = p.dims.n_heads, nKV = p.dims.n_kv_heads, d = p.dims.qk_dim;
  float* h = ctx.scratch(kScratchNorm, T * H);
  float* q = ctx.scratch(kScratchQ, T * nH * d);
  float* k = ctx.scratch(kScratchK, T * nKV * d);
  float* v = ctx.scratch(kScratchV, T * nKV * d);
  float* a = ctx.scratch(kScratchAttn, T * nH * d);
  float* o = ctx.scratch(kScratchOut, T * H);

  be.rmsnorm(x, H, T, H, w.norm.data(), p.eps, h, H);
  forward_shared_input(ctx, h, T, H, {{&w.q, q, nH * d}, {&w.k, k, nKV * d}, {&w.v, v, nKV * d}});

  // RoPE on q and k, then append k and v at each row's position.
  be.rope(q, nH * d, T, nH, d, 0, ctx.positions, p.rope, p.interleaved);
  be.rope(k, nKV * d, T, nKV, d, 0, ctx.positions, p.rope, p.interleaved);
  be.kv_store(layer, k, nKV * d, v, nKV * d, T, ctx.seq_ids, ctx.positions);

  ProbsSink sink;
  be.attention(q, nH * d, ctx.runs, layer, p.dims, a, nH * d, attention_sink(layer, ctx, sink));
  w.o.forward(ctx, a, T, nH * d, o, H);
  be.add(x, o, T * H);
}

void swiglu_mlp(const MlpWeights& w, const float* h, int64_t T, int64_t H, float* out, StepContext& ctx, size_t slot) {
  const int64_t I = w.gate.out_features();
  float* g = ctx.scratch(slot, T * I);
  float* u = ctx.scratch(slot + 1, T * I);
  forward_shared_input(ctx, h, T, H, {{&w.gate, g, I}, {&w.up, u, I}});
  ctx.backend.silu_mul(g, u, T * I);
  w.down.forward(ctx, g, T, I, out, H);
}

void swiglu_mlp_block(const MlpWeights& w, float eps, int64_t H, float* x, StepContext& ctx) {
  const int64_t T = ctx.T;
  float* h = ctx.scratch(kScratchNorm, T * H);
  float* o = ctx.scratch(kScratchOut, T * H);
  ctx.backend.rmsnorm(x, H, T, H, w.norm.data(), eps, h, H);
  swiglu_mlp(w, h, T, H, o, ctx, kScratchGate);
  ctx.backend.add(x, o, T * H);
}

}  // namespace dsw
