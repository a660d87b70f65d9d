// Portable kernels (any x86-64 or other CPU); also the reference the SIMD variants are tested against.
#include "cpu/kernels.h"

#include <math.h>

namespace dsw::cpu {
namespace {
#include "cpu/kernels_impl.inc"

template <class Load>
void dot_rows(const Load& load, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  for (int t = 0; t < T; ++t) {
    const float* xr = x + t * ldx;
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t k = 0;
    for (; k + 8 <= K; k += 8)
      for (int j = 0; j < 8; ++j) acc[j] += load(k + j) * xr[k + j];
    float s = 0;
    for (; k < K; ++k) s += load(k) * xr[k];
    for (int j = 0; j < 8; ++j) s += acc[j];
    out[t] = s;
  }
}

void dot_f32(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* p = static_cast<const float*>(w);
  dot_rows([p](int64_t k) { return p[k]; }, x, ldx, K, T, out);
}
void dot_f16(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* p = static_cast<const uint16_t*>(w);
  dot_rows([p](int64_t k) { return k_f16_to_f32(p[k]); }, x, ldx, K, T, out);
}
void dot_bf16(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* p = static_cast<const uint16_t*>(w);
  dot_rows([p](int64_t k) { return k_bf16_to_f32(p[k]); }, x, ldx, K, T, out);
}
void to_f32_f32(const void* w, float* out, int64_t K) {
  auto* p = static_cast<const float*>(w);
  for (int64_t k = 0; k < K; ++k) out[k] = p[k];
}
void to_f32_f16(const void* w, float* out, int64_t K) {
  auto* p = static_cast<const uint16_t*>(w);
  for (int64_t k = 0; k < K; ++k) out[k] = k_f16_to_f32(p[k]);
}
void to_f32_bf16(const void* w, float* out, int64_t K) {
  auto* p = static_cast<const uint16_t*>(w);
  for (int64_t k = 0; k < K; ++k) out[k] = k_bf16_to_f32(p[k]);
}
void add(float* y, const float* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += x[i];
}
void silu_mul(float* g, const float* u, int64_t n) {
  for (int64_t i = 0; i < n; ++i) g[i] = g[i] / (1.0f + expf(-g[i])) * u[i];
}

void silu_mul_backward(const float* a, const float* b, const float* dh, float* da, float* db, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float x = a[i];
    // exp(-x) overflows to inf for x < -88: σ -> 0 and silu' -> 0 without NaN.
    const float s = 1.0f / (1.0f + expf(-x));
    da[i] = dh[i] * b[i] * s * (1.0f + x * (1.0f - s));
    db[i] = dh[i] * x * s;
  }
}
float sum_squares(const float* x, int64_t n) {
  // Eight partial sums in double-free fp32, like the SIMD variants, so results agree closely.
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int j = 0; j < 8; ++j) acc[j] += x[i + j] * x[i + j];
  float s = 0;
  for (; i < n; ++i) s += x[i] * x[i];
  for (int j = 0; j < 8; ++j) s += acc[j];
  return s;
}
double sum_squares_f64(const float* x, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += double(x[i] * x[i]);
  return s;
}
void scale_mul(const float* x, float s, const float* w, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = w[i] * (x[i] * s);
}
float dot_vec(const float* a, const float* b, int64_t n) {
  float out;
  dot_rows([a](int64_t k) { return a[k]; }, b, 0, n, 1, &out);
  return out;
}
void axpy(float a, const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += a * x[i];
}

const RowDotFn kDots[3] = {dot_f32, dot_f16, dot_bf16};

template <int W>
void gemv_by_rows(const uint8_t* w, size_t rb, int64_t n, const void* act, size_t act_ld, int64_t K, int T, float* y, int64_t ldy) {
  gemv_rows_one_by_one(kDots[W], w, rb, n, static_cast<const float*>(act), int64_t(act_ld / sizeof(float)), K, T, y, ldy);
}

float exp_shift_sum(float* x, float m, int64_t n) {
  float s = 0;
  for (int64_t i = 0; i < n; ++i) s += (x[i] = expf(x[i] - m));
  return s;
}
double exp_shift_sum_f64(float* x, float m, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += double(x[i] = expf(x[i] - m));
  return s;
}

float columns_dot(const float* a, int64_t rows, const float* m, int64_t ld, int64_t n, float* out) {
  for (int64_t j = 0; j < n; ++j) out[j] = 0;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < n; ++j) out[j] += a[r] * m[r * ld + j];
  float best = -__builtin_huge_valf();
  for (int64_t j = 0; j < n; ++j) best = out[j] > best ? out[j] : best;
  return best;
}

void rows_dot(const float* p, int64_t n, const float* m, int64_t ld, int64_t rows, float* out) {
  for (int64_t r = 0; r < rows; ++r) {
    float s = 0;
    for (int64_t j = 0; j < n; ++j) s += p[j] * m[r * ld + j];
    out[r] = s;
  }
}

void rank1_add(const float* a, int64_t rows, const float* p, int64_t n, float* m, int64_t ld) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t j = 0; j < n; ++j) m[r * ld + j] += a[r] * p[j];
}

void softmax_backward(const float* p, float c, float* x, int64_t n) {
  for (int64_t j = 0; j < n; ++j) {
    const float r = p[j] * (x[j] - c);
    x[j] = fabsf(r) < 0x1p-126f ? 0.0f : r;
  }
}

float exp_shift_sum_ftz(float* x, float m, int64_t n) {
  float s = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float d = x[i] - m;
    s += (x[i] = d >= kExpFlushBelow ? expf(d) : 0.0f);
  }
  return s;
}

void rows_dot_k(const float* p, int64_t ldp, int64_t k, int64_t n, const float* m, int64_t ld, int64_t rows, float* out, int64_t ldo) {
  for (int64_t i = 0; i < k; ++i) rows_dot(p + i * ldp, n, m, ld, rows, out + i * ldo);
}

void rankk_add(const float* a, int64_t lda, int64_t k, int64_t rows, const float* p, int64_t ldp, int64_t n, float* m, int64_t ld) {
  for (int64_t i = 0; i < k; ++i) rank1_add(a + i * lda, rows, p + i * ldp, n, m, ld);
}

}  // namespace

const KernelTable& kernels_generic() {
  static const KernelTable t = [] {
    KernelTable k = {};
    k.isa = "generic";
    const RowDotFn dots[3] = {dot_f32, dot_f16, dot_bf16};
    const GemvRowsFn gemvs[3] = {gemv_by_rows<0>, gemv_by_rows<1>, gemv_by_rows<2>};
    const RowToF32Fn convs[3] = {to_f32_f32, to_f32_f16, to_f32_bf16};
    for (int i = 0; i < kWTypes; ++i) {
      k.dot[i] = i < 3 ? dots[i] : kGenericQuantDot[i];
      k.gemv[i] = i < 3 ? gemvs[i] : kGenericQuantGemv[i];
      k.to_f32[i] = i < 3 ? convs[i] : kGenericQuantToF32[i];
    }
    k.quantize_act = quantize_act_generic;
    k.add = add;
    k.silu_mul = silu_mul;
    k.silu_mul_backward = silu_mul_backward;
    k.sum_squares = sum_squares;
    k.sum_squares_f64 = sum_squares_f64;
    k.scale_mul = scale_mul;
    k.dot_f32 = dot_vec;
    k.columns_dot = columns_dot;
    k.rows_dot = rows_dot;
    k.rank1_add = rank1_add;
    k.softmax_backward = softmax_backward;
    k.exp_shift_sum_ftz = exp_shift_sum_ftz;
    k.rows_dot_k = rows_dot_k;
    k.rankk_add = rankk_add;
    k.axpy = axpy;
    k.exp_shift_sum = exp_shift_sum;
    k.exp_shift_sum_f64 = exp_shift_sum_f64;
    return k;
  }();
  return t;
}

}  // namespace dsw::cpu
