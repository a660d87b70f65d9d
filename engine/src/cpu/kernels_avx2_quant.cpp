// AVX2 kernels for the block-quantised weight types (compiled with -mavx2 -mfma -mf16c).
//
// Same scheme as the AVX-512 unit (kernels_avx512_quant.inc) with 32 weights per vector: each
// type unpacks 32 weights into unsigned bytes in element order; vpmaddubsw + vpmaddwd give 8 int32
// lanes of 4 products (lanes 0-3: first group of 16, 4-7: second), scaled per group. Every type
// but Q8_0 has u <= 63, so the int16 pair sums of vpmaddubsw cannot saturate; Q8_0 multiplies |w|
// with the activations carrying w's sign instead (no offset).
#include "cpu/kernels.h"
#include "cpu/quant_blocks.h"

#include <immintrin.h>

namespace dsw::cpu {
namespace {
#include "cpu/kernels_impl.inc"

constexpr int kPrefetchAhead = 1024;

inline uint32_t load_u32(const uint8_t* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}
inline float half(const uint8_t* p) {
  uint16_t h;
  __builtin_memcpy(&h, p, 2);
  return _cvtsh_ss(h);
}
inline __m256i load256(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline __m256i dot_u8s8(__m256i u, __m256i q) { return _mm256_madd_epi16(_mm256_maddubs_epi16(u, q), _mm256_set1_epi16(1)); }

// 16 nibble bytes -> [low nibbles, high nibbles].
inline __m256i nibbles_16(const uint8_t* p) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(x, 4), x), _mm256_set1_epi8(15));
}
// 32 bits -> 32 bytes of 16 where the bit is set.
inline __m256i bits_to_16(uint32_t h) {
  __m256i v = _mm256_shuffle_epi8(_mm256_set1_epi32(int(h)),
                                  _mm256_setr_epi64x(0, 0x0101010101010101, 0x0202020202020202, 0x0303030303030303));
  const __m256i bit = _mm256_set1_epi64x(int64_t(0x8040201008040201ull));
  v = _mm256_cmpeq_epi8(_mm256_and_si256(v, bit), bit);
  return _mm256_and_si256(v, _mm256_set1_epi8(16));
}

// Per-block a and b (32-weight types): both groups of block i get the block's values.
inline void set_block(float* a, float* b, int i, float av, float bv) {
  a[2 * i] = a[2 * i + 1] = av;
  b[2 * i] = b[2 * i + 1] = bv;
}

struct Q8_0 {
  static constexpr int kChunkBytes = 8 * 34;
  static void coeffs(const uint8_t* p, int nb, float* a, float* b) {
    for (int i = 0; i < nb; ++i) set_block(a, b, i, half(p + 34 * i), 0.0f);
  }
  static __m256i half_unit(const uint8_t* p, int h) { return load256(p + 34 * h + 2); }
  static __m256i dot(__m256i w, __m256i q) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(q, w)), _mm256_set1_epi16(1));
  }
  static __m256i to_unsigned(__m256i w) { return _mm256_xor_si256(w, _mm256_set1_epi8(char(0x80))); }
  static constexpr float kUnsignedOffset = -128.0f;  // b of the unsigned form, per unit of a
};

struct Q4_0 {
  static constexpr int kChunkBytes = 8 * 18;
  static void coeffs(const uint8_t* p, int nb, float* a, float* b) {
    for (int i = 0; i < nb; ++i) {
      const float d = half(p + 18 * i);
      set_block(a, b, i, d, -8.0f * d);
    }
  }
  static __m256i half_unit(const uint8_t* p, int h) { return nibbles_16(p + 18 * h + 2); }
  static __m256i dot(__m256i u, __m256i q) { return dot_u8s8(u, q); }
  static __m256i to_unsigned(__m256i u) { return u; }
  static constexpr float kUnsignedOffset = 0.0f;
};

struct Q4_1 {
  static constexpr int kChunkBytes = 8 * 20;
  static void coeffs(const uint8_t* p, int nb, float* a, float* b) {
    for (int i = 0; i < nb; ++i) set_block(a, b, i, half(p + 20 * i), half(p + 20 * i + 2));
  }
  static __m256i half_unit(const uint8_t* p, int h) { return nibbles_16(p + 20 * h + 4); }
  static __m256i dot(__m256i u, __m256i q) { return dot_u8s8(u, q); }
  static __m256i to_unsigned(__m256i u) { return u; }
  static constexpr float kUnsignedOffset = 0.0f;
};

struct Q5_0 {
  static constexpr int kChunkBytes = 8 * 22;
  static void coeffs(const uint8_t* p, int nb, float* a, float* b) {
    for (int i = 0; i < nb; ++i) {
      const float d = half(p + 22 * i);
      set_block(a, b, i, d, -16.0f * d);
    }
  }
  static __m256i half_unit(const uint8_t* p, int h) {
    const uint8_t* blk = p + 22 * h;
    return _mm256_or_si256(nibbles_16(blk + 6), bits_to_16(load_u32(blk + 2)));
  }
  static __m256i dot(__m256i u, __m256i q) { return dot_u8s8(u, q); }
  static __m256i to_unsigned(__m256i u) { return u; }
  static constexpr float kUnsignedOffset = 0.0f;
};

struct Q5_1 {
  static constexpr int kChunkBytes = 8 * 24;
  static void coeffs(const uint8_t* p, int nb, float* a, float* b) {
    for (int i = 0; i < nb; ++i) set_block(a, b, i, half(p + 24 * i), half(p + 24 * i + 2));
  }
  static __m256i half_unit(const uint8_t* p, int h) {
    const uint8_t* blk = p + 24 * h;
    return _mm256_or_si256(nibbles_16(blk + 8), bits_to_16(load_u32(blk + 4)));
  }
  static __m256i dot(__m256i u, __m256i q) { return dot_u8s8(u, q); }
  static __m256i to_unsigned(__m256i u) { return u; }
  static constexpr float kUnsignedOffset = 0.0f;
};

// Two-bit fields: element 128n + 32j + l is (qs[32n + l] >> 2j) & 3; half-unit h = 4n + j.
inline __m256i two_bits(const uint8_t* qs, int h) {
  const __m256i v = load256(qs + 32 * (h >> 2));
  return _mm256_and_si256(_mm256_srl_epi16(v, _mm_cvtsi32_si128(2 * (h & 3))), _mm256_set1_epi8(3));
}

struct Q2_K {
  static constexpr int kChunkBytes = 84;
  static void coeffs(const uint8_t* p, int, float* a, float* b) {
    auto* blk = reinterpret_cast<const KBlockQ2_K*>(p);
    const float d = _cvtsh_ss(blk->d), dmin = _cvtsh_ss(blk->dmin);
    for (int g = 0; g < 16; ++g) {
      a[g] = d * float(blk->scales[g] & 15);
      b[g] = -(dmin * float(blk->scales[g] >> 4));
    }
  }
  static __m256i half_unit(const uint8_t* p, int h) { return two_bits(p + 16, h); }
  static __m256i dot(__m256i u, __m256i q) { return dot_u8s8(u, q); }
  static __m256i to_unsigned(__m256i u) { return u; }
  static constexpr float kUnsignedOffset = 0.0f;
};

struct Q3_K {
  static constexpr int kChunkBytes = 110;
  static void coeffs(const uint8_t* p, int, float* a, float* b) {
    auto* blk = reinterpret_cast<const KBlockQ3_K*>(p);
    const float d = _cvtsh_ss(blk->d);
    int8_t sc[16];
    k_q3_k_scales(blk->scales, sc);
    for (int g = 0; g < 16; ++g) {
      a[g] = d * float(sc[g]);
      b[g] = -4.0f * a[g];
    }
  }
  static __m256i half_unit(const uint8_t* p, int h) {
    auto* blk = reinterpret_cast<const KBlockQ3_K*>(p);
    const __m256i bit = _mm256_set1_epi8(char(1 << h));  // bit 4n + j = h
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(load256(blk->hmask), bit), bit);
    return _mm256_or_si256(two_bits(blk->qs, h), _mm256_and_si256(set, _mm256_set1_epi8(4)));
  }
  static __m256i dot(__m256i u, __m256i q) { return dot_u8s8(u, q); }
  static __m256i to_unsigned(__m256i u) { return u; }
  static constexpr float kUnsignedOffset = 0.0f;
};

inline void k4_coeffs(const uint8_t* p, float* a, float* b) {
  const float d = half(p), dmin = half(p + 2);
  for (int j = 0; j < 8; ++j) {
    uint8_t sc, m;
    k_scale_min_k4(p + 4, j, &sc, &m);
    a[2 * j] = a[2 * j + 1] = d * float(sc);
    b[2 * j] = b[2 * j + 1] = -(dmin * float(m));
  }
}
// Half-unit h of Q4_K / Q5_K: nibbles of qs[32 (h/2) ..], low for even h, high for odd.
inline __m256i k4_nibbles(const uint8_t* qs, int h) {
  const __m256i v = load256(qs + 32 * (h >> 1));
  return _mm256_and_si256((h & 1) ? _mm256_srli_epi16(v, 4) : v, _mm256_set1_epi8(15));
}

struct Q4_K {
  static constexpr int kChunkBytes = 144;
  static void coeffs(const uint8_t* p, int, float* a, float* b) { k4_coeffs(p, a, b); }
  static __m256i half_unit(const uint8_t* p, int h) { return k4_nibbles(p + 16, h); }
  static __m256i dot(__m256i u, __m256i q) { return dot_u8s8(u, q); }
  static __m256i to_unsigned(__m256i u) { return u; }
  static constexpr float kUnsignedOffset = 0.0f;
};

struct Q5_K {
  static constexpr int kChunkBytes = 176;
  static void coeffs(const uint8_t* p, int, float* a, float* b) { k4_coeffs(p, a, b); }
  static __m256i half_unit(const uint8_t* p, int h) {
    const __m256i bit = _mm256_set1_epi8(char(1 << h));  // bit 2c + (h & 1) = h
    const __m256i set = _mm256_cmpeq_epi8(_mm256_and_si256(load256(p + 16), bit), bit);
    return _mm256_or_si256(k4_nibbles(p + 48, h), _mm256_and_si256(set, _mm256_set1_epi8(16)));
  }
  static __m256i dot(__m256i u, __m256i q) { return dot_u8s8(u, q); }
  static __m256i to_unsigned(__m256i u) { return u; }
  static constexpr float kUnsignedOffset = 0.0f;
};

struct Q6_K {
  static constexpr int kChunkBytes = 210;
  static void coeffs(const uint8_t* p, int, float* a, float* b) {
    auto* blk = reinterpret_cast<const KBlockQ6_K*>(p);
    const float d = _cvtsh_ss(blk->d);
    for (int g = 0; g < 16; ++g) {
      a[g] = d * float(blk->scales[g]);
      b[g] = -32.0f * a[g];
    }
  }
  // Half-unit h: elements 32h..32h+31 = 128n + 32j + l with n = h/4, j = h%4.
  static __m256i half_unit(const uint8_t* p, int h) {
    const int n = h >> 2, j = h & 3;
    const __m256i ql = load256(p + 64 * n + 32 * (j & 1));
    const __m256i lo = _mm256_and_si256(j >= 2 ? _mm256_srli_epi16(ql, 4) : ql, _mm256_set1_epi8(15));
    const __m256i qh = _mm256_srl_epi16(load256(p + 128 + 32 * n), _mm_cvtsi32_si128(2 * j));
    return _mm256_or_si256(lo, _mm256_slli_epi16(_mm256_and_si256(qh, _mm256_set1_epi8(3)), 4));
  }
  static __m256i dot(__m256i u, __m256i q) { return dot_u8s8(u, q); }
  static __m256i to_unsigned(__m256i u) { return u; }
  static constexpr float kUnsignedOffset = 0.0f;
};

// Lane l of a half-unit's dot product belongs to group 2 (h % 4) + l / 4 of the 8-group vector.
inline __m256i half_group_index(int h) {
  const int g = 2 * (h & 3);
  return _mm256_setr_epi32(g, g, g, g, g + 1, g + 1, g + 1, g + 1);
}
inline __m256 load_groups(const float* p, int n) {  // n of 8 floats, zero past n
  if (n >= 8) return _mm256_loadu_ps(p);
  if (n <= 0) return _mm256_setzero_ps();
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_maskload_ps(p, _mm256_cmpgt_epi32(_mm256_set1_epi32(n), lane));
}
inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

template <class Q, int T>
void gemv_q_t(const uint8_t* w, size_t rb, int64_t n, const uint8_t* act, size_t act_ld, int64_t K, float* y, int64_t ldy) {
  const int64_t n_chunks = (K + 255) / 256;
  alignas(32) float a[16], b[16];
  for (int64_t r = 0; r < n; ++r) {
    const uint8_t* row = w + size_t(r) * rb;
    __m256 acc[T][2];
    for (int t = 0; t < T; ++t) acc[t][0] = acc[t][1] = _mm256_setzero_ps();
    for (int64_t ch = 0; ch < n_chunks; ++ch) {
      const uint8_t* p = row + ch * Q::kChunkBytes;
      for (int off = 0; off < Q::kChunkBytes; off += 64) _mm_prefetch(reinterpret_cast<const char*>(p + kPrefetchAhead + off), _MM_HINT_T0);
      const int64_t k0 = ch * 256;
      const int ne = K - k0 >= 256 ? 256 : int(K - k0);
      const int halves = ne / 32, groups = ne / 16;
      for (int g = 0; g < 16; ++g) a[g] = b[g] = 0.0f;
      Q::coeffs(p, halves, a, b);
      const __m256 A[2] = {_mm256_load_ps(a), _mm256_load_ps(a + 8)};
      for (int t = 0; t < T; ++t) {
        const uint8_t* ar = act + size_t(t) * act_ld;
        const float* s = act_q8_s(ar, K) + k0 / 16;
        acc[t][1] = _mm256_fmadd_ps(_mm256_load_ps(b), load_groups(s, groups), acc[t][1]);
        acc[t][1] = _mm256_fmadd_ps(_mm256_load_ps(b + 8), load_groups(s + 8, groups - 8), acc[t][1]);
      }
      for (int h = 0; h < halves; ++h) {
        const __m256i u = Q::half_unit(p, h);
        const __m256i gi = half_group_index(h);
        for (int t = 0; t < T; ++t) {
          const uint8_t* ar = act + size_t(t) * act_ld;
          const __m256 dv = load_groups(act_q8_d(ar, K) + k0 / 16 + 8 * (h >> 2), groups - 8 * (h >> 2));
          const __m256 sc = _mm256_permutevar8x32_ps(_mm256_mul_ps(A[h >> 2], dv), gi);
          const __m256i qx = load256(ar + k0 + 32 * h);
          acc[t][h & 1] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(Q::dot(u, qx)), sc, acc[t][h & 1]);
        }
      }
    }
    for (int t = 0; t < T; ++t) y[t * ldy + r] = hsum(_mm256_add_ps(acc[t][0], acc[t][1]));
  }
}

template <class Q>
void gemv_q(const uint8_t* w, size_t rb, int64_t n, const void* act, size_t act_ld, int64_t K, int T, float* y, int64_t ldy) {
  auto* a = static_cast<const uint8_t*>(act);
  // At most four activation rows per pass over the weights (16 ymm registers).
  for (int t0 = 0; t0 < T; t0 += 4) {
    const uint8_t* at = a + size_t(t0) * act_ld;
    float* yt = y + t0 * ldy;
    switch (T - t0 < 4 ? T - t0 : 4) {
      case 1: gemv_q_t<Q, 1>(w, rb, n, at, act_ld, K, yt, ldy); break;
      case 2: gemv_q_t<Q, 2>(w, rb, n, at, act_ld, K, yt, ldy); break;
      case 3: gemv_q_t<Q, 3>(w, rb, n, at, act_ld, K, yt, ldy); break;
      default: gemv_q_t<Q, 4>(w, rb, n, at, act_ld, K, yt, ldy); break;
    }
  }
}

template <class Q>
void to_f32_q(const void* wp, float* out, int64_t K) {
  auto* w = static_cast<const uint8_t*>(wp);
  alignas(32) float a[16], b[16];
  for (int64_t k0 = 0, ch = 0; k0 < K; k0 += 256, ++ch) {
    const uint8_t* p = w + ch * Q::kChunkBytes;
    const int ne = K - k0 >= 256 ? 256 : int(K - k0);
    Q::coeffs(p, ne / 32, a, b);
    for (int h = 0; h < ne / 32; ++h) {
      const __m256i u = Q::to_unsigned(Q::half_unit(p, h));
      for (int s = 0; s < 2; ++s) {
        const int g = 2 * h + s;
        const __m256 av = _mm256_set1_ps(a[g]);
        const __m256 bv = Q::kUnsignedOffset != 0.0f ? _mm256_set1_ps(Q::kUnsignedOffset * a[g]) : _mm256_set1_ps(b[g]);
        const __m128i bytes = s ? _mm256_extracti128_si256(u, 1) : _mm256_castsi256_si128(u);
        const __m256 u0 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(bytes));
        const __m256 u1 = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(bytes, 8)));
        _mm256_storeu_ps(out + k0 + 32 * h + 16 * s, _mm256_add_ps(_mm256_mul_ps(av, u0), bv));
        _mm256_storeu_ps(out + k0 + 32 * h + 16 * s + 8, _mm256_add_ps(_mm256_mul_ps(av, u1), bv));
      }
    }
  }
}

}  // namespace

void fill_avx2_quant_rows(GemvRowsFn* gemv, RowToF32Fn* to_f32, QuantizeActFn*) {
  gemv[int(WType::q8_0)] = gemv_q<Q8_0>;
  gemv[int(WType::q4_0)] = gemv_q<Q4_0>;
  gemv[int(WType::q4_1)] = gemv_q<Q4_1>;
  gemv[int(WType::q5_0)] = gemv_q<Q5_0>;
  gemv[int(WType::q5_1)] = gemv_q<Q5_1>;
  gemv[int(WType::q2_k)] = gemv_q<Q2_K>;
  gemv[int(WType::q3_k)] = gemv_q<Q3_K>;
  gemv[int(WType::q4_k)] = gemv_q<Q4_K>;
  gemv[int(WType::q5_k)] = gemv_q<Q5_K>;
  gemv[int(WType::q6_k)] = gemv_q<Q6_K>;
  to_f32[int(WType::q8_0)] = to_f32_q<Q8_0>;
  to_f32[int(WType::q4_0)] = to_f32_q<Q4_0>;
  to_f32[int(WType::q4_1)] = to_f32_q<Q4_1>;
  to_f32[int(WType::q5_0)] = to_f32_q<Q5_0>;
  to_f32[int(WType::q5_1)] = to_f32_q<Q5_1>;
  to_f32[int(WType::q2_k)] = to_f32_q<Q2_K>;
  to_f32[int(WType::q3_k)] = to_f32_q<Q3_K>;
  to_f32[int(WType::q4_k)] = to_f32_q<Q4_K>;
  to_f32[int(WType::q5_k)] = to_f32_q<Q5_K>;
  to_f32[int(WType::q6_k)] = to_f32_q<Q6_K>;
}

}  // namespace dsw::cpu
