// CoverageHeatmap (see header).
#include "CoverageHeatmap.h"

#include <qcustomplot.h>

#include <cmath>

namespace {

// The scale: 0 is the missing colour, (0, 1] runs from a pale accent to the accent. Values are
// stored as 0 for a zero count and 0.08 + 0.92·log1p(c)/log1p(max) otherwise, so the smallest
// non-zero count is still visibly different from "none".
constexpr double kFloor = 0.08;

QColor mix(const QColor& a, const QColor& b, double t) {
  return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                          float(a.blueF() * (1 - t) + b.blueF() * t));
}

}  // namespace

CoverageHeatmap::CoverageHeatmap(QWidget* parent) : ChartAdapter(parent) {
  plot()->setMinimumHeight(200);
  plot()->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
  plot()->axisRect()->setMargins(QMargins(0, 8, 12, 0));
  m_map = new QCPColorMap(plot()->xAxis, plot()->yAxis);
  m_map->setInterpolate(false);
  m_map->setTightBoundary(false);  // each cell spans its index ± 0.5
  for (QCPAxis* axis : {plot()->xAxis, plot()->yAxis}) {
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();  // whole layers and experts only
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    axis->setTicker(ticker);
  }
  setTheme(theme());
}

void CoverageHeatmap::setCounts(int rows, int columns, const QVector<qint64>& counts, const QString& rowLabel, const QString& columnLabel) {
  m_rows = std::max(0, rows);
  m_columns = std::max(0, columns);
  m_counts = counts;
  m_counts.resize(qsizetype(m_rows) * m_columns, -1);
  m_rowLabel = rowLabel;
  m_columnLabel = columnLabel;
  rebuild();
}

void CoverageHeatmap::setMissingColor(const QColor& colour) {
  m_missing = colour;
  rebuild();
}

void CoverageHeatmap::setTheme(const ChartTheme& t) {
  ChartAdapter::setTheme(t);
  rebuild();
}

qint64 CoverageHeatmap::maxCount() const {
  qint64 m = 0;
  for (qint64 c : m_counts) m = std::max(m, c);
  return m;
}

int CoverageHeatmap::zeroCells() const { return int(std::count(m_counts.begin(), m_counts.end(), qint64(0))); }

QColor CoverageHeatmap::cellColor(int row, int column) const {
  if (row < 0 || column < 0 || row >= m_rows || column >= m_columns) return {};
  const double v = m_map->data()->cell(column, row);
  if (std::isnan(v)) return theme().background;
  return QColor::fromRgb(m_map->gradient().color(v, QCPRange(0, 1)));
}

void CoverageHeatmap::rebuild() {
  if (!m_map) return;
  QCPColorGradient gradient;
  gradient.clearColorStops();
  gradient.setColorInterpolation(QCPColorGradient::ciRGB);
  gradient.setColorStopAt(0.0, m_missing);
  gradient.setColorStopAt(kFloor * 0.999, m_missing);
  gradient.setColorStopAt(kFloor, mix(theme().background, theme().accent, 0.12));
  gradient.setColorStopAt(1.0, theme().accent);
  gradient.setNanHandling(QCPColorGradient::nhNanColor);
  gradient.setNanColor(theme().background);
  gradient.setLevelCount(512);
  m_map->setGradient(gradient);

  const qint64 top = maxCount();
  const double denom = top > 0 ? std::log1p(double(top)) : 1.0;
  // Cell (column, row): experts along x, layers along y (layer 0 at the top, as the report lists).
  m_map->data()->setSize(std::max(1, m_columns), std::max(1, m_rows));
  m_map->data()->setRange(QCPRange(0, std::max(0, m_columns - 1)), QCPRange(0, std::max(0, m_rows - 1)));
  m_map->data()->fill(std::nan(""));
  for (int r = 0; r < m_rows; ++r)
    for (int c = 0; c < m_columns; ++c) {
      const qint64 n = m_counts[qsizetype(r) * m_columns + c];
      if (n < 0) continue;
      m_map->data()->setCell(c, r, n == 0 ? 0.0 : kFloor + (1 - kFloor) * std::log1p(double(n)) / denom);
    }
  m_map->setDataRange(QCPRange(0, 1));
  plot()->xAxis->setLabel(m_columnLabel);
  plot()->yAxis->setLabel(m_rowLabel);
  plot()->xAxis->setRange(-0.5, std::max(1, m_columns) - 0.5);
  plot()->yAxis->setRange(-0.5, std::max(1, m_rows) - 0.5);
  plot()->yAxis->setRangeReversed(true);
  plot()->xAxis->grid()->setVisible(false);
  plot()->yAxis->grid()->setVisible(false);
  scheduleReplot();
}
