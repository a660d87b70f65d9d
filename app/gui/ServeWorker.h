// ServeWorker: the Serve area's engine side — opens the model, runs the OpenAI-compatible server
// (dsw/serve_http.h), swaps versions — on its own QThread, so loading never blocks the window.
//
// Threading: created on the GUI thread, moved to the thread the ServeController owns, then reached
// only through queued calls to its slots; it answers with queued signals. The running server is
// shared through a ServeHandle (mutex + shared pointer): the controller's 2 Hz timer reads the
// scheduler's counters from the GUI thread (Scheduler::stats is thread-safe and brief) even while
// this thread is busy loading a new version, so the charts keep moving through a swap.
#pragma once

#include "WorkerTypes.h"

#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>

#include <memory>

namespace dsw {
class HttpServer;
}

// What the Serve form asks for (plain data: crosses threads).
struct ServeConfig {
  QString modelPath;
  QString host = QStringLiteral("127.0.0.1");
  int port = 8080;
  QString apiKey;
  QString policy = QStringLiteral("fcfs");
  int maxBatch = 32;
  int maxWaitMs = 50;
  qint64 maxTokensInFlight = 0;  // 0: slots x context
  int contextPerRequest = 2048;
  int threads = 0;               // 0: the engine's default
};
Q_DECLARE_METATYPE(ServeConfig)

// The server the worker runs, readable from any thread.
class ServeHandle {
 public:
  std::shared_ptr<dsw::HttpServer> server() const;
  void set(std::shared_ptr<dsw::HttpServer> server);

 private:
  mutable QMutex m_mutex;
  std::shared_ptr<dsw::HttpServer> m_server;
};

class ServeWorker : public QObject {
  Q_OBJECT
 public:
  explicit ServeWorker(std::shared_ptr<ServeHandle> handle);
  ~ServeWorker() override;

 public slots:
  // Opens the model and starts serving; answers started() or failed().
  void start(int jobId, const ServeConfig& config, const CancelFlag& cancel);
  // Opens `path` with the running server's settings and swaps to it; answers swapped() or failed().
  void swap(int jobId, const QString& path, const CancelFlag& cancel);
  // Stops serving (requests in flight are cancelled); answers stopped().
  void stop();

 signals:
  void progress(int jobId, const JobProgress& progress);
  void started(int jobId, const QString& url, const QString& modelId, double loadSeconds);
  void swapped(int jobId, const QString& modelId, double loadSeconds, double pauseMs);
  void stopped();
  void failed(int jobId, const QString& code, const QString& message);

 private:
  std::shared_ptr<ServeHandle> m_handle;
  ServeConfig m_config;
};
