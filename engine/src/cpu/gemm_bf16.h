// Prefill matmul on CPUs with bf16 dot-product hardware: y[T, N] = x[T, K] · Wᵀ without widening
// weights to f32 for sgemm. Weight rows are converted once per panel of 32 outputs to bf16 in the
// layout the hardware multiplies, and each panel is reused by every activation row.
//
// Activations are split into bf16 hi + lo (16 significant bits) and so are the weights unless they
// are bf16 already; the hardware sums hi·hi + lo·hi (+ hi·lo), so each product is accurate to
// ~2^-16 relative (f32 sgemm: 2^-24), far below the weights' own storage precision (F16 weights,
// whose activations are f16-rounded, add lo·lo and are exact: `exact_f16` below), and the logits
// parity fixtures hold at the same tolerance as with sgemm. (Rounding activations to bf16 alone, as
// llama.cpp does, halves the work but moves the fixtures' logits by up to 2e-2: measured, refused.
// Rounding 4- and 5-bit quantised weights to bf16 moved stories260K's perplexity by 0.05-0.08%,
// half the 0.1% the engine keeps to llama.cpp's: refused too.)
// - AMX (Sapphire Rapids and later): every weight type but f32, 32 × 32 tiles, 16,384 flops per
//   tile instruction.
// - AVX512_BF16 without AMX (AMD Zen 4): bf16 weights (two vdpbf16ps passes, the instruction count
//   of f32 FMA without widening the weights); other weight types keep the f32 sgemm path.
#pragma once

#include <dsw/thread_pool.h>

#include <cstdint>
#include <vector>

namespace dsw::cpu {

enum class Bf16Gemm { none, avx512bf16, amx };

// What this CPU offers (cpu_features(); DSW_CPU_NO_AMX / DSW_CPU_NO_BF16 hide it).
Bf16Gemm bf16_gemm_kind();

// Supplies weight rows [r0, r0 + n) as f32 (n * K floats).
struct WeightRows {
  const void* ctx;
  void (*to_f32)(const void* ctx, int64_t r0, int64_t n, float* out);
};

// Buffers reused across calls (one per Matmul).
struct Bf16GemmScratch {
  std::vector<uint16_t> a_hi, a_lo;
  std::vector<std::vector<float>> rows;        // per thread: 32 f32 weight rows
  std::vector<std::vector<uint16_t>> panels;   // per thread: packed panels and packing space
  std::vector<std::vector<float>> tile;        // per thread: 32 × 32 results
};

// y (row stride ldy) = x · Wᵀ for W [N, K]. `weights_are_bf16`: the rows are exact in bf16 (no lo
// part needed). No bias. Threads get tasks of at least min_task_macs multiply-adds. `exact_f16`
// (AMX): weights and activations are f16 values, which split exactly into bf16 hi + lo; a fourth
// pass (lo · lo) then makes every product exact, as llama.cpp's F16 dot products (f16 × f16 in
// f32) are — without it each product of an F16 weight is off by up to ~2^-16 of itself.
void bf16_gemm(ThreadPool& pool, Bf16Gemm kind, const float* x, int64_t T, int64_t ldx, int64_t K, int64_t N, WeightRows w,
               bool weights_are_bf16, float* y, int64_t ldy, Bf16GemmScratch& s, double min_task_macs = 512 * 1024,
               bool exact_f16 = false);

}  // namespace dsw::cpu
