// StoreService: dsw::Store calls on the service's thread (see header).
#include "StoreService.h"

#include <dsw/store.h>

#include <QDateTime>

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

dsw::JobState toStore(JobItem::State s) {
  switch (s) {
    case JobItem::State::Queued: return dsw::JobState::queued;
    case JobItem::State::Running: return dsw::JobState::running;
    case JobItem::State::Succeeded: return dsw::JobState::succeeded;
    case JobItem::State::Failed: return dsw::JobState::failed;
    case JobItem::State::Cancelled: return dsw::JobState::cancelled;
  }
  return dsw::JobState::failed;
}

JobItem::State fromStore(dsw::JobState s) {
  switch (s) {
    case dsw::JobState::queued: return JobItem::State::Queued;
    case dsw::JobState::running: return JobItem::State::Running;
    case dsw::JobState::succeeded: return JobItem::State::Succeeded;
    case dsw::JobState::failed: return JobItem::State::Failed;
    case dsw::JobState::cancelled: return JobItem::State::Cancelled;
  }
  return JobItem::State::Failed;
}

}  // namespace

StoreService::StoreService() = default;
StoreService::~StoreService() = default;

void StoreService::open(const QString& path) {
  m_store.reset();
  auto store = dsw::Store::open(path.toStdString());
  if (!store.is_ok()) {
    emit opened(path, false, q(store.status().message()), 0);
    return;
  }
  m_store = std::move(store).value();
  auto interrupted = m_store->fail_interrupted_jobs();
  emit opened(path, true, QString(), interrupted.is_ok() ? int(*interrupted) : 0);
}

void StoreService::recordStart(int jobId, const JobItem& job, const QString& paramsJson) {
  if (!m_store) return;
  dsw::JobRecord r;
  r.kind = job.kind.toStdString();
  r.state = toStore(job.state);
  r.title = job.title.toStdString();
  r.model_path = job.model.toStdString();
  r.params_json = paramsJson.toStdString();
  auto id = m_store->add_job(r);
  if (!id.is_ok()) {
    emit failed(q(id.status().message()));
    return;
  }
  m_rows.insert(jobId, *id);
  emit recorded(jobId, *id);
}

void StoreService::recordFinish(int jobId, int state, const QString& message, double durationSeconds) {
  if (!m_store) return;
  auto it = m_rows.find(jobId);
  if (it == m_rows.end()) return;
  dsw::Status s = m_store->update_job(*it, toStore(JobItem::State(state)), message.toStdString(), durationSeconds);
  if (!s.is_ok()) emit failed(q(s.message()));
  if (JobItem::State(state) != JobItem::State::Running) m_rows.erase(it);
}

void StoreService::refresh(int limit) {
  if (!m_store) return;
  auto jobs = m_store->list_jobs(limit);
  if (!jobs.is_ok()) {
    emit failed(q(jobs.status().message()));
    return;
  }
  QVector<JobItem> out;
  out.reserve(qsizetype(jobs->size()));
  for (const auto& r : *jobs) {
    JobItem j;
    j.storeId = r.id;
    j.kind = q(r.kind);
    j.title = q(r.title);
    j.params = q(r.params_json);
    j.model = q(r.model_path);
    j.state = fromStore(r.state);
    j.message = q(r.message);
    j.created = QDateTime::fromString(q(r.created_at), Qt::ISODate);
    j.durationSeconds = r.duration_s;
    if (j.finished()) j.progress = 1;
    out.append(j);
  }
  emit historyLoaded(out);
}

void StoreService::close() { m_store.reset(); }
