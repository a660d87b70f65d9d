// The contract every long engine call follows (load, hash, generate, perplexity, fine-tune,
// quantize, benchmark).
//
// A job receives a JobContext. It reports ProgressEvents through `progress`; the callback returns
// false to ask the job to stop. It also polls `cancel` (an atomic the GUI or a signal handler sets)
// between steps. A cancelled job returns StatusCode::cancelled and leaves nothing half-written.
// Callbacks run on the job's own thread; a GUI forwards them through queued signals.
#pragma once

#include <dsw/log.h>
#include <dsw/status.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace dsw {

struct Metric {
  std::string_view name;  // e.g. "tokens_per_s", "loss"
  double value = 0;
};

struct ProgressEvent {
  std::string_view phase;     // short machine-readable phase, e.g. "hash", "prefill", "decode"
  int64_t step = 0;           // work done so far, in `unit`
  int64_t total = 0;          // total work, 0 when unknown
  std::string_view unit;      // "bytes", "tokens", "files", ...
  std::string_view message;   // optional human detail (file name, tensor name)
  std::span<const Metric> metrics;  // optional live metrics
};

// Return false to cancel the job.
using ProgressFn = std::function<bool(const ProgressEvent& event)>;

class JobContext {
 public:
  ProgressFn progress;                     // optional
  LogSink log;                             // optional: falls back to the process-wide sink
  const std::atomic<bool>* cancel = nullptr;  // optional, owned by the caller

  // True once the flag is set or a progress callback returned false.
  bool cancelled() const noexcept;
  // Reports progress; returns false (and remembers it) when the job should stop.
  bool report(const ProgressEvent& event) const;
  // Convenience: returns a cancelled Status if the job should stop, ok otherwise.
  Status check() const;
  void log_message(LogLevel level, std::string_view message) const;

 private:
  mutable std::atomic<bool> stop_requested_{false};
};

// An inert context for callers that need none.
const JobContext& no_job();

}  // namespace dsw
