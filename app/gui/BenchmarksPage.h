// BenchmarksPage: the Benchmarks area — the stored benchmark runs (this app's and dsw-cli's) in a
// filterable table with noisy runs marked, the "Run a benchmark" form, and the comparison of the
// runs selected in the table (ComparisonPanel).
//
// A view only: BenchmarksController owns the models and decides what Refresh, Run and Export do.
// Threading: GUI thread only.
#pragma once

#include <QWidget>

class BenchRunForm;
class BenchTableModel;
class ComparisonPanel;
class ComparisonTableModel;
class FilterableTableView;
class QLabel;
class QPushButton;
class QScrollArea;

class BenchmarksPage : public QWidget {
  Q_OBJECT
 public:
  BenchmarksPage(BenchTableModel* results, ComparisonTableModel* comparison, QWidget* parent = nullptr);

  FilterableTableView* resultsView() const { return m_results; }
  BenchRunForm* form() const { return m_form; }
  ComparisonPanel* comparison() const { return m_comparison; }
  QPushButton* refreshButton() const { return m_refresh; }
  QPushButton* relabelButton() const { return m_relabel; }
  QPushButton* deleteButton() const { return m_delete; }
  QLabel* statusLabel() const { return m_status; }
  // Relabel needs exactly one selected run, Delete at least one.
  void setEditEnabled(bool anySelected, bool oneSelected);
  // Run ids of the selected rows, in the order they were selected.
  QList<qint64> selectedRunIds() const;
  // Selects exactly these runs (those not shown are skipped).
  void selectRuns(const QList<qint64>& ids);
  void setStatus(const QString& text);
  void setRefreshIcon(const QIcon& icon);

 signals:
  void refreshRequested();
  void relabelRequested();
  void deleteRequested();
  void selectionChanged();
  void retranslated();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();

  BenchTableModel* m_model;
  QLabel* m_title;
  QLabel* m_subtitle;
  QPushButton* m_refresh;
  QPushButton* m_relabel;
  QPushButton* m_delete;
  FilterableTableView* m_results;
  BenchRunForm* m_form;
  QScrollArea* m_formScroll;
  ComparisonPanel* m_comparison;
  QLabel* m_status;
};
