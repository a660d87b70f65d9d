// ServeController: the Serve area — starts, stops and hot-swaps the workbench's OpenAI-compatible
// server and shows it live.
//
// Threading: loading and swapping run on the ServeWorker's thread (owned here) as jobs in the Jobs
// area; Stop cancels a load in progress. A 2 Hz timer on the GUI thread reads the scheduler's
// counters through the shared ServeHandle and appends one sample to each chart; the charts replot
// at most once per ~40 ms whatever the rate (ChartAdapter coalescing). Requests per second, tokens
// per second and the latency percentiles are over the last 10 s.
#pragma once

#include "ServePage.h"
#include "WorkerTypes.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

class JobsController;
class ModelsController;
class QThread;
class QTimer;
class ThemeManager;

class ServeController : public QObject {
  Q_OBJECT
 public:
  static constexpr int kPollIntervalMs = 500;
  static constexpr double kWindowSeconds = 10;

  ServeController(ModelsController& models, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                  QObject* parent = nullptr);
  ~ServeController() override;  // stops the server and joins the worker thread

  ServePage* page() const { return m_page; }
  bool isServing() const { return m_page->state() == ServePage::State::serving || m_page->state() == ServePage::State::swapping; }
  QString url() const { return m_url; }
  QString servedModel() const { return m_model; }
  const ServeFigures& figures() const { return m_figures; }
  int samples() const { return m_samples; }

 public slots:
  void start();
  void stop();
  // Swaps to the model in the Model box (or `path` when given).
  void swap(const QString& path = {});
  // Reads the counters once (the timer's slot; tests may call it).
  void poll();

 signals:
  void serverStarted(const QString& url);
  void serverStopped();
  void swapFinished(const QString& modelId, double pauseMs);
  void serveFailed(const QString& message);

 private:
  void browse();
  void refreshModels();
  void onStarted(int jobId, const QString& url, const QString& modelId, double loadSeconds);
  void onSwapped(int jobId, const QString& modelId, double loadSeconds, double pauseMs);
  void onStopped();
  void onFailed(int jobId, const QString& code, const QString& message);
  void applyTheme();

  ModelsController& m_models;
  JobsController& m_jobs;
  ThemeManager& m_theme;
  QWidget* m_dialogParent;
  ServePage* m_page;
  std::shared_ptr<ServeHandle> m_handle;
  QThread* m_thread;
  class ServeWorker* m_worker;
  QTimer* m_poll;
  QElapsedTimer m_clock;
  int m_job = 0;
  CancelFlag m_cancel;
  QString m_url, m_model;
  ServeFigures m_figures;
  int m_samples = 0;
};
