// AVX-512 kernels (compiled with -mavx512f -mavx512bw -mavx512vl -mfma -mf16c; see engine/CMakeLists.txt).
// Weights are widened to f32 in registers and multiplied with f32 activations: fp32 compute on
// weights kept as stored. Memory-bound decode reads each weight row once for all T activation rows.
#include "cpu/kernels.h"

#include <immintrin.h>
#include <math.h>

namespace dsw::cpu {
namespace {
#include "cpu/kernels_impl.inc"

inline __m512 load_bf16(const uint16_t* p) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))), 16));
}
inline __m512 load_bf16_mask(const uint16_t* p, __mmask16 m) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, p)), 16));
}
inline __m512 load_f16(const uint16_t* p) { return _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))); }
inline __m512 load_f16_mask(const uint16_t* p, __mmask16 m) { return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p)); }
inline __m512 load_f32(const float* p) { return _mm512_loadu_ps(p); }

inline __m512 load_f32_mask(const float* p, __mmask16 m) { return _mm512_maskz_loadu_ps(m, p); }

// Generic 16-wide row dot for plain element types, T rows at once with T a compile-time constant.
template <int T, class Load, class LoadMask>
inline void dot_plain(Load load, LoadMask load_mask, const float* x, int64_t ldx, int64_t K, float* out) {
  __m512 acc[T][2];
  for (int t = 0; t < T; ++t) acc[t][0] = acc[t][1] = _mm512_setzero_ps();
  int64_t k = 0;
  for (; k + 32 <= K; k += 32) {
    __m512 w0 = load(k), w1 = load(k + 16);
    for (int t = 0; t < T; ++t) {
      acc[t][0] = _mm512_fmadd_ps(w0, _mm512_loadu_ps(x + t * ldx + k), acc[t][0]);
      acc[t][1] = _mm512_fmadd_ps(w1, _mm512_loadu_ps(x + t * ldx + k + 16), acc[t][1]);
    }
  }
  for (; k < K; k += 16) {
    int64_t left = K - k;
    __mmask16 m = left >= 16 ? __mmask16(0xffff) : __mmask16((1u << left) - 1);
    __m512 w = load_mask(k, m);
    for (int t = 0; t < T; ++t) acc[t][0] = _mm512_fmadd_ps(w, _mm512_maskz_loadu_ps(m, x + t * ldx + k), acc[t][0]);
  }
  for (int t = 0; t < T; ++t) out[t] = _mm512_reduce_add_ps(_mm512_add_ps(acc[t][0], acc[t][1]));
}

template <class Load, class LoadMask>
inline void dot_plain_dispatch(Load load, LoadMask load_mask, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  switch (T) {
    case 1: dot_plain<1>(load, load_mask, x, ldx, K, out); break;
    case 2: dot_plain<2>(load, load_mask, x, ldx, K, out); break;
    case 3: dot_plain<3>(load, load_mask, x, ldx, K, out); break;
    case 4: dot_plain<4>(load, load_mask, x, ldx, K, out); break;
    case 5: dot_plain<5>(load, load_mask, x, ldx, K, out); break;
    case 6: dot_plain<6>(load, load_mask, x, ldx, K, out); break;
    case 7: dot_plain<7>(load, load_mask, x, ldx, K, out); break;
    default: dot_plain<8>(load, load_mask, x, ldx, K, out); break;
  }
}

void dot_f32(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* p = static_cast<const float*>(w);
  dot_plain_dispatch([p](int64_t k) { return load_f32(p + k); }, [p](int64_t k, __mmask16 m) { return load_f32_mask(p + k, m); },
                     x, ldx, K, T, out);
}
void dot_f16(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* p = static_cast<const uint16_t*>(w);
  dot_plain_dispatch([p](int64_t k) { return load_f16(p + k); }, [p](int64_t k, __mmask16 m) { return load_f16_mask(p + k, m); },
                     x, ldx, K, T, out);
}
void dot_bf16(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  auto* p = static_cast<const uint16_t*>(w);
  dot_plain_dispatch([p](int64_t k) { return load_bf16(p + k); }, [p](int64_t k, __mmask16 m) { return load_bf16_mask(p + k, m); },
                     x, ldx, K, T, out);
}

// Decode: R weight rows per pass against one activation row, prefetching the next R rows (the
// hardware prefetcher stops at page boundaries; a bf16 row of 2048 is exactly one page). More rows
// in flight keep more cache-line misses outstanding: on one Sapphire Rapids core, 4 rows reach
// 13.7-16.3 GB/s of weights, 2 rows 12.2-14.2 GB/s and one row at a time 8 GB/s (same run).
// K must be a multiple of 32 (the caller falls back to one row at a time otherwise).
template <int R, int ESIZE, class Load>
inline void gemv_multi(Load load, const uint8_t* w, size_t rb, const float* x, int64_t K, float* y) {
  __m512 acc[R][2];
  for (int i = 0; i < R; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_ps();
  for (int64_t k = 0; k < K; k += 32) {
    for (int i = 0; i < R; ++i) {
      const char* ahead = reinterpret_cast<const char*>(w + (R + i) * rb) + k * ESIZE;
      _mm_prefetch(ahead, _MM_HINT_T0);
      if constexpr (ESIZE == 4) _mm_prefetch(ahead + 64, _MM_HINT_T0);
    }
    const __m512 x0 = _mm512_loadu_ps(x + k), x1 = _mm512_loadu_ps(x + k + 16);
    for (int i = 0; i < R; ++i) {
      acc[i][0] = _mm512_fmadd_ps(load(w + i * rb, k), x0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(load(w + i * rb, k + 16), x1, acc[i][1]);
    }
  }
  for (int i = 0; i < R; ++i) y[i] = _mm512_reduce_add_ps(_mm512_add_ps(acc[i][0], acc[i][1]));
}

template <int W>
void gemv_rows(const uint8_t* w, size_t rb, int64_t n, const void* act, size_t act_ld, int64_t K, int T, float* y, int64_t ldy) {
  constexpr RowDotFn kDot[3] = {dot_f32, dot_f16, dot_bf16};
  const float* x = static_cast<const float*>(act);
  const int64_t ldx = int64_t(act_ld / sizeof(float));
  {
    if (T == 1 && K % 32 == 0) {
      constexpr int esize = W == 0 ? 4 : 2;
      auto load = [](const uint8_t* row, int64_t k) {
        if constexpr (W == 0) return _mm512_loadu_ps(reinterpret_cast<const float*>(row) + k);
        else if constexpr (W == 1) return load_f16(reinterpret_cast<const uint16_t*>(row) + k);
        else return load_bf16(reinterpret_cast<const uint16_t*>(row) + k);
      };
      int64_t r = 0;
      for (; r + 4 <= n; r += 4) gemv_multi<4, esize>(load, w + r * rb, rb, x, K, &y[r]);
      for (; r < n; ++r) kDot[W](w + r * rb, x, ldx, K, 1, &y[r]);
      return;
    }
  }
  float out[kMaxDotRows];
  for (int64_t r = 0; r < n; ++r) {
    if (r + 1 < n) {
      const char* next = reinterpret_cast<const char*>(w + (r + 1) * rb);
      for (size_t off = 0; off < rb; off += 256) _mm_prefetch(next + off, _MM_HINT_T0);
    }
    kDot[W](w + r * rb, x, ldx, K, T, out);
    for (int t = 0; t < T; ++t) y[t * ldy + r] = out[t];
  }
}

template <class Load, class LoadMask>
inline void convert_plain(Load load, LoadMask load_mask, float* out, int64_t K) {
  int64_t k = 0;
  for (; k + 16 <= K; k += 16) _mm512_storeu_ps(out + k, load(k));
  if (k < K) {
    __mmask16 m = __mmask16((1u << (K - k)) - 1);
    _mm512_mask_storeu_ps(out + k, m, load_mask(k, m));
  }
}
void to_f32_f32(const void* w, float* out, int64_t K) {
  auto* p = static_cast<const float*>(w);
  convert_plain([p](int64_t k) { return load_f32(p + k); }, [p](int64_t k, __mmask16 m) { return load_f32_mask(p + k, m); }, out, K);
}
void to_f32_f16(const void* w, float* out, int64_t K) {
  auto* p = static_cast<const uint16_t*>(w);
  convert_plain([p](int64_t k) { return load_f16(p + k); }, [p](int64_t k, __mmask16 m) { return load_f16_mask(p + k, m); }, out, K);
}
void to_f32_bf16(const void* w, float* out, int64_t K) {
  auto* p = static_cast<const uint16_t*>(w);
  convert_plain([p](int64_t k) { return load_bf16(p + k); }, [p](int64_t k, __mmask16 m) { return load_bf16_mask(p + k, m); }, out, K);
}
void add(float* y, const float* x, int64_t n) {
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, _mm512_add_ps(_mm512_loadu_ps(y + i), _mm512_loadu_ps(x + i)));
  for (; i < n; ++i) y[i] += x[i];
}

// exp(x) for x in [-88, 88]: Cephes range reduction and polynomial, ~1 ulp; 2^n via scalef.
inline __m512 exp512(__m512 x) {
  x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-88.0f)), _mm512_set1_ps(88.0f));
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500E-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507E-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073E-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894E-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459E-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201E-1f));
  __m512 y = _mm512_fmadd_ps(_mm512_mul_ps(p, r), r, _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(y, n);
}

inline __mmask16 tail_mask(int64_t left) { return left >= 16 ? __mmask16(0xffff) : __mmask16((1u << left) - 1); }

void silu_mul(float* g, const float* u, int64_t n) {
  int64_t i = 0;
  const __m512 one = _mm512_set1_ps(1.0f);
  for (; i + 16 <= n; i += 16) {
    __m512 x = _mm512_loadu_ps(g + i);
    __m512 s = _mm512_div_ps(x, _mm512_add_ps(one, exp512(_mm512_sub_ps(_mm512_setzero_ps(), x))));
    _mm512_storeu_ps(g + i, _mm512_mul_ps(s, _mm512_loadu_ps(u + i)));
  }
  for (; i < n; ++i) g[i] = g[i] / (1.0f + expf(-g[i])) * u[i];
}

void silu_mul_backward(const float* a, const float* b, const float* dh, float* da, float* db, int64_t n) {
  const __m512 one = _mm512_set1_ps(1.0f);
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 k = tail_mask(n - i);
    const __m512 x = _mm512_maskz_loadu_ps(k, a + i), g = _mm512_maskz_loadu_ps(k, dh + i);
    // exp512 clamps its argument, so σ stays finite (≈ 0) for large negative x.
    const __m512 s = _mm512_div_ps(one, _mm512_add_ps(one, exp512(_mm512_sub_ps(_mm512_setzero_ps(), x))));
    const __m512 t = _mm512_add_ps(one, _mm512_mul_ps(x, _mm512_sub_ps(one, s)));
    _mm512_mask_storeu_ps(da + i, k, _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(g, _mm512_maskz_loadu_ps(k, b + i)), s), t));
    _mm512_mask_storeu_ps(db + i, k, _mm512_mul_ps(_mm512_mul_ps(g, x), s));
  }
}

float sum_squares(const float* x, int64_t n) {
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    __m512 v0 = _mm512_loadu_ps(x + i), v1 = _mm512_loadu_ps(x + i + 16);
    a0 = _mm512_fmadd_ps(v0, v0, a0);
    a1 = _mm512_fmadd_ps(v1, v1, a1);
  }
  float s = _mm512_reduce_add_ps(_mm512_add_ps(a0, a1));
  for (; i < n; ++i) s += x[i] * x[i];
  return s;
}

double sum_squares_f64(const float* x, int64_t n) {
  __m512d a0 = _mm512_setzero_pd(), a1 = _mm512_setzero_pd();
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 v = _mm512_loadu_ps(x + i), sq = _mm512_mul_ps(v, v);
    a0 = _mm512_add_pd(a0, _mm512_cvtps_pd(_mm512_castps512_ps256(sq)));
    a1 = _mm512_add_pd(a1, _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(sq), 1))));
  }
  double s = _mm512_reduce_add_pd(_mm512_add_pd(a0, a1));
  for (; i < n; ++i) s += double(x[i] * x[i]);
  return s;
}

void scale_mul(const float* x, float s, const float* w, float* y, int64_t n) {
  int64_t i = 0;
  __m512 vs = _mm512_set1_ps(s);
  for (; i + 16 <= n; i += 16)
    _mm512_storeu_ps(y + i, _mm512_mul_ps(_mm512_loadu_ps(w + i), _mm512_mul_ps(_mm512_loadu_ps(x + i), vs)));
  for (; i < n; ++i) y[i] = w[i] * (x[i] * s);
}

float dot_vec(const float* a, const float* b, int64_t n) {
  float out;
  dot_f32(a, b, 0, n, 1, &out);
  return out;
}

void axpy(float a, const float* x, float* y, int64_t n) {
  int64_t i = 0;
  __m512 va = _mm512_set1_ps(a);
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, _mm512_fmadd_ps(va, _mm512_loadu_ps(x + i), _mm512_loadu_ps(y + i)));
  for (; i < n; ++i) y[i] += a * x[i];
}

float columns_dot(const float* a, int64_t rows, const float* m, int64_t ld, int64_t n, float* out) {
  __m512 best = _mm512_set1_ps(-__builtin_huge_valf());
  int64_t j = 0;
  for (; j + 64 <= n; j += 64) {  // four independent accumulators hide the FMA latency
    __m512 c0 = _mm512_setzero_ps(), c1 = _mm512_setzero_ps(), c2 = _mm512_setzero_ps(), c3 = _mm512_setzero_ps();
    for (int64_t r = 0; r < rows; ++r) {
      const float* mr = m + r * ld + j;
      const __m512 ar = _mm512_set1_ps(a[r]);
      c0 = _mm512_fmadd_ps(ar, _mm512_loadu_ps(mr), c0);
      c1 = _mm512_fmadd_ps(ar, _mm512_loadu_ps(mr + 16), c1);
      c2 = _mm512_fmadd_ps(ar, _mm512_loadu_ps(mr + 32), c2);
      c3 = _mm512_fmadd_ps(ar, _mm512_loadu_ps(mr + 48), c3);
    }
    _mm512_storeu_ps(out + j, c0);
    _mm512_storeu_ps(out + j + 16, c1);
    _mm512_storeu_ps(out + j + 32, c2);
    _mm512_storeu_ps(out + j + 48, c3);
    best = _mm512_max_ps(best, _mm512_max_ps(_mm512_max_ps(c0, c1), _mm512_max_ps(c2, c3)));
  }
  for (; j < n; j += 16) {
    const __mmask16 k = tail_mask(n - j);
    __m512 c = _mm512_setzero_ps();
    for (int64_t r = 0; r < rows; ++r) c = _mm512_fmadd_ps(_mm512_set1_ps(a[r]), _mm512_maskz_loadu_ps(k, m + r * ld + j), c);
    _mm512_mask_storeu_ps(out + j, k, c);
    best = _mm512_mask_max_ps(best, k, best, c);
  }
  return _mm512_reduce_max_ps(best);
}

// Sum of the 16 lanes in a fixed pairing (lane l + lane l+8, then l + l+4, l + l+2, l + l+1), so
// that hsum16_x16 below forms exactly the same sums for 16 vectors at once.
inline float hsum16(__m512 v) {
  const __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v), _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
  const __m128 q = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  const __m128 e = _mm_add_ps(q, _mm_movehl_ps(q, q));  // lanes 0, 1: q0 + q2, q1 + q3
  return _mm_cvtss_f32(_mm_add_ss(e, _mm_movehdup_ps(e)));
}

// Lane 4b + q of the result = hsum16(v[4q + b]), with the same pairing, in 15 additions and 30
// shuffles instead of 16 separate reductions.
inline __m512 hsum16_x16(const __m512* v) {
  __m512 x[8], y[4], z[2];
  for (int t = 0; t < 8; ++t)  // lanes 0-7: v[2t] halves added; 8-15: v[2t+1]'s
    x[t] = _mm512_add_ps(_mm512_shuffle_f32x4(v[2 * t], v[2 * t + 1], _MM_SHUFFLE(1, 0, 1, 0)),
                         _mm512_shuffle_f32x4(v[2 * t], v[2 * t + 1], _MM_SHUFFLE(3, 2, 3, 2)));
  for (int u = 0; u < 4; ++u)  // 128-bit block b: v[4u + b] reduced to 4 lanes
    y[u] = _mm512_add_ps(_mm512_shuffle_f32x4(x[2 * u], x[2 * u + 1], _MM_SHUFFLE(2, 0, 2, 0)),
                         _mm512_shuffle_f32x4(x[2 * u], x[2 * u + 1], _MM_SHUFFLE(3, 1, 3, 1)));
  for (int w = 0; w < 2; ++w) {  // block b: v[8w + b] in lanes 0-1, v[8w + 4 + b] in lanes 2-3
    const __m512d a = _mm512_castps_pd(y[2 * w]), c = _mm512_castps_pd(y[2 * w + 1]);
    z[w] = _mm512_add_ps(_mm512_castpd_ps(_mm512_unpacklo_pd(a, c)), _mm512_castpd_ps(_mm512_unpackhi_pd(a, c)));
  }
  return _mm512_add_ps(_mm512_shuffle_ps(z[0], z[1], _MM_SHUFFLE(2, 0, 2, 0)), _mm512_shuffle_ps(z[0], z[1], _MM_SHUFFLE(3, 1, 3, 1)));
}

void rows_dot(const float* p, int64_t n, const float* m, int64_t ld, int64_t rows, float* out) {
  int64_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float *m0 = m + r * ld, *m1 = m0 + ld, *m2 = m1 + ld, *m3 = m2 + ld;
    __m512 c0 = _mm512_setzero_ps(), c1 = _mm512_setzero_ps(), c2 = _mm512_setzero_ps(), c3 = _mm512_setzero_ps();
    for (int64_t j = 0; j < n; j += 16) {
      const __mmask16 k = tail_mask(n - j);
      const __m512 pv = _mm512_maskz_loadu_ps(k, p + j);
      c0 = _mm512_fmadd_ps(pv, _mm512_maskz_loadu_ps(k, m0 + j), c0);
      c1 = _mm512_fmadd_ps(pv, _mm512_maskz_loadu_ps(k, m1 + j), c1);
      c2 = _mm512_fmadd_ps(pv, _mm512_maskz_loadu_ps(k, m2 + j), c2);
      c3 = _mm512_fmadd_ps(pv, _mm512_maskz_loadu_ps(k, m3 + j), c3);
    }
    out[r] = hsum16(c0), out[r + 1] = hsum16(c1);
    out[r + 2] = hsum16(c2), out[r + 3] = hsum16(c3);
  }
  for (; r < rows; ++r) {
    __m512 c = _mm512_setzero_ps();
    for (int64_t j = 0; j < n; j += 16) {
      const __mmask16 k = tail_mask(n - j);
      c = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, p + j), _mm512_maskz_loadu_ps(k, m + r * ld + j), c);
    }
    out[r] = hsum16(c);
  }
}

void rank1_add(const float* a, int64_t rows, const float* p, int64_t n, float* m, int64_t ld) {
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 k = tail_mask(n - j);
    const __m512 pv = _mm512_maskz_loadu_ps(k, p + j);
    for (int64_t r = 0; r < rows; ++r) {
      float* mr = m + r * ld + j;
      _mm512_mask_storeu_ps(mr, k, _mm512_fmadd_ps(_mm512_set1_ps(a[r]), pv, _mm512_maskz_loadu_ps(k, mr)));
    }
  }
}

// Four query rows (p0..p3) against four rows of m: 16 accumulators, 8 loads per 16 FMAs (the
// one-row rows_dot needs 5 loads per 4 FMAs) and one 16-way reduction. Each sum is formed exactly as
// rows_dot forms it.
void rows_dot_4x4(const float* const* p, int64_t n, const float* m, int64_t ld, float* out, int64_t ldo) {
  const float *m0 = m, *m1 = m0 + ld, *m2 = m1 + ld, *m3 = m2 + ld;
  __m512 c[4][4];
  for (int i = 0; i < 4; ++i)
    for (int r = 0; r < 4; ++r) c[i][r] = _mm512_setzero_ps();
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 k = tail_mask(n - j);
    const __m512 v0 = _mm512_maskz_loadu_ps(k, m0 + j), v1 = _mm512_maskz_loadu_ps(k, m1 + j);
    const __m512 v2 = _mm512_maskz_loadu_ps(k, m2 + j), v3 = _mm512_maskz_loadu_ps(k, m3 + j);
    for (int i = 0; i < 4; ++i) {
      const __m512 pv = _mm512_maskz_loadu_ps(k, p[i] + j);
      c[i][0] = _mm512_fmadd_ps(pv, v0, c[i][0]);
      c[i][1] = _mm512_fmadd_ps(pv, v1, c[i][1]);
      c[i][2] = _mm512_fmadd_ps(pv, v2, c[i][2]);
      c[i][3] = _mm512_fmadd_ps(pv, v3, c[i][3]);
    }
  }
  __m512 v[16];
  for (int i = 0; i < 4; ++i)
    for (int r = 0; r < 4; ++r) v[4 * r + i] = c[i][r];
  const __m512 sums = hsum16_x16(v);  // lane 4i + r: out[i][r]
  _mm_storeu_ps(out, _mm512_castps512_ps128(sums));  // the extract needs a constant lane index
  _mm_storeu_ps(out + ldo, _mm512_extractf32x4_ps(sums, 1));
  _mm_storeu_ps(out + 2 * ldo, _mm512_extractf32x4_ps(sums, 2));
  _mm_storeu_ps(out + 3 * ldo, _mm512_extractf32x4_ps(sums, 3));
}

void rows_dot_k(const float* p, int64_t ldp, int64_t k, int64_t n, const float* m, int64_t ld, int64_t rows, float* out, int64_t ldo) {
  int64_t i = 0;
  for (; i + 4 <= k; i += 4) {
    const float* pi[4] = {p + i * ldp, p + (i + 1) * ldp, p + (i + 2) * ldp, p + (i + 3) * ldp};
    int64_t r = 0;
    for (; r + 4 <= rows; r += 4) rows_dot_4x4(pi, n, m + r * ld, ld, out + i * ldo + r, ldo);
    for (; r < rows; ++r)
      for (int64_t t = 0; t < 4; ++t) rows_dot(pi[t], n, m + r * ld, ld, 1, out + (i + t) * ldo + r);
  }
  for (; i < k; ++i) rows_dot(p + i * ldp, n, m, ld, rows, out + i * ldo);
}

// K query rows into every row of m: each m vector is loaded and stored once for K FMAs, applied in
// the order i = 0..K−1 as K calls of rank1_add would.
template <int K>
void rankk_block(const float* a, int64_t lda, int64_t rows, const float* p, int64_t ldp, int64_t n, float* m, int64_t ld) {
  for (int64_t r = 0; r < rows; ++r) {
    __m512 av[K];
    for (int i = 0; i < K; ++i) av[i] = _mm512_set1_ps(a[i * lda + r]);
    float* mr = m + r * ld;
    for (int64_t j = 0; j < n; j += 16) {
      const __mmask16 k = tail_mask(n - j);
      __m512 acc = _mm512_maskz_loadu_ps(k, mr + j);
      for (int i = 0; i < K; ++i) acc = _mm512_fmadd_ps(av[i], _mm512_maskz_loadu_ps(k, p + i * ldp + j), acc);
      _mm512_mask_storeu_ps(mr + j, k, acc);
    }
  }
}

void rankk_add(const float* a, int64_t lda, int64_t k, int64_t rows, const float* p, int64_t ldp, int64_t n, float* m, int64_t ld) {
  int64_t i = 0;
  for (; i + 8 <= k; i += 8) rankk_block<8>(a + i * lda, lda, rows, p + i * ldp, ldp, n, m, ld);
  if (i + 4 <= k) rankk_block<4>(a + i * lda, lda, rows, p + i * ldp, ldp, n, m, ld), i += 4;
  for (; i < k; ++i) rank1_add(a + i * lda, rows, p + i * ldp, n, m, ld);
}

void softmax_backward(const float* p, float c, float* x, int64_t n) {
  const __m512 vc = _mm512_set1_ps(c), tiny = _mm512_set1_ps(0x1p-126f);
  for (int64_t j = 0; j < n; j += 16) {
    const __mmask16 k = tail_mask(n - j);
    const __m512 r = _mm512_mul_ps(_mm512_maskz_loadu_ps(k, p + j), _mm512_sub_ps(_mm512_maskz_loadu_ps(k, x + j), vc));
    _mm512_mask_storeu_ps(x + j, k, _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(_mm512_abs_ps(r), tiny, _CMP_GE_OQ), r));
  }
}

float exp_shift_sum_ftz(float* x, float m, int64_t n) {
  const __m512 vm = _mm512_set1_ps(m), lo = _mm512_set1_ps(kExpFlushBelow);
  __m512 acc = _mm512_setzero_ps();
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 k = tail_mask(n - i);
    const __m512 d = _mm512_sub_ps(_mm512_maskz_loadu_ps(k, x + i), vm);
    // exp of the clamped argument stays normal; the lanes below the bound are then zeroed.
    const __m512 e = _mm512_maskz_mov_ps(k & _mm512_cmp_ps_mask(d, lo, _CMP_GE_OQ), exp512(_mm512_max_ps(d, lo)));
    _mm512_mask_storeu_ps(x + i, k, e);
    acc = _mm512_add_ps(acc, e);
  }
  return _mm512_reduce_add_ps(acc);
}

float exp_shift_sum(float* x, float m, int64_t n) {
  int64_t i = 0;
  __m512 acc = _mm512_setzero_ps(), vm = _mm512_set1_ps(m);
  for (; i + 16 <= n; i += 16) {
    __m512 e = exp512(_mm512_sub_ps(_mm512_loadu_ps(x + i), vm));
    _mm512_storeu_ps(x + i, e);
    acc = _mm512_add_ps(acc, e);
  }
  float s = _mm512_reduce_add_ps(acc);
  for (; i < n; ++i) s += (x[i] = expf(x[i] - m));
  return s;
}

double exp_shift_sum_f64(float* x, float m, int64_t n) {
  int64_t i = 0;
  const __m512 vm = _mm512_set1_ps(m);
  double s = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 e = exp512(_mm512_sub_ps(_mm512_loadu_ps(x + i), vm));
    _mm512_storeu_ps(x + i, e);
    s += double(_mm512_reduce_add_ps(e));
  }
  for (; i < n; ++i) s += double(x[i] = expf(x[i] - m));
  return s;
}

}  // namespace

// Quantised rows (kernels_avx512_vnni.cpp / kernels_avx512_bw.cpp).
void fill_avx512_vnni_quant_rows(GemvRowsFn* gemv, RowToF32Fn* to_f32, QuantizeActFn* quantize);
void fill_avx512_bw_quant_rows(GemvRowsFn* gemv, RowToF32Fn* to_f32, QuantizeActFn* quantize);
// Rows for weights repacked at load (cpu/packed_quant.h; kernels_avx512_packed.inc).
void fill_avx512_vnni_packed_rows(GemvPackedFn* gemv_packed);
void fill_avx512_bw_packed_rows(GemvPackedFn* gemv_packed);
void fill_avx512_vnni_packed_k_rows(GemvPackedFn* gemv_packed);  // Q4_K (kernels_avx512_packed_k.inc)
void fill_avx512_bw_packed_k_rows(GemvPackedFn* gemv_packed);
void fill_avx512_vnni_packed_q5_rows(GemvPackedFn* gemv_packed);  // Q5_0 / Q5_1 (kernels_avx512_packed_q5.inc)
void fill_avx512_bw_packed_q5_rows(GemvPackedFn* gemv_packed);
void fill_avx512_vnni_packed_q5k_rows(GemvPackedFn* gemv_packed);  // Q5_K (kernels_avx512_packed_q5k.inc)
void fill_avx512_bw_packed_q5k_rows(GemvPackedFn* gemv_packed);
void fill_avx512_vnni_packed_q6k_rows(GemvPackedFn* gemv_packed);  // Q6_K (kernels_avx512_packed_q6k.inc)
void fill_avx512_bw_packed_q6k_rows(GemvPackedFn* gemv_packed);

namespace {

KernelTable make_table(bool vnni) {
  KernelTable k = {};
  k.isa = vnni ? "avx512-vnni" : "avx512";
  const RowDotFn dots[3] = {dot_f32, dot_f16, dot_bf16};
  const GemvRowsFn gemvs[3] = {gemv_rows<0>, gemv_rows<1>, gemv_rows<2>};
  const RowToF32Fn convs[3] = {to_f32_f32, to_f32_f16, to_f32_bf16};
  for (int i = 0; i < kWTypes; ++i) {
    k.dot[i] = i < 3 ? dots[i] : kGenericQuantDot[i];
    if (i < 3) {
      k.gemv[i] = gemvs[i];
      k.to_f32[i] = convs[i];
    }
  }
  if (vnni) {
    fill_avx512_vnni_quant_rows(k.gemv, k.to_f32, &k.quantize_act);
    fill_avx512_vnni_packed_rows(k.gemv_packed);
    fill_avx512_vnni_packed_k_rows(k.gemv_packed);
    fill_avx512_vnni_packed_q5_rows(k.gemv_packed);
    fill_avx512_vnni_packed_q5k_rows(k.gemv_packed);
    fill_avx512_vnni_packed_q6k_rows(k.gemv_packed);
  } else {
    fill_avx512_bw_quant_rows(k.gemv, k.to_f32, &k.quantize_act);
    fill_avx512_bw_packed_rows(k.gemv_packed);
    fill_avx512_bw_packed_k_rows(k.gemv_packed);
    fill_avx512_bw_packed_q5_rows(k.gemv_packed);
    fill_avx512_bw_packed_q5k_rows(k.gemv_packed);
    fill_avx512_bw_packed_q6k_rows(k.gemv_packed);
  }
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
}

}  // namespace

const KernelTable* kernels_avx512(bool vnni) {
  static const KernelTable with = make_table(true), without = make_table(false);
  return vnni ? &with : &without;
}

}  // namespace dsw::cpu
