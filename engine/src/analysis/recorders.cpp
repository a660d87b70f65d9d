// AttentionRecorder, RoutingRecorder and the capture helpers.
#include <dsw/analysis.h>

#include "core/error.h"

#include <algorithm>
#include <cstring>

namespace dsw {

AttentionRecorder::AttentionRecorder(const ModelConfig& c, int64_t layer, std::vector<int64_t> heads, int64_t max_tokens)
    : layer_(layer), heads_(std::move(heads)), max_tokens_(max_tokens) {
  if (layer < 0 || layer >= c.num_hidden_layers)
    fail_invalid("attention: layer " + std::to_string(layer) + " does not exist (model has " + std::to_string(c.num_hidden_layers) + ")");
  if (heads_.empty())
    for (int64_t h = 0; h < c.num_attention_heads; ++h) heads_.push_back(h);
  slot_of_head_.assign(size_t(c.num_attention_heads), -1);
  for (size_t i = 0; i < heads_.size(); ++i) {
    const int64_t h = heads_[i];
    if (h < 0 || h >= c.num_attention_heads)
      fail_invalid("attention: head " + std::to_string(h) + " does not exist (layer has " + std::to_string(c.num_attention_heads) + ")");
    slot_of_head_[size_t(h)] = int32_t(i);
  }
  data_.assign(bytes_needed(int64_t(heads_.size()), max_tokens) / sizeof(float), 0.0f);
}

uint64_t AttentionRecorder::bytes_needed(int64_t n_heads, int64_t n_tokens) noexcept {
  return uint64_t(n_heads) * uint64_t(n_tokens) * uint64_t(n_tokens + 1) / 2 * sizeof(float);
}

bool AttentionRecorder::wants_attention_head(int64_t layer, int64_t head) const {
  return layer == layer_ && head >= 0 && size_t(head) < slot_of_head_.size() && slot_of_head_[size_t(head)] >= 0;
}

void AttentionRecorder::on_attention(int64_t layer, int64_t head, int32_t, int32_t position, const float* probs, int64_t n) {
  if (!wants_attention_head(layer, head) || position >= max_tokens_ || n != position + 1) return;
  const size_t per_head = size_t(max_tokens_) * size_t(max_tokens_ + 1) / 2;
  float* dst = data_.data() + size_t(slot_of_head_[size_t(head)]) * per_head + size_t(position) * size_t(position + 1) / 2;
  std::memcpy(dst, probs, size_t(n) * sizeof(float));
  int64_t seen = tokens_.load();
  while (position + 1 > seen && !tokens_.compare_exchange_weak(seen, position + 1)) {
  }
}

std::span<const float> AttentionRecorder::row(size_t head_index, int64_t position) const {
  const size_t per_head = size_t(max_tokens_) * size_t(max_tokens_ + 1) / 2;
  return {data_.data() + head_index * per_head + size_t(position) * size_t(position + 1) / 2, size_t(position + 1)};
}

RoutingRecorder::RoutingRecorder(const ModelConfig& c, bool keep_steps, bool keep_scores)
    : keep_steps_(keep_steps),
      keep_scores_(keep_scores),
      load_(size_t(c.num_hidden_layers), std::vector<int64_t>(size_t(std::max<int64_t>(c.n_routed_experts, 0)), 0)),
      mass_(size_t(c.num_hidden_layers), std::vector<double>(size_t(std::max<int64_t>(c.n_routed_experts, 0)), 0.0)),
      tokens_(size_t(c.num_hidden_layers), 0) {}

void RoutingRecorder::on_routing(int64_t layer, int32_t, int32_t position, std::span<const float> scores,
                                 std::span<const int32_t> experts, std::span<const float> weights) {
  for (size_t i = 0; i < experts.size(); ++i) {
    load_[size_t(layer)][size_t(experts[i])] += 1;
    mass_[size_t(layer)][size_t(experts[i])] += weights[i];
  }
  tokens_[size_t(layer)] += 1;
  if (!keep_steps_) return;
  RoutingStep s;
  s.layer = layer;
  s.position = offset_ + position;
  s.experts.assign(experts.begin(), experts.end());
  s.weights.assign(weights.begin(), weights.end());
  if (keep_scores_) s.scores.assign(scores.begin(), scores.end());
  steps_.push_back(std::move(s));
}

Result<std::unique_ptr<AttentionRecorder>> capture_attention(Session& session, const std::vector<int32_t>& tokens, int64_t layer,
                                                             std::vector<int64_t> heads, uint64_t max_bytes, const JobContext& job) {
  return guard([&] {
    const auto& c = session.model().config();
    const int64_t T = int64_t(tokens.size());
    if (T == 0) fail_invalid("attention: empty prompt");
    if (T > session.n_ctx()) fail_invalid("attention: the prompt (" + std::to_string(T) + " tokens) exceeds the context of " + std::to_string(session.n_ctx()));
    const int64_t n_heads = heads.empty() ? c.num_attention_heads : int64_t(heads.size());
    const uint64_t need = AttentionRecorder::bytes_needed(n_heads, T);
    if (need > max_bytes)
      fail(StatusCode::out_of_memory, "attention: " + std::to_string(n_heads) + " heads x " + std::to_string(T) + " tokens need " +
                                          std::to_string(need >> 20) + " MiB, over the " + std::to_string(max_bytes >> 20) +
                                          " MiB budget; choose fewer heads or a shorter prompt");
    auto rec = std::make_unique<AttentionRecorder>(c, layer, std::move(heads), T);
    session.clear(0);
    session.set_observer(rec.get());
    std::vector<float> logits;
    Status s = session.forward(Batch::sequence(tokens, 0), logits, job);
    session.set_observer(nullptr);
    throw_if_error(s);
    return rec;
  });
}

Status trace_routing(Session& session, const std::vector<int32_t>& tokens, RoutingRecorder& recorder, const JobContext& job) {
  return guard([&] {
    if (!session.model().config().is_moe()) fail_invalid("routing: " + session.model().config().model_type + " has no MoE layers");
    const int64_t N = int64_t(tokens.size()), W = session.n_ctx();
    session.set_observer(&recorder);
    std::vector<float> logits;
    for (int64_t begin = 0; begin < N; begin += W) {
      const int64_t end = std::min(N, begin + W);
      session.clear(0);
      recorder.set_position_offset(begin);
      Batch b;
      for (int64_t t = begin; t < end; ++t) b.add(tokens[size_t(t)], int32_t(t - begin), 0, t + 1 == end);
      Status s = session.forward(b, logits, job);
      if (!s.is_ok()) {
        session.set_observer(nullptr);
        throw Error(s);
      }
      if (!job.report({.phase = "routing", .step = end, .total = N, .unit = "tokens"})) {
        session.set_observer(nullptr);
        fail_cancelled("routing cancelled");
      }
    }
    session.set_observer(nullptr);
  });
}

}  // namespace dsw
