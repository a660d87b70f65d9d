// ggml's block-quantised weight layouts, as the CPU kernels read them (plain C++, no library
// headers and only static inline functions, so the per-ISA kernel units can include it).
//
// Byte layouts follow ggml-common.h (docs: docs/reference/formats.md §2.5, and ggml's
// dequantize_row_* functions for the types that section does not spell out). Every block is
// packed (no padding) and the blocks of a row follow each other.
//
// Every type is read through one model: a block is a run of small unsigned integers u (0..255)
// with, for each group of 16 consecutive weights g, a scale a_g and an offset b_g, so that
//   w = a_g * u + b_g.
// Q8_0 stores signed q: u = q + 128, b = -128 d. Q4_0: u = nibble, b = -8 d. Q4_1: b = m.
// Q5_0: b = -16 d. Q5_1: b = m. Q2_K: a = d·(sc & 15), b = -dmin·(sc >> 4). Q3_K: u = 3 bits,
// a = d·(sc - 32), b = -4a. Q4_K / Q5_K: a = d·sc_j, b = -dmin·m_j per 32. Q6_K: a = d·sc, b = -32a.
// This form keeps every integer dot product unsigned × signed (what VNNI's vpdpbusd and AVX2's
// vpmaddubsw multiply) and turns the offsets into one multiply-add per group with the activation
// sums.
#pragma once

#include <cstdint>

namespace dsw::cpu {

struct KBlockQ8_0 {
  uint16_t d;
  int8_t qs[32];
};
struct KBlockQ4_0 {
  uint16_t d;
  uint8_t qs[16];  // element j in the low nibble of byte j, element j + 16 in its high nibble
};
struct KBlockQ4_1 {
  uint16_t d, m;
  uint8_t qs[16];
};
struct KBlockQ5_0 {
  uint16_t d;
  uint8_t qh[4];  // bit j = fifth bit of element j (little-endian 32-bit word)
  uint8_t qs[16];
};
struct KBlockQ5_1 {
  uint16_t d, m;
  uint8_t qh[4];
  uint8_t qs[16];
};
struct KBlockQ2_K {
  uint8_t scales[16];  // per 16: low nibble scale, high nibble min
  uint8_t qs[64];      // element 128n + 32j + l: (qs[32n + l] >> 2j) & 3
  uint16_t d, dmin;
};
struct KBlockQ3_K {
  uint8_t hmask[32];   // element 128n + 32j + l: bit (4n + j) of hmask[l] set -> +4
  uint8_t qs[64];      // low 2 bits, as Q2_K
  uint8_t scales[12];  // sixteen 6-bit scales, biased by 32
  uint16_t d;
};
struct KBlockQ4_K {
  uint16_t d, dmin;
  uint8_t scales[12];  // eight 6-bit scales and eight 6-bit mins
  uint8_t qs[128];     // element 64c + l: low nibble of qs[32c + l]; 64c + 32 + l: its high nibble
};
struct KBlockQ5_K {
  uint16_t d, dmin;
  uint8_t scales[12];
  uint8_t qh[32];      // element 64c + l: bit 2c of qh[l]; 64c + 32 + l: bit 2c + 1
  uint8_t qs[128];
};
struct KBlockQ6_K {
  uint8_t ql[128];     // element 128n + l (l < 64): low nibble of ql[64n + l]; 128n + 64 + l: high nibble
  uint8_t qh[64];      // element 128n + 32j + l: bits 2j..2j+1 of qh[32n + l]
  int8_t scales[16];   // per 16, in element order
  uint16_t d;
};

static_assert(sizeof(KBlockQ8_0) == 34 && sizeof(KBlockQ4_0) == 18 && sizeof(KBlockQ4_1) == 20 && sizeof(KBlockQ5_0) == 22 &&
              sizeof(KBlockQ5_1) == 24);
static_assert(sizeof(KBlockQ2_K) == 84 && sizeof(KBlockQ3_K) == 110 && sizeof(KBlockQ4_K) == 144 && sizeof(KBlockQ5_K) == 176 &&
              sizeof(KBlockQ6_K) == 210);

// The 6-bit scale/min pair j (0..7) of a Q4_K / Q5_K block.
static inline void k_scale_min_k4(const uint8_t* q, int j, uint8_t* sc, uint8_t* m) {
  if (j < 4) {
    *sc = q[j] & 63;
    *m = q[j + 4] & 63;
  } else {
    *sc = uint8_t((q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4));
    *m = uint8_t((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
  }
}

// The sixteen 6-bit scales of a Q3_K block, unbiased (-32..31), in element order.
static inline void k_q3_k_scales(const uint8_t* s, int8_t out[16]) {
  for (int j = 0; j < 16; ++j) {
    const int low = j < 8 ? (s[j] & 15) : (s[j - 8] >> 4);
    const int high = (s[8 + (j & 3)] >> (2 * (j >> 2))) & 3;
    out[j] = int8_t((low | (high << 4)) - 32);
  }
}

}  // namespace dsw::cpu
