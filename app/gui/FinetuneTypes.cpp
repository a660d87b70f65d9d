// Meta-type registration for the Fine-tune area's cross-thread values (see FinetuneTypes.h).
#include "FinetuneTypes.h"

void registerFinetuneTypes() {
  qRegisterMetaType<FinetuneRequest>();
  qRegisterMetaType<FinetunePlan>();
  qRegisterMetaType<FinetuneOutcome>();
  qRegisterMetaType<TrainSteps>();
  qRegisterMetaType<TrainRuns>();
  qRegisterMetaType<TrainMetricRows>();
}
