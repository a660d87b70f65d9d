// Shared pieces of dsw-cli commands: error reporting, Ctrl-C cancellation, progress bars.
#pragma once

#include <dsw/job.h>
#include <dsw/status.h>

#include <atomic>
#include <string>
#include <vector>

namespace dsw::cli {

// Exit codes: 0 success, 1 the engine reported an error, 2 bad usage, 130 cancelled by Ctrl-C.
constexpr int kExitError = 1;
constexpr int kExitUsage = 2;
constexpr int kExitCancelled = 130;

// Set by SIGINT; every job the CLI starts watches it.
std::atomic<bool>& cancel_flag();
void install_signal_handlers();

// Prints "dsw-cli: <code>: <message>" to stderr and returns the matching exit code.
int report(const Status& status);

// A JobContext whose progress draws a bar on stderr (when stderr is a terminal or `force`).
// `label` prefixes the bar ("hash", "perplexity").
class ProgressBar {
 public:
  explicit ProgressBar(std::string label, bool enabled = true);
  ~ProgressBar();
  JobContext& job() { return job_; }
  void finish();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  double last_draw_ = -1;
  JobContext job_;
};

// Formats 1234567 as "1.23M", bytes as "1.0 GiB".
std::string human_count(double n);
std::string human_bytes(double bytes);

}  // namespace dsw::cli
