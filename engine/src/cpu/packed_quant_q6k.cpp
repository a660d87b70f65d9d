// Q6_K weights repacked into 16-row groups (layout: packed_quant.h), dequantised back, and the
// portable packed GEMV that the SIMD ones (kernels_avx512_packed_q6k.inc) are tested against.
//
// A Q6_K row holds per 256 weights ql[128] (low 4 bits), qh[64] (high 2 bits), 16 int8 scales
// (one per 16 weights) and an fp16 d: w = d · sc · (u − 32), u = low | high << 4 in 0..63
// (quant_blocks.h's KBlockQ6_K says which bits belong to which weight). One packed super-block of
// 16 rows is kQ6KSuperBytes = 53 lines of 64 bytes (the source's 16 · 210 = 3,360 bytes and 32
// bytes of padding), every line one row per 32-bit lane:
// - line 0: the 16 rows' fp16 d (bytes 2n, 2n + 1), then 32 zero bytes;
// - lines 1..4: line 1 + i holds row n's scales[4i .. 4i + 3] at bytes 4n .. 4n + 3;
// - lines 5..36: line 5 + 16h + v holds row n's ql[64h + 4v .. 64h + 4v + 3] (h = 0, 1; v = 0..15):
//   the low nibbles are the low bits of elements 128h + 4v + i, the high nibbles those of
//   128h + 64 + 4v + i;
// - lines 37..52: line 37 + 8h + m holds row n's qh[32h + 4m .. 32h + 4m + 3] (m = 0..7): bits 2j,
//   2j + 1 of byte i are the high bits of element 128h + 32j + 4m + i.
// So the ql line of elements 128h + 16q + 4k + i (q = 0..3, k = 0..3: sub-block 8h + q) takes its
// high bits from qh line 37 + 8h + 4(q % 2) + k, bits 2(q / 2); the ql line's high nibbles
// (sub-block 8h + 4 + q) from the same qh line, bits 4 + 2(q / 2). One line and one qh line give
// two 64-byte u vectors, each one vpdpbusd for 16 rows.
//
// The packed copy holds the source's bytes, moved: dequantising it gives to_f32's values bit for
// bit, and a GEMV on it is the unpacked GEMV's function (Q8_K activations) up to the order of the
// f32 sums. The −32 is folded with the activation's per-16 sums s_a (as Q4_K folds its mins):
//   Σ w·x = d · (d_a · Σ_g sc_g Σ u·q − 32 · Σ_g sc_g · s_a[g]).
#include "cpu/convert.h"
#include "cpu/packed_quant.h"

#include <cmath>
#include <cstring>

namespace dsw::cpu {
namespace {

constexpr int kSourceBytes = 210;  // one Q6_K block (256 weights) of one row
constexpr int kScaleLine = 1, kQlLine = 5, kQhLine = 37;

// u (0..63) of row n, column e (0..255) of a packed super-block.
inline int packed_u(const uint8_t* sb, int n, int e) {
  const int h = e / 128, r = e % 128, l = r % 64, j = r / 32;
  const uint8_t ql = sb[64 * (kQlLine + 16 * h + l / 4) + 4 * n + l % 4];
  const uint8_t qh = sb[64 * (kQhLine + 8 * h + (r % 32) / 4) + 4 * n + r % 4];
  const int low = r < 64 ? ql & 15 : ql >> 4;
  return low | ((qh >> (2 * j)) & 3) << 4;
}

inline float packed_d(const uint8_t* sb, int n) {
  uint16_t h;
  std::memcpy(&h, sb + 2 * n, 2);
  return f16_to_f32(h);
}

inline int packed_scale(const uint8_t* sb, int n, int g) {
  return int(static_cast<int8_t>(sb[64 * (kScaleLine + g / 4) + 4 * n + g % 4]));
}

}  // namespace

void pack_q6_k(const uint8_t* w, size_t row_bytes, int64_t rows, int64_t supers, uint8_t* out) {
  const int64_t groups = (rows + kPackRows - 1) / kPackRows;
  for (int64_t g = 0; g < groups; ++g)
    for (int n = 0; n < kPackRows && kPackRows * g + n < rows; ++n) {
      const uint8_t* row = w + size_t(kPackRows * g + n) * row_bytes;
      for (int64_t s = 0; s < supers; ++s) {
        const uint8_t* blk = row + s * kSourceBytes;  // ql[128], qh[64], scales[16], d
        uint8_t* sb = out + (g * supers + s) * kQ6KSuperBytes;
        std::memcpy(sb + 2 * n, blk + 208, 2);
        for (int i = 0; i < 4; ++i) std::memcpy(sb + 64 * (kScaleLine + i) + 4 * n, blk + 192 + 4 * i, 4);
        for (int l = 0; l < 32; ++l) std::memcpy(sb + 64 * (kQlLine + l) + 4 * n, blk + 4 * l, 4);
        for (int l = 0; l < 16; ++l) std::memcpy(sb + 64 * (kQhLine + l) + 4 * n, blk + 128 + 4 * l, 4);
      }
    }
}

void packed_q6_k_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out) {
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = r0 + i, g = r / kPackRows;
    const int rn = int(r % kPackRows);
    for (int64_t s = 0; s < p.blocks; ++s) {
      const uint8_t* sb = p.group(g) + s * kQ6KSuperBytes;
      const float d = packed_d(sb, rn);
      for (int sub = 0; sub < 16; ++sub) {
        // a·u then + b, unfused, with a = d·sc and b = −32·a: every table's to_f32.
        const float a = d * float(packed_scale(sb, rn, sub)), b = -32.0f * a;
        for (int k = 0; k < 16; ++k) {
          const float prod = a * float(packed_u(sb, rn, 16 * sub + k));
          out[i * p.cols + 256 * s + 16 * sub + k] = prod + b;
        }
      }
    }
  }
}

void gemv_packed_q6_k_generic(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K,
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
          const uint8_t* sb = groups + g * group_bytes + s * kQ6KSuperBytes;
          const float* sa = act_q8_s(ar, K) + 16 * s;
          int32_t isum = 0;  // Σ_g sc_g · Σ u·q: exact (|isum| < 16 · 128 · 16 · 63 · 127 < 2^29)
          float msum = 0;    // Σ_g sc_g · s_a[g]
          for (int sub = 0; sub < 16; ++sub) {
            const int sc = packed_scale(sb, n, sub);
            int32_t part = 0;
            for (int k = 0; k < 16; ++k) part += packed_u(sb, n, 16 * sub + k) * int32_t(q[256 * s + 16 * sub + k]);
            isum += sc * part;
            msum = std::fma(float(sc), sa[sub], msum);
          }
          // As the SIMD rows compute it: d·d_a·Σ sc·Σu·q − 32·d·Σ sc·s_a, fused.
          const float d = packed_d(sb, n);
          acc = std::fma(float(isum), d * act_q8_d(ar, K)[16 * s], acc);
          acc = std::fma(-32.0f * d, msum, acc);
        }
        y[t * ldy + kPackRows * g + n] = acc;
      }
}

}  // namespace dsw::cpu
