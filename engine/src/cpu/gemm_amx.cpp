// AMX-BF16 tile of the prefill GEMM (Intel Sapphire Rapids and later). Compiled with -mamx-tile
// -mamx-bf16; called only after cpu_features() saw AMX and Linux granted the tile state.
//
// Eight tile registers: C in tmm0..3 (2 × 2 tiles of 16 × 16 f32 = 32 activation rows × 32
// outputs), A in tmm4..5 (16 rows × 32 bf16 each), B in tmm6..7 (16 pair lines × 16 outputs).
// One TDPBF16PS multiplies 16 × 32 by 32 × 16 (16,384 flops); each step of 32 along K issues four
// per pass, and the extra passes (A_lo · B_hi, A_hi · B_lo) bring the product to ~16-bit precision;
// with lo_lo a fourth (A_lo · B_lo) makes the product of operands of ≤ 16 significant bits exact.
#include "cpu/gemm_bf16_kernels.h"

#include "cpu/amx_tiles.h"

#include <immintrin.h>

namespace dsw::cpu {
namespace {

inline void prefetch_2k(const uint16_t* p) {
  const char* c = reinterpret_cast<const char*>(p);
  for (int off = 0; off < 2048; off += 64) _mm_prefetch(c + off, _MM_HINT_T0);
}

constexpr long kStrideA = 64, kStrideB = 128;  // bytes between tile rows: A tiles are contiguous 1 KiB blocks

// One pass over a k-step: A (32 rows) into tmm4..5, B (pair lines of 32 outputs) into tmm6..7
// unless b is null (the B loaded last is used again), then C (tmm0..3) += A · B.
inline void pass(const uint16_t* a, const uint16_t* b = nullptr) {
  _tile_loadd(4, a, kStrideA);
  _tile_loadd(5, a + 512, kStrideA);
  if (b) {
    _tile_loadd(6, b, kStrideB);
    _tile_loadd(7, b + 32, kStrideB);
  }
  _tile_dpbf16ps(0, 4, 6);
  _tile_dpbf16ps(1, 4, 7);
  _tile_dpbf16ps(2, 5, 6);
  _tile_dpbf16ps(3, 5, 7);
}

}  // namespace

void amx_begin() {
  AmxTileShape tiles[8];
  for (auto& t : tiles) t = {16, 64};  // every tile full: 16 rows of 64 bytes
  amx_load_tiles(tiles);
}

void amx_end() { _tile_release(); }

void bf16_tile_amx(const uint16_t* a_hi, const uint16_t* a_lo, const uint16_t* b_hi, const uint16_t* b_lo, int64_t Kp, float* c,
                   bool lo_lo) {
  _tile_zero(0);
  _tile_zero(1);
  _tile_zero(2);
  _tile_zero(3);
  for (int64_t k = 0; k < Kp; k += 32) {
    const uint16_t* ah = a_hi + k * 32;  // k-step k/32: 1024 values, rows 0-15 then 16-31
    const uint16_t* bh = b_hi + k * 32;  // pair line k/2, 64 values per line
    // The tiles come from L2 (each A block meets four panels, each panel every row block, but no
    // value twice in one call): fetch each operand four steps (8 KiB) ahead into L1, or every tile
    // load waits for L2 (measured on a busy machine: ~100 GFLOP/s of tile work without, 125-700
    // with, 420-560 when everything is in L1; tile instructions alone: 650).
    if (k + 128 < Kp) {
      prefetch_2k(ah + 4096);
      prefetch_2k(bh + 4096);
      if (a_lo) prefetch_2k(a_lo + k * 32 + 4096);
      if (b_lo) prefetch_2k(b_lo + k * 32 + 4096);
    }
    const uint16_t* al = a_lo ? a_lo + k * 32 : nullptr;
    pass(ah, bh);
    if (al) pass(al);
    if (b_lo) {
      pass(ah, b_lo + k * 32);
      if (lo_lo && al) pass(al);  // A_lo · B_lo: with ≤ 16-bit operands every product is then exact
    }
  }
  _tile_stored(0, c, 128);
  _tile_stored(1, c + 16, 128);
  _tile_stored(2, c + 16 * 32, 128);
  _tile_stored(3, c + 16 * 32 + 16, 128);
}

}  // namespace dsw::cpu
