// OpenBLAS, loaded at first use with the right kernels for this CPU.
//
// Debian's OpenBLAS (0.3.21, DYNAMIC_ARCH) picks its kernels in a library constructor from the
// CPU model number, and falls back to SSE3 "Prescott" kernels on CPUs it does not know (e.g.
// Sapphire Rapids): 25 instead of 136 GFLOP/s per core. Loading it with dlopen after setting
// OPENBLAS_CORETYPE from our own feature detection avoids that; a user-set OPENBLAS_CORETYPE is
// respected. OpenBLAS runs single-threaded: our thread pool parallelises around its calls.
#pragma once

#include <string>

namespace dsw::cpu::blas {

enum Layout { row_major = 101 };
enum Trans { no_trans = 111, trans = 112 };

// C = alpha · op(A) · op(B) + beta · C (CBLAS semantics, row-major). Throws dsw::Error(unsupported)
// when OpenBLAS cannot be loaded.
void sgemm(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb, float beta,
           float* c, int ldc);

// LAPACK's Cholesky factorisation and the inverse from it (OpenBLAS carries LAPACK), on an n × n
// column-major matrix (a symmetric matrix is the same in either order): uplo 'L' or 'U'.
// Return LAPACK's info (0 success, > 0 not positive definite). Throw unsupported when absent.
int spotrf(char uplo, int n, float* a, int lda);
int spotri(char uplo, int n, float* a, int lda);

// "OpenBLAS 0.3.21 ... SkylakeX" — what was loaded, for benchmark rows and `dsw-cli devices`.
std::string description();

}  // namespace dsw::cpu::blas
