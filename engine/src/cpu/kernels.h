// Vectorised inner loops of the CPU backend, chosen at run time for the host CPU.
//
// Each ISA variant lives in its own translation unit compiled for that ISA (kernels_avx512.cpp,
// kernels_avx2.cpp) plus a portable one (kernels_generic.cpp). Those units include no C++ library
// headers with inline functions, so no AVX-512 code can leak into shared inline symbols and run on
// a CPU without it. This header is plain C++ too.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsw::cpu {

// Weight element encodings the kernels read directly.
enum class WType : int { f32 = 0, f16 = 1, bf16 = 2, q8_0 = 3, q4_0 = 4 };

// out[t] = dot(w_row[0..K), x[t*ldx .. t*ldx+K)) for t in [0, T), T <= kMaxDotRows.
// For q8_0/q4_0, K is a multiple of 32 and w_row points at the row's first block.
using RowDotFn = void (*)(const void* w_row, const float* x, int64_t ldx, int64_t K, int T, float* out);
constexpr int kMaxDotRows = 8;

// y[t * ldy + r] = dot(row r of w, x row t) for rows r in [0, n_rows): the decode matmul over a
// block of consecutive weight rows (row_bytes apart). Variants pair rows and prefetch ahead so
// the weight stream runs near memory speed.
using GemvRowsFn = void (*)(const uint8_t* w, size_t row_bytes, int64_t n_rows, const float* x, int64_t ldx, int64_t K, int T,
                            float* y, int64_t ldy);

// out[0..K) = float(w_row[0..K)).
using RowToF32Fn = void (*)(const void* w_row, float* out, int64_t K);

struct KernelTable {
  const char* isa;  // "avx512", "avx2", "generic"
  RowDotFn dot[5];
  GemvRowsFn gemv[5];
  RowToF32Fn to_f32[5];
  // y[i] += x[i]
  void (*add)(float* y, const float* x, int64_t n);
  // g[i] = silu(g[i]) * u[i]
  void (*silu_mul)(float* g, const float* u, int64_t n);
  // sum of squares
  float (*sum_squares)(const float* x, int64_t n);
  // y[i] = x[i] * s * w[i]
  void (*scale_mul)(const float* x, float s, const float* w, float* y, int64_t n);
  // dot product of two f32 vectors
  float (*dot_f32)(const float* a, const float* b, int64_t n);
  // y[i] += a * x[i]
  void (*axpy)(float a, const float* x, float* y, int64_t n);
  // x[i] = exp(x[i] - m); returns the sum (the softmax numerator and denominator)
  float (*exp_shift_sum)(float* x, float m, int64_t n);
};

// The best table for this CPU (detected once; DSW_CPU_ISA=generic|avx2|avx512 overrides for tests).
const KernelTable& kernels();
// Every table this CPU can run, for tests that compare variants.
int available_kernel_tables(const KernelTable** out, int max);

const KernelTable& kernels_generic();
const KernelTable* kernels_avx2();    // nullptr when the build has no AVX2 variant
const KernelTable* kernels_avx512();  // nullptr when the build has no AVX-512 variant

}  // namespace dsw::cpu
