// dsw-cli loadtest: load an OpenAI-compatible server and store QPS, tokens/s, TTFT and latency
// percentiles as a benchmark row (suite "serve").
#include "args.h"
#include "bench_output.h"
#include "commands.h"
#include "common.h"

#include <dsw/loadtest.h>
#include <dsw/store.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace dsw::cli {

int cmd_loadtest(const Argv& argv) {
  Args args(argv, {"chat", "no-ignore-eos", "allow-remote", "no-store", "json"},
            {"concurrency", "requests", "prompts", "prompt", "max-tokens", "temperature", "model", "api-key", "timeout",
             "max-seconds", "db", "label"});
  if (args.positional().size() != 1) throw std::invalid_argument("expected one URL (e.g. http://127.0.0.1:8080)");
  LoadTestOptions o;
  o.url = args.positional()[0];
  o.concurrency = int(args.get_int("concurrency", o.concurrency, 1, 4096));
  o.requests = args.get_int("requests", o.requests, 1, int64_t(1) << 32);
  o.max_tokens = args.get_int("max-tokens", o.max_tokens, 1, 1 << 20);
  o.temperature = args.get_double("temperature", o.temperature, 0, 2);
  o.chat = args.flag("chat");
  o.ignore_eos = !args.flag("no-ignore-eos");
  o.model = args.get_or("model", "");
  o.api_key = args.get_or("api-key", "");
  if (o.api_key.empty())
    if (const char* k = std::getenv("DSW_API_KEY")) o.api_key = k;
  o.request_timeout_s = args.get_double("timeout", o.request_timeout_s, 1, 86400);
  o.max_seconds = args.get_double("max-seconds", o.max_seconds, 1, 7 * 86400);
  o.allow_remote = args.flag("allow-remote");
  if (auto file = args.get("prompts")) {
    auto prompts = read_prompts_file(*file);
    if (!prompts.is_ok()) return report(prompts.status());
    o.prompts = std::move(prompts).value();
  }
  for (const auto& p : args.get_all("prompt")) o.prompts.push_back(p);
  if (o.prompts.empty()) throw std::invalid_argument("give --prompts FILE or --prompt S");

  // The store is checked before the load runs: results it cannot take would be lost.
  std::unique_ptr<BenchStorage> storage;
  if (!args.flag("no-store")) {
    std::string title = "Load test of " + o.url;
    if (auto label = args.get("label")) title.append(" ").append(*label);
    storage = std::make_unique<BenchStorage>(args.get_or("db", Store::default_path().string()), title, o.url);
    if (!storage->status().is_ok()) {
      report(storage->status());
      std::fprintf(stderr, "dsw-cli: nothing was measured (the results could not be stored; --no-store runs without storing)\n");
      return kExitError;
    }
  }
  ProgressBar bar("loadtest");
  auto result = run_loadtest(o, bar.job());
  bar.finish();
  if (!result.is_ok()) {
    if (storage) storage->fail(result.status(), 0);
    return report(result.status());
  }
  const LoadTestResult& r = *result;
  std::vector<BenchRow> rows{loadtest_row(o, r)};
  BenchRow& row = rows.front();
  if (auto label = args.get("label")) row.label = *label;
  if (storage)
    if (int rc = storage->save(rows, r.wall_seconds); rc != 0) return rc;
  if (args.flag("json")) {
    print_bench_json(row);
  } else {
    std::printf("%s  model %s  concurrency %d\n", r.server.c_str(), r.model.c_str(), o.concurrency);
    std::printf("  requests   %lld completed, %lld failed in %.2f s\n", (long long)r.completed, (long long)r.failed, r.wall_seconds);
    std::printf("  throughput %.3f requests/s, %.2f generated tokens/s (%lld tokens)\n", r.qps, r.tokens_per_s,
                (long long)r.generated_tokens);
    std::printf("  TTFT       p50 %.1f ms  p90 %.1f ms  p99 %.1f ms\n", r.ttft_p50_ms, r.ttft_p90_ms, r.ttft_p99_ms);
    std::printf("  latency    p50 %.1f ms  p90 %.1f ms  p99 %.1f ms\n", r.latency_p50_ms, r.latency_p90_ms, r.latency_p99_ms);
    std::printf("  token gap  p50 %.1f ms  p99 %.1f ms  max %.1f ms\n", r.itl_p50_ms, r.itl_p99_ms, r.itl_max_ms);
    for (const auto& e : r.errors) std::printf("  error: %s\n", e.c_str());
  }
  return r.failed > 0 ? kExitError : 0;
}

}  // namespace dsw::cli
