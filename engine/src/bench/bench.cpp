// The speed suite: warm-up, timed repetitions of prefill + decode, percentiles, memory.
#include <dsw/bench.h>
#include <dsw/build_info.h>
#include <dsw/session.h>
#include <dsw/thread_pool.h>

#include "bench/run_memory.h"
#include "core/error.h"
#include "core/utc_time.h"

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <numeric>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace dsw {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      auto p = line.find(':');
      if (p != std::string::npos) return line.substr(p + 2);
    }
  return "unknown CPU";
}

uint64_t mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = p / 100.0 * double(v.size() - 1);
  const size_t lo = size_t(std::floor(pos)), hi = size_t(std::ceil(pos));
  return v[lo] + (v[hi] - v[lo]) * (pos - double(lo));
}

double median(std::vector<double> v) { return percentile(std::move(v), 50); }

uint64_t peak_rss_bytes() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return uint64_t(ru.ru_maxrss) * 1024;  // Linux reports KiB
}

double measure_copy_bandwidth_gbs(int n_threads) {
  const size_t n = size_t(512) << 20;
  std::vector<uint8_t> a(n, 1), b(n, 0);
  ThreadPool pool(n_threads);
  double best = 0;
  for (int pass = 0; pass < 5; ++pass) {
    auto t0 = Clock::now();
    pool.parallel_for(int64_t(n), [&](int64_t s, int64_t e, int) { std::memcpy(b.data() + s, a.data() + s, size_t(e - s)); }, 1 << 20);
    best = std::max(best, 2.0 * double(n) / since(t0) / 1e9);
  }
  return best;
}

namespace {

// Sums n bytes (a multiple of 512) at p with eight independent accumulators and no software
// prefetch: one sequential stream per thread, which the hardware prefetcher follows, as
// tests/bench/stream_read.c reads. The widest loads the CPU has, so that the loop is bound by
// memory and not by the core: with 8-byte loads and four prefetched streams per thread (the
// probe before this one) two threads read up to 16% below an independent read of the same memory.
using V32 = uint64_t __attribute__((vector_size(32)));
uint64_t read_sum_portable(const uint8_t* p, size_t n) {
  V32 a[8] = {};
  for (size_t i = 0; i < n; i += 256)
    for (int j = 0; j < 8; ++j) {
      V32 v;
      std::memcpy(&v, p + i + 32 * size_t(j), sizeof v);
      a[j] += v;
    }
  uint64_t s = 0;
  for (const V32& v : a)
    for (int j = 0; j < 4; ++j) s += v[j];
  return s;
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) uint64_t read_sum_avx512(const uint8_t* p, size_t n) {
  __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  for (size_t i = 0; i < n; i += 512) {
    a0 = _mm512_xor_si512(a0, _mm512_load_si512(p + i));
    a1 = _mm512_xor_si512(a1, _mm512_load_si512(p + i + 64));
    a2 = _mm512_xor_si512(a2, _mm512_load_si512(p + i + 128));
    a3 = _mm512_xor_si512(a3, _mm512_load_si512(p + i + 192));
    a4 = _mm512_xor_si512(a4, _mm512_load_si512(p + i + 256));
    a5 = _mm512_xor_si512(a5, _mm512_load_si512(p + i + 320));
    a6 = _mm512_xor_si512(a6, _mm512_load_si512(p + i + 384));
    a7 = _mm512_xor_si512(a7, _mm512_load_si512(p + i + 448));
  }
  a0 = _mm512_xor_si512(_mm512_xor_si512(_mm512_xor_si512(a0, a1), _mm512_xor_si512(a2, a3)),
                        _mm512_xor_si512(_mm512_xor_si512(a4, a5), _mm512_xor_si512(a6, a7)));
  alignas(64) uint64_t lanes[8];
  _mm512_store_si512(lanes, a0);
  uint64_t s = 0;
  for (uint64_t v : lanes) s ^= v;
  return s;
}
#endif

uint64_t read_sum(const uint8_t* p, size_t n) {
#if defined(__x86_64__)
  static const bool avx512 = __builtin_cpu_supports("avx512f");
  if (avx512) return read_sum_avx512(p, n);
#endif
  return read_sum_portable(p, n);
}

}  // namespace

double measure_read_bandwidth_gbs(int n_threads) {
  // 1 GiB (several times any last-level cache), page-aligned, every page touched before timing;
  // each thread reads its own contiguous part, all started together; best of 7 passes.
  const size_t n = size_t(1) << 30;
  std::unique_ptr<uint8_t, decltype(&std::free)> buf(static_cast<uint8_t*>(std::aligned_alloc(4096, n)), &std::free);
  if (!buf) return 0;
  ThreadPool pool(n_threads);
  const size_t threads = size_t(pool.size()), part = n / threads / 512 * 512;
  pool.run_on_all([&](int tid) { std::memset(buf.get() + size_t(tid) * part, 1, part); });  // each thread its own pages
  std::vector<uint64_t> sums(threads, 0);
  double best = 0;
  for (int pass = 0; pass < 7; ++pass) {
    auto t0 = Clock::now();
    pool.run_on_all([&](int tid) { sums[size_t(tid)] += read_sum(buf.get() + size_t(tid) * part, part); });
    best = std::max(best, double(part * threads) / since(t0) / 1e9);
  }
  volatile uint64_t sink = std::accumulate(sums.begin(), sums.end(), uint64_t(0));
  (void)sink;
  return best;
}

void fill_host_fields(BenchRow& row, const DeviceSpec& device) {
  row.created_at = utc_now();
  row.build_commit = std::string(build_commit());
  row.build_version = std::string(build_version());
  row.device = device.to_string();
  row.threads = device.n_threads > 0 ? device.n_threads : hardware_threads();
  if (device.kind == DeviceKind::cpu) {
    row.device_name = cpu_model_name();
    row.driver_version = "";
  }
  struct utsname u {};
  uname(&u);
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  row.host = std::string(host) + " (" + u.sysname + " " + u.release + ", " + std::to_string(hardware_threads()) + " hw threads)";
}

void fill_model_fields(BenchRow& row, const Model& model) {
  const auto& files = model.files();
  const auto& c = model.config();
  row.model_path = files.path.string();
  row.architecture = c.model_type;
  ParameterCount p = count_parameters(c);
  row.params_total = p.total;
  row.params_active = p.active;
  std::map<std::string, uint64_t> bytes;
  for (auto& e : files.tensors.entries()) bytes[e.dtype_name] += e.nbytes;
  std::string main;
  uint64_t best = 0;
  for (auto& [k, v] : bytes)
    if (v > best) best = v, main = k;
  std::transform(main.begin(), main.end(), main.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
  row.precision = main;
  row.weight_mb = double(files.weight_bytes()) / (1 << 20);
}

uint64_t run_mapped_weight_bytes(const Model& model) {
  return model.device().kind == DeviceKind::cpu ? model.files().weight_bytes() : 0;
}

BenchRow new_bench_row(const Model& model, const std::string& suite) {
  BenchRow row;
  fill_host_fields(row, model.device());
  fill_model_fields(row, model);
  row.suite = suite;
  return row;
}

Result<BenchRow> run_speed_bench(const std::shared_ptr<Model>& model, const BenchOptions& o, const JobContext& job) {
  return guard([&] {
    if (o.prompt_tokens < 1 || o.gen_tokens < 1 || o.batch < 1 || o.reps < 1)
      fail_invalid("bench: prompt, generation, batch and reps must be at least 1");
    const ModelConfig& c = model->config();
    const int64_t ctx = o.prompt_tokens + o.gen_tokens + 1;
    if (ctx > c.max_position_embeddings)
      fail_invalid("bench: prompt + generation (" + std::to_string(ctx) + ") exceeds the model's context " +
                   std::to_string(c.max_position_embeddings));
    // The run's own memory (weights mapped, KV cache, scratch), not the whole process's.
    bench_detail::RunMemory memory(run_mapped_weight_bytes(*model));
    auto session = unwrap(Session::create(model, {.n_ctx = ctx, .n_seq = o.batch, .n_batch = 512}));
    const int64_t V = c.vocab_size;
    uint64_t rng = o.seed;
    auto random_prompt = [&](int64_t seq) {
      Batch b;
      for (int64_t i = 0; i < o.prompt_tokens; ++i)
        b.add(int32_t(mix(rng + uint64_t(seq) * 1000003 + uint64_t(i)) % uint64_t(V)), int32_t(i), int32_t(seq), i + 1 == o.prompt_tokens);
      return b;
    };
    std::vector<double> prefill_tps, decode_tps, ttft, latencies;
    std::vector<float> logits;
    const int64_t total_reps = o.warmup + o.reps;
    for (int64_t rep = 0; rep < total_reps; ++rep) {
      const bool timed = rep >= o.warmup;
      session->clear();
      rng = mix(o.seed + uint64_t(rep));
      Batch prompt;
      for (int64_t s = 0; s < o.batch; ++s) {
        Batch one = random_prompt(s);
        for (size_t i = 0; i < one.size(); ++i) prompt.add(one.tokens[i], one.positions[i], one.seq_ids[i], one.want_logits[i]);
      }
      auto t0 = Clock::now();
      throw_if_error(session->forward(prompt, logits, job));
      // Greedy pick of the first token per sequence: part of the time to first token.
      std::vector<int32_t> next(size_t(o.batch));
      for (int64_t s = 0; s < o.batch; ++s)
        next[size_t(s)] = int32_t(std::max_element(logits.begin() + s * V, logits.begin() + (s + 1) * V) - (logits.begin() + s * V));
      const double t_prefill = since(t0);
      if (timed) {
        prefill_tps.push_back(double(o.prompt_tokens * o.batch) / t_prefill);
        ttft.push_back(t_prefill * 1000);
      }
      auto td = Clock::now();
      for (int64_t g = 1; g < o.gen_tokens; ++g) {
        auto ts = Clock::now();
        Batch b;
        for (int64_t s = 0; s < o.batch; ++s) b.add(next[size_t(s)], int32_t(o.prompt_tokens + g - 1), int32_t(s), true);
        throw_if_error(session->forward(b, logits, job));
        for (int64_t s = 0; s < o.batch; ++s)
          next[size_t(s)] = int32_t(std::max_element(logits.begin() + s * V, logits.begin() + (s + 1) * V) - (logits.begin() + s * V));
        if (timed) latencies.push_back(since(ts) * 1000);
      }
      const double t_decode = since(td);
      if (timed && o.gen_tokens > 1) decode_tps.push_back(double((o.gen_tokens - 1) * o.batch) / t_decode);
      memory.sample();
      if (!job.report({.phase = "bench", .step = rep + 1, .total = total_reps, .unit = "reps"})) fail_cancelled("bench cancelled");
    }

    // Peak memory before anything else allocates (the bandwidth probe below uses 1 GiB).
    const uint64_t peak = memory.peak_bytes();
    BenchRow row = new_bench_row(*model, "speed");
    row.prompt_tokens = o.prompt_tokens;
    row.gen_tokens = o.gen_tokens;
    row.batch = o.batch;
    row.reps = o.reps;
    row.prefill_tps = median(prefill_tps);
    row.prefill_tps_spread = *std::max_element(prefill_tps.begin(), prefill_tps.end()) - *std::min_element(prefill_tps.begin(), prefill_tps.end());
    row.ttft_ms = median(ttft);
    if (!decode_tps.empty()) {
      row.decode_tps = median(decode_tps);
      row.decode_tps_spread = *std::max_element(decode_tps.begin(), decode_tps.end()) - *std::min_element(decode_tps.begin(), decode_tps.end());
      const double mean = std::accumulate(decode_tps.begin(), decode_tps.end(), 0.0) / double(decode_tps.size());
      double var = 0;
      for (double v : decode_tps) var += (v - mean) * (v - mean);
      const double sd = decode_tps.size() > 1 ? std::sqrt(var / double(decode_tps.size() - 1)) : 0;
      row.decode_cv = mean > 0 ? sd / mean : 0;
      row.noisy = *row.decode_cv > o.noisy_cv ? 1 : 0;
      row.latency_p50_ms = percentile(latencies, 50);
      row.latency_p95_ms = percentile(latencies, 95);
      row.latency_p99_ms = percentile(latencies, 99);
      if (o.batch == 1) {
        const double bw = o.read_bandwidth_gbs > 0 ? o.read_bandwidth_gbs : measure_read_bandwidth_gbs(int(*row.threads));
        row.bandwidth_fraction = *row.decode_tps * double(model->bytes_read_per_token()) / (bw * 1e9);
        char buf[160];
        std::snprintf(buf, sizeof buf, "read bandwidth %.1f GB/s; %.3f GB of weights read per token", bw,
                      double(model->bytes_read_per_token()) / 1e9);
        row.notes = buf;
      }
    }
    row.peak_host_mb = double(peak) / (1 << 20);
    return row;
  });
}

}  // namespace dsw
