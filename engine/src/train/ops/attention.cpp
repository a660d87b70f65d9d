// Causal attention forward/backward (see attention.h).
#include "train/ops/attention.h"

#include "cpu/kernels.h"
#include "cpu/gemm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace dsw::train {

void attention_forward(ThreadPool& pool, const AttentionShape& s, const float* q, const float* k, const float* v, float* o,
                       float* lse) {
  const auto& kt = cpu::kernels();
  const int64_t S = s.seq, nH = s.n_heads, g = nH / s.n_kv_heads;
  const int64_t ldq = nH * s.qk_dim, ldk = s.n_kv_heads * s.qk_dim, ldv = s.n_kv_heads * s.v_dim, ldo = nH * s.v_dim;
  std::vector<std::vector<float>> scratch(size_t(pool.size()));
  pool.parallel_for(s.batch * nH, [&](int64_t t0, int64_t t1, int tid) {
    auto& buf = scratch[size_t(tid)];
    buf.resize(size_t(S * S));
    float* P = buf.data();
    for (int64_t task = t0; task < t1; ++task) {
      const int64_t b = task / nH, h = task % nH, j = h / g;
      const float* Q = q + b * S * ldq + h * s.qk_dim;
      const float* K = k + b * S * ldk + j * s.qk_dim;
      const float* V = v + b * S * ldv + j * s.v_dim;
      cpu::gemm_nt_1(S, S, s.qk_dim, s.scale, Q, ldq, K, ldk, 0.0f, P, S);
      float* L = lse + (b * nH + h) * S;
      for (int64_t i = 0; i < S; ++i) {
        float* row = P + i * S;
        const int64_t n = i + 1;
        float m = -std::numeric_limits<float>::infinity();
        for (int64_t c = 0; c < n; ++c) m = std::max(m, row[c]);
        const float sum = kt.exp_shift_sum(row, m, n);
        const float inv = 1.0f / sum;
        for (int64_t c = 0; c < n; ++c) row[c] *= inv;
        std::fill(row + n, row + S, 0.0f);
        L[i] = m + std::log(sum);
      }
      cpu::gemm_nn_1(S, S, s.v_dim, 1.0f, P, S, V, ldv, 0.0f, o + b * S * ldo + h * s.v_dim, ldo);
    }
  });
}

void attention_backward(ThreadPool& pool, const AttentionShape& s, const float* q, const float* k, const float* v, const float* o,
                        const float* lse, const float* dout, float* dq, float* dk, float* dv) {
  const int64_t S = s.seq, nH = s.n_heads, nKV = s.n_kv_heads, g = nH / nKV;
  const int64_t dqk = s.qk_dim, dvv = s.v_dim;
  const int64_t ldq = nH * dqk, ldk = nKV * dqk, ldv = nKV * dvv, ldo = nH * dvv;
  std::vector<std::vector<float>> scratch(size_t(pool.size()));
  pool.parallel_for(s.batch * nKV, [&](int64_t t0, int64_t t1, int tid) {
    auto& buf = scratch[size_t(tid)];
    buf.resize(size_t(2 * S * S + S));
    float* P = buf.data();
    float* dP = P + S * S;
    float* D = dP + S * S;
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
        const float* Q = q + b * S * ldq + h * dqk;
        const float* O = o + b * S * ldo + h * dvv;
        const float* dO = dout + b * S * ldo + h * dvv;
        const float* L = lse + (b * nH + h) * S;
        float* dQ = dq + b * S * ldq + h * dqk;
        // P from the saved log-sum-exp.
        cpu::gemm_nt_1(S, S, dqk, s.scale, Q, ldq, K, ldk, 0.0f, P, S);
        for (int64_t i = 0; i < S; ++i) {
          float* row = P + i * S;
          for (int64_t c = 0; c <= i; ++c) row[c] = std::exp(row[c] - L[i]);
          std::fill(row + i + 1, row + S, 0.0f);
        }
        cpu::gemm_tn_1(S, S, dvv, 1.0f, P, S, dO, ldo, 1.0f, dV, ldv);   // dV += Pᵀ·dO
        cpu::gemm_nt_1(S, S, dvv, 1.0f, dO, ldo, V, ldv, 0.0f, dP, S);   // dP = dO·Vᵀ
        for (int64_t i = 0; i < S; ++i) {
          double d = 0;
          for (int64_t c = 0; c < dvv; ++c) d += double(dO[i * ldo + c]) * O[i * ldo + c];
          D[i] = float(d);
        }
        for (int64_t i = 0; i < S; ++i)
          for (int64_t c = 0; c < S; ++c) dP[i * S + c] = P[i * S + c] * (dP[i * S + c] - D[i]);  // dS
        cpu::gemm_nn_1(S, S, dqk, s.scale, dP, S, K, ldk, 0.0f, dQ, ldq);  // dQ = scale·dS·K
        cpu::gemm_tn_1(S, S, dqk, s.scale, dP, S, Q, ldq, 1.0f, dK, ldk);  // dK += scale·dSᵀ·Q
      }
    }
  });
}

}  // namespace dsw::train
