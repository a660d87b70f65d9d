// SweepChart: a metric over a sweep (batch size or prompt length) — one line with markers per
// model or label, x the swept value, y the metric, with a legend.
//
// Fed with plain series; QCustomPlot stays inside the .cpp. Data is set whole and replotted once.
// seriesPoints() reads back what the plot holds, for tests. Threading: GUI thread only.
#pragma once

#include "ChartAdapter.h"

#include <QPointF>
#include <QStringList>

class SweepChart : public ChartAdapter {
  Q_OBJECT
 public:
  struct Series {
    QString name;
    QVector<QPointF> points;  // any order; drawn by ascending x
  };

  explicit SweepChart(QWidget* parent);

  void setSeries(const QVector<Series>& series, const QString& xLabel, const QString& yLabel);
  void setTheme(const ChartTheme& theme) override;
  // Shown in the middle of the plot when there is nothing to draw.
  void setEmptyText(const QString& text);

  int seriesCount() const;
  QString seriesName(int i) const;
  QVector<QPointF> seriesPoints(int i) const;

 protected:
  void drainPending() override {}

 private:
  void rebuild();

  QVector<Series> m_series;
  QString m_xLabel, m_yLabel, m_emptyText;
};
