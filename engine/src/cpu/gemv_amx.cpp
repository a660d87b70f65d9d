// Small-batch matmul on AMX for bf16 weights (decode steps of 1..16 rows). Compiled with
// -mamx-tile -mamx-bf16; called only after cpu_features() saw AMX and Linux granted the tile state.
//
// The prefill GEMM (gemm_amx.cpp) repacks each weight panel into the VNNI pair order before the
// tiles multiply it: worth it when 32+ activation rows reuse the panel, ruinous for a handful.
// Here the roles swap: the weights are the A operand, read in place — a 16 × 32 tile of bf16
// weights is 16 rows of 64 bytes, row stride the weight's row bytes — and the few activation rows
// are the B operand, converted once per call to the pair order (16 pair lines × 16 rows per step
// of 32 along K; rows T..15 zero). C[n][t] = Σ_k w[n][k]·x[t][k]. Every weight byte is read once
// for all rows, so a step of 8 rows costs about what a step of one does (memory-bound), where
// the one-pass GEMV (kernels.h) widens each weight and does one f32 FMA per row.
//
// Activations are split into bf16 hi + lo as in the prefill GEMM (gemm_bf16.h): each product is
// accurate to ~2^-16 relative. The sum for one output does not depend on the other rows in the
// batch (same steps, same order), so a request's logits do not change with the batch around it.
#include "cpu/gemm_bf16_kernels.h"

#include <dsw/dtype.h>

#include <immintrin.h>

#include <cstring>

namespace dsw::cpu {

void bf16_rows_split_vnni(const float* x, int64_t ldx, int T, int64_t K, uint16_t* hi, uint16_t* lo) {
  // Step s, pair line p, row t, half h: index s·512 + p·32 + t·2 + h, for k = 32·s + 2·p + h.
  const int64_t steps = K / 32;
  std::memset(hi, 0, size_t(steps) * 512 * sizeof(uint16_t));
  std::memset(lo, 0, size_t(steps) * 512 * sizeof(uint16_t));
  for (int t = 0; t < T; ++t) {
    const float* xr = x + t * ldx;
    for (int64_t s = 0; s < steps; ++s) {
      // 32 values -> 32 bf16 hi (round to nearest even) and the remainders' bf16.
      const __m512 v0 = _mm512_loadu_ps(xr + s * 32), v1 = _mm512_loadu_ps(xr + s * 32 + 16);
      const __m512bh h = _mm512_cvtne2ps_pbh(v1, v0);
      const __m512i hw = reinterpret_cast<const __m512i&>(h);
      const __m512 h0 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_castsi512_si256(hw)), 16));
      const __m512 h1 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(hw, 1)), 16));
      const __m512bh l = _mm512_cvtne2ps_pbh(_mm512_sub_ps(v1, h1), _mm512_sub_ps(v0, h0));
      alignas(64) uint32_t hp[16], lp[16];  // pair p of row t: (x[2p], x[2p+1])
      _mm512_store_si512(hp, hw);
      _mm512_store_si512(lp, reinterpret_cast<const __m512i&>(l));
      auto* dh = reinterpret_cast<uint32_t*>(hi + s * 512) + t;
      auto* dl = reinterpret_cast<uint32_t*>(lo + s * 512) + t;
      for (int p = 0; p < 16; ++p) {
        dh[p * 16] = hp[p];
        dl[p * 16] = lp[p];
      }
    }
  }
}

namespace {

// NB blocks of 16 weight rows (C in tmm0..NB-1, A in tmm4, B hi / lo in tmm6 / tmm7).
template <int NB>
void rows_block(const uint8_t* w, long rb, const uint16_t* b_hi, const uint16_t* b_lo, int64_t K, float* c) {
  _tile_zero(0);
  if constexpr (NB > 1) _tile_zero(1);
  if constexpr (NB > 2) _tile_zero(2);
  if constexpr (NB > 3) _tile_zero(3);
  for (int64_t k = 0; k < K; k += 32) {
    // The weights stream from memory. Each row is its own short stream (4 KiB at K = 2048, a page
    // of its own), too short for the hardware prefetcher to follow 16 · NB of them: fetch instead
    // the next block of rows — contiguous memory, the one the caller multiplies next — into L2,
    // an even share of it per step, so the tile loads here read L2.
    const char* next = reinterpret_cast<const char*>(w) + 16 * NB * rb + (k / 32) * (16 * NB * 64);
    _tile_loadd(6, b_hi + k * 16, 64);
    _tile_loadd(7, b_lo + k * 16, 64);
    const uint8_t* a = w + k * 2;
    _tile_loadd(4, a, rb);
    _tile_dpbf16ps(0, 4, 6);
    _tile_dpbf16ps(0, 4, 7);
    for (int j = 0; j < 16; ++j) _mm_prefetch(next + (0 * 16 + j) * 64, _MM_HINT_T1);
    if constexpr (NB > 1) {
      _tile_loadd(4, a + 16 * rb, rb);
      _tile_dpbf16ps(1, 4, 6);
      _tile_dpbf16ps(1, 4, 7);
      for (int j = 0; j < 16; ++j) _mm_prefetch(next + (1 * 16 + j) * 64, _MM_HINT_T1);
    }
    if constexpr (NB > 2) {
      _tile_loadd(4, a + 32 * rb, rb);
      _tile_dpbf16ps(2, 4, 6);
      _tile_dpbf16ps(2, 4, 7);
      for (int j = 0; j < 16; ++j) _mm_prefetch(next + (2 * 16 + j) * 64, _MM_HINT_T1);
    }
    if constexpr (NB > 3) {
      _tile_loadd(4, a + 48 * rb, rb);
      _tile_dpbf16ps(3, 4, 6);
      _tile_dpbf16ps(3, 4, 7);
      for (int j = 0; j < 16; ++j) _mm_prefetch(next + (3 * 16 + j) * 64, _MM_HINT_T1);
    }
  }
  _tile_stored(0, c, 64);
  if constexpr (NB > 1) _tile_stored(1, c + 256, 64);
  if constexpr (NB > 2) _tile_stored(2, c + 512, 64);
  if constexpr (NB > 3) _tile_stored(3, c + 768, 64);
}

}  // namespace

void bf16_rows_amx(const uint8_t* w, size_t row_bytes, int64_t n, const uint16_t* b_hi, const uint16_t* b_lo, int64_t K, float* c) {
  const long rb = long(row_bytes);
  int64_t r = 0;
  for (; r + 16 <= n; r += 16) rows_block<1>(w + r * rb, rb, b_hi, b_lo, K, c + r * 16);
  switch ((n - r) / 16) {
    case 3: rows_block<3>(w + r * rb, rb, b_hi, b_lo, K, c + r * 16); break;
    case 2: rows_block<2>(w + r * rb, rb, b_hi, b_lo, K, c + r * 16); break;
    case 1: rows_block<1>(w + r * rb, rb, b_hi, b_lo, K, c + r * 16); break;
    default: break;
  }
}

}  // namespace dsw::cpu
