// Markdown / CSV / JSON reports of a comparison.
#include <dsw/report.h>

#include "core/atomic_file.h"
#include "core/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

namespace dsw {
namespace {

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string md_escape(std::string s) {
  std::string out;
  for (char ch : s) out += ch == '|' ? std::string("\\|") : ch == '\n' ? std::string(" ") : std::string(1, ch);
  return out;
}

std::string full_precision(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string markdown(const Comparison& c) {
  std::ostringstream o;
  o << "# Benchmark report\n\n";
  o << "| run | id | model | sha256 | architecture | precision | device | threads | prompt | gen | batch | reps | commit | date | "
       "noisy |\n";
  o << "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (size_t k = 0; k < c.runs.size(); ++k) {
    const auto& r = c.runs[k];
    o << "| " << md_escape(c.labels[k]) << " | " << r.id.value_or(0) << " | " << md_escape(r.model_path.value_or("")) << " | "
      << md_escape(r.model_sha256.value_or("").substr(0, 16)) << " | " << md_escape(r.architecture.value_or("")) << " | " << md_escape(r.precision.value_or("")) << " | "
      << md_escape(r.device.value_or("") + (r.device_name ? " (" + *r.device_name + ")" : "")) << " | " << r.threads.value_or(0)
      << " | " << r.prompt_tokens.value_or(0) << " | " << r.gen_tokens.value_or(0) << " | " << r.batch.value_or(0) << " | "
      << r.reps.value_or(0) << " | " << md_escape(r.build_commit.value_or("")) << " | " << md_escape(r.created_at.value_or("")) << " | "
      << (r.noisy.value_or(0) ? "yes" : "") << " |\n";
  }
  o << "\n## Metrics\n\n| metric | unit | better |";
  for (auto& l : c.labels) o << " " << md_escape(l) << " |";
  if (c.runs.size() > 1)
    for (size_t k = 1; k < c.runs.size(); ++k) o << " " << md_escape(c.labels[k]) << " vs baseline |";
  o << "\n|---|---|---|";
  for (size_t k = 0; k < c.runs.size(); ++k) o << "---|";
  for (size_t k = 1; k < c.runs.size(); ++k) o << "---|";
  o << "\n";
  for (auto& m : c.metrics) {
    o << "| " << m.field << " | " << m.unit << " | " << (m.better == Better::higher ? "higher" : "lower") << " |";
    for (auto& v : m.values) o << " " << (v ? format_number(*v) : std::string("")) << " |";
    for (size_t k = 1; k < m.values.size(); ++k) {
      if (!m.ratio[k]) {
        o << " " << verdict_name(m.verdict[k]) << " |";
        continue;
      }
      o << " x" << format_change(*m.ratio[k]) << " (" << verdict_name(m.verdict[k]) << ") |";
    }
    o << "\n";
  }
  o << "\nA difference within the measured noise (spread over repetitions, or twice the decode coefficient of "
       "variation for timings, at least 1%) is reported as no significant difference.\n";
  if (c.any_differences()) {
    o << "\n## Settings that differ from the baseline\n\n";
    for (size_t k = 1; k < c.runs.size(); ++k)
      if (!c.differences[k].empty()) o << "- " << md_escape(c.labels[k]) << ": " << md_escape(describe_differences(c.differences[k])) << "\n";
    o << (c.verdicts_across_settings ? "\nVerdicts are given across these differences, as asked for.\n"
                                     : "\nNo better/worse verdict is given for the metrics these settings affect (\"settings differ\").\n");
  }
  return o.str();
}

std::string csv(const Comparison& c) {
  std::ostringstream o;
  const auto& fields = bench_fields();
  for (size_t i = 0; i < fields.size(); ++i) o << (i ? "," : "") << fields[i].name;
  o << "\n";
  for (auto& r : c.runs) {
    for (size_t i = 0; i < fields.size(); ++i) {
      FieldValue v = get_field(r, i);
      o << (i ? "," : "");
      if (std::holds_alternative<double>(v)) o << full_precision(std::get<double>(v));
      else if (std::holds_alternative<int64_t>(v)) o << std::get<int64_t>(v);
      else if (std::holds_alternative<std::string>(v)) o << csv_escape(std::get<std::string>(v));
    }
    o << "\n";
  }
  return o.str();
}

std::string json(const Comparison& c) {
  nlohmann::ordered_json j;
  const auto& fields = bench_fields();
  j["runs"] = nlohmann::ordered_json::array();
  for (auto& r : c.runs) {
    nlohmann::ordered_json row;
    for (size_t i = 0; i < fields.size(); ++i) {
      FieldValue v = get_field(r, i);
      if (std::holds_alternative<double>(v)) row[std::string(fields[i].name)] = std::get<double>(v);
      else if (std::holds_alternative<int64_t>(v)) row[std::string(fields[i].name)] = std::get<int64_t>(v);
      else if (std::holds_alternative<std::string>(v)) row[std::string(fields[i].name)] = std::get<std::string>(v);
    }
    j["runs"].push_back(row);
  }
  j["comparison"] = nlohmann::ordered_json::array();
  for (auto& m : c.metrics) {
    nlohmann::ordered_json e = {{"metric", m.field}, {"unit", m.unit}, {"better", m.better == Better::higher ? "higher" : "lower"}};
    for (size_t k = 0; k < m.values.size(); ++k)
      e["runs"].push_back({{"label", c.labels[k]},
                           {"value", m.values[k] ? nlohmann::ordered_json(*m.values[k]) : nlohmann::ordered_json(nullptr)},
                           {"ratio", m.ratio[k] ? nlohmann::ordered_json(*m.ratio[k]) : nlohmann::ordered_json(nullptr)},
                           {"verdict", verdict_name(m.verdict[k])}});
    j["comparison"].push_back(e);
  }
  j["verdicts_across_settings"] = c.verdicts_across_settings;
  j["settings_differ"] = nlohmann::ordered_json::array();
  for (size_t k = 1; k < c.runs.size(); ++k)
    for (const auto& d : c.differences[k])
      j["settings_differ"].push_back({{"label", c.labels[k]}, {"setting", d.setting}, {"baseline", d.baseline}, {"value", d.value}});
  return j.dump(2) + "\n";
}

}  // namespace

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string format_change(double v) {
  char buf[64];
  if (std::fabs(v) >= 100)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::optional<ReportFormat> report_format_for(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".md" || ext == ".markdown") return ReportFormat::markdown;
  if (ext == ".csv") return ReportFormat::csv;
  if (ext == ".json") return ReportFormat::json;
  return std::nullopt;
}

std::string render_report(const Comparison& c, ReportFormat f) {
  switch (f) {
    case ReportFormat::markdown: return markdown(c);
    case ReportFormat::csv: return csv(c);
    case ReportFormat::json: return json(c);
  }
  return {};
}

Status write_report(const Comparison& c, const std::filesystem::path& path) {
  return guard([&] {
    auto f = report_format_for(path);
    if (!f) fail_invalid(path.string() + ": unknown report format (use .md, .csv or .json)");
    AtomicFile out(path);
    out.write(render_report(c, *f));
    out.commit();
  });
}

}  // namespace dsw
