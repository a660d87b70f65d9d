// ServeController (see header).
#include "ServeController.h"

#include "JobsController.h"
#include "LiveSeriesChart.h"
#include "ModelsController.h"
#include "ServeWorker.h"
#include "ThemeManager.h"

#include <dsw/serve_http.h>

#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QTimer>

ServeController::ServeController(ModelsController& models, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                                 QObject* parent)
    : QObject(parent), m_models(models), m_jobs(jobs), m_theme(theme), m_dialogParent(dialogParent), m_page(new ServePage),
      m_handle(std::make_shared<ServeHandle>()), m_thread(new QThread(this)), m_worker(new ServeWorker(m_handle)),
      m_poll(new QTimer(this)) {
  qRegisterMetaType<ServeConfig>();
  m_thread->setObjectName(QStringLiteral("serve"));
  m_worker->moveToThread(m_thread);
  connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  connect(m_worker, &ServeWorker::progress, &m_jobs, &JobsController::updateProgress);
  connect(m_worker, &ServeWorker::started, this, &ServeController::onStarted);
  connect(m_worker, &ServeWorker::swapped, this, &ServeController::onSwapped);
  connect(m_worker, &ServeWorker::stopped, this, &ServeController::onStopped);
  connect(m_worker, &ServeWorker::failed, this, &ServeController::onFailed);
  m_thread->start();

  connect(m_page, &ServePage::startRequested, this, &ServeController::start);
  connect(m_page, &ServePage::stopRequested, this, &ServeController::stop);
  connect(m_page, &ServePage::swapRequested, this, [this] { swap(); });
  connect(m_page, &ServePage::browseRequested, this, &ServeController::browse);
  connect(&m_models, &ModelsController::modelReady, this, &ServeController::refreshModels);
  connect(&m_models, &ModelsController::modelClosed, this, &ServeController::refreshModels);
  connect(&m_theme, &ThemeManager::themeChanged, this, &ServeController::applyTheme);
  m_poll->setInterval(kPollIntervalMs);
  connect(m_poll, &QTimer::timeout, this, &ServeController::poll);
  applyTheme();
  m_page->setStatus(tr("Not serving."));
}

ServeController::~ServeController() {
  m_poll->stop();
  if (m_cancel) m_cancel->store(true);  // a load in progress ends at its next step
  // The worker stops the server when it is deleted on its own thread, as that thread ends.
  m_thread->quit();
  m_thread->wait();
}

void ServeController::applyTheme() {
  for (LiveSeriesChart* c : {m_page->qpsChart(), m_page->latencyChart(), m_page->batchChart(), m_page->queueChart()})
    c->setTheme(m_theme.chartTheme());
}

void ServeController::refreshModels() {
  QStringList paths;
  for (const OpenModel* m : m_models.readyModels()) paths << m->path;
  m_page->setModelPaths(paths);
}

void ServeController::browse() {
  const QString dir = QFileDialog::getExistingDirectory(m_dialogParent, tr("A model folder to serve"), m_page->modelPath());
  if (!dir.isEmpty()) m_page->setConfig([&] {
    ServeConfig c = m_page->config();
    c.modelPath = dir;
    return c;
  }());
}

void ServeController::start() {
  if (m_page->state() != ServePage::State::idle) return;
  const ServeConfig c = m_page->config();
  if (c.modelPath.isEmpty()) {
    m_page->setStatus(tr("Choose a model to serve first."));
    return;
  }
  if (!dsw::is_loopback_host(c.host.toStdString()) && c.apiKey.isEmpty()) {
    m_page->setStatus(tr("Serving on %1 would expose the model beyond this machine: set an API key first.").arg(c.host));
    return;
  }
  QJsonObject params{{QStringLiteral("host"), c.host}, {QStringLiteral("port"), c.port}, {QStringLiteral("policy"), c.policy},
                     {QStringLiteral("max_batch_size"), c.maxBatch}, {QStringLiteral("max_wait_ms"), c.maxWaitMs}};
  const JobHandle job = m_jobs.begin(QStringLiteral("serve"), c.modelPath, QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)));
  m_job = job.id;
  m_cancel = job.cancel;
  m_page->setState(ServePage::State::starting);
  m_page->setStatus(tr("Opening %1…").arg(c.modelPath));
  QMetaObject::invokeMethod(m_worker, [w = m_worker, id = job.id, c, cancel = job.cancel] { w->start(id, c, cancel); },
                            Qt::QueuedConnection);
}

void ServeController::stop() {
  if (m_page->state() == ServePage::State::idle) return;
  if (m_cancel) m_cancel->store(true);  // a load in progress stops at its next step
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->stop(); }, Qt::QueuedConnection);
}

void ServeController::swap(const QString& path) {
  if (m_page->state() != ServePage::State::serving) return;
  const QString target = path.isEmpty() ? m_page->modelPath() : path;
  if (target.isEmpty()) return;
  const JobHandle job = m_jobs.begin(QStringLiteral("serve"), target, JobsController::titled(tr("Swap to %1").arg(QFileInfo(target).fileName())));
  m_job = job.id;
  m_cancel = job.cancel;
  m_page->setState(ServePage::State::swapping);
  m_page->setStatus(tr("Serving %1 at %2 — opening %3 to swap to…").arg(m_model, m_url, target));
  QMetaObject::invokeMethod(m_worker, [w = m_worker, id = job.id, target, cancel = job.cancel] { w->swap(id, target, cancel); },
                            Qt::QueuedConnection);
}

void ServeController::onStarted(int jobId, const QString& url, const QString& modelId, double loadSeconds) {
  m_jobs.succeed(jobId, tr("Serving at %1 (loaded in %2 s)").arg(url).arg(loadSeconds, 0, 'f', 1));
  m_url = url;
  m_model = modelId;
  m_cancel.reset();
  m_page->setState(ServePage::State::serving);
  m_page->setStatus(tr("Serving %1 at %2/v1 — OpenAI base URL; /metrics for Prometheus.").arg(modelId, url));
  for (LiveSeriesChart* c : {m_page->qpsChart(), m_page->latencyChart(), m_page->batchChart(), m_page->queueChart()}) c->clear();
  m_samples = 0;
  m_clock.start();
  m_poll->start();
  emit serverStarted(url);
}

void ServeController::onSwapped(int jobId, const QString& modelId, double loadSeconds, double pauseMs) {
  m_jobs.succeed(jobId, tr("Swapped to %1: loaded in %2 s, the step loop paused %3 ms").arg(modelId).arg(loadSeconds, 0, 'f', 1)
                            .arg(pauseMs, 0, 'f', 2));
  m_model = modelId;
  m_cancel.reset();
  if (m_page->state() == ServePage::State::swapping) m_page->setState(ServePage::State::serving);
  m_page->setStatus(tr("Serving %1 at %2/v1 — swapped in %3 s of loading, %4 ms pause; no request dropped.")
                        .arg(modelId, m_url)
                        .arg(loadSeconds, 0, 'f', 1)
                        .arg(pauseMs, 0, 'f', 2));
  emit swapFinished(modelId, pauseMs);
}

void ServeController::onStopped() {
  m_poll->stop();
  poll();
  m_url.clear();
  m_page->setState(ServePage::State::idle);
  m_page->setStatus(tr("Stopped. %1 requests served.").arg(m_figures.finished));
  emit serverStopped();
}

void ServeController::onFailed(int jobId, const QString& code, const QString& message) {
  m_jobs.fail(jobId, code, message);
  m_cancel.reset();
  const bool serving = m_handle->server() != nullptr;
  m_page->setState(serving ? ServePage::State::serving : ServePage::State::idle);
  m_page->setStatus(code == QStringLiteral("cancelled") ? tr("Cancelled.") : tr("Failed: %1").arg(message));
  emit serveFailed(message);
}

void ServeController::poll() {
  auto server = m_handle->server();
  if (!server) return;
  const dsw::ServeStats s = server->scheduler().stats(kWindowSeconds);
  m_figures.qps = s.window_qps;
  m_figures.tokensPerS = s.window_tokens_per_s;
  m_figures.p50Ms = s.window_latency_p50 * 1000;
  m_figures.p99Ms = s.window_latency_p99 * 1000;
  m_figures.batch = s.window_batch_mean;
  m_figures.queue = s.queue_depth;
  m_figures.running = s.running;
  m_figures.finished = s.requests_finished;
  m_figures.failed = s.requests_failed;
  m_figures.rejected = s.requests_rejected;
  m_figures.swaps = s.swaps;
  m_figures.model = QString::fromStdString(s.model_id);
  m_page->setFigures(m_figures);
  const double t = m_clock.isValid() ? double(m_clock.elapsed()) / 1000.0 : 0;
  m_page->qpsChart()->append(t, {m_figures.qps});
  m_page->latencyChart()->append(t, {m_figures.p50Ms, m_figures.p99Ms});
  m_page->batchChart()->append(t, {m_figures.batch});
  m_page->queueChart()->append(t, {double(m_figures.queue)});
  ++m_samples;
}
