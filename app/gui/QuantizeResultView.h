// QuantizeResultView: the Quantize area's result page — the verdict line, a card with size
// before/after, the quality figures against the original (Δppl, KL mean and p99, top-1 and
// routing agreement) and the fallbacks; per-layer error bars; the layer × expert map of
// calibration tokens (MoE); and every Linear's scheme, method and errors in a filterable table.
//
// A view only, fed with plain data (QuantizeController builds it with QuantizePresentation).
// Threading: GUI thread only.
#pragma once

#include "BarChart.h"
#include "KeyValueCard.h"

#include <QWidget>

class CoverageHeatmap;
class FilterableTableView;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTabWidget;

class QuantizeResultView : public QWidget {
  Q_OBJECT
 public:
  explicit QuantizeResultView(QWidget* parent = nullptr);

  void setHeadline(const QString& title, const QString& verdict);
  void setSummary(const QList<KeyValueSection>& sections);
  void setLayerErrors(const QVector<BarChart::Bar>& bars, const QString& axisTitle);
  // rows × columns counts (−1: dense layer); rows == 0 shows the "dense model" note instead.
  void setCoverage(int rows, int columns, const QVector<qint64>& counts, int starved);
  void setLinears(const QStringList& columns, const QVector<QStringList>& rows);
  // Nothing to show yet: the hint replaces the result.
  void showEmpty(const QString& hint);
  bool hasResult() const { return m_hasResult; }

  KeyValueCard* card() const { return m_card; }
  BarChart* errorChart() const { return m_errors; }
  CoverageHeatmap* coverageMap() const { return m_coverage; }
  FilterableTableView* linearsView() const { return m_linears; }
  QTabWidget* tabs() const { return m_tabs; }
  QPushButton* openButton() const { return m_open; }
  QPushButton* compareButton() const { return m_compare; }
  QPushButton* loadReportButton() const { return m_loadReport; }
  QString verdictText() const;

 signals:
  void openRequested();
  void compareRequested();
  void loadReportRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();

  QLabel* m_title;
  QLabel* m_verdict;
  QLabel* m_hint;
  QPushButton* m_open;
  QPushButton* m_compare;
  QPushButton* m_loadReport;
  QTabWidget* m_tabs;
  KeyValueCard* m_card;
  QWidget* m_errorsHost;
  BarChart* m_errors;
  QWidget* m_coverageHost;
  CoverageHeatmap* m_coverage;
  QLabel* m_coverageNote;
  FilterableTableView* m_linears;
  QStandardItemModel* m_linearModel;
  QString m_emptyHint;
  int m_starved = -1;
  bool m_hasResult = false;
};
