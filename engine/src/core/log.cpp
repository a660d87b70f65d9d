// The process-wide log sink.
#include <dsw/log.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace dsw {
namespace {

struct SinkState {
  std::mutex mutex;
  std::shared_ptr<const LogSink> sink;
  std::atomic<int> level{int(LogLevel::info)};
};

SinkState& state() {
  static SinkState s;  // function-local: constructed on first use, thread-safe
  return s;
}

}  // namespace

std::string_view log_level_name(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::trace: return "trace";
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "?";
}

void set_log_sink(LogSink sink) {
  auto& s = state();
  std::lock_guard lock(s.mutex);
  s.sink = sink ? std::make_shared<const LogSink>(std::move(sink)) : nullptr;
}

void set_log_level(LogLevel level) { state().level = int(level); }
LogLevel log_level() { return LogLevel(state().level.load()); }

void log_message(LogLevel level, std::string_view message) {
  auto& s = state();
  if (int(level) < s.level.load(std::memory_order_relaxed)) return;
  std::shared_ptr<const LogSink> sink;
  {
    std::lock_guard lock(s.mutex);
    sink = s.sink;
  }
  if (sink && *sink) (*sink)(level, message);  // called outside the lock: sinks may log
}

}  // namespace dsw
