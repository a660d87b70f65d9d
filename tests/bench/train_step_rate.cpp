// train_step_rate MODEL lora|full RANK SEQ BATCH STEPS THREADS [ckpt]: training steps per second of
// the engine (forward + backward + clipping + AdamW on random token rows), the figure
// docs/performance.md compares with PyTorch + PEFT (tests/scripts/bench_train_torch.py runs the same
// step there). LoRA targets every Linear of the decoder layers. Prints one JSON line: median step
// seconds after one warm-up step, tokens/s, peak resident memory.
#include "train/optimizer.h"
#include "train/train_model.h"

#include <dsw/model_files.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <sys/resource.h>
#include <ctime>

int main(int argc, char** argv) {
  using namespace dsw;
  if (argc < 8) {
    std::fprintf(stderr, "usage: train_step_rate MODEL lora|full RANK SEQ BATCH STEPS THREADS [ckpt]\n");
    return 2;
  }
  const std::string mode = argv[2];
  const int64_t rank = std::atoll(argv[3]), S = std::atoll(argv[4]), B = std::atoll(argv[5]), steps = std::atoll(argv[6]);
  const int threads = std::atoi(argv[7]);
  auto files = open_model(argv[1]);
  if (!files.is_ok()) {
    std::fprintf(stderr, "%s\n", files.status().to_string().c_str());
    return 1;
  }
  train::ModelSetup setup;
  setup.mode = mode == "full" ? TrainMode::full : TrainMode::lora;
  setup.lora.target_modules = {"all-linear"};
  setup.lora.rank = rank;
  setup.lora.alpha = double(2 * rank);
  setup.checkpointing = argc > 8 && std::string(argv[8]) == "ckpt";
  train::TrainModel tm(*files, setup, threads);
  OptimizerConfig oc;
  oc.lr = 1e-4;
  train::AdamW opt(oc);
  std::mt19937 rng(1);
  const int64_t V = files->config.vocab_size;
  std::vector<int32_t> tokens(size_t(B * S)), targets(size_t(B * S));
  std::vector<double> times, cpu_times;
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
  };
  for (int64_t k = 0; k <= steps; ++k) {
    for (auto& t : tokens) t = int32_t(rng() % uint64_t(V));
    for (int64_t i = 0; i < B * S; ++i) targets[size_t(i)] = (i + 1) % S ? tokens[size_t(i + 1)] : -1;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_now();
    tm.params().zero_grad();
    auto r = tm.forward_backward(tokens.data(), targets.data(), B, S, 1.0 / double(B * (S - 1)));
    auto n = train::grad_norms(tm.params(), files->config.num_hidden_layers);
    train::clip_gradients(tm.params(), n.total, 1.0);
    opt.step(tm.params(), oc.lr);
    tm.after_update();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (k > 0) times.push_back(s), cpu_times.push_back(cpu_now() - c0);
    std::fprintf(stderr, "step %lld: %.3f s, loss %.4f\n", (long long)k, s, r.loss_sum / double(r.targets));
  }
  std::sort(times.begin(), times.end());
  const double med = times[times.size() / 2];
  std::sort(cpu_times.begin(), cpu_times.end());
  const double cpu_med = cpu_times[cpu_times.size() / 2];
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("{\"engine\": \"dsw\", \"mode\": \"%s\", \"step_s\": %.4f, \"cpu_s\": %.4f, \"tokens_per_s\": %.1f, "
              "\"tokens_per_cpu_s\": %.1f, \"peak_rss_mib\": %.1f, \"trainable\": %lld}\n",
              mode.c_str(), med, cpu_med, double(B * S) / med, double(B * S) / cpu_med, double(ru.ru_maxrss) / 1024.0,
              (long long)tm.params().trainable_count());
  return 0;
}
