// Causal attention forward/backward (see attention.h).
//
// Rows are processed in blocks of kBlock queries; a block only multiplies with the keys it can see
// (0 .. its last row), so the masked upper triangle costs nothing beyond the diagonal blocks.
#include "train/ops/attention.h"

#include "cpu/gemm.h"
#include "cpu/kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace dsw::train {
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

void attention_forward(ThreadPool& pool, const AttentionShape& s, const float* q, const float* k, const float* v, float* o,
                       float* lse) {
  const auto& kt = cpu::kernels();
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
        cpu::gemm_nt_1(n, keys, s.qk_dim, s.scale, Q + r0 * ldq, ldq, K, ldk, 0.0f, P, ldp);
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
        cpu::gemm_nn_1(n, keys, s.v_dim, 1.0f, P, ldp, V, ldv, 0.0f, o + (b * S + r0) * ldo + h * s.v_dim, ldo);
      }
    }
  });
}

void attention_backward(ThreadPool& pool, const AttentionShape& s, const float* q, const float* k, const float* v, const float* o,
                        const float* lse, const float* dout, float* dq, float* dk, float* dv) {
  const auto& kt = cpu::kernels();
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
          cpu::gemm_nt_1(n, keys, dqk, s.scale, Q, ldq, K, ldk, 0.0f, P, keys);
          for (int64_t i = 0; i < n; ++i) {
            float* row = P + i * keys;
            const int64_t vis = r0 + i + 1;
            kt.exp_shift_sum(row, L[r0 + i], vis);
            std::fill(row + vis, row + keys, 0.0f);
          }
          cpu::gemm_tn_1(n, keys, dvv, 1.0f, P, ldp, dO, ldo, 1.0f, dV, ldv);   // dV += Pᵀ·dO
          cpu::gemm_nt_1(n, keys, dvv, 1.0f, dO, ldo, V, ldv, 0.0f, dP, keys);   // dP = dO·Vᵀ
          for (int64_t i = 0; i < n; ++i) D[i] = kt.dot_f32(dO + i * ldo, O + i * ldo, dvv);
          for (int64_t i = 0; i < n; ++i) {
            float* dpr = dP + i * keys;
            const float* pr = P + i * ldp;
            for (int64_t c = 0; c < keys; ++c) dpr[c] = pr[c] * (dpr[c] - D[i]);  // dS
          }
          cpu::gemm_nn_1(n, keys, dqk, s.scale, dP, keys, K, ldk, 0.0f, dQ, ldq);  // dQ = scale·dS·K
          cpu::gemm_tn_1(n, keys, dqk, s.scale, dP, keys, Q, ldq, 1.0f, dK, ldk);  // dK += scale·dSᵀ·Q
        }
      }
    }
  });
}

}  // namespace dsw::train
