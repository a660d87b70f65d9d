// dsw-cli shared helpers.
#include "common.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>

namespace dsw::cli {

std::atomic<bool>& cancel_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {
void on_sigint(int) {
  // A second Ctrl-C exits at once, for a job that does not reach a cancel point quickly.
  if (cancel_flag().exchange(true)) std::_Exit(kExitCancelled);
}
double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
}

int report(const Status& status) {
  if (status.is_ok()) return 0;
  std::fprintf(stderr, "dsw-cli: %s\n", status.to_string().c_str());
  return status.code() == StatusCode::cancelled ? kExitCancelled : kExitError;
}

ProgressBar::ProgressBar(std::string label, bool enabled) : label_(std::move(label)), enabled_(enabled && isatty(2)) {
  job_.cancel = &cancel_flag();
  job_.progress = [this](const ProgressEvent& e) {
    if (!enabled_) return true;
    double t = now_s();
    bool last = e.total > 0 && e.step >= e.total;
    if (!last && t - last_draw_ < 0.1) return true;
    last_draw_ = t;
    drawn_ = true;
    double frac = e.total > 0 ? double(e.step) / double(e.total) : 0.0;
    int width = 30, filled = int(frac * width);
    std::string bar(size_t(filled), '#');
    bar.resize(size_t(width), '.');
    if (e.unit == "bytes")
      std::fprintf(stderr, "\r%s [%s] %5.1f%% %s / %s %s  ", label_.c_str(), bar.c_str(), 100 * frac,
                   human_bytes(double(e.step)).c_str(), human_bytes(double(e.total)).c_str(), std::string(e.message).c_str());
    else
      std::fprintf(stderr, "\r%s [%s] %5.1f%% %lld/%lld %s  ", label_.c_str(), bar.c_str(), 100 * frac, (long long)e.step,
                   (long long)e.total, std::string(e.unit).c_str());
    std::fflush(stderr);
    return true;
  };
}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::finish() {
  if (drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

std::string human_count(double n) {
  char buf[32];
  if (n >= 1e9) std::snprintf(buf, sizeof buf, "%.2fB", n / 1e9);
  else if (n >= 1e6) std::snprintf(buf, sizeof buf, "%.2fM", n / 1e6);
  else if (n >= 1e3) std::snprintf(buf, sizeof buf, "%.1fK", n / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", n);
  return buf;
}

std::string human_bytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (b >= 1024 && u < 4) b /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u ? "%.1f %s" : "%.0f %s", b, units[u]);
  return buf;
}

}  // namespace dsw::cli
