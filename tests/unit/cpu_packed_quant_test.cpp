// Q8_0 / Q4_0 weights repacked into 16-row groups (cpu/packed_quant.h) and the kernels that read
// them:
// - dequantising the packed copy gives the source rows' to_f32 values bit for bit (row counts that
//   end inside a group, odd block counts);
// - the portable packed GEMV equals the portable unpacked one (same int8 activations) within f32
//   summation-order error, and dequantise-then-f32 within the int8-activation bound;
// - every table's packed GEMV equals the portable packed one;
// - the packed prefill GEMM, each engine this CPU has (AMX int8 tiles; GEMV on panels), equals the
//   packed GEMV row by row, on whole weights and on row views that start at a group;
// - MappedFile::release leaves a mapped view readable with the same bytes.
#include "check.h"
#include "packed_gemv_check.h"
#include "random_tensor.h"

#include <dsw/dtype.h>
#include <dsw/thread_pool.h>

#include "compute/stored_weight.h"
#include "core/mapped_file.h"
#include "cpu/convert.h"
#include "cpu/cpu_features.h"
#include "cpu/gemm_packed.h"
#include "cpu/kernels.h"
#include "cpu/matmul.h"
#include "cpu/packed_quant.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <vector>

#include <unistd.h>

using namespace dsw;
using namespace dsw::cpu;
using dsw::test::abs_dot;
using dsw::test::check_packed_gemv;
using dsw::test::randn;

namespace {

constexpr WType kTypes[] = {WType::q8_0, WType::q4_0};

DType dtype_of(WType t) { return t == WType::q8_0 ? DType::q8_0 : DType::q4_0; }

// Random valid rows: random quant bytes, fp16 scales of either sign.
std::vector<uint8_t> random_weights(WType t, int64_t rows, int64_t K, uint32_t seed) {
  const auto& g = kWTypeGeometry[int(t)];
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> scale(-0.05f, 0.05f);
  std::vector<uint8_t> w(size_t(rows * (K / 32) * g.block_bytes));
  for (auto& b : w) b = uint8_t(byte(rng));
  for (size_t i = 0; i < w.size(); i += size_t(g.block_bytes)) {
    const uint16_t h = f32_to_f16(scale(rng));
    std::memcpy(&w[i], &h, 2);
  }
  return w;
}

// Int8 activations per 32, d rounded to fp16: slack 1.13 (as in cpu_quant_kernels_test).
double act_bound(const float* w, const float* x, int64_t K) { return test::act_bound(w, x, K, 32, 1.13); }

struct Case {
  WType t;
  int64_t rows, K;
  std::vector<uint8_t> w;
  std::vector<float> wf;  // dequantised source rows
  size_t rb;
  Case(WType type, int64_t r, int64_t k, uint32_t seed) : t(type), rows(r), K(k), w(random_weights(type, r, k, seed)) {
    rb = w.size() / size_t(rows);
    wf.resize(size_t(rows * K));
    for (int64_t i = 0; i < rows; ++i) kernels_generic().to_f32[int(t)](w.data() + i * rb, wf.data() + i * K, K);
  }
};

}  // namespace

DSW_TEST(packed_copy_dequantises_to_the_source_values) {
  for (WType t : kTypes)
    for (int64_t rows : {int64_t(1), int64_t(15), int64_t(16), int64_t(17), int64_t(40)})
      for (int64_t K : {int64_t(32), int64_t(64), int64_t(96), int64_t(160)}) {
        Case c(t, rows, K, uint32_t(rows * 1000 + K + int(t)));
        auto p = pack_weight(t, c.w.data(), c.rb, rows, K);
        CHECK(p->bytes == uint64_t((rows + 15) / 16 * ((K / 32 + 1) / 2) * packed_pair_bytes(t)));
        CHECK(reinterpret_cast<uintptr_t>(p->data.get()) % 64 == 0);
        std::vector<float> got(size_t(rows * K), NAN);
        packed_rows_to_f32(*p, 0, rows, got.data());
        CHECK(std::memcmp(got.data(), c.wf.data(), got.size() * sizeof(float)) == 0);
        if (rows > 3) {  // a few rows from the middle
          std::vector<float> part(size_t(2 * K));
          packed_rows_to_f32(*p, rows - 3, 2, part.data());
          CHECK(std::memcmp(part.data(), c.wf.data() + (rows - 3) * K, part.size() * sizeof(float)) == 0);
        }
      }
}

DSW_TEST(packed_gemv_matches_the_unpacked_one_and_every_table) {
  const KernelTable& ref = kernels_generic();
  int compared = 0;
  for (WType t : kTypes)
    for (int64_t rows : {int64_t(7), int64_t(16), int64_t(45)})
      for (int64_t K : {int64_t(32), int64_t(96), int64_t(256)}) {
        Case c(t, rows, K, uint32_t(rows * 77 + K + int(t)));
        auto p = pack_weight(t, c.w.data(), c.rb, rows, K);
        auto x = randn(size_t(8 * K), uint32_t(K + rows));
        const size_t stride = size_t(act_q8_row_bytes(K));
        std::vector<uint8_t> act(8 * stride, 0);
        ref.quantize_act(x.data(), K, K, 8, ActStyle::q8_0, act.data(), stride);
        for (int T : {1, 2, 3, 5, 8})
          compared += check_packed_gemv({t, *p, c.w.data(), c.rb, c.wf.data(), rows, K, x.data(), act.data(), stride, 32, 1.13}, T);
      }
  std::printf("    packed GEMV rows compared on this CPU: %d\n", compared);
}

DSW_TEST(packed_prefill_matches_the_packed_gemv) {
  if (!kernels().gemv_packed[int(WType::q8_0)]) SKIP("the chosen kernel table has no packed rows (no AVX-512)");
  if (!repack_enabled()) SKIP("repacking switched off (DSW_CPU_NO_REPACK)");
  ThreadPool pool(2);
  Matmul mm(pool);
  std::vector<PackedGemm> kinds = {PackedGemm::gemv_panels};
  if (cpu_features().amx_int8) kinds.push_back(PackedGemm::amx);
  std::printf("    packed prefill engines on this CPU: %zu\n", kinds.size());
  for (WType t : kTypes) {
    const int64_t N = 70, K = 160;  // five blocks: an odd last pair; 70 rows: a partial last group
    Tensor tw = Tensor::host(dtype_of(t), {N, K});
    Case c(t, N, K, 99 + uint32_t(t));
    std::memcpy(tw.data(), c.w.data(), c.w.size());
    StoredWeight w;
    w.w = tw;
    w.rows = N;
    w.cols = K;
    w.bias = randn(size_t(N), 5);
    REQUIRE(pack_for_cpu(w) > 0);
    REQUIRE(w.packed != nullptr);
    // Views: from a group boundary (keeps the copy) and from inside a group (reads the tensor).
    const StoredWeight from_group = w.rows_view(32, 38), inside = w.rows_view(5, 40);
    CHECK(from_group.packed != nullptr && from_group.packed_row0 == 32);
    CHECK(inside.packed == nullptr);
    for (const StoredWeight* v : std::initializer_list<const StoredWeight*>{&w, &from_group, &inside}) {
      const int64_t n = v->rows, first = v == &w ? 0 : v == &from_group ? 32 : 5;
      for (int64_t T : {int64_t(1), int64_t(8), int64_t(9), int64_t(33), int64_t(70)}) {
        auto x = randn(size_t(T * K), uint32_t(T * 3 + n));
        std::vector<float> y(size_t(T * n), NAN);
        mm.run(x.data(), T, K, *v, y.data(), n);
        double worst = 0, worst_bound = 0;
        for (int64_t r = 0; r < T; ++r) {
          std::vector<float> one(static_cast<size_t>(n));
          mm.run(x.data() + r * K, 1, K, *v, one.data(), n);
          for (int64_t j = 0; j < n; ++j) {
            const float* wr = c.wf.data() + (first + j) * K;
            const float* xr = x.data() + r * K;
            const double scale = abs_dot(wr, xr, K) + 1e-3, got = y[size_t(r * n + j)];
            worst = std::max(worst, std::fabs(double(one[size_t(j)]) - got) / scale);
            double exact = v->bias[size_t(j)];
            for (int64_t k = 0; k < K; ++k) exact += double(wr[k]) * double(xr[k]);
            worst_bound = std::max(worst_bound, std::fabs(got - exact) / (act_bound(wr, xr, K) + 1e-5 * scale));
          }
        }
        if (!(worst < 1e-5 && worst_bound <= 1))
          std::printf("    %s rows=%lld T=%lld: batch vs row by row %.2e, error / bound %.2f\n", kWTypeGeometry[int(t)].name,
                      (long long)n, (long long)T, worst, worst_bound);
        CHECK(worst < 1e-5);
        CHECK(worst_bound <= 1);
      }
    }
    // Each prefill engine directly, against the packed GEMV on the same activations.
    const int64_t T = 45;
    auto x = randn(size_t(T * K), 7);
    const size_t stride = size_t(act_q8_row_bytes(K));
    std::vector<uint8_t> act(size_t(64) * stride, 0);
    kernels().quantize_act(x.data(), K, K, int(T), ActStyle::q8_0, act.data(), stride);
    std::vector<float> want(size_t(T * N));
    for (int64_t t0 = 0; t0 < T; t0 += 8)
      gemv_packed_generic(t, w.packed->group(0), w.packed->group_bytes, N, act.data() + t0 * stride, stride, K,
                          int(std::min<int64_t>(8, T - t0)), want.data() + t0 * N, N);
    for (PackedGemm kind : kinds) {
      PackedGemmScratch scratch;
      std::vector<float> y(size_t(T * N), NAN);
      packed_gemm(pool, kind, w, act.data(), stride, T, y.data(), N, scratch, 0);
      double worst = 0;
      for (int64_t r = 0; r < T; ++r)
        for (int64_t j = 0; j < N; ++j)
          worst = std::max(worst, std::fabs(double(y[size_t(r * N + j)]) - want[size_t(r * N + j)]) /
                                      (abs_dot(c.wf.data() + j * K, x.data() + r * K, K) + 1e-3));
      if (!(worst < 2e-6))
        std::printf("    %s engine %d: worst relative difference %.2e\n", kWTypeGeometry[int(t)].name, int(kind), worst);
      CHECK(worst < 2e-6);
    }
  }
}

DSW_TEST(released_mapped_pages_read_back_the_same) {
  const auto path = std::filesystem::temp_directory_path() / ("dsw_release_test_" + std::to_string(::getpid()));
  std::vector<uint8_t> bytes(3 * 4096 + 100);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(i * 7 + 3);
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  {
    auto m = MappedFile::open(path);
    const uint8_t* p = m->data();
    volatile uint8_t sink = 0;
    for (size_t i = 0; i < bytes.size(); i += 64) sink = sink + p[i];  // resident
    CHECK(MappedFile::release(p + 10, bytes.size() - 20) == 2 * 4096);  // the whole pages inside
    CHECK(MappedFile::release(bytes.data(), 100) == 0);                 // not a mapping
    CHECK(std::memcmp(p, bytes.data(), bytes.size()) == 0);
  }
  std::filesystem::remove(path);
}
