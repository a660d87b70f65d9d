// Causal attention over the KV cache for a batch of token runs (one run = consecutive positions of
// one sequence). Softmax in fp32 with max subtraction; masked positions never enter the sum.
// Decode-sized runs use vector loops; longer runs use sgemm for Q·Kᵀ and P·V per head.
#pragma once

#include "cpu/kv_cache.h"

#include <dsw/thread_pool.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace dsw::cpu {

struct SeqRun {
  int64_t seq = 0;        // cache slot
  int64_t token = 0;      // first row of the run in the batch
  int64_t n_tokens = 0;
  int64_t pos = 0;        // position of the first token
};

struct AttentionDims {
  int64_t n_heads = 0, n_kv_heads = 0, qk_dim = 0, v_dim = 0;
  float scale = 1.0f;
  // MLA's latent cache: values are the first v_dim floats of each key row (stride qk_dim) instead
  // of a separate V cache.
  bool values_in_keys = false;
};

// Receives softmax probabilities of one (head, token): probs[0..n_keys) over positions 0..n_keys-1.
// Called from worker threads; must be thread-safe for distinct (head, token).
using ProbsSink = std::function<void(int64_t head, int64_t batch_row, const float* probs, int64_t n_keys)>;

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
