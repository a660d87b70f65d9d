// HessianTap: accumulates H = Σ xᵀ·x (fp32) per shared input of the Linears being calibrated,
// the rows that reached it (a routed expert sees only its tokens) and the mean |x| per channel
// (for AWQ's activation scale). Installed on a LayerRunner pass; the session thread calls it.
#pragma once

#include "compute/linear.h"

#include <dsw/thread_pool.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace dsw::quant {

struct InputStats {
  int64_t n = 0;                 // input width
  int64_t rows = 0;              // calibration rows seen
  std::vector<float> h;          // [n, n] row-major Σ xᵀx
  std::vector<double> abs_sum;   // Σ |x| per channel
};

class HessianTap final : public LinearTap {
 public:
  explicit HessianTap(ThreadPool& pool) : pool_(pool) {}
  // Observe `linear` (its input accumulates into `key`); Linears sharing a key are observed once.
  void watch(const Linear* linear, const std::string& key);
  bool wants(const Linear& linear) const override;
  void on_input(const Linear& linear, const float* x, int64_t T, int64_t ldx) override;

  std::map<std::string, InputStats>& stats() noexcept { return stats_; }

 private:
  ThreadPool& pool_;
  std::unordered_map<const Linear*, std::string> primary_;  // the one Linear per key that is observed
  std::map<std::string, InputStats> stats_;
};

// H += xᵀ·x for x [T, n] (row stride ldx), split over the pool by rows of H.
void accumulate_hessian(ThreadPool& pool, float* h, int64_t n, const float* x, int64_t T, int64_t ldx);

}  // namespace dsw::quant
