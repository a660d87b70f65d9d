// Kernel rows of the block-quantised weight types (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K..Q6_K):
// - dequantisation equals the `gguf` package's NumPy reference on random blocks
//   (tests/fixtures/quant/dequant.safetensors, tests/scripts/make_quant_fixtures.py);
// - every SIMD table equals the portable one (to_f32 and activation quantisation bit for bit,
//   the integer-dot GEMV within f32 summation-order error);
// - the integer-dot GEMV equals dequantise-then-f32 within the bound that int8 activations allow:
//   each activation moves by at most half its block's step d = max|x| / 127, so
//   |y - y_exact| <= Σ_k |w_k| · d(k) / 2 (plus f32 rounding);
// - Matmul on quantised weights, both paths (GEMV for T <= 8, tiled above), and the two paths
//   agree with each other far more closely than with f32 (they multiply the same int8 activations);
// - the activation codes are ggml's x86 ones, and F16 weights multiply f16-rounded activations.
#include "check.h"
#include "random_tensor.h"

#include <dsw/dtype.h>
#include <dsw/safetensors.h>
#include <dsw/tensor_store.h>
#include <dsw/thread_pool.h>

#include "cpu/convert.h"
#include "cpu/kernels.h"
#include "cpu/matmul.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace dsw;
using namespace dsw::cpu;
using dsw::test::randn;

namespace {

constexpr WType kQuantTypes[] = {WType::q8_0, WType::q4_0, WType::q4_1, WType::q5_0, WType::q5_1,
                                 WType::q2_k, WType::q3_k, WType::q4_k, WType::q5_k, WType::q6_k};

// Byte offsets of the fp16 scale fields of each type (the rest of a block is free bits).
std::vector<int> scale_offsets(WType t) {
  switch (t) {
    case WType::q4_1:
    case WType::q5_1:
    case WType::q4_k:
    case WType::q5_k: return {0, 2};
    case WType::q2_k: return {80, 82};
    case WType::q3_k: return {108};
    case WType::q6_k: return {208};
    default: return {0};
  }
}

// A random but valid row of K weights: random bytes, finite fp16 scales of either sign.
std::vector<uint8_t> random_row(WType t, int64_t K, uint32_t seed) {
  const auto& g = kWTypeGeometry[int(t)];
  const int64_t blocks = K / g.block_elems;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> scale(-0.05f, 0.05f);
  std::vector<uint8_t> row(size_t(blocks * g.block_bytes));
  for (auto& b : row) b = uint8_t(byte(rng));
  for (int64_t i = 0; i < blocks; ++i)
    for (int off : scale_offsets(t)) {
      const uint16_t h = f32_to_f16(scale(rng));
      std::memcpy(&row[size_t(i * g.block_bytes + off)], &h, 2);
    }
  return row;
}

std::vector<int64_t> lengths(WType t) {
  if (kWTypeGeometry[int(t)].block_elems == 256) return {256, 768, 2048};
  return {32, 96, 160, 288, 2048};  // partial 256-chunks: 1, 3, 5 and 1 blocks
}

// Σ_k |w_k| · d(k) / 2 for activation row x quantised in blocks of `block`: the int8-activation
// error bound.
double act_bound(const float* w, const float* x, int64_t K, int block) {
  double bound = 0;
  for (int64_t b = 0; b < K / block; ++b) {
    float amax = 0;
    for (int j = 0; j < block; ++j) amax = std::max(amax, std::fabs(x[b * block + j]));
    double sw = 0;
    for (int j = 0; j < block; ++j) sw += std::fabs(w[b * block + j]);
    bound += sw * double(amax) / 127.0 / 2.0;
  }
  return bound;
}

// The bound above is for d exact; ggml's Q8_0/Q8_1 store d rounded to fp16 (|d - d16| <= 2^-11 d,
// times |q| <= 127: another 0.062 d), and Q8_1 its block sums too (2^-11 relative).
constexpr double kBoundSlack = 1.13;
double rel_slack(ActStyle s) { return s == ActStyle::q8_1 ? 1e-3 : 1e-5; }

double abs_dot(const float* w, const float* x, int64_t K) {
  double s = 0;
  for (int64_t k = 0; k < K; ++k) s += std::fabs(double(w[k]) * double(x[k]));
  return s;
}

double exact_dot(const float* w, const float* x, int64_t K) {
  double s = 0;
  for (int64_t k = 0; k < K; ++k) s += double(w[k]) * double(x[k]);
  return s;
}

}  // namespace

DSW_TEST(dequantisation_matches_the_gguf_reference) {
  TensorStore ref;
  const auto path = test::source_dir() / "tests" / "fixtures" / "quant" / "dequant.safetensors";
  REQUIRE_OK(load_safetensors(path, ref));
  const KernelTable* tables[4];
  const int n_tables = available_kernel_tables(tables, 4);
  for (WType t : kQuantTypes) {
    const std::string name = kWTypeGeometry[int(t)].name;
    const TensorEntry* blocks = ref.find(name + ".blocks");
    const TensorEntry* values = ref.find(name + ".values");
    REQUIRE(blocks && values && values->dtype == DType::f32);
    const int64_t K = values->shape.numel();
    REQUIRE(uint64_t(K / kWTypeGeometry[int(t)].block_elems * kWTypeGeometry[int(t)].block_bytes) == blocks->nbytes);
    const float* want = values->tensor.data_as<const float>();
    for (int ti = 0; ti < n_tables; ++ti) {
      std::vector<float> got(size_t(K), NAN);
      tables[ti]->to_f32[int(t)](blocks->tensor.data(), got.data(), K);
      int bad = 0;
      for (int64_t k = 0; k < K; ++k)
        // Q6_K rounds (d·sc)·u − 32·(d·sc) where ggml rounds (d·sc)·(u − 32): within an ulp.
        if (!(std::fabs(got[size_t(k)] - want[k]) <= 2e-7f * std::fabs(want[k]))) ++bad;
      if (bad) std::printf("    %s on %s: %d of %lld values differ\n", name.c_str(), tables[ti]->isa, bad, (long long)K);
      CHECK(bad == 0);
    }
  }
}

DSW_TEST(quantised_rows_of_every_table_match_the_portable_ones) {
  const KernelTable* tables[4];
  const int n_tables = available_kernel_tables(tables, 4);
  const KernelTable& ref = kernels_generic();
  std::printf("    kernel tables on this CPU: %d (chosen: %s)\n", n_tables, kernels().isa);
  for (WType t : kQuantTypes) {
    const int wt = int(t);
    for (int64_t K : lengths(t)) {
      constexpr int64_t kRows = 7;
      std::vector<uint8_t> w;
      for (int64_t r = 0; r < kRows; ++r) {
        auto row = random_row(t, K, uint32_t(1000 * wt + 10 * r + K));
        w.insert(w.end(), row.begin(), row.end());
      }
      const size_t rb = w.size() / kRows;
      std::vector<float> wf(size_t(kRows * K));
      for (int64_t r = 0; r < kRows; ++r) ref.to_f32[wt](w.data() + r * rb, wf.data() + r * K, K);
      auto x = randn(size_t(8 * K), uint32_t(K + wt));
      const size_t stride = size_t(act_q8_row_bytes(K));
      std::vector<uint8_t> act_ref(8 * stride, 0);
      const ActStyle style = wtype_act_style(t);
      const int block = style == ActStyle::q8_k ? 256 : 32;
      ref.quantize_act(x.data(), K, K, 8, style, act_ref.data(), stride);
      for (int T : {1, 2, 3, 5, 8}) {
        std::vector<float> y_ref(size_t(T * kRows));
        ref.gemv[wt](w.data(), rb, kRows, act_ref.data(), stride, K, T, y_ref.data(), kRows);
        for (int64_t r = 0; r < kRows; ++r)
          for (int i = 0; i < T; ++i) {
            // The portable integer dot against dequantise-then-f32.
            const float* wr = wf.data() + r * K;
            const float* xi = x.data() + i * K;
            const double err = std::fabs(double(y_ref[size_t(i * kRows + r)]) - exact_dot(wr, xi, K));
            CHECK(err <= kBoundSlack * act_bound(wr, xi, K, block) + rel_slack(style) * abs_dot(wr, xi, K));
            // The f32 reference dot is dequantise-then-f32.
            float d = 0;
            ref.dot[wt](w.data() + r * rb, xi, K, K, 1, &d);
            CHECK(std::fabs(double(d) - exact_dot(wr, xi, K)) <= 1e-5 * abs_dot(wr, xi, K) + 1e-6);
          }
        for (int ti = 0; ti < n_tables; ++ti) {
          const KernelTable& kt = *tables[ti];
          std::vector<uint8_t> act(8 * stride, 0);
          kt.quantize_act(x.data(), K, K, 8, style, act.data(), stride);
          CHECK(act == act_ref);
          std::vector<float> y(size_t(T * kRows), NAN);
          kt.gemv[wt](w.data(), rb, kRows, act_ref.data(), stride, K, T, y.data(), kRows);
          double worst = 0;
          for (int64_t r = 0; r < kRows; ++r)
            for (int i = 0; i < T; ++i) {
              const double scale = abs_dot(wf.data() + r * K, x.data() + i * K, K) + 1e-3;
              worst = std::max(worst, std::fabs(double(y[size_t(i * kRows + r)]) - double(y_ref[size_t(i * kRows + r)])) / scale);
            }
          if (!(worst < 2e-6))
            std::printf("    %s K=%lld T=%d on %s: worst relative difference %.2e\n", kWTypeGeometry[wt].name, (long long)K, T, kt.isa,
                        worst);
          CHECK(worst < 2e-6);
          std::vector<float> conv(static_cast<size_t>(K));
          kt.to_f32[wt](w.data(), conv.data(), K);
          const bool same = std::memcmp(conv.data(), wf.data(), size_t(K) * sizeof(float)) == 0;
          if (!same) std::printf("    to_f32 %s K=%lld on %s differs from the portable one\n", kWTypeGeometry[wt].name, (long long)K, kt.isa);
          CHECK(same);
        }
      }
    }
  }
}

DSW_TEST(matmul_on_quantised_weights_agrees_with_dequantised_f32) {
  ThreadPool pool(2);
  Matmul mm(pool);
  const DType dtypes[] = {DType::q8_0, DType::q4_0, DType::q4_1, DType::q5_0, DType::q5_1,
                          DType::q2_k, DType::q3_k, DType::q4_k, DType::q5_k, DType::q6_k};
  for (DType dt : dtypes) {
    const WType t = WType(wtype_index(dt));
    const int64_t N = 70, K = kWTypeGeometry[int(t)].block_elems == 256 ? 512 : 96;
    Tensor tw = Tensor::host(dt, {N, K});
    for (int64_t r = 0; r < N; ++r) {
      auto row = random_row(t, K, uint32_t(77 + r));
      std::memcpy(static_cast<uint8_t*>(tw.data()) + r * tw.row_bytes(), row.data(), row.size());
    }
    std::vector<float> wf(size_t(N * K));
    to_f32(dt, tw.data(), wf.data(), N * K);
    StoredWeight w;
    w.w = tw;
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
          const float* wr = wf.data() + n * K;
          const float* xr = x.data() + r * K;
          const double want = double(w.bias[size_t(n)]) + exact_dot(wr, xr, K);
          const double err = std::fabs(want - double(y[size_t(r * N + n)]));
          // Both paths multiply int8 activations (kernels.h); prefill's product is ~2^-16 exact.
          const ActStyle style = wtype_act_style(t);
          const double tol = kBoundSlack * act_bound(wr, xr, K, style == ActStyle::q8_k ? 256 : 32) + rel_slack(style) * abs_dot(wr, xr, K) + 1e-5;
          if (!(err <= tol)) ++bad;
        }
      if (bad) std::printf("    %s T=%lld: %d outputs off\n", std::string(dtype_name(dt)).c_str(), (long long)T, bad);
      CHECK(bad == 0);
      // Row by row through the GEMV: the same function as the batch (same int8 activations).
      double worst = 0;
      for (int64_t r = 0; r < T; ++r) {
        std::vector<float> one(static_cast<size_t>(N));
        mm.run(x.data() + r * K, 1, K, w, one.data(), N);
        for (int64_t n = 0; n < N; ++n)
          worst = std::max(worst, std::fabs(double(one[size_t(n)]) - double(y[size_t(r * N + n)])) /
                                      (abs_dot(wf.data() + n * K, x.data() + r * K, K) + 1e-3));
      }
      CHECK(worst < 1e-4);
    }
  }
}

// The activation codes are ggml's on x86 (kernels.h): Q8_0 / Q8_1 with id = 127 / max|x| (AVX
// quantize_row_q8_0 / _q8_1), Q8_K as quantize_row_q8_K_ref (iscale = −127 / max with max's sign,
// d = 1 / iscale; the sign convention gives the same d·q). Written out here from those formulas.
// The blocks are made so that 1 / (max / 127) and 127 / max differ and an element sits where the
// two round to different codes: a quantiser that multiplies by 1 / d fails.
DSW_TEST(activation_codes_are_ggmls) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(0.5f, 4.0f);
  for (ActStyle style : {ActStyle::q8_0, ActStyle::q8_1, ActStyle::q8_k}) {
    const int block = style == ActStyle::q8_k ? 256 : 32;
    const int64_t K = 2 * block;
    int tricky = 0;
    for (int trial = 0; trial < 40; ++trial) {
      std::vector<float> x(static_cast<size_t>(K));
      for (auto& v : x) v = u(rng) * (rng() % 2 ? 1.0f : -1.0f);
      for (int64_t b = 0; b < K / block; ++b) {
        // max|x| with 127 / max != 1 / (max / 127), and one element on the boundary between them.
        float amax = 0;
        for (int i = 0; i < 1000 && amax == 0; ++i) {
          const float m = 4.0f + u(rng);
          if (127.0f / m != 1.0f / (m / 127.0f)) amax = m;
        }
        REQUIRE(amax > 0);
        float* xb = x.data() + b * block;
        xb[0] = (trial % 2) ? -amax : amax;
        const float id_new = 127.0f / amax, id_old = 1.0f / (amax / 127.0f);
        float v = 40.5f / id_new;
        for (int step = 0; step < 64 && std::nearbyint(v * id_new) == std::nearbyint(v * id_old); ++step)
          v = std::nextafter(v, step % 2 ? 0.0f : 100.0f);
        if (std::nearbyint(v * id_new) != std::nearbyint(v * id_old)) ++tricky;
        xb[1 + trial % (block - 1)] = v;
      }
      const size_t stride = size_t(act_q8_row_bytes(K));
      const KernelTable* tables[4];
      const int n_tables = available_kernel_tables(tables, 4);
      for (int ti = 0; ti < n_tables; ++ti) {
        const KernelTable* kt = tables[ti];
        std::vector<uint8_t> act(stride, 0);
        kt->quantize_act(x.data(), K, K, 1, style, act.data(), stride);
        const auto* q = reinterpret_cast<const int8_t*>(act.data());
        const float* d = act_q8_d(act.data(), K);
        for (int64_t b = 0; b < K / block; ++b) {
          const float* xb = x.data() + b * block;
          float amax = 0, max = 0;
          for (int j = 0; j < block; ++j)
            if (std::fabs(xb[j]) > amax) amax = std::fabs(xb[j]), max = xb[j];
          if (style == ActStyle::q8_k) {
            const float iscale = -127.0f / max, dk = 1 / iscale;
            for (int j = 0; j < block; ++j) {
              const int qk = std::min(127, int(std::nearbyint(iscale * xb[j])));
              CHECK_EQ(float(q[b * block + j]) * d[(b * block + j) / 16], float(qk) * dk);
            }
          } else {
            const float id = 127.0f / amax;
            for (int j = 0; j < block; ++j) CHECK_EQ(int(q[b * block + j]), int(std::nearbyint(xb[j] * id)));
            CHECK_EQ(d[b * block / 16], f16_to_f32(f32_to_f16(amax / 127.0f)));
          }
        }
      }
    }
    CHECK(tricky > 0);  // the test reached blocks where the two formulas disagree
  }
}

// F16 weights multiply activations rounded to f16 (matmul.h, as llama.cpp's F16 vec_dot_type), on
// the GEMV and the prefill path alike; values beyond f16's range saturate at ±65504.
DSW_TEST(matmul_on_f16_weights_rounds_activations_to_f16) {
  ThreadPool pool(2);
  Matmul mm(pool);
  const int64_t N = 40, K = 96;
  auto wf = randn(size_t(N * K), 5, 0.1f);
  Tensor tw = Tensor::host(DType::f16, {N, K});
  from_f32(wf.data(), DType::f16, tw.data(), N * K);
  to_f32(DType::f16, tw.data(), wf.data(), N * K);
  StoredWeight w;
  w.w = tw;
  w.rows = N;
  w.cols = K;
  for (int64_t T : {int64_t(1), int64_t(5), int64_t(40)}) {
    auto x = randn(size_t(T * K), uint32_t(60 + T));
    x[3] = 7.0e4f;  // saturates
    x[size_t(K + 5) % x.size()] = 3.0e-6f;  // an f16 subnormal
    std::vector<float> xh(x.size());
    for (size_t i = 0; i < x.size(); ++i) xh[i] = f16_to_f32(f32_to_f16(std::clamp(x[i], -65504.0f, 65504.0f)));
    std::vector<float> y(size_t(T * N), NAN);
    mm.run(x.data(), T, K, w, y.data(), N);
    double worst_h = 0, worst_f = 0;
    for (int64_t t = 0; t < T; ++t)
      for (int64_t n = 0; n < N; ++n) {
        const float* wr = wf.data() + n * K;
        const double scale = abs_dot(wr, xh.data() + t * K, K);
        const double got = double(y[size_t(t * N + n)]);
        worst_h = std::max(worst_h, std::fabs(got - exact_dot(wr, xh.data() + t * K, K)) / scale);
        worst_f = std::max(worst_f, std::fabs(got - exact_dot(wr, x.data() + t * K, K)) / scale);
      }
    std::printf("    T=%lld: against f16 activations %.1e, against f32 ones %.1e\n", (long long)T, worst_h, worst_f);
    CHECK(worst_h < 2e-6);
    CHECK(worst_f > 1e-5);  // the rounding shows
  }
}
