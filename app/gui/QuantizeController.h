// QuantizeController: the Quantize area — runs quantisation jobs on an open model's files with the
// form's options, shows per-layer progress with the engine's ETA and a Cancel, then the result page
// (size before/after, the quality verdict against the original, per-layer error bars, the expert
// coverage map, every Linear), stores the quality row with the benchmark runs, and opens the
// quantised model beside the original so it can be compared in Benchmarks and Inspect.
//
// Ownership and threading (GUI thread only):
//  - The engine work runs in a QuantizeWorker on this controller's own QThread (one job at a
//    time); the job is registered in the Jobs queue with progress and the shared CancelFlag.
//  - The quality row goes to BenchStoreService through requestInsert (queued, wired by the
//    Workbench); its answer (onInserted) gives the row ids for "Compare in Benchmarks".
//  - Opening the result goes through ModelsController::openModel like any model.
#pragma once

#include "BenchTypes.h"
#include "QuantizeTypes.h"

#include <QList>
#include <QObject>

class JobsController;
class ModelsController;
class QThread;
class QuantizePage;
class QuantizeWorker;
class ThemeManager;
class QWidget;

class QuantizeController : public QObject {
  Q_OBJECT
 public:
  QuantizeController(ModelsController& models, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                     QObject* parent = nullptr);
  ~QuantizeController() override;

  QuantizePage* page() const { return m_page; }
  int activeJob() const { return m_activeJob; }
  // The result shown now (from the last job or a loaded report).
  bool hasResult() const { return m_hasResult; }
  const dsw::QuantizeReport& report() const { return m_report; }
  const std::optional<dsw::BenchRow>& quality() const { return m_quality; }
  // Result rows stored for the shown result (empty until the store answered).
  const QList<qint64>& storedRows() const { return m_storedRows; }

 public slots:
  // Starts the form's job on the form's model; returns the job id (0 when not possible, with the
  // reason in the form's notice).
  int startQuantize();
  void cancelQuantize();
  // Shows a report written beside an earlier output (`<OUT>.quant.json`); false with a notice
  // when it cannot be read.
  bool loadReport(const QString& path);
  // Shows a finished job's outcome (also used by tests and screenshots with synthetic data).
  void showOutcome(const QuantizeOutcome& outcome);
  // Opens the shown result's output in the Models area unless it is open already; its model id or 0.
  int openResult();
  void setDatabasePath(const QString& path) { m_dbPath = path; }

  // From BenchStoreService (queued).
  void onInserted(int jobId, const QList<qint64>& ids);

 signals:
  void quantizeFinished(int jobId, bool ok);
  // Layers quantised so far in the running job, with the engine's ETA in seconds (< 0: unknown).
  void layerProgress(qint64 done, qint64 total, double etaSeconds);
  // The result's stored quality rows, to be compared in the Benchmarks area with the other
  // quality runs against the same original (`referencePath`).
  void compareRequested(const QList<qint64>& ids, const QString& referencePath);
  // Wired (queued) to BenchStoreService::insert.
  void requestInsert(int jobId, const BenchRows& rows);

 private:
  void refreshModels();
  void suggestOutput();
  QString modelPathFor(int modelId) const;
  void onStarted(int jobId);
  void onProgress(int jobId, const JobProgress& progress, double etaSeconds);
  void onFinished(const QuantizeOutcome& outcome);
  void onFailed(int jobId, const QString& code, const QString& message);
  void endJob();
  void applyTheme();
  void retranslate();

  ModelsController& m_models;
  JobsController& m_jobs;
  ThemeManager& m_theme;
  QWidget* m_dialogParent;
  QuantizePage* m_page = nullptr;
  QThread* m_thread = nullptr;
  QuantizeWorker* m_worker = nullptr;
  QString m_dbPath;
  QString m_suggestedOut;  // the last suggestion; replaced while the user has not edited it
  int m_activeJob = 0;
  bool m_openWhenDone = true;
  QString m_qualityNote;
  bool m_hasResult = false;
  dsw::QuantizeReport m_report;
  std::optional<dsw::BenchRow> m_quality;
  QList<qint64> m_storedRows;
  int m_resultJob = 0;
};
