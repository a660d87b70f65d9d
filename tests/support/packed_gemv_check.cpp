#include "packed_gemv_check.h"

#include "check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
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

int rows_differing_from_alone(cpu::Matmul& mm, const float* x, int64_t T, int64_t K, const StoredWeight& w, const float* y) {
  const int64_t n = w.rows;
  std::vector<float> alone(static_cast<size_t>(n));
  int differ = 0;
  for (int64_t i = 0; i < T; ++i) {
    mm.run(x + i * K, 1, K, w, alone.data(), n);
    differ += std::memcmp(alone.data(), y + i * n, size_t(n) * sizeof(float)) != 0;
  }
  return differ;
}

}  // namespace dsw::test
