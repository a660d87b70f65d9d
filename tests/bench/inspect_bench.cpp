// inspect_bench MODEL TOKENS MODE [THREADS] [REPS]: times one prompt of TOKENS tokens (ids drawn
// from a fixed seed) through MODEL, either as a plain forward (MODE plain) or with the all-layer,
// all-head attention statistics of inspect_attention (MODE stats), and prints the median wall and
// CPU seconds (all threads) and the process's peak resident memory. One mode per process, so the
// peak belongs to it; run the modes interleaved (plain stats plain stats ...) on a shared machine.
// docs/performance.md quotes it.
#include <dsw/inspect.h>
#include <dsw/model.h>
#include <dsw/model_files.h>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: inspect_bench MODEL TOKENS plain|stats [THREADS] [REPS]\n");
    return 2;
  }
  const std::string mode = argv[3];
  const int64_t T = std::atoll(argv[2]);
  const int threads = argc > 4 ? std::atoi(argv[4]) : 2;
  const int reps = argc > 5 ? std::atoi(argv[5]) : 3;
  if (T <= 0 || (mode != "plain" && mode != "stats")) {
    std::fprintf(stderr, "inspect_bench: TOKENS must be positive and MODE plain or stats\n");
    return 2;
  }
  auto files = dsw::open_model(argv[1]);
  if (!files.is_ok()) {
    std::fprintf(stderr, "%s\n", files.status().to_string().c_str());
    return 1;
  }
  dsw::LoadOptions lo;
  lo.device.n_threads = threads;
  auto model = dsw::Model::load(std::move(files).value(), lo);
  if (!model.is_ok()) {
    std::fprintf(stderr, "%s\n", model.status().to_string().c_str());
    return 1;
  }
  std::shared_ptr<dsw::Model> m = std::move(model).value();
  std::mt19937 rng(1);
  std::vector<int32_t> ids;
  for (int64_t i = 0; i < T; ++i) ids.push_back(int32_t(rng() % uint32_t(m->config().vocab_size)));
  auto session = dsw::make_inspection_session(m, T);
  if (!session.is_ok()) {
    std::fprintf(stderr, "%s\n", session.status().to_string().c_str());
    return 1;
  }
  // CPU time of every thread of the process (user + system): on a shared machine the wall clock
  // also counts waiting for a core, the CPU time does not.
  auto cpu_s = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
  };
  std::vector<double> times, cpus;
  for (int r = 0; r < reps; ++r) {
    const double c0 = cpu_s();
    const auto t0 = std::chrono::steady_clock::now();
    if (mode == "plain") {
      (*session)->clear(-1);
      std::vector<float> logits;
      auto s = (*session)->forward(dsw::Batch::sequence(ids, 0), logits);
      if (!s.is_ok()) return std::fprintf(stderr, "%s\n", s.to_string().c_str()), 1;
    } else {
      auto s = dsw::inspect_attention(**session, ids, {});
      if (!s.is_ok()) return std::fprintf(stderr, "%s\n", s.status().to_string().c_str()), 1;
    }
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    cpus.push_back(cpu_s() - c0);
  }
  std::sort(times.begin(), times.end());
  std::sort(cpus.begin(), cpus.end());
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("%s tokens=%lld threads=%d reps=%d median_s=%.3f min_s=%.3f cpu_median_s=%.3f peak_rss_mb=%.1f\n", mode.c_str(),
              (long long)T, threads, reps, times[times.size() / 2], times.front(), cpus[cpus.size() / 2], double(ru.ru_maxrss) / 1024.0);
  return 0;
}
