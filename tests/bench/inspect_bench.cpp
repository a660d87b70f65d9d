// inspect_bench MODEL TOKENS MODE [THREADS] [REPS]: times one prompt of TOKENS tokens (ids drawn
// from a fixed seed) through MODEL, either as a plain forward (MODE plain) or with the all-layer,
// all-head attention statistics of inspect_attention (MODE stats), and prints the median seconds
// and the process's peak resident memory. One mode per process, so the peak belongs to it; run the
// modes interleaved (plain stats plain stats ...) on a shared machine. docs/performance.md quotes it.
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
  std::vector<double> times;
  for (int r = 0; r < reps; ++r) {
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
  }
  std::sort(times.begin(), times.end());
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("%s tokens=%lld threads=%d reps=%d median_s=%.3f min_s=%.3f peak_rss_mb=%.1f\n", mode.c_str(), (long long)T, threads, reps,
              times[times.size() / 2], times.front(), double(ru.ru_maxrss) / 1024.0);
  return 0;
}
