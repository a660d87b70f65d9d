// QuantizePresentation: a quantisation job's report and quality row turned into what the result
// page shows — translated key/value sections, per-layer error bars, the layer × expert coverage
// grid and the per-Linear table rows. Pure functions of plain data, so tests check them directly.
// Threading: GUI thread (tr()).
#pragma once

#include "BarChart.h"
#include "KeyValueCard.h"

#include <dsw/bench_schema.h>
#include <dsw/quantize.h>

#include <QCoreApplication>
#include <QStringList>
#include <QVector>

#include <optional>

struct QuantizeCoverage {
  int layers = 0, experts = 0;
  QVector<qint64> counts;  // layers × experts, −1 for dense layers
  int starved = 0;         // experts no calibration token reached (quantised with RTN)
};

struct QuantizeLayerErrors {
  QVector<BarChart::Bar> bars;  // one per decoder layer that has a figure ("0", "1", ...)
  QString axisTitle;            // what the bars measure
};

class QuantizeView {
  Q_DECLARE_TR_FUNCTIONS(QuantizeView)
 public:
  // Size, method, quality and fallbacks, as the result card shows them.
  static QList<KeyValueSection> summary(const dsw::QuantizeReport& report, const std::optional<dsw::BenchRow>& quality,
                                        const QString& qualityNote);
  // One-line verdict: "4.1× smaller · Δppl +8.79% · top-1 85.8%".
  static QString headline(const dsw::QuantizeReport& report, const std::optional<dsw::BenchRow>& quality);
  // Per decoder layer: the quality suite's output error on the evaluation text when measured, else
  // the largest calibration output error of the layer's Linears, else their largest weight error.
  // Layers above twice the median are marked (Tone::Worse).
  static QuantizeLayerErrors layerErrors(const dsw::QuantizeReport& report, const std::optional<dsw::BenchRow>& quality);
  static QuantizeCoverage coverage(const dsw::QuantizeReport& report);
  // Columns of the per-Linear table and one row of cells per Linear.
  static QStringList linearColumns();
  static QVector<QStringList> linearRows(const dsw::QuantizeReport& report);
  // "+8.79%", "−0.03%".
  static QString signedPercent(double value);
};
