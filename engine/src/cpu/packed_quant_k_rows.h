// One row's view of a repacked Q4_K / Q5_K super-block (layout: packed_quant.h), and the portable
// dequantisation and GEMV built on it: shared by packed_quant_k.cpp and packed_quant_q5k.cpp, which
// differ only in how a weight's u is read. Q5_K's super-block is Q4_K's 36
// lines followed by its high-bit lines, so the same offsets serve both.
#pragma once

#include "cpu/convert.h"
#include "cpu/kernels.h"
#include "cpu/packed_quant.h"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace dsw::cpu::packed_k {

// Scale and min j (0..7) of a row, from its three scale words (ggml's get_scale_min_k4).
inline void scale_min(const uint32_t w[3], int j, uint32_t& sc, uint32_t& m) {
  if (j < 4) {
    sc = (w[0] >> (8 * j)) & 63;
    m = (w[1] >> (8 * j)) & 63;
  } else {
    const int i = 8 * (j - 4);
    sc = ((w[2] >> i) & 15) | ((w[0] >> (i + 2)) & 0x30);
    m = ((w[2] >> (i + 4)) & 15) | ((w[1] >> (i + 2)) & 0x30);
  }
}

struct RowSuper {  // one row's view of one packed super-block
  float d, dmin;
  uint32_t words[3];
};

inline RowSuper row_super(const uint8_t* sb, int n) {
  RowSuper r;
  uint16_t h[2];
  std::memcpy(&h[0], sb + 2 * n, 2);
  std::memcpy(&h[1], sb + 32 + 2 * n, 2);
  r.d = f16_to_f32(h[0]);
  r.dmin = f16_to_f32(h[1]);
  for (int i = 0; i < 3; ++i) std::memcpy(&r.words[i], sb + 64 * (1 + i) + 4 * n, 4);
  return r;
}

// The 4-bit nibble (0..15) of row n, column e (0..255) of a packed super-block.
inline int nibble(const uint8_t* sb, int n, int e) {
  const int c = e / 64, hi = (e % 64) / 32, col = e % 32;
  const uint8_t byte = sb[64 * (4 + 8 * c + col / 4) + 4 * n + col % 4];
  return hi ? byte >> 4 : byte & 15;
}

// Rows [r0, r0 + n) of a repacked Q4_K or Q5_K weight dequantised; u_of(sb, n, e) reads u.
template <int64_t SuperBytes, class U>
void rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out, U u_of) {
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = r0 + i, g = r / kPackRows;
    const int rn = int(r % kPackRows);
    for (int64_t s = 0; s < p.blocks; ++s) {
      const uint8_t* sb = p.group(g) + s * SuperBytes;
      const RowSuper rs = row_super(sb, rn);
      for (int j = 0; j < 8; ++j) {
        uint32_t sc, m;
        scale_min(rs.words, j, sc, m);
        // a·u then + b, unfused, with a = d·sc and b = −(dmin·m): every table's to_f32.
        const float a = rs.d * float(sc), b = -(rs.dmin * float(m));
        for (int k = 0; k < 32; ++k) {
          const float prod = a * float(u_of(sb, rn, 32 * j + k));
          out[i * p.cols + 256 * s + 32 * j + k] = prod + b;
        }
      }
    }
  }
}

// The portable packed GEMV of a Q4_K or Q5_K weight (the reference of the SIMD ones); u_of as above.
template <int64_t SuperBytes, class U>
void gemv_generic(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K, int T,
                  float* y, int64_t ldy, U u_of) {
  const int64_t supers = K / 256, G = (n_rows + kPackRows - 1) / kPackRows;
  const auto* a = static_cast<const uint8_t*>(act);
  for (int64_t g = 0; g < G; ++g)
    for (int n = 0; n < kPackRows && kPackRows * g + n < n_rows; ++n)
      for (int t = 0; t < T; ++t) {
        const uint8_t* ar = a + size_t(t) * act_ld;
        const auto* q = reinterpret_cast<const int8_t*>(ar);
        float acc = 0;
        for (int64_t s = 0; s < supers; ++s) {
          const uint8_t* sb = groups + g * group_bytes + s * SuperBytes;
          const RowSuper rs = row_super(sb, n);
          const float* sa = act_q8_s(ar, K) + 16 * s;
          int32_t isum = 0;  // Σ_j sc_j · Σ u·q: exact (|isum| ≤ 8 · 63 · 32 · 31 · 128 < 2^27)
          float msum = 0;    // Σ_j m_j · (the activation's d · Σq over sub-block j)
          for (int j = 0; j < 8; ++j) {
            uint32_t sc, m;
            scale_min(rs.words, j, sc, m);
            int32_t sub = 0;
            for (int k = 0; k < 32; ++k) sub += u_of(sb, n, 32 * j + k) * int32_t(q[256 * s + 32 * j + k]);
            isum += int32_t(sc) * sub;
            msum = std::fma(float(m), sa[2 * j] + sa[2 * j + 1], msum);
          }
          // As the SIMD rows compute it: d·d_a·Σ sc·Σu·q − dmin·Σ m·s_a, fused.
          acc = std::fma(float(isum), rs.d * act_q8_d(ar, K)[16 * s], acc);
          acc = std::fma(-rs.dmin, msum, acc);
        }
        y[t * ldy + kPackRows * g + n] = acc;
      }
}

}  // namespace dsw::cpu::packed_k
