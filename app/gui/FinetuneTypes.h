// Values that cross threads for the Fine-tune area: a run's request (GUI -> finetune worker), the
// plan shown before starting (audit, memory, data preview), step reports while it trains, its
// outcome, and the stored runs.
//
// Like BenchTypes.h this header includes engine headers on purpose: TrainConfig, TrainStepReport,
// AdapterAudit, DataPreview and the store records are plain structs (no engine object, no thread
// affinity), and mirroring each field in a Qt type would only add a second place to keep in step.
// Registered for queued connections by registerFinetuneTypes().
#pragma once

#include "WorkerTypes.h"

#include <dsw/store.h>
#include <dsw/train.h>

#include <QMetaType>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

struct FinetuneRequest {
  int jobId = 0;
  CancelFlag cancel;
  dsw::TrainConfig config;
  QString dbPath;  // where the finished run is recorded (empty: not recorded)
};

// What a run would do, computed before it starts. Each part fails on its own (a missing data file
// still shows the audit), with the engine's message.
struct FinetunePlan {
  int requestId = 0;
  dsw::TrainConfig config;
  // The model.
  QString modelError;
  QString architecture;
  qint64 layers = 0, routedExperts = 0;
  QVector<int> moeLayers;  // decoder layers with routed experts, in order
  // The "adapter applied?" audit (LoRA) or the trainable count (full fine-tuning).
  bool auditOk = false;
  dsw::AdapterAudit audit;
  QString auditError;
  // Memory.
  bool memoryOk = false;
  dsw::MemoryEstimate memory;
  quint64 availableBytes = 0;
  QString memoryError;
  // Data.
  bool dataOk = false;
  dsw::DataPreview preview;
  QString dataError;
  bool dataMissing = false;  // no data file chosen yet (worded by the interface, not the engine)
  QStringList evalPrompts;  // prompts of the first eval examples (for side-by-side comparisons)
  bool ok() const { return modelError.isEmpty() && auditOk && memoryOk && dataOk; }
};

struct FinetuneOutcome {
  int jobId = 0;
  dsw::TrainConfig config;
  qint64 steps = 0;
  double finalLoss = 0;
  std::optional<double> firstEvalLoss, finalEvalLoss;
  QString resultDir;      // the PEFT adapter folder (LoRA) or the model folder (full fine-tuning)
  QString checkpointDir;
  QString audit;          // the audit's summary line
  QString memory;         // the estimate the run was admitted with
  qint64 runId = 0;       // store row (0: not recorded)
  QString storeError;
};

using TrainSteps = std::vector<dsw::TrainStepReport>;
using TrainRuns = std::vector<dsw::TrainRunRecord>;
using TrainMetricRows = std::vector<dsw::TrainMetricRow>;

// The hand-over buffer between the training worker and the GUI (TokenStream's pattern): the worker
// pushes each step report under a mutex and signals only when the buffer was empty; the GUI drains
// everything at once on a ~40 ms timer. Threading: push() on the worker, drain() on the GUI thread.
class TrainStepBuffer {
 public:
  bool push(dsw::TrainStepReport step) {
    QMutexLocker lock(&m_mutex);
    const bool wasEmpty = m_pending.empty();
    m_pending.push_back(std::move(step));
    return wasEmpty;
  }
  TrainSteps drain() {
    QMutexLocker lock(&m_mutex);
    TrainSteps out;
    out.swap(m_pending);
    return out;
  }

 private:
  QMutex m_mutex;
  TrainSteps m_pending;
};

Q_DECLARE_METATYPE(FinetuneRequest)
Q_DECLARE_METATYPE(FinetunePlan)
Q_DECLARE_METATYPE(FinetuneOutcome)
Q_DECLARE_METATYPE(TrainSteps)
Q_DECLARE_METATYPE(TrainRuns)
Q_DECLARE_METATYPE(TrainMetricRows)

void registerFinetuneTypes();
