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
  const auto& kt = cpu::kernels();
  pool.parallel_for(n, [&](int64_t i0, int64_t i1, int) {
    kt.silu_mul_backward(a + i0, b + i0, dh + i0, da + i0, db + i0, i1 - i0);
  }, 4096);
}

}  // namespace dsw::train
