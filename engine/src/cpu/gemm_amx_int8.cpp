// AMX-INT8 tile of the packed prefill GEMM (gemm_packed.h). Compiled with -mamx-tile -mamx-int8
// and the AVX-512 flags; called only after cpu_features() saw AMX-INT8 and Linux granted the tiles.
//
// Tiles: C in tmm0..3 (2 × 2 tiles of 16 × 16 int32: 32 activation rows × 32 outputs), A in
// tmm4..5 (16 activation rows × 32 int8: one block), B in tmm6..7 (8 lines × 64 bytes: one block
// of a 16-row weight group, exactly as the packed layout stores it, so B loads straight from the
// weights). One TDPBSUD (signed activations × unsigned weights) does 16 × 16 × 32 multiply-adds.
//
// Each block has its own scales, so its sums leave the tiles after every block: they are stored
// and scaled into the f32 accumulator with AVX-512, one block behind the tile unit, so that the
// scaling of block b − 1 overlaps the tile products of block b (two buffers of sums).
#include "cpu/gemm_packed.h"

#include "cpu/amx_tiles.h"

#include <immintrin.h>

namespace dsw::cpu {
namespace {

constexpr int kPair = 2 * 512 + 64;  // bytes per block pair of a group (packed_quant.h)

inline const uint8_t* quants(const uint8_t* g, int64_t b) { return g + (b >> 1) * kPair + (b & 1) * 512; }
inline __m512 weight_scales(const uint8_t* g, int64_t b) {
  return _mm512_cvtph_ps(_mm256_load_si256(reinterpret_cast<const __m256i*>(g + (b >> 1) * kPair + 1024 + 32 * (b & 1))));
}

// c[m][0..32) += dw · (d_a[m] · sums[m][..] + c_a[m]) for the 32 rows of one block.
inline void scale_block(const int32_t* sums, const float* da, const float* ca, __m512 dw0, __m512 dw1, float* c) {
  for (int m = 0; m < 32; ++m) {
    const __m512 d = _mm512_set1_ps(da[m]), o = _mm512_set1_ps(ca[m]);
    const __m512 v0 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_load_si512(sums + 32 * m)), d, o);
    const __m512 v1 = _mm512_fmadd_ps(_mm512_cvtepi32_ps(_mm512_load_si512(sums + 32 * m + 16)), d, o);
    _mm512_store_ps(c + 32 * m, _mm512_fmadd_ps(v0, dw0, _mm512_load_ps(c + 32 * m)));
    _mm512_store_ps(c + 32 * m + 16, _mm512_fmadd_ps(v1, dw1, _mm512_load_ps(c + 32 * m + 16)));
  }
}

}  // namespace

void amx_int8_begin() {
  amx_load_tiles({{16, 64}, {16, 64}, {16, 64}, {16, 64},  // C
                  {16, 32}, {16, 32},                      // A: 16 rows × one block
                  {8, 64}, {8, 64}});                      // B: 8 lines of 16 × 4
}

void amx_int8_end() { _tile_release(); }

void amx_int8_tile(const uint8_t* a, size_t lda, const float* da, const float* ca, const uint8_t* g0, const uint8_t* g1, int64_t nb,
                   float* c, int32_t* sums) {
  const long sa = long(lda);
  for (int i = 0; i < 32 * 32; i += 16) _mm512_store_ps(c + i, _mm512_setzero_ps());
  for (int64_t b = 0; b <= nb; ++b) {
    int32_t* cur = sums + 1024 * (b & 1);
    if (b < nb) {
      _tile_zero(0);
      _tile_zero(1);
      _tile_zero(2);
      _tile_zero(3);
      _tile_loadd(4, a + 32 * b, sa);
      _tile_loadd(5, a + 16 * lda + 32 * b, sa);
      _tile_loadd(6, quants(g0, b), 64);
      _tile_loadd(7, quants(g1, b), 64);
      _tile_dpbsud(0, 4, 6);
      _tile_dpbsud(1, 4, 7);
      _tile_dpbsud(2, 5, 6);
      _tile_dpbsud(3, 5, 7);
    }
    if (b > 0) {  // the previous block, while the tile unit works on this one
      const int64_t p = b - 1;
      scale_block(sums + 1024 * (p & 1), da + 32 * p, ca + 32 * p, weight_scales(g0, p), weight_scales(g1, p), c);
    }
    if (b < nb) {
      _tile_stored(0, cur, 128);
      _tile_stored(1, cur + 16, 128);
      _tile_stored(2, cur + 16 * 32, 128);
      _tile_stored(3, cur + 16 * 32 + 16, 128);
    }
  }
}

}  // namespace dsw::cpu
