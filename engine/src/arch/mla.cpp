// MLA: projections, latent cache, absorbed attention, per-head value decompression.
#include "arch/mla.h"

#include "cpu/kernels.h"

#include "cpu/blas.h"

#include <cmath>
#include <cstring>

namespace dsw {
namespace {

enum : size_t { kSlotCq = kScratchUser + 10, kSlotQ, kSlotKva, kSlotQAbs, kSlotLatOut, kSlotHeads, kSlotWf };

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
    const double m = cpu::yarn_get_mscale(s.factor, s.mscale_all_dim);
    scale = scale * m * m;
  }
  p.scale = float(scale);
  p.freqs = cpu::make_rope_freqs(c, p.rope);
  return p;
}

MlaWeights load_mla(const ModelFiles& f, int64_t layer) {
  const ModelConfig& c = f.config;
  const std::string p = "model.layers." + std::to_string(layer) + ".";
  const std::string a = p + "self_attn.";
  MlaWeights w;
  w.norm = load_vector_f32(f, p + "input_layernorm.weight");
  if (c.q_lora_rank > 0) {
    w.q_a = load_linear(f, a + "q_a_proj.weight");
    w.q_a_norm = load_vector_f32(f, a + "q_a_layernorm.weight");
    w.q_b = load_linear(f, a + "q_b_proj.weight");
  } else {
    w.q = load_linear(f, a + "q_proj.weight");
  }
  w.kv_a = load_linear(f, a + "kv_a_proj_with_mqa.weight");
  w.kv_a_norm = load_vector_f32(f, a + "kv_a_layernorm.weight");
  w.kv_b = load_linear(f, a + "kv_b_proj.weight", false);
  const int64_t per = c.qk_nope_head_dim + c.v_head_dim;
  for (int64_t h = 0; h < c.num_attention_heads; ++h) {
    w.uk.push_back(w.kv_b.rows_view(h * per, c.qk_nope_head_dim));
    w.uv.push_back(w.kv_b.rows_view(h * per + c.qk_nope_head_dim, c.v_head_dim));
  }
  w.o = load_linear(f, a + "o_proj.weight");
  return w;
}

uint64_t mla_bytes_per_token(const MlaWeights& w) {
  return w.q.bytes() + w.q_a.bytes() + w.q_b.bytes() + w.kv_a.bytes() + w.kv_b.bytes() + w.o.bytes();
}

void mla_attention_block(int64_t layer, const MlaWeights& w, const MlaParams& p, int64_t H, float* x, StepContext& ctx) {
  const int64_t T = ctx.T, nH = p.n_heads, L = p.kv_lora_rank, R = p.rope, Dn = p.nope, Dv = p.v;
  const int64_t qd = Dn + R, kd = L + R;  // per-head q width; latent cache row width
  const auto& kt = cpu::kernels();

  float* h = ctx.scratch.get(kScratchNorm, T * H);
  rmsnorm_rows(ctx.pool, x, T, H, w.norm.data(), p.eps, h);

  // Queries [T, nH, nope + rope].
  float* q = ctx.scratch.get(kSlotQ, T * nH * qd);
  if (p.q_lora_rank > 0) {
    float* cq = ctx.scratch.get(kSlotCq, T * p.q_lora_rank);
    ctx.matmul.run(h, T, H, w.q_a, cq, p.q_lora_rank);
    rmsnorm_rows(ctx.pool, cq, T, p.q_lora_rank, w.q_a_norm.data(), kInnerNormEps, cq);
    ctx.matmul.run(cq, T, p.q_lora_rank, w.q_b, q, nH * qd);
  } else {
    ctx.matmul.run(h, T, H, w.q, q, nH * qd);
  }

  // Latent KV: [c_kv (L) | k_rope (R)] per token; normalise c_kv, rotate k_rope, append to cache.
  float* kva = ctx.scratch.get(kSlotKva, T * kd);
  ctx.matmul.run(h, T, H, w.kv_a, kva, kd);
  for (int64_t t = 0; t < T; ++t) {
    float* row = kva + t * kd;
    rmsnorm_rows(ctx.pool, row, 1, L, w.kv_a_norm.data(), kInnerNormEps, row);
    const int32_t pos = ctx.positions[t];
    cpu::apply_rope(row, 1, kd, L, pos, p.freqs, true);
    cpu::apply_rope(q + t * nH * qd, nH, qd, Dn, pos, p.freqs, true);
    std::memcpy(ctx.cache.k(layer, ctx.seq_ids[t], 0) + int64_t(pos) * kd, row, size_t(kd) * sizeof(float));
  }

  // Absorbed queries [T, nH, L + R]: q̃_h = q_nope,h · W_UK,h (x·W, W = [nope, L]), then q_rope,h.
  float* qa = ctx.scratch.get(kSlotQAbs, T * nH * kd);
  ctx.pool.parallel_for(nH, [&](int64_t h0, int64_t h1, int tid) {
    std::vector<float> wf(size_t(Dn * L));
    for (int64_t hh = h0; hh < h1; ++hh) {
      cpu::weight_rows_to_f32(w.uk[size_t(hh)], 0, Dn, wf.data());
      cpu::blas::sgemm(cpu::blas::no_trans, cpu::blas::no_trans, int(T), int(L), int(Dn), 1.0f, q + hh * qd, int(nH * qd), wf.data(),
                  int(L), 0.0f, qa + hh * kd, int(nH * kd));
      for (int64_t t = 0; t < T; ++t)
        std::memcpy(qa + (t * nH + hh) * kd + L, q + t * nH * qd + hh * qd + Dn, size_t(R) * sizeof(float));
    }
  });

  // Attention in the latent space: one shared "KV head"; values are the c_kv part of each row.
  cpu::AttentionDims dims{nH, 1, kd, L, p.scale, true};
  cpu::ProbsSink sink;
  float* lat = ctx.scratch.get(kSlotLatOut, T * nH * L);
  ctx.attention.run(qa, nH * kd, ctx.runs, ctx.cache, layer, dims, lat, nH * L, attention_sink(layer, ctx, sink));

  // Per-head values: o_h = latent_h · W_UV,hᵀ  ->  [T, nH * v].
  float* heads = ctx.scratch.get(kSlotHeads, T * nH * Dv);
  ctx.pool.parallel_for(nH, [&](int64_t h0, int64_t h1, int) {
    std::vector<float> wf(size_t(Dv * L));
    for (int64_t hh = h0; hh < h1; ++hh) {
      cpu::weight_rows_to_f32(w.uv[size_t(hh)], 0, Dv, wf.data());
      cpu::blas::sgemm(cpu::blas::no_trans, cpu::blas::trans, int(T), int(Dv), int(L), 1.0f, lat + hh * L, int(nH * L), wf.data(),
                  int(L), 0.0f, heads + hh * Dv, int(nH * Dv));
    }
  });
  float* o = ctx.scratch.get(kScratchOut, T * H);
  ctx.matmul.run(heads, T, nH * Dv, w.o, o, H);
  kt.add(x, o, T * H);
}

}  // namespace dsw
