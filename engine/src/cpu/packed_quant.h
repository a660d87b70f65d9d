// Q8_0, Q4_0, Q5_0, Q5_1, Q4_K, Q5_K and Q6_K weights repacked at load into 16-row interleaved panels, for the int8
// dot-product hardware: the decode GEMV (AVX512_VNNI vpdpbusd, or vpmaddubsw without VNNI) and the
// prefill GEMM (Q8_0 / Q4_0 / Q5_0: AMX int8 tiles, or the same GEMV kernel on panels that stay in
// L2; Q5_1 and the K-quants: the GEMV on panels).
//
// Why: a GGUF row of Q8_0 is a run of 34-byte blocks (fp16 scale + 32 int8), so a kernel that
// reads it row by row needs a gather for the scales, unaligned loads for the quants and a
// horizontal sum per row. Here 16 output rows are interleaved four weights at a time — the order
// vpdpbusd and an AMX B tile multiply — so each 64-byte load feeds one instruction for 16 rows
// whose sums stay in separate lanes (no reduction), the 16 scales of a block are one 32-byte load,
// and every load is aligned. The copy lives in anonymous memory (transparent huge pages where the
// kernel allows them); the checkpoint's mapped pages are released afterwards (MappedFile::release),
// so resident memory stays about one copy of the weights.
//
// Layout of one weight of R rows × K columns (nb = K / 32 blocks per row):
// - rows are taken 16 at a time ("group" g: rows 16g .. 16g + 15; missing rows of the last group
//   are zero with scale 0); blocks two at a time ("pair" p: blocks 2p, 2p + 1; a missing last
//   block is zero with scale 0 and never read by the kernels);
// - group g's pairs follow each other; a pair is kPairBytes: the two blocks' quants, then 64 bytes
//   of scales: 16 fp16 d (rows 16g..16g+15) of block 2p, then 16 of block 2p + 1;
// - Q8_0 quants of a block: 8 lines of 64 bytes; line j holds, for row n = 0..15, the four
//   unsigned values u = q + 128 of columns 32b + 4j .. 32b + 4j + 3 at bytes 4n .. 4n + 3
//   (w = d · (u − 128));
// - Q4_0 quants of a block: 4 vectors of 64 bytes; byte 4n + i of vector v holds in its low nibble
//   the u (0..15) of row n, column 32b + 4v + i, and in its high nibble that of column
//   32b + 4(v + 4) + i (w = d · (u − 8)). Masking and shifting one vector gives lines v and v + 4.
// Every pair is a whole number of 64-byte lines (1088 bytes for Q8_0, 576 for Q4_0: the source's
// size, 34 and 18 bytes per 32 weights), so every load of the kernels is aligned.
//
// Q4_K (K a multiple of 256): group g's super-blocks (256 columns each) follow each other, each
// kQ4KSuperBytes = 2,304 bytes (36 lines, the source's 144 bytes per row), all values as the
// source holds them (nothing rounded or re-derived):
// - line 0: the 16 rows' fp16 d, then their 16 fp16 dmin;
// - lines 1..3: word i (bytes 4i..4i+3 of the twelve 6-bit scale/min bytes) of row n at bytes
//   4n..4n+3 of line 1 + i, so one lane holds one row's scale words;
// - lines 4..35: line 4 + 8c + v holds, for row n, the source bytes qs[32c + 4v .. 32c + 4v + 3] at
//   bytes 4n..4n+3: low nibbles are columns 64c + 4v + i of sub-block 2c, high nibbles columns
//   64c + 32 + 4v + i of sub-block 2c + 1 (w = d · sc · u − dmin · m).
// Layout functions for Q4_K: packed_quant_k.cpp.
//
// Q5_0 / Q5_1: pairs as Q4_0 (704 / 768 bytes, the source's 22 / 24 per 32 weights): the two
// blocks' nibble vectors as Q4_0's, then per block a 64-byte plane of fifth bits (eight 64-bit
// byte masks, one per 64-byte line of u: word L bit 4n + i = row n, column 4L + i), then the fp16 d
// line (and for Q5_1 the fp16 m line) as Q4_0's scales. Details: packed_quant_q5.cpp.
//
// Q5_K: as Q4_K (lines 0..35, the same bytes at the same places) plus 8 lines of the high-bit plane,
// kQ5KSuperBytes = 2,816 bytes (44 lines, the source's 176 bytes per row): line 36 + v holds, for
// row n, the source bytes qh[4v .. 4v + 3] at bytes 4n..4n+3, beside nibble lines 4 + 8c + v: bit
// 2c of a byte is the fifth bit of that byte's low nibble in line 4 + 8c + v, bit 2c + 1 of its
// high nibble (u = nibble | bit << 4, w = d · sc · u − dmin · m). Layout functions:
// packed_quant_q5k.cpp.
//
// Q6_K (K a multiple of 256): as Q4_K, super-blocks of kQ6KSuperBytes = 3,392 bytes (53 lines; the
// source's 210 bytes per row and 32 of padding): line 0 the 16 fp16 d, lines 1..4 the int8
// scales, lines 5..36 ql, lines 37..52 qh, four source bytes of each row per line (row n at bytes
// 4n..4n+3); one ql line and its qh line give two u vectors (low / high nibbles, 0..63), one
// vpdpbusd each. Details: packed_quant_q6k.cpp.
#pragma once

#include "cpu/kernels.h"

#include <cstddef>
#include <cstdint>
#include <memory>

namespace dsw {
struct StoredWeight;
}

namespace dsw::cpu {

constexpr int kPackRows = 16;  // rows per group
constexpr bool wtype_packs(WType t) {
  return t == WType::q8_0 || t == WType::q4_0 || t == WType::q4_k || t == WType::q5_0 || t == WType::q5_1 || t == WType::q5_k ||
         t == WType::q6_k;
}
constexpr int64_t packed_pair_bytes(WType t) {
  return t == WType::q8_0 ? 2 * 512 + 64 : t == WType::q5_0 ? 2 * 320 + 64 : t == WType::q5_1 ? 2 * 320 + 128 : 2 * 256 + 64;
}
constexpr bool wtype_is_q5(WType t) { return t == WType::q5_0 || t == WType::q5_1; }
constexpr int64_t kQ4KSuperBytes = 36 * 64;  // one Q4_K super-block of 16 rows
constexpr int64_t kQ5KSuperBytes = 44 * 64;  // one Q5_K super-block of 16 rows
constexpr int64_t kQ6KSuperBytes = 53 * 64;  // one Q6_K super-block of 16 rows
// Bytes of one 16-row super-block for the K-quants (256 columns), 0 for the 32-column types.
constexpr int64_t packed_super_bytes(WType t) {
  return t == WType::q4_k ? kQ4KSuperBytes : t == WType::q5_k ? kQ5KSuperBytes : t == WType::q6_k ? kQ6KSuperBytes : 0;
}

// One repacked weight (immutable once built; shared by copies and row views of the StoredWeight).
struct PackedWeight {
  WType type = WType::q8_0;
  int64_t rows = 0, cols = 0;  // of the whole packed weight
  int64_t blocks = 0;          // K / 32 (Q4_K: K / 256 super-blocks)
  int64_t pairs = 0;           // (blocks + 1) / 2 (Q4_K: the super-blocks)
  int64_t group_bytes = 0;     // pairs · packed_pair_bytes(type) (Q4_K: pairs · kQ4KSuperBytes)
  std::shared_ptr<uint8_t> data;
  uint64_t bytes = 0;          // allocated

  const uint8_t* group(int64_t g) const noexcept { return data.get() + uint64_t(g) * uint64_t(group_bytes); }
};

// Builds the packed copy of a weight whose type packs (all rows). Portable code; reads every block
// once. The K-quants need K % 256 == 0 (every such row has it).
std::shared_ptr<const PackedWeight> pack_weight(WType t, const uint8_t* w, size_t row_bytes, int64_t rows, int64_t cols);

// False while DSW_CPU_NO_REPACK is set (to anything but "" or "0"): the loader then keeps reading
// the checkpoint's blocks (measurements and tests of the other path). Read on every call, so a
// test may switch it around one load.
bool repack_enabled();

// Attaches a packed copy to w when its type packs and the chosen kernel table has a packed GEMV
// (AVX-512 tables), and releases the mapped source pages it replaces. Returns the bytes packed
// (0 when nothing was done).
uint64_t pack_for_cpu(StoredWeight& w);

// Rows [r0, r0 + n) of a packed weight dequantised to f32 (n · cols floats): the same values as
// to_f32 on the source rows.
void packed_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out);

// The portable packed GEMV: the reference the SIMD ones are tested against (tables with a packed
// row: KernelTable::gemv_packed). Activations as quantize_act makes them for the type
// (wtype_act_style: Q8_0 blocks for Q8_0 / Q4_0 / Q5_0, Q8_1 for Q5_1, Q8_K for the K-quants).
void gemv_packed_generic(WType t, const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld,
                         int64_t K, int T, float* y, int64_t ldy);

// Q4_K parts of the above (packed_quant_k.cpp).
void pack_q4_k(const uint8_t* w, size_t row_bytes, int64_t rows, int64_t supers, uint8_t* out);
void packed_q4_k_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out);
void gemv_packed_q4_k_generic(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K,
                              int T, float* y, int64_t ldy);
// Q6_K parts (packed_quant_q6k.cpp).
void pack_q6_k(const uint8_t* w, size_t row_bytes, int64_t rows, int64_t supers, uint8_t* out);
void packed_q6_k_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out);
void gemv_packed_q6_k_generic(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K,
                              int T, float* y, int64_t ldy);

// Q5_K parts of the above (packed_quant_q5k.cpp).
void pack_q5_k(const uint8_t* w, size_t row_bytes, int64_t rows, int64_t supers, uint8_t* out);
void packed_q5_k_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out);
void gemv_packed_q5_k_generic(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K,
                              int T, float* y, int64_t ldy);

// Q5_0 / Q5_1 parts of the above (packed_quant_q5.cpp).
void pack_q5(WType t, const uint8_t* w, size_t row_bytes, int64_t rows, int64_t blocks, int64_t group_bytes, uint8_t* out);
void packed_q5_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out);
void gemv_packed_q5_generic(WType t, const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld,
                            int64_t K, int T, float* y, int64_t ldy);
// One Q5_0 group (`pairs` pairs) into the Q8_0 layout with u = 0..31 (the AMX int8 prefill's input).
void unpack_q5_0_group(const uint8_t* src, int64_t pairs, uint8_t* dst);

}  // namespace dsw::cpu
