// The attention reducers and the observer that feeds them (see attention_reducers.h).
//
// Row statistics use identities that avoid a logarithm per score: with p_j = exp(s_j - lse),
// -Σ p ln p = lse - Σ p·s, so entropy needs the row's scores (copied by the op before its softmax)
// and their log-sum-exp. Sums run in double so long rows keep their precision.
#include "analysis/attention_reducers.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dsw {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

}  // namespace

// ---- HeadStatsReducer ----------------------------------------------------------------------------------

HeadStatsReducer::HeadStatsReducer(int64_t layers, int64_t heads, int64_t tokens, bool split)
    : layers_(layers),
      heads_(heads),
      tokens_(tokens),
      split_(split),
      acc_(size_t(layers * heads)),
      received_(size_t(layers * heads * tokens), 0.0),
      locks_(new std::mutex[size_t(layers * heads)]) {}

void HeadStatsReducer::add_row(const AttentionRowView& r) {
  const int64_t n = r.n_keys, i = r.position;
  if (!r.logits || n <= 0 || i >= tokens_ || n > tokens_) return;
  const size_t slot = size_t(r.layer * heads_ + r.head);
  const float* p = r.probs;
  const float* s = r.logits;
  std::lock_guard<std::mutex> lock(locks_[slot]);
  double* recv = received_.data() + slot * size_t(tokens_);
  // One pass: Σ p·s (entropy), Σ p·j (distance), attention received per key.
  double ps = 0, pj = 0;
  for (int64_t j = 0; j < n; ++j) {
    const double pv = p[j];
    ps += pv * double(s[j]);
    pj += pv * double(j);
    recv[j] += pv;
  }
  Accum& a = acc_[slot];
  a.entropy += double(r.log_sum_exp) - ps;
  a.max_logit = std::max(a.max_logit, double(r.max_logit));
  a.row_max += r.max_logit;
  a.distance += double(i) - pj;
  a.first += p[0];
  if (i >= 1 && n >= 2) {
    a.prev += p[i - 1];
    ++a.prev_rows;
  }
  ++a.rows;
  if (split_ && r.position_logits) {
    // Spread of each part around its mean over the visible keys, weighted by where attention goes:
    // a constant added to every score changes no probability, so only deviations count.
    const float* pos = r.position_logits;
    double mp = 0, mc = 0;
    for (int64_t j = 0; j < n; ++j) {
      mp += pos[j];
      mc += double(s[j]) - double(pos[j]);
    }
    mp /= double(n);
    mc /= double(n);
    double dp = 0, dc = 0, sp = 0;
    for (int64_t j = 0; j < n; ++j) {
      const double pv = p[j], ps_j = pos[j], cs_j = double(s[j]) - ps_j;
      dp += pv * std::abs(ps_j - mp);
      dc += pv * std::abs(cs_j - mc);
      sp += pv * ps_j;
    }
    a.pos_score += sp;
    a.con_score += ps - sp;
    if (n >= 2 && dp + dc > 0) {  // a single key carries no choice
      a.pos_share += dp / (dp + dc);
      ++a.share_rows;
    }
  }
}

AttentionStats HeadStatsReducer::finish(bool keep_received) const {
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
      m = std::max(m, r.probs[j]);
      s += r.probs[j];
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
