// Speed benchmarks of a model: prefill and decode throughput, time to first token, per-token
// latency percentiles, peak memory, with warm-up, repetitions, median and spread.
#pragma once

#include <dsw/bench_schema.h>
#include <dsw/job.h>
#include <dsw/model.h>
#include <dsw/status.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dsw {

struct BenchOptions {
  int64_t prompt_tokens = 512;
  int64_t gen_tokens = 128;
  int64_t batch = 1;
  int64_t reps = 3;
  int64_t warmup = 1;
  uint64_t seed = 1;               // random prompt tokens
  double noisy_cv = 0.05;          // decode CV above this marks the row noisy
  double copy_bandwidth_gbs = 0;   // measured host copy bandwidth, 0: measure it
};

// Runs the speed suite on a loaded model and fills a row (model facts, host facts, metrics).
// Progress phase "bench", unit "reps".
Result<BenchRow> run_speed_bench(const std::shared_ptr<Model>& model, const BenchOptions& options, const JobContext& job = no_job());

// Facts about this machine and build, for every row.
void fill_host_fields(BenchRow& row, const DeviceSpec& device);
// Facts about a model (architecture, parameters, precision, path).
void fill_model_fields(BenchRow& row, const Model& model);

// Measured single-thread-pool memory copy bandwidth of this host in GB/s (large buffer memcpy).
double measure_copy_bandwidth_gbs(int n_threads);

// Peak resident set of this process so far, in bytes.
uint64_t peak_rss_bytes();

// p-th percentile (0..100) by linear interpolation; 0 for an empty list.
double percentile(std::vector<double> values, double p);
double median(std::vector<double> values);

}  // namespace dsw
