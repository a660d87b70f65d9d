// JobContext: progress, cancel and log for long engine calls.
#include <dsw/job.h>

namespace dsw {

bool JobContext::cancelled() const noexcept {
  return stop_requested_.load(std::memory_order_relaxed) ||
         (cancel && cancel->load(std::memory_order_relaxed));
}

bool JobContext::report(const ProgressEvent& event) const {
  if (progress && !progress(event)) stop_requested_.store(true, std::memory_order_relaxed);
  return !cancelled();
}

Status JobContext::check() const {
  return cancelled() ? Status(StatusCode::cancelled, "cancelled by request") : Status::ok();
}

void JobContext::log_message(LogLevel level, std::string_view message) const {
  if (log) {
    if (int(level) >= int(log_level())) log(level, message);
  } else {
    dsw::log_message(level, message);
  }
}

const JobContext& no_job() {
  static const JobContext inert;
  return inert;
}

}  // namespace dsw
