// Chunked head + cross-entropy (see cross_entropy.h).
#include "train/ops/cross_entropy.h"

#include "cpu/kernels.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace dsw::train {

double cross_entropy_head(OpContext& ctx, const TrainLinear& head, const float* h, const int32_t* labels, int64_t R, double c,
                          float* dh) {
  const int64_t V = head.out(), H = head.in();
  const int64_t chunk = std::clamp<int64_t>((int64_t(64) << 20) / 4 / std::max<int64_t>(V, 1), 8, 256);
  std::vector<float> z(size_t(std::min(chunk, R) * V));
  std::vector<double> row_loss(size_t(std::min(chunk, R)));
  double total = 0;
  const auto& kt = cpu::kernels();
  for (int64_t r0 = 0; r0 < R; r0 += chunk) {
    const int64_t n = std::min(chunk, R - r0);
    linear_forward(ctx, head, h + r0 * H, n, z.data(), nullptr);
    ctx.pool.parallel_for(n, [&](int64_t i0, int64_t i1, int) {
      for (int64_t i = i0; i < i1; ++i) {
        float* row = z.data() + i * V;
        float m = -std::numeric_limits<float>::infinity();
        for (int64_t j = 0; j < V; ++j) m = std::max(m, row[j]);
        const int32_t y = labels[r0 + i];
        const float zy = row[y];
        const float sum = kt.exp_shift_sum(row, m, V);  // row <- exp(z - m)
        const double lse = double(m) + std::log(double(sum));
        row_loss[size_t(i)] = lse - double(zy);
        if (dh) {
          const float k = float(c / double(sum));
          for (int64_t j = 0; j < V; ++j) row[j] *= k;
          row[y] -= float(c);
        }
      }
    }, 1);
    for (int64_t i = 0; i < n; ++i) total += row_loss[size_t(i)];
    if (dh) linear_backward(ctx, head, LinearSaved{}, h + r0 * H, z.data(), n, dh + r0 * H, false);
  }
  return total;
}

}  // namespace dsw::train
