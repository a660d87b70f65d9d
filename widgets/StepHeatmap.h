// StepHeatmap: one column of values per training step, one row per item (decoder layer, expert) —
// the per-layer gradient norm or an MoE layer's expert load as training goes — drawn as a colour
// map (QCPColorMap) with a colour scale.
//
// Fed with plain numbers and coalesced (ChartAdapter): appendColumn() from any thread; the GUI
// rebuilds the map at most every 40 ms. Long runs are pooled to at most kMaxColumns drawn columns
// (each the largest value of the steps it covers, so a spike never disappears).
// Threading: construct and configure on the GUI thread; appendColumn() and clear() from any thread.
#pragma once

#include "ChartAdapter.h"

#include <QString>
#include <QVector>

class QCPColorMap;
class QCPColorScale;

class StepHeatmap : public ChartAdapter {
  Q_OBJECT
 public:
  static constexpr int kMaxColumns = 400;

  explicit StepHeatmap(QWidget* parent);

  void setTitle(const QString& title);
  void setAxisLabels(const QString& x, const QString& y, const QString& scale);
  // Colour by log10 of the values (gradient norms span decades); values <= 0 draw as the lowest.
  void setLogValues(bool log);
  void setTheme(const ChartTheme& theme) override;

  // Any thread: the values of one step (one per row; the first column fixes the row count).
  void appendColumn(double step, const QVector<double>& values);
  void clear();

  // GUI thread, drained data: steps received, rows, and a stored value.
  int columnCount() const { return int(m_steps.size()); }
  int rowCount() const { return m_rows; }
  double value(int column, int row) const;

 protected:
  void drainPending() override;

 private:
  void rebuild();

  QMutex m_mutex;
  QVector<QPair<double, QVector<double>>> m_pending;
  bool m_clearPending = false;
  QVector<double> m_steps;
  QVector<QVector<double>> m_values;  // per step
  int m_rows = 0;
  bool m_log = false;
  QCPColorMap* m_map = nullptr;
  QCPColorScale* m_scale = nullptr;
};
