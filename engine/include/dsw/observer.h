// Observation taps: what analysis views see inside a forward pass.
//
// An Observer installed on a Session (Session::set_observer) is asked what it wants before each
// layer and receives only that: attention probabilities for chosen (layer, head) pairs (and, when
// asked, the scaled scores and — for MLA — their rotary part, computed where the scores are
// formed) and, for MoE layers, each token's router scores, selected experts and their weights.
// With no observer installed the engine does no extra work. Attention callbacks arrive from worker threads (distinct
// heads/tokens concurrently); routing callbacks from the session's thread. Memory stays with the
// observer, which decides what to keep (e.g. all heads of one layer for a 2,048-token prompt).
#pragma once

#include <cstdint>
#include <span>

namespace dsw {

// One query row of one head's attention, as the forward pass hands it over (valid during the call).
struct AttentionRowView {
  int64_t layer = 0, head = 0;
  int32_t seq = 0, position = 0;  // the query token; keys are positions 0..n_keys-1
  int64_t n_keys = 0;
  const float* probs = nullptr;   // softmax probabilities [n_keys]
  float max_logit = 0;            // the largest scaled score of the row
  float log_sum_exp = 0;          // log Σ_j exp(score_j): entropy = log_sum_exp - Σ_j p_j·score_j
  const float* logits = nullptr;  // scaled scores [n_keys] (pre-softmax), when wants_attention_logits
  // MLA: the rotary part q_rope·k_rope·scale of each score [n_keys]; the content part (absorbed
  // q_nope·c_kv·scale) is logits - position_logits. Null unless wants_attention_split and MLA.
  const float* position_logits = nullptr;
};

class Observer {
 public:
  virtual ~Observer() = default;

  // Attention probabilities ------------------------------------------------------------------
  virtual bool wants_attention(int64_t layer) const { return false; }
  virtual bool wants_attention_head(int64_t layer, int64_t head) const { return wants_attention(layer); }
  // probs[j] for key positions j = 0..n_keys-1 (n_keys = position + 1) of token `position` in `seq`.
  virtual void on_attention(int64_t layer, int64_t head, int32_t seq, int32_t position, const float* probs, int64_t n_keys) {}
  // Whether rows of `layer` should carry their scores / the MLA rotary part (each costs time).
  virtual bool wants_attention_logits(int64_t layer) const { return false; }
  virtual bool wants_attention_split(int64_t layer) const { return false; }
  // The full row; the default hands the probabilities to on_attention.
  virtual void on_attention_row(const AttentionRowView& row) {
    on_attention(row.layer, row.head, row.seq, row.position, row.probs, row.n_keys);
  }

  // MoE routing --------------------------------------------------------------------------------
  virtual bool wants_routing() const { return false; }
  // scores: the router's post-softmax/sigmoid scores over all experts (before any selection bias);
  // experts/weights: the k selected experts and the weights their outputs are scaled by.
  virtual void on_routing(int64_t layer, int32_t seq, int32_t position, std::span<const float> scores,
                          std::span<const int32_t> experts, std::span<const float> weights) {}
};

}  // namespace dsw
