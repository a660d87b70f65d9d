// RMSNorm forward/backward (see rmsnorm.h).
#include "train/ops/rmsnorm.h"

#include "cpu/kernels.h"

#include <cmath>
#include <vector>

namespace dsw::train {

void rmsnorm_forward(ThreadPool& pool, const float* x, int64_t T, int64_t C, const float* g, float eps, float* y, float* rho) {
  const auto& kt = cpu::kernels();
  pool.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      const float* xr = x + t * C;
      const float ms = kt.sum_squares(xr, C) / float(C);
      const float s = 1.0f / std::sqrt(ms + eps);
      rho[t] = s;
      kt.scale_mul(xr, s, g, y + t * C, C);
    }
  }, 4);
}

void rmsnorm_backward(ThreadPool& pool, const float* x, const float* rho, const float* g, const float* dy, int64_t T, int64_t C,
                      float* dx, bool accumulate_dx, float* dg) {
  std::vector<std::vector<double>> dg_part(dg ? size_t(pool.size()) : 0);
  pool.parallel_for(T, [&](int64_t t0, int64_t t1, int tid) {
    std::vector<double>* part = nullptr;
    if (dg) {
      part = &dg_part[size_t(tid)];
      part->assign(size_t(C), 0.0);
    }
    for (int64_t t = t0; t < t1; ++t) {
      const float* xr = x + t * C;
      const float* dyr = dy + t * C;
      const float r = rho[t];
      double dot = 0;
      for (int64_t j = 0; j < C; ++j) dot += double(dyr[j]) * g[j] * (xr[j] * r);
      const float mean = float(dot / double(C));
      float* dxr = dx ? dx + t * C : nullptr;
      for (int64_t j = 0; j < C; ++j) {
        const float n = xr[j] * r;
        if (dxr) {
          const float v = r * (dyr[j] * g[j] - n * mean);
          dxr[j] = accumulate_dx ? dxr[j] + v : v;
        }
        if (part) (*part)[size_t(j)] += double(dyr[j]) * n;
      }
    }
  }, 4);
  if (dg)
    for (auto& part : dg_part)
      for (size_t j = 0; j < part.size(); ++j) dg[j] += float(part[j]);
}

}  // namespace dsw::train
