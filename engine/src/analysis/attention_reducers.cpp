// The attention reducers and the observer that feeds them (see attention_reducers.h).
//
// Row statistics use identities that avoid a logarithm per score: with p_j = exp(s_j - lse),
// -Σ p ln p = lse - Σ p·s, so entropy needs the row's scores (copied by the op before its softmax)
// and their log-sum-exp. Sums run in double so long rows keep their precision.
#include "analysis/attention_reducers.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace dsw {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Attention received per key is summed in float for this many rows of a head, then added to the
// double total (a float sum of at most 256 probabilities keeps ~7 significant digits).
constexpr int64_t kFlushRows = 256;

// The row loops run on four-float vectors (GCC/Clang vector extensions: SSE on any x86-64, no
// run-time dispatch needed), four at a time so the additions do not wait on each other. Each
// partial sum holds n/16 terms, so rows of thousands of keys keep their precision; totals are
// taken in double. (Written out because the compiler may not reorder a floating-point sum itself.)
typedef float f4 __attribute__((vector_size(16)));
typedef int32_t i4 __attribute__((vector_size(16)));

inline f4 load4(const float* p) {
  f4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, f4 v) { std::memcpy(p, &v, sizeof v); }
inline f4 abs4(f4 v) { return f4(i4(v) & 0x7fffffff); }
// Probabilities below 1e-30 become 0 before any arithmetic: far-off keys often get subnormal
// probabilities, and every multiply or add with a subnormal operand takes a slow microcode path on
// x86 (dozens of cycles). Their contribution to any sum here is far below float resolution.
inline f4 flush_tiny(f4 v) {
  const f4 tiny = {1e-30f, 1e-30f, 1e-30f, 1e-30f};
  return f4(i4(v) & (v > tiny));
}
inline double hsum(f4 v) { return double(v[0]) + double(v[1]) + double(v[2]) + double(v[3]); }

struct RowSums {
  double ps = 0, pj = 0;  // Σ p·score, Σ p·j
};

// `pending` gets p added (float, flushed into the double totals every kFlushRows rows).
RowSums row_sums(const float* p, const float* s, int64_t n, float* pending) {
  f4 a[4] = {}, b[4] = {};
  f4 jv[4] = {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}, {12, 13, 14, 15}};  // key indices (exact below 2^24)
  const f4 step = {16, 16, 16, 16};
  int64_t j = 0;
  for (; j + 16 <= n; j += 16)
    for (int k = 0; k < 4; ++k) {
      const f4 pv = flush_tiny(load4(p + j + 4 * k));
      a[k] += pv * load4(s + j + 4 * k);
      b[k] += pv * jv[k];
      jv[k] += step;
      store4(pending + j + 4 * k, load4(pending + j + 4 * k) + pv);
    }
  RowSums r{hsum((a[0] + a[1]) + (a[2] + a[3])), hsum((b[0] + b[1]) + (b[2] + b[3]))};
  for (; j < n; ++j) {
    r.ps += double(p[j]) * double(s[j]);
    r.pj += double(p[j]) * double(j);
    pending[j] += p[j];
  }
  return r;
}

struct SplitSums {
  double pos_score = 0;                   // Σ p·pos
  double pos_spread = 0, con_spread = 0;  // Σ p·|pos - mean pos|, Σ p·|content - mean content|
};

SplitSums split_sums(const float* p, const float* s, const float* pos, int64_t n) {
  f4 sp = {}, ss = {};
  int64_t j = 0;
  for (; j + 4 <= n; j += 4) sp += load4(pos + j), ss += load4(s + j);
  double sum_pos = hsum(sp), sum_s = hsum(ss);
  for (; j < n; ++j) sum_pos += pos[j], sum_s += s[j];
  const float mp = float(sum_pos / double(n)), mc = float((sum_s - sum_pos) / double(n));
  const f4 vmp = {mp, mp, mp, mp}, vmc = {mc, mc, mc, mc};
  f4 dp = {}, dc = {}, pp = {};
  for (j = 0; j + 4 <= n; j += 4) {
    const f4 pv = flush_tiny(load4(p + j)), x = load4(pos + j), c = load4(s + j) - x;
    dp += pv * abs4(x - vmp);
    dc += pv * abs4(c - vmc);
    pp += pv * x;
  }
  SplitSums r{hsum(pp), hsum(dp), hsum(dc)};
  for (; j < n; ++j) {
    const float pv = p[j], x = pos[j], c = s[j] - x;
    r.pos_spread += pv * std::abs(x - mp);
    r.con_spread += pv * std::abs(c - mc);
    r.pos_score += pv * x;
  }
  return r;
}

}  // namespace

// ---- HeadStatsReducer ----------------------------------------------------------------------------------

HeadStatsReducer::HeadStatsReducer(int64_t layers, int64_t heads, int64_t tokens, bool split)
    : layers_(layers),
      heads_(heads),
      tokens_(tokens),
      split_(split),
      acc_(size_t(layers * heads)),
      received_(size_t(layers * heads * tokens), 0.0),
      pending_(size_t(layers * heads * tokens), 0.0f),
      locks_(new std::mutex[size_t(layers * heads)]) {}

void HeadStatsReducer::add_row(const AttentionRowView& r) {
  const int64_t n = r.n_keys, i = r.position;
  if (!r.logits || n <= 0 || i >= tokens_ || n > tokens_) return;
  const size_t slot = size_t(r.layer * heads_ + r.head);
  const float* p = r.probs;
  const float* s = r.logits;
  std::lock_guard<std::mutex> lock(locks_[slot]);
  float* pending = pending_.data() + slot * size_t(tokens_);
  // One pass: Σ p·s (entropy), Σ p·j (distance), attention received per key.
  const RowSums rs = row_sums(p, s, n, pending);
  Accum& a = acc_[slot];
  if ((a.rows + 1) % kFlushRows == 0) flush(slot);
  a.entropy += double(r.log_sum_exp) - rs.ps;
  a.max_logit = std::max(a.max_logit, double(r.max_logit));
  a.row_max += r.max_logit;
  a.distance += double(i) - rs.pj;
  a.first += p[0];
  if (i >= 1 && n >= 2) {
    a.prev += p[i - 1];
    ++a.prev_rows;
  }
  ++a.rows;
  if (split_ && r.position_logits) {
    // Spread of each part around its mean over the visible keys, weighted by where attention goes:
    // a constant added to every score changes no probability, so only deviations count.
    const SplitSums ss = split_sums(p, s, r.position_logits, n);
    a.pos_score += ss.pos_score;
    a.con_score += rs.ps - ss.pos_score;
    if (n >= 2 && ss.pos_spread + ss.con_spread > 0) {  // a single key carries no choice
      a.pos_share += ss.pos_spread / (ss.pos_spread + ss.con_spread);
      ++a.share_rows;
    }
  }
}

void HeadStatsReducer::flush(size_t slot) {
  double* recv = received_.data() + slot * size_t(tokens_);
  float* pending = pending_.data() + slot * size_t(tokens_);
  for (int64_t j = 0; j < tokens_; ++j) recv[j] += pending[j];
  std::fill(pending, pending + tokens_, 0.0f);
}

AttentionStats HeadStatsReducer::finish(bool keep_received) {
  for (size_t slot = 0; slot < acc_.size(); ++slot) flush(slot);
  AttentionStats out;
  out.layers = layers_;
  out.heads = heads_;
  out.tokens = tokens_;
  out.has_split = split_;
  out.head.resize(acc_.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (size_t slot = 0; slot < acc_.size(); ++slot) {
    const Accum& a = acc_[slot];
    HeadStats& h = out.head[slot];
    const double rows = double(std::max<int64_t>(a.rows, 1));
    h.entropy = a.entropy / rows;
    h.max_logit = a.rows ? a.max_logit : nan;
    h.mean_max_logit = a.row_max / rows;
    h.previous_token = a.prev_rows ? a.prev / double(a.prev_rows) : nan;
    h.distance = a.distance / rows;
    h.first_token = a.first / rows;
    const double* recv = received_.data() + slot * size_t(tokens_);
    int64_t best = -1;
    for (int64_t j = 0; j < tokens_; ++j)
      if (best < 0 || recv[j] > recv[best]) best = j;
    h.sink_key = best;
    h.sink = best >= 0 ? recv[best] / double(std::max<int64_t>(a.rows, 1)) : nan;
    if (split_) {
      h.position_share = a.share_rows ? a.pos_share / double(a.share_rows) : nan;
      h.position_score = a.pos_score / rows;
      h.content_score = a.con_score / rows;
    } else {
      h.position_share = h.position_score = h.content_score = nan;
    }
  }
  if (keep_received) out.received.assign(received_.begin(), received_.end());
  return out;
}

// ---- OverviewReducer -----------------------------------------------------------------------------------

OverviewReducer::OverviewReducer(int64_t layer, int64_t head, int64_t tokens, int64_t max_tiles)
    : layer_(layer), head_(head), tokens_(tokens) {
  tile_ = std::max<int64_t>(1, (tokens + max_tiles - 1) / max_tiles);
  n_tiles_ = (tokens + tile_ - 1) / tile_;
  const size_t cells = size_t(n_tiles_ * n_tiles_);
  max_.assign(cells, kNaN);
  sum_.assign(cells, 0.0);
  count_.assign(cells, 0);
}

void OverviewReducer::add_row(const AttentionRowView& r) {
  const int64_t n = std::min(r.n_keys, tokens_), i = r.position;
  if (i >= tokens_) return;
  const int64_t ti = i / tile_;
  std::lock_guard<std::mutex> lock(lock_);
  for (int64_t k0 = 0, tk = 0; k0 < n; k0 += tile_, ++tk) {
    const int64_t k1 = std::min(n, k0 + tile_);
    float m = r.probs[k0];
    double s = 0;
    for (int64_t j = k0; j < k1; ++j) {
      const float pv = r.probs[j] > 1e-30f ? r.probs[j] : 0.0f;  // no subnormal arithmetic (see flush_tiny)
      m = std::max(m, pv);
      s += pv;
    }
    const size_t c = size_t(ti * n_tiles_ + tk);
    max_[c] = std::isnan(max_[c]) ? m : std::max(max_[c], m);
    sum_[c] += s;
    count_[c] += k1 - k0;
  }
}

AttentionOverview OverviewReducer::finish() const {
  AttentionOverview o;
  o.layer = layer_;
  o.head = head_;
  o.tokens = tokens_;
  o.tile = tile_;
  o.n_tiles = n_tiles_;
  o.max = max_;
  o.mean.resize(max_.size());
  for (size_t c = 0; c < max_.size(); ++c) o.mean[c] = count_[c] ? float(sum_[c] / double(count_[c])) : kNaN;
  return o;
}

// ---- WindowReducer -------------------------------------------------------------------------------------

WindowReducer::WindowReducer(const AttentionWindowSpec& spec, int64_t tokens, bool split) {
  w_.layer = spec.layer;
  w_.head = spec.head;
  w_.q0 = spec.q0;
  w_.q1 = spec.q1 < 0 ? tokens : spec.q1;
  w_.k0 = spec.k0;
  w_.k1 = spec.k1 < 0 ? tokens : spec.k1;
  const size_t cells = size_t(w_.rows() * w_.cols());
  w_.probs.assign(cells, kNaN);
  w_.logits.assign(cells, kNaN);
  if (split) w_.position.assign(cells, kNaN);
}

void WindowReducer::add_row(const AttentionRowView& r) {
  const int64_t q = r.position;
  if (q < w_.q0 || q >= w_.q1) return;
  const int64_t end = std::min(w_.k1, r.n_keys);
  const size_t base = size_t((q - w_.q0) * w_.cols());
  for (int64_t k = w_.k0; k < end; ++k) {
    const size_t c = base + size_t(k - w_.k0);
    w_.probs[c] = r.probs[k];
    if (r.logits) w_.logits[c] = r.logits[k];
    if (r.position_logits && !w_.position.empty()) w_.position[c] = r.position_logits[k];
  }
}

// ---- AttentionInspector --------------------------------------------------------------------------------

AttentionInspector::AttentionInspector(const ModelConfig& c, int64_t tokens, const AttentionInspectRequest& req)
    : mla_(c.is_mla()) {
  if (req.stats) stats_ = std::make_unique<HeadStatsReducer>(c.num_hidden_layers, c.num_attention_heads, tokens, mla_);
  if (req.window) window_ = std::make_unique<WindowReducer>(*req.window, tokens, mla_);
  if (req.overview) {
    overview_layer_ = req.overview->layer;
    overview_slot_.assign(size_t(c.num_attention_heads), -1);
    std::vector<int64_t> heads = req.overview->heads;
    if (heads.empty())
      for (int64_t h = 0; h < c.num_attention_heads; ++h) heads.push_back(h);
    for (int64_t h : heads) {
      if (overview_slot_[size_t(h)] >= 0) continue;
      overview_slot_[size_t(h)] = int32_t(overviews_.size());
      overviews_.push_back(std::make_unique<OverviewReducer>(overview_layer_, h, tokens, req.overview->max_tiles));
    }
  }
}

bool AttentionInspector::wants_attention(int64_t layer) const {
  return stats_ || (window_ && layer == window_->layer()) || layer == overview_layer_;
}

bool AttentionInspector::wants_attention_head(int64_t layer, int64_t head) const {
  if (stats_) return true;
  if (window_ && window_->wants(layer, head)) return true;
  return layer == overview_layer_ && overview_slot_[size_t(head)] >= 0;
}

bool AttentionInspector::wants_attention_logits(int64_t layer) const {
  return stats_ || (window_ && layer == window_->layer());
}

bool AttentionInspector::wants_attention_split(int64_t layer) const { return mla_ && wants_attention_logits(layer); }

void AttentionInspector::on_attention_row(const AttentionRowView& r) {
  if (stats_) stats_->add_row(r);
  if (window_ && window_->wants(r.layer, r.head)) window_->add_row(r);
  if (r.layer == overview_layer_) {
    const int32_t slot = overview_slot_[size_t(r.head)];
    if (slot >= 0) overviews_[size_t(slot)]->add_row(r);
  }
}

void AttentionInspector::finish_into(AttentionInspection& out, bool keep_received) {
  if (stats_) out.stats = stats_->finish(keep_received);
  if (window_) out.window = window_->take();
  for (auto& o : overviews_) out.overviews.push_back(o->finish());
}

}  // namespace dsw
