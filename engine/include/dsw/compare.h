// Comparing benchmark runs ("versions"): deltas and ratios against a baseline, with a verdict per
// metric that refuses to call a difference smaller than the measured noise a change.
//
// Noise for a metric comes from the runs themselves: the spread over repetitions where the row
// has one (prefill/decode throughput), otherwise the coefficient of variation of decode applied
// to time-like metrics, with a floor of 1% of the baseline. A difference within the larger of the
// two runs' noise is "no significant difference".
#pragma once

#include <dsw/bench_schema.h>

#include <optional>
#include <string>
#include <vector>

namespace dsw {

enum class Verdict { baseline, better, worse, same, not_comparable };
std::string_view verdict_name(Verdict v) noexcept;  // "better", "worse", "no significant difference", ...

struct MetricRow {
  std::string field;            // schema field name
  std::string unit;
  Better better = Better::none;
  std::vector<std::optional<double>> values;  // one per run
  std::vector<std::optional<double>> delta;   // value - baseline
  std::vector<std::optional<double>> ratio;   // value / baseline
  std::vector<Verdict> verdict;
  std::vector<double> noise;                  // absolute noise used for the verdict
};

struct Comparison {
  std::vector<BenchRow> runs;        // baseline first
  std::vector<std::string> labels;   // short names for the runs (label, or "#id model")
  std::vector<MetricRow> metrics;    // the metrics at least one run has
};

// The metrics compared: every real field with a direction (Better::higher/lower).
Comparison compare_runs(const std::vector<BenchRow>& runs);

// A label for a run: its label field, else "#<id> <model file name>".
std::string run_label(const BenchRow& row);

}  // namespace dsw
