// compare_runs: deltas, ratios and noise-aware verdicts.
#include <dsw/compare.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace dsw {
namespace {

std::optional<double> as_number(const FieldValue& v) {
  if (std::holds_alternative<double>(v)) return std::get<double>(v);
  if (std::holds_alternative<int64_t>(v)) return double(std::get<int64_t>(v));
  return std::nullopt;
}

// Absolute noise of `field` in `row` (value v).
double noise_of(const BenchRow& row, std::string_view field, double v) {
  const double floor = 0.01 * std::fabs(v);
  if (field == "prefill_tps" && row.prefill_tps_spread) return std::max(*row.prefill_tps_spread, floor);
  if (field == "decode_tps" && row.decode_tps_spread) return std::max(*row.decode_tps_spread, floor);
  const bool timing = field == "ttft_ms" || field.rfind("latency_", 0) == 0 || field == "load_s" || field == "decode_cv" ||
                      field == "bandwidth_fraction";
  if (timing && row.decode_cv) return std::max(2.0 * *row.decode_cv * std::fabs(v), floor);
  return floor;
}

// The settings a comparison checks, in the order they are listed.
constexpr std::string_view kSettings[] = {"device", "threads", "precision", "prompt_tokens", "gen_tokens", "batch",
                                          "ctx", "tokenizer", "eval_file", "reference_path"};

std::optional<std::string> setting_text(const BenchRow& r, std::string_view setting) {
  const auto i = field_index(setting);
  if (!i) return std::nullopt;
  const FieldValue v = get_field(r, *i);
  if (std::holds_alternative<int64_t>(v)) return std::to_string(std::get<int64_t>(v));
  if (std::holds_alternative<std::string>(v) && !std::get<std::string>(v).empty()) return std::get<std::string>(v);
  return std::nullopt;
}

// Rows record the tokenizer by path, and a converted, quantised or fine-tuned model folder carries
// its own copy of its parent's tokenizer file: two paths name the same tokenizer when both are
// regular files with the same bytes. Anything not a regular file (gone, a FIFO, a folder) or
// larger than a tokenizer can be compares by path only, without opening it.
bool same_tokenizer_file(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  constexpr std::uintmax_t kMaxBytes = 64u << 20;
  std::error_code ea, eb;
  if (!fs::is_regular_file(a, ea) || !fs::is_regular_file(b, eb)) return false;
  const auto na = fs::file_size(a, ea), nb = fs::file_size(b, eb);
  if (ea || eb || na != nb || na > kMaxBytes) return false;
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  if (!fa || !fb) return false;
  return std::equal(std::istreambuf_iterator<char>(fa), std::istreambuf_iterator<char>(),
                    std::istreambuf_iterator<char>(fb), std::istreambuf_iterator<char>());
}

bool on_cuda(const BenchRow& r) { return r.device && r.device->rfind("cuda", 0) == 0; }

}  // namespace

std::vector<SettingDifference> setting_differences(const BenchRow& a, const BenchRow& b) {
  std::vector<SettingDifference> out;
  for (std::string_view s : kSettings) {
    if (s == "threads" && on_cuda(a) && on_cuda(b)) continue;  // host threads barely matter to a GPU run
    const auto x = setting_text(a, s), y = setting_text(b, s);
    if (!x || !y || *x == *y) continue;
    if (s == "tokenizer" && same_tokenizer_file(*x, *y)) continue;
    out.push_back({std::string(s), *x, *y});
  }
  return out;
}

bool setting_affects(std::string_view setting, std::string_view metric) noexcept {
  const bool speed = metric == "prefill_tps" || metric == "decode_tps" || metric == "decode_cv" || metric == "ttft_ms" ||
                     metric.rfind("latency_", 0) == 0 || metric == "bandwidth_fraction";
  const bool memory = metric == "peak_host_mb" || metric == "peak_device_mb";
  // Figures measured against a text (and, for the quality suite, against a reference model).
  const bool quality = metric == "perplexity" || metric == "mean_nll" || metric == "delta_ppl_pct" || metric == "kld_mean" ||
                       metric == "kld_p99" || metric == "top1_agreement" || metric == "routing_jaccard" ||
                       metric == "routing_changed" || metric == "layer_error_max";
  const bool diversity = metric == "distinct1" || metric == "distinct2" || metric == "repetition_rate";
  if (setting == "precision") return true;  // changes the arithmetic, hence every figure
  if (setting == "device") return speed || memory || metric == "load_s";
  if (setting == "threads") return speed;
  if (setting == "prompt_tokens" || setting == "batch") return speed || memory;
  if (setting == "gen_tokens") return speed || memory || diversity;
  if (setting == "ctx" || setting == "eval_file" || setting == "reference_path") return quality;
  if (setting == "tokenizer") return quality || diversity;
  return true;  // a setting not known here: assume it matters
}

std::string describe_differences(const std::vector<SettingDifference>& d) {
  std::string out;
  for (const auto& x : d) out += (out.empty() ? "" : "; ") + x.setting + " " + x.baseline + " vs " + x.value;
  return out;
}

bool Comparison::any_differences() const noexcept {
  for (const auto& d : differences)
    if (!d.empty()) return true;
  return false;
}

std::string_view verdict_name(Verdict v) noexcept {
  switch (v) {
    case Verdict::baseline: return "baseline";
    case Verdict::better: return "better";
    case Verdict::worse: return "worse";
    case Verdict::same: return "no significant difference";
    case Verdict::not_comparable: return "n/a";
    case Verdict::settings_differ: return "settings differ";
  }
  return "?";
}

std::string run_label(const BenchRow& r) {
  if (r.label && !r.label->empty()) return *r.label;
  std::string name = r.model_path ? std::filesystem::path(*r.model_path).filename().string() : "";
  if (name.empty() && r.model_path) name = *r.model_path;
  return "#" + std::to_string(r.id.value_or(0)) + (name.empty() ? "" : " " + name);
}

Comparison compare_runs(const std::vector<BenchRow>& runs, const CompareOptions& options) {
  Comparison c;
  c.runs = runs;
  c.verdicts_across_settings = options.verdicts_across_settings;
  for (auto& r : runs) c.labels.push_back(run_label(r));
  for (size_t k = 0; k < runs.size(); ++k)
    c.differences.push_back(k == 0 ? std::vector<SettingDifference>{} : setting_differences(runs[0], runs[k]));
  const auto& fields = bench_fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldDef& f = fields[i];
    if (f.better == Better::none || f.type == FieldType::text) continue;
    MetricRow m;
    m.field = std::string(f.name);
    m.unit = std::string(f.unit);
    m.better = f.better;
    bool any = false;
    for (auto& r : runs) {
      m.values.push_back(as_number(get_field(r, i)));
      any = any || m.values.back().has_value();
    }
    if (!any) continue;
    const std::optional<double> base = m.values.empty() ? std::nullopt : m.values[0];
    for (size_t k = 0; k < runs.size(); ++k) {
      const auto& v = m.values[k];
      if (k == 0) {
        m.delta.push_back(v ? std::optional<double>(0.0) : std::nullopt);
        m.ratio.push_back(v ? std::optional<double>(1.0) : std::nullopt);
        m.verdict.push_back(v ? Verdict::baseline : Verdict::not_comparable);
        m.noise.push_back(v ? noise_of(runs[0], f.name, *v) : 0.0);
        continue;
      }
      if (!v || !base) {
        m.delta.push_back(std::nullopt);
        m.ratio.push_back(std::nullopt);
        m.verdict.push_back(Verdict::not_comparable);
        m.noise.push_back(0);
        continue;
      }
      const double d = *v - *base;
      const double noise = std::max(noise_of(runs[0], f.name, *base), noise_of(runs[k], f.name, *v));
      m.delta.push_back(d);
      m.ratio.push_back(*base != 0 ? std::optional<double>(*v / *base) : std::nullopt);
      m.noise.push_back(noise);
      const bool differ = std::any_of(c.differences[k].begin(), c.differences[k].end(),
                                      [&](const SettingDifference& x) { return setting_affects(x.setting, f.name); });
      if (differ && !options.verdicts_across_settings) m.verdict.push_back(Verdict::settings_differ);
      else if (std::fabs(d) <= noise) m.verdict.push_back(Verdict::same);
      else if ((d > 0) == (f.better == Better::higher)) m.verdict.push_back(Verdict::better);
      else m.verdict.push_back(Verdict::worse);
    }
    c.metrics.push_back(std::move(m));
  }
  return c;
}

}  // namespace dsw
