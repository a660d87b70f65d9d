// dsw-cli bench: speed of a model on this machine — prefill/decode tokens/s, time to first token,
// latency percentiles, peak memory — with warm-up and repetitions; rows can go to the store.
#include "args.h"
#include "bench_output.h"
#include "commands.h"
#include "common.h"
#include "model_loader.h"

#include <dsw/bench.h>
#include <dsw/store.h>

#include <chrono>
#include <cstdio>

namespace dsw::cli {

int cmd_bench(const Argv& argv) {
  std::set<std::string> options = {"prompt-tokens", "gen-tokens", "batch", "reps", "warmup", "seed", "db", "label", "bandwidth"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {"json", "no-store"}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  BenchOptions o;
  o.prompt_tokens = args.get_int("prompt-tokens", 512, 1, 1 << 20);
  o.gen_tokens = args.get_int("gen-tokens", 128, 1, 1 << 20);
  o.batch = args.get_int("batch", 1, 1, 4096);
  o.reps = args.get_int("reps", 3, 1, 1000);
  o.warmup = args.get_int("warmup", 1, 0, 100);
  o.seed = uint64_t(args.get_int("seed", 1, 0, INT64_MAX));
  o.copy_bandwidth_gbs = args.get_double("bandwidth", 0, 0, 1e6);

  const auto t0 = std::chrono::steady_clock::now();
  auto loaded = load_model(args.positional()[0], args, false);
  if (!loaded.is_ok()) return report(loaded.status());
  const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  ProgressBar bar("bench");
  auto row = run_speed_bench(loaded->model, o, bar.job());
  bar.finish();
  if (!row.is_ok()) return report(row.status());
  row->load_s = load_s;
  if (auto l = args.get("label")) row->label = *l;
  // Every result goes to the store (the workbench's by default) unless --no-store.
  if (!args.flag("no-store")) {
    if (int rc = store_bench_row(args.get_or("db", Store::default_path().string()), *row); rc != 0) return rc;
  }
  if (args.flag("json")) print_bench_json(*row);
  else print_bench_table(*row);
  return 0;
}

}  // namespace dsw::cli
