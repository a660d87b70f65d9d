// A load generator for OpenAI-compatible servers (dsw's own, llama-server, ...): `concurrency`
// clients each send one streamed request at a time until `requests` have completed, and the run
// reports requests and tokens per second, time to first token and request latency percentiles —
// as a benchmark row (suite "serve") so policies, versions and servers compare in Benchmarks.
//
// Load tests stay on this machine (127.0.0.1 / localhost) unless allow_remote is set, and stop by
// themselves: after `requests`, after `max_seconds`, or when the job is cancelled.
#pragma once

#include <dsw/bench_schema.h>
#include <dsw/job.h>
#include <dsw/status.h>

#include <filesystem>
#include <string>
#include <vector>

namespace dsw {

struct LoadTestOptions {
  std::string url = "http://127.0.0.1:8080";
  int concurrency = 8;
  int64_t requests = 64;
  std::vector<std::string> prompts;  // sent in turn
  bool chat = false;                 // /v1/chat/completions (one user message) instead of /v1/completions
  int64_t max_tokens = 64;
  bool ignore_eos = true;            // every request generates max_tokens (servers that support it)
  double temperature = 0;            // greedy
  std::string model;                 // empty: the first id of /v1/models
  std::string api_key;
  double request_timeout_s = 600;
  double max_seconds = 3600;         // the run stops after this long whatever is left
  bool allow_remote = false;
};

struct LoadTestResult {
  int64_t completed = 0, failed = 0;
  std::vector<std::string> errors;   // the first few failure messages
  double wall_seconds = 0;
  double qps = 0;                    // completed / wall
  double tokens_per_s = 0;           // generated tokens / wall
  int64_t prompt_tokens = 0, generated_tokens = 0;
  double ttft_p50_ms = 0, ttft_p90_ms = 0, ttft_p99_ms = 0;
  double latency_p50_ms = 0, latency_p90_ms = 0, latency_p99_ms = 0;
  // Gaps between consecutive text events of a stream (inter-token latency), over all streams: what a
  // reader sees stall, e.g. during a hot swap.
  double itl_p50_ms = 0, itl_p99_ms = 0, itl_max_ms = 0;
  std::string model;                 // as the server named it
  std::string server;                // "dsw 0.1.0 http://..." or "llama-server http://..."
  std::string health_json;           // the server's /health answer (dsw's carries model facts)
};

// Prompts from a file: one per non-empty line, or for .jsonl one JSON object per line whose
// "prompt", "question" or "text" field is the prompt. invalid_input names the file and line.
Result<std::vector<std::string>> read_prompts_file(const std::filesystem::path& path);

// Runs the load. Progress phase "loadtest", unit "requests".
Result<LoadTestResult> run_loadtest(const LoadTestOptions& options, const JobContext& job = no_job());

// The result as a benchmark row (suite "serve"): host facts of this machine, the model facts the
// server reported, the load's figures.
BenchRow loadtest_row(const LoadTestOptions& options, const LoadTestResult& result);

}  // namespace dsw
