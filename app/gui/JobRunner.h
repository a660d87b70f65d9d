// JobRunner: runs the workbench's standalone jobs (hashing weight files, probing devices) one at a
// time on its own QThread.
//
// Threading rules: created on the GUI thread and moved to a QThread owned by the Workbench; reached
// only through queued calls to its slots, answering with queued signals. Jobs queue up in the
// thread's event queue, which is the Jobs page's "queued" state: started() says when one begins.
// Cancellation goes through the request's CancelFlag (set by the GUI, polled by the engine), so a
// queued job that was cancelled before it started ends at once as cancelled.
#pragma once

#include "WorkerTypes.h"

#include <QObject>

class JobRunner : public QObject {
  Q_OBJECT
 public:
  JobRunner() = default;

 public slots:
  // SHA-256 of each file, streamed (engine phase "hash", unit "bytes").
  void hashFiles(int jobId, const QStringList& files, const CancelFlag& cancel);
  // The CPU and every visible CUDA device with its free memory.
  void probeDevices();

 signals:
  void started(int jobId);
  void progress(int jobId, const JobProgress& progress);
  void hashFinished(int jobId, const QVector<FileHashInfo>& hashes);
  void failed(int jobId, const QString& code, const QString& message);
  // `note` explains why no CUDA device is offered (no CUDA in this build, no driver, ...).
  void devicesProbed(const QVector<DeviceInfo>& devices, const QString& note);
};
