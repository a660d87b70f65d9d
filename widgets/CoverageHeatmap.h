// CoverageHeatmap: a rows × columns grid of counts as colour — the quantisation job's layer × expert
// map of calibration tokens per routed expert. Cells with no count (dense layers) are drawn as
// background, cells whose count is zero in the "missing" colour (an expert that fell back to RTN),
// the rest on a light-to-accent scale of log(1 + count), so a few starved experts stand out beside
// thousands of tokens.
//
// Fed with plain numbers (QCustomPlot stays in the .cpp); the data is set whole and replotted once.
// Threading: GUI thread only.
#pragma once

#include "ChartAdapter.h"

#include <QString>

class QCPColorMap;

class CoverageHeatmap : public ChartAdapter {
  Q_OBJECT
 public:
  explicit CoverageHeatmap(QWidget* parent);

  // `counts` is rows × columns row-major; a negative entry means "no such cell" (dense layer).
  void setCounts(int rows, int columns, const QVector<qint64>& counts, const QString& rowLabel, const QString& columnLabel);
  void setMissingColor(const QColor& colour);
  void setTheme(const ChartTheme& theme) override;

  // What the map holds (GUI thread): cells, cells with a zero count, the largest count.
  int rows() const { return m_rows; }
  int columns() const { return m_columns; }
  int zeroCells() const;
  qint64 maxCount() const;
  // The colour a cell is drawn in (for tests: zero cells use the missing colour).
  QColor cellColor(int row, int column) const;

 protected:
  void drainPending() override {}

 private:
  void rebuild();

  int m_rows = 0, m_columns = 0;
  QVector<qint64> m_counts;
  QString m_rowLabel, m_columnLabel;
  QColor m_missing{0xcc, 0x3a, 0x3a};
  QCPColorMap* m_map = nullptr;
};
