// ComparisonPanel: the Benchmarks area's comparison of the selected runs — a baseline picker, a
// metric picker, an Export button, and three views: the side-by-side table (values, deltas,
// ratios and verdicts coloured better / worse), a bar chart of the chosen metric per run with
// its noise as error bars, and a line chart of the chosen metric over a sweep.
//
// A view only: BenchmarksController computes the comparison and fills the models and charts.
// Threading: GUI thread only.
#pragma once

#include <QWidget>

class BarChart;
class QCheckBox;
class ComparisonTableModel;
class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class SweepChart;

class ComparisonPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ComparisonPanel(ComparisonTableModel* model, QWidget* parent = nullptr);

  QComboBox* baselineBox() const { return m_baseline; }
  QComboBox* metricBox() const { return m_metric; }
  QPushButton* exportButton() const { return m_export; }
  // Off by default: runs measured under different settings get "settings differ", not a verdict.
  QCheckBox* verdictsAcrossSettingsBox() const { return m_acrossSettings; }
  QLabel* hintLabel() const { return m_hint; }
  QTabWidget* tabs() const { return m_tabs; }
  QTableView* table() const { return m_table; }
  BarChart* barChart() const { return m_bars; }
  SweepChart* sweepChart() const { return m_sweep; }
  void setHint(const QString& text);
  void setExportIcon(const QIcon& icon);

 signals:
  void retranslated();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();

  QLabel* m_title;
  QLabel* m_hint;
  QLabel* m_baselineLabel;
  QComboBox* m_baseline;
  QLabel* m_metricLabel;
  QComboBox* m_metric;
  QPushButton* m_export;
  QCheckBox* m_acrossSettings;
  QTabWidget* m_tabs;
  QTableView* m_table;
  BarChart* m_bars;
  SweepChart* m_sweep;
};
