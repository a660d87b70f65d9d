// InspectController: the Inspect area — runs attention, routing, comparison and data-set jobs on
// its InspectWorker, shows the results in the page's panels, and exports charts and data.
//
// Ownership and threading (GUI thread only, like the other controllers):
//  - The InspectWorker lives on a QThread this controller owns; it is reached by queued calls and
//    answers with queued signals. Every run is registered with the JobsController (progress,
//    cancel through the request's CancelFlag, the outcome recorded in the job history).
//  - One job at a time: Run is disabled while one runs. A malformed request (no prompt, no model,
//    a prompt longer than the context, a dense model for routing, an incompatible pair) ends as a
//    failed job whose engine message is shown on the page; the area stays usable.
//  - Model pickers list the Models area's ready models; any folder can be typed or browsed to.
//  - Charts export as PNG/SVG and their data as CSV/JSON (right-click menu), or join the next
//    benchmark report (reportViewAdded, which the Workbench forwards to the Benchmarks area).
// The destructor stops the worker's thread (cancelling its job): the one blocking hop, at exit.
#pragma once

#include "InspectTypes.h"
#include "ReportView.h"

#include <QObject>
#include <QPointer>
#include <QSet>

class ChartAdapter;
class InspectPage;
class InspectWorker;
class JobsController;
class ModelsController;
class QThread;
class ThemeManager;
class QWidget;

class InspectController : public QObject {
  Q_OBJECT
 public:
  InspectController(ModelsController& models, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                    QObject* parent = nullptr);
  ~InspectController() override;

  InspectPage* page() const { return m_page; }
  int activeJob() const { return m_activeJob; }
  QString databasePath() const { return m_dbPath; }
  // The device Inspect's own models run on ("CPU · n threads") once a run has loaded one (they
  // stay loaded for the next run), and that model's path; empty before. Inspect does not use the
  // Models area's model, so the status bar names both.
  QString deviceInUse() const;
  QString modelInUse() const { return m_modelInUse; }

 public slots:
  void setDatabasePath(const QString& path);
  // Run: what the current tab shows (attention, routing, the comparison, a data-set run). Each
  // returns the job id, or 0 when the request was refused before it started (status says why).
  int run();
  int runAttention();
  int runRouting();
  int runComparison(const QString& mode);  // "attention" or "routing"
  int runDataset();
  // The routing comparison of two versions of a model, e.g. a base and the base with a fine-tuning
  // run's adapter: sets both sides and the prompt, and runs the Compare tab's routing view.
  int compareRoutingOf(const QString& modelA, const QString& adapterA, const QString& modelB, const QString& adapterB,
                       const QString& prompt);
  void cancel();
  // Stored data-set runs.
  void refreshRuns();
  int showRun(qint64 id);
  int compareRuns(qint64 a, qint64 b);
  int exportRun(qint64 id, const QString& path);
  void deleteRun(qint64 id);
  // A chart's image (.png/.svg) or data (.csv/.json); false with a message naming the file.
  // Every Inspect chart: the heatmaps (small multiples included) and the expert-load bars.
  bool exportChart(ChartAdapter* chart, const QString& path, QString* error = nullptr);
  bool exportChartData(ChartAdapter* chart, const QString& path, QString* error = nullptr);
  void addToReport(ChartAdapter* chart);

 signals:
  void deviceInUseChanged();
  void attentionShown(int jobId);
  void routingShown(int jobId);
  void comparisonShown(int jobId);
  void datasetStored(int jobId, qint64 runId);
  void runsListed(int count);
  void jobFailed(int jobId, const QString& code, const QString& message);
  void reportViewAdded(const ReportView& view);

 private:
  int begin(const QString& what, InspectRequest& request, bool needPrompt, bool needB);
  void finish(int jobId, const QString& message);
  void onFailed(int jobId, const QString& code, const QString& message);
  void refreshModels();
  void watchCharts();
  void applyTheme();
  void readPromptFile();
  void browseModel(bool compare);
  void browseAdapter(bool compare);
  QString modelName(const QString& path) const;
  QString sideName(bool compare) const;  // the model's folder name, "+ adapter" when one is attached

  ModelsController& m_models;
  JobsController& m_jobs;
  ThemeManager& m_theme;
  QWidget* m_dialogParent;
  InspectPage* m_page;
  QThread* m_thread;
  InspectWorker* m_worker;
  QString m_dbPath;
  int m_activeJob = 0;
  CancelFlag m_cancel;
  QString m_lastPrompt;  // the prompt of the attention on screen (layer/head changes rerun it)
  int m_reportViews = 0;
  QSet<ChartAdapter*> m_watched;
  QString m_modelInUse;
};
