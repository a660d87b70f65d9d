// Every SIMD kernel table this CPU can run against the portable one, on random inputs with odd
// lengths (tails), the float weight types and 1..8 activation rows; plus matmul paths (also split
// over threads) and RoPE.
// The quantised types have their own test (cpu_quant_kernels_test.cpp).
#include "check.h"
#include "random_tensor.h"

#include <dsw/dtype.h>
#include <dsw/thread_pool.h>

#include "cpu/convert.h"
#include "cpu/kernels.h"
#include "cpu/matmul.h"
#include "cpu/packed_quant.h"
#include "cpu/rope.h"

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

using namespace dsw;
using namespace dsw::cpu;
using dsw::test::randn;

namespace {

// Encodes f32 values into a weight row of a float type.
std::vector<uint8_t> encode(const std::vector<float>& v, WType t) {
  std::vector<uint8_t> out;
  const int64_t n = int64_t(v.size());
  if (t == WType::f32) {
    out.resize(size_t(n) * 4);
    std::memcpy(out.data(), v.data(), out.size());
  } else {
    out.resize(size_t(n) * 2);
    auto* p = reinterpret_cast<uint16_t*>(out.data());
    for (int64_t i = 0; i < n; ++i) p[i] = t == WType::f16 ? f32_to_f16(v[size_t(i)]) : f32_to_bf16(v[size_t(i)]);
  }
  return out;
}

double rel_err(double a, double b) { return std::fabs(a - b) / (std::fabs(b) + 1e-3); }

}  // namespace

DSW_TEST(simd_tables_match_the_portable_one) {
  const KernelTable* tables[4];
  const int n_tables = available_kernel_tables(tables, 4);
  REQUIRE(n_tables >= 1);
  std::printf("    kernel tables on this CPU: %d (chosen: %s)\n", n_tables, kernels().isa);
  const KernelTable& ref = kernels_generic();
  for (int ti = 0; ti < n_tables; ++ti) {
    const KernelTable& kt = *tables[ti];
    for (int wt = 0; wt < 3; ++wt) {
      for (int64_t K : {int64_t(32), int64_t(64), int64_t(96), int64_t(4096)}) {
        auto w = randn(size_t(K), uint32_t(K + wt));
        auto enc = encode(w, WType(wt));
        for (int T = 1; T <= 8; ++T) {
          auto x = randn(size_t(K) * size_t(T), uint32_t(K * 7 + T));
          float a[8], b[8];
          kt.dot[wt](enc.data(), x.data(), K, K, T, a);
          ref.dot[wt](enc.data(), x.data(), K, K, T, b);
          for (int t = 0; t < T; ++t) CHECK(rel_err(a[t], b[t]) < 1e-4);
        }
        std::vector<float> ca(static_cast<size_t>(K)), cb(static_cast<size_t>(K));
        kt.to_f32[wt](enc.data(), ca.data(), K);
        ref.to_f32[wt](enc.data(), cb.data(), K);
        CHECK(ca == cb);
      }
      {  // odd lengths exercise the vector tails
        for (int64_t K : {int64_t(1), int64_t(7), int64_t(17), int64_t(33), int64_t(1001)}) {
          auto enc = encode(randn(size_t(K), 5), WType(wt));
          auto x = randn(size_t(K) * 3, 6);
          float a[3], b[3];
          kt.dot[wt](enc.data(), x.data(), K, K, 3, a);
          ref.dot[wt](enc.data(), x.data(), K, K, 3, b);
          for (int t = 0; t < 3; ++t) CHECK(rel_err(a[t], b[t]) < 1e-4);
        }
      }
    }
    // Row-block GEMV (paired rows, prefetch) equals one dot per row.
    for (int wt = 0; wt < 3; ++wt) {
      for (int64_t K : {int64_t(64), int64_t(96), int64_t(2048), int64_t(40)}) {
        for (int64_t rows : {int64_t(1), int64_t(2), int64_t(7)}) {
          std::vector<uint8_t> block;
          size_t rb = 0;
          for (int64_t r = 0; r < rows; ++r) {
            auto enc = encode(randn(size_t(K), uint32_t(100 + r + wt)), WType(wt));
            rb = enc.size();
            block.insert(block.end(), enc.begin(), enc.end());
          }
          for (int T : {1, 3}) {
            auto x = randn(size_t(K) * size_t(T), 77);
            std::vector<float> y(static_cast<size_t>(T * rows), NAN);
            kt.gemv[wt](block.data(), rb, rows, x.data(), size_t(K) * sizeof(float), K, T, y.data(), rows);
            for (int64_t r = 0; r < rows; ++r) {
              float want[8];
              ref.dot[wt](block.data() + size_t(r) * rb, x.data(), K, K, T, want);
              for (int t = 0; t < T; ++t) CHECK(rel_err(y[size_t(t * rows + r)], want[t]) < 1e-4);
            }
          }
        }
      }
    }
    for (int64_t n : {int64_t(1), int64_t(15), int64_t(16), int64_t(257), int64_t(4099)}) {
      auto g = randn(size_t(n), 11, 4.0f), u = randn(size_t(n), 12);
      auto g1 = g, g2 = g;
      kt.silu_mul(g1.data(), u.data(), n);
      ref.silu_mul(g2.data(), u.data(), n);
      for (int64_t i = 0; i < n; ++i) CHECK(rel_err(g1[size_t(i)], g2[size_t(i)]) < 1e-5);
      CHECK(rel_err(kt.sum_squares(g.data(), n), ref.sum_squares(g.data(), n)) < 1e-5);
      CHECK(rel_err(kt.dot_f32(g.data(), u.data(), n), ref.dot_f32(g.data(), u.data(), n)) < 1e-4);
      auto e1 = g, e2 = g;
      const float s1 = kt.exp_shift_sum(e1.data(), 3.0f, n), s2 = ref.exp_shift_sum(e2.data(), 3.0f, n);
      CHECK(rel_err(s1, s2) < 1e-5);
      for (int64_t i = 0; i < n; ++i) CHECK(rel_err(e1[size_t(i)], e2[size_t(i)]) < 1e-5);
    }
    for (int64_t n : {int64_t(1), int64_t(15), int64_t(16), int64_t(257)}) {
      auto a = randn(size_t(n), 13, 4.0f), b = randn(size_t(n), 14), dh = randn(size_t(n), 15);
      std::vector<float> da1(static_cast<size_t>(n)), db1(static_cast<size_t>(n));
      kt.silu_mul_backward(a.data(), b.data(), dh.data(), da1.data(), db1.data(), n);
      for (int64_t i = 0; i < n; ++i) {  // against the definition in double
        const double x = a[size_t(i)], s = 1.0 / (1.0 + std::exp(-x));
        const double want_da = double(dh[size_t(i)]) * b[size_t(i)] * s * (1.0 + x * (1.0 - s)), want_db = double(dh[size_t(i)]) * x * s;
        CHECK(std::fabs(da1[size_t(i)] - want_da) <= 1e-5 * (std::fabs(want_da) + 1e-3));
        CHECK(std::fabs(db1[size_t(i)] - want_db) <= 1e-5 * (std::fabs(want_db) + 1e-3));
      }
    }
    {  // no NaN for large inputs of either sign
      std::vector<float> a = {-1000.0f, -90.0f, 90.0f, 1000.0f}, one(4, 1.0f), da(4), db(4);
      kt.silu_mul_backward(a.data(), one.data(), one.data(), da.data(), db.data(), 4);
      for (int i = 0; i < 4; ++i) CHECK(std::isfinite(da[size_t(i)]) && std::isfinite(db[size_t(i)]));
    }
    // silu must not turn large negative inputs into NaN (exp overflow)
    std::vector<float> big = {-1000.0f, -90.0f, 90.0f, 1000.0f}, ones(4, 1.0f);
    kt.silu_mul(big.data(), ones.data(), 4);
    for (float v : big) CHECK(std::isfinite(v));
  }
}

DSW_TEST(matmul_paths_agree_with_a_naive_product) {
  ThreadPool pool(2);
  Matmul mm(pool);
  for (DType dt : {DType::f32, DType::bf16, DType::f16}) {
    const int64_t N = 70, K = 96;
    auto wv = randn(size_t(N * K), 21, 0.1f);
    Tensor t = Tensor::host(dt, {N, K});
    from_f32(wv.data(), dt, t.data(), N * K);
    std::vector<float> wf(static_cast<size_t>(N * K));
    to_f32(dt, t.data(), wf.data(), N * K);  // the exact weights the kernels see
    StoredWeight w;
    w.w = t;
    w.rows = N;
    w.cols = K;
    w.bias = randn(size_t(N), 22);
    for (int64_t T : {int64_t(1), int64_t(5), int64_t(8), int64_t(9), int64_t(40)}) {
      auto x = randn(size_t(T * K), uint32_t(30 + T));
      std::vector<float> y(size_t(T * N), NAN);
      mm.run(x.data(), T, K, w, y.data(), N);
      int bad = 0;
      for (int64_t r = 0; r < T; ++r)
        for (int64_t n = 0; n < N; ++n) {
          double s = w.bias[size_t(n)], abs_sum = 0;
          for (int64_t k = 0; k < K; ++k) {
            float xv = x[size_t(r * K + k)];
            if (dt == DType::f16) xv = f16_to_f32(f32_to_f16(xv));  // f16 weights take f16 activations (matmul.h)
            s += double(xv) * double(wf[size_t(n * K + k)]);
            abs_sum += std::fabs(double(xv) * double(wf[size_t(n * K + k)]));
          }
          // Prefill on bf16 hardware is accurate to ~2^-16 per product (gemm_bf16.h).
          const double tol = 1e-4 + abs_sum / 32768;
          if (!(std::fabs(s - double(y[size_t(r * N + n)])) <= tol)) ++bad;
        }
      CHECK(bad == 0);
    }
  }
}

DSW_TEST(rope_pairings_are_rotations_of_each_other) {
  ModelConfig c;
  c.rope_theta = 10000;
  auto f = make_rope_freqs(c, 8);
  auto x = randn(8, 3);
  // Interleaved pairs (2j, 2j+1) equal half-layout pairs (j, j+4) after de-interleaving.
  std::vector<float> inter = x, half(8);
  for (int j = 0; j < 4; ++j) half[size_t(j)] = x[size_t(2 * j)], half[size_t(j + 4)] = x[size_t(2 * j + 1)];
  apply_rope(inter.data(), 1, 8, 0, 37, f, true);
  apply_rope(half.data(), 1, 8, 0, 37, f, false);
  for (int j = 0; j < 4; ++j) {
    CHECK_NEAR(inter[size_t(2 * j)], half[size_t(j)], 1e-6);
    CHECK_NEAR(inter[size_t(2 * j + 1)], half[size_t(j + 4)], 1e-6);
  }
  // A rotation keeps the norm.
  double n0 = 0, n1 = 0;
  for (int i = 0; i < 8; ++i) n0 += x[size_t(i)] * x[size_t(i)], n1 += inter[size_t(i)] * inter[size_t(i)];
  CHECK_NEAR(n0, n1, 1e-5);
}

DSW_TEST(yarn_frequencies_follow_the_reference_numbers) {
  // architectures.md §4.3: dim 64, base 10000, L0 4096, beta 32/1, factor 40.
  ModelConfig c;
  c.rope_theta = 10000;
  c.rope_scaling.type = RopeScalingType::yarn;
  c.rope_scaling.factor = 40;
  c.rope_scaling.original_max_position_embeddings = 4096;
  c.rope_scaling.mscale = 1.0;
  c.rope_scaling.mscale_all_dim = 1.0;
  auto f = make_rope_freqs(c, 64);
  CHECK_NEAR(f.inv_freq[0], 1.0, 1e-7);
  CHECK_NEAR(f.inv_freq[31], 3.3338e-6, 1e-9);
  CHECK_NEAR(f.attention_factor, 1.0, 1e-7);
  for (int j = 0; j <= 10; ++j) CHECK_NEAR(f.inv_freq[size_t(j)], 1.0 / std::pow(10000.0, 2.0 * j / 64), 1e-6);
  CHECK_NEAR(yarn_get_mscale(40, 0.707) * yarn_get_mscale(40, 0.707), 1.589626, 1e-5);
}

// Decode GEMVs large enough to be split over threads (cpu/matmul.cpp claims chunks of rows
// dynamically) give, row for row, bitwise what one thread gives: each row is computed by the same
// kernel over the same K whichever thread takes its chunk. Float types, Q8_0 / Q4_0 (repacked where
// the table has packed rows) and Q4_K; 1 and 3 activation rows; a last 16-row group that is partial.
DSW_TEST(decode_split_over_threads_equals_one_thread) {
  const int64_t N = 1000, K = 2048;  // ≥ 2 chunks of ≥ 128 KiB for every type: the split is taken
  ThreadPool one(1), two(2), three(3);
  Matmul m1(one), m2(two), m3(three);
  int compared = 0;
  for (DType dt : {DType::f32, DType::bf16, DType::f16, DType::q8_0, DType::q4_0, DType::q4_k}) {
    Tensor t = Tensor::host(dt, {N, K});
    const auto& info = dtype_info(dt);
    if (info.is_quantized) {  // random quants, every fp16 field (d, and dmin for Q4_K) small
      std::mt19937 rng(7 + uint32_t(dt));
      auto* p = static_cast<uint8_t*>(t.data());
      for (uint64_t i = 0; i < t.nbytes(); ++i) p[i] = uint8_t(rng());
      const uint16_t h = f32_to_f16(0.01f);
      for (uint64_t b = 0; b < t.nbytes() / info.block_bytes; ++b) {
        std::memcpy(p + b * info.block_bytes, &h, 2);
        if (dt == DType::q4_k) std::memcpy(p + b * info.block_bytes + 2, &h, 2);
      }
    } else {
      auto wv = randn(size_t(N * K), 41, 0.05f);
      from_f32(wv.data(), dt, t.data(), N * K);
    }
    StoredWeight w;
    w.w = t;
    w.rows = N;
    w.cols = K;
    pack_for_cpu(w);  // as at load (a no-op for the types that do not pack or without packed rows)
    for (int64_t T : {int64_t(1), int64_t(3)}) {
      auto x = randn(size_t(T * K), uint32_t(50 + T));
      std::vector<float> y1(size_t(T * N), NAN), y2(size_t(T * N), NAN), y3(size_t(T * N), NAN);
      m1.run(x.data(), T, K, w, y1.data(), N);
      m2.run(x.data(), T, K, w, y2.data(), N);
      m3.run(x.data(), T, K, w, y3.data(), N);
      CHECK(std::memcmp(y1.data(), y2.data(), y1.size() * sizeof(float)) == 0);
      CHECK(std::memcmp(y1.data(), y3.data(), y1.size() * sizeof(float)) == 0);
      bool finite = true;
      for (float v : y1) finite = finite && std::isfinite(v);
      CHECK(finite);
      ++compared;
    }
  }
  CHECK(compared == 12);
}
