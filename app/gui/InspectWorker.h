// InspectWorker: the Inspect area's engine work — attention and routing of a prompt, comparisons
// of two models, data-set routing runs and the store that keeps them — on its own QThread.
//
// Threading rules (as ModelWorker): created on the GUI thread, moved to a QThread owned by the
// InspectController, then reached only through queued calls to its slots; it answers with queued
// signals carrying InspectTypes values. The engine objects (Runners, sessions, the store) live and
// die on the worker's thread. A request's CancelFlag is the one shared thing: the GUI sets it, the
// engine polls it, so Cancel never waits behind a queued call.
//
// Models are opened here by path, apart from the Models area's workers (the weights are memory
// mapped, so a second Runner shares their pages); the two most recently used stay open, enough
// for a comparison. They run on all but one hardware thread: a capture is a long prefill that
// would otherwise take every core from the GUI thread. Each job registers as started(), reports progress() (throttled to ~20 Hz) and
// ends with its result signal or failed(code, message) carrying the engine's diagnostic.
#pragma once

#include "InspectTypes.h"

#include <QObject>

#include <memory>

class InspectWorker : public QObject {
  Q_OBJECT
 public:
  InspectWorker();
  ~InspectWorker() override;
  // CPU threads Inspect's models run with (they always run on the CPU): all but one core, which
  // is left to the GUI during a capture's long prefill.
  static int threadCount();

 public slots:
  void attention(const InspectRequest& request);
  void routing(const InspectRequest& request);
  void compareAttention(const InspectRequest& request);
  void compareRouting(const InspectRequest& request);
  // Routing over request.file, stored in request.dbPath (answers datasetStored).
  void dataset(const InspectRequest& request);
  // Stored runs: loaded into the routing views, compared (runA, runB), exported, deleted, listed.
  void loadRun(const InspectRequest& request);
  void compareRuns(const InspectRequest& request);
  void exportRun(const InspectRequest& request);
  void deleteRun(const QString& dbPath, qint64 id);
  void listRuns(const QString& dbPath);

 signals:
  void started(int jobId);
  void modelOpened(const QString& path);  // a model was loaded for a job (kept for the next one)
  void progress(int jobId, const JobProgress& progress);
  void failed(int jobId, const QString& code, const QString& message);
  void attentionFinished(int jobId, const AttentionResult& result);
  void routingFinished(int jobId, const RoutingResult& result);
  void attentionCompared(int jobId, const AttentionCompareResult& result);
  void routingCompared(int jobId, const RoutingCompareResult& result);
  void datasetStored(int jobId, const RoutingResult& result);
  void runExported(int jobId, const QString& path);
  void runsListed(const QVector<RoutingRunRow>& runs, const QString& error);

 private:
  struct Engine;
  std::unique_ptr<Engine> m_engine;
};
