// LiveSeriesChart (see header).
#include "LiveSeriesChart.h"

#include <qcustomplot.h>

#include <cmath>

namespace {
// Companions of the accent colour for the second and third series.
const QColor kCompanions[] = {QColor(0xe0, 0x7b, 0x3d), QColor(0x3d, 0xa8, 0x6b), QColor(0x9b, 0x5d, 0xd6)};
}  // namespace

LiveSeriesChart::LiveSeriesChart(const QStringList& names, QWidget* parent, double windowSeconds)
    : ChartAdapter(parent), m_count(int(names.size())), m_window(windowSeconds) {
  for (int i = 0; i < m_count; ++i) plot()->addGraph();
  plot()->xAxis->setRange(0, std::min(30.0, m_window));
  plot()->yAxis->setRange(0, 1);
  plot()->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
  plot()->axisRect()->setMargins(QMargins(0, 6, 10, 0));
  plot()->legend->setVisible(m_count > 1);
  plot()->legend->setBorderPen(Qt::NoPen);
  plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  setSeriesNames(names);
  setTheme(theme());
}

void LiveSeriesChart::setAxisLabels(const QString& x, const QString& y) {
  plot()->xAxis->setLabel(x);
  plot()->yAxis->setLabel(y);
  plot()->replot();
}

void LiveSeriesChart::setSeriesNames(const QStringList& names) {
  for (int i = 0; i < m_count && i < names.size(); ++i) plot()->graph(i)->setName(names[i]);
  plot()->replot();
}

void LiveSeriesChart::setTheme(const ChartTheme& t) {
  for (int i = 0; i < m_count; ++i) {
    const QColor c = i == 0 ? t.accent : kCompanions[(i - 1) % 3];
    plot()->graph(i)->setPen(QPen(c, 2));
    if (m_count == 1) {
      QColor fill = c;
      fill.setAlpha(40);
      plot()->graph(i)->setBrush(fill);
    }
  }
  plot()->legend->setTextColor(t.foreground);
  QColor legend = t.background;
  legend.setAlpha(220);  // readable over the lines it may cover
  plot()->legend->setBrush(legend);
  ChartAdapter::setTheme(t);
}

void LiveSeriesChart::append(double x, const QVector<double>& values) {
  bool wasEmpty;
  {
    QMutexLocker lock(&m_mutex);
    wasEmpty = m_pending.isEmpty();
    m_pending.append({x, values});
  }
  if (wasEmpty) emit dataPending();
}

void LiveSeriesChart::clear() {
  {
    QMutexLocker lock(&m_mutex);
    m_pending.clear();
    m_clearPending = true;
  }
  emit dataPending();
}

int LiveSeriesChart::pointCount(int series) const { return plot()->graph(series)->dataCount(); }

void LiveSeriesChart::drainPending() {
  QVector<Sample> samples;
  bool clear;
  {
    QMutexLocker lock(&m_mutex);
    samples.swap(m_pending);
    clear = m_clearPending;
    m_clearPending = false;
  }
  double maxX = 0;
  for (int i = 0; i < m_count; ++i) {
    QCPGraph* g = plot()->graph(i);
    if (clear) g->data()->clear();
    for (const Sample& s : samples)
      if (i < s.values.size() && std::isfinite(s.values[i])) g->addData(s.x, s.values[i]);
    if (!g->data()->isEmpty()) maxX = std::max(maxX, (g->data()->constEnd() - 1)->key);
  }
  const double minX = std::max(0.0, maxX - m_window);
  double maxY = 0;
  for (int i = 0; i < m_count; ++i) {
    QCPGraph* g = plot()->graph(i);
    g->data()->removeBefore(minX);  // bounded memory: only the window is kept
    for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it) maxY = std::max(maxY, it->value);
  }
  // The axis grows with the data until it spans the window, then slides.
  plot()->xAxis->setRange(minX, maxX < m_window ? std::max(std::min(30.0, m_window), maxX * 1.05) : maxX);
  plot()->yAxis->setRange(0, maxY > 0 ? maxY * 1.15 : 1);
}
