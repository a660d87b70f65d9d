#include "packed_gemv_check.h"

#include "check.h"
#include "random_tensor.h"

#include <dsw/thread_pool.h>

#include "compute/stored_weight.h"
#include "cpu/matmul.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace dsw::test {

using namespace dsw::cpu;

double abs_dot(const float* w, const float* x, int64_t K) {
  double s = 0;
  for (int64_t k = 0; k < K; ++k) s += std::fabs(double(w[k]) * double(x[k]));
  return s;
}

double act_bound(const float* w, const float* x, int64_t K, int block, double slack) {
  double bound = 0;
  for (int64_t b = 0; b < K / block; ++b) {
    float amax = 0;
    double sw = 0;
    for (int j = 0; j < block; ++j) amax = std::max(amax, std::fabs(x[b * block + j])), sw += std::fabs(w[b * block + j]);
    bound += sw * double(amax) / 127.0 / 2.0;
  }
  return slack * bound;
}

int check_packed_gemv(const PackedGemvCase& c, int T) {
  const KernelTable* tables[4];
  const int n_tables = available_kernel_tables(tables, 4);
  const KernelTable& ref = kernels_generic();
  const int t = int(c.type);
  const int64_t rows = c.rows, K = c.K;
  std::vector<float> y_ref(size_t(T * rows)), y_unpacked(size_t(T * rows));
  gemv_packed_generic(c.type, c.packed.group(0), c.packed.group_bytes, rows, c.act, c.stride, K, T, y_ref.data(), rows);
  ref.gemv[t](c.w, c.row_bytes, rows, c.act, c.stride, K, T, y_unpacked.data(), rows);
  for (int64_t r = 0; r < rows; ++r)
    for (int i = 0; i < T; ++i) {
      const float* wr = c.wf + r * K;
      const float* xi = c.x + i * K;
      const double scale = abs_dot(wr, xi, K) + 1e-3, got = y_ref[size_t(i * rows + r)];
      CHECK(std::fabs(got - y_unpacked[size_t(i * rows + r)]) <= 2e-6 * scale);
      double exact = 0;
      for (int64_t k = 0; k < K; ++k) exact += double(wr[k]) * double(xi[k]);
      CHECK(std::fabs(got - exact) <= act_bound(wr, xi, K, c.act_block, c.bound_slack) + 1e-5 * scale);
    }
  int compared = 0;
  for (int ti = 0; ti < n_tables; ++ti) {
    const KernelTable& kt = *tables[ti];
    if (!kt.gemv_packed[t]) continue;
    ++compared;
    for (int64_t g0 : {int64_t(0), int64_t(1)}) {
      if (16 * g0 >= rows) continue;
      const int64_t n = rows - 16 * g0;
      std::vector<float> y(size_t(T * n), NAN);
      kt.gemv_packed[t](c.packed.group(g0), c.packed.group_bytes, n, c.act, c.stride, K, T, y.data(), n);
      double worst = 0;
      for (int64_t r = 0; r < n; ++r)
        for (int i = 0; i < T; ++i) {
          const double scale = abs_dot(c.wf + (16 * g0 + r) * K, c.x + i * K, K) + 1e-3;
          worst = std::max(worst, std::fabs(double(y[size_t(i * n + r)]) - y_ref[size_t(i * rows + 16 * g0 + r)]) / scale);
        }
      if (!(worst < 2e-6))
        std::printf("    %s rows=%lld K=%lld T=%d from group %lld on %s: worst relative difference %.2e\n",
                    kWTypeGeometry[t].name, (long long)rows, (long long)K, T, (long long)g0, kt.isa, worst);
      CHECK(worst < 2e-6);
    }
  }
  return compared;
}

SourceRows::SourceRows(cpu::WType t, int64_t r, int64_t k, std::vector<uint8_t> bytes) : rows(r), K(k), w(std::move(bytes)) {
  rb = w.size() / size_t(rows);
  wf.resize(size_t(rows * K));
  for (int64_t i = 0; i < rows; ++i) kernels_generic().to_f32[int(t)](w.data() + i * rb, wf.data() + i * K, K);
}

void check_packed_dequantises(cpu::WType t, const SourceRows& c, int64_t group_bytes) {
  const int64_t rows = c.rows, K = c.K;
  auto p = pack_weight(t, c.w.data(), c.rb, rows, K);
  CHECK(p->group_bytes == group_bytes);
  CHECK(p->bytes == uint64_t((rows + 15) / 16 * group_bytes));
  CHECK(reinterpret_cast<uintptr_t>(p->data.get()) % 64 == 0);
  std::vector<float> got(size_t(rows * K), NAN);
  packed_rows_to_f32(*p, 0, rows, got.data());
  CHECK(std::memcmp(got.data(), c.wf.data(), got.size() * sizeof(float)) == 0);
  if (rows > 3) {
    std::vector<float> part(size_t(2 * K));
    packed_rows_to_f32(*p, rows - 3, 2, part.data());
    CHECK(std::memcmp(part.data(), c.wf.data() + (rows - 3) * K, part.size() * sizeof(float)) == 0);
  }
}

int check_packed_gemv_1_to_8(cpu::WType t, const SourceRows& c, const std::vector<float>& x, int act_block, double slack) {
  auto p = pack_weight(t, c.w.data(), c.rb, c.rows, c.K);
  const size_t stride = size_t(act_q8_row_bytes(c.K));
  std::vector<uint8_t> act(8 * stride, 0);
  kernels_generic().quantize_act(x.data(), c.K, c.K, 8, wtype_act_style(t), act.data(), stride);
  int compared = 0;
  for (int T = 1; T <= 8; ++T)
    compared += check_packed_gemv({t, *p, c.w.data(), c.rb, c.wf.data(), c.rows, c.K, x.data(), act.data(), stride, act_block, slack}, T);
  return compared;
}

int check_matmul_on_packed(const PackedMatmulCase& c, std::initializer_list<int64_t> Ts) {
  const int64_t N = c.rows, K = c.K;
  StoredWeight w;
  w.w = Tensor::host(c.dtype, {N, K});
  std::memcpy(w.w.data(), c.w, size_t(N) * c.row_bytes);
  w.rows = N;
  w.cols = K;
  w.bias = randn(size_t(N), 5);
  if (cpu::pack_for_cpu(w) == 0) return 0;
  REQUIRE(w.packed != nullptr && w.packed->type == c.type);
  const StoredWeight from_group = w.rows_view(48, 300), inside = w.rows_view(5, 200);
  CHECK(from_group.packed != nullptr && from_group.packed_row0 == 48);
  CHECK(inside.packed == nullptr);
  const size_t stride = size_t(cpu::act_q8_row_bytes(K));
  const cpu::ActStyle style = cpu::wtype_act_style(c.type);
  int runs = 0;
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    cpu::Matmul mm(pool);
    for (const StoredWeight* v : std::initializer_list<const StoredWeight*>{&w, &from_group, &inside}) {
      const int64_t n = v->rows, first = v == &w ? 0 : v == &from_group ? 48 : 5;
      for (int64_t T : Ts) {
        const auto x = randn(size_t(T * K), uint32_t(T * 3 + n + threads));
        std::vector<float> y(size_t(T * n), NAN);
        mm.run(x.data(), T, K, *v, y.data(), n);
        ++runs;
        // Reference: the portable unpacked GEMV on the source rows, one activation row at a time.
        std::vector<uint8_t> act(size_t(T) * stride, 0);
        cpu::kernels_generic().quantize_act(x.data(), K, K, int(T), style, act.data(), stride);
        double worst = 0;
        std::vector<float> want(static_cast<size_t>(n));
        for (int64_t t = 0; t < T; ++t) {
          cpu::kernels_generic().gemv[int(c.type)](c.w + size_t(first) * c.row_bytes, c.row_bytes, n, act.data() + size_t(t) * stride,
                                                   stride, K, 1, want.data(), n);
          for (int64_t j = 0; j < n; ++j) {
            const double scale = abs_dot(c.wf + (first + j) * K, x.data() + t * K, K) + 1e-3;
            worst = std::max(worst, std::fabs(double(y[size_t(t * n + j)]) - (double(want[size_t(j)]) + v->bias[size_t(j)])) / scale);
          }
        }
        const double tol = v == &inside && T > 8 ? 1e-4 : 2e-6;
        if (!(worst < tol))
          std::printf("    %s view rows=%lld first=%lld T=%lld threads=%d: worst relative difference %.2e\n",
                      cpu::kWTypeGeometry[int(c.type)].name, (long long)n, (long long)first, (long long)T, threads, worst);
        CHECK(worst < tol);
        if (v == &inside || T == 1) continue;
        int differ = 0;  // rows that differ in any bit from the row alone
        std::vector<float> alone(static_cast<size_t>(n));
        for (int64_t t = 0; t < T; ++t) {
          mm.run(x.data() + t * K, 1, K, *v, alone.data(), n);
          differ += std::memcmp(alone.data(), y.data() + t * n, size_t(n) * sizeof(float)) != 0;
        }
        if (differ)
          std::printf("    %s view rows=%lld T=%lld threads=%d: %d rows differ from the row alone\n", cpu::kWTypeGeometry[int(c.type)].name,
                      (long long)n, (long long)T, threads, differ);
        CHECK(differ == 0);
      }
    }
  }
  return runs;
}

}  // namespace dsw::test
