// RoutingShape and RoutingSummary: routing aggregated over tokens (dsw/inspect.h).
#include <dsw/inspect.h>

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dsw {

RoutingShape RoutingShape::of(const ModelConfig& c) {
  RoutingShape s;
  s.layers = c.num_hidden_layers;
  s.experts = std::max<int64_t>(c.n_routed_experts, 0);
  s.k = c.is_moe() ? c.num_experts_per_tok : 0;
  s.shared = c.is_moe() ? c.n_shared_experts : 0;
  s.moe_layer.resize(size_t(s.layers));
  for (int64_t l = 0; l < s.layers; ++l) s.moe_layer[size_t(l)] = c.is_moe() && c.is_moe_layer(l) ? 1 : 0;
  s.scoring = c.scoring_func == ScoringFunc::sigmoid ? "sigmoid" : "softmax";
  return s;
}

int64_t RoutingShape::moe_layers() const noexcept { return int64_t(std::count(moe_layer.begin(), moe_layer.end(), uint8_t(1))); }

RoutingSummary RoutingSummary::empty(const RoutingShape& shape) {
  RoutingSummary s;
  s.shape = shape;
  const size_t L = size_t(shape.layers), E = size_t(shape.experts);
  s.tokens.assign(L, 0);
  s.load.assign(L * E, 0);
  s.weight_mass.assign(L * E, 0.0);
  s.coactivation.assign(L * E * E, 0);
  s.entropy_sum.assign(L, 0.0);
  return s;
}

int64_t RoutingSummary::total_tokens() const noexcept {
  for (int64_t l = 0; l < shape.layers; ++l)
    if (shape.moe_layer[size_t(l)]) return tokens[size_t(l)];
  return 0;
}

double RoutingSummary::load_share(int64_t l, int64_t e) const noexcept {
  const int64_t n = tokens[size_t(l)];
  return n ? double(load[size_t(l * shape.experts + e)]) / double(n) : 0.0;
}

double RoutingSummary::coactivation_share(int64_t l, int64_t a, int64_t b) const noexcept {
  const int64_t n = tokens[size_t(l)];
  const int64_t E = shape.experts;
  return n ? double(coactivation[size_t((l * E + a) * E + b)]) / double(n) : 0.0;
}

double RoutingSummary::token_entropy(int64_t l) const noexcept {
  const int64_t n = tokens[size_t(l)];
  return n ? entropy_sum[size_t(l)] / double(n) : std::numeric_limits<double>::quiet_NaN();
}

double RoutingSummary::load_balance(int64_t l) const noexcept {
  const int64_t E = shape.experts;
  double total = 0;
  for (int64_t e = 0; e < E; ++e) total += double(load[size_t(l * E + e)]);
  if (total <= 0 || E < 2) return std::numeric_limits<double>::quiet_NaN();
  double h = 0;
  for (int64_t e = 0; e < E; ++e) {
    const double q = double(load[size_t(l * E + e)]) / total;
    if (q > 0) h -= q * std::log(q);
  }
  return h / std::log(double(E));
}

std::vector<int32_t> RoutingSummary::never_hit(int64_t l) const {
  std::vector<int32_t> out;
  if (!shape.moe_layer[size_t(l)]) return out;
  for (int64_t e = 0; e < shape.experts; ++e)
    if (load[size_t(l * shape.experts + e)] == 0) out.push_back(int32_t(e));
  return out;
}

void RoutingSummary::add_token(int64_t l, std::span<const float> scores, std::span<const int32_t> experts, std::span<const float> weights) {
  const int64_t E = shape.experts;
  tokens[size_t(l)] += 1;
  for (size_t i = 0; i < experts.size(); ++i) {
    const int64_t a = experts[i];
    load[size_t(l * E + a)] += 1;
    weight_mass[size_t(l * E + a)] += weights[i];
    for (size_t j = 0; j < experts.size(); ++j) coactivation[size_t((l * E + a) * E + experts[j])] += 1;
  }
  // Entropy of the scores normalised to sum 1 (sigmoid scores do not sum to 1 by themselves).
  double total = 0;
  for (float s : scores) total += double(s);
  if (total > 0) {
    double h = 0;
    for (float s : scores) {
      const double q = double(s) / total;
      if (q > 0) h -= q * std::log(q);
    }
    entropy_sum[size_t(l)] += h;
  }
}

void RoutingSummary::merge(const RoutingSummary& o) {
  if (o.shape.layers != shape.layers || o.shape.experts != shape.experts) fail_invalid("routing: cannot merge summaries of other shapes");
  for (size_t i = 0; i < tokens.size(); ++i) tokens[i] += o.tokens[i];
  for (size_t i = 0; i < load.size(); ++i) load[i] += o.load[i];
  for (size_t i = 0; i < weight_mass.size(); ++i) weight_mass[i] += o.weight_mass[i];
  for (size_t i = 0; i < coactivation.size(); ++i) coactivation[i] += o.coactivation[i];
  for (size_t i = 0; i < entropy_sum.size(); ++i) entropy_sum[i] += o.entropy_sum[i];
}

}  // namespace dsw
