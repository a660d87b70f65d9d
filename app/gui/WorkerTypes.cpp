// Meta-type registration for the values that cross threads (see WorkerTypes.h).
#include "WorkerTypes.h"

#include "JobTableModel.h"
#include "StoreService.h"

#include <dsw/generate.h>

GenerationRequest GenerationRequest::defaults() {
  const dsw::GenerateOptions engine;  // the one definition both front ends use
  GenerationRequest r;
  r.maxTokens = int(engine.max_tokens);
  r.greedy = engine.sampling.greedy;
  r.temperature = engine.sampling.temperature;
  r.topK = engine.sampling.top_k;
  r.topP = engine.sampling.top_p;
  r.minP = engine.sampling.min_p;
  r.repetitionPenalty = engine.sampling.repetition_penalty;
  r.seed = engine.sampling.seed;
  return r;
}

void registerWorkerTypes() {
  qRegisterMetaType<CancelFlag>();
  qRegisterMetaType<DeviceChoice>();
  qRegisterMetaType<DeviceInfo>();
  qRegisterMetaType<QVector<DeviceInfo>>();
  qRegisterMetaType<JobProgress>();
  qRegisterMetaType<ModelSummary>();
  qRegisterMetaType<GenerationRequest>();
  qRegisterMetaType<GenerationStats>();
  qRegisterMetaType<FileHashInfo>();
  qRegisterMetaType<QVector<FileHashInfo>>();
  qRegisterMetaType<JobItem>();
  qRegisterMetaType<QVector<JobItem>>();
}
