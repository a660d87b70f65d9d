// Shared checks of the decode GEMV on repacked weights (cpu/packed_quant.h), for the tests of each
// repacked type (cpu_packed_quant_test: Q8_0 / Q4_0; cpu_packed_quant_k_test: Q4_K; _q5: Q5_0 /
// Q5_1; _q5k: Q5_K; _q6k: Q6_K).
#pragma once

#include "cpu/kernels.h"
#include "cpu/matmul.h"
#include "cpu/packed_quant.h"

#include <cstddef>
#include <cstdint>

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

// How many of the T rows y = mm.run(x, T) gave (row stride w.rows) differ in any bit from that row
// run alone: a row's output must not depend on the rows beside it (batch-invariant serving relies on
// it, docs/serving.md), whichever path T takes (decode GEMV, prefill panels, AMX int8 tiles).
int rows_differing_from_alone(cpu::Matmul& mm, const float* x, int64_t T, int64_t K, const StoredWeight& w, const float* y);

}  // namespace dsw::test
