// Sweeps of the speed suite over batch size or prompt length (dsw-cli bench --sweep and the
// workbench's Benchmarks area share this loop, so their rows carry the same suite and notes).
#include <dsw/bench.h>

#include "core/error.h"

#include <charconv>

namespace dsw {

Result<BenchSweep> parse_bench_sweep(std::string_view spec) {
  return guard([&] {
    const size_t eq = spec.find('=');
    if (eq == std::string_view::npos) fail_invalid("--sweep: expected NAME=V1,V2,... (batch or prompt)");
    BenchSweep sweep;
    sweep.parameter = std::string(spec.substr(0, eq));
    if (sweep.parameter != "batch" && sweep.parameter != "prompt") fail_invalid("--sweep: sweeps over batch or prompt");
    std::string_view rest = spec.substr(eq + 1);
    while (true) {
      const size_t comma = rest.find(',');
      const std::string_view part = rest.substr(0, comma);
      int64_t v = 0;
      auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
      if (part.empty() || ec != std::errc() || end != part.data() + part.size() || v < 1 || v > (int64_t(1) << 20))
        fail_invalid("--sweep: bad value '" + std::string(part) + "'");
      sweep.values.push_back(v);
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
    return sweep;
  });
}

Result<std::vector<BenchRow>> run_bench_sweep(const std::shared_ptr<Model>& model, const BenchOptions& options,
                                              const BenchSweep& sweep, const JobContext& job) {
  return guard([&] {
    if (!sweep.parameter.empty() && sweep.parameter != "batch" && sweep.parameter != "prompt")
      fail_invalid("bench sweep: unknown parameter '" + sweep.parameter + "' (batch or prompt)");
    if (!sweep.parameter.empty() && sweep.values.empty()) fail_invalid("bench sweep: no values to sweep over");
    const std::vector<int64_t> points = sweep.parameter.empty() ? std::vector<int64_t>{0} : sweep.values;
    std::vector<BenchRow> rows;
    for (int64_t p : points) {
      throw_if_error(job.check());
      BenchOptions po = options;
      if (sweep.parameter == "batch") po.batch = p;
      if (sweep.parameter == "prompt") po.prompt_tokens = p;
      BenchRow row = unwrap(run_speed_bench(model, po, job));
      if (!sweep.parameter.empty()) {
        row.suite = "sweep";
        row.notes = sweep.parameter + "=" + std::to_string(p) + (row.notes ? "; " + *row.notes : "");
      }
      rows.push_back(std::move(row));
    }
    return rows;
  });
}

}  // namespace dsw
