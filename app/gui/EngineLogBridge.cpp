// EngineLogBridge (see header).
#include "EngineLogBridge.h"

#include <dsw/log.h>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace {

// An spdlog sink that forwards formatted lines to the bridge's signal.
class BridgeSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit BridgeSink(EngineLogBridge* bridge) : m_bridge(bridge) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    int level = 2;
    switch (msg.level) {
      case spdlog::level::trace: level = 0; break;
      case spdlog::level::debug: level = 1; break;
      case spdlog::level::info: level = 2; break;
      case spdlog::level::warn: level = 3; break;
      default: level = 4; break;
    }
    const QString text = QString::fromUtf8(msg.payload.data(), qsizetype(msg.payload.size()));
    emit m_bridge->messageLogged(level, QDateTime::currentDateTime(), text);
  }
  void flush_() override {}

 private:
  EngineLogBridge* m_bridge;
};

}  // namespace

EngineLogBridge::EngineLogBridge(QObject* parent) : QObject(parent) {
  m_logger = std::make_shared<spdlog::logger>("dsw-gui", std::make_shared<BridgeSink>(this));
  m_logger->set_level(spdlog::level::trace);
  std::weak_ptr<spdlog::logger> weak = m_logger;
  dsw::set_log_sink([weak](dsw::LogLevel level, std::string_view message) {
    auto logger = weak.lock();
    if (!logger) return;
    logger->log(spdlog::level::level_enum(int(level)), "{}", message);
  });
}

EngineLogBridge::~EngineLogBridge() { dsw::set_log_sink({}); }

void EngineLogBridge::setEngineLevel(int level) { dsw::set_log_level(dsw::LogLevel(std::clamp(level, 0, 4))); }
