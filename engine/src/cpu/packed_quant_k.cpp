// Q4_K weights repacked into 16-row groups (layout: packed_quant.h), dequantised back, and the
// portable packed GEMV that the SIMD ones (kernels_avx512_packed_k.inc) are tested against.
//
// The packed copy holds the source's bytes, moved: each row's fp16 d and dmin and its twelve bytes
// of 6-bit scales and mins, and the 4-bit quants. So dequantising it gives to_f32's values bit for
// bit, and a GEMV on it is the unpacked GEMV's function (same int8 activations, Q8_K style) up to
// the order of the f32 sums.
#include "cpu/packed_quant.h"
#include "cpu/packed_quant_k_rows.h"

#include <cstring>

namespace dsw::cpu {
namespace {

constexpr int kSourceBytes = 144;  // one Q4_K block (256 weights) of one row

using packed_k::nibble;

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
  packed_k::rows_to_f32<kQ4KSuperBytes>(p, r0, n, out, packed_u);
}

void gemv_packed_q4_k_generic(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K,
                              int T, float* y, int64_t ldy) {
  packed_k::gemv_generic<kQ4KSuperBytes>(groups, group_bytes, n_rows, act, act_ld, K, T, y, ldy, packed_u);
}

}  // namespace dsw::cpu
