// Q5_0 / Q5_1 weights repacked into 16-row groups (layout: packed_quant.h), dequantised back, the
// portable packed GEMV that the SIMD ones (kernels_avx512_packed_q5.inc) are tested against, and
// the Q5_0 panel unpacking for the AMX int8 prefill (gemm_packed.cpp).
//
// A pair (two 32-weight blocks of 16 rows) is the source's bytes, moved:
//   bytes   0..255  block 2p's low four bits, as Q4_0's packed vectors (vector v, byte 4n + i: low
//                   nibble = row n, column 4v + i; high nibble = column 16 + 4v + i);
//   bytes 256..511  block 2p + 1's, likewise;
//   bytes 512..575  block 2p's fifth bits: eight 64-bit words, word L bit 4n + i = bit 4L + i of row
//                   n's qh (column 4L + i): word v is the byte mask of vector v's low nibbles, word
//                   v + 4 that of its high nibbles, so the kernel loads it into a mask register and
//                   adds 16 where it is set (one masked add per 64 weights);
//   bytes 576..639  block 2p + 1's fifth bits, likewise;
//   bytes 640..703  fp16 d: rows 0..15 of block 2p, then of block 2p + 1;
//   bytes 704..767  (Q5_1 only) fp16 m, likewise.
// 704 / 768 bytes: the source's 22 / 24 bytes per 32 weights, every part a whole 64-byte line, so
// every load is aligned. Dequantising gives to_f32's values bit for bit (w = d·u − 16·d for Q5_0,
// d·u + m for Q5_1, each a·u then + b, unfused, as the reference writes it), and the GEMV computes
// the unpacked GEMV's function on the same activations (Q8_0 blocks for Q5_0; Q8_1 with the
// block's fp16-rounded sum s for Q5_1): per block d·(d_a·Σu·q − 16·s_a), resp. d·d_a·Σu·q + m·s.
#include "cpu/convert.h"
#include "cpu/packed_quant.h"

#include <cmath>
#include <cstring>

namespace dsw::cpu {
namespace {

struct Q5Layout {
  bool one;         // Q5_1
  int src_block;    // 22 / 24 source bytes per 32 weights
  int src_qh;       // offset of qh in a source block
  int64_t pair;     // packed_pair_bytes
};

Q5Layout layout(WType t) {
  const bool one = t == WType::q5_1;
  return {one, one ? 24 : 22, one ? 4 : 2, packed_pair_bytes(t)};
}

constexpr int kPlanes = 512, kD = 640, kM = 704;  // offsets in a pair (see above)

// u (0..31) of row n, block-local column k (0..31) of block h (0, 1) of a pair.
inline int packed_u(const uint8_t* pair, int h, int n, int k) {
  const uint8_t byte = pair[256 * h + 64 * ((k % 16) / 4) + 4 * n + k % 4];
  uint64_t word;
  std::memcpy(&word, pair + kPlanes + 64 * h + 8 * (k / 4), 8);
  const int bit = int((word >> (4 * n + k % 4)) & 1);
  return (k < 16 ? byte & 15 : byte >> 4) | bit << 4;
}

inline float half_at(const uint8_t* p) {
  uint16_t h;
  std::memcpy(&h, p, 2);
  return f16_to_f32(h);
}

}  // namespace

void pack_q5(WType t, const uint8_t* w, size_t row_bytes, int64_t rows, int64_t blocks, int64_t group_bytes, uint8_t* out) {
  const Q5Layout L = layout(t);
  const int64_t groups = (rows + kPackRows - 1) / kPackRows;
  for (int64_t g = 0; g < groups; ++g)
    for (int n = 0; n < kPackRows && kPackRows * g + n < rows; ++n) {
      const uint8_t* row = w + size_t(kPackRows * g + n) * row_bytes;
      for (int64_t b = 0; b < blocks; ++b) {
        const uint8_t* blk = row + b * L.src_block;
        uint8_t* pair = out + g * group_bytes + (b / 2) * L.pair;
        const int h = int(b % 2);
        std::memcpy(pair + kD + 32 * h + 2 * n, blk, 2);
        if (L.one) std::memcpy(pair + kM + 32 * h + 2 * n, blk + 2, 2);
        for (int v = 0; v < 4; ++v) std::memcpy(pair + 256 * h + 64 * v + 4 * n, blk + L.src_qh + 4 + 4 * v, 4);
        uint32_t qh;
        std::memcpy(&qh, blk + L.src_qh, 4);
        for (int l = 0; l < 8; ++l) {  // bits 4l..4l+3 of row n's qh to bits 4n..4n+3 of word l
          uint64_t word;
          std::memcpy(&word, pair + kPlanes + 64 * h + 8 * l, 8);
          word |= uint64_t((qh >> (4 * l)) & 15) << (4 * n);
          std::memcpy(pair + kPlanes + 64 * h + 8 * l, &word, 8);
        }
      }
    }
}

void packed_q5_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out) {
  const Q5Layout L = layout(p.type);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = r0 + i, g = r / kPackRows;
    const int rn = int(r % kPackRows);
    for (int64_t b = 0; b < p.blocks; ++b) {
      const uint8_t* pair = p.group(g) + (b / 2) * L.pair;
      const int h = int(b % 2);
      const float d = half_at(pair + kD + 32 * h + 2 * rn);
      const float bias = L.one ? half_at(pair + kM + 32 * h + 2 * rn) : -16.0f * d;
      // a·u then + b, unfused, exactly as every table's to_f32.
      for (int k = 0; k < 32; ++k) {
        const float prod = d * float(packed_u(pair, h, rn, k));
        out[i * p.cols + 32 * b + k] = prod + bias;
      }
    }
  }
}

void gemv_packed_q5_generic(WType t, const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld,
                            int64_t K, int T, float* y, int64_t ldy) {
  const Q5Layout L = layout(t);
  const int64_t blocks = K / 32, G = (n_rows + kPackRows - 1) / kPackRows;
  const auto* a = static_cast<const uint8_t*>(act);
  for (int64_t g = 0; g < G; ++g) {
    float acc[kMaxDotRows][kPackRows] = {};
    for (int64_t b = 0; b < blocks; ++b) {
      const uint8_t* pair = groups + g * group_bytes + (b / 2) * L.pair;
      const int h = int(b % 2);
      for (int t_ = 0; t_ < T; ++t_) {
        const uint8_t* ar = a + size_t(t_) * act_ld;
        const auto* q = reinterpret_cast<const int8_t*>(ar) + 32 * b;
        const float da = act_q8_d(ar, K)[2 * b];
        const float* s = act_q8_s(ar, K) + 2 * b;
        for (int n = 0; n < kPackRows; ++n) {
          int32_t isum = 0;
          for (int k = 0; k < 32; ++k) isum += packed_u(pair, h, n, k) * int32_t(q[k]);
          const float dw = half_at(pair + kD + 32 * h + 2 * n);
          // As the SIMD rows compute it, fused. Q5_0: d·(d_a·Σu·q − 16·s_a); Q5_1: d·d_a·Σu·q + m·s
          // (s: the Q8_1 block's rounded sum, in s[0]; s[1] is 0).
          if (L.one) {
            acc[t_][n] = std::fma(float(isum), dw * da, acc[t_][n]);
            acc[t_][n] = std::fma(half_at(pair + kM + 32 * h + 2 * n), s[0], acc[t_][n]);
          } else {
            acc[t_][n] = std::fma(std::fma(float(isum), da, -16.0f * (s[0] + s[1])), dw, acc[t_][n]);
          }
        }
      }
    }
    for (int t_ = 0; t_ < T; ++t_)
      for (int n = 0; n < kPackRows && kPackRows * g + n < n_rows; ++n) y[t_ * ldy + kPackRows * g + n] = acc[t_][n];
  }
}

void unpack_q5_0_group(const uint8_t* src, int64_t pairs, uint8_t* dst) {
  constexpr int kSrcPair = 704, kDstPair = 2 * 512 + 64;
  for (int64_t p = 0; p < pairs; ++p) {
    const uint8_t* s = src + p * kSrcPair;
    uint8_t* d = dst + p * kDstPair;
    for (int h = 0; h < 2; ++h)
      for (int l = 0; l < 8; ++l) {
        uint64_t word;
        std::memcpy(&word, s + kPlanes + 64 * h + 8 * l, 8);
        for (int i = 0; i < 64; ++i) {
          const uint8_t byte = s[256 * h + 64 * (l % 4) + i];
          const int nib = l < 4 ? byte & 15 : byte >> 4;
          d[512 * h + 64 * l + i] = uint8_t(nib | int((word >> i) & 1) << 4);
        }
      }
    std::memcpy(d + 1024, s + kD, 64);
  }
}

}  // namespace dsw::cpu
