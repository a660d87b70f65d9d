// Seeing inside a model: attention maps and MoE routing traces, built on the observation taps.
//
// AttentionRecorder keeps the causal (lower-triangular) probabilities of chosen heads of one
// layer for one sequence, in f32: T(T+1)/2 floats per head — 8 MiB per head for a 2,048-token
// prompt, so all 16 heads of a V2-Lite layer take 134 MiB. The budget is checked before the run.
// RoutingRecorder keeps, per token and MoE layer, the selected experts and weights (and optionally
// the full score vectors) plus per-layer expert load. Recorders are Observers: install them on a
// Session (or use the capture_* helpers, which run the tokens and return the recorder).
#pragma once

#include <dsw/job.h>
#include <dsw/model_config.h>
#include <dsw/observer.h>
#include <dsw/session.h>
#include <dsw/status.h>

#include <cstdint>
#include <memory>
#include <atomic>
#include <mutex>
#include <span>
#include <vector>

namespace dsw {

class AttentionRecorder final : public Observer {
 public:
  // heads empty: every head of the layer.
  AttentionRecorder(const ModelConfig& config, int64_t layer, std::vector<int64_t> heads, int64_t max_tokens);
  static uint64_t bytes_needed(int64_t n_heads, int64_t n_tokens) noexcept;

  int64_t layer() const noexcept { return layer_; }
  const std::vector<int64_t>& heads() const noexcept { return heads_; }
  int64_t tokens() const noexcept { return tokens_; }
  // Probabilities of query `position` over keys 0..position for the i-th recorded head.
  std::span<const float> row(size_t head_index, int64_t position) const;

  bool wants_attention(int64_t layer) const override { return layer == layer_; }
  bool wants_attention_head(int64_t layer, int64_t head) const override;
  void on_attention(int64_t layer, int64_t head, int32_t seq, int32_t position, const float* probs, int64_t n_keys) override;

 private:
  int64_t layer_;
  std::vector<int64_t> heads_;
  std::vector<int32_t> slot_of_head_;  // head -> index in heads_, or -1
  int64_t max_tokens_;
  std::atomic<int64_t> tokens_{0};
  std::vector<float> data_;  // [head][triangular rows]
};

struct RoutingStep {
  int64_t layer = 0;
  int64_t position = 0;  // in the whole traced input
  std::vector<int32_t> experts;
  std::vector<float> weights;
  std::vector<float> scores;  // when keep_scores
};

class RoutingRecorder final : public Observer {
 public:
  RoutingRecorder(const ModelConfig& config, bool keep_steps = true, bool keep_scores = false);

  bool wants_routing() const override { return true; }
  void on_routing(int64_t layer, int32_t seq, int32_t position, std::span<const float> scores, std::span<const int32_t> experts,
                  std::span<const float> weights) override;

  const std::vector<RoutingStep>& steps() const noexcept { return steps_; }
  // Tokens routed to each expert: load()[layer][expert] (layers that are dense stay all zero).
  const std::vector<std::vector<int64_t>>& load() const noexcept { return load_; }
  int64_t tokens_seen(int64_t layer) const noexcept { return tokens_[size_t(layer)]; }
  // Routing weight mass per expert (sum of weights), same shape as load().
  const std::vector<std::vector<double>>& weight_mass() const noexcept { return mass_; }
  void clear_steps() { steps_.clear(); }
  // Added to the positions of following steps (trace_routing sets it per window).
  void set_position_offset(int64_t offset) noexcept { offset_ = offset; }

 private:
  bool keep_steps_, keep_scores_;
  int64_t offset_ = 0;
  std::vector<RoutingStep> steps_;
  std::vector<std::vector<int64_t>> load_;
  std::vector<std::vector<double>> mass_;
  std::vector<int64_t> tokens_;
};

// Runs `tokens` (one sequence, fresh) through the session with the recorder installed.
// Attention needs the whole prompt in one session (n_ctx >= tokens); out_of_memory when the map
// would exceed max_bytes.
Result<std::unique_ptr<AttentionRecorder>> capture_attention(Session& session, const std::vector<int32_t>& tokens, int64_t layer,
                                                             std::vector<int64_t> heads, uint64_t max_bytes = uint64_t(2) << 30,
                                                             const JobContext& job = no_job());

// Runs `tokens` through the session in windows of the session's context (each window a fresh
// sequence) and records routing. Progress phase "routing", unit "tokens".
Status trace_routing(Session& session, const std::vector<int32_t>& tokens, RoutingRecorder& recorder,
                     const JobContext& job = no_job());

}  // namespace dsw
