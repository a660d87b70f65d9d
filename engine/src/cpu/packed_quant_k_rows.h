// One row's view of a repacked Q4_K / Q5_K super-block (layout: packed_quant.h): the portable
// readers shared by packed_quant_k.cpp and packed_quant_q5k.cpp. Q5_K's super-block is Q4_K's 36
// lines followed by its high-bit lines, so the same offsets serve both.
#pragma once

#include "cpu/convert.h"

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

}  // namespace dsw::cpu::packed_k
