// SwiGLU forward/backward (see swiglu.h).
#include "train/ops/swiglu.h"

#include "cpu/kernels.h"

#include <cmath>
#include <cstring>

namespace dsw::train {

void swiglu_forward(ThreadPool& pool, const float* a, const float* b, float* h, int64_t n) {
  const auto& kt = cpu::kernels();
  pool.parallel_for(n, [&](int64_t i0, int64_t i1, int) {
    std::memcpy(h + i0, a + i0, size_t(i1 - i0) * sizeof(float));
    kt.silu_mul(h + i0, b + i0, i1 - i0);
  }, 4096);
}

void swiglu_backward(ThreadPool& pool, const float* a, const float* b, const float* dh, float* da, float* db, int64_t n) {
  pool.parallel_for(n, [&](int64_t i0, int64_t i1, int) {
    for (int64_t i = i0; i < i1; ++i) {
      const float x = a[i];
      // exp(-x) overflows to inf for x < -88: σ -> 0 and silu' -> 0 without NaN.
      const float s = 1.0f / (1.0f + std::exp(-x));
      da[i] = dh[i] * b[i] * s * (1.0f + x * (1.0f - s));
      db[i] = dh[i] * x * s;
    }
  }, 4096);
}

}  // namespace dsw::train
