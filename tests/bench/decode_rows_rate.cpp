// decode_rows_rate [--threads N] [--layers L] [--reps R] [--rows 1,2,4,8,16] [--dtype bf16|f16|q8_0|q4_0|...] [--invariant]:
// the cost of one decode step's matmuls for a batch of T rows, on the deepseek-coder-1.3b shape
// (hidden 2048, intermediate 5504; per layer q, k, v, o, gate, up, down; L layers, default all
// 24, plus the 32256-row output head: 2.7 GB of bf16 weights, far larger than the last-level cache,
// so every step reads them from memory as serving does). cpu::Matmul as the engine calls it, once
// with the small-batch AMX path (gemv_amx.cpp; the engine's default where the CPU has AMX) and once
// with it off (the one-pass GEMV up to 8 rows, the prefill GEMM above), interleaved step by step:
// for each repetition, every T, both paths. Prints the median CPU time and wall time of a step
// and each path's cost relative to its own one-row step. CPU time (process CPU time divided by
// the threads) is what to compare on a machine shared with other work. --invariant compares the
// batch-invariant mode serving uses (Matmul::set_batch_invariant: a lone row on the tiles too)
// against the default instead (what a lone row pays for batch invariance). docs/performance.md
// records its output with the CPU named. Quantised types (random quants, every fp16 scale field
// 0.01) are repacked at load as the engine does (cpu/packed_quant.h) where the type packs; their
// step is the decode's own sequence of calls, so with --rows 1 it is one decoded token's matmuls.
#include <dsw/dtype.h>
#include <dsw/thread_pool.h>

#include "cpu/matmul.h"
#include "cpu/kernels.h"
#include "cpu/convert.h"
#include "cpu/packed_quant.h"

#include <ctime>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

using namespace dsw;

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// An N × K weight of dtype dt with small random values (no NaN / Inf).
StoredWeight random_weight(DType dt, int64_t N, int64_t K, uint64_t seed) {
  Tensor t = Tensor::host(dt, {N, K});
  uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&] { return s = s * 6364136223846793005ull + 1442695040888963407ull; };
  const auto& info = dtype_info(dt);
  if (info.is_quantized) {
    auto* p = static_cast<uint8_t*>(t.data());
    for (uint64_t i = 0; i < t.nbytes(); i += 8) {
      const uint64_t v = next();
      std::memcpy(p + i, &v, std::min<uint64_t>(8, t.nbytes() - i));
    }
    // The fp16 fields of each block (scale, and min for the K-quants) set to 0.01.
    const uint16_t h = f32_to_f16(0.01f);
    std::vector<int> offs = {0};
    if (dt == DType::q4_1 || dt == DType::q5_1 || dt == DType::q4_k || dt == DType::q5_k) offs = {0, 2};
    if (dt == DType::q2_k) offs = {80, 82};
    if (dt == DType::q3_k) offs = {108};
    if (dt == DType::q6_k) offs = {208};
    for (uint64_t b = 0; b < t.nbytes() / info.block_bytes; ++b)
      for (int o : offs) std::memcpy(p + b * info.block_bytes + uint64_t(o), &h, 2);
  } else {
    auto* p = static_cast<uint16_t*>(t.data());
    for (int64_t i = 0; i < N * K; ++i) {
      const float v = float(int((next() >> 40) & 0xFFFF) - 32768) * (0.05f / 32768);
      p[i] = dt == DType::bf16 ? f32_to_bf16(v) : f32_to_f16(v);
    }
  }
  StoredWeight w;
  w.w = t;
  w.rows = N;
  w.cols = K;
  cpu::pack_for_cpu(w);
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, layers = 24, reps = 7;
  std::string rows_list = "1,2,4,8,16", dtype = "bf16";
  bool invariant = false;
  for (int i = 1; i < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--invariant") {
      invariant = true;
      --i;
    } else if (i + 1 >= argc) {
      std::fprintf(stderr, "decode_rows_rate: %s needs a value\n", a.c_str());
      return 2;
    } else if (a == "--threads") threads = std::atoi(argv[i + 1]);
    else if (a == "--layers") layers = std::atoi(argv[i + 1]);
    else if (a == "--reps") reps = std::atoi(argv[i + 1]);
    else if (a == "--rows") rows_list = argv[i + 1];
    else if (a == "--dtype") dtype = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: decode_rows_rate [--threads N] [--layers L] [--reps R] [--rows 1,2,4,8] [--dtype bf16|f16|q8_0|q4_0|...] [--invariant]\n");
      return 2;
    }
  }
  std::vector<int64_t> rows;
  for (size_t p = 0; p < rows_list.size();) {
    const size_t e = std::min(rows_list.find(',', p), rows_list.size());
    rows.push_back(std::atoll(rows_list.substr(p, e - p).c_str()));
    p = e + 1;
  }
  const auto parsed = dtype_from_name(dtype);
  const DType dt = parsed ? *parsed : DType::bf16;
  if (threads <= 0 || layers < 0 || reps <= 0 || rows.empty() || *std::min_element(rows.begin(), rows.end()) <= 0 || !parsed ||
      (dt != DType::bf16 && dt != DType::f16 && !(dtype_info(dt).is_quantized && cpu::wtype_index(dt) >= 0))) {
    std::fprintf(stderr, "decode_rows_rate: threads, reps and rows must be positive, dtype bf16, f16 or a quantised type\n");
    return 2;
  }
  const int64_t H = 2048, I = 5504, V = 32256;
  std::vector<StoredWeight> ws;
  uint64_t seed = 1;
  for (int l = 0; l < layers; ++l) {
    for (int j = 0; j < 4; ++j) ws.push_back(random_weight(dt, H, H, seed++));
    ws.push_back(random_weight(dt, I, H, seed++));
    ws.push_back(random_weight(dt, I, H, seed++));
    ws.push_back(random_weight(dt, H, I, seed++));
  }
  ws.push_back(random_weight(dt, V, H, seed++));
  double gb = 0;
  for (const auto& w : ws) gb += double(w.w.nbytes()) / 1e9;

  ThreadPool pool(threads);
  cpu::Matmul mm(pool);
  const int64_t T_max = *std::max_element(rows.begin(), rows.end());
  std::vector<float> x(size_t(T_max * I)), y(size_t(T_max * V));
  for (size_t i = 0; i < x.size(); ++i) x[i] = float(int(i * 37 % 101) - 50) * 0.02f;
  // Wall time and bytes per weight shape (N × K) over the timed steps of one row: where a step's
  // time goes (DSW_BENCH_SHAPES=1 prints it).
  struct ShapeTime { double secs = 0, bytes = 0; };
  std::map<std::pair<int64_t, int64_t>, ShapeTime> shapes;
  bool timing_shapes = false;
  auto step = [&](int64_t T) {
    for (const auto& w : ws) {
      const auto t0 = std::chrono::steady_clock::now();
      mm.run(x.data(), T, w.cols, w, y.data(), w.rows);
      if (timing_shapes) {
        auto& st = shapes[{w.rows, w.cols}];
        st.secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        st.bytes += double(w.w.nbytes());
      }
    }
  };
  // [path][T index] samples; path 0 = small-batch AMX path on (--invariant: batch-invariant), 1 = off
  // (--invariant: the default).
  auto set_path = [&](int p) {
    if (invariant) mm.set_batch_invariant(p == 0);
    else mm.set_amx_rows(p == 0);
  };
  std::vector<std::vector<double>> cpu[2], wall[2];
  for (int p = 0; p < 2; ++p) cpu[p].resize(rows.size()), wall[p].resize(rows.size());
  for (int p = 0; p < 2; ++p) {  // warm-up: page in the weights, size the buffers
    set_path(p);
    for (int64_t T : rows) step(T);
  }
  for (int r = 0; r < reps; ++r)
    for (size_t i = 0; i < rows.size(); ++i)
      for (int p = 0; p < 2; ++p) {
        set_path(p);
        timing_shapes = p == 1 && rows[i] == 1;
        const double c0 = cpu_seconds();
        const auto t0 = std::chrono::steady_clock::now();
        step(rows[i]);
        wall[p][i].push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        cpu[p][i].push_back((cpu_seconds() - c0) / threads);
      }
  std::printf("decode step matmuls: %d layers + head, %s, %.2f GB of weights, %d thread(s), median of %d\n", layers, dtype.c_str(), gb,
              threads, reps);
  std::printf("%5s | %12s %10s %8s | %12s %10s %8s | %8s\n", "rows", invariant ? "inv cpu ms" : "amx cpu ms", "wall ms", "x 1 row",
              invariant ? "dflt cpu ms" : "off cpu ms", "wall ms", "x 1 row", invariant ? "dflt/inv" : "off/amx");
  double base[2] = {0, 0};
  for (size_t i = 0; i < rows.size(); ++i) {
    double c[2], w[2];
    for (int p = 0; p < 2; ++p) {
      c[p] = median_of(cpu[p][i]) * 1e3;
      w[p] = median_of(wall[p][i]) * 1e3;
      if (i == 0) base[p] = c[p];
    }
    std::printf("%5lld | %12.1f %10.1f %8.2f | %12.1f %10.1f %8.2f | %8.2f\n", (long long)rows[i], c[0], w[0], c[0] / base[0], c[1], w[1],
                c[1] / base[1], c[1] / c[0]);
  }
  if (const char* e = std::getenv("DSW_BENCH_SHAPES"); e && *e == '1')
    for (const auto& [nk, st] : shapes)
      std::printf("shape %lld x %lld: %.2f ms per step, %.1f GB/s\n", (long long)nk.first, (long long)nk.second, st.secs * 1e3 / reps,
                  st.bytes / st.secs / 1e9);
  return 0;
}
