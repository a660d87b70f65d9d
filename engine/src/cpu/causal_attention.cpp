// Causal attention for training: the fused small-head schedule and the blocked GEMM schedule
// (see causal_attention.h).
#include "cpu/causal_attention.h"

#include "cpu/gemm.h"
#include "cpu/kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace dsw::cpu {

// ---- blocked GEMM schedule -----------------------------------------------------------------------------
namespace {

constexpr int64_t kBlock = 64;

// Largest of row[0..n) in 8 independent lanes (the plain loop does not vectorise: std::max's NaN order).
float row_max(const float* row, int64_t n) {
  float m[8];
  std::fill(m, m + 8, -std::numeric_limits<float>::infinity());
  int64_t c = 0;
  for (; c + 8 <= n; c += 8)
    for (int l = 0; l < 8; ++l) m[l] = row[c + l] > m[l] ? row[c + l] : m[l];
  float r = *std::max_element(m, m + 8);
  for (; c < n; ++c) r = std::max(r, row[c]);
  return r;
}

}  // namespace

void causal_attention_forward_blocked(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                                      float* o, float* lse) {
  const auto& kt = kernels();
  const int64_t S = s.seq, nH = s.n_heads, g = nH / s.n_kv_heads;
  const int64_t ldq = nH * s.qk_dim, ldk = s.n_kv_heads * s.qk_dim, ldv = s.n_kv_heads * s.v_dim, ldo = nH * s.v_dim;
  std::vector<std::vector<float>> scratch(size_t(pool.size()));
  pool.parallel_for(s.batch * nH, [&](int64_t t0, int64_t t1, int tid) {
    auto& buf = scratch[size_t(tid)];
    buf.resize(size_t(kBlock * S));
    for (int64_t task = t0; task < t1; ++task) {
      const int64_t b = task / nH, h = task % nH, j = h / g;
      const float* Q = q + b * S * ldq + h * s.qk_dim;
      const float* K = k + b * S * ldk + j * s.qk_dim;
      const float* V = v + b * S * ldv + j * s.v_dim;
      float* L = lse + (b * nH + h) * S;
      for (int64_t r0 = 0; r0 < S; r0 += kBlock) {
        const int64_t n = std::min(kBlock, S - r0), keys = r0 + n;  // rows r0.., visible keys 0..keys-1
        float* P = buf.data();
        const int64_t ldp = keys;
        gemm_nt_1(n, keys, s.qk_dim, s.scale, Q + r0 * ldq, ldq, K, ldk, 0.0f, P, ldp);
        for (int64_t i = 0; i < n; ++i) {
          float* row = P + i * ldp;
          const int64_t vis = r0 + i + 1;
          const float m = row_max(row, vis);
          const float sum = kt.exp_shift_sum(row, m, vis);
          const float inv = 1.0f / sum;
          for (int64_t c = 0; c < vis; ++c) row[c] *= inv;
          std::fill(row + vis, row + ldp, 0.0f);
          L[r0 + i] = m + std::log(sum);
        }
        gemm_nn_1(n, keys, s.v_dim, 1.0f, P, ldp, V, ldv, 0.0f, o + (b * S + r0) * ldo + h * s.v_dim, ldo);
      }
    }
  });
}

void causal_attention_backward_blocked(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                                       const float* o, const float* lse, const float* dout, float* dq, float* dk, float* dv) {
  const auto& kt = kernels();
  const int64_t S = s.seq, nH = s.n_heads, nKV = s.n_kv_heads, g = nH / nKV;
  const int64_t dqk = s.qk_dim, dvv = s.v_dim;
  const int64_t ldq = nH * dqk, ldk = nKV * dqk, ldv = nKV * dvv, ldo = nH * dvv;
  std::vector<std::vector<float>> scratch(size_t(pool.size()));
  pool.parallel_for(s.batch * nKV, [&](int64_t t0, int64_t t1, int tid) {
    auto& buf = scratch[size_t(tid)];
    buf.resize(size_t(2 * kBlock * S + kBlock));
    float* dP = buf.data() + kBlock * S;
    float* D = dP + kBlock * S;
    for (int64_t task = t0; task < t1; ++task) {
      const int64_t b = task / nKV, j = task % nKV;
      const float* K = k + b * S * ldk + j * dqk;
      const float* V = v + b * S * ldv + j * dvv;
      float* dK = dk + b * S * ldk + j * dqk;
      float* dV = dv + b * S * ldv + j * dvv;
      for (int64_t i = 0; i < S; ++i) {
        std::fill(dK + i * ldk, dK + i * ldk + dqk, 0.0f);
        std::fill(dV + i * ldv, dV + i * ldv + dvv, 0.0f);
      }
      for (int64_t h = j * g; h < (j + 1) * g; ++h) {
        const float* L = lse + (b * nH + h) * S;
        for (int64_t r0 = 0; r0 < S; r0 += kBlock) {
          const int64_t n = std::min(kBlock, S - r0), keys = r0 + n;
          const float* Q = q + (b * S + r0) * ldq + h * dqk;
          const float* O = o + (b * S + r0) * ldo + h * dvv;
          const float* dO = dout + (b * S + r0) * ldo + h * dvv;
          float* dQ = dq + (b * S + r0) * ldq + h * dqk;
          // P of these rows, recomputed from the saved log-sum-exp.
          float* P = buf.data();
          const int64_t ldp = keys;
          gemm_nt_1(n, keys, dqk, s.scale, Q, ldq, K, ldk, 0.0f, P, keys);
          for (int64_t i = 0; i < n; ++i) {
            float* row = P + i * keys;
            const int64_t vis = r0 + i + 1;
            kt.exp_shift_sum(row, L[r0 + i], vis);
            std::fill(row + vis, row + keys, 0.0f);
          }
          gemm_tn_1(n, keys, dvv, 1.0f, P, ldp, dO, ldo, 1.0f, dV, ldv);   // dV += Pᵀ·dO
          gemm_nt_1(n, keys, dvv, 1.0f, dO, ldo, V, ldv, 0.0f, dP, keys);   // dP = dO·Vᵀ
          for (int64_t i = 0; i < n; ++i) D[i] = kt.dot_f32(dO + i * ldo, O + i * ldo, dvv);
          for (int64_t i = 0; i < n; ++i) {
            float* dpr = dP + i * keys;
            const float* pr = P + i * ldp;
            for (int64_t c = 0; c < keys; ++c) dpr[c] = pr[c] * (dpr[c] - D[i]);  // dS
          }
          gemm_nn_1(n, keys, dqk, s.scale, dP, keys, K, ldk, 0.0f, dQ, ldq);  // dQ = scale·dS·K
          gemm_tn_1(n, keys, dqk, s.scale, dP, keys, Q, ldq, 1.0f, dK, ldk);  // dK += scale·dSᵀ·Q
        }
      }
    }
  });
}

// ---- fused small-head schedule ------------------------------------------------------------------------

namespace {

// Rows 0..S of head `head` of x (row stride ld, `dim` floats at head·dim) transposed into t[dim][ldt].
void transpose_head(const float* x, int64_t ld, int64_t head, int64_t dim, int64_t S, int64_t ldt, float* t) {
  const float* base = x + head * dim;
  for (int64_t i = 0; i < S; ++i)
    for (int64_t r = 0; r < dim; ++r) t[r * ldt + i] = base[i * ld + r];
}

}  // namespace

namespace {

// Query rows taken together: each row of the transposed V (forward) and of K, dK, dV (backward) is
// loaded, and the dK, dV rows stored, once per block instead of once per query row. A row of the
// block sees fewer keys than the block's last; its P and dS are zero past its own keys, which adds
// exact zeros, so every output is the sum the one-row schedule forms, in the same order.
constexpr int64_t kRowBlock = 8;

// Row stride of the transposed K, V, dK, dV and of the P, dS rows: padded past S so rows of 256
// positions (1 KiB) do not fall on the same 4 KiB offsets, where a load waits behind an unrelated
// store (4K aliasing; up to ~10% on the dK, dV updates and the scores at S = 256, measured alone).
int64_t padded_stride(int64_t S) { return S + 16; }

}  // namespace

void causal_attention_forward_fused(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                                    float* o, float* lse) {
  const auto& kt = kernels();
  const int64_t S = s.seq, nH = s.n_heads, nKV = s.n_kv_heads, g = nH / nKV, dq = s.qk_dim, dv = s.v_dim;
  const int64_t ldq = nH * dq, ldk = nKV * dq, ldv = nKV * dv, ldo = nH * dv, T = padded_stride(S);
  std::vector<std::vector<float>> scratch(size_t(pool.size()));
  // Tasks in (row, KV head, query head) order, so consecutive tasks of a thread share a transposed K, V.
  pool.parallel_for(s.batch * nH, [&](int64_t t0, int64_t t1, int tid) {
    auto& buf = scratch[size_t(tid)];
    buf.resize(size_t((dq + dv + kRowBlock) * T + dq + kRowBlock * (dv + 2)));
    float* Kt = buf.data();
    float* Vt = Kt + dq * T;
    float* P = Vt + dv * T;  // kRowBlock rows of stride T
    float* qs = P + kRowBlock * T;
    float* acc = qs + dq;  // kRowBlock × dv
    float* mx = acc + kRowBlock * dv;
    float* sum = mx + kRowBlock;
    int64_t cached = -1;
    for (int64_t task = t0; task < t1; ++task) {
      const int64_t b = task / nH, h = task % nH, j = h / g;
      if (b * nKV + j != cached) {
        transpose_head(k + b * S * ldk, ldk, j, dq, S, T, Kt);
        transpose_head(v + b * S * ldv, ldv, j, dv, S, T, Vt);
        cached = b * nKV + j;
      }
      const float* Q = q + b * S * ldq + h * dq;
      float* O = o + b * S * ldo + h * dv;
      float* L = lse + (b * nH + h) * S;
      for (int64_t i0 = 0; i0 < S; i0 += kRowBlock) {
        const int64_t rows = std::min(kRowBlock, S - i0), keys = i0 + rows;  // keys: what the block's last row sees
        for (int64_t t = 0; t < rows; ++t) {
          const int64_t i = i0 + t, n = i + 1;  // visible keys of row i
          float* Pt = P + t * T;
          for (int64_t r = 0; r < dq; ++r) qs[r] = Q[i * ldq + r] * s.scale;
          mx[t] = kt.columns_dot(qs, dq, Kt, T, n, Pt);
          sum[t] = kt.exp_shift_sum_ftz(Pt, mx[t], n);  // P below 2^-64 is 0: no subnormals
          std::fill(Pt + n, Pt + keys, 0.0f);
        }
        kt.rows_dot_k(P, T, rows, keys, Vt, T, dv, acc, dv);
        for (int64_t t = 0; t < rows; ++t) {
          const int64_t i = i0 + t;
          const float inv = 1.0f / sum[t];
          for (int64_t r = 0; r < dv; ++r) O[i * ldo + r] = acc[t * dv + r] * inv;
          L[i] = mx[t] + std::log(sum[t]);
        }
      }
    }
  });
}

void causal_attention_backward_fused(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                                     const float* o, const float* lse, const float* dout, float* dq_out, float* dk_out, float* dv_out) {
  const auto& kt = kernels();
  const int64_t S = s.seq, nH = s.n_heads, nKV = s.n_kv_heads, g = nH / nKV, dq = s.qk_dim, dv = s.v_dim;
  const int64_t ldq = nH * dq, ldk = nKV * dq, ldv = nKV * dv, ldo = nH * dv, T = padded_stride(S);
  std::vector<std::vector<float>> scratch(size_t(pool.size()));
  pool.parallel_for(s.batch * nKV, [&](int64_t t0, int64_t t1, int tid) {
    auto& buf = scratch[size_t(tid)];
    buf.resize(size_t(2 * (dq + dv) * T + 2 * kRowBlock * T + 2 * kRowBlock * dq));
    float* Kt = buf.data();
    float* Vt = Kt + dq * T;
    float* dKt = Vt + dv * T;
    float* dVt = dKt + dq * T;
    float* P = dVt + dv * T;        // kRowBlock rows of stride T
    float* dS = P + kRowBlock * T;  // likewise
    float* qs = dS + kRowBlock * T;  // kRowBlock × dq, the block's scaled query rows
    float* dqr = qs + kRowBlock * dq;
    for (int64_t task = t0; task < t1; ++task) {
      const int64_t b = task / nKV, j = task % nKV;
      transpose_head(k + b * S * ldk, ldk, j, dq, S, T, Kt);
      transpose_head(v + b * S * ldv, ldv, j, dv, S, T, Vt);
      std::fill(dKt, dKt + (dq + dv) * T, 0.0f);
      for (int64_t h = j * g; h < (j + 1) * g; ++h) {
        const float* Q = q + b * S * ldq + h * dq;
        const float* O = o + b * S * ldo + h * dv;
        const float* dO = dout + b * S * ldo + h * dv;
        const float* L = lse + (b * nH + h) * S;
        float* dQ = dq_out + b * S * ldq + h * dq;
        for (int64_t i0 = 0; i0 < S; i0 += kRowBlock) {
          const int64_t rows = std::min(kRowBlock, S - i0), keys = i0 + rows;
          for (int64_t t = 0; t < rows; ++t) {
            const int64_t i = i0 + t, n = i + 1;
            float* Pt = P + t * T;
            float* dSt = dS + t * T;
            float* qt = qs + t * dq;
            for (int64_t r = 0; r < dq; ++r) qt[r] = Q[i * ldq + r] * s.scale;
            kt.columns_dot(qt, dq, Kt, T, n, Pt);             // S_ij
            kt.exp_shift_sum_ftz(Pt, L[i], n);                // P_ij = exp(S_ij − lse_i), 0 below 2^-64
            kt.columns_dot(dO + i * ldo, dv, Vt, T, n, dSt);  // dP_ij = dO_i · V_j
            float D = 0;
            for (int64_t r = 0; r < dv; ++r) D += dO[i * ldo + r] * O[i * ldo + r];
            kt.softmax_backward(Pt, D, dSt, n);  // dS = P ⊙ (dP − D), subnormals stored as 0
            std::fill(Pt + n, Pt + keys, 0.0f);
            std::fill(dSt + n, dSt + keys, 0.0f);
          }
          kt.rows_dot_k(dS, T, rows, keys, Kt, T, dq, dqr, dq);  // dQ_i = scale · dS_i · K
          for (int64_t t = 0; t < rows; ++t)
            for (int64_t r = 0; r < dq; ++r) dQ[(i0 + t) * ldq + r] = dqr[t * dq + r] * s.scale;
          kt.rankk_add(qs, dq, rows, dq, dS, T, keys, dKt, T);                  // dK_j += scale · Σ_i dS_ij · Q_i
          kt.rankk_add(dO + i0 * ldo, ldo, rows, dv, P, T, keys, dVt, T);  // dV_j += Σ_i P_ij · dO_i
        }
      }
      float* dK = dk_out + b * S * ldk + j * dq;
      float* dV = dv_out + b * S * ldv + j * dv;
      for (int64_t t = 0; t < S; ++t) {
        for (int64_t r = 0; r < dq; ++r) dK[t * ldk + r] = dKt[r * T + t];
        for (int64_t r = 0; r < dv; ++r) dV[t * ldv + r] = dVt[r * T + t];
      }
    }
  });
}

// ---- dispatch -------------------------------------------------------------------------------------------

void causal_attention_forward(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v, float* o,
                              float* lse) {
  if (s.qk_dim <= kSmallHead && s.v_dim <= kSmallHead) causal_attention_forward_fused(pool, s, q, k, v, o, lse);
  else causal_attention_forward_blocked(pool, s, q, k, v, o, lse);
}

void causal_attention_backward(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                               const float* o, const float* lse, const float* dout, float* dq, float* dk, float* dv) {
  if (s.qk_dim <= kSmallHead && s.v_dim <= kSmallHead) causal_attention_backward_fused(pool, s, q, k, v, o, lse, dout, dq, dk, dv);
  else causal_attention_backward_blocked(pool, s, q, k, v, o, lse, dout, dq, dk, dv);
}

}  // namespace dsw::cpu
