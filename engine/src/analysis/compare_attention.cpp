// compare_attention: per-head Jensen–Shannon divergence between two models' attention rows.
//
// Both sessions run the prompt in lockstep chunks of rows: A's rows of the chunk (every layer and
// head) are kept while B runs the same rows, and B's observer compares each of its rows with A's
// as it is formed. Memory is one chunk of A's rows, bounded by max_bytes, never T×T per head.
#include <dsw/inspect.h>

#include "analysis/observer_scope.h"
#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>

namespace dsw {
namespace {

// Rows [t0, t1) of every (layer, head): row r sits at offset (Σ_{t0<=r'<r} (r'+1)) of its head.
struct ChunkLayout {
  int64_t t0 = 0, t1 = 0, per_head = 0;
  int64_t offset(int64_t r) const { return (r - t0) * t0 + (r - t0) * (r - t0 + 1) / 2; }
  void set(int64_t a, int64_t b) {
    t0 = a;
    t1 = b;
    per_head = offset(b);
  }
};

class ChunkKeeper final : public Observer {
 public:
  ChunkKeeper(int64_t heads, const ChunkLayout& layout, std::vector<float>& buf) : heads_(heads), layout_(layout), buf_(buf) {}
  bool wants_attention(int64_t) const override { return true; }
  void on_attention_row(const AttentionRowView& r) override {
    float* dst = buf_.data() + size_t((r.layer * heads_ + r.head) * layout_.per_head + layout_.offset(r.position));
    std::memcpy(dst, r.probs, size_t(r.n_keys) * sizeof(float));
  }

 private:
  int64_t heads_;
  const ChunkLayout& layout_;
  std::vector<float>& buf_;
};

class ChunkComparer final : public Observer {
 public:
  ChunkComparer(int64_t layers, int64_t heads, const ChunkLayout& layout, const std::vector<float>& buf, std::vector<double>& row_js)
      : heads_(heads), layout_(layout), buf_(buf), row_js_(row_js), sums_(size_t(layers * heads), 0.0),
        maxes_(size_t(layers * heads), 0.0), locks_(new std::mutex[size_t(layers * heads)]) {}
  bool wants_attention(int64_t) const override { return true; }
  void on_attention_row(const AttentionRowView& r) override {
    const size_t slot = size_t(r.layer * heads_ + r.head);
    const float* a = buf_.data() + size_t(int64_t(slot) * layout_.per_head + layout_.offset(r.position));
    const double js = js_divergence(a, r.probs, r.n_keys);
    row_js_[slot * size_t(layout_.t1 - layout_.t0) + size_t(r.position - layout_.t0)] = js;
    std::lock_guard<std::mutex> lock(locks_[slot]);
    sums_[slot] += js;
    maxes_[slot] = std::max(maxes_[slot], js);
  }
  const std::vector<double>& sums() const { return sums_; }
  const std::vector<double>& maxes() const { return maxes_; }

 private:
  int64_t heads_;
  const ChunkLayout& layout_;
  const std::vector<float>& buf_;
  std::vector<double>& row_js_;
  std::vector<double> sums_, maxes_;
  std::unique_ptr<std::mutex[]> locks_;
};

}  // namespace

double js_divergence(const float* p, const float* q, int64_t n) noexcept {
  // ½ Σ p log2(p/m) + ½ Σ q log2(q/m), m = (p+q)/2; zero-probability terms contribute nothing.
  double s = 0;
  for (int64_t j = 0; j < n; ++j) {
    const double a = p[j], b = q[j], m = 0.5 * (a + b);
    if (a > 0) s += a * std::log2(a / m);
    if (b > 0) s += b * std::log2(b / m);
  }
  return std::max(0.0, 0.5 * s);
}

Status attention_comparable(const ModelConfig& a, const ModelConfig& b) {
  if (a.num_hidden_layers != b.num_hidden_layers)
    return {StatusCode::invalid_input, "cannot compare attention: A has " + std::to_string(a.num_hidden_layers) + " layers, B has " +
                                           std::to_string(b.num_hidden_layers)};
  if (a.num_attention_heads != b.num_attention_heads)
    return {StatusCode::invalid_input, "cannot compare attention: A has " + std::to_string(a.num_attention_heads) +
                                           " attention heads per layer, B has " + std::to_string(b.num_attention_heads)};
  if (a.vocab_size != b.vocab_size)
    return {StatusCode::invalid_input, "cannot compare: A has a vocabulary of " + std::to_string(a.vocab_size) + " tokens, B of " +
                                           std::to_string(b.vocab_size) + ", so they do not share a tokenizer"};
  return Status::ok();
}

Status same_tokens(const Tokenizer& a, const Tokenizer& b, std::string_view text) {
  auto ia = a.encode(text);
  if (!ia.is_ok()) return ia.status();
  auto ib = b.encode(text);
  if (!ib.is_ok()) return ib.status();
  const size_t n = std::min(ia->size(), ib->size());
  for (size_t i = 0; i < n; ++i)
    if ((*ia)[i] != (*ib)[i])
      return {StatusCode::invalid_input, "cannot compare: the tokenizers differ — token " + std::to_string(i) + " of the text is " +
                                             std::to_string((*ia)[i]) + " (\"" + utf8_lossy(a.token_bytes((*ia)[i])) + "\") in A but " +
                                             std::to_string((*ib)[i]) + " (\"" + utf8_lossy(b.token_bytes((*ib)[i])) + "\") in B"};
  if (ia->size() != ib->size())
    return {StatusCode::invalid_input, "cannot compare: the tokenizers differ — A encodes the text as " + std::to_string(ia->size()) +
                                           " tokens, B as " + std::to_string(ib->size())};
  return Status::ok();
}

Result<AttentionComparison> compare_attention(Session& sa, Session& sb, const std::vector<int32_t>& tokens, uint64_t max_bytes,
                                              const JobContext& job) {
  return guard([&] {
    const ModelConfig& ca = sa.model().config();
    const ModelConfig& cb = sb.model().config();
    throw_if_error(attention_comparable(ca, cb));
    const int64_t T = int64_t(tokens.size()), L = ca.num_hidden_layers, H = ca.num_attention_heads;
    if (T == 0) fail_invalid("compare attention: the prompt is empty");
    for (Session* s : {&sa, &sb})
      if (T > s->n_ctx())
        fail_invalid("compare attention: the prompt has " + std::to_string(T) + " tokens, more than the context of " +
                     std::to_string(s->n_ctx()) + " positions");
    // Chunk rows so one chunk of A's rows fits the budget (at least one row).
    const uint64_t per_row = uint64_t(L * H * T) * sizeof(float);
    const int64_t chunk = std::clamp<int64_t>(int64_t(max_bytes / std::max<uint64_t>(per_row, 1)), 1, 512);

    AttentionComparison out;
    out.layers = L;
    out.heads = H;
    out.tokens = T;
    out.js_mean.assign(size_t(L * H), 0.0);
    out.js_max.assign(size_t(L * H), 0.0);
    out.js_token.assign(size_t(T), 0.0);

    ChunkLayout layout;
    std::vector<float> buf;
    std::vector<double> row_js;
    ChunkKeeper keeper(H, layout, buf);
    ChunkComparer comparer(L, H, layout, buf, row_js);
    JobContext inner;
    inner.cancel = job.cancel;
    sa.clear(-1);
    sb.clear(-1);
    std::vector<float> logits;
    for (int64_t t0 = 0; t0 < T; t0 += chunk) {
      const int64_t t1 = std::min(T, t0 + chunk);
      layout.set(t0, t1);
      buf.assign(size_t(L * H * layout.per_head), 0.0f);
      row_js.assign(size_t(L * H * (t1 - t0)), 0.0);
      Batch b;
      for (int64_t t = t0; t < t1; ++t) b.add(tokens[size_t(t)], int32_t(t), 0, false);
      b.want_logits.back() = 1;
      {
        ObserverScope scope(sa, &keeper);
        throw_if_error(sa.forward(b, logits, inner));
      }
      {
        ObserverScope scope(sb, &comparer);
        throw_if_error(sb.forward(b, logits, inner));
      }
      for (int64_t r = t0; r < t1; ++r) {
        double s = 0;
        for (int64_t slot = 0; slot < L * H; ++slot) s += row_js[size_t(slot * (t1 - t0) + (r - t0))];
        out.js_token[size_t(r)] = s / double(L * H);
      }
      if (!job.report({.phase = "compare", .step = t1, .total = T, .unit = "tokens"}) || job.cancelled())
        fail_cancelled("attention comparison cancelled");
    }
    sa.clear(-1);
    sb.clear(-1);
    for (int64_t slot = 0; slot < L * H; ++slot) {
      out.js_mean[size_t(slot)] = comparer.sums()[size_t(slot)] / double(T);
      out.js_max[size_t(slot)] = comparer.maxes()[size_t(slot)];
    }
    return out;
  });
}

}  // namespace dsw
