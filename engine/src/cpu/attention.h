// Causal attention over the KV cache for a batch of token runs (one run = consecutive positions of
// one sequence). Softmax in fp32 with max subtraction; masked positions never enter the sum.
// Decode-sized runs use vector loops; longer runs use sgemm for Q·Kᵀ and P·V per head, except in
// batch-invariant mode (serving), where every row takes the vector loops: a row's result then does
// not depend on how its sequence's rows were split into steps. An observing
// sink gets each row after its softmax; the scores and their rotary part are only copied or
// computed when the sink asks (ProbsSink flags), so plain inference pays nothing for them.
#pragma once

#include "compute/attention_types.h"
#include "cpu/kv_cache.h"

#include <dsw/thread_pool.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace dsw::cpu {

class Attention {
 public:
  explicit Attention(ThreadPool& pool) : pool_(pool), scratch_(size_t(pool.size())) {}

  // q: [T, n_heads * qk_dim] (row stride ldq); keys/values from cache layer `layer`;
  // out: [T, n_heads * v_dim] (row stride ldo). `sink` (optional) observes the probabilities.
  void run(const float* q, int64_t ldq, const std::vector<SeqRun>& runs, KvCache& cache, int64_t layer,
           const AttentionDims& dims, float* out, int64_t ldo, const ProbsSink* sink = nullptr);
  void set_batch_invariant(bool on) { invariant_ = on; }

 private:
  struct ThreadScratch {
    std::vector<float> scores;    // the run's score block (or one row)
    std::vector<float> logits;    // a row's scores before the softmax, for a sink
    std::vector<float> position;        // a row's rotary part, for a sink
    std::vector<float> position_block;  // a long run's rotary parts [rows, keys]
  };
  ThreadPool& pool_;
  std::vector<ThreadScratch> scratch_;
  bool invariant_ = false;
};

}  // namespace dsw::cpu
