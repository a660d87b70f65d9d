// BenchPresentation (see header).
#include "BenchPresentation.h"

#include "Format.h"
#include "ItemRoles.h"

#include <dsw/report.h>

#include <QFileInfo>
#include <QMap>

#include <algorithm>
#include <cmath>

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QVariant toVariant(const dsw::FieldValue& v) {
  if (std::holds_alternative<int64_t>(v)) return QVariant::fromValue(qint64(std::get<int64_t>(v)));
  if (std::holds_alternative<double>(v)) return std::get<double>(v);
  if (std::holds_alternative<std::string>(v)) return q(std::get<std::string>(v));
  return {};
}

// "batch=4; ..." -> ("batch", 4); false when the notes name no sweep point.
bool sweepPoint(const dsw::BenchRow& r, QString* parameter, double* value) {
  if (!r.notes) return false;
  const QString notes = q(*r.notes).section(u';', 0, 0).trimmed();
  const QString name = notes.section(u'=', 0, 0);
  if (name != u"batch" && name != u"prompt") return false;
  bool ok = false;
  *value = notes.section(u'=', 1).toDouble(&ok);
  *parameter = name;
  return ok;
}

QString seriesName(const dsw::BenchRow& r) {
  if (r.label && !r.label->empty()) return q(*r.label);
  return r.model_path ? QFileInfo(q(*r.model_path)).fileName() : QStringLiteral("?");
}

}  // namespace

QVector<BenchTableModel::Column> BenchPresentation::resultColumns() {
  return {
      {QStringLiteral("id"), tr("ID"), true},
      {QStringLiteral("created_at"), tr("Date (UTC)"), false},
      {QStringLiteral("label"), tr("Label"), false},
      {QStringLiteral("noisy"), tr("Noisy"), false},
      {QStringLiteral("suite"), tr("Suite"), false},
      {QStringLiteral("model_path"), tr("Model"), false},
      {QStringLiteral("architecture"), tr("Architecture"), false},
      {QStringLiteral("precision"), tr("Precision"), false},
      {QStringLiteral("device"), tr("Device"), false},
      {QStringLiteral("prompt_tokens"), tr("Prompt"), true},
      {QStringLiteral("gen_tokens"), tr("Generated"), true},
      {QStringLiteral("batch"), tr("Batch"), true},
      {QStringLiteral("prefill_tps"), tr("Prefill tok/s"), true},
      {QStringLiteral("decode_tps"), tr("Decode tok/s"), true},
      {QStringLiteral("decode_cv"), tr("Decode CV"), true},
      {QStringLiteral("ttft_ms"), tr("TTFT ms"), true},
      {QStringLiteral("latency_p50_ms"), tr("p50 ms"), true},
      {QStringLiteral("latency_p95_ms"), tr("p95 ms"), true},
      {QStringLiteral("latency_p99_ms"), tr("p99 ms"), true},
      {QStringLiteral("peak_host_mb"), tr("Peak MiB"), true},
      {QStringLiteral("load_s"), tr("Load s"), true},
      {QStringLiteral("perplexity"), tr("Perplexity"), true},
      {QStringLiteral("distinct2"), tr("Distinct-2"), true},
      {QStringLiteral("notes"), tr("Notes"), false},
  };
}

QString BenchPresentation::noisyText() { return tr("⚠ noisy"); }

BenchTableModel::Run BenchPresentation::resultRun(const dsw::BenchRow& row, const QVector<BenchTableModel::Column>& columns) {
  BenchTableModel::Run run;
  run.id = row.id.value_or(0);
  run.noisy = row.noisy.value_or(0) != 0;
  for (const auto& col : columns) {
    const auto i = dsw::field_index(col.key.toStdString());
    QVariant v = i ? toVariant(dsw::get_field(row, *i)) : QVariant();
    if (col.key == u"model_path" && v.isValid()) v = QFileInfo(v.toString()).fileName();  // the folder or file name
    if (col.key == u"suite" && v.isValid()) v = suiteName(v.toString());
    run.values.append(v);
  }
  return run;
}

QString BenchPresentation::format(double v) { return Format::number(v); }

QString BenchPresentation::suiteName(const QString& suite) {
  if (suite == u"speed") return tr("Speed");
  if (suite == u"perplexity") return tr("Perplexity");
  if (suite == u"diversity") return tr("Diversity");
  if (suite == u"sweep") return tr("Sweep");
  if (suite == u"quality") return tr("Quality against a reference");
  return suite;
}

QString BenchPresentation::metricName(const QString& f) {
  if (f == u"load_s") return tr("Load time");
  if (f == u"prefill_tps") return tr("Prefill speed");
  if (f == u"decode_tps") return tr("Decode speed");
  if (f == u"decode_cv") return tr("Decode variation (CV)");
  if (f == u"ttft_ms") return tr("Time to first token");
  if (f == u"latency_p50_ms") return tr("Token latency p50");
  if (f == u"latency_p95_ms") return tr("Token latency p95");
  if (f == u"latency_p99_ms") return tr("Token latency p99");
  if (f == u"peak_host_mb") return tr("Peak memory of the run");
  if (f == u"peak_device_mb") return tr("Peak device memory");
  if (f == u"bandwidth_fraction") return tr("Share of memory bandwidth");
  if (f == u"perplexity") return tr("Perplexity");
  if (f == u"mean_nll") return tr("Mean negative log-likelihood");
  if (f == u"distinct1") return tr("Distinct-1");
  if (f == u"distinct2") return tr("Distinct-2");
  if (f == u"repetition_rate") return tr("Repetition rate");
  if (f == u"delta_ppl_pct") return tr("Perplexity change against the reference");
  if (f == u"kld_mean") return tr("Mean KL divergence");
  if (f == u"kld_p99") return tr("KL divergence p99");
  if (f == u"top1_agreement") return tr("Top-1 agreement");
  if (f == u"routing_jaccard") return tr("Expert routing agreement");
  if (f == u"routing_changed") return tr("Expert routings changed");
  if (f == u"layer_error_max") return tr("Largest layer error");
  return f;
}

QString BenchPresentation::settingName(const std::string& s) {
  if (s == "device") return tr("device");
  if (s == "threads") return tr("threads");
  if (s == "precision") return tr("precision");
  if (s == "prompt_tokens") return tr("prompt length");
  if (s == "gen_tokens") return tr("generated length");
  if (s == "batch") return tr("batch");
  if (s == "ctx") return tr("context");
  if (s == "tokenizer") return tr("tokenizer");
  if (s == "eval_file") return tr("text file");
  if (s == "reference_path") return tr("reference model");
  return q(s);
}

QString BenchPresentation::differencesText(const std::vector<dsw::SettingDifference>& differences) {
  QStringList parts;
  for (const auto& d : differences) {
    QString a = q(d.baseline), b = q(d.value);
    if (d.setting == "eval_file" || d.setting == "tokenizer" || d.setting == "reference_path")
      a = QFileInfo(a).fileName(), b = QFileInfo(b).fileName();
    parts << tr("%1 %2 vs %3").arg(settingName(d.setting), a, b);
  }
  return parts.join(QStringLiteral("; "));
}

QString BenchPresentation::comparisonHint(const dsw::Comparison& c) {
  if (c.runs.size() < 2)
    return tr("Select two or more runs in the table above (Ctrl+click) to compare them. The first is the baseline.");
  QString hint = tr("%n run(s) compared against %1. Differences within the measured noise are shown as \"no significant difference\".",
                    nullptr, int(c.runs.size()))
                     .arg(q(c.labels.front()));
  QStringList differing;
  for (size_t k = 1; k < c.runs.size(); ++k)
    if (!c.differences[k].empty()) differing << tr("%1: settings differ: %2").arg(q(c.labels[k]), differencesText(c.differences[k]));
  if (!differing.isEmpty()) {
    hint += u'\n' + differing.join(u'\n') + u'\n';
    hint += c.verdicts_across_settings
                ? tr("Better/worse verdicts are given across these differences, as you asked; read them with care.")
                : tr("No better/worse verdict is given for the metrics these settings affect; tick \"Verdicts across different settings\" to see them anyway.");
  }
  return hint;
}

QString BenchPresentation::verdictText(dsw::Verdict v) {
  switch (v) {
    case dsw::Verdict::baseline: return tr("baseline");
    case dsw::Verdict::better: return tr("better");
    case dsw::Verdict::worse: return tr("worse");
    case dsw::Verdict::same: return tr("no significant difference");
    case dsw::Verdict::not_comparable: return tr("n/a");
    case dsw::Verdict::settings_differ: return tr("settings differ");
  }
  return {};
}

ComparisonTableModel::Tone BenchPresentation::tone(dsw::Verdict v) {
  switch (v) {
    case dsw::Verdict::better: return ComparisonTableModel::Tone::Better;
    case dsw::Verdict::worse: return ComparisonTableModel::Tone::Worse;
    case dsw::Verdict::baseline: return ComparisonTableModel::Tone::Baseline;
    default: return ComparisonTableModel::Tone::Neutral;
  }
}

BenchPresentation::RowUnit BenchPresentation::rowUnit(const dsw::MetricRow& m) {
  const QString unit = q(m.unit);
  const double inSeconds = unit == u"s" ? 1 : unit == u"ms" ? 1e-3 : 0;
  if (inSeconds == 0) return {unit, 1};
  // A time row reads in the unit its largest value fits, every cell alike: 0.06702 ms -> 67.02 µs,
  // 0.0008064 s -> 806.4 µs, 1500 ms -> 1.5 s.
  double largest = 0;
  for (const auto& v : m.values)
    if (v && std::isfinite(*v)) largest = std::max(largest, std::fabs(*v) * inSeconds);
  if (largest == 0) return {unit, 1};
  if (largest >= 1) return {QStringLiteral("s"), inSeconds};
  if (largest >= 1e-3) return {QStringLiteral("ms"), inSeconds / 1e-3};
  return {QStringLiteral("µs"), inSeconds / 1e-6};
}

QString BenchPresentation::comparisonCellText(const dsw::MetricRow& m, size_t k) {
  if (k >= m.values.size()) return QString();
  if (!m.delta[k]) return verdictText(m.verdict[k]);
  const double d = *m.delta[k] * rowUnit(m).scale;
  QString text = QStringLiteral("Δ %1").arg(Format::change(d));
  if (m.ratio[k]) text += QStringLiteral(" · ×") + Format::number(*m.ratio[k], 3);
  return text + QStringLiteral(" · ") + verdictText(m.verdict[k]);
}

BenchPresentation::Table BenchPresentation::comparisonTable(const dsw::Comparison& c) {
  Table t;
  t.headers << tr("Metric") << tr("Unit");
  for (size_t k = 0; k < c.runs.size(); ++k) {
    // A noisy run says so in its header, so its verdicts are read with care.
    const QString label = q(c.labels[k]) + (c.runs[k].noisy.value_or(0) ? QStringLiteral(" ⚠") : QString());
    t.headers << (k == 0 ? tr("%1 (baseline)").arg(label) : label);
    if (k > 0) t.headers << tr("%1 vs baseline").arg(label);
  }
  for (const auto& m : c.metrics) {
    ComparisonTableModel::Row row;
    row.metric = metricName(q(m.field));
    row.metricKey = q(m.field);
    const RowUnit shown = rowUnit(m);
    row.unit = shown.unit;
    const QString unitSuffix = shown.unit.isEmpty() ? QString() : QStringLiteral(" ") + shown.unit;
    const QString storedSuffix = m.unit.empty() ? QString() : QStringLiteral(" ") + q(m.unit);
    for (size_t k = 0; k < c.runs.size(); ++k) {
      ComparisonTableModel::Cell value;
      value.text = m.values[k] ? format(*m.values[k] * shown.scale) : QString();
      value.sortValue = m.values[k].value_or(0);
      value.tone = k == 0 ? ComparisonTableModel::Tone::Baseline : ComparisonTableModel::Tone::Neutral;
      value.isData = true;
      if (m.values[k])
        value.toolTip = tr("%1 (stored value) · noise ± %2")
                            .arg(q(dsw::format_number(*m.values[k])) + storedSuffix, format(m.noise[k] * shown.scale) + unitSuffix);
      row.cells.append(value);
      if (k == 0) continue;
      ComparisonTableModel::Cell vs;
      vs.text = comparisonCellText(m, k);
      vs.tone = tone(m.verdict[k]);
      vs.sortValue = m.ratio[k].value_or(0);
      vs.alignment = Qt::AlignLeft;
      const QString noise = format(m.noise[k] * shown.scale) + unitSuffix;
      vs.toolTip = m.better == dsw::Better::higher ? tr("Higher is better. Differences within ± %1 count as noise.").arg(noise)
                                                   : tr("Lower is better. Differences within ± %1 count as noise.").arg(noise);
      if (!c.differences[k].empty()) vs.toolTip += u'\n' + tr("Settings differ: %1").arg(differencesText(c.differences[k]));
      row.cells.append(vs);
    }
    t.rows.append(row);
  }
  return t;
}

QVector<BarChart::Bar> BenchPresentation::bars(const dsw::Comparison& c, const std::string& metric) {
  QVector<BarChart::Bar> out;
  for (const auto& m : c.metrics) {
    if (m.field != metric) continue;
    for (size_t k = 0; k < c.runs.size(); ++k) {
      if (!m.values[k]) continue;
      BarChart::Bar b;
      b.label = q(c.labels[k]);
      b.value = *m.values[k];
      b.error = m.noise[k];
      b.tone = m.verdict[k] == dsw::Verdict::better  ? BarChart::Tone::Better
               : m.verdict[k] == dsw::Verdict::worse ? BarChart::Tone::Worse
                                                     : BarChart::Tone::Neutral;
      out.append(b);
    }
  }
  return out;
}

QStringList BenchPresentation::metricNames(const dsw::Comparison& c) {
  QStringList out;
  for (const auto& m : c.metrics) out << q(m.field);
  return out;
}

QVector<SweepChart::Series> BenchPresentation::sweepSeries(const BenchRows& rows, const std::string& metric, QString* parameter) {
  QMap<QString, int> counts;
  QString p;
  double x = 0;
  for (const auto& r : rows)
    if (sweepPoint(r, &p, &x)) ++counts[p];
  QString chosen;
  for (auto it = counts.cbegin(); it != counts.cend(); ++it)
    if (chosen.isEmpty() || it.value() > counts.value(chosen)) chosen = it.key();
  if (parameter) *parameter = chosen;
  QVector<SweepChart::Series> out;
  const auto index = dsw::field_index(metric);
  if (chosen.isEmpty() || !index) return out;
  QMap<QString, int> seriesOf;
  for (const auto& r : rows) {
    if (!sweepPoint(r, &p, &x) || p != chosen) continue;
    const dsw::FieldValue v = dsw::get_field(r, *index);
    double y = 0;
    if (std::holds_alternative<double>(v)) y = std::get<double>(v);
    else if (std::holds_alternative<int64_t>(v)) y = double(std::get<int64_t>(v));
    else continue;
    const QString name = seriesName(r);
    if (!seriesOf.contains(name)) {
      seriesOf.insert(name, int(out.size()));
      out.append({name, {}});
    }
    out[seriesOf.value(name)].points.append({x, y});
  }
  return out;
}

QString BenchPresentation::sweepAxisTitle(const QString& parameter) {
  if (parameter == u"batch") return tr("Batch size (sequences)");
  if (parameter == u"prompt") return tr("Prompt length (tokens)");
  return QString();
}
