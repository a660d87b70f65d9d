// sgemm_rate M N K THREADS: the OpenBLAS sgemm rate (GFLOP/s) for C[M,N] = A[M,K] · B[N,K]ᵀ, the
// layout of a prefill matmul (activations × weight rows). The reference that
// docs/performance.md compares prefill GFLOP/s with. Best of two warm-ups, 20 timed calls.
// Set OPENBLAS_CORETYPE when OpenBLAS misdetects the CPU (the engine does this itself).
#include <cblas.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: sgemm_rate M N K THREADS\n");
    return 2;
  }
  const int m = std::atoi(argv[1]), n = std::atoi(argv[2]), k = std::atoi(argv[3]), threads = std::atoi(argv[4]);
  if (m <= 0 || n <= 0 || k <= 0 || threads <= 0) {
    std::fprintf(stderr, "sgemm_rate: M, N, K and THREADS must be positive\n");
    return 2;
  }
  openblas_set_num_threads(threads);
  std::vector<float> a(size_t(m) * k, 0.01f), b(size_t(n) * k, 0.02f), c(size_t(m) * n);
  auto run = [&] { cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, a.data(), k, b.data(), k, 0, c.data(), n); };
  run();
  run();
  const int reps = 20;
  const auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < reps; ++r) run();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%dx%dx%d threads %d: %.1f GFLOP/s (%s)\n", m, n, k, threads, 2.0 * m * n * k * reps / s / 1e9, openblas_get_config());
  return 0;
}
