// SweepChart (see header).
#include "SweepChart.h"

#include <qcustomplot.h>

#include <algorithm>
#include <iterator>

namespace {

// Distinct line colours after the theme's accent (colour-blind friendly: Okabe-Ito).
const QColor kPalette[] = {QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73), QColor(0xcc, 0x79, 0xa7),
                           QColor(0xd5, 0x5e, 0x00), QColor(0x56, 0xb4, 0xe9), QColor(0x99, 0x99, 0x99)};

}  // namespace

SweepChart::SweepChart(QWidget* parent) : ChartAdapter(parent) {
  plot()->setMinimumHeight(220);
  plot()->axisRect()->setAutoMargins(QCP::msLeft | QCP::msBottom);
  plot()->axisRect()->setMargins(QMargins(0, 10, 14, 0));
  plot()->legend->setVisible(true);
  plot()->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  setTheme(theme());
}

void SweepChart::setSeries(const QVector<Series>& series, const QString& xLabel, const QString& yLabel) {
  m_series = series;
  m_xLabel = xLabel;
  m_yLabel = yLabel;
  rebuild();
}

void SweepChart::setEmptyText(const QString& text) {
  m_emptyText = text;
  rebuild();
}

void SweepChart::setTheme(const ChartTheme& t) {
  ChartAdapter::setTheme(t);
  plot()->legend->setBrush(t.background);
  plot()->legend->setBorderPen(QPen(t.grid));
  plot()->legend->setTextColor(t.foreground);
  rebuild();
}

void SweepChart::rebuild() {
  QCustomPlot* p = plot();
  p->clearGraphs();
  p->clearItems();
  double minX = 0, maxX = 1, maxY = 0;
  bool any = false;
  for (int i = 0; i < m_series.size(); ++i) {
    QVector<QPointF> pts = m_series[i].points;
    std::sort(pts.begin(), pts.end(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
    QCPGraph* g = p->addGraph();
    g->setName(m_series[i].name);
    const QColor colour = i == 0 ? theme().accent : kPalette[(i - 1) % int(std::size(kPalette))];
    g->setPen(QPen(colour, 2));
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, theme().background, 7));
    QVector<double> xs, ys;
    for (const auto& pt : pts) {
      xs.append(pt.x());
      ys.append(pt.y());
      if (!any) minX = maxX = pt.x();
      any = true;
      minX = std::min(minX, pt.x());
      maxX = std::max(maxX, pt.x());
      maxY = std::max(maxY, pt.y());
    }
    g->setData(xs, ys, true);
  }
  if (!any && !m_emptyText.isEmpty()) {
    auto* text = new QCPItemText(p);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0.5, 0.5);
    text->setText(m_emptyText);
    text->setColor(theme().foreground);
  }
  const double pad = std::max(0.5, (maxX - minX) * 0.06);
  p->xAxis->setRange(minX - pad, maxX + pad);
  p->yAxis->setRange(0, maxY > 0 ? maxY * 1.15 : 1);
  p->xAxis->setLabel(m_xLabel);
  p->yAxis->setLabel(m_yLabel);
  p->legend->setVisible(!m_series.isEmpty());
  scheduleReplot();
}

int SweepChart::seriesCount() const { return plot()->graphCount(); }

QString SweepChart::seriesName(int i) const { return i >= 0 && i < plot()->graphCount() ? plot()->graph(i)->name() : QString(); }

QVector<QPointF> SweepChart::seriesPoints(int i) const {
  QVector<QPointF> out;
  if (i < 0 || i >= plot()->graphCount()) return out;
  auto data = plot()->graph(i)->data();
  for (auto it = data->constBegin(); it != data->constEnd(); ++it) out.append({it->key, it->value});
  return out;
}
