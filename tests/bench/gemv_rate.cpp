// gemv_rate [--threads N] [--mib M] [--k K] [--reps R] [--types f32,bf16,...]: the decode matmul
// (one activation row, cpu::Matmul as the engine calls it) streaming M MiB of weights of each
// type, in GB/s of weights read, next to two read-bandwidth probes of the same machine in the same
// run: the engine's (dsw::measure_read_bandwidth_gbs, one sequential stream per thread, what
// `dsw-cli bench` divides by) and a plain one-stream-per-thread sum with no software prefetch.
// The weights are larger than the last-level cache, so every pass reads them from memory. Median
// of R passes after one warm-up. Weights of the types that pack are repacked first as the engine
// does at load (cpu/packed_quant.h; DSW_CPU_NO_REPACK=1 measures the unpacked path). Beside the wall-clock
// rate, "cpu GB/s" divides by the process's CPU time per thread instead: on a machine shared with
// other work it estimates the rate while the threads actually run (memory stalls count as running).
// docs/performance.md records its output with the CPU named.
//
// --memory heap|huge|file places the weights in ordinary heap memory (default), in memory marked
// for transparent huge pages (as repacked weights are), or in a mapped file in the page cache (as
// a checkpoint's weights are read in place).
//
// gemv_rate --rows T --n N [--k K] ...: the prefill matmul instead, T activation rows against an
// N × K weight of each type (the engine's prefill engine: AMX / vdpbf16ps / sgemm, see
// cpu/gemm_bf16.h), in GFLOP/s (2·T·N·K per call) — compare with tests/bench/sgemm_rate T N K.
#include <dsw/bench.h>
#include <dsw/devices.h>
#include <dsw/dtype.h>
#include <dsw/thread_pool.h>

#include "cpu/convert.h"
#include "cpu/cpu_features.h"
#include "cpu/kernels.h"
#include "cpu/matmul.h"
#include "core/mapped_file.h"
#include "cpu/packed_quant.h"

#include <sys/mman.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <ctime>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace dsw;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Plain streaming read: one contiguous range per thread, summed 8 bytes at a time.
double plain_read_gbs(ThreadPool& pool, const std::vector<uint64_t>& a, int reps) {
  std::vector<uint64_t> sums(size_t(pool.size()));
  std::vector<double> rates;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    pool.parallel_for(int64_t(a.size()), [&](int64_t s, int64_t e, int tid) {
      uint64_t x0 = 0, x1 = 0, x2 = 0, x3 = 0;
      int64_t i = s;
      for (; i + 4 <= e; i += 4) x0 += a[size_t(i)], x1 += a[size_t(i + 1)], x2 += a[size_t(i + 2)], x3 += a[size_t(i + 3)];
      for (; i < e; ++i) x0 += a[size_t(i)];
      sums[size_t(tid)] += x0 + x1 + x2 + x3;
    }, 1 << 16);
    rates.push_back(double(a.size() * 8) / seconds_since(t0) / 1e9);
  }
  volatile uint64_t sink = sums[0];
  (void)sink;
  return median_of(rates);
}

// Fills a weight tensor with valid values: random floats, or random quant bytes with small
// finite fp16 scales (every other bit pattern of these layouts is a valid weight).
void fill(Tensor& t, DType dt) {
  uint64_t s = 0x9e3779b97f4a7c15ull;
  auto next = [&] { return s = s * 6364136223846793005ull + 1442695040888963407ull; };
  const auto& info = dtype_info(dt);
  auto* p = static_cast<uint8_t*>(t.data());
  if (!info.is_quantized) {
    std::vector<float> row(size_t(t.dim(1)));
    for (int64_t r = 0; r < t.dim(0); ++r) {
      for (auto& v : row) v = float(int64_t(next() >> 40) % 2001 - 1000) * 1e-5f;
      cpu::from_f32(row.data(), dt, p + r * t.row_bytes(), t.dim(1));
    }
    return;
  }
  for (uint64_t i = 0; i < t.nbytes(); i += 8) {
    const uint64_t v = next();
    std::memcpy(p + i, &v, std::min<uint64_t>(8, t.nbytes() - i));
  }
  // fp16 fields of each block: put 0.01 into every 16-bit word that could hold a scale.
  const uint16_t h = f32_to_f16(0.01f);
  const int64_t blocks = int64_t(t.nbytes() / info.block_bytes);
  std::vector<int> offs;
  switch (dt) {
    case DType::q4_1: case DType::q5_1: case DType::q4_k: case DType::q5_k: offs = {0, 2}; break;
    case DType::q2_k: offs = {80, 82}; break;
    case DType::q3_k: offs = {108}; break;
    case DType::q6_k: offs = {208}; break;
    default: offs = {0};
  }
  for (int64_t b = 0; b < blocks; ++b)
    for (int o : offs) std::memcpy(p + b * info.block_bytes + o, &h, 2);
}

// The filled tensor t moved to the memory kind asked for (see the header).
Tensor place(const Tensor& t, const std::string& memory) {
  if (memory == "huge") {
    const size_t align = size_t(2) << 20, size = (t.nbytes() + align - 1) / align * align;
    void* p = std::aligned_alloc(align, size);
    if (!p) throw std::bad_alloc();
    ::madvise(p, size, MADV_HUGEPAGE);
    std::memcpy(p, t.data(), t.nbytes());
    return Tensor(t.dtype(), t.shape(), p, Device{}, std::shared_ptr<void>(p, [](void* q) { std::free(q); }));
  }
  if (memory == "file") {
    const auto path = std::filesystem::temp_directory_path() / ("gemv_rate_" + std::to_string(::getpid()));
    std::ofstream(path, std::ios::binary).write(static_cast<const char*>(t.data()), std::streamsize(t.nbytes()));
    auto m = MappedFile::open(path);
    std::filesystem::remove(path);  // the mapping keeps the pages
    return Tensor(t.dtype(), t.shape(), const_cast<uint8_t*>(m->data()), Device{}, m);
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, reps = 7;
  int64_t mib = 1024, K = 2048, rows = 1, n_out = 2048;
  std::string memory = "heap";
  std::string types = "f32,f16,bf16,q8_0,q4_0,q4_1,q5_0,q5_1,q2_k,q3_k,q4_k,q5_k,q6_k";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--threads") threads = std::atoi(argv[i + 1]);
    else if (a == "--mib") mib = std::atoll(argv[i + 1]);
    else if (a == "--k") K = std::atoll(argv[i + 1]);
    else if (a == "--reps") reps = std::atoi(argv[i + 1]);
    else if (a == "--types") types = argv[i + 1];
    else if (a == "--rows") rows = std::atoll(argv[i + 1]);
    else if (a == "--n") n_out = std::atoll(argv[i + 1]);
    else if (a == "--memory") memory = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: gemv_rate [--threads N] [--mib M] [--k K] [--reps R] [--types f32,bf16,...] [--rows T --n N] [--memory heap|huge|file]\n");
      return 2;
    }
  }
  if (threads <= 0 || mib <= 0 || K <= 0 || K % 32 || reps <= 0 || rows <= 0 || n_out <= 0) {
    std::fprintf(stderr, "gemv_rate: threads, mib, reps, rows, n must be positive and K a multiple of 32\n");
    return 2;
  }
  ThreadPool pool(threads);
  cpu::Matmul mm(pool);
  std::printf("%s; threads %d\n", cpu_kernels_description().c_str(), threads);
  if (rows == 1) std::printf("%lld MiB of weights per type, K = %lld, %s memory\n", (long long)mib, (long long)K, memory.c_str());
  if (rows > 1) {
    std::printf("prefill: T = %lld rows, N = %lld, K = %lld\n%-6s %10s %10s %12s %10s\n", (long long)rows, (long long)n_out, (long long)K,
                "type", "GFLOP/s", "ms/call", "", "cpu GFLOP/s");
  } else {
    std::vector<uint64_t> a(size_t(mib) << 17, 1);
    std::printf("read bandwidth: engine probe %.1f GB/s, plain stream %.1f GB/s\n", measure_read_bandwidth_gbs(threads),
                plain_read_gbs(pool, a, reps));
    std::printf("(* repacked as at load)\n%-6s %10s %10s %12s %10s\n", "type", "GB/s", "ms/pass", "Gweights/s", "cpu GB/s");
  }
  size_t pos = 0;
  while (pos < types.size()) {
    const size_t comma = types.find(',', pos);
    const std::string name = types.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    pos = comma == std::string::npos ? types.size() : comma + 1;
    const auto dt = dtype_from_name(name);
    if (!dt || cpu::wtype_index(*dt) < 0) {
      std::fprintf(stderr, "gemv_rate: unknown weight type '%s'\n", name.c_str());
      return 2;
    }
    if (K % int64_t(dtype_info(*dt).block_elems)) {
      std::printf("%-6s %10s (K is not a whole number of blocks)\n", name.c_str(), "-");
      continue;
    }
    const uint64_t row_bytes = *dtype_bytes(*dt, uint64_t(K));
    const int64_t N = rows > 1 ? n_out : int64_t((uint64_t(mib) << 20) / row_bytes);
    Tensor t = Tensor::host(*dt, {N, K});
    fill(t, *dt);
    t = place(t, memory);
    StoredWeight w;
    w.w = t;
    w.rows = N;
    w.cols = K;
    const bool packed = cpu::pack_for_cpu(w) > 0;
    std::vector<float> x(static_cast<size_t>(rows * K)), y(static_cast<size_t>(rows * N));
    for (int64_t k = 0; k < rows * K; ++k) x[size_t(k)] = float((k * 37) % 101 - 50) * 0.02f;
    mm.run(x.data(), rows, K, w, y.data(), N);
    std::vector<double> secs, cpus;
    for (int r = 0; r < reps; ++r) {
      const auto t0 = Clock::now();
      const double c0 = cpu_seconds();
      mm.run(x.data(), rows, K, w, y.data(), N);
      secs.push_back(seconds_since(t0));
      cpus.push_back((cpu_seconds() - c0) / threads);
    }
    const double s = median_of(secs), c = median_of(cpus);
    const std::string label = name + (packed ? "*" : "");
    if (rows > 1) std::printf("%-6s %10.1f %10.2f %12s %10.1f\n", label.c_str(), 2.0 * double(rows * N * K) / s / 1e9, s * 1e3, "",
                              2.0 * double(rows * N * K) / c / 1e9);
    else std::printf("%-6s %10.1f %10.2f %12.2f %10.1f\n", label.c_str(), double(t.nbytes()) / s / 1e9, s * 1e3, double(N * K) / s / 1e9,
                     double(t.nbytes()) / c / 1e9);
  }
  return 0;
}
