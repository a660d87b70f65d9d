// LiveSeriesChart: a few named line series over a sliding time window, for live figures that keep
// arriving (requests per second, latency percentiles, batch size, queue depth).
//
// Coalesced like every ChartAdapter: append() from any thread only queues the sample; the chart
// drains and replots at most once per ~40 ms. Samples older than the window are dropped, so
// memory stays bounded however long it runs. The x axis (seconds) grows with the data until it spans
// the window, then slides; y scales to the visible data.
#pragma once

#include "ChartAdapter.h"

#include <QStringList>
#include <QVector>

class LiveSeriesChart : public ChartAdapter {
  Q_OBJECT
 public:
  // One series per name; the first takes the theme's accent colour, the others fixed companions.
  LiveSeriesChart(const QStringList& seriesNames, QWidget* parent, double windowSeconds = 120);

  void setAxisLabels(const QString& x, const QString& y);
  // Renames the series (after a language change); the count must stay the same.
  void setSeriesNames(const QStringList& names);
  void setTheme(const ChartTheme& theme) override;
  // Any thread: one sample of every series at time x (seconds). Missing values are not drawn.
  void append(double x, const QVector<double>& values);
  void clear();
  // GUI thread: points drawn in series i (excludes samples still pending).
  int pointCount(int series = 0) const;
  int seriesCount() const { return m_count; }

 protected:
  void drainPending() override;

 private:
  struct Sample {
    double x;
    QVector<double> values;
  };
  int m_count;
  double m_window;
  QMutex m_mutex;
  QVector<Sample> m_pending;
  bool m_clearPending = false;
};
