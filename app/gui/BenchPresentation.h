// BenchPresentation: turns benchmark rows and their dsw::Comparison into the plain data the
// widgets show — the results table's columns and runs, the comparison table's cells (value, delta,
// ratio, verdict), the bars of one metric and the lines of a sweep — with the translated words.
//
// The view shows 4 significant digits (Format::number; tooltips and every export keep the stored
// values); metrics and suites by their translated display names (exports keep the schema keys).
// Pure functions; the verdicts are dsw::compare_runs's, never recomputed here — including
// "settings differ" for runs measured under different settings.
// Threading: any thread for the data; translated texts follow the GUI thread's language.
#pragma once

#include "BarChart.h"
#include "BenchTableModel.h"
#include "BenchTypes.h"
#include "ComparisonTableModel.h"
#include "SweepChart.h"

#include <dsw/compare.h>

#include <QCoreApplication>
#include <QStringList>

class BenchPresentation {
  Q_DECLARE_TR_FUNCTIONS(BenchPresentation)
 public:
  // The results table: id, date, label, suite, model file, architecture, precision, shapes, the
  // speed, memory and quality metrics, the noisy flag and notes.
  static QVector<BenchTableModel::Column> resultColumns();
  static BenchTableModel::Run resultRun(const dsw::BenchRow& row, const QVector<BenchTableModel::Column>& columns);
  static QString noisyText();

  static QString format(double v);  // Format::number: 4 significant digits
  // "Speed", "Perplexity", "Diversity", "Sweep" for the schema's suite keys (else the key).
  static QString suiteName(const QString& suite);
  // "Decode (tokens/s)", "Peak memory", ... for schema field names (else the key).
  static QString metricName(const QString& field);
  // "threads 1 vs 2; precision bf16 vs q8_0", translated setting names, values as data.
  static QString differencesText(const std::vector<dsw::SettingDifference>& differences);
  static QString settingName(const std::string& setting);
  static QString verdictText(dsw::Verdict v);
  static ComparisonTableModel::Tone tone(dsw::Verdict v);

  struct Table {
    QStringList headers;
    QVector<ComparisonTableModel::Row> rows;
  };
  // Metric, unit, then per run its value and (after the baseline) "Δ d · ×r · verdict".
  static Table comparisonTable(const dsw::Comparison& c);
  // The comparison cell of run k (k >= 1) of one metric.
  static QString comparisonCellText(const dsw::MetricRow& m, size_t k);
  // The unit a comparison row is shown in and the factor from its stored unit: time rows (s, ms)
  // take the unit their largest value fits (µs, ms or s); other rows keep theirs (factor 1).
  struct RowUnit {
    QString unit;
    double scale = 1;
  };
  static RowUnit rowUnit(const dsw::MetricRow& m);

  // One bar per run of `metric` (runs without it are left out), error = the verdict's noise.
  static QVector<BarChart::Bar> bars(const dsw::Comparison& c, const std::string& metric);
  // Metrics of the comparison (schema keys), in schema order.
  static QStringList metricNames(const dsw::Comparison& c);
  // The comparison's hint: how many runs against which baseline, and which settings differ.
  static QString comparisonHint(const dsw::Comparison& c);

  // Sweep rows ("batch=N" / "prompt=N" in notes) of the most common swept parameter, one series
  // per label (or model file when unlabelled); `parameter` receives "batch" or "prompt".
  static QVector<SweepChart::Series> sweepSeries(const BenchRows& rows, const std::string& metric, QString* parameter);
  static QString sweepAxisTitle(const QString& parameter);
};
