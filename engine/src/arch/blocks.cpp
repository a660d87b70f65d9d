// GQA attention and SwiGLU MLP blocks on the CPU backend.
#include "arch/blocks.h"

#include "cpu/kernels.h"

#include <cmath>
#include <cstring>

namespace dsw {

GqaParams GqaParams::from_config(const ModelConfig& c) {
  GqaParams p;
  p.dims = {c.num_attention_heads, c.num_key_value_heads, c.head_dim, c.head_dim, 1.0f / std::sqrt(float(c.head_dim))};
  p.rope = cpu::make_rope_freqs(c, c.head_dim);
  p.interleaved = c.rope_layout == RopeLayout::interleaved;
  p.eps = float(c.rms_norm_eps);
  return p;
}

GqaWeights load_gqa(const ModelFiles& f, int64_t layer) {
  const std::string p = "model.layers." + std::to_string(layer) + ".";
  GqaWeights w;
  w.norm = load_vector_f32(f, p + "input_layernorm.weight");
  w.q = load_linear(f, p + "self_attn.q_proj.weight");
  w.k = load_linear(f, p + "self_attn.k_proj.weight");
  w.v = load_linear(f, p + "self_attn.v_proj.weight");
  w.o = load_linear(f, p + "self_attn.o_proj.weight");
  return w;
}

MlpWeights load_mlp(const ModelFiles& f, int64_t layer, const std::string& prefix, bool with_norm) {
  MlpWeights w;
  if (with_norm) w.norm = load_vector_f32(f, "model.layers." + std::to_string(layer) + ".post_attention_layernorm.weight");
  w.gate = load_linear(f, prefix + "gate_proj.weight");
  w.up = load_linear(f, prefix + "up_proj.weight");
  w.down = load_linear(f, prefix + "down_proj.weight");
  return w;
}

uint64_t weight_bytes(const GqaWeights& w) { return w.q.bytes() + w.k.bytes() + w.v.bytes() + w.o.bytes(); }
uint64_t weight_bytes(const MlpWeights& w) { return w.gate.bytes() + w.up.bytes() + w.down.bytes(); }

const cpu::ProbsSink* attention_sink(int64_t layer, StepContext& ctx, cpu::ProbsSink& storage) {
  if (!ctx.observer || !ctx.observer->wants_attention(layer)) return nullptr;
  Observer* obs = ctx.observer;
  const int32_t* seq = ctx.seq_ids;
  const int32_t* pos = ctx.positions;
  storage = [obs, layer, seq, pos](int64_t head, int64_t row, const float* probs, int64_t n) {
    if (obs->wants_attention_head(layer, head)) obs->on_attention(layer, head, seq[row], pos[row], probs, n);
  };
  return &storage;
}

void gqa_attention_block(int64_t layer, const GqaWeights& w, const GqaParams& p, int64_t H, float* x, StepContext& ctx) {
  const int64_t T = ctx.T, nH = p.dims.n_heads, nKV = p.dims.n_kv_heads, d = p.dims.qk_dim;
  float* h = ctx.scratch.get(kScratchNorm, T * H);
  float* q = ctx.scratch.get(kScratchQ, T * nH * d);
  float* k = ctx.scratch.get(kScratchK, T * nKV * d);
  float* v = ctx.scratch.get(kScratchV, T * nKV * d);
  float* a = ctx.scratch.get(kScratchAttn, T * nH * d);
  float* o = ctx.scratch.get(kScratchOut, T * H);

  rmsnorm_rows(ctx.pool, x, T, H, w.norm.data(), p.eps, h);
  ctx.matmul.run(h, T, H, w.q, q, nH * d);
  ctx.matmul.run(h, T, H, w.k, k, nKV * d);
  ctx.matmul.run(h, T, H, w.v, v, nKV * d);

  // RoPE on q and k, then append k and v at each row's position.
  ctx.pool.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      const int32_t pos = ctx.positions[t], seq = ctx.seq_ids[t];
      cpu::apply_rope(q + t * nH * d, nH, d, 0, pos, p.rope, p.interleaved);
      cpu::apply_rope(k + t * nKV * d, nKV, d, 0, pos, p.rope, p.interleaved);
      for (int64_t j = 0; j < nKV; ++j) {
        std::memcpy(ctx.cache.k(layer, seq, j) + int64_t(pos) * d, k + (t * nKV + j) * d, size_t(d) * sizeof(float));
        std::memcpy(ctx.cache.v(layer, seq, j) + int64_t(pos) * d, v + (t * nKV + j) * d, size_t(d) * sizeof(float));
      }
    }
  }, 4);

  cpu::ProbsSink sink;
  ctx.attention.run(q, nH * d, ctx.runs, ctx.cache, layer, p.dims, a, nH * d, attention_sink(layer, ctx, sink));
  ctx.matmul.run(a, T, nH * d, w.o, o, H);
  cpu::kernels().add(x, o, T * H);
}

void swiglu_mlp(const MlpWeights& w, const float* h, int64_t T, int64_t H, float* out, StepContext& ctx, size_t slot) {
  const int64_t I = w.gate.rows;
  float* g = ctx.scratch.get(slot, T * I);
  float* u = ctx.scratch.get(slot + 1, T * I);
  ctx.matmul.run(h, T, H, w.gate, g, I);
  ctx.matmul.run(h, T, H, w.up, u, I);
  const auto& kt = cpu::kernels();
  ctx.pool.parallel_for(T * I, [&](int64_t i0, int64_t i1, int) { kt.silu_mul(g + i0, u + i0, i1 - i0); }, 4096);
  ctx.matmul.run(g, T, I, w.down, out, H);
}

void swiglu_mlp_block(const MlpWeights& w, float eps, int64_t H, float* x, StepContext& ctx) {
  const int64_t T = ctx.T;
  float* h = ctx.scratch.get(kScratchNorm, T * H);
  float* o = ctx.scratch.get(kScratchOut, T * H);
  rmsnorm_rows(ctx.pool, x, T, H, w.norm.data(), eps, h);
  swiglu_mlp(w, h, T, H, o, ctx, kScratchGate);
  cpu::kernels().add(x, o, T * H);
}

}  // namespace dsw
