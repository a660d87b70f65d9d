// BenchmarksController: the Benchmarks area — lists the stored benchmark runs, runs new ones as
// jobs on an open model, compares the selected runs and exports reports.
//
// Ownership and threading (GUI thread only):
//  - Reading and writing rows goes through BenchStoreService on the store thread (queued signals
//    requestList / requestInsert, answers in onListed / onInserted); nothing here touches SQLite.
//  - A benchmark is a queued call to the chosen model's ModelWorker (benchmark()), registered in
//    the Jobs queue with progress and cancel (the job's CancelFlag, polled by the engine). When
//    the worker answers benchFinished the rows go to the store, and once stored the job succeeds
//    and the list refreshes. Refresh also happens on demand (rows other processes wrote appear).
//  - The comparison is dsw::compare_runs over the selected rows with the chosen baseline first;
//    BenchPresentation turns it into table cells, bars and sweep lines. Exports use
//    ReportExporter on this thread (a comparison is small; charts are QCustomPlot widgets).
#pragma once

#include "BenchTypes.h"
#include "ReportView.h"

#include <dsw/compare.h>

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QWidget>

#include <functional>

class BenchTableModel;
class BenchmarksPage;
class ComparisonTableModel;
class JobsController;
class ModelsController;
class ThemeManager;
class QWidget;

class BenchmarksController : public QObject {
  Q_OBJECT
 public:
  BenchmarksController(ModelsController& models, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                       QObject* parent = nullptr);

  BenchmarksPage* page() const { return m_page; }
  BenchTableModel* resultsModel() const { return m_results; }
  ComparisonTableModel* comparisonModel() const { return m_comparisonModel; }
  const BenchRows& runs() const { return m_rows; }
  // The runs compared now, baseline first (empty when fewer than one run is selected).
  const dsw::Comparison& comparison() const { return m_comparison; }
  int activeJob() const { return m_activeJob; }
  // The relabel or delete question on screen (for tests), or nullptr.
  QWidget* editDialog() const { return m_editDialog; }

 public slots:
  void refresh();
  // Starts the form's benchmark on the form's model; returns the job id (0 when not possible).
  int startBenchmark();
  void cancelBenchmark();
  // Compares these runs (selecting them in the table); the first is the baseline.
  void compareRuns(const QList<qint64>& ids);
  void setBaseline(qint64 id);
  void setMetric(const QString& field);
  // Writes the current comparison (or every listed run when none is selected) to `path`.
  bool exportReport(const QString& path, QString* error = nullptr);
  // A chart from another area (Inspect) included in the reports exported from now on.
  void addReportView(const ReportView& view);
  const QVector<ReportView>& reportViews() const { return m_reportViews; }
  void exportWithDialog();
  // Asks for a new label of the one selected run / confirmation to delete the selected runs.
  void relabelSelected();
  void deleteSelected();

  // From BenchStoreService (queued).
  void onStoreOpened(const QString& path, bool ok, const QString& message);
  void onListed(const BenchRows& rows);
  void onInserted(int jobId, const QList<qint64>& ids);
  void onStoreFailed(int jobId, const QString& message);
  void onEdited();

 signals:
  void runsRefreshed(int count);
  void benchmarkStored(int jobId, const QList<qint64>& ids);
  void comparisonChanged();
  // Wired (queued) to BenchStoreService.
  void requestList();
  void requestInsert(int jobId, const BenchRows& rows);
  void requestRelabel(qint64 id, const QString& label);
  void requestDelete(const QList<qint64>& ids);

 private:
  void connectWorker(int modelId);
  void refreshModels();
  void onBenchFinished(int jobId, const BenchRows& rows);
  void onWorkerFailed(int jobId, const QString& code, const QString& message);
  void onSelectionChanged();
  // Presents m_rows in the list (selection kept), then the comparison of the selected runs.
  void showRows();
  void updateComparison();
  void updateCharts();
  void applyTheme();
  void retranslate();
  BenchRows selectedRows() const;
  // The status line and the form's notice, worded when shown (and again on a language change).
  using Text = std::function<QString()>;
  void setStatus(const Text& text);
  void setNotice(const Text& text);
  dsw::CompareOptions compareOptions() const;

  ModelsController& m_models;
  JobsController& m_jobs;
  ThemeManager& m_theme;
  QWidget* m_dialogParent;
  BenchTableModel* m_results;
  ComparisonTableModel* m_comparisonModel;
  BenchmarksPage* m_page = nullptr;
  BenchRows m_rows;
  QList<qint64> m_selected;  // compared runs, in table order
  qint64 m_baseline = 0;
  QString m_metric = QStringLiteral("decode_tps");
  QVector<ReportView> m_reportViews;
  QString m_dbPath;  // the open results database (also the weight-hash cache for benchmark jobs)
  dsw::Comparison m_comparison;
  QSet<int> m_connected;
  int m_activeJob = 0;
  int m_activeModel = 0;
  bool m_updating = false;
  QPointer<QWidget> m_editDialog;
  Text m_status, m_notice;
  bool m_noticeNeedsModel = false;
};
