// The ISA units behind gemm_bf16.cpp (plain C++ declarations; gemm_avx512bf16.cpp is compiled with
// -mavx512bf16, gemm_amx.cpp with -mamx-tile -mamx-bf16; called only when cpu_features() says so).
//
// Layouts (bf16 values as uint16_t):
// - activations: "hi" = round-to-nearest-even bf16 of x, "lo" = bf16 of the exact remainder
//   x - hi, so hi + lo carries 16 significant bits; K is padded with zeros to Kp (a multiple of
//   32) and rows to a multiple of 32. Stored in tile order, so that every 16 × 32 tile the kernels
//   read is 1 KiB of contiguous memory (row-major rows Kp apart would put a tile's 16 rows in the
//   same L1 set): block b of 32 rows is 32 · Kp values at b · 32 · Kp; inside it, k-step s (32
//   columns) is 1024 values at s · 1024, rows 0-15 then rows 16-31, 32 values per row;
// - a weight panel: 32 output rows × Kp, stored as Kp/2 lines of 32 pairs (w[n][2p], w[n][2p+1]),
//   the "VNNI" order that both AMX tiles and vdpbf16ps read; hi and lo as for activations.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsw::cpu {

constexpr int kBf16PanelRows = 32;  // output features per panel
constexpr int kBf16TileRows = 32;   // activation rows per C tile

// Activation rows [t0, t0 + rows) of x (row stride ldx floats; null: zero rows) into the tile-order
// buffers hi / lo (lo may be null).
void bf16_split_rows_avx512(const float* x, int64_t ldx, int64_t t0, int64_t rows, int64_t K, int64_t Kp, uint16_t* hi, uint16_t* lo);

// w[n, K] f32 rows (n <= 32, row stride K) -> one panel (hi, and lo unless null); rows n..31 are
// zero. tmp holds 2 · 32 · Kp uint16_t.
void bf16_pack_panel_avx512(const float* w, int n, int64_t K, int64_t Kp, uint16_t* hi, uint16_t* lo, uint16_t* tmp);

// c[32 × 32] (row stride 32) = A · panelᵀ for one 32-row activation block (a_hi / a_lo point at
// the block), summing A_hi·B_hi, A_lo·B_hi (when a_lo) and A_hi·B_lo (when b_lo); the AMX tile also
// A_lo·B_lo when lo_lo and both lo parts are given.
void bf16_tile_avx512(const uint16_t* a_hi, const uint16_t* a_lo, const uint16_t* b_hi, const uint16_t* b_lo, int64_t Kp, float* c);
void bf16_tile_amx(const uint16_t* a_hi, const uint16_t* a_lo, const uint16_t* b_hi, const uint16_t* b_lo, int64_t Kp, float* c,
                   bool lo_lo = false);
// Small batches on AMX (gemv_amx.cpp), bf16 weights read in place as the A operand:
// - T <= 64 activation rows of x (row stride ldx, K a multiple of 32) split into hi / lo in the
//   B operand's pair order, G = ceil(T / 16) groups of W = min(T, 16) rows: K/32 steps of
//   G · 32 · W values (per group 16 pair lines × W rows × 2), rows past T zero;
// - c[n × 16·G] (c[i·16·G + t] = output i of row t) = W · (hi + lo)ᵀ for the n (a multiple of 16)
//   bf16 weight rows at w, row_bytes apart. Tiles configured by amx_rows_begin(T).
void bf16_rows_split_vnni(const float* x, int64_t ldx, int T, int64_t K, uint16_t* hi, uint16_t* lo);
void bf16_rows_amx(const uint8_t* w, size_t row_bytes, int64_t n, int T, const uint16_t* b_hi, const uint16_t* b_lo, int64_t K,
                   float* c);
// Loads the tile configuration on the calling thread (before bf16_tile_amx) / releases the tiles.
void amx_begin();
void amx_end();
// Tile configuration for bf16_rows_amx with T rows (narrower B and C tiles below 16 rows).
void amx_rows_begin(int T);

}  // namespace dsw::cpu
