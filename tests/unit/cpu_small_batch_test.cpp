// Small batches (1..17 activation rows, and the group edges up to 65) through cpu::Matmul as the
// engine calls it, against a double-precision product: bf16 weights take the AMX tile product of
// gemv_amx.cpp on CPUs with AMX (2..64 rows), the one-pass GEMV or the prefill GEMM elsewhere; f16 and f32 weights keep their
// paths. Odd shapes (tails of 16 and 64 weight rows, K not a multiple of 32), row views that start
// inside a 16-row block, activation and output row strides wider than the rows, and a bias. Also:
// on the AMX path one row's result does not depend on the other rows of its batch.
#include "check.h"
#include "random_tensor.h"

#include <dsw/dtype.h>
#include <dsw/thread_pool.h>

#include "cpu/convert.h"
#include "cpu/cpu_features.h"
#include "cpu/matmul.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace dsw;
using namespace dsw::cpu;
using dsw::test::randn;

namespace {

struct Weight {
  StoredWeight full;
  std::vector<float> wf;  // the exact f32 values of every row of `full`
};

Weight make_weight(DType dt, int64_t N, int64_t K, uint32_t seed) {
  Weight r;
  auto wv = randn(size_t(N * K), seed, 0.1f);
  Tensor t = Tensor::host(dt, {N, K});
  from_f32(wv.data(), dt, t.data(), N * K);
  r.wf.resize(size_t(N * K));
  to_f32(dt, t.data(), r.wf.data(), N * K);
  r.full.w = t;
  r.full.rows = N;
  r.full.cols = K;
  r.full.bias = randn(size_t(N), seed + 1);
  return r;
}

// Outputs of w (rows [r0, r0 + w.rows) of `all`) for T rows of x (stride ldx) off by more than
// ~2^-16 of Σ|w·x| (the bf16 hardware paths' accuracy, gemm_bf16.h) from a double product.
int count_bad(const Weight& all, int64_t r0, const StoredWeight& w, const std::vector<float>& x, int64_t T, int64_t ldx,
              const std::vector<float>& y, int64_t ldy) {
  const int64_t K = w.cols;
  int bad = 0;
  for (int64_t t = 0; t < T; ++t)
    for (int64_t n = 0; n < w.rows; ++n) {
      double s = w.bias[size_t(n)], abs_sum = 0;
      for (int64_t k = 0; k < K; ++k) {
        float xv = x[size_t(t * ldx + k)];
        if (w.w.dtype() == DType::f16) xv = f16_to_f32(f32_to_f16(xv));  // f16 weights take f16 activations (matmul.h)
        const double p = double(xv) * double(all.wf[size_t((r0 + n) * K + k)]);
        s += p;
        abs_sum += std::fabs(p);
      }
      if (!(std::fabs(s - double(y[size_t(t * ldy + n)])) <= 1e-4 + abs_sum / 32768)) ++bad;
    }
  return bad;
}

}  // namespace

DSW_TEST(small_batches_agree_with_a_double_product) {
  ThreadPool pool(2);
  Matmul mm(pool);
  int amx_cases = 0, amx_expected = 0, cases = 0;
  std::vector<int64_t> batch;
  for (int64_t T = 1; T <= 17; ++T) batch.push_back(T);
  for (int64_t T : {31, 32, 33, 48, 64, 65}) batch.push_back(T);
  for (DType dt : {DType::bf16, DType::f16, DType::f32})
    for (int64_t K : {int64_t(64), int64_t(40), int64_t(352)})
      for (int64_t N : {int64_t(16), int64_t(79), int64_t(150)}) {
        const Weight all = make_weight(dt, N, K, uint32_t(K * 7 + N));
        // The whole weight, and a view starting at row 3 (inside a 16-row block).
        for (int64_t r0 : {int64_t(0), int64_t(3)}) {
          const StoredWeight w = r0 ? all.full.rows_view(r0, N - r0) : all.full;
          const int64_t ldx = K + 5, ldy = w.rows + 3;
          for (int64_t T : batch) {
            auto x = randn(size_t(T * ldx), uint32_t(100 + T + K));
            std::vector<float> y(size_t(T * ldy), NAN);
            mm.run(x.data(), T, ldx, w, y.data(), ldy);
            const int bad = count_bad(all, r0, w, x, T, ldx, y, ldy);
            if (bad)
              std::printf("    %s K=%lld N=%lld view at %lld T=%lld: %d outputs off\n", std::string(dtype_name(dt)).c_str(), (long long)K,
                          (long long)N, (long long)r0, (long long)T, bad);
            CHECK(bad == 0);
            // Padding between output rows is left alone.
            for (int64_t t = 0; t < T; ++t)
              for (int64_t j = w.rows; j < ldy; ++j) CHECK(std::isnan(y[size_t(t * ldy + j)]));
            amx_cases += mm.takes_amx_rows(w, T);
            amx_expected += dt == DType::bf16 && K % 32 == 0 && T >= Matmul::kAmxRowsMin && T <= Matmul::kAmxRowsMax;
            ++cases;
          }
        }
      }
  std::printf("    %d shapes, %d on the AMX small-batch path\n", cases, amx_cases);
  // On a CPU with AMX the bf16 shapes with K a multiple of 32 and 2..64 rows must take it.
  CHECK(amx_cases == (Matmul::amx_rows_available() ? amx_expected : 0));
  if (cpu_features().amx_bf16 && !Matmul::amx_rows_available()) std::printf("    (DSW_AMX_ROWS=0: path off)\n");
}

DSW_TEST(amx_small_batch_rows_do_not_depend_on_their_batch) {
  if (!Matmul::amx_rows_available()) SKIP("no AMX-BF16 on this CPU (or the OS did not grant the tile state, or DSW_AMX_ROWS=0)");
  ThreadPool pool(2);
  Matmul mm(pool);
  const int64_t N = 150, K = 96;
  const Weight all = make_weight(DType::bf16, N, K, 5);
  const auto x = randn(size_t(Matmul::kAmxRowsMax * K), 6);
  std::vector<float> y2(size_t(2 * N));
  mm.run(x.data(), 2, K, all.full, y2.data(), N);
  for (int64_t T = 3; T <= Matmul::kAmxRowsMax; ++T) {
    std::vector<float> y(size_t(T * N));
    mm.run(x.data(), T, K, all.full, y.data(), N);
    CHECK(std::memcmp(y.data(), y2.data(), size_t(2 * N) * sizeof(float)) == 0);
  }
  // A lone row in a batch-invariant session takes the tiles too (one row wide) and matches.
  Matmul inv(pool);
  inv.set_batch_invariant(true);
  std::vector<float> y1(static_cast<size_t>(N));
  inv.run(x.data(), 1, K, all.full, y1.data(), N);
  CHECK(std::memcmp(y1.data(), y2.data(), size_t(N) * sizeof(float)) == 0);
}
