// TrainingChart: a few named line series over training steps (train and eval loss, learning rate,
// gradient norm, tokens/s, memory), with optional markers for flagged points and a log y axis.
//
// Fed with plain numbers and coalesced as ChartAdapter describes: append() from any thread pushes
// under a mutex and signals once when the buffer goes non-empty; the GUI replots at most every
// 40 ms. The y range follows the data (log axes keep positive values only).
// Threading: construct and configure on the GUI thread; append() and clear() from any thread.
#pragma once

#include "ChartAdapter.h"

#include <QColor>
#include <QPointF>
#include <QString>

class TrainingChart : public ChartAdapter {
  Q_OBJECT
 public:
  enum class Style { Line, Markers };

  explicit TrainingChart(QWidget* parent);

  // Adds a series (GUI thread, before data arrives); returns its index. A series without colour
  // takes the theme's accent for the first and fixed companions for the others.
  int addSeries(const QString& name, Style style = Style::Line, const QColor& color = {});
  void setSeriesName(int series, const QString& name);
  void setTitle(const QString& title);
  void setAxisLabels(const QString& x, const QString& y);
  void setLogY(bool log);
  void setTheme(const ChartTheme& theme) override;

  // Any thread.
  void append(int series, double x, double y);
  void clear();

  // GUI thread: points drawn so far in a series (pending points excluded), and a point's value.
  int pointCount(int series) const;
  QPointF point(int series, int i) const;
  int seriesCount() const;

 protected:
  void drainPending() override;

 private:
  struct Pending {
    int series;
    double x, y;
  };
  void restyle();
  void updateRanges();

  QMutex m_mutex;
  QVector<Pending> m_pending;
  bool m_clearPending = false;
  QVector<Style> m_styles;
  QVector<QColor> m_colors;
  bool m_logY = false;
};
