// FinetuneController: the Fine-tune area — plans a run (the "adapter applied?" audit, the memory
// estimate and the rendered data, refreshed as the form changes), runs, cancels and resumes it as
// a job, charts it live (loss, eval loss, learning rate, gradient norm globally and per layer with
// the gradient monitor's flags, tokens/s, memory, MoE expert load), records it in the store, lists
// stored runs, and when a run ends opens the result beside its base and compares them in one
// click: the same prompts side by side (Playground), perplexity on the eval split (Benchmarks).
//
// Ownership and threading (GUI thread only):
//  - Two FinetuneWorkers on their own QThreads: "finetune" runs training jobs, "finetune-plan"
//    plans and reads the store, so neither waits for the other. Both are reached by queued calls
//    and answer with signals; the training job's CancelFlag (from the Jobs area) is polled by the
//    engine, which writes a checkpoint before it stops.
//  - Step reports arrive through a TrainStepBuffer: the worker's stepsPending arms a 40 ms
//    single-shot timer if it is idle, and the timer drains every pending step at once into the
//    charts (which coalesce their own replots) and the status line.
//  - Plans are requested 400 ms after the last edit; each carries an id and older answers are
//    dropped.
//  - Comparisons use what other areas already own: ModelsController opens the result beside the
//    base (an adapter is attached to the base weights), SideBySideCompare drives the two model
//    workers, and the eval-split perplexity is the Benchmarks area's suite run on both models,
//    stored through its store service and shown in its comparison.
// shutdown() (at exit) cancels a running job and waits for both threads: the one blocking hop.
#pragma once

#include "BenchTypes.h"
#include "FinetuneTypes.h"
#include "GradientMonitor.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>

class AppSettings;
class AuditTableModel;
class BenchmarksController;
class FinetunePage;
class FinetuneWorker;
class JobsController;
class ModelsController;
class QStandardItemModel;
class QThread;
class QTimer;
class SideBySideCompare;
class ThemeManager;

class FinetuneController : public QObject {
  Q_OBJECT
 public:
  static constexpr int kDrainIntervalMs = 40;
  static constexpr int kPlanDelayMs = 400;

  FinetuneController(ModelsController& models, JobsController& jobs, BenchmarksController& benchmarks, ThemeManager& theme,
                     AppSettings& settings, QWidget* dialogParent, QObject* parent = nullptr);
  ~FinetuneController() override;

  FinetunePage* page() const { return m_page; }
  SideBySideCompare* sideBySide() const { return m_sideBySide; }
  const FinetunePlan& plan() const { return m_plan; }
  bool planCurrent() const { return m_planReceived == m_planRequested && m_planRequested > 0; }
  int activeJob() const { return m_activeJob; }
  bool isTraining() const { return m_activeJob != 0; }
  int stepsShown() const { return m_stepsShown; }
  const dsw::TrainStepReport& lastStep() const { return m_lastStep; }
  const GradientMonitor& gradients() const { return m_monitor; }
  const FinetuneOutcome& lastOutcome() const { return m_outcome; }
  int baseModelId() const { return m_baseModel; }
  int resultModelId() const { return m_resultModel; }
  const TrainRuns& runs() const { return m_runs; }
  // Stops the threads (application exit only): cancels a running job and waits.
  void shutdown();

 public slots:
  void setDatabasePath(const QString& path);
  // Plans the form's run now (also done automatically after edits); returns the request id.
  int requestPlan();
  // Starts (or, with resume, continues) the form's run; returns the job id (0 when not possible).
  int start(bool resume = false);
  void cancel();
  // Opens the last result beside its base (both through the Models area).
  void openResult();
  // The comparisons of the last result with its base (false when the two are not open).
  bool compareSideBySide();
  bool comparePerplexity();
  // Routing shift: asks for Inspect's routing comparison of the base and the result on the run's
  // eval prompts (routingShiftRequested; the Workbench runs it in the Inspect area).
  bool compareRouting();
  void refreshRuns();
  // Fills the form with a stored run's settings (to resume it or run one like it).
  void useRunSettings(qint64 runId);
  // Opens a stored run's adapter (or model) beside its base.
  void openRun(qint64 runId);

 signals:
  void planReady(const FinetunePlan& plan);
  void trainingStarted(int jobId);
  void stepsDrained(int total);
  void trainingFinished(bool succeeded, const QString& message);
  void resultReady(int baseModelId, int resultModelId);
  void perplexityCompared(const QList<qint64>& rowIds);
  void runsRefreshed(int count);
  // Asks the window to show another area ("benchmarks", "inspect").
  void showAreaRequested(const QString& key);
  // The base (model A) against the result (model B, or the base with adapter B) in Inspect.
  void routingShiftRequested(const QString& modelA, const QString& modelB, const QString& adapterB, const QString& prompt);

 private:
  void onPlanned(const FinetunePlan& plan);
  void onStarted(int jobId);
  void onHistory(int jobId, const TrainSteps& steps);
  void onStepsPending(int jobId);
  void drain();
  void showStep(const dsw::TrainStepReport& s, bool live);
  void onFinished(const FinetuneOutcome& outcome);
  void onFailed(int jobId, const QString& code, const QString& message);
  void onRunsListed(const TrainRuns& runs, const QString& error);
  void onRunMetrics(qint64 runId, const TrainMetricRows& rows);
  void onModelReady(int id);
  void onBenchFinished(int jobId, const BenchRows& rows);
  QStringList runColumns() const;
  void comparePending();
  void onBenchFailed(int jobId, const QString& code, const QString& message);
  void onBenchStored(int jobId, const QList<qint64>& ids);
  void resetCharts();
  void setupCharts();
  void refreshModels();
  void updateButtons();
  void updateResultButtons();
  void applyTheme();
  void retranslate();
  void suggestOutputDir();
  bool outputResumable() const;
  void selectExpertLayer(int index);
  void openPair(const QString& base, const QString& result, bool adapter);
  const dsw::TrainRunRecord* findRun(qint64 id) const;

  ModelsController& m_models;
  JobsController& m_jobs;
  BenchmarksController& m_benchmarks;
  ThemeManager& m_theme;
  AppSettings& m_settings;
  QWidget* m_dialogParent;
  FinetunePage* m_page;
  AuditTableModel* m_audit;
  QStandardItemModel* m_runsModel;
  SideBySideCompare* m_sideBySide;
  std::shared_ptr<TrainStepBuffer> m_steps;
  QThread* m_trainThread;
  QThread* m_planThread;
  FinetuneWorker* m_trainWorker;
  FinetuneWorker* m_planWorker;
  QTimer* m_planTimer;
  QTimer* m_drainTimer;
  QString m_dbPath;

  FinetunePlan m_plan;
  int m_planRequested = 0, m_planReceived = 0;
  int m_activeJob = 0;
  dsw::TrainConfig m_activeConfig;
  int m_stepsShown = 0;
  dsw::TrainStepReport m_lastStep;
  std::optional<double> m_lastEval;
  qint64 m_firstStepOfRun = -1;  // steps done when this job began (a resumed run starts later)
  QElapsedTimer m_clock;         // since this job's first step, for the time left
  GradientMonitor m_monitor;
  std::vector<std::vector<std::vector<float>>> m_expertHistory;  // step -> MoE layer -> expert share
  std::vector<double> m_expertSteps;
  int m_expertLayer = 0;

  FinetuneOutcome m_outcome;
  bool m_haveOutcome = false;
  QString m_suggestedOutput;  // the output folder the form was given automatically
  QString m_pairBase, m_pairResult;  // paths of the pair opened last (result: adapter or model folder)
  bool m_pairAdapter = true;
  QString m_pairRunDir;
  QStringList m_pairPrompts;
  bool m_pairChat = true;
  int m_baseModel = 0, m_resultModel = 0;
  QList<int> m_connectedWorkers;
  QHash<int, int> m_pplJobs;          // bench job id -> 0 (base) or 1 (result)
  QHash<int, qint64> m_pplRows;       // side -> stored row id
  QList<qint64> m_pendingCompare;     // stored rows (base, result) waiting for the Benchmarks list
  TrainRuns m_runs;
};
