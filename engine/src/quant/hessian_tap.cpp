// HessianTap: per-input Gram matrices from a forward pass.
#include "quant/hessian_tap.h"

#include "cpu/blas.h"

#include <cmath>

namespace dsw::quant {

void accumulate_hessian(ThreadPool& pool, float* h, int64_t n, const float* x, int64_t T, int64_t ldx) {
  if (T <= 0) return;
  pool.parallel_for(n, [&](int64_t r0, int64_t r1, int) {
    // H[r0:r1, :] += X[:, r0:r1]ᵀ · X
    cpu::blas::sgemm(cpu::blas::trans, cpu::blas::no_trans, int(r1 - r0), int(n), int(T), 1.0f, x + r0, int(ldx), x, int(ldx), 1.0f,
                     h + r0 * n, int(n));
  }, 16);
}

void HessianTap::watch(const Linear* linear, const std::string& key) {
  for (const auto& [l, k] : primary_)
    if (k == key) return;
  primary_[linear] = key;
  InputStats& s = stats_[key];
  s.n = linear->in_features();
  s.h.assign(size_t(s.n * s.n), 0.0f);
  s.abs_sum.assign(size_t(s.n), 0.0);
}

bool HessianTap::wants(const Linear& linear) const { return primary_.count(&linear) > 0; }

void HessianTap::on_input(const Linear& linear, const float* x, int64_t T, int64_t ldx) {
  auto it = primary_.find(&linear);
  if (it == primary_.end()) return;
  InputStats& s = stats_[it->second];
  accumulate_hessian(pool_, s.h.data(), s.n, x, T, ldx);
  for (int64_t t = 0; t < T; ++t)
    for (int64_t c = 0; c < s.n; ++c) s.abs_sum[size_t(c)] += std::fabs(x[t * ldx + c]);
  s.rows += T;
}

}  // namespace dsw::quant
