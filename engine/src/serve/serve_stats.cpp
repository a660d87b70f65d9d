// StatsRecorder: histograms and the recent window.
#include "serve/serve_stats.h"

#include <dsw/bench.h>

#include <algorithm>
#include <cmath>

namespace dsw {

const std::vector<double>& serve_batch_buckets() {
  static const std::vector<double> b = {1, 2, 4, 8, 16, 32, 64, 128, 256};
  return b;
}

const std::vector<double>& serve_seconds_buckets() {
  static const std::vector<double> b = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
  return b;
}

namespace serve {
namespace {

// The window keeps at most this long and this many entries, so memory stays bounded at any rate.
constexpr double kKeepSeconds = 120;
constexpr size_t kKeepEntries = 20000;

double seconds_between(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

}  // namespace

void Histogram::add(double v) {
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), v);
  counts_[size_t(at - bounds_.begin())]++;
  sum_ += v;
}

double quantile(const std::vector<double>& values, double q) { return percentile(values, q * 100.0); }

StatsRecorder::StatsRecorder()
    : batch_(serve_batch_buckets()), ttft_(serve_seconds_buckets()), latency_(serve_seconds_buckets()) {}

void StatsRecorder::step(Clock::time_point t, int64_t requests_in_batch, int64_t tokens_generated, double seconds) {
  ++steps;
  busy_seconds += seconds;
  batch_.add(double(requests_in_batch));
  recent_steps_.push_back({t, requests_in_batch, tokens_generated});
  prune(t);
}

void StatsRecorder::completion(Clock::time_point t, double latency, double ttft, bool has_first_token) {
  latency_.add(latency);
  if (has_first_token) ttft_.add(ttft);
  recent_.push_back({t, latency, ttft, has_first_token});
  prune(t);
}

void StatsRecorder::prune(Clock::time_point now) {
  while (!recent_.empty() && (recent_.size() > kKeepEntries || seconds_between(recent_.front().t, now) > kKeepSeconds))
    recent_.pop_front();
  while (!recent_steps_.empty() &&
         (recent_steps_.size() > kKeepEntries || seconds_between(recent_steps_.front().t, now) > kKeepSeconds))
    recent_steps_.pop_front();
}

void StatsRecorder::fill(ServeStats& out, Clock::time_point now, double window) const {
  out.steps = steps;
  out.busy_seconds = busy_seconds;
  out.batch_size_counts = batch_.counts();
  out.batch_size_sum = batch_.sum();
  out.ttft_counts = ttft_.counts();
  out.ttft_sum = ttft_.sum();
  out.latency_counts = latency_.counts();
  out.latency_sum = latency_.sum();
  out.window_seconds = window;
  std::vector<double> lat, ttft;
  for (auto it = recent_.rbegin(); it != recent_.rend() && seconds_between(it->t, now) <= window; ++it) {
    lat.push_back(it->latency);
    if (it->has_ttft) ttft.push_back(it->ttft);
  }
  out.window_qps = double(lat.size()) / window;
  out.window_latency_p50 = quantile(lat, 0.5);
  out.window_latency_p99 = quantile(lat, 0.99);
  out.window_ttft_p50 = quantile(ttft, 0.5);
  out.window_ttft_p99 = quantile(ttft, 0.99);
  double rows = 0;
  int64_t n = 0, tokens = 0;
  for (auto it = recent_steps_.rbegin(); it != recent_steps_.rend() && seconds_between(it->t, now) <= window; ++it) {
    rows += double(it->size);
    tokens += it->tokens;
    ++n;
  }
  out.window_tokens_per_s = double(tokens) / window;
  out.window_batch_mean = n ? rows / double(n) : 0;
}

}  // namespace serve
}  // namespace dsw
