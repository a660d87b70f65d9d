// y = x · Wᵀ (+ bias) on the CPU with weights kept as stored.
//
// Few rows (decode, small batches): one pass over W, each weight row widened in registers and
// multiplied with every activation row (memory-bound, so W is read once); quantised weights take
// int8 activations and integer dot products. Many rows (prefill): on CPUs with AMX or AVX512_BF16
// the bf16 GEMM of gemm_bf16.h; elsewhere W is converted to f32 in tiles of output rows and each
// tile goes through OpenBLAS sgemm. Weights repacked at load (packed_quant.h) take the
// packed GEMV and, for prefill, the int8 GEMM of gemm_packed.h. Small batches (2..64 rows) of bf16
// weights on AMX CPUs take the tile product of gemv_amx.cpp instead: W read once, in place, for all
// rows, without the one-pass GEMV's per-row f32 FMAs (compute-bound on bf16 from ~4 rows) or the
// prefill GEMM's per-call panel repacking. The thread pool splits output rows; OpenBLAS runs
// single-threaded inside each task.
//
// F16 weights multiply activations rounded to f16 (round to nearest even, saturating at ±65504)
// on every path: llama.cpp converts activations to a weight type's "vec_dot_type" before the dot
// products — int8 blocks for quantised types (kernels.h), f16 for F16 — so this is the function it
// computes on a GGUF's F16 tensors (the fallbacks of quantised files among them), as PyTorch does
// on an f16 model. It also makes the bf16 prefill GEMM exact on them (an f16 value is a bf16 hi +
// lo pair).
#pragma once

#include "compute/stored_weight.h"
#include "cpu/gemm_bf16.h"
#include "cpu/gemm_packed.h"
#include "cpu/kernels.h"

#include <dsw/thread_pool.h>

#include <cstdint>
#include <vector>

namespace dsw::cpu {

// Weight bytes a GEMV task must read to be worth a thread: waking a worker costs several µs (tens
// when the machine is busy), 128 KiB take ~8 µs at 15 GB/s. Small models then decode on one
// thread whatever the pool size, so a second thread never makes them slower.
inline constexpr double kMinTaskBytes = 128 * 1024;

class Matmul {
 public:
  explicit Matmul(ThreadPool& pool);

  // x [T, K] with row stride ldx; y [T, N] with row stride ldy; K = w.cols, N = w.rows.
  void run(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy);

  // Several weights that multiply the same x (q / k / v, gate / up): y_i = x · w_iᵀ (+ bias_i).
  // When every weight takes the one-pass GEMV (few rows), the activations are prepared once per
  // kind (int8 blocks per quantisation style, f16 rounding) and the rows of all the weights are
  // split over the threads in one pass, so the threads are woken and joined once for the group
  // instead of once per weight (matmul_group.cpp). Each output is bit for bit what run() gives:
  // the same kernel on the same whole row groups. Otherwise each weight goes through run().
  struct Output {
    const StoredWeight* w;
    float* y;
    int64_t ldy;
  };
  void run_group(const float* x, int64_t T, int64_t ldx, const Output* outs, int n);

  // Rows at or below this use the one-pass path.
  static constexpr int64_t kGemvRows = 8;

  // The bf16 GEMM that prefill (T > kGemvRows) uses for weights of this type on this CPU, or none
  // (f32 sgemm on widened tiles).
  static Bf16Gemm prefill_engine(DType dt);
  // F16 weights take the exact fourth AMX pass (gemm_bf16.h) unless DSW_F16_EXACT=0.
  static bool f16_exact_products();

  // Small batches on AMX (gemv_amx.cpp): bf16 weights (not repacked, K a multiple of 32) and
  // kAmxRowsMin..kAmxRowsMax rows, on CPUs with AMX-BF16 (and not DSW_AMX_ROWS=0).
  static constexpr int64_t kAmxRowsMin = 2, kAmxRowsMax = 64;
  static bool amx_rows_available();
  bool takes_amx_rows(const StoredWeight& w, int64_t T) const;
  // For measurements and tests: false sends small batches down the paths used before (one-pass
  // GEMV up to kGemvRows rows, the prefill GEMM above).
  void set_amx_rows(bool on) { amx_rows_on_ = on; }

  // Batch-invariant mode (serving): a row's result does not depend on how many rows share the call,
  // bit for bit, so a request's logits are the same alone and in any batch. Every weight then takes
  // one summation order for all T: bf16 on AMX the tile product for a lone row too (the prefill
  // GEMM above kAmxRowsMax sums each output in the same order: the same TDPBF16PS steps of 32 along
  // K, activation hi then lo); repacked weights the packed GEMV or the int8 GEMM / the
  // GEMV on panels (same integer block sums, same multiply-adds per block, in block order); every
  // other weight the one-pass GEMV in passes of kGemvRows rows instead of the prefill GEMM. Costs
  // single-stream speed on AMX (docs/performance.md) and prefill speed on the GEMV types; off by
  // default.
  void set_batch_invariant(bool on) { batch_invariant_ = on; }
  bool batch_invariant() const { return batch_invariant_; }

 private:
  void gemv(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy);
  void tiled(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy);
  static bool amx_rows_suit(const StoredWeight& w);
  void invariant(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy);
  void amx_rows(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy);
  void packed(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy);
  // Whether run() sends w with T rows to the one-pass GEMV (plain or repacked): run_group fuses those.
  bool takes_gemv(const StoredWeight& w, int64_t T) const;

  // x quantised to int8 per block for weight type wt and dequantised (kernels.h): [T, K] in xq_.
  const float* quantised_activations(const float* x, int64_t T, int64_t ldx, int64_t K, WType wt);
  // Q4_1 / Q5_1 prefill: adds what ggml's rounded Q8_1 block sums change (matmul.cpp).
  void add_q8_1_sum_rounding(int64_t T, const StoredWeight& w, float* y, int64_t ldy);
  // x rounded to f16 precision (kept as f32): [T, K] in xh_.
  const float* f16_activations(const float* x, int64_t T, int64_t ldx, int64_t K);

  ThreadPool& pool_;
  std::vector<std::vector<float>> scratch_;  // per thread
  std::vector<float> xq_;                    // prefill activations for quantised weights
  std::vector<float> xh_;                    // activations of F16 weights, rounded to f16
  std::vector<uint8_t> act_;                 // quantised activations (kernels.h layout)
  std::vector<float> sum_rounding_;          // add_q8_1_sum_rounding's E, [T, K / 32]
  Bf16GemmScratch bf16_;                     // prefill on bf16 hardware
  PackedGemmScratch packed_;                 // prefill on packed weights
  std::vector<uint16_t> rows_hi_, rows_lo_;  // small-batch activations in the AMX pair order
  std::vector<uint8_t> group_act_[3];       // run_group's int8 activations, per ActStyle
  struct GroupChunk {
    int part;
    int64_t begin, end;  // items: weight rows, or 16-row groups of a repacked weight
  };
  std::vector<GroupChunk> group_chunks_;
  bool amx_rows_on_ = true;
  bool batch_invariant_ = false;
};

// Widens rows [r0, r0 + n) of w to f32 into out (n * cols floats), applying FP8 block scales.
void weight_rows_to_f32(const StoredWeight& w, int64_t r0, int64_t n, float* out);

}  // namespace dsw::cpu
