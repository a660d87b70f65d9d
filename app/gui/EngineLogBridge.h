// EngineLogBridge: routes the engine's log messages (and spdlog's, for the app's own lines) to the
// log dock.
//
// The engine calls its sink from whatever thread is working (a model worker, the job runner), so
// the sink only emits messageLogged, which Qt queues to the GUI thread where LogView lives. The
// bridge installs the process-wide sink in its constructor and removes it in its destructor, so no
// engine thread can call into a destroyed object: the Workbench destroys the bridge after every
// worker thread has stopped. An spdlog logger named "dsw" writes through the same path.
// Threading: construct and destroy on the GUI thread; the sink itself is thread-safe.
#pragma once

#include <QDateTime>
#include <QObject>

#include <memory>

namespace spdlog {
class logger;
}

class EngineLogBridge : public QObject {
  Q_OBJECT
 public:
  explicit EngineLogBridge(QObject* parent = nullptr);
  ~EngineLogBridge() override;

  // The app's own logger (same destination as engine messages).
  spdlog::logger& logger() const { return *m_logger; }
  // Minimum level the engine formats (0 trace .. 4 error).
  void setEngineLevel(int level);

 signals:
  // level: 0 trace, 1 debug, 2 info, 3 warning, 4 error.
  void messageLogged(int level, const QDateTime& time, const QString& text);

 private:
  std::shared_ptr<spdlog::logger> m_logger;
};
