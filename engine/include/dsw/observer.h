// Observation taps: what analysis views see inside a forward pass.
//
// An Observer installed on a Session (Session::set_observer) is asked what it wants before each
// layer and receives only that: attention probabilities for chosen (layer, head) pairs and, for
// MoE layers, each token's router scores, selected experts and their weights. With no observer
// installed the engine does no extra work. Attention callbacks arrive from worker threads (distinct
// heads/tokens concurrently); routing callbacks from the session's thread. Memory stays with the
// observer, which decides what to keep (e.g. all heads of one layer for a 2,048-token prompt).
#pragma once

#include <cstdint>
#include <span>

namespace dsw {

class Observer {
 public:
  virtual ~Observer() = default;

  // Attention probabilities ------------------------------------------------------------------
  virtual bool wants_attention(int64_t layer) const { return false; }
  virtual bool wants_attention_head(int64_t layer, int64_t head) const { return wants_attention(layer); }
  // probs[j] for key positions j = 0..n_keys-1 (n_keys = position + 1) of token `position` in `seq`.
  virtual void on_attention(int64_t layer, int64_t head, int32_t seq, int32_t position, const float* probs, int64_t n_keys) {}

  // MoE routing --------------------------------------------------------------------------------
  virtual bool wants_routing() const { return false; }
  // scores: the router's post-softmax/sigmoid scores over all experts (before any selection bias);
  // experts/weights: the k selected experts and the weights their outputs are scaled by.
  virtual void on_routing(int64_t layer, int32_t seq, int32_t position, std::span<const float> scores,
                          std::span<const int32_t> experts, std::span<const float> weights) {}
};

}  // namespace dsw
