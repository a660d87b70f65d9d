// Shared checks of the decode GEMV on repacked weights (cpu/packed_quant.h), for the tests of each
// repacked type (cpu_packed_quant_test: Q8_0 / Q4_0; cpu_packed_quant_k_test: Q4_K; _q5: Q5_0 /
// Q5_1; _q5k: Q5_K; _q6k: Q6_K).
#pragma once

#include <dsw/dtype.h>

#include "cpu/kernels.h"
#include "cpu/packed_quant.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace dsw::test {

// Σ_k |w_k · x_k|: the scale against which summation-order differences are judged.
double abs_dot(const float* w, const float* x, int64_t K);

// Σ_k |w_k| · d(k) / 2 with d = max|x| / 127 over each block of `block` activations, times `slack`:
// how far a product on int8 activations may lie from the exact one.
double act_bound(const float* w, const float* x, int64_t K, int block, double slack);

// One repacked weight and the activations it is multiplied by.
struct PackedGemvCase {
  cpu::WType type;
  const cpu::PackedWeight& packed;
  const uint8_t* w;      // the source rows, row_bytes apart
  size_t row_bytes;
  const float* wf;       // the source rows dequantised, [rows, K]
  int64_t rows, K;
  const float* x;        // activation rows, [T, K]
  const uint8_t* act;    // the same rows quantised as the type's kernels quantise them, stride apart
  size_t stride;
  int act_block;         // activation block of the type (32, or 256 for the K-quants)
  double bound_slack;    // act_bound's slack
};

// For T activation rows: the portable packed GEMV against the portable unpacked one (summation
// order only, 2e-6 of Σ|w·x|) and against the exact product (within the int8 bound); then every
// kernel table's packed GEMV, on the whole weight and from group 1 on (where a thread's range can
// start), against the portable packed one (2e-6). Returns how many table comparisons ran.
int check_packed_gemv(const PackedGemvCase& c, int T);

// Rows of one quantised type (row_bytes apart) and their values as the portable to_f32 reads them.
struct SourceRows {
  int64_t rows, K;
  std::vector<uint8_t> w;
  size_t rb;
  std::vector<float> wf;  // [rows, K]
  SourceRows(cpu::WType t, int64_t rows, int64_t K, std::vector<uint8_t> bytes);
};

// pack_weight on the rows: a 64-byte aligned copy of group_bytes per 16 rows, and packed_rows_to_f32
// (all rows, and the two rows before the last) equal to_f32's values bit for bit.
void check_packed_dequantises(cpu::WType t, const SourceRows& c, int64_t group_bytes);

// check_packed_gemv for T = 1..8 on the rows repacked and the first T of 8 activation rows x (quantised
// as the type's kernels quantise them). Returns how many table comparisons ran.
int check_packed_gemv_1_to_8(cpu::WType t, const SourceRows& c, const std::vector<float>& x, int act_block, double slack);

// Source rows of one quantised type for check_matmul_on_packed.
struct PackedMatmulCase {
  cpu::WType type;
  DType dtype;           // the same type as a tensor dtype
  const uint8_t* w;      // the source rows, row_bytes apart
  size_t row_bytes;
  const float* wf;       // the source rows dequantised, [rows, K]
  int64_t rows, K;       // rows ≥ 248 (the views below), K a multiple of the type's block
};

// Matmul::run on the weight repacked as the loader repacks it, on a row view from a group boundary
// (rows 48..347) and on one from inside a group (rows 5..204, which reads the source blocks), on 1,
// 2 and 3 threads, for each T of `Ts`: every output equals the portable unpacked GEMV on the same
// int8 activations plus the bias (2e-6 of Σ|w·x|; 1e-4 on the inside view above 8 rows, whose
// prefill is the unpacked bf16 / sgemm path), and each row of a many-row call on the repacked
// weight equals that row run alone, bit for bit (batch-invariant serving relies on it,
// docs/serving.md), whichever path T takes (decode GEMV, prefill panels, AMX int8 tiles). Returns
// the number of calls compared, or 0 when the chosen kernel table repacks nothing of this type
// (the caller SKIPs).
int check_matmul_on_packed(const PackedMatmulCase& c, std::initializer_list<int64_t> Ts);

}  // namespace dsw::test
