// inspect_attention and its request checks (dsw/inspect.h).
#include <dsw/inspect.h>

#include "analysis/attention_reducers.h"
#include "analysis/observer_scope.h"
#include "core/error.h"

#include <chrono>

namespace dsw {
namespace {

constexpr HeadStat kAllStats[] = {HeadStat::entropy, HeadStat::max_logit, HeadStat::previous_token, HeadStat::distance,
                                  HeadStat::first_token, HeadStat::sink, HeadStat::position_share};
constexpr int64_t kMaxWindowCells = int64_t(1) << 24;  // 4096 x 4096: three f32 maps of 64 MiB

std::string range_text(int64_t n) { return "0.." + std::to_string(n - 1); }

}  // namespace

std::string_view head_stat_name(HeadStat s) noexcept {
  switch (s) {
    case HeadStat::entropy: return "entropy";
    case HeadStat::max_logit: return "max_logit";
    case HeadStat::previous_token: return "previous_token";
    case HeadStat::distance: return "distance";
    case HeadStat::first_token: return "first_token";
    case HeadStat::sink: return "sink";
    case HeadStat::position_share: return "position_share";
  }
  return "?";
}

std::optional<HeadStat> head_stat_from_name(std::string_view name) noexcept {
  for (HeadStat s : kAllStats)
    if (head_stat_name(s) == name) return s;
  return std::nullopt;
}

double HeadStats::value(HeadStat s) const noexcept {
  switch (s) {
    case HeadStat::entropy: return entropy;
    case HeadStat::max_logit: return max_logit;
    case HeadStat::previous_token: return previous_token;
    case HeadStat::distance: return distance;
    case HeadStat::first_token: return first_token;
    case HeadStat::sink: return sink;
    case HeadStat::position_share: return position_share;
  }
  return 0;
}

std::span<const float> AttentionStats::received_by(int64_t layer, int64_t h) const {
  if (received.empty()) return {};
  return {received.data() + size_t((layer * heads + h) * tokens), size_t(tokens)};
}

Status validate_attention_request(const ModelConfig& c, int64_t T, int64_t n_ctx, const AttentionInspectRequest& r) {
  return guard([&] {
    const int64_t L = c.num_hidden_layers, H = c.num_attention_heads;
    if (T <= 0) fail_invalid("attention: the prompt is empty");
    if (T > n_ctx)
      fail_invalid("attention: the prompt has " + std::to_string(T) + " tokens, more than the context of " + std::to_string(n_ctx) +
                   " positions");
    auto check_layer = [&](const char* what, int64_t layer) {
      if (layer < 0 || layer >= L)
        fail_invalid(std::string("attention: ") + what + " layer " + std::to_string(layer) + " does not exist (the model has layers " +
                     range_text(L) + ")");
    };
    auto check_head = [&](const char* what, int64_t head) {
      if (head < 0 || head >= H)
        fail_invalid(std::string("attention: ") + what + " head " + std::to_string(head) + " does not exist (each layer has heads " +
                     range_text(H) + ")");
    };
    if (const auto& w = r.window) {
      check_layer("window", w->layer);
      check_head("window", w->head);
      const int64_t q1 = w->q1 < 0 ? T : w->q1, k1 = w->k1 < 0 ? T : w->k1;
      if (w->q0 < 0 || w->q0 >= q1 || q1 > T)
        fail_invalid("attention: window queries " + std::to_string(w->q0) + ".." + std::to_string(q1) + " are not a range inside the " +
                     std::to_string(T) + "-token prompt");
      if (w->k0 < 0 || w->k0 >= k1 || k1 > T)
        fail_invalid("attention: window keys " + std::to_string(w->k0) + ".." + std::to_string(k1) + " are not a range inside the " +
                     std::to_string(T) + "-token prompt");
      if ((q1 - w->q0) * (k1 - w->k0) > kMaxWindowCells)
        fail_invalid("attention: a window of " + std::to_string(q1 - w->q0) + " x " + std::to_string(k1 - w->k0) +
                     " cells is larger than 4096 x 4096; use the overview for the whole map");
    }
    if (const auto& o = r.overview) {
      check_layer("overview", o->layer);
      for (int64_t h : o->heads) check_head("overview", h);
      if (o->max_tiles < 1 || o->max_tiles > 4096) fail_invalid("attention: overview tiles must be 1..4096");
    }
  });
}

uint64_t attention_inspection_bytes(const ModelConfig& c, int64_t T, const AttentionInspectRequest& r) {
  const uint64_t L = uint64_t(c.num_hidden_layers), H = uint64_t(c.num_attention_heads), t = uint64_t(std::max<int64_t>(T, 0));
  uint64_t n = 0;
  if (r.stats) n += L * H * (sizeof(HeadStats) + t * (sizeof(double) + (r.keep_received ? sizeof(float) : 0)));
  if (const auto& w = r.window) {
    const uint64_t rows = uint64_t((w->q1 < 0 ? T : w->q1) - w->q0), cols = uint64_t((w->k1 < 0 ? T : w->k1) - w->k0);
    n += rows * cols * sizeof(float) * (c.is_mla() ? 3 : 2);
  }
  if (const auto& o = r.overview) {
    const uint64_t heads = o->heads.empty() ? H : uint64_t(o->heads.size());
    const uint64_t tiles = uint64_t(std::min<int64_t>(T, o->max_tiles));
    n += heads * tiles * tiles * (2 * sizeof(float) + sizeof(double) + sizeof(int64_t));
  }
  return n;
}

Result<std::unique_ptr<Session>> make_inspection_session(std::shared_ptr<const Model> model, int64_t T, int64_t n_batch) {
  if (!model) return Status(StatusCode::invalid_input, "inspect: no model");
  const int64_t max_pos = model->config().max_position_embeddings;
  if (T > max_pos)
    return Status(StatusCode::invalid_input, "the prompt has " + std::to_string(T) + " tokens, more than the model's context of " +
                                                 std::to_string(max_pos) + " positions (max_position_embeddings)");
  return Session::create(std::move(model), {.n_ctx = std::max<int64_t>(T, 1), .n_seq = 1, .n_batch = n_batch});
}

Result<AttentionInspection> inspect_attention(Session& session, const std::vector<int32_t>& tokens, const AttentionInspectRequest& req,
                                              const JobContext& job) {
  return guard([&] {
    const ModelConfig& c = session.model().config();
    const int64_t T = int64_t(tokens.size());
    throw_if_error(validate_attention_request(c, T, session.n_ctx(), req));
    const auto start = std::chrono::steady_clock::now();
    AttentionInspector inspector(c, T, req);
    session.clear(-1);
    std::vector<float> logits;
    {
      ObserverScope scope(session, &inspector);
      throw_if_error(session.forward(Batch::sequence(tokens, 0), logits, job));
    }
    session.clear(-1);
    AttentionInspection out;
    out.tokens = tokens;
    inspector.finish_into(out, req.keep_received);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  });
}

}  // namespace dsw
