// dsw-cli bench: speed of a model on this machine — prefill/decode tokens/s, time to first token,
// latency percentiles, peak memory — with warm-up and repetitions; rows can go to the store.
#include "args.h"
#include "bench_output.h"
#include "commands.h"
#include "common.h"
#include "model_loader.h"

#include <dsw/bench.h>
#include <dsw/runner.h>
#include <dsw/store.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace dsw::cli {

int cmd_bench(const Argv& argv) {
  std::set<std::string> options = {"prompt-tokens", "gen-tokens", "batch", "reps", "warmup", "seed", "db", "label", "bandwidth",
                                    "suite", "file", "ctx", "stride", "samples", "prompt", "sweep",
                                    "reference", "max-chunks", "busy-timeout", "run"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {"json", "no-store", "no-hash", "no-layer-error"}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  const std::string suite = args.get_or("suite", "speed");
  if (suite != "speed" && suite != "perplexity" && suite != "diversity" && suite != "quality" && suite != "eval-split")
    throw std::invalid_argument("--suite must be speed, perplexity, diversity, quality or eval-split");
  if (suite == "eval-split" && !args.has("run")) throw std::invalid_argument("--suite eval-split needs --run RUN_DIR (a fine-tuning run)");
  BenchRequest req;
  req.suite = suite;
  BenchOptions& o = req.speed;
  o.prompt_tokens = args.get_int("prompt-tokens", o.prompt_tokens, 1, 1 << 20);
  o.gen_tokens = args.get_int("gen-tokens", o.gen_tokens, 1, 1 << 20);
  o.batch = args.get_int("batch", o.batch, 1, 4096);
  o.reps = args.get_int("reps", o.reps, 1, 1000);
  o.warmup = args.get_int("warmup", o.warmup, 0, 100);
  o.seed = uint64_t(args.get_int("seed", int64_t(o.seed), 0, INT64_MAX));
  o.read_bandwidth_gbs = args.get_double("bandwidth", 0, 0, 1e6);
  if (auto s = args.get("sweep")) {
    auto parsed = parse_bench_sweep(*s);
    if (!parsed.is_ok()) throw std::invalid_argument(std::string(parsed.status().message()));
    req.sweep = std::move(parsed).value();
  }
  if ((suite == "perplexity" || suite == "quality") && !args.has("file")) throw std::invalid_argument("--suite " + suite + " needs --file");
  if (suite == "quality" && !args.has("reference")) throw std::invalid_argument("--suite quality needs --reference BASE");
  req.reference = args.get_or("reference", "");
  req.train_run = args.get_or("run", "");
  req.quality.file = args.get_or("file", "");
  req.quality.ctx = args.get_int("ctx", req.quality.ctx, 4, 1 << 24);
  req.quality.max_chunks = args.get_int("max-chunks", 0, 0, 1 << 30);
  req.quality.layer_error = !args.flag("no-layer-error");
  req.perplexity.file = args.get_or("file", "");
  req.perplexity.ctx = args.get_int("ctx", req.perplexity.ctx, 2, 1 << 24);
  req.perplexity.stride = args.get_int("stride", 0, 0, req.perplexity.ctx);
  if (suite == "diversity") {
    req.diversity.prompt = args.get_or("prompt", req.diversity.prompt);
    req.diversity.samples = args.get_int("samples", req.diversity.samples, 1, 10000);
    req.diversity.tokens = args.get_int("gen-tokens", req.diversity.tokens, 2, 1 << 20);
    req.diversity.seed = o.seed;
  }
  req.label = args.get_or("label", "");
  req.hash = !args.flag("no-hash");

  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  // The store is checked before anything is measured: results it cannot take would be lost.
  std::unique_ptr<BenchStorage> storage;
  if (!args.flag("no-store")) {
    std::string title = "Benchmark (" + suite + ")";
    if (auto label = args.get("label")) title.append(" ").append(*label);
    // --busy-timeout: seconds to wait for another writer's lock (default 60).
    const int busy_ms = int(args.get_double("busy-timeout", kStoreBusyTimeoutMs / 1000.0, 0, 86400) * 1000);
    storage = std::make_unique<BenchStorage>(args.get_or("db", Store::default_path().string()), title, args.positional()[0], busy_ms);
    if (!storage->status().is_ok()) {
      report(storage->status());
      std::fprintf(stderr, "dsw-cli: nothing was measured (the results could not be stored; --no-store runs without storing)\n");
      return kExitError;
    }
  }
  auto failed = [&](const Status& s) {
    if (storage) storage->fail(s, elapsed());
    return report(s);
  };

  auto opened = open_runner(args.positional()[0], args, suite != "speed");
  if (!opened.is_ok()) return failed(opened.status());
  // The weights' SHA-256 is remembered in the store, so a large checkpoint is read once.
  req.hash_cache = storage ? storage->store() : nullptr;
  ProgressBar bar("bench");
  auto measured = (*opened)->bench(req, bar.job());
  bar.finish();
  if (!measured.is_ok()) return failed(measured.status());
  std::vector<BenchRow> rows = std::move(measured).value();
  // Every result goes to the store (the workbench's by default) unless --no-store; all rows and
  // the job's end in one transaction, or a file when the store cannot take them.
  int rc = storage ? storage->save(rows, elapsed()) : 0;
  for (auto& row : rows) {
    if (args.flag("json")) print_bench_json(row);
    else print_bench_table(row);
  }
  return rc;
}

}  // namespace dsw::cli
