// Speed benchmarks of a model: prefill and decode throughput, time to first token, per-token
// latency percentiles, peak memory, with warm-up, repetitions, median and spread.
#pragma once

#include <dsw/bench_schema.h>
#include <dsw/job.h>
#include <dsw/model.h>
#include <dsw/status.h>
#include <dsw/tokenizer.h>

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
  double read_bandwidth_gbs = 0;   // host read bandwidth for the bandwidth fraction, 0: measure it
};

// Runs the speed suite on a loaded model and fills a row (model facts, host facts, metrics).
// Progress phase "bench", unit "reps".
Result<BenchRow> run_speed_bench(const std::shared_ptr<Model>& model, const BenchOptions& options, const JobContext& job = no_job());

// A sweep of the speed suite over one parameter: one row per value, suite "sweep", notes
// "batch=N" or "prompt=N" (before any notes the suite wrote). An empty parameter means a single
// plain speed run (suite "speed"). dsw-cli bench --sweep and the workbench's Benchmarks area both
// run this, so their rows are alike.
struct BenchSweep {
  std::string parameter;        // "", "batch" or "prompt"
  std::vector<int64_t> values;  // each in 1 .. 2^20
};
// Parses "batch=1,2,4" or "prompt=64,128" (invalid_input naming the bad part otherwise).
Result<BenchSweep> parse_bench_sweep(std::string_view spec);
// Runs the speed suite once per sweep value (progress phase "bench", as run_speed_bench; the
// message says which point). Cancelling stops between points and returns cancelled.
Result<std::vector<BenchRow>> run_bench_sweep(const std::shared_ptr<Model>& model, const BenchOptions& options,
                                              const BenchSweep& sweep, const JobContext& job = no_job());

// The perplexity suite: PPL of the model on a text file (llama.cpp chunks, or a sliding window
// when stride > 0). The row names the tokenizer and the file.
struct PerplexityBenchOptions {
  std::string file;
  int64_t ctx = 512;
  int64_t stride = 0;
  std::string tokenizer_name;  // recorded with the figure
};
Result<BenchRow> run_perplexity_bench(const std::shared_ptr<Model>& model, const Tokenizer& tokenizer,
                                      const PerplexityBenchOptions& options, const JobContext& job = no_job());

// The diversity suite: N sampled continuations of a prompt; distinct-1/2 (distinct n-grams over
// all n-grams of all samples) and repetition rate (share of generated tokens that repeat one of
// the previous 64 of their sample).
struct DiversityBenchOptions {
  std::string prompt = "Once upon a time";
  int64_t samples = 8;
  int64_t tokens = 64;
  float temperature = 0.8f;
  float top_p = 0.95f;
  uint64_t seed = 1;
};
Result<BenchRow> run_diversity_bench(const std::shared_ptr<Model>& model, const Tokenizer& tokenizer,
                                     const DiversityBenchOptions& options, const JobContext& job = no_job());

// The quality suite: a model against its reference (the unquantized original) on the same tokens
// (one tokenizer, llama.cpp's chunk protocol as the perplexity suite): both perplexities and the
// change in percent, the mean and 99th percentile of KL(p_ref || p_model) over the scored tokens,
// top-1 agreement, for MoE models the routing agreement per layer (mean Jaccard of the selected
// experts, share of (token, layer) routings that changed), and per decoder layer the relative
// output error of its Linears, ‖x·Ŵᵀ − x·Wᵀ‖ / ‖x·Wᵀ‖ on the reference's own inputs. Logits are
// compared 16 rows at a time (memory O(16·vocab), not O(tokens·vocab)). Progress phase "quality".
struct QualityBenchOptions {
  std::string file;
  int64_t ctx = 512;
  int64_t max_chunks = 0;       // 0: every whole window of the text
  bool layer_error = true;      // per-layer output error (two extra matmuls per Linear call)
  std::string tokenizer_name;   // recorded with the figures
  std::string reference_path;   // recorded with the figures
};
struct QualityLayers {
  std::vector<double> error;      // per decoder layer; −1 where nothing was compared
  std::vector<double> jaccard;    // per decoder layer; −1 for dense layers
  std::vector<double> changed;    // per decoder layer; −1 for dense layers
};
Result<BenchRow> run_quality_bench(const std::shared_ptr<Model>& reference, const std::shared_ptr<Model>& model, const Tokenizer& tokenizer,
                                   const QualityBenchOptions& options, const JobContext& job = no_job(),
                                   QualityLayers* layers = nullptr);
// The per-layer arrays stored in BenchRow::quality_layers, and back (empty arrays on bad JSON).
std::string quality_layers_to_json(const QualityLayers& layers);
QualityLayers quality_layers_from_json(std::string_view json);

// distinct-n over token sequences, and the repetition rate, as the diversity suite computes them.
double distinct_n(const std::vector<std::vector<int32_t>>& samples, int n);
double repetition_rate(const std::vector<std::vector<int32_t>>& samples, int window = 64);

// Facts about this machine and build, for every row.
void fill_host_fields(BenchRow& row, const DeviceSpec& device);
// Facts about a model (architecture, parameters, precision, path).
void fill_model_fields(BenchRow& row, const Model& model);

// A row with the host, build and model facts filled in, for `suite`.
BenchRow new_bench_row(const Model& model, const std::string& suite);

// Host memory bandwidth in GB/s with n_threads: copy over 512 MiB buffers, best of 5 passes,
// counts the bytes moved (read + written, as STREAM does); read is a pure streaming read of 1 GiB
// (one sequential stream per thread, widest loads, best of 7 passes; the same measurement as
// tests/bench/stream_read.c), the limit a decode step's weight stream can reach.
double measure_copy_bandwidth_gbs(int n_threads);
double measure_read_bandwidth_gbs(int n_threads);

// Peak resident set of this process so far, in bytes.
uint64_t peak_rss_bytes();
// Weight bytes a run on `model` maps in host memory: the weight files on the CPU, 0 elsewhere.
// Rows' peak_host_mb is this plus the anonymous memory the run grew by at its peak (KV cache,
// scratch, logits), measured against the run's start, so the workbench and dsw-cli record the
// same figure for the same run whatever else the process holds.
uint64_t run_mapped_weight_bytes(const Model& model);

// p-th percentile (0..100) by linear interpolation; 0 for an empty list.
double percentile(std::vector<double> values, double p);
double median(std::vector<double> values);

}  // namespace dsw
