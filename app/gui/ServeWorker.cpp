// ServeWorker (see header).
#include "ServeWorker.h"

#include <dsw/runner.h>
#include <dsw/serve_http.h>

#include <QFileInfo>

#include <chrono>

namespace {

// Progress of a load reaches the Jobs area; the cancel flag is the job's.
void bindJob(dsw::JobContext& job, ServeWorker* worker, int jobId, const CancelFlag& cancel) {
  job.cancel = cancel.get();
  job.progress = [worker, jobId](const dsw::ProgressEvent& e) {
    JobProgress p;
    p.phase = QString::fromUtf8(e.phase.data(), qsizetype(e.phase.size()));
    p.step = e.step;
    p.total = e.total;
    p.unit = QString::fromUtf8(e.unit.data(), qsizetype(e.unit.size()));
    emit worker->progress(jobId, p);
    return true;
  };
}

dsw::Result<std::shared_ptr<const dsw::ServedModel>> openVersion(const QString& path, int threads, const dsw::JobContext& job) {
  dsw::RunnerOptions o;
  o.require_tokenizer = true;
  o.device.n_threads = threads;
  o.n_ctx = 8;  // the runner's own session stays tiny: the scheduler makes the serving one
  auto r = dsw::Runner::open(path.toStdString(), o, job);
  if (!r.is_ok()) return r.status();
  return std::shared_ptr<const dsw::ServedModel>(dsw::make_served_model(std::shared_ptr<const dsw::Runner>(std::move(r).value())));
}

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::shared_ptr<dsw::HttpServer> ServeHandle::server() const {
  QMutexLocker lock(&m_mutex);
  return m_server;
}

void ServeHandle::set(std::shared_ptr<dsw::HttpServer> server) {
  QMutexLocker lock(&m_mutex);
  m_server = std::move(server);
}

ServeWorker::ServeWorker(std::shared_ptr<ServeHandle> handle) : m_handle(std::move(handle)) {}

ServeWorker::~ServeWorker() {
  // Deleted on its own thread when that thread ends: nothing may be announced any more.
  if (auto server = m_handle->server()) {
    m_handle->set(nullptr);
    server->stop();
  }
}

void ServeWorker::start(int jobId, const ServeConfig& c, const CancelFlag& cancel) {
  stop();
  const auto t0 = std::chrono::steady_clock::now();
  dsw::JobContext job;
  bindJob(job, this, jobId, cancel);
  auto version = openVersion(c.modelPath, c.threads, job);
  if (!version.is_ok()) {
    emit failed(jobId, QString::fromUtf8(dsw::status_code_name(version.status().code()).data()),
                QString::fromStdString(version.status().message()));
    return;
  }
  const double loadSeconds = secondsSince(t0);
  dsw::SchedulerOptions so;
  if (auto p = dsw::schedule_policy_from_name(c.policy.toStdString())) so.policy = *p;
  so.max_batch_size = c.maxBatch;
  so.max_wait_ms = c.maxWaitMs;
  so.max_tokens_in_flight = c.maxTokensInFlight;
  so.n_ctx = c.contextPerRequest;
  dsw::HttpServeOptions ho;
  ho.host = c.host.toStdString();
  ho.port = c.port;
  ho.api_key = c.apiKey.toStdString();
  const int threads = c.threads;
  ho.loader = [threads](const std::string& path, const std::string& id) -> dsw::Result<std::shared_ptr<const dsw::ServedModel>> {
    auto v = openVersion(QString::fromStdString(path), threads, dsw::no_job());
    if (!v.is_ok() || id.empty()) return v;
    auto named = std::make_shared<dsw::ServedModel>(**v);
    named->id = id;
    return std::shared_ptr<const dsw::ServedModel>(named);
  };
  auto server = dsw::HttpServer::start(*version, so, ho);
  if (!server.is_ok()) {
    emit failed(jobId, QString::fromUtf8(dsw::status_code_name(server.status().code()).data()),
                QString::fromStdString(server.status().message()));
    return;
  }
  m_config = c;
  std::shared_ptr<dsw::HttpServer> s(std::move(server).value());
  const QString url = QString::fromStdString(s->url());
  m_handle->set(s);
  emit started(jobId, url, QString::fromStdString((*version)->id), loadSeconds);
}

void ServeWorker::swap(int jobId, const QString& path, const CancelFlag& cancel) {
  auto server = m_handle->server();
  if (!server) {
    emit failed(jobId, QStringLiteral("invalid_input"), tr("The server is not running."));
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  dsw::JobContext job;
  bindJob(job, this, jobId, cancel);
  auto version = openVersion(path, m_config.threads, job);
  if (!version.is_ok()) {
    emit failed(jobId, QString::fromUtf8(dsw::status_code_name(version.status().code()).data()),
                QString::fromStdString(version.status().message()));
    return;
  }
  const double loadSeconds = secondsSince(t0);
  auto pause = server->swap(*version);
  if (!pause.is_ok()) {
    emit failed(jobId, QString::fromUtf8(dsw::status_code_name(pause.status().code()).data()),
                QString::fromStdString(pause.status().message()));
    return;
  }
  emit swapped(jobId, QString::fromStdString((*version)->id), loadSeconds, *pause);
}

void ServeWorker::stop() {
  auto server = m_handle->server();
  if (!server) return;
  m_handle->set(nullptr);
  server->stop();
  emit stopped();
}
