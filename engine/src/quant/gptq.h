// GPTQ for one weight matrix (quantization.md §2.3), in fp32 on the host.
//
// The input columns of W [rows, in] are quantised one after another and each column's rounding
// error is pushed onto the columns not yet quantised through the upper Cholesky factor U of the
// damped inverse Hessian; blocks of `block` columns apply their accumulated error to the rest of
// the row with one sgemm. The factor depends only on H, so Linears that read the same input
// (q/k/v, gate/up, an expert's gate/up) share one GptqFactor.
//
// Differences from the reference, all *(ours)*: the group parameters come from the Codec (the
// stored type's own fit, so the result is exactly a Q8_0 / Q4_0 / K tensor); with act-order the
// groups are static (fitted on the original W, groups stay contiguous in the stored layout, which
// GGUF blocks need); a column no calibration token reached (diag(H) = 0) gets H_ii = 1 but keeps
// its weights instead of being zeroed, so a channel that happened to be silent in calibration is
// not cut off. tests/scripts/gptq_reference.py implements the same algorithm in NumPy.
#pragma once

#include "quant/codec.h"

#include <dsw/thread_pool.h>

#include <cstdint>
#include <vector>

namespace dsw::quant {

struct GptqOptions {
  double damp = 0.01;     // percdamp: fraction of mean(diag(H)) added to the diagonal
  int64_t block = 128;    // columns per lazy-update block
  bool act_order = false; // quantise columns in order of decreasing diag(H)
};

struct GptqFactor {
  int64_t n = 0;
  std::vector<float> u;          // [n, n] row-major, upper triangle of chol_upper(H⁻¹) (permuted)
  std::vector<int64_t> perm;     // processing order -> original column (identity without act-order)
  double damp_used = 0;          // the percdamp that made H positive definite
  int64_t dead_columns = 0;      // inputs with diag(H) = 0
};

// Damps H ([n, n] row-major, symmetric) and factors it. Retries with damping × 10 (up to 1.0)
// when the Cholesky fails; throws invalid_input if H is still not positive definite.
GptqFactor gptq_factor(const float* H, int64_t n, const GptqOptions& options);

// Quantises W [rows, n] (f32, the effective weight) with `codec` given the factor: packed rows go
// to `out` (rows · codec.row_bytes()), the dequantised weight to `deq` when not null. Rows are
// independent and split over the pool.
void gptq_quantize(const Codec& codec, const float* W, int64_t rows, const GptqFactor& factor, const GptqOptions& options,
                   ThreadPool& pool, uint8_t* out, float* deq);

// ‖X·(W − Ŵ)ᵀ‖² and ‖X·Wᵀ‖² from H = Xᵀ·X (both over `rows` rows): the layer's output error on
// the calibration data without keeping X. Returns {error energy, reference energy}.
std::pair<double, double> output_error_energy(const float* W, const float* Wq, int64_t rows, int64_t n, const float* H,
                                              ThreadPool& pool);

}  // namespace dsw::quant
