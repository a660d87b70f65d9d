// StepHeatmap (see header).
#include "StepHeatmap.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

StepHeatmap::StepHeatmap(QWidget* parent) : ChartAdapter(parent) {
  QCustomPlot* p = plot();
  p->setMinimumHeight(150);
  p->plotLayout()->insertRow(0);
  p->plotLayout()->addElement(0, 0, new QCPTextElement(p, QString(), QFont(p->font().family(), -1, QFont::DemiBold)));
  m_map = new QCPColorMap(p->xAxis, p->yAxis);
  m_map->setInterpolate(false);
  m_map->setTightBoundary(true);
  m_scale = new QCPColorScale(p);
  m_scale->setType(QCPAxis::atRight);
  m_scale->setBarWidth(8);
  p->plotLayout()->addElement(1, 1, m_scale);
  m_map->setColorScale(m_scale);
  QCPColorGradient g(QCPColorGradient::gpThermal);
  g.setNanHandling(QCPColorGradient::nhTransparent);
  m_map->setGradient(g);
  auto* group = new QCPMarginGroup(p);
  p->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
  p->xAxis->setRange(0, 10);
  p->yAxis->setRange(-0.5, 0.5);
  setTheme(theme());
}

void StepHeatmap::setTitle(const QString& title) {
  if (auto* t = qobject_cast<QCPTextElement*>(plot()->plotLayout()->element(0, 0))) t->setText(title);
  plot()->replot();
}

void StepHeatmap::setAxisLabels(const QString& x, const QString& y, const QString& scale) {
  plot()->xAxis->setLabel(x);
  plot()->yAxis->setLabel(y);
  m_scale->axis()->setLabel(scale);
  plot()->replot();
}

void StepHeatmap::setLogValues(bool log) {
  m_log = log;
  rebuild();
}

void StepHeatmap::setTheme(const ChartTheme& t) {
  ChartAdapter::setTheme(t);
  QCPAxis* a = m_scale->axis();
  a->setBasePen(QPen(t.grid));
  a->setTickPen(QPen(t.grid));
  a->setTickLabelColor(t.foreground);
  a->setLabelColor(t.foreground);
  if (auto* title = qobject_cast<QCPTextElement*>(plot()->plotLayout()->element(0, 0))) title->setTextColor(t.foreground);
  plot()->replot();
}

void StepHeatmap::appendColumn(double step, const QVector<double>& values) {
  bool wasEmpty;
  {
    QMutexLocker lock(&m_mutex);
    wasEmpty = m_pending.isEmpty();
    m_pending.append({step, values});
  }
  if (wasEmpty) emit dataPending();
}

void StepHeatmap::clear() {
  {
    QMutexLocker lock(&m_mutex);
    m_pending.clear();
    m_clearPending = true;
  }
  emit dataPending();
}

double StepHeatmap::value(int column, int row) const {
  if (column < 0 || column >= m_values.size() || row < 0 || row >= m_values[column].size()) return std::nan("");
  return m_values[column][row];
}

void StepHeatmap::drainPending() {
  QVector<QPair<double, QVector<double>>> pending;
  bool clear;
  {
    QMutexLocker lock(&m_mutex);
    pending.swap(m_pending);
    clear = m_clearPending;
    m_clearPending = false;
  }
  if (clear) {
    m_steps.clear();
    m_values.clear();
    m_rows = 0;
  }
  for (auto& [step, values] : pending) {
    if (values.isEmpty()) continue;
    if (m_rows == 0) m_rows = int(values.size());
    values.resize(m_rows, std::nan(""));
    m_steps.append(step);
    m_values.append(values);
  }
  rebuild();
}

void StepHeatmap::rebuild() {
  const int n = int(m_steps.size());
  QCPColorMapData* d = m_map->data();
  if (n == 0 || m_rows == 0) {
    d->clear();
    plot()->xAxis->setRange(0, 10);
    return;
  }
  // Pool consecutive steps into at most kMaxColumns drawn columns (largest value of each group).
  const int cols = std::min(n, kMaxColumns);
  d->setSize(cols, m_rows);
  const double first = m_steps.front(), last = m_steps.back();
  d->setRange(QCPRange(first, cols > 1 ? last : first + 1), QCPRange(0, m_rows - 1));
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int c = 0; c < cols; ++c) {
    const int s0 = int(int64_t(c) * n / cols), s1 = std::max(s0 + 1, int(int64_t(c + 1) * n / cols));
    for (int r = 0; r < m_rows; ++r) {
      double v = -std::numeric_limits<double>::infinity();
      for (int s = s0; s < s1; ++s)
        if (std::isfinite(m_values[s][r])) v = std::max(v, m_values[s][r]);
      if (!std::isfinite(v)) {
        d->setCell(c, r, std::nan(""));
        continue;
      }
      if (m_log) v = v > 0 ? std::log10(v) : std::nan("");
      d->setCell(c, r, v);
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
  }
  if (std::isfinite(lo)) m_map->setDataRange(QCPRange(lo, hi > lo ? hi : lo + 1e-9));
  plot()->xAxis->setRange(first - 0.5, (cols > 1 ? last : first + 1) + 0.5);
  plot()->yAxis->setRange(-0.5, m_rows - 0.5);
}
