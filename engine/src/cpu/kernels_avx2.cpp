// AVX2 + FMA + F16C kernels (compiled with -mavx2 -mfma -mf16c; see engine/CMakeLists.txt).
#include "cpu/kernels.h"

#include <immintrin.h>
#include <math.h>

namespace dsw::cpu {
namespace {
#include "cpu/kernels_impl.inc"

inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}
inline __m256 load_bf16(const uint16_t* p) {
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))), 16));
}
inline __m256 load_f16(const uint16_t* p) { return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }

template <int T, class Load, class Scalar>
inline void dot_plain(Load load, Scalar scalar, const float* x, int64_t ldx, int64_t K, float* out) {
  __m256 acc[T][2];
  for (int t = 0; t < T; ++t) acc[t][0] = acc[t][1] = _mm256_setzero_ps();
  int64_t k = 0;
  for (; k + 16 <= K; k += 16) {
    __m256 w0 = load(k), w1 = load(k + 8);
    for (int t = 0; t < T; ++t) {
      acc[t][0] = _mm256_fmadd_ps(w0, _mm256_loadu_ps(x + t * ldx + k), acc[t][0]);
      acc[t][1] = _mm256_fmadd_ps(w1, _mm256_loadu_ps(x + t * ldx + k + 8), acc[t][1]);
    }
  }
  for (int t = 0; t < T; ++t) {
    float s = hsum(_mm256_add_ps(acc[t][0], acc[t][1]));
    for (int64_t j = k; j < K; ++j) s += scalar(j) * x[t * ldx + j];
    out[t] = s;
  }
}

template <class Load, class Scalar>
inline void dot_dispatch(Load load, Scalar scalar, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  switch (T) {
    case 1: dot_plain<1>(load, scalar, x, ldx, K, out); break;
    case 2: dot_plain<2>(load, scalar, x, ldx, K, out); break;
    case 3: dot_plain<3>(load, scalar, x, ldx, K, out); break;
    case 4: dot_plain<4>(load, scalar, x, ldx, K, out); break;
    default:
      for (int t = 0; t < T; t += 4) dot_dispatch(load, scalar, x + t * ldx, ldx, K, T - t < 4 ? T - t : 4, out + t);
  }
}

void dot_f32(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* p = static_cast<const float*>(w);
  dot_dispatch([p](int64_t k) { return _mm256_loadu_ps(p + k); }, [p](int64_t k) { return p[k]; }, x, ldx, K, T, out);
}
void dot_f16(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* p = static_cast<const uint16_t*>(w);
  dot_dispatch([p](int64_t k) { return load_f16(p + k); }, [p](int64_t k) { return k_f16_to_f32(p[k]); }, x, ldx, K, T, out);
}
void dot_bf16(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* p = static_cast<const uint16_t*>(w);
  dot_dispatch([p](int64_t k) { return load_bf16(p + k); }, [p](int64_t k) { return k_bf16_to_f32(p[k]); }, x, ldx, K, T, out);
}

void to_f32_f32(const void* w, float* out, int64_t K) {
  auto* p = static_cast<const float*>(w);
  for (int64_t k = 0; k < K; ++k) out[k] = p[k];
}
void to_f32_f16(const void* w, float* out, int64_t K) {
  auto* p = static_cast<const uint16_t*>(w);
  int64_t k = 0;
  for (; k + 8 <= K; k += 8) _mm256_storeu_ps(out + k, load_f16(p + k));
  for (; k < K; ++k) out[k] = k_f16_to_f32(p[k]);
}
void to_f32_bf16(const void* w, float* out, int64_t K) {
  auto* p = static_cast<const uint16_t*>(w);
  int64_t k = 0;
  for (; k + 8 <= K; k += 8) _mm256_storeu_ps(out + k, load_bf16(p + k));
  for (; k < K; ++k) out[k] = k_bf16_to_f32(p[k]);
}
void add(float* y, const float* x, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_add_ps(_mm256_loadu_ps(y + i), _mm256_loadu_ps(x + i)));
  for (; i < n; ++i) y[i] += x[i];
}

inline __m256 exp256(__m256 x) {
  x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.0f)), _mm256_set1_ps(88.0f));
  __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500E-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507E-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073E-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894E-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459E-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201E-1f));
  __m256 y = _mm256_fmadd_ps(_mm256_mul_ps(p, r), r, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  // 2^n: n is in [-126, 127] after the clamp, so it fits the exponent field directly.
  __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(y, _mm256_castsi256_ps(e));
}

void silu_mul(float* g, const float* u, int64_t n) {
  int64_t i = 0;
  const __m256 one = _mm256_set1_ps(1.0f);
  for (; i + 8 <= n; i += 8) {
    __m256 x = _mm256_loadu_ps(g + i);
    __m256 s = _mm256_div_ps(x, _mm256_add_ps(one, exp256(_mm256_sub_ps(_mm256_setzero_ps(), x))));
    _mm256_storeu_ps(g + i, _mm256_mul_ps(s, _mm256_loadu_ps(u + i)));
  }
  for (; i < n; ++i) g[i] = g[i] / (1.0f + expf(-g[i])) * u[i];
}

void silu_mul_backward(const float* a, const float* b, const float* dh, float* da, float* db, int64_t n) {
  int64_t i = 0;
  const __m256 one = _mm256_set1_ps(1.0f);
  for (; i + 8 <= n; i += 8) {
    const __m256 x = _mm256_loadu_ps(a + i), g = _mm256_loadu_ps(dh + i);
    // exp256 clamps its argument, so σ stays finite (≈ 0) for large negative x.
    const __m256 s = _mm256_div_ps(one, _mm256_add_ps(one, exp256(_mm256_sub_ps(_mm256_setzero_ps(), x))));
    const __m256 t = _mm256_add_ps(one, _mm256_mul_ps(x, _mm256_sub_ps(one, s)));
    _mm256_storeu_ps(da + i, _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(g, _mm256_loadu_ps(b + i)), s), t));
    _mm256_storeu_ps(db + i, _mm256_mul_ps(_mm256_mul_ps(g, x), s));
  }
  for (; i < n; ++i) {
    const float x = a[i];
    // exp(-x) overflows to inf for x < -88: σ -> 0 and silu' -> 0 without NaN.
    const float s = 1.0f / (1.0f + expf(-x));
    da[i] = dh[i] * b[i] * s * (1.0f + x * (1.0f - s));
    db[i] = dh[i] * x * s;
  }
}

float sum_squares(const float* x, int64_t n) {
  __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m256 v0 = _mm256_loadu_ps(x + i), v1 = _mm256_loadu_ps(x + i + 8);
    a0 = _mm256_fmadd_ps(v0, v0, a0);
    a1 = _mm256_fmadd_ps(v1, v1, a1);
  }
  float s = hsum(_mm256_add_ps(a0, a1));
  for (; i < n; ++i) s += x[i] * x[i];
  return s;
}

double sum_squares_f64(const float* x, int64_t n) {
  __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i), sq = _mm256_mul_ps(v, v);
    a0 = _mm256_add_pd(a0, _mm256_cvtps_pd(_mm256_castps256_ps128(sq)));
    a1 = _mm256_add_pd(a1, _mm256_cvtps_pd(_mm256_extractf128_ps(sq, 1)));
  }
  alignas(32) double t[4];
  _mm256_store_pd(t, _mm256_add_pd(a0, a1));
  double s = (t[0] + t[1]) + (t[2] + t[3]);
  for (; i < n; ++i) s += double(x[i] * x[i]);
  return s;
}

void scale_mul(const float* x, float s, const float* w, float* y, int64_t n) {
  int64_t i = 0;
  __m256 vs = _mm256_set1_ps(s);
  for (; i + 8 <= n; i += 8)
    _mm256_storeu_ps(y + i, _mm256_mul_ps(_mm256_loadu_ps(w + i), _mm256_mul_ps(_mm256_loadu_ps(x + i), vs)));
  for (; i < n; ++i) y[i] = w[i] * (x[i] * s);
}

float dot_vec(const float* a, const float* b, int64_t n) {
  float out;
  dot_f32(a, b, 0, n, 1, &out);
  return out;
}

void axpy(float a, const float* x, float* y, int64_t n) {
  int64_t i = 0;
  __m256 va = _mm256_set1_ps(a);
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
  for (; i < n; ++i) y[i] += a * x[i];
}

const RowDotFn kDots[3] = {dot_f32, dot_f16, dot_bf16};

template <int W>
void gemv_by_rows(const uint8_t* w, size_t rb, int64_t n, const void* act, size_t act_ld, int64_t K, int T, float* y, int64_t ldy) {
  gemv_rows_one_by_one(kDots[W], w, rb, n, static_cast<const float*>(act), int64_t(act_ld / sizeof(float)), K, T, y, ldy);
}

float columns_dot(const float* a, int64_t rows, const float* m, int64_t ld, int64_t n, float* out) {
  __m256 best = _mm256_set1_ps(-__builtin_huge_valf());
  int64_t j = 0;
  for (; j + 32 <= n; j += 32) {  // four independent accumulators hide the FMA latency
    __m256 c0 = _mm256_setzero_ps(), c1 = _mm256_setzero_ps(), c2 = _mm256_setzero_ps(), c3 = _mm256_setzero_ps();
    for (int64_t r = 0; r < rows; ++r) {
      const float* mr = m + r * ld + j;
      const __m256 ar = _mm256_set1_ps(a[r]);
      c0 = _mm256_fmadd_ps(ar, _mm256_loadu_ps(mr), c0);
      c1 = _mm256_fmadd_ps(ar, _mm256_loadu_ps(mr + 8), c1);
      c2 = _mm256_fmadd_ps(ar, _mm256_loadu_ps(mr + 16), c2);
      c3 = _mm256_fmadd_ps(ar, _mm256_loadu_ps(mr + 24), c3);
    }
    _mm256_storeu_ps(out + j, c0);
    _mm256_storeu_ps(out + j + 8, c1);
    _mm256_storeu_ps(out + j + 16, c2);
    _mm256_storeu_ps(out + j + 24, c3);
    best = _mm256_max_ps(best, _mm256_max_ps(_mm256_max_ps(c0, c1), _mm256_max_ps(c2, c3)));
  }
  for (; j + 8 <= n; j += 8) {
    __m256 c = _mm256_setzero_ps();
    for (int64_t r = 0; r < rows; ++r) c = _mm256_fmadd_ps(_mm256_set1_ps(a[r]), _mm256_loadu_ps(m + r * ld + j), c);
    _mm256_storeu_ps(out + j, c);
    best = _mm256_max_ps(best, c);
  }
  float lanes[8];
  _mm256_storeu_ps(lanes, best);
  float b = lanes[0];
  for (int l = 1; l < 8; ++l) b = lanes[l] > b ? lanes[l] : b;
  for (; j < n; ++j) {
    float s = 0;
    for (int64_t r = 0; r < rows; ++r) s += a[r] * m[r * ld + j];
    out[j] = s;
    b = s > b ? s : b;
  }
  return b;
}

void rows_dot(const float* p, int64_t n, const float* m, int64_t ld, int64_t rows, float* out) {
  int64_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float *m0 = m + r * ld, *m1 = m0 + ld, *m2 = m1 + ld, *m3 = m2 + ld;
    __m256 c0 = _mm256_setzero_ps(), c1 = _mm256_setzero_ps(), c2 = _mm256_setzero_ps(), c3 = _mm256_setzero_ps();
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
      const __m256 pv = _mm256_loadu_ps(p + j);
      c0 = _mm256_fmadd_ps(pv, _mm256_loadu_ps(m0 + j), c0);
      c1 = _mm256_fmadd_ps(pv, _mm256_loadu_ps(m1 + j), c1);
      c2 = _mm256_fmadd_ps(pv, _mm256_loadu_ps(m2 + j), c2);
      c3 = _mm256_fmadd_ps(pv, _mm256_loadu_ps(m3 + j), c3);
    }
    float s0 = hsum(c0), s1 = hsum(c1), s2 = hsum(c2), s3 = hsum(c3);
    for (; j < n; ++j) s0 += p[j] * m0[j], s1 += p[j] * m1[j], s2 += p[j] * m2[j], s3 += p[j] * m3[j];
    out[r] = s0, out[r + 1] = s1, out[r + 2] = s2, out[r + 3] = s3;
  }
  for (; r < rows; ++r) out[r] = dot_vec(p, m + r * ld, n);
}

void rank1_add(const float* a, int64_t rows, const float* p, int64_t n, float* m, int64_t ld) {
  for (int64_t r = 0; r < rows; ++r) axpy(a[r], p, m + r * ld, n);
}

void softmax_backward(const float* p, float c, float* x, int64_t n) {
  int64_t j = 0;
  const __m256 vc = _mm256_set1_ps(c), tiny = _mm256_set1_ps(0x1p-126f), abs = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  for (; j + 8 <= n; j += 8) {
    const __m256 r = _mm256_mul_ps(_mm256_loadu_ps(p + j), _mm256_sub_ps(_mm256_loadu_ps(x + j), vc));
    _mm256_storeu_ps(x + j, _mm256_and_ps(r, _mm256_cmp_ps(_mm256_and_ps(r, abs), tiny, _CMP_GE_OQ)));
  }
  for (; j < n; ++j) {
    const float r = p[j] * (x[j] - c);
    x[j] = fabsf(r) < 0x1p-126f ? 0.0f : r;
  }
}

float exp_shift_sum_ftz(float* x, float m, int64_t n) {
  int64_t i = 0;
  const __m256 vm = _mm256_set1_ps(m), lo = _mm256_set1_ps(kExpFlushBelow);
  __m256 acc = _mm256_setzero_ps();
  for (; i + 8 <= n; i += 8) {
    const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), vm);
    // exp of the clamped argument stays normal; the lanes below the bound are then zeroed.
    const __m256 e = _mm256_and_ps(exp256(_mm256_max_ps(d, lo)), _mm256_cmp_ps(d, lo, _CMP_GE_OQ));
    _mm256_storeu_ps(x + i, e);
    acc = _mm256_add_ps(acc, e);
  }
  float s = hsum(acc);
  for (; i < n; ++i) {
    const float d = x[i] - m;
    s += (x[i] = d >= kExpFlushBelow ? expf(d) : 0.0f);
  }
  return s;
}

// The blocked forms repeat the one-row kernels (no AVX2-specific blocking yet).
void rows_dot_k(const float* p, int64_t ldp, int64_t k, int64_t n, const float* m, int64_t ld, int64_t rows, float* out, int64_t ldo) {
  for (int64_t i = 0; i < k; ++i) rows_dot(p + i * ldp, n, m, ld, rows, out + i * ldo);
}

void rankk_add(const float* a, int64_t lda, int64_t k, int64_t rows, const float* p, int64_t ldp, int64_t n, float* m, int64_t ld) {
  for (int64_t i = 0; i < k; ++i) rank1_add(a + i * lda, rows, p + i * ldp, n, m, ld);
}

float exp_shift_sum(float* x, float m, int64_t n) {
  int64_t i = 0;
  __m256 acc = _mm256_setzero_ps(), vm = _mm256_set1_ps(m);
  for (; i + 8 <= n; i += 8) {
    __m256 e = exp256(_mm256_sub_ps(_mm256_loadu_ps(x + i), vm));
    _mm256_storeu_ps(x + i, e);
    acc = _mm256_add_ps(acc, e);
  }
  float s = hsum(acc);
  for (; i < n; ++i) s += (x[i] = expf(x[i] - m));
  return s;
}

double exp_shift_sum_f64(float* x, float m, int64_t n) {
  int64_t i = 0;
  const __m256 vm = _mm256_set1_ps(m);
  double s = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 e = exp256(_mm256_sub_ps(_mm256_loadu_ps(x + i), vm));
    _mm256_storeu_ps(x + i, e);
    s += double(hsum(e));
  }
  for (; i < n; ++i) s += double(x[i] = expf(x[i] - m));
  return s;
}

}  // namespace

// Quantised rows (kernels_avx2_quant.cpp).
void fill_avx2_quant_rows(GemvRowsFn* gemv, RowToF32Fn* to_f32, QuantizeActFn* quantize);

const KernelTable* kernels_avx2() {
  static const KernelTable t = [] {
    KernelTable k = {};
    k.isa = "avx2";
    const RowDotFn dots[3] = {dot_f32, dot_f16, dot_bf16};
    const GemvRowsFn gemvs[3] = {gemv_by_rows<0>, gemv_by_rows<1>, gemv_by_rows<2>};
    const RowToF32Fn convs[3] = {to_f32_f32, to_f32_f16, to_f32_bf16};
    for (int i = 0; i < kWTypes; ++i) {
      k.dot[i] = i < 3 ? dots[i] : kGenericQuantDot[i];
      k.gemv[i] = i < 3 ? gemvs[i] : kGenericQuantGemv[i];
      k.to_f32[i] = i < 3 ? convs[i] : kGenericQuantToF32[i];
    }
    k.quantize_act = quantize_act_generic;
    fill_avx2_quant_rows(k.gemv, k.to_f32, &k.quantize_act);
    k.add = add;
    k.silu_mul = silu_mul;
    k.silu_mul_backward = silu_mul_backward;
    k.sum_squares = sum_squares;
    k.sum_squares_f64 = sum_squares_f64;
    k.scale_mul = scale_mul;
    k.dot_f32 = dot_vec;
    k.axpy = axpy;
    k.exp_shift_sum = exp_shift_sum;
    k.exp_shift_sum_f64 = exp_shift_sum_f64;
    k.columns_dot = columns_dot;
    k.rows_dot = rows_dot;
    k.rank1_add = rank1_add;
    k.softmax_backward = softmax_backward;
    k.exp_shift_sum_ftz = exp_shift_sum_ftz;
    k.rows_dot_k = rows_dot_k;
    k.rankk_add = rankk_add;
    return k;
  }();
  return &t;
}

}  // namespace dsw::cpu
