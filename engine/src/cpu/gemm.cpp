// Pool-split OpenBLAS sgemm calls (see gemm.h).
#include "cpu/gemm.h"

#include "cpu/blas.h"

#include <algorithm>

namespace dsw::cpu {
namespace {

using cpu::blas::no_trans;
using cpu::blas::sgemm;
using cpu::blas::trans;

// Work below this many multiply-adds runs on one thread (splitting costs more than it saves).
constexpr int64_t kSerialFlops = 1 << 16;

// Splits [0, n) into blocks of at least `grain` for the pool.
template <class F>
void split(ThreadPool& pool, int64_t n, int64_t work, F&& f) {
  if (work < kSerialFlops || pool.size() == 1 || n < 32) {
    f(0, n);
    return;
  }
  const int64_t grain = std::max<int64_t>(16, (n / pool.size() + 15) / 16 * 16);
  pool.parallel_for(n, [&](int64_t b, int64_t e, int) { f(b, e); }, grain);
}

}  // namespace

void gemm_nt_1(int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda, const float* B, int64_t ldb, float beta,
               float* C, int64_t ldc) {
  if (M <= 0 || N <= 0) return;
  sgemm(no_trans, trans, int(M), int(N), int(K), alpha, A, int(lda), B, int(ldb), beta, C, int(ldc));
}
void gemm_nn_1(int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda, const float* B, int64_t ldb, float beta,
               float* C, int64_t ldc) {
  if (M <= 0 || K <= 0) return;
  sgemm(no_trans, no_trans, int(M), int(K), int(N), alpha, A, int(lda), B, int(ldb), beta, C, int(ldc));
}
void gemm_tn_1(int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda, const float* B, int64_t ldb, float beta,
               float* C, int64_t ldc) {
  if (N <= 0 || K <= 0) return;
  if (M <= 0) {
    if (beta == 0)
      for (int64_t i = 0; i < N; ++i) std::fill(C + i * ldc, C + i * ldc + K, 0.0f);
    return;
  }
  sgemm(trans, no_trans, int(N), int(K), int(M), alpha, A, int(lda), B, int(ldb), beta, C, int(ldc));
}

void gemm_nt(ThreadPool& pool, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B, int64_t ldb,
             float* C, int64_t ldc, bool accumulate) {
  split(pool, N, M * N * K, [&](int64_t n0, int64_t n1) {
    gemm_nt_1(M, n1 - n0, K, 1.0f, A, lda, B + n0 * ldb, ldb, accumulate ? 1.0f : 0.0f, C + n0, ldc);
  });
}

void gemm_nn(ThreadPool& pool, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B, int64_t ldb,
             float* C, int64_t ldc, bool accumulate) {
  split(pool, K, M * N * K, [&](int64_t k0, int64_t k1) {
    gemm_nn_1(M, N, k1 - k0, 1.0f, A, lda, B + k0, ldb, accumulate ? 1.0f : 0.0f, C + k0, ldc);
  });
}

void gemm_tn(ThreadPool& pool, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B, int64_t ldb,
             float* C, int64_t ldc, bool accumulate) {
  split(pool, N, M * N * K, [&](int64_t n0, int64_t n1) {
    gemm_tn_1(M, n1 - n0, K, 1.0f, A + n0, lda, B, ldb, accumulate ? 1.0f : 0.0f, C + n0 * ldc, ldc);
  });
}

}  // namespace dsw::cpu
