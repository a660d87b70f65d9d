// GPTQ: damping, the inverse-Hessian factor, the blocked column-by-column solve.
#include "quant/gptq.h"

#include "core/error.h"
#include "cpu/blas.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dsw::quant {
namespace {

// Upper Cholesky factor of the inverse of A (n × n symmetric positive definite, destroyed):
// A = L·Lᵀ, A⁻¹ from L, then A⁻¹ = Uᵀ·U. Returns false when A is not positive definite.
bool inverse_upper_factor(std::vector<float>& a, int64_t n, std::vector<float>& u) {
  const int ni = int(n);
  // Symmetric, so row- and column-major agree; LAPACK sees column-major.
  if (cpu::blas::spotrf('L', ni, a.data(), ni) != 0) return false;
  if (cpu::blas::spotri('L', ni, a.data(), ni) != 0) return false;
  // spotri left A⁻¹ in the lower triangle (column-major: element (i, j), i >= j, at i + j·n).
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = j + 1; i < n; ++i) a[size_t(j + i * n)] = a[size_t(i + j * n)];
  if (cpu::blas::spotrf('U', ni, a.data(), ni) != 0) return false;
  // Column-major upper (i <= j) at i + j·n -> row-major u[i][j].
  u.assign(size_t(n * n), 0.0f);
  for (int64_t j = 0; j < n; ++j)
    for (int64_t i = 0; i <= j; ++i) u[size_t(i * n + j)] = a[size_t(i + j * n)];
  return true;
}

}  // namespace

GptqFactor gptq_factor(const float* H, int64_t n, const GptqOptions& o) {
  GptqFactor f;
  f.n = n;
  f.perm.resize(size_t(n));
  std::iota(f.perm.begin(), f.perm.end(), 0);
  std::vector<float> diag(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) diag[size_t(i)] = H[i * n + i];
  if (o.act_order)
    std::stable_sort(f.perm.begin(), f.perm.end(), [&](int64_t a, int64_t b) { return diag[size_t(a)] > diag[size_t(b)]; });
  std::vector<float> base(static_cast<size_t>(n * n));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) base[size_t(i * n + j)] = H[f.perm[size_t(i)] * n + f.perm[size_t(j)]];
  double mean = 0;
  for (int64_t i = 0; i < n; ++i) {
    float& d = base[size_t(i * n + i)];
    if (d == 0) {
      d = 1;
      ++f.dead_columns;
    }
    mean += d;
  }
  mean /= double(n);
  std::vector<float> a;
  for (double damp = o.damp; damp <= 1.0 + 1e-9; damp *= 10) {
    a = base;
    for (int64_t i = 0; i < n; ++i) a[size_t(i * n + i)] += float(damp * mean);
    if (inverse_upper_factor(a, n, f.u)) {
      f.damp_used = damp;
      return f;
    }
  }
  fail_invalid("the calibration Hessian is not positive definite even with damping 1.0");
}

void gptq_quantize(const Codec& codec, const float* W, int64_t rows, const GptqFactor& f, const GptqOptions& o, ThreadPool& pool,
                   uint8_t* out, float* deq) {
  const int64_t n = f.n, g = codec.group(), per_group = g / codec.sub(), n_groups = n / g;
  if (codec.row_length() != n) fail_internal("gptq: codec row length differs from the Hessian");
  const int64_t B = std::max<int64_t>(1, o.block);
  const float* U = f.u.data();
  const bool static_groups = o.act_order;

  pool.parallel_for(rows, [&](int64_t r0, int64_t r1, int) {
    const int64_t R = r1 - r0;
    // This thread's rows, columns in processing order.
    std::vector<float> w(static_cast<size_t>(R * n)), err(size_t(R * B));
    std::vector<SubParams> params(static_cast<size_t>(R * n_groups * per_group));
    std::vector<uint8_t> codes(static_cast<size_t>(R * n));
    for (int64_t r = 0; r < R; ++r) {
      const float* src = W + (r0 + r) * n;
      for (int64_t c = 0; c < n; ++c) w[size_t(r * n + c)] = src[f.perm[size_t(c)]];
      if (static_groups)
        for (int64_t k = 0; k < n_groups; ++k) codec.fit(src, k * g, params.data() + (r * n_groups + k) * per_group);
    }
    std::vector<float> orig_row(static_groups ? 0 : size_t(n));
    for (int64_t i1 = 0; i1 < n; i1 += B) {
      const int64_t i2 = std::min(i1 + B, n), bs = i2 - i1;
      for (int64_t c = i1; c < i2; ++c) {
        const int64_t oc = f.perm[size_t(c)];  // original column
        const float d = U[c * n + c];
        const float* urow = U + c * n;
        for (int64_t r = 0; r < R; ++r) {
          float* wr = w.data() + r * n;
          SubParams* pr = params.data() + r * n_groups * per_group;
          if (!static_groups && c % g == 0) {
            // Dynamic groups (no permutation): fit on the current, error-updated columns.
            codec.fit(wr, c, pr + (c / g) * per_group);
          }
          const SubParams& p = pr[(oc / g) * per_group + (oc % g) / codec.sub()];
          const float x = wr[c];
          const int u = codec.code(x, p);
          codes[size_t(r * n + oc)] = uint8_t(u);
          const float e = (x - codec.value(u, p)) / d;
          for (int64_t j = c + 1; j < i2; ++j) wr[j] -= e * urow[j];
          err[size_t(r * B + (c - i1))] = e;
        }
      }
      if (i2 < n)  // W[:, i2:] -= E · U[i1:i2, i2:]
        cpu::blas::sgemm(cpu::blas::no_trans, cpu::blas::no_trans, int(R), int(n - i2), int(bs), -1.0f, err.data(), int(B),
                         U + i1 * n + i2, int(n), 1.0f, w.data() + i2, int(n));
    }
    for (int64_t r = 0; r < R; ++r) {
      const SubParams* pr = params.data() + r * n_groups * per_group;
      codec.pack_row(codes.data() + r * n, pr, out + uint64_t(r0 + r) * codec.row_bytes());
      if (deq)
        for (int64_t c = 0; c < n; ++c)
          deq[(r0 + r) * n + c] = codec.value(codes[size_t(r * n + c)], pr[(c / g) * per_group + (c % g) / codec.sub()]);
    }
  });
}

std::pair<double, double> output_error_energy(const float* W, const float* Wq, int64_t rows, int64_t n, const float* H,
                                              ThreadPool& pool) {
  std::vector<double> err(size_t(pool.size()), 0.0), ref(size_t(pool.size()), 0.0);
  pool.parallel_for(rows, [&](int64_t a0, int64_t a1, int tid) {
    constexpr int64_t kRows = 128;  // rows per sgemm, bounding the buffers
    std::vector<float> m(static_cast<size_t>(2 * kRows * n)), hm(size_t(2 * kRows * n));
    for (int64_t r0 = a0; r0 < a1; r0 += kRows) {
      const int64_t R = std::min(kRows, a1 - r0);
      for (int64_t r = 0; r < R; ++r)
        for (int64_t c = 0; c < n; ++c) {
          const float w = W[(r0 + r) * n + c];
          m[size_t(r * n + c)] = w - Wq[(r0 + r) * n + c];
          m[size_t((R + r) * n + c)] = w;
        }
      cpu::blas::sgemm(cpu::blas::no_trans, cpu::blas::no_trans, int(2 * R), int(n), int(n), 1.0f, m.data(), int(n), H, int(n),
                       0.0f, hm.data(), int(n));
      double e = 0, f = 0;
      for (int64_t i = 0; i < R * n; ++i) e += double(m[size_t(i)]) * hm[size_t(i)];
      for (int64_t i = R * n; i < 2 * R * n; ++i) f += double(m[size_t(i)]) * hm[size_t(i)];
      err[size_t(tid)] += e;
      ref[size_t(tid)] += f;
    }
  }, 16);
  return {std::accumulate(err.begin(), err.end(), 0.0), std::accumulate(ref.begin(), ref.end(), 0.0)};
}

}  // namespace dsw::quant
