// AVX512_BF16 pieces of the prefill GEMM: f32 -> bf16 hi/lo splitting, weight-panel packing and a
// vdpbf16ps 32 × 32 tile for CPUs without AMX (e.g. AMD Zen 4). Compiled with -mavx512bf16.
#include "cpu/gemm_bf16_kernels.h"

#include <immintrin.h>

namespace dsw::cpu {
namespace {

inline __m512 bf16_to_f32(__m256i h) { return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16)); }

// 32 floats at p (the first n valid, the rest read as zero) -> hi, lo (32 bf16 each).
inline void split32(const float* p, int n, __m512i& hi, __m512i& lo) {
  const __mmask16 m0 = n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << (n > 0 ? n : 0)) - 1);
  const __mmask16 m1 = n >= 32 ? __mmask16(0xFFFF) : __mmask16(n > 16 ? (1u << (n - 16)) - 1 : 0);
  const __m512 x0 = _mm512_maskz_loadu_ps(m0, p), x1 = _mm512_maskz_loadu_ps(m1, p + 16);
  hi = __m512i(_mm512_cvtne2ps_pbh(x1, x0));  // low 16 from x0
  const __m512 r0 = _mm512_sub_ps(x0, bf16_to_f32(_mm512_castsi512_si256(hi)));
  const __m512 r1 = _mm512_sub_ps(x1, bf16_to_f32(_mm512_extracti64x4_epi64(hi, 1)));
  lo = __m512i(_mm512_cvtne2ps_pbh(r1, r0));
}

// In-place transpose of a 16 × 16 matrix of 32-bit values held in 16 registers.
inline void transpose16(__m512i r[16]) {
  __m512i t[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_epi32(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_epi32(r[i], r[i + 1]);
  }
  for (int i = 0; i < 16; i += 4) {
    r[i] = _mm512_unpacklo_epi64(t[i], t[i + 2]);
    r[i + 1] = _mm512_unpackhi_epi64(t[i], t[i + 2]);
    r[i + 2] = _mm512_unpacklo_epi64(t[i + 1], t[i + 3]);
    r[i + 3] = _mm512_unpackhi_epi64(t[i + 1], t[i + 3]);
  }
  // Now each 128-bit lane j of r[4b + c] holds row-group b, column-group j, element c of a 4 × 4
  // sub-block; exchange 128-bit lanes across the four row groups.
  for (int c = 0; c < 4; ++c) {
    const __m512i a = r[c], b = r[4 + c], d = r[8 + c], e = r[12 + c];
    const __m512i ab_lo = _mm512_shuffle_i32x4(a, b, 0x44), ab_hi = _mm512_shuffle_i32x4(a, b, 0xEE);
    const __m512i de_lo = _mm512_shuffle_i32x4(d, e, 0x44), de_hi = _mm512_shuffle_i32x4(d, e, 0xEE);
    t[c] = _mm512_shuffle_i32x4(ab_lo, de_lo, 0x88);
    t[4 + c] = _mm512_shuffle_i32x4(ab_lo, de_lo, 0xDD);
    t[8 + c] = _mm512_shuffle_i32x4(ab_hi, de_hi, 0x88);
    t[12 + c] = _mm512_shuffle_i32x4(ab_hi, de_hi, 0xDD);
  }
  for (int i = 0; i < 16; ++i) r[i] = t[i];
}

// Row-major [32][Kp] bf16 (as Kp/2 pairs per row) -> panel [Kp/2][32] pairs.
void to_panel(const uint32_t* rows, int64_t Kp, uint32_t* panel) {
  const int64_t pairs = Kp / 2;
  for (int n0 = 0; n0 < 32; n0 += 16)
    for (int64_t p0 = 0; p0 < pairs; p0 += 16) {
      __m512i r[16];
      for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_si512(rows + (n0 + i) * pairs + p0);
      transpose16(r);
      for (int i = 0; i < 16; ++i) _mm512_storeu_si512(panel + (p0 + i) * 32 + n0, r[i]);
    }
}

}  // namespace

void bf16_split_rows_avx512(const float* x, int64_t ldx, int64_t t0, int64_t rows, int64_t K, int64_t Kp, uint16_t* hi, uint16_t* lo) {
  for (int64_t t = t0; t < t0 + rows; ++t) {
    const int64_t base = (t / 32) * 32 * Kp + ((t % 32) / 16) * 512 + (t % 16) * 32;
    for (int64_t k = 0; k < Kp; k += 32) {
      __m512i h = _mm512_setzero_si512(), l = _mm512_setzero_si512();
      if (x) split32(x + (t - t0) * ldx + k, int(K - k < 32 ? K - k : 32), h, l);
      _mm512_storeu_si512(hi + base + (k / 32) * 1024, h);
      if (lo) _mm512_storeu_si512(lo + base + (k / 32) * 1024, l);
    }
  }
}

void bf16_pack_panel_avx512(const float* w, int n, int64_t K, int64_t Kp, uint16_t* hi, uint16_t* lo, uint16_t* tmp) {
  uint16_t* th = tmp;
  uint16_t* tl = tmp + 32 * Kp;
  for (int r = 0; r < 32; ++r)
    for (int64_t k = 0; k < Kp; k += 32) {
      __m512i h = _mm512_setzero_si512(), l = _mm512_setzero_si512();
      if (r < n) split32(w + r * K + k, int(K - k < 32 ? K - k : 32), h, l);
      _mm512_storeu_si512(th + r * Kp + k, h);
      _mm512_storeu_si512(tl + r * Kp + k, l);
    }
  to_panel(reinterpret_cast<const uint32_t*>(th), Kp, reinterpret_cast<uint32_t*>(hi));
  if (lo) to_panel(reinterpret_cast<const uint32_t*>(tl), Kp, reinterpret_cast<uint32_t*>(lo));
}

void bf16_tile_avx512(const uint16_t* a_hi, const uint16_t* a_lo, const uint16_t* b_hi, const uint16_t* b_lo, int64_t Kp, float* c) {
  // Eight activation rows × 32 outputs per pass: 16 accumulators, B read once per pass.
  for (int t0 = 0; t0 < 32; t0 += 8) {
    __m512 acc[8][2];
    for (int t = 0; t < 8; ++t) acc[t][0] = acc[t][1] = _mm512_setzero_ps();
    auto pass = [&](const uint16_t* a, const uint16_t* b) {
      // Row t of the block, pair p: step p / 16, half t / 16, row t % 16, pair p % 16.
      const uint32_t* a32 = reinterpret_cast<const uint32_t*>(a + (t0 / 16) * 512 + (t0 % 16) * 32);
      for (int64_t p = 0; p < Kp / 2; ++p) {
        const __m512bh b0 = __m512bh(_mm512_loadu_si512(b + p * 64)), b1 = __m512bh(_mm512_loadu_si512(b + p * 64 + 32));
        const uint32_t* ap = a32 + (p / 16) * 512 + (p % 16);
        for (int t = 0; t < 8; ++t) {
          const __m512bh av = __m512bh(_mm512_set1_epi32(int(ap[t * 16])));
          acc[t][0] = _mm512_dpbf16_ps(acc[t][0], av, b0);
          acc[t][1] = _mm512_dpbf16_ps(acc[t][1], av, b1);
        }
      }
    };
    pass(a_hi, b_hi);
    if (a_lo) pass(a_lo, b_hi);
    if (b_lo) pass(a_hi, b_lo);
    for (int t = 0; t < 8; ++t) {
      _mm512_storeu_ps(c + (t0 + t) * 32, acc[t][0]);
      _mm512_storeu_ps(c + (t0 + t) * 32 + 16, acc[t][1]);
    }
  }
}

}  // namespace dsw::cpu
