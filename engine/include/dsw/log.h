// Logging through a sink: the engine never prints.
//
// A LogSink receives every message the engine emits. The apps install one that forwards to spdlog
// (dsw-cli) or to the log dock (dsw). Jobs may carry their own sink (JobContext::log); otherwise the
// process-wide sink set here is used. Sinks may be called from any engine thread and must be
// thread-safe; set_log_sink itself is safe to call at any time.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace dsw {

enum class LogLevel { trace = 0, debug, info, warn, error };

std::string_view log_level_name(LogLevel level) noexcept;

using LogSink = std::function<void(LogLevel level, std::string_view message)>;

// Replaces the process-wide sink (an empty function discards messages).
void set_log_sink(LogSink sink);
// Messages below this level are dropped before formatting (default: info).
void set_log_level(LogLevel level);
LogLevel log_level();

// Sends a message to the process-wide sink.
void log_message(LogLevel level, std::string_view message);

}  // namespace dsw
