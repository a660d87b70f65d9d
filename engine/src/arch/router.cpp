// route_token: scores, group limits, top-k and weights for the three DeepSeek routers.
#include "arch/router.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace dsw {

RouterParams RouterParams::from_config(const ModelConfig& c) {
  RouterParams p;
  // A deepseek (MoE 16B) body with the V3 sigmoid router combines its experts as V3 does.
  p.arch = c.arch == Architecture::deepseek && c.scoring_func == ScoringFunc::sigmoid ? Architecture::deepseek_v3 : c.arch;
  p.scoring = c.scoring_func;
  p.method = c.topk_method;
  p.n_experts = c.n_routed_experts;
  p.k = c.num_experts_per_tok;
  p.n_group = c.n_group;
  p.topk_group = c.topk_group;
  p.norm_topk_prob = c.norm_topk_prob;
  p.routed_scaling_factor = float(c.routed_scaling_factor);
  return p;
}

namespace {

// Indices of the k largest values (ties: lower index first), descending.
void top_k(const std::vector<float>& v, int64_t k, int32_t* out) {
  std::vector<int32_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), [&](int32_t a, int32_t b) {
    return v[size_t(a)] > v[size_t(b)] || (v[size_t(a)] == v[size_t(b)] && a < b);
  });
  std::copy(idx.begin(), idx.begin() + k, out);
}

}  // namespace

void route_token(const RouterParams& p, const float* logits, const float* bias, float* scores, int32_t* experts, float* weights) {
  const int64_t E = p.n_experts;
  if (p.scoring == ScoringFunc::softmax) {
    float m = logits[0];
    for (int64_t e = 1; e < E; ++e) m = std::max(m, logits[e]);
    float sum = 0;
    for (int64_t e = 0; e < E; ++e) sum += scores[e] = std::exp(logits[e] - m);
    for (int64_t e = 0; e < E; ++e) scores[e] /= sum;
  } else {
    for (int64_t e = 0; e < E; ++e) scores[e] = 1.0f / (1.0f + std::exp(-logits[e]));
  }

  std::vector<float> choice(scores, scores + E);
  if (p.method == TopkMethod::noaux_tc && bias)
    for (int64_t e = 0; e < E; ++e) choice[size_t(e)] += bias[e];

  if (p.method != TopkMethod::greedy && p.n_group > 1) {
    const int64_t per = E / p.n_group;
    std::vector<float> group_score(size_t(p.n_group));
    for (int64_t g = 0; g < p.n_group; ++g) {
      const float* s = choice.data() + g * per;
      if (p.method == TopkMethod::group_limited_greedy) {
        group_score[size_t(g)] = *std::max_element(s, s + per);
      } else {  // noaux_tc: sum of the two best in the group
        float a = -std::numeric_limits<float>::infinity(), b = a;
        for (int64_t i = 0; i < per; ++i) {
          if (s[i] > a) b = a, a = s[i];
          else if (s[i] > b) b = s[i];
        }
        group_score[size_t(g)] = a + b;
      }
    }
    std::vector<int32_t> keep(size_t(p.topk_group));
    top_k(group_score, p.topk_group, keep.data());
    std::vector<uint8_t> kept(size_t(p.n_group), 0);
    for (int32_t g : keep) kept[size_t(g)] = 1;
    const float masked = p.method == TopkMethod::noaux_tc ? -std::numeric_limits<float>::infinity() : 0.0f;
    for (int64_t g = 0; g < p.n_group; ++g)
      if (!kept[size_t(g)]) std::fill(choice.begin() + g * per, choice.begin() + (g + 1) * per, masked);
  }

  top_k(choice, p.k, experts);
  for (int64_t i = 0; i < p.k; ++i) weights[i] = scores[experts[i]];

  switch (p.arch) {
    case Architecture::deepseek_v3: {
      if (p.norm_topk_prob) {
        float sum = 1e-20f;
        for (int64_t i = 0; i < p.k; ++i) sum += weights[i];
        for (int64_t i = 0; i < p.k; ++i) weights[i] /= sum;
      }
      for (int64_t i = 0; i < p.k; ++i) weights[i] *= p.routed_scaling_factor;
      break;
    }
    case Architecture::deepseek_v2:
      // DeepSeek's V2 code normalises when asked, otherwise scales; HF's native class always
      // scales. They agree on released checkpoints (norm_topk_prob false).
      if (p.k > 1 && p.norm_topk_prob) {
        float sum = 1e-20f;
        for (int64_t i = 0; i < p.k; ++i) sum += weights[i];
        for (int64_t i = 0; i < p.k; ++i) weights[i] /= sum;
      } else {
        for (int64_t i = 0; i < p.k; ++i) weights[i] *= p.routed_scaling_factor;
      }
      break;
    default:  // deepseek (V1): raw probabilities unless normalised
      if (p.k > 1 && p.norm_topk_prob) {
        float sum = 1e-20f;
        for (int64_t i = 0; i < p.k; ++i) sum += weights[i];
        for (int64_t i = 0; i < p.k; ++i) weights[i] /= sum;
      }
      break;
  }
}

}  // namespace dsw
