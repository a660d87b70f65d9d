// The prefill GEMM on bf16 hardware (cpu/gemm_bf16.h) against a double-precision product, for both
// engines this CPU has (AMX tiles; vdpbf16ps), odd sizes (padding of K, T and N), bf16 weights
// (exact in bf16) and f16 weights (split into hi + lo). Skipped on CPUs without AVX512_BF16.
// F16 weights times f16 activations with the AMX lo·lo pass: every product exact (llama.cpp's F16
// dot products), the sum within f32 rounding.
#include "check.h"
#include "random_tensor.h"

#include <dsw/dtype.h>
#include <dsw/thread_pool.h>

#include "cpu/cpu_features.h"
#include "cpu/gemm_bf16.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace dsw;
using namespace dsw::cpu;
using dsw::test::randn;

namespace {

struct Rows {
  const std::vector<float>* w;
  int64_t K;
};

void rows_to_f32(const void* ctx, int64_t r0, int64_t n, float* out) {
  auto* r = static_cast<const Rows*>(ctx);
  for (int64_t i = 0; i < n * r->K; ++i) out[i] = (*r->w)[size_t(r0 * r->K + i)];
}

// Runs one engine on every shape; `rel` bounds |error| / Σ|w·x| per output.
void check_engine(Bf16Gemm kind, double rel) {
  ThreadPool pool(2);
  Bf16GemmScratch scratch;
  int cases = 0;
  for (bool bf16_weights : {true, false})
    for (int64_t K : {int64_t(32), int64_t(40), int64_t(96), int64_t(300)})
      for (int64_t N : {int64_t(1), int64_t(31), int64_t(70), int64_t(130)})
        for (int64_t T : {int64_t(1), int64_t(17), int64_t(45)}) {
          auto w = randn(size_t(N * K), uint32_t(K * 131 + N));
          for (auto& v : w) v = bf16_weights ? bf16_to_f32(f32_to_bf16(v)) : f16_to_f32(f32_to_f16(v));
          auto x = randn(size_t(T * K), uint32_t(T * 7 + K));
          const int64_t ldy = N + 3;
          std::vector<float> y(size_t(T * ldy), NAN);
          Rows r{&w, K};
          bf16_gemm(pool, kind, x.data(), T, K, K, N, WeightRows{&r, rows_to_f32}, bf16_weights, y.data(), ldy, scratch);
          int bad = 0;
          for (int64_t t = 0; t < T; ++t)
            for (int64_t n = 0; n < N; ++n) {
              double s = 0, a = 0;
              for (int64_t k = 0; k < K; ++k) {
                s += double(x[size_t(t * K + k)]) * double(w[size_t(n * K + k)]);
                a += std::fabs(double(x[size_t(t * K + k)]) * double(w[size_t(n * K + k)]));
              }
              if (!(std::fabs(s - double(y[size_t(t * ldy + n)])) <= rel * a + 1e-6)) ++bad;
            }
          if (bad) std::printf("    K=%lld N=%lld T=%lld bf16 weights %d: %d outputs off\n", (long long)K, (long long)N, (long long)T,
                               int(bf16_weights), bad);
          CHECK(bad == 0);
          ++cases;
        }
  std::printf("    %s: %d shapes\n", kind == Bf16Gemm::amx ? "amx" : "avx512bf16", cases);
}

}  // namespace

DSW_TEST(vdpbf16ps_gemm_matches_a_double_product) {
  if (!cpu_features().avx512_bf16) SKIP("no AVX512_BF16 on this CPU");
  // hi + lo activations (and weights): ~2^-16 relative per product.
  check_engine(Bf16Gemm::avx512bf16, 1.0 / 32768);
}

DSW_TEST(amx_gemm_matches_a_double_product) {
  if (!cpu_features().amx_bf16) SKIP("no AMX-BF16 on this CPU (or the OS did not grant the tile state)");
  // hi + lo activations (and weights): ~2^-16 relative per product.
  check_engine(Bf16Gemm::amx, 1.0 / 32768);
}

DSW_TEST(amx_gemm_of_f16_operands_is_exact_with_the_lo_lo_pass) {
  if (!cpu_features().amx_bf16) SKIP("no AMX-BF16 on this CPU (or the OS did not grant the tile state)");
  ThreadPool pool(2);
  Bf16GemmScratch scratch;
  const int64_t K = 300, N = 70, T = 45;
  auto w = randn(size_t(N * K), 3);
  auto x = randn(size_t(T * K), 4);
  for (auto& v : w) v = f16_to_f32(f32_to_f16(v));
  for (auto& v : x) v = f16_to_f32(f32_to_f16(v));
  Rows r{&w, K};
  double worst[2] = {0, 0};
  for (int exact = 0; exact < 2; ++exact) {
    std::vector<float> y(size_t(T * N), NAN);
    bf16_gemm(pool, Bf16Gemm::amx, x.data(), T, K, K, N, WeightRows{&r, rows_to_f32}, false, y.data(), N, scratch, 512 * 1024,
              exact == 1);
    for (int64_t t = 0; t < T; ++t)
      for (int64_t n = 0; n < N; ++n) {
        double s = 0, a = 0;
        for (int64_t k = 0; k < K; ++k) {
          s += double(x[size_t(t * K + k)]) * double(w[size_t(n * K + k)]);
          a += std::fabs(double(x[size_t(t * K + k)]) * double(w[size_t(n * K + k)]));
        }
        worst[exact] = std::max(worst[exact], std::fabs(s - double(y[size_t(t * N + n)])) / a);
      }
  }
  std::printf("    worst |error| / sum|w·x|: three passes %.1e, with lo·lo %.1e\n", worst[0], worst[1]);
  CHECK(worst[1] < 1e-6);        // exact products, f32 sums over 300 terms
  CHECK(worst[0] > 4 * worst[1]);  // the missing lo·lo term shows without it
}
