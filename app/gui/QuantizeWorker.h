// QuantizeWorker: runs quantisation jobs of the Quantize area on its own QThread — the engine's
// whole job (dsw::run_quantize_job: open, quantise layer by layer, write the model and its report
// atomically), then, when an evaluation text is given, the quality suite of the written model
// against the original (the Runner's "quality" bench, as dsw-cli bench --suite quality).
//
// Threading rules: created on the GUI thread, moved to a QThread owned by QuantizeController, and
// reached only through queued calls to run(); it answers with queued signals. Cancelling goes
// through the request's CancelFlag (the engine stops between Linears and leaves no output), so it
// never waits behind the queue. Engine objects live only inside run(), on this thread.
#pragma once

#include "QuantizeTypes.h"

#include <QObject>

class QuantizeWorker : public QObject {
  Q_OBJECT
 public:
  QuantizeWorker() = default;

 public slots:
  void run(const QuantizeRequest& request);

 signals:
  void started(int jobId);
  // Throttled to ~20 a second. `etaSeconds` is the engine's estimate for the quantise phase
  // (< 0 where it gives none).
  void progress(int jobId, const JobProgress& progress, double etaSeconds);
  void finished(const QuantizeOutcome& outcome);
  void failed(int jobId, const QString& code, const QString& message);
};
