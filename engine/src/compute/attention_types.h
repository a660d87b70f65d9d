// Plain descriptions shared by the architectures and every backend's attention and KV cache.
#pragma once

#include <cstdint>
#include <functional>

namespace dsw {

// Consecutive rows of one sequence in a batch.
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
  // Columns [position_from, qk_dim) of queries and keys are the rotary (position) part of each
  // score, the columns before it the content part (MLA: absorbed q_nope·c_kv | q_rope·k_rope).
  // 0: the scores have no such split.
  int64_t position_from = 0;
};

// One (head, batch row) of attention as an observing sink receives it: the softmax probabilities
// over key positions 0..n_keys-1, the row's largest scaled score and log-sum-exp, and — only when
// the sink asked for them — the scaled scores (pre-softmax logits) and their rotary part.
struct AttentionRow {
  int64_t head = 0, batch_row = 0, n_keys = 0;
  const float* probs = nullptr;
  float max_logit = 0, log_sum_exp = 0;  // log Σ exp(logit): entropy = log_sum_exp - Σ p·logit
  const float* logits = nullptr;         // when ProbsSink::want_logits
  const float* position = nullptr;       // when want_split and dims.position_from > 0
};

// Receives rows of attention from worker threads; `fn` must be thread-safe for distinct (head,
// row). The flags say what the op computes beyond the probabilities (each costs time: a copy of
// the scores; one extra dot over the rotary columns per score).
struct ProbsSink {
  std::function<void(const AttentionRow&)> fn;
  bool want_logits = false;
  bool want_split = false;
};

// Training attention: `batch` independent rows of `seq` tokens, causal, grouped KV heads (MLA's
// un-absorbed form uses n_kv_heads = n_heads). Layouts: q [B·S, n_heads·qk_dim], k [B·S,
// n_kv_heads·qk_dim], v [B·S, n_kv_heads·v_dim], o [B·S, n_heads·v_dim], lse [B, n_heads, S].
struct CausalAttentionShape {
  int64_t batch = 1, seq = 0;
  int64_t n_heads = 0, n_kv_heads = 0, qk_dim = 0, v_dim = 0;
  float scale = 1.0f;
};

// KV cache geometry: per layer, per sequence slot, per KV head, `capacity` positions of K (k_dim
// floats) and V (v_dim floats; 0 for MLA's latent cache, which keeps one joint vector).
struct KvCacheShape {
  int64_t n_layers = 0, n_seq = 1, capacity = 0, n_heads = 0, k_dim = 0, v_dim = 0;
};

}  // namespace dsw
