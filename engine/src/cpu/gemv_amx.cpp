// Small-batch matmul on AMX for bf16 weights (decode steps of 2..64 rows). Compiled with
// -mamx-tile -mamx-bf16; called only after cpu_features() saw AMX and Linux granted the tile state.
//
// The prefill GEMM (gemm_amx.cpp) repacks each weight panel into the VNNI pair order before the
// tiles multiply it: worth it when 32+ activation rows reuse the panel, ruinous for a handful.
// Here the roles swap: the weights are the A operand, read in place — a 16 × 32 tile of bf16
// weights is 16 rows of 64 bytes, row stride the weight's row bytes — and the few activation rows
// are the B operand, converted once per call to the pair order (groups of W = min(T, 16) rows; per
// group and step of 32 along K, 16 pair lines × W rows; rows past T zero). C[n][t] = Σ_k w[n][k]·x[t][k].
// Every weight byte is read once for all rows, so a step of 8 rows costs about what a step of one
// does (memory-bound), where the one-pass GEMV (kernels.h) widens each weight and does one f32 FMA
// per row, and the prefill GEMM repacks every panel.
//
// Tiles: C of activation group g in tmm g (up to 4 groups, 64 rows), the weight tile A in tmm4, B
// hi / lo of the current group in tmm5 / tmm6. Below 16 rows B and C are only T rows wide
// (amx_rows_begin): B then takes 4·T bytes a pair line instead of 64, so a lone row's hi + lo for
// all of K (8 KiB at K = 2048) stays in L1 for every weight block, where 16-wide B tiles of mostly
// zeros came from L2 for each block (2 KiB a step) and held L1 fill buffers the weight stream
// needs: a lone row's step went from 1.12-1.17x the one-row GEMV's to 0.94-0.95x
// (docs/performance.md). Each output's sum is the same TDPBF16PS sequence at any width, so the
// result of a row still does not depend on the batch around it.
//
// One block of 16 weight rows at a time over the whole of K: those rows are one contiguous range
// of memory (64 KiB at K = 2048), and the next block is prefetched into L2 while this one is
// multiplied — each row alone is a stream too short (a page at K = 2048) for the hardware
// prefetcher; 64 rows side by side measured slower (docs/performance.md).
//
// Activations are split into bf16 hi + lo as in the prefill GEMM (gemm_bf16.h): each product is
// accurate to ~2^-16 relative. The sum for one output does not depend on the other rows in the
// batch (same steps, same order), so a request's logits do not change with the batch around it
// within 2..64 rows; a row alone takes the GEMV (f32 products), which differs by that ~2^-16,
// except in a batch-invariant session (serving, Matmul::set_batch_invariant), where it comes here too.
#include "cpu/gemm_bf16_kernels.h"

#include "cpu/amx_tiles.h"

#include <dsw/dtype.h>

#include <immintrin.h>

#include <cstring>

namespace dsw::cpu {

namespace {

// Activation rows per B / C tile: T itself below 16 rows (one group), else 16.
int rows_width(int T) { return T < 16 ? T : 16; }

}  // namespace

void amx_rows_begin(int T) {
  // A (tmm4) is 16 weight rows × 64 bytes; B (tmm5/6: 16 pair lines) and C (tmm0..3: 16 outputs)
  // are W activation rows wide, 4·W bytes.
  const int W = rows_width(T);
  AmxTileShape tiles[8];
  for (int t = 0; t < 8; ++t) tiles[t] = {16, t == 4 ? uint16_t(64) : uint16_t(4 * W)};
  amx_load_tiles(tiles);
}

void bf16_rows_split_vnni(const float* x, int64_t ldx, int T, int64_t K, uint16_t* hi, uint16_t* lo) {
  // Step s, group g, pair line p, row 16·g + r, half h: index (s·G + g)·32W + p·2W + r·2 + h, for
  // k = 32·s + 2·p + h (W = rows_width(T): T below 16 rows, else 16).
  const int64_t steps = K / 32, G = (T + 15) / 16, W = rows_width(T);
  std::memset(hi, 0, size_t(steps * G * 32 * W) * sizeof(uint16_t));
  std::memset(lo, 0, size_t(steps * G * 32 * W) * sizeof(uint16_t));
  for (int t = 0; t < T; ++t) {
    const float* xr = x + t * ldx;
    const int64_t g = t / 16, r = t % 16;
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
      auto* dh = reinterpret_cast<uint32_t*>(hi + (s * G + g) * 32 * W) + r;
      auto* dl = reinterpret_cast<uint32_t*>(lo + (s * G + g) * 32 * W) + r;
      for (int p = 0; p < 16; ++p) {
        dh[p * W] = hp[p];
        dl[p * W] = lp[p];
      }
    }
  }
}

namespace {

// One block of 16 weight rows against G groups of W activation rows; c row stride 16·G floats.
template <int G>
void rows_block(const uint8_t* w, long rb, const uint16_t* b_hi, const uint16_t* b_lo, int64_t K, float* c, int W) {
  _tile_zero(0);
  if constexpr (G > 1) _tile_zero(1);
  if constexpr (G > 2) _tile_zero(2);
  if constexpr (G > 3) _tile_zero(3);
  const char* next = reinterpret_cast<const char*>(w) + 16 * rb;  // the next block, 16 lines a step
  const int64_t gs = 32 * W;                                        // B values per group and step
  const long bs = 4 * W;                                            // B bytes per pair line
  for (int64_t k = 0, s = 0; k < K; k += 32, ++s) {
    for (int j = 0; j < 16; ++j) _mm_prefetch(next + (s * 16 + j) * 64, _MM_HINT_T1);
    _tile_loadd(4, w + k * 2, rb);
    const uint16_t* bh = b_hi + s * G * gs;
    const uint16_t* bl = b_lo + s * G * gs;
    _tile_loadd(5, bh, bs);
    _tile_loadd(6, bl, bs);
    _tile_dpbf16ps(0, 4, 5);
    _tile_dpbf16ps(0, 4, 6);
    if constexpr (G > 1) {
      _tile_loadd(5, bh + 1 * gs, bs);
      _tile_loadd(6, bl + 1 * gs, bs);
      _tile_dpbf16ps(1, 4, 5);
      _tile_dpbf16ps(1, 4, 6);
    }
    if constexpr (G > 2) {
      _tile_loadd(5, bh + 2 * gs, bs);
      _tile_loadd(6, bl + 2 * gs, bs);
      _tile_dpbf16ps(2, 4, 5);
      _tile_dpbf16ps(2, 4, 6);
    }
    if constexpr (G > 3) {
      _tile_loadd(5, bh + 3 * gs, bs);
      _tile_loadd(6, bl + 3 * gs, bs);
      _tile_dpbf16ps(3, 4, 5);
      _tile_dpbf16ps(3, 4, 6);
    }
  }
  constexpr long ldc = 64 * G;  // bytes
  _tile_stored(0, c, ldc);
  if constexpr (G > 1) _tile_stored(1, c + 16, ldc);
  if constexpr (G > 2) _tile_stored(2, c + 32, ldc);
  if constexpr (G > 3) _tile_stored(3, c + 48, ldc);
}

template <int G>
void rows_blocks(const uint8_t* w, long rb, int64_t n, const uint16_t* b_hi, const uint16_t* b_lo, int64_t K, float* c, int W) {
  for (int64_t r = 0; r < n; r += 16) rows_block<G>(w + r * rb, rb, b_hi, b_lo, K, c + r * 16 * G, W);
}

}  // namespace

void bf16_rows_amx(const uint8_t* w, size_t row_bytes, int64_t n, int T, const uint16_t* b_hi, const uint16_t* b_lo, int64_t K,
                   float* c) {
  const long rb = long(row_bytes);
  const int W = rows_width(T);
  switch ((T + 15) / 16) {
    case 1: rows_blocks<1>(w, rb, n, b_hi, b_lo, K, c, W); break;
    case 2: rows_blocks<2>(w, rb, n, b_hi, b_lo, K, c, W); break;
    case 3: rows_blocks<3>(w, rb, n, b_hi, b_lo, K, c, W); break;
    default: rows_blocks<4>(w, rb, n, b_hi, b_lo, K, c, W); break;
  }
}

}  // namespace dsw::cpu
