// dsw-cli bench: speed of a model on this machine — prefill/decode tokens/s, time to first token,
// latency percentiles, peak memory — with warm-up and repetitions; rows can go to the store.
#include "args.h"
#include "bench_output.h"
#include "commands.h"
#include "common.h"
#include "model_loader.h"

#include <dsw/bench.h>
#include <dsw/model_hash.h>
#include <dsw/store.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace dsw::cli {

int cmd_bench(const Argv& argv) {
  std::set<std::string> options = {"prompt-tokens", "gen-tokens", "batch", "reps", "warmup", "seed", "db", "label", "bandwidth",
                                    "suite", "file", "ctx", "stride", "samples", "prompt", "sweep", "busy-timeout"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {"json", "no-store", "no-hash"}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  const std::string suite = args.get_or("suite", "speed");
  if (suite != "speed" && suite != "perplexity" && suite != "diversity")
    throw std::invalid_argument("--suite must be speed, perplexity or diversity");
  BenchOptions o;
  o.prompt_tokens = args.get_int("prompt-tokens", 512, 1, 1 << 20);
  o.gen_tokens = args.get_int("gen-tokens", 128, 1, 1 << 20);
  o.batch = args.get_int("batch", 1, 1, 4096);
  o.reps = args.get_int("reps", 3, 1, 1000);
  o.warmup = args.get_int("warmup", 1, 0, 100);
  o.seed = uint64_t(args.get_int("seed", 1, 0, INT64_MAX));
  o.read_bandwidth_gbs = args.get_double("bandwidth", 0, 0, 1e6);
  BenchSweep sweep;
  if (auto s = args.get("sweep")) {
    auto parsed = parse_bench_sweep(*s);
    if (!parsed.is_ok()) throw std::invalid_argument(std::string(parsed.status().message()));
    sweep = std::move(parsed).value();
  }
  if (suite == "perplexity" && !args.has("file")) throw std::invalid_argument("--suite perplexity needs --file");

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

  auto loaded = load_model(args.positional()[0], args, suite != "speed");
  if (!loaded.is_ok()) return failed(loaded.status());
  const double load_s = elapsed();

  std::vector<BenchRow> rows;
  ProgressBar bar("bench");
  if (suite == "speed") {
    auto swept = run_bench_sweep(loaded->model, o, sweep, bar.job());
    if (!swept.is_ok()) return failed(swept.status());
    rows = std::move(swept).value();
  } else if (suite == "perplexity") {
    PerplexityBenchOptions po;
    po.file = *args.get("file");
    po.ctx = args.get_int("ctx", 512, 2, loaded->model->config().max_position_embeddings);
    po.stride = args.get_int("stride", 0, 0, po.ctx);
    po.tokenizer_name = loaded->tokenizer_name;
    auto row = run_perplexity_bench(loaded->model, *loaded->tokenizer, po, bar.job());
    if (!row.is_ok()) return failed(row.status());
    rows.push_back(std::move(row).value());
  } else {
    DiversityBenchOptions d;
    d.prompt = args.get_or("prompt", d.prompt);
    d.samples = args.get_int("samples", 8, 1, 10000);
    d.tokens = args.get_int("gen-tokens", 64, 2, 1 << 20);
    d.seed = o.seed;
    auto row = run_diversity_bench(loaded->model, *loaded->tokenizer, d, bar.job());
    if (!row.is_ok()) return failed(row.status());
    rows.push_back(std::move(row).value());
  }
  bar.finish();
  // The weights' SHA-256 identifies the model version in the row; hashed after the measurement so
  // it cannot disturb it, and remembered in the store so a large checkpoint is read once. A hash
  // that fails leaves the row without one rather than losing the measurement.
  std::string sha256;
  if (!args.flag("no-hash")) {
    ProgressBar hash_bar("hash");
    auto digest = model_sha256(loaded->model->files(), storage ? storage->store() : nullptr, hash_bar.job());
    hash_bar.finish();
    if (digest.is_ok()) sha256 = *digest;
    else if (digest.status().code() == StatusCode::cancelled) return failed(digest.status());
    else std::fprintf(stderr, "dsw-cli: the weights could not be hashed (%s); the row has no sha256\n", digest.status().message().c_str());
  }
  for (auto& row : rows) {
    if (!sha256.empty()) row.model_sha256 = sha256;
    row.load_s = load_s;
    if (auto l = args.get("label")) row.label = *l;
  }
  // Every result goes to the store (the workbench's by default) unless --no-store; all rows and
  // the job's end in one transaction.
  int rc = storage ? storage->save(rows, elapsed()) : 0;
  for (auto& row : rows) {
    if (args.flag("json")) print_bench_json(row);
    else print_bench_table(row);
  }
  return rc;
}

}  // namespace dsw::cli
