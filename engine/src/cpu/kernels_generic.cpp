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
void dot_q8_0(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* b = static_cast<const KBlockQ8_0*>(w);
  for (int t = 0; t < T; ++t) {
    const float* xr = x + t * ldx;
    float s = 0;
    for (int64_t i = 0; i < K / 32; ++i) {
      float bs = 0;
      for (int j = 0; j < 32; ++j) bs += float(b[i].qs[j]) * xr[i * 32 + j];
      s += k_f16_to_f32(b[i].d) * bs;
    }
    out[t] = s;
  }
}
void dot_q4_0(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* b = static_cast<const KBlockQ4_0*>(w);
  for (int t = 0; t < T; ++t) {
    const float* xr = x + t * ldx;
    float s = 0;
    for (int64_t i = 0; i < K / 32; ++i) {
      float bs = 0;
      for (int j = 0; j < 16; ++j)
        bs += float((b[i].qs[j] & 15) - 8) * xr[i * 32 + j] + float((b[i].qs[j] >> 4) - 8) * xr[i * 32 + j + 16];
      s += k_f16_to_f32(b[i].d) * bs;
    }
    out[t] = s;
  }
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
void to_f32_q8_0(const void* w, float* out, int64_t K) {
  auto* b = static_cast<const KBlockQ8_0*>(w);
  for (int64_t i = 0; i < K / 32; ++i) {
    float d = k_f16_to_f32(b[i].d);
    for (int j = 0; j < 32; ++j) out[i * 32 + j] = d * float(b[i].qs[j]);
  }
}
void to_f32_q4_0(const void* w, float* out, int64_t K) {
  auto* b = static_cast<const KBlockQ4_0*>(w);
  for (int64_t i = 0; i < K / 32; ++i) {
    float d = k_f16_to_f32(b[i].d);
    for (int j = 0; j < 16; ++j) {
      out[i * 32 + j] = d * float((b[i].qs[j] & 15) - 8);
      out[i * 32 + j + 16] = d * float((b[i].qs[j] >> 4) - 8);
    }
  }
}

void add(float* y, const float* x, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += x[i];
}
void silu_mul(float* g, const float* u, int64_t n) {
  for (int64_t i = 0; i < n; ++i) g[i] = g[i] / (1.0f + expf(-g[i])) * u[i];
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

const RowDotFn kDots[5] = {dot_f32, dot_f16, dot_bf16, dot_q8_0, dot_q4_0};

template <int W>
void gemv_by_rows(const uint8_t* w, size_t rb, int64_t n, const float* x, int64_t ldx, int64_t K, int T, float* y, int64_t ldy) {
  gemv_rows_one_by_one(kDots[W], w, rb, n, x, ldx, K, T, y, ldy);
}

float exp_shift_sum(float* x, float m, int64_t n) {
  float s = 0;
  for (int64_t i = 0; i < n; ++i) s += (x[i] = expf(x[i] - m));
  return s;
}

}  // namespace

const KernelTable& kernels_generic() {
  static const KernelTable t = {"generic",
                                {dot_f32, dot_f16, dot_bf16, dot_q8_0, dot_q4_0},
                                {gemv_by_rows<0>, gemv_by_rows<1>, gemv_by_rows<2>, gemv_by_rows<3>, gemv_by_rows<4>},
                                {to_f32_f32, to_f32_f16, to_f32_bf16, to_f32_q8_0, to_f32_q4_0},
                                add,
                                silu_mul,
                                sum_squares,
                                scale_mul,
                                dot_vec,
                                axpy,
                                exp_shift_sum};
  return t;
}

}  // namespace dsw::cpu
