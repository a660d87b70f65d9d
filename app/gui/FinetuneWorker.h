// FinetuneWorker: the Fine-tune area's engine calls — planning a run (audit, memory estimate, data
// preview), running or resuming it, and reading and recording runs in the store — on its own
// QThread.
//
// Threading rules (as ModelWorker): created on the GUI thread, moved to a QThread the
// FinetuneController owns, reached only through queued calls; it answers with signals. The area
// keeps two of them: one trains (a run holds its thread for minutes), the other plans and reads the
// store, so checking a plan or listing runs never waits behind a training job. Step reports go
// through a TrainStepBuffer (pushed here, drained on the GUI thread at most every 40 ms: a fast
// run cannot flood the event queue); cancel is the request's CancelFlag, which the engine polls
// between micro-batches and answers by writing a checkpoint. When its thread finishes the worker
// is deleted on that thread.
#pragma once

#include "FinetuneTypes.h"

#include <QObject>

#include <memory>

class FinetuneWorker : public QObject {
  Q_OBJECT
 public:
  explicit FinetuneWorker(std::shared_ptr<TrainStepBuffer> steps = nullptr);

  // Prompts of the first `n` eval examples of the data (prompt-response: the prompt field; chat:
  // the first user message; text: the start of the document) — the split finetune() makes.
  static QStringList evalPrompts(const dsw::TrainConfig& config, int n);

 public slots:
  // Answers planned() (never failed(): each part of the plan carries its own error).
  void plan(int requestId, const dsw::TrainConfig& config);
  // Runs (or resumes) the request's run; answers started(), historyLoaded() (resume), stepsPending()
  // and finished() or failed(). The finished run is recorded in request.dbPath.
  void train(const FinetuneRequest& request);
  void listRuns(const QString& dbPath);
  void loadRunMetrics(const QString& dbPath, qint64 runId);

 signals:
  void planned(const FinetunePlan& plan);
  void started(int jobId);
  void progress(int jobId, const JobProgress& progress);
  // The steps a resumed run logged before (from its metrics.jsonl).
  void historyLoaded(int jobId, const TrainSteps& steps);
  void stepsPending(int jobId);
  void finished(const FinetuneOutcome& outcome);
  void failed(int jobId, const QString& code, const QString& message);
  void runsListed(const TrainRuns& runs, const QString& error);
  void runMetricsLoaded(qint64 runId, const TrainMetricRows& rows);

 private:
  std::shared_ptr<TrainStepBuffer> m_steps;
};
