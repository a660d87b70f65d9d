// Prefill matmul on repacked Q8_0 / Q4_0 weights (cpu/packed_quant.h): y[T, N] = x · Wᵀ with the
// activations quantised to int8 per block of 32 as decode quantises them (kernels.h), so prefill
// and decode compute one function, in integers, without widening a weight.
//
// - AMX-INT8 (Sapphire Rapids and later): per block of 32 columns, TDPBSUD multiplies 2 × 2 tiles
//   (32 activation rows × 32 outputs) straight from the packed weights (Q4_0 / Q5_0 panels are first
//   unpacked to bytes once per panel); each block's integer sums are scaled into f32 with AVX-512
//   while the tile unit works on the next block.
// - Otherwise (AMD Zen 4, AVX-512 without AMX): the packed decode GEMV on panels of weight groups
//   that stay in L2, eight activation rows per pass (vpdpbusd on every 64-byte weight line).
#pragma once

#include "compute/stored_weight.h"

#include <dsw/thread_pool.h>

#include <cstdint>
#include <vector>

namespace dsw::cpu {

struct PackedGemmScratch {
  std::vector<float> scales;                  // per-block activation scales and offsets
  std::vector<std::vector<uint8_t>> unpacked; // per thread: a Q4_0 / Q5_0 panel as bytes
  std::vector<std::vector<float>> tile;       // per thread: 32 × 32 results and 2 × 32 × 32 sums
};

enum class PackedGemm { gemv_panels, amx };

// What this CPU runs packed prefill on: AMX int8 tiles where cpu_features().amx_int8, else panels.
PackedGemm packed_gemm_kind();

// y (row stride ldy) = act · Wᵀ for W = w.packed (rows [w.packed_row0, + w.rows)). `act` holds
// round_up(T, 32) rows made by quantize_act (the type's wtype_act_style), act_ld bytes apart, the
// rows past T zero. No bias. Threads get tasks of at least min_task_macs multiply-adds. `kind` must
// be one this CPU runs (gemv_panels: any table with packed rows; amx: Q8_0 / Q4_0 / Q5_0 only).
void packed_gemm(ThreadPool& pool, PackedGemm kind, const StoredWeight& w, const uint8_t* act, size_t act_ld, int64_t T, float* y,
                 int64_t ldy, PackedGemmScratch& s, double min_task_macs);

// The AMX unit (gemm_amx_int8.cpp; called only for PackedGemm::amx).
void amx_int8_begin();
void amx_int8_end();
// c[32 × 32] (row stride 32) = the products of 32 activation rows (a, lda bytes apart) with the
// 16 rows of group g0 (columns 0-15 of c) and of g1 (16-31), both in the Q8_0 packed layout with u
// in 0..255, over nb blocks; da / ca [nb][32]: each row's d_a and off · s_a per block (gemm_packed.h's
// formula). sums: 2 × 1024 int32 of scratch.
void amx_int8_tile(const uint8_t* a, size_t lda, const float* da, const float* ca, const uint8_t* g0, const uint8_t* g1, int64_t nb,
                   float* c, int32_t* sums);

}  // namespace dsw::cpu
