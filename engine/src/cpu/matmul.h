// y = x · Wᵀ (+ bias) on the CPU with weights kept as stored.
//
// Few rows (decode, small batches): one pass over W, each weight row widened in registers and
// multiplied with every activation row (memory-bound, so W is read once). Many rows (prefill):
// W is converted to f32 in tiles of output rows and each tile goes through OpenBLAS sgemm. The
// thread pool splits output rows; OpenBLAS runs single-threaded inside each task.
#pragma once

#include "compute/stored_weight.h"

#include <dsw/thread_pool.h>

#include <cstdint>
#include <vector>

namespace dsw::cpu {

class Matmul {
 public:
  explicit Matmul(ThreadPool& pool);

  // x [T, K] with row stride ldx; y [T, N] with row stride ldy; K = w.cols, N = w.rows.
  void run(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy);

  // Rows at or below this use the one-pass path.
  static constexpr int64_t kGemvRows = 8;

 private:
  void gemv(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy);
  void tiled(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy);

  ThreadPool& pool_;
  std::vector<std::vector<float>> scratch_;  // per thread
};

// Widens rows [r0, r0 + n) of w to f32 into out (n * cols floats), applying FP8 block scales.
void weight_rows_to_f32(const StoredWeight& w, int64_t r0, int64_t n, float* out);

}  // namespace dsw::cpu
