// Causal attention over the KV cache for a batch of token runs (one run = consecutive positions of
// one sequence). Softmax in fp32 with max subtraction; masked positions never enter the sum.
// Decode-sized runs use vector loops; longer runs use sgemm for Q·Kᵀ and P·V per head.
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

 private:
  ThreadPool& pool_;
  std::vector<std::vector<float>> scratch_;
};

}  // namespace dsw::cpu
