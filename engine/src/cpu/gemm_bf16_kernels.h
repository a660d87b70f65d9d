// The ISA units behind gemm_bf16.cpp (plain C++ declarations; gemm_avx512bf16.cpp is compiled with
// -mavx512bf16, gemm_amx.cpp with -mamx-tile -mamx-bf16; called only when cpu_features() says so).
//
// Layouts (bf16 values as uint16_t):
// - activations: rows of Kp = K rounded up to 32 values, zero-padded; "hi" = round-to-nearest-even
//   bf16 of x, "lo" = bf16 of the exact remainder x - hi, so hi + lo carries 16 significant bits;
// - a weight panel: 32 output rows × Kp, stored as Kp/2 lines of 32 pairs (w[n][2p], w[n][2p+1]),
//   the "VNNI" order that both AMX tiles and vdpbf16ps read; hi and lo as for activations.
#pragma once

#include <cstdint>

namespace dsw::cpu {

constexpr int kBf16PanelRows = 32;  // output features per panel
constexpr int kBf16TileRows = 32;   // activation rows per C tile

// x[rows, K] (row stride ldx floats) -> hi/lo [rows, Kp]; lo may be null.
void bf16_split_rows_avx512(const float* x, int64_t ldx, int64_t rows, int64_t K, int64_t Kp, uint16_t* hi, uint16_t* lo);

// w[n, K] f32 rows (n <= 32, row stride K) -> one panel (hi, and lo unless null); rows n..31 are
// zero. tmp holds 2 · 32 · Kp uint16_t.
void bf16_pack_panel_avx512(const float* w, int n, int64_t K, int64_t Kp, uint16_t* hi, uint16_t* lo, uint16_t* tmp);

// c[32 × 32] (row stride 32) = A[32 rows, Kp] · panelᵀ, summing A_hi·B_hi, A_lo·B_hi (when a_lo)
// and A_hi·B_lo (when b_lo). lda in elements.
void bf16_tile_avx512(const uint16_t* a_hi, const uint16_t* a_lo, int64_t lda, const uint16_t* b_hi, const uint16_t* b_lo, int64_t Kp,
                      float* c);
void bf16_tile_amx(const uint16_t* a_hi, const uint16_t* a_lo, int64_t lda, const uint16_t* b_hi, const uint16_t* b_lo, int64_t Kp,
                   float* c);
// Loads the tile configuration on the calling thread (before bf16_tile_amx) / releases the tiles.
void amx_begin();
void amx_end();

}  // namespace dsw::cpu
