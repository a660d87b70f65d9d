// JobRunner: engine jobs on the runner's thread (see header).
#include "JobRunner.h"

#include <dsw/devices.h>
#include <dsw/hash.h>

#include <QThread>

#include <chrono>
#include <exception>

namespace {
QString q(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }
}  // namespace

void JobRunner::hashFiles(int jobId, const QStringList& files, const CancelFlag& cancel) {
  if (cancel && cancel->load()) {
    emit failed(jobId, QStringLiteral("cancelled"), tr("Cancelled before it started."));
    return;
  }
  emit started(jobId);
  try {
    std::vector<std::filesystem::path> paths;
    for (const auto& f : files) paths.emplace_back(f.toStdString());
    auto last = std::chrono::steady_clock::time_point{};
    dsw::JobContext job;
    job.cancel = cancel.get();
    job.progress = [&](const dsw::ProgressEvent& e) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last >= std::chrono::milliseconds(50) || e.step >= e.total) {
        last = now;
        emit progress(jobId, JobProgress{q(e.phase), e.step, e.total, q(e.unit), q(e.message)});
      }
      return true;
    };
    auto result = dsw::hash_files(paths, job);
    if (!result.is_ok()) {
      emit failed(jobId, q(dsw::status_code_name(result.status().code())), q(result.status().message()));
      return;
    }
    QVector<FileHashInfo> out;
    for (const auto& h : *result) out.append({QString::fromStdString(h.path.string()), h.size, QString::fromStdString(h.sha256)});
    emit hashFinished(jobId, out);
  } catch (const std::exception& e) {
    emit failed(jobId, QStringLiteral("internal"), QString::fromUtf8(e.what()));
  }
}

void JobRunner::probeDevices() {
  QVector<DeviceInfo> devices;
  const dsw::MemoryInfo host = dsw::host_memory_info();
  DeviceInfo cpu;
  cpu.name = tr("CPU (%n hardware threads)", nullptr, QThread::idealThreadCount());
  cpu.totalBytes = host.total_bytes;
  cpu.freeBytes = host.free_bytes;
  devices.append(cpu);
  QString note;
  if (!dsw::cuda_compiled()) {
    note = tr("This build has no CUDA support.");
  } else if (auto cuda = dsw::list_cuda_devices(); !cuda.is_ok()) {
    note = q(cuda.status().message());
  } else {
    for (const auto& d : *cuda) {
      DeviceInfo info;
      info.choice.cuda = true;
      info.choice.index = d.index;
      info.name = q(d.name);
      info.totalBytes = d.total_bytes;
      info.freeBytes = d.free_bytes;
      devices.append(info);
    }
    if (cuda->empty()) note = tr("No CUDA device found.");
  }
  emit devicesProbed(devices, note);
}
