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

#include <cstring>

namespace dsw::cpu {
namespace {

constexpr int kSourceBytes = 176;  // one Q5_K block (256 weights) of one row
constexpr int kQhLine = 36;        // first of the 8 high-bit lines of a packed super-block


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
  packed_k::rows_to_f32<kQ5KSuperBytes>(p, r0, n, out, packed_u);
}

void gemv_packed_q5_k_generic(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K,
                              int T, float* y, int64_t ldy) {
  packed_k::gemv_generic<kQ5KSuperBytes>(groups, group_bytes, n_rows, act, act_ld, K, T, y, ldy, packed_u);
}

}  // namespace dsw::cpu
