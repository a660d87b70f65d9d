// Q5_K weights repacked into 16-row groups (layout: packed_quant.h), dequantised back, and the
// portable packed GEMV that the SIMD ones (kernels_avx512_packed_q5k.inc) are tested against.
//
// A Q5_K super-block of one row (176 bytes) is a Q4_K one (d, dmin, twelve bytes of 6-bit scales
// and mins, 128 bytes of nibbles) plus qh[32], the fifth bit of every weight: weight 64c + l
// (l < 32) has bit 2c of qh[l] above the low nibble of qs[32c + l], weight 64c + 32 + l bit 2c + 1
// above its high nibble (ggml's dequantize_row_q5_K). So a 16-row packed super-block is Q4_K's 36
// lines (same places, same bytes) followed by 8 lines of qh:
//   line 36 + v holds, for row n, the source bytes qh[4v .. 4v + 3] at bytes 4n .. 4n + 3,
// byte for byte beside nibble lines 4 + 8c + v (c = 0..3), which hold qs[32c + 4v .. + 3] of the
// same rows at the same bytes: one load of line 36 + v gives, at the same byte, bit 2c for the low
// nibble and bit 2c + 1 for the high nibble of every nibble line v of the super-block. 44 lines
// (2,816 bytes, the source's 176 per row), nothing rounded or re-derived: dequantising the copy
// gives to_f32's values bit for bit; w = d · sc · u − dmin · m with u = nibble | hbit << 4 (0..31).
#include "cpu/packed_quant.h"
#include "cpu/packed_quant_k_rows.h"

#include <cmath>
#include <cstring>

namespace dsw::cpu {
namespace {

constexpr int kSourceBytes = 176;  // one Q5_K block (256 weights) of one row
constexpr int kQhLine = 36;        // first of the 8 high-bit lines of a packed super-block

using packed_k::row_super;
using packed_k::RowSuper;
using packed_k::scale_min;

// u (0..31) of row n, column e (0..255) of a packed super-block.
inline int packed_u(const uint8_t* sb, int n, int e) {
  const int c = e / 64, hi = (e % 64) / 32, col = e % 32;
  const uint8_t h = sb[64 * (kQhLine + col / 4) + 4 * n + col % 4];
  return packed_k::nibble(sb, n, e) | (((h >> (2 * c + hi)) & 1) << 4);
}

}  // namespace

void pack_q5_k(const uint8_t* w, size_t row_bytes, int64_t rows, int64_t supers, uint8_t* out) {
  const int64_t groups = (rows + kPackRows - 1) / kPackRows;
  for (int64_t g = 0; g < groups; ++g)
    for (int n = 0; n < kPackRows && kPackRows * g + n < rows; ++n) {
      const uint8_t* row = w + size_t(kPackRows * g + n) * row_bytes;
      for (int64_t s = 0; s < supers; ++s) {
        const uint8_t* blk = row + s * kSourceBytes;  // d, dmin, scales[12], qh[32], qs[128]
        uint8_t* sb = out + (g * supers + s) * kQ5KSuperBytes;
        std::memcpy(sb + 2 * n, blk, 2);
        std::memcpy(sb + 32 + 2 * n, blk + 2, 2);
        for (int i = 0; i < 3; ++i) std::memcpy(sb + 64 * (1 + i) + 4 * n, blk + 4 + 4 * i, 4);
        for (int l = 0; l < 32; ++l) std::memcpy(sb + 64 * (4 + l) + 4 * n, blk + 48 + 4 * l, 4);
        for (int v = 0; v < 8; ++v) std::memcpy(sb + 64 * (kQhLine + v) + 4 * n, blk + 16 + 4 * v, 4);
      }
    }
}

void packed_q5_k_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out) {
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = r0 + i, g = r / kPackRows;
    const int rn = int(r % kPackRows);
    for (int64_t s = 0; s < p.blocks; ++s) {
      const uint8_t* sb = p.group(g) + s * kQ5KSuperBytes;
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

void gemv_packed_q5_k_generic(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K,
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
          const uint8_t* sb = groups + g * group_bytes + s * kQ5KSuperBytes;
          const RowSuper rs = row_super(sb, n);
          const float* sa = act_q8_s(ar, K) + 16 * s;
          int32_t isum = 0;  // Σ_j sc_j · Σ u·q: exact (|isum| ≤ 8 · 63 · 32 · 31 · 128 < 2^27)
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
