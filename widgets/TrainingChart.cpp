// TrainingChart (see header).
#include "TrainingChart.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace {

// Companion colours after the theme's accent (Okabe-Ito, as SweepChart).
const QColor kPalette[] = {QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73), QColor(0xd5, 0x5e, 0x00),
                           QColor(0xcc, 0x79, 0xa7), QColor(0x56, 0xb4, 0xe9)};

}  // namespace

TrainingChart::TrainingChart(QWidget* parent) : ChartAdapter(parent) {
  QCustomPlot* p = plot();
  p->setMinimumHeight(150);
  p->plotLayout()->insertRow(0);
  auto* title = new QCPTextElement(p, QString(), QFont(p->font().family(), -1, QFont::DemiBold));
  title->setObjectName(QStringLiteral("title"));
  p->plotLayout()->addElement(0, 0, title);
  p->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
  p->axisRect()->setMargins(QMargins(0, 4, 12, 0));
  p->legend->setVisible(false);
  p->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  p->xAxis->setRange(0, 10);
  p->yAxis->setRange(0, 1);
  setTheme(theme());
}

int TrainingChart::addSeries(const QString& name, Style style, const QColor& color) {
  QCPGraph* g = plot()->addGraph();
  g->setName(name);
  m_styles.append(style);
  m_colors.append(color);
  plot()->legend->setVisible(plot()->graphCount() > 1);
  restyle();
  return plot()->graphCount() - 1;
}

void TrainingChart::setSeriesName(int series, const QString& name) {
  if (series < 0 || series >= plot()->graphCount()) return;
  plot()->graph(series)->setName(name);
  plot()->replot();
}

void TrainingChart::setTitle(const QString& title) {
  if (auto* t = qobject_cast<QCPTextElement*>(plot()->plotLayout()->element(0, 0))) t->setText(title);
  plot()->updateGeometry();  // the title's width is part of the chart's minimum: layouts must know it
  plot()->replot();
}

void TrainingChart::setAxisLabels(const QString& x, const QString& y) {
  plot()->xAxis->setLabel(x);
  plot()->yAxis->setLabel(y);
  plot()->replot();
}

void TrainingChart::setLogY(bool log) {
  m_logY = log;
  QCPAxis* y = plot()->yAxis;
  y->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  if (log) y->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
  else y->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  updateRanges();
  plot()->replot();
}

void TrainingChart::setTheme(const ChartTheme& t) {
  ChartAdapter::setTheme(t);
  plot()->legend->setBrush(t.background);
  plot()->legend->setBorderPen(QPen(t.grid));
  plot()->legend->setTextColor(t.foreground);
  if (auto* title = qobject_cast<QCPTextElement*>(plot()->plotLayout()->element(0, 0))) title->setTextColor(t.foreground);
  restyle();
}

void TrainingChart::restyle() {
  for (int i = 0; i < plot()->graphCount(); ++i) {
    QCPGraph* g = plot()->graph(i);
    QColor c = m_colors.value(i);
    if (!c.isValid()) c = i == 0 ? theme().accent : kPalette[(i - 1) % int(std::size(kPalette))];
    if (m_styles.value(i) == Style::Markers) {
      g->setLineStyle(QCPGraph::lsNone);
      g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, c, c, 6));
      g->setPen(QPen(c, 1.5));
    } else {
      g->setLineStyle(QCPGraph::lsLine);
      g->setScatterStyle(QCPScatterStyle());
      g->setPen(QPen(c, 1.6));
    }
  }
  plot()->replot();
}

void TrainingChart::append(int series, double x, double y) {
  bool wasEmpty;
  {
    QMutexLocker lock(&m_mutex);
    wasEmpty = m_pending.isEmpty();
    m_pending.append({series, x, y});
  }
  if (wasEmpty) emit dataPending();
}

void TrainingChart::clear() {
  {
    QMutexLocker lock(&m_mutex);
    m_pending.clear();
    m_clearPending = true;
  }
  emit dataPending();
}

int TrainingChart::seriesCount() const { return plot()->graphCount(); }

int TrainingChart::pointCount(int series) const {
  return series >= 0 && series < plot()->graphCount() ? plot()->graph(series)->dataCount() : 0;
}

QPointF TrainingChart::point(int series, int i) const {
  if (i < 0 || i >= pointCount(series)) return {};
  auto it = plot()->graph(series)->data()->at(i);
  return {it->key, it->value};
}

void TrainingChart::drainPending() {
  QVector<Pending> points;
  bool clear;
  {
    QMutexLocker lock(&m_mutex);
    points.swap(m_pending);
    clear = m_clearPending;
    m_clearPending = false;
  }
  if (clear)
    for (int i = 0; i < plot()->graphCount(); ++i) plot()->graph(i)->data()->clear();
  for (const Pending& p : points)
    if (p.series >= 0 && p.series < plot()->graphCount() && std::isfinite(p.y)) plot()->graph(p.series)->addData(p.x, p.y);
  updateRanges();
}

void TrainingChart::updateRanges() {
  double maxX = 1, lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int i = 0; i < plot()->graphCount(); ++i) {
    const auto data = plot()->graph(i)->data();
    for (auto it = data->constBegin(); it != data->constEnd(); ++it) {
      maxX = std::max(maxX, it->key);
      if (m_logY && it->value <= 0) continue;
      lo = std::min(lo, it->value);
      hi = std::max(hi, it->value);
    }
  }
  plot()->xAxis->setRange(0, maxX);
  if (!std::isfinite(lo)) {
    plot()->yAxis->setRange(m_logY ? 0.1 : 0.0, 1.0);
  } else if (m_logY) {
    plot()->yAxis->setRange(lo / 2, hi * 2);
  } else {
    const double pad = hi > lo ? (hi - lo) * 0.08 : std::max(std::abs(hi) * 0.1, 1e-9);
    plot()->yAxis->setRange(lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad);
  }
}
