// Training attention on the CPU (cpu/causal_attention.h): the fused small-head schedule and the
// blocked GEMM schedule both against a brute-force double-precision evaluation of training.md §6
// (forward O and lse; backward dQ, dK, dV by the formulas), with GQA groups, MLA-like unequal head
// sizes and row lengths that are no multiple of the vector width; and the row kernels behind the
// fused schedule on every kernel table this CPU can run, against plain loops; the fused schedule's
// query-row blocks at their edges (1-row sequences, lengths no multiple of the block).
#include "check.h"
#include "random_tensor.h"

#include "cpu/causal_attention.h"
#include "cpu/kernels.h"

#include <cmath>
#include <random>
#include <vector>

using namespace dsw;
using namespace dsw::test;

namespace {

struct Reference {
  std::vector<double> o, lse, dq, dk, dv;
};

// Causal attention and its gradients, straight from the definitions, in double.
Reference brute_force(const CausalAttentionShape& s, const std::vector<float>& q, const std::vector<float>& k, const std::vector<float>& v,
                      const std::vector<float>& dout) {
  const int64_t B = s.batch, S = s.seq, nH = s.n_heads, nKV = s.n_kv_heads, g = nH / nKV, dq = s.qk_dim, dv = s.v_dim;
  const int64_t ldq = nH * dq, ldk = nKV * dq, ldv = nKV * dv, ldo = nH * dv;
  Reference r;
  r.o.assign(size_t(B * S * ldo), 0);
  r.lse.assign(size_t(B * nH * S), 0);
  r.dq.assign(q.size(), 0);
  r.dk.assign(k.size(), 0);
  r.dv.assign(v.size(), 0);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < nH; ++h) {
      const int64_t j = h / g;
      for (int64_t i = 0; i < S; ++i) {
        std::vector<double> sc(size_t(i + 1)), p(size_t(i + 1)), dp(size_t(i + 1));
        double m = -1e300;
        for (int64_t t = 0; t <= i; ++t) {
          double d = 0;
          for (int64_t c = 0; c < dq; ++c) d += double(q[size_t((b * S + i) * ldq + h * dq + c)]) * k[size_t((b * S + t) * ldk + j * dq + c)];
          sc[size_t(t)] = d * s.scale;
          m = std::max(m, sc[size_t(t)]);
        }
        double sum = 0;
        for (int64_t t = 0; t <= i; ++t) sum += std::exp(sc[size_t(t)] - m);
        r.lse[size_t((b * nH + h) * S + i)] = m + std::log(sum);
        for (int64_t t = 0; t <= i; ++t) p[size_t(t)] = std::exp(sc[size_t(t)] - m) / sum;
        double D = 0;
        for (int64_t c = 0; c < dv; ++c) {
          double o = 0;
          for (int64_t t = 0; t <= i; ++t) o += p[size_t(t)] * v[size_t((b * S + t) * ldv + j * dv + c)];
          r.o[size_t((b * S + i) * ldo + h * dv + c)] = o;
          D += o * dout[size_t((b * S + i) * ldo + h * dv + c)];
        }
        for (int64_t t = 0; t <= i; ++t) {
          double d = 0;
          for (int64_t c = 0; c < dv; ++c) d += double(dout[size_t((b * S + i) * ldo + h * dv + c)]) * v[size_t((b * S + t) * ldv + j * dv + c)];
          const double ds = p[size_t(t)] * (d - D);
          for (int64_t c = 0; c < dq; ++c) {
            r.dq[size_t((b * S + i) * ldq + h * dq + c)] += s.scale * ds * k[size_t((b * S + t) * ldk + j * dq + c)];
            r.dk[size_t((b * S + t) * ldk + j * dq + c)] += s.scale * ds * q[size_t((b * S + i) * ldq + h * dq + c)];
          }
          for (int64_t c = 0; c < dv; ++c)
            r.dv[size_t((b * S + t) * ldv + j * dv + c)] += p[size_t(t)] * dout[size_t((b * S + i) * ldo + h * dv + c)];
        }
      }
    }
  return r;
}

double rel_error(const std::vector<float>& got, const std::vector<double>& want) {
  double num = 0, den = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    num += (double(got[i]) - want[i]) * (double(got[i]) - want[i]);
    den += want[i] * want[i];
  }
  return std::sqrt(num / std::max(den, 1e-300));
}

// Relative error, or the RMS absolute error where the reference is (close to) zero: a sequence of one
// row has dS = P ⊙ (dP − D) = 0, so dQ and dK are zero up to rounding.
double grad_error(const std::vector<float>& got, const std::vector<double>& want) {
  double num = 0, den = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    num += (double(got[i]) - want[i]) * (double(got[i]) - want[i]);
    den += want[i] * want[i];
  }
  if (den > 1e-6 * double(got.size())) return std::sqrt(num / den);
  return std::sqrt(num / double(std::max<size_t>(got.size(), 1)));
}

void check_schedules(const CausalAttentionShape& s) {
  std::mt19937 rng(uint32_t(s.seq * 131 + s.qk_dim));
  const int64_t T = s.batch * s.seq;
  auto q = randn(size_t(T * s.n_heads * s.qk_dim), rng), k = randn(size_t(T * s.n_kv_heads * s.qk_dim), rng);
  auto v = randn(size_t(T * s.n_kv_heads * s.v_dim), rng), dout = randn(size_t(T * s.n_heads * s.v_dim), rng);
  const Reference ref = brute_force(s, q, k, v, dout);
  ThreadPool pool(2);
  for (int fused = 0; fused < 2; ++fused) {
    std::vector<float> o(ref.o.size()), lse(ref.lse.size()), dq(q.size()), dk(k.size(), 7.0f), dv(v.size(), 7.0f);
    if (fused) cpu::causal_attention_forward_fused(pool, s, q.data(), k.data(), v.data(), o.data(), lse.data());
    else cpu::causal_attention_forward_blocked(pool, s, q.data(), k.data(), v.data(), o.data(), lse.data());
    CHECK(rel_error(o, ref.o) < 1e-5);
    CHECK(rel_error(lse, ref.lse) < 1e-6);
    if (fused)
      cpu::causal_attention_backward_fused(pool, s, q.data(), k.data(), v.data(), o.data(), lse.data(), dout.data(), dq.data(), dk.data(), dv.data());
    else
      cpu::causal_attention_backward_blocked(pool, s, q.data(), k.data(), v.data(), o.data(), lse.data(), dout.data(), dq.data(), dk.data(),
                                             dv.data());
    CHECK(grad_error(dq, ref.dq) < 1e-5);
    CHECK(grad_error(dk, ref.dk) < 1e-5);  // overwritten (the 7s are gone)
    CHECK(grad_error(dv, ref.dv) < 1e-5);
  }
}

}  // namespace

DSW_TEST(small_heads_with_gqa_match_the_definition) {
  check_schedules({.batch = 2, .seq = 37, .n_heads = 4, .n_kv_heads = 2, .qk_dim = 8, .v_dim = 8, .scale = 1.0f / std::sqrt(8.0f)});
}

DSW_TEST(mla_like_heads_match_the_definition) {
  check_schedules({.batch = 1, .seq = 70, .n_heads = 3, .n_kv_heads = 3, .qk_dim = 24, .v_dim = 16, .scale = 0.2f});
}

DSW_TEST(large_heads_match_the_definition) {
  check_schedules({.batch = 1, .seq = 20, .n_heads = 2, .n_kv_heads = 1, .qk_dim = 40, .v_dim = 40, .scale = 0.15f});
}

// The fused schedule takes query rows in blocks (kRowBlock = 8): sequences of one row, shorter than a
// block, exactly a block, one row past it and no multiple of it, with GQA.
DSW_TEST(small_heads_at_row_block_edges_match_the_definition) {
  for (int64_t seq : {1, 3, 8, 9, 17, 30})
    check_schedules({.batch = 2, .seq = seq, .n_heads = 4, .n_kv_heads = 2, .qk_dim = 8, .v_dim = 8, .scale = 1.0f / std::sqrt(8.0f)});
  check_schedules({.batch = 1, .seq = 13, .n_heads = 2, .n_kv_heads = 1, .qk_dim = 5, .v_dim = 3, .scale = 0.4f});
}

// The blocked row kernels are the one-row kernels applied k times, summed in the same order: equal
// to the last bit, for block sizes around the 4- and 8-row paths and row counts around the 4-row tiles.
DSW_TEST(blocked_row_kernels_equal_the_one_row_kernels_on_every_table) {
  const cpu::KernelTable* tables[8];
  const int n_tables = cpu::available_kernel_tables(tables, 8);
  REQUIRE(n_tables >= 1);
  std::mt19937 rng(9);
  for (int ti = 0; ti < n_tables; ++ti) {
    const cpu::KernelTable& kt = *tables[ti];
    for (int64_t k : {1, 3, 4, 5, 8, 11, 16})
      for (int64_t n : {1, 15, 16, 40, 100})
        for (int64_t rows : {1, 3, 4, 8, 9}) {
          const int64_t ld = n + 3, ldp = n + 7, lda = rows + 2, ldo = rows + 1;
          auto p = randn(size_t(k * ldp), rng), m = randn(size_t(rows * ld), rng), a = randn(size_t(k * lda), rng);
          std::vector<float> out(size_t(k * ldo), -1.0f), want(size_t(k * ldo), -1.0f);
          kt.rows_dot_k(p.data(), ldp, k, n, m.data(), ld, rows, out.data(), ldo);
          for (int64_t i = 0; i < k; ++i) kt.rows_dot(p.data() + i * ldp, n, m.data(), ld, rows, want.data() + i * ldo);
          CHECK(out == want);
          std::vector<float> m1 = m, m2 = m;
          kt.rankk_add(a.data(), lda, k, rows, p.data(), ldp, n, m1.data(), ld);
          for (int64_t i = 0; i < k; ++i) kt.rank1_add(a.data() + i * lda, rows, p.data() + i * ldp, n, m2.data(), ld);
          CHECK(m1 == m2);
        }
  }
}

// P below 2^-64 of its row's largest is stored as 0 and subnormal dS as 0 (no subnormal reaches the
// attention FMAs); everything else is the plain exp and product.
DSW_TEST(attention_softmax_kernels_store_no_subnormals_on_every_table) {
  const cpu::KernelTable* tables[8];
  const int n_tables = cpu::available_kernel_tables(tables, 8);
  REQUIRE(n_tables >= 1);
  for (int ti = 0; ti < n_tables; ++ti) {
    const cpu::KernelTable& kt = *tables[ti];
    for (int64_t n : {1, 7, 16, 37}) {
      std::vector<float> x(static_cast<size_t>(n));
      for (int64_t j = 0; j < n; ++j) x[size_t(j)] = 2.0f - 2.5f * float(j);  // from 2 down to 2 − 2.5·(n−1)
      std::vector<float> e = x;
      const float sum = kt.exp_shift_sum_ftz(e.data(), 2.0f, n);
      double want_sum = 0;
      for (int64_t j = 0; j < n; ++j) {
        const double d = double(x[size_t(j)]) - 2.0;
        const double want = d < double(cpu::kExpFlushBelow) ? 0.0 : std::exp(d);
        want_sum += want;
        if (want == 0.0) CHECK_EQ(e[size_t(j)], 0.0f);
        else CHECK(std::fabs(e[size_t(j)] - want) <= 1e-6 * want);
      }
      CHECK(std::fabs(sum - want_sum) < 1e-6 * want_sum);
      std::vector<float> p(size_t(n), 2e-38f), dp(size_t(n), 0.5f);  // 2e-38 is normal
      p[0] = 0.25f;
      kt.softmax_backward(p.data(), 0.25f, dp.data(), n);  // 2e-38 · 0.25 is subnormal
      CHECK_EQ(dp[0], 0.0625f);
      for (int64_t j = 1; j < n; ++j) CHECK_EQ(dp[size_t(j)], 0.0f);
    }
  }
}

DSW_TEST(row_kernels_match_plain_loops_on_every_table) {
  const cpu::KernelTable* tables[8];
  const int n_tables = cpu::available_kernel_tables(tables, 8);
  REQUIRE(n_tables >= 1);
  std::mt19937 rng(5);
  for (int ti = 0; ti < n_tables; ++ti) {
    const cpu::KernelTable& kt = *tables[ti];
    for (int64_t n : {1, 7, 16, 33, 64, 100}) {
      for (int64_t rows : {1, 3, 8, 13}) {
        const int64_t ld = n + 5;
        auto a = randn(size_t(rows), rng), p = randn(size_t(n), rng), m = randn(size_t(rows * ld), rng);
        std::vector<float> out(static_cast<size_t>(n)), r_out(static_cast<size_t>(rows));
        const float best = kt.columns_dot(a.data(), rows, m.data(), ld, n, out.data());
        float want_best = -1e30f;
        for (int64_t j = 0; j < n; ++j) {
          double w = 0;
          for (int64_t r = 0; r < rows; ++r) w += double(a[size_t(r)]) * m[size_t(r * ld + j)];
          CHECK(std::fabs(out[size_t(j)] - w) < 1e-4);
          want_best = std::max(want_best, out[size_t(j)]);
        }
        CHECK_EQ(best, want_best);
        kt.rows_dot(p.data(), n, m.data(), ld, rows, r_out.data());
        for (int64_t r = 0; r < rows; ++r) {
          double w = 0;
          for (int64_t j = 0; j < n; ++j) w += double(p[size_t(j)]) * m[size_t(r * ld + j)];
          CHECK(std::fabs(r_out[size_t(r)] - w) < 1e-4);
        }
        std::vector<float> m2 = m;
        kt.rank1_add(a.data(), rows, p.data(), n, m2.data(), ld);
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t j = 0; j < ld; ++j) {
            const double w = m[size_t(r * ld + j)] + (j < n ? double(a[size_t(r)]) * p[size_t(j)] : 0.0);
            CHECK(std::fabs(m2[size_t(r * ld + j)] - w) < 1e-5);  // the padding past n is untouched
          }
        std::vector<float> x = randn(size_t(n), rng), x2 = x;
        kt.softmax_backward(p.data(), 0.3f, x2.data(), n);
        for (int64_t j = 0; j < n; ++j) CHECK(std::fabs(x2[size_t(j)] - p[size_t(j)] * (x[size_t(j)] - 0.3f)) < 1e-6);
      }
    }
  }
}
