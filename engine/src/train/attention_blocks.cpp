// Attention sub-blocks for training: Llama-style GQA and MLA (un-absorbed, training.md §9).
#include "train/blocks.h"

#include "arch/blocks.h"
#include "arch/mla.h"
#include "cpu/kernels.h"
#include "train/ops/attention.h"
#include "train/ops/rmsnorm.h"
#include "train/ops/rope.h"

#include <algorithm>
#include <cstring>

namespace dsw::train {
namespace {

constexpr float kInnerNormEps = 1e-6f;  // MLA's q_a / kv_a norms (HF class default)

void resize(Vec& v, int64_t n) { v.resize(size_t(n)); }
void resize(Buf& v, int64_t n) { v.resize(size_t(n)); }

int32_t pos_of(const BlockParams& p, int64_t t) { return int32_t(t % p.S); }

}  // namespace

BlockParams BlockParams::from_config(const ModelConfig& c, int64_t B, int64_t S) {
  BlockParams p;
  p.B = B;
  p.S = S;
  p.H = c.hidden_size;
  p.eps = float(c.rms_norm_eps);
  p.router = RouterParams::from_config(c);
  if (c.arch == Architecture::deepseek_v2 || c.arch == Architecture::deepseek_v3) {
    MlaParams m = MlaParams::from_config(c);
    p.n_heads = m.n_heads;
    p.q_lora_rank = m.q_lora_rank;
    p.kv_lora_rank = m.kv_lora_rank;
    p.nope = m.nope;
    p.rope_dim = m.rope;
    p.v_dim = m.v;
    p.mla_scale = m.scale;
    p.mla_rope = m.freqs;
  } else {
    GqaParams g = GqaParams::from_config(c);
    p.n_heads = g.dims.n_heads;
    p.n_kv_heads = g.dims.n_kv_heads;
    p.head_dim = g.dims.qk_dim;
    p.interleaved = g.interleaved;
    p.rope = g.rope;
  }
  return p;
}

void LayerActs::drop_recomputable() {
  auto drop = [](Buf& v) { Buf().swap(v); };
  drop(x_mid), drop(h1), drop(rho1), drop(h2), drop(rho2);
  gqa = GqaActs{};
  mla = MlaActs{};
  mlp = MlpActs{};
  moe.z.clear(), moe.scores.clear();
  moe.x.clear(), moe.y.clear(), moe.experts.clear();
  moe.shared = MlpActs{};
  moe.router = LinearSaved{};
  moe.rows.clear();
}

// ---- GQA -------------------------------------------------------------------------------------

static void gqa_forward(OpContext& ctx, const BlockParams& p, const TrainGqa& w, LayerActs& a, float* out) {
  const int64_t T = p.B * p.S, nH = p.n_heads, nKV = p.n_kv_heads, d = p.head_dim;
  GqaActs& g = a.gqa;
  resize(g.q, T * nH * d), resize(g.k, T * nKV * d), resize(g.v, T * nKV * d), resize(g.o, T * nH * d);
  resize(g.lse, p.B * nH * p.S);
  linear_forward(ctx, w.q, a.h1.data(), T, g.q.data(), &g.sq);
  linear_forward(ctx, w.k, a.h1.data(), T, g.k.data(), &g.sk);
  linear_forward(ctx, w.v, a.h1.data(), T, g.v.data(), &g.sv);
  ctx.pool.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      cpu::apply_rope(g.q.data() + t * nH * d, nH, d, 0, pos_of(p, t), p.rope, p.interleaved);
      cpu::apply_rope(g.k.data() + t * nKV * d, nKV, d, 0, pos_of(p, t), p.rope, p.interleaved);
    }
  }, 8);
  AttentionShape s{p.B, p.S, nH, nKV, d, d, 1.0f / std::sqrt(float(d))};
  attention_forward(ctx, s, g.q.data(), g.k.data(), g.v.data(), g.o.data(), g.lse.data());
  linear_forward(ctx, w.o, g.o.data(), T, out, &g.so);
}

static void gqa_backward(OpContext& ctx, const BlockParams& p, const TrainGqa& w, LayerActs& a, const float* dout, float* dh,
                         bool need_dx) {
  const int64_t T = p.B * p.S, nH = p.n_heads, nKV = p.n_kv_heads, d = p.head_dim;
  GqaActs& g = a.gqa;
  // All four are overwritten: dO by the o_proj backward, dq/dk/dv by attention_backward.
  Buf dO(size_t(T * nH * d)), dq(size_t(T * nH * d)), dk(size_t(T * nKV * d)), dv(size_t(T * nKV * d));
  linear_backward(ctx, w.o, g.so, g.o.data(), dout, T, dO.data(), false);
  AttentionShape s{p.B, p.S, nH, nKV, d, d, 1.0f / std::sqrt(float(d))};
  attention_backward(ctx, s, g.q.data(), g.k.data(), g.v.data(), g.o.data(), g.lse.data(), dO.data(), dq.data(), dk.data(),
                     dv.data());
  ctx.pool.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      rope_backward(dq.data() + t * nH * d, nH, d, 0, pos_of(p, t), p.rope, p.interleaved);
      rope_backward(dk.data() + t * nKV * d, nKV, d, 0, pos_of(p, t), p.rope, p.interleaved);
    }
  }, 8);
  // The saved q/k are after RoPE; their Linears' inputs (h1) are what the gradients need.
  linear_backward(ctx, w.q, g.sq, a.h1.data(), dq.data(), T, need_dx ? dh : nullptr, false);
  linear_backward(ctx, w.k, g.sk, a.h1.data(), dk.data(), T, need_dx ? dh : nullptr, true);
  linear_backward(ctx, w.v, g.sv, a.h1.data(), dv.data(), T, need_dx ? dh : nullptr, true);
}

// ---- MLA -------------------------------------------------------------------------------------

static void mla_forward(OpContext& ctx, const BlockParams& p, const TrainMla& w, LayerActs& a, float* out) {
  const int64_t T = p.B * p.S, nH = p.n_heads, L = p.kv_lora_rank, R = p.rope_dim, Dn = p.nope, Dv = p.v_dim;
  const int64_t qd = Dn + R;
  MlaActs& m = a.mla;
  resize(m.q, T * nH * qd);
  if (w.q_lora) {
    const int64_t QL = p.q_lora_rank;
    resize(m.cq, T * QL), resize(m.rho_q, T), resize(m.cqn, T * QL);
    linear_forward(ctx, w.q_a, a.h1.data(), T, m.cq.data(), &m.sqa);
    rmsnorm_forward(ctx.pool, m.cq.data(), T, QL, w.q_a_norm->data.data(), kInnerNormEps, m.cqn.data(), m.rho_q.data());
    linear_forward(ctx, w.q_b, m.cqn.data(), T, m.q.data(), &m.sqb);
  } else {
    linear_forward(ctx, w.q, a.h1.data(), T, m.q.data(), &m.sq);
  }
  Vec kva(size_t(T * (L + R)));
  linear_forward(ctx, w.kv_a, a.h1.data(), T, kva.data(), &m.skva);
  resize(m.ckv, T * L), resize(m.rho_kv, T), resize(m.ckn, T * L);
  for (int64_t t = 0; t < T; ++t) std::memcpy(m.ckv.data() + t * L, kva.data() + t * (L + R), size_t(L) * sizeof(float));
  rmsnorm_forward(ctx.pool, m.ckv.data(), T, L, w.kv_a_norm->data.data(), kInnerNormEps, m.ckn.data(), m.rho_kv.data());
  Vec kv(size_t(T * nH * (Dn + Dv)));
  linear_forward(ctx, w.kv_b, m.ckn.data(), T, kv.data(), &m.skvb);
  resize(m.K, T * nH * qd), resize(m.V, T * nH * Dv), resize(m.o, T * nH * Dv), resize(m.lse, p.B * nH * p.S);
  ctx.pool.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      float* kpe = kva.data() + t * (L + R) + L;
      cpu::apply_rope(kpe, 1, R, 0, pos_of(p, t), p.mla_rope, true);
      cpu::apply_rope(m.q.data() + t * nH * qd, nH, qd, Dn, pos_of(p, t), p.mla_rope, true);
      for (int64_t h = 0; h < nH; ++h) {
        const float* src = kv.data() + (t * nH + h) * (Dn + Dv);
        float* K = m.K.data() + (t * nH + h) * qd;
        std::memcpy(K, src, size_t(Dn) * sizeof(float));
        std::memcpy(K + Dn, kpe, size_t(R) * sizeof(float));
        std::memcpy(m.V.data() + (t * nH + h) * Dv, src + Dn, size_t(Dv) * sizeof(float));
      }
    }
  }, 8);
  AttentionShape s{p.B, p.S, nH, nH, qd, Dv, p.mla_scale};
  attention_forward(ctx, s, m.q.data(), m.K.data(), m.V.data(), m.o.data(), m.lse.data());
  linear_forward(ctx, w.o, m.o.data(), T, out, &m.so);
}

static void mla_backward(OpContext& ctx, const BlockParams& p, const TrainMla& w, LayerActs& a, const float* dout, float* dh,
                         bool need_dx) {
  const int64_t T = p.B * p.S, nH = p.n_heads, L = p.kv_lora_rank, R = p.rope_dim, Dn = p.nope, Dv = p.v_dim;
  const int64_t qd = Dn + R;
  MlaActs& m = a.mla;
  Vec dO(size_t(T * nH * Dv)), dQ(size_t(T * nH * qd)), dK(size_t(T * nH * qd)), dV(size_t(T * nH * Dv));
  linear_backward(ctx, w.o, m.so, m.o.data(), dout, T, dO.data(), false);
  AttentionShape s{p.B, p.S, nH, nH, qd, Dv, p.mla_scale};
  attention_backward(ctx, s, m.q.data(), m.K.data(), m.V.data(), m.o.data(), m.lse.data(), dO.data(), dQ.data(), dK.data(),
                     dV.data());
  // dkv per head [dk_nope | dv]; dk_pe summed over heads (one shared k_pe per token).
  Vec dkv(size_t(T * nH * (Dn + Dv))), dkva(size_t(T * (L + R)));
  ctx.pool.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      float* dkpe = dkva.data() + t * (L + R) + L;
      std::fill(dkpe, dkpe + R, 0.0f);
      for (int64_t h = 0; h < nH; ++h) {
        const float* dk = dK.data() + (t * nH + h) * qd;
        float* dst = dkv.data() + (t * nH + h) * (Dn + Dv);
        std::memcpy(dst, dk, size_t(Dn) * sizeof(float));
        std::memcpy(dst + Dn, dV.data() + (t * nH + h) * Dv, size_t(Dv) * sizeof(float));
        for (int64_t j = 0; j < R; ++j) dkpe[j] += dk[Dn + j];
      }
      rope_backward(dkpe, 1, R, 0, pos_of(p, t), p.mla_rope, true);
      rope_backward(dQ.data() + t * nH * qd, nH, qd, Dn, pos_of(p, t), p.mla_rope, true);
    }
  }, 8);
  Vec dckn(size_t(T * L)), dckv(size_t(T * L));
  linear_backward(ctx, w.kv_b, m.skvb, m.ckn.data(), dkv.data(), T, dckn.data(), false);
  rmsnorm_backward(ctx.pool, m.ckv.data(), m.rho_kv.data(), w.kv_a_norm->data.data(), dckn.data(), T, L, dckv.data(), false,
                   w.kv_a_norm->trainable ? w.kv_a_norm->g() : nullptr);
  if (w.kv_a_norm->trainable) w.kv_a_norm->touched = true;
  for (int64_t t = 0; t < T; ++t) std::memcpy(dkva.data() + t * (L + R), dckv.data() + t * L, size_t(L) * sizeof(float));
  float* dx = need_dx ? dh : nullptr;
  linear_backward(ctx, w.kv_a, m.skva, a.h1.data(), dkva.data(), T, dx, false);
  if (w.q_lora) {
    const int64_t QL = p.q_lora_rank;
    Vec dcqn(size_t(T * QL)), dcq(size_t(T * QL));
    linear_backward(ctx, w.q_b, m.sqb, m.cqn.data(), dQ.data(), T, dcqn.data(), false);
    rmsnorm_backward(ctx.pool, m.cq.data(), m.rho_q.data(), w.q_a_norm->data.data(), dcqn.data(), T, QL, dcq.data(), false,
                     w.q_a_norm->trainable ? w.q_a_norm->g() : nullptr);
    if (w.q_a_norm->trainable) w.q_a_norm->touched = true;
    linear_backward(ctx, w.q_a, m.sqa, a.h1.data(), dcq.data(), T, dx, true);
  } else {
    linear_backward(ctx, w.q, m.sq, a.h1.data(), dQ.data(), T, dx, true);
  }
}

// ---- the sub-block around them -----------------------------------------------------------------

void attention_block_forward(OpContext& ctx, const BlockParams& p, const TrainLayer& w, LayerActs& a) {
  const int64_t T = p.B * p.S, H = p.H;
  resize(a.h1, T * H), resize(a.rho1, T), resize(a.x_mid, T * H);
  rmsnorm_forward(ctx.pool, a.x_in.data(), T, H, w.input_norm->data.data(), p.eps, a.h1.data(), a.rho1.data());
  Buf out(size_t(T * H));  // GQA's o_proj writes it in full
  if (w.mla) std::fill(out.begin(), out.end(), 0.0f);
  if (w.mla) mla_forward(ctx, p, w.mla_w, a, out.data());
  else gqa_forward(ctx, p, w.gqa, a, out.data());
  std::memcpy(a.x_mid.data(), a.x_in.data(), size_t(T * H) * sizeof(float));
  cpu::kernels().add(a.x_mid.data(), out.data(), T * H);
}

void attention_block_backward(OpContext& ctx, const BlockParams& p, const TrainLayer& w, LayerActs& a, const float* dx_mid,
                              float* dx_in, bool need_dx) {
  const int64_t T = p.B * p.S, H = p.H;
  const bool norm_trains = w.input_norm->trainable;
  Buf dh(need_dx || norm_trains ? size_t(T * H) : 0);  // GQA: the q_proj backward writes it first
  if (w.mla) std::fill(dh.begin(), dh.end(), 0.0f);
  const bool want_dh = need_dx || norm_trains;
  if (w.mla) mla_backward(ctx, p, w.mla_w, a, dx_mid, dh.data(), want_dh);
  else gqa_backward(ctx, p, w.gqa, a, dx_mid, dh.data(), want_dh);
  if (want_dh) {
    // dx_in = dx_mid (residual) + RMSNorm backward.
    if (need_dx) std::memcpy(dx_in, dx_mid, size_t(T * H) * sizeof(float));
    rmsnorm_backward(ctx.pool, a.x_in.data(), a.rho1.data(), w.input_norm->data.data(), dh.data(), T, H, need_dx ? dx_in : nullptr,
                     true, norm_trains ? w.input_norm->g() : nullptr);
    if (norm_trains) w.input_norm->touched = true;
  }
}

}  // namespace dsw::train
