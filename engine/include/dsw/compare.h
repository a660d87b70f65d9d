// Comparing benchmark runs ("versions"): deltas and ratios against a baseline, with a verdict per
// metric that refuses to call a difference smaller than the measured noise a change.
//
// Noise for a metric comes from the runs themselves: the spread over repetitions where the row
// has one (prefill/decode throughput), otherwise the coefficient of variation of decode applied
// to time-like metrics, with a floor of 1% of the baseline. A difference within the larger of the
// two runs' noise is "no significant difference".
//
// Runs measured under different settings (threads, device, precision, prompt or generation
// length, batch, tokenizer, perplexity context or text, the quality suite's reference) are not
// judged against each other: the
// comparison lists the differences and gives the metrics they affect the verdict
// "settings differ" instead of better/worse, unless the caller asks for verdicts across them
// (CompareOptions). Deltas and ratios are shown either way: they are facts, the verdict is not.
#pragma once

#include <dsw/bench_schema.h>

#include <optional>
#include <string>
#include <vector>

namespace dsw {

enum class Verdict { baseline, better, worse, same, not_comparable, settings_differ };
std::string_view verdict_name(Verdict v) noexcept;  // "better", "worse", "no significant difference", "settings differ", ...

// A setting in which a run differs from the baseline, e.g. {"threads", "1", "2"}.
struct SettingDifference {
  std::string setting;  // schema field name: device, threads, precision, prompt_tokens, gen_tokens, batch, ...
  std::string baseline, value;
};
// The settings that differ between two runs (only where both runs record the setting).
std::vector<SettingDifference> setting_differences(const BenchRow& baseline, const BenchRow& run);
// Whether a difference in `setting` changes `metric` (threads change speed, not perplexity).
bool setting_affects(std::string_view setting, std::string_view metric) noexcept;
// "threads 1 vs 2; precision bf16 vs q8_0" (empty when there is none).
std::string describe_differences(const std::vector<SettingDifference>& differences);

struct CompareOptions {
  // Better/worse verdicts also between runs whose settings differ (only when the user asks).
  bool verdicts_across_settings = false;
};

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
  // Per run, the settings in which it differs from the baseline (empty for the baseline).
  std::vector<std::vector<SettingDifference>> differences;
  bool verdicts_across_settings = false;
  bool any_differences() const noexcept;
};

// The metrics compared: every real field with a direction (Better::higher/lower).
Comparison compare_runs(const std::vector<BenchRow>& runs, const CompareOptions& options = {});

// A label for a run: its label field, else "#<id> <model file name>".
std::string run_label(const BenchRow& row);

}  // namespace dsw
