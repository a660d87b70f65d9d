// Q4_K weights repacked into 16-row groups (layout: packed_quant.h), dequantised back, and the
// portable packed GEMV that the SIMD ones (kernels_avx512_packed_k.inc) are tested against.
//
// The packed copy holds the source's bytes, moved: each row's fp16 d and dmin and its twelve bytes
// of 6-bit scales and mins, and the 4-bit quants. So dequantising it gives to_f32's values bit for
// bit, and a GEMV on it is the unpacked GEMV's function (same int8 activations, Q8_K style) up to
// the order of the f32 sums.
#include "cpu/convert.h"
#include "cpu/packed_quant.h"
#include "cpu/packed_quant_k_rows.h"

#include <cmath>
#include <cstring>

namespace dsw::cpu {
namespace {

constexpr int kSourceBytes = 144;  // one Q4_K block (256 weights) of one row

using packed_k::nibble;
using packed_k::row_super;
using packed_k::RowSuper;
using packed_k::scale_min;

// u (0..15) of row n, column e (0..255) of a packed super-block.
inline int packed_u(const uint8_t* sb, int n, int e) { return nibble(sb, n, e); }

}  // namespace

void pack_q4_k(const uint8_t* w, size_t row_bytes, int64_t rows, int64_t supers, uint8_t* out) {
  const int64_t groups = (rows + kPackRows - 1) / kPackRows;
  for (int64_t g = 0; g < groups; ++g)
    for (int n = 0; n < kPackRows && kPackRows * g + n < rows; ++n) {
      const uint8_t* row = w + size_t(kPackRows * g + n) * row_bytes;
      for (int64_t s = 0; s < supers; ++s) {
        const uint8_t* blk = row + s * kSourceBytes;  // d, dmin, scales[12], qs[128]
        uint8_t* sb = out + (g * supers + s) * kQ4KSuperBytes;
        std::memcpy(sb + 2 * n, blk, 2);
        std::memcpy(sb + 32 + 2 * n, blk + 2, 2);
        for (int i = 0; i < 3; ++i) std::memcpy(sb + 64 * (1 + i) + 4 * n, blk + 4 + 4 * i, 4);
        for (int l = 0; l < 32; ++l) std::memcpy(sb + 64 * (4 + l) + 4 * n, blk + 16 + 4 * l, 4);
      }
    }
}

void packed_q4_k_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out) {
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = r0 + i, g = r / kPackRows;
    const int rn = int(r % kPackRows);
    for (int64_t s = 0; s < p.blocks; ++s) {
      const uint8_t* sb = p.group(g) + s * kQ4KSuperBytes;
      const RowSuper rs = row_super(sb, rn);
      for (int j = 0; j < 8; ++j) {
        uint32_t sc, m;
        scale_min(rs.words, j, sc, m);
        // a·u then + b, unfused, with a = d·sc and b = −(dmin·m): every table's to_f32.
        const float a = rs.d * float(sc), b = -(rs.dmin * float(m));
        for (int k = 0; k < 32; ++k) {
          const float prod = a * float(packed_u(sb, rn, 32 * j + k));
          out[i * p.cols + 256 * s + 32 * j + k] = prod + b;
        }
      }
    }
  }
}

void gemv_packed_q4_k_generic(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K,
                              int T, float* y, int64_t ldy) {
  const int64_t supers = K / 256, G = (n_rows + kPackRows - 1) / kPackRows;
  const auto* a = static_cast<const uint8_t*>(act);
  for (int64_t g = 0; g < G; ++g)
    for (int n = 0; n < kPackRows && kPackRows * g + n < n_rows; ++n)
      for (int t = 0; t < T; ++t) {
        const uint8_t* ar = a + size_t(t) * act_ld;
        const auto* q = reinterpret_cast<const int8_t*>(ar);
        float acc = 0;
        for (int64_t s = 0; s < supers; ++s) {
          const uint8_t* sb = groups + g * group_bytes + s * kQ4KSuperBytes;
          const RowSuper rs = row_super(sb, n);
          const float* sa = act_q8_s(ar, K) + 16 * s;
          int32_t isum = 0;  // Σ_j sc_j · Σ u·q: exact (|isum| < 2^25)
          float msum = 0;    // Σ_j m_j · (the activation's d · Σq over sub-block j)
          for (int j = 0; j < 8; ++j) {
            uint32_t sc, m;
            scale_min(rs.words, j, sc, m);
            int32_t sub = 0;
            for (int k = 0; k < 32; ++k) sub += packed_u(sb, n, 32 * j + k) * int32_t(q[256 * s + 32 * j + k]);
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

}  // namespace dsw::cpu
