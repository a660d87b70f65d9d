// The scheduler's counters: cumulative Prometheus-style histograms and a window of recent
// completions for live rates and percentiles. Not thread-safe: the scheduler guards it.
#pragma once

#include <dsw/serve.h>

#include <chrono>
#include <deque>
#include <vector>

namespace dsw::serve {

using Clock = std::chrono::steady_clock;

// Counts per bucket of `bounds` (value <= bound), the last entry counting values above all bounds.
class Histogram {
 public:
  explicit Histogram(const std::vector<double>& bounds) : bounds_(bounds), counts_(bounds.size() + 1, 0) {}
  void add(double v);
  const std::vector<int64_t>& counts() const noexcept { return counts_; }
  double sum() const noexcept { return sum_; }

 private:
  const std::vector<double>& bounds_;
  std::vector<int64_t> counts_;
  double sum_ = 0;
};

// The value at quantile q (0..1) of `values` (dsw::percentile: linear interpolation); 0 when empty.
double quantile(const std::vector<double>& values, double q);

class StatsRecorder {
 public:
  StatsRecorder();
  void step(Clock::time_point t, int64_t requests_in_batch, int64_t tokens_generated, double seconds);
  void completion(Clock::time_point t, double latency, double ttft, bool has_first_token);
  // Fills the counters, histograms and the window ending at `now` into `out`.
  void fill(ServeStats& out, Clock::time_point now, double window_seconds) const;

  int64_t steps = 0;
  double busy_seconds = 0;

 private:
  void prune(Clock::time_point now);
  struct Done {
    Clock::time_point t;
    double latency, ttft;
    bool has_ttft;
  };
  struct Step {
    Clock::time_point t;
    int64_t size;
    int64_t tokens;
  };
  Histogram batch_, ttft_, latency_;
  std::deque<Done> recent_;
  std::deque<Step> recent_steps_;
};

}  // namespace dsw::serve
