// Meta-type registration for the values that cross threads (see WorkerTypes.h).
#include "WorkerTypes.h"

#include "JobTableModel.h"
#include "StoreService.h"

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
