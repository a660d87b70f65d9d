// The three f32 matrix products training needs, row-major, split over the thread pool.
//
//   gemm_nt: C[M,N] (+)= A[M,K] · B[N,K]ᵀ   forward of y = x·Wᵀ
//   gemm_nn: C[M,K] (+)= A[M,N] · B[N,K]    input gradient dx = dy·W
//   gemm_tn: C[N,K] (+)= A[M,N]ᵀ · B[M,K]   weight gradient dW = dyᵀ·x
//
// Each call splits the output columns (nt, nn) or rows (tn) into one block per thread so no two
// threads write the same element; OpenBLAS runs single-threaded inside each block. `accumulate`
// selects C += (parameter gradients, llm.c's convention) or C = (activations).
// Used by the CPU backend's Linear backward and by the host training ops (train/ops).
#pragma once

#include <dsw/thread_pool.h>

#include <cstdint>

namespace dsw::cpu {

void gemm_nt(ThreadPool& pool, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B, int64_t ldb,
             float* C, int64_t ldc, bool accumulate);
void gemm_nn(ThreadPool& pool, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B, int64_t ldb,
             float* C, int64_t ldc, bool accumulate);
void gemm_tn(ThreadPool& pool, int64_t M, int64_t N, int64_t K, const float* A, int64_t lda, const float* B, int64_t ldb,
             float* C, int64_t ldc, bool accumulate);

// The same products on the calling thread only (inside tasks that are already parallel).
void gemm_nt_1(int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda, const float* B, int64_t ldb, float beta,
               float* C, int64_t ldc);
void gemm_nn_1(int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda, const float* B, int64_t ldb, float beta,
               float* C, int64_t ldc);
void gemm_tn_1(int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda, const float* B, int64_t ldb, float beta,
               float* C, int64_t ldc);

}  // namespace dsw::cpu
