// MoE routers of the DeepSeek family (architectures.md §3.4, §4.5, §5.3), as pure functions so
// tests can check them alone:
//  - deepseek (V1): softmax, greedy top-k, optional normalisation, no scaling;
//  - deepseek_v2: softmax, greedy or group-limited greedy (group score = max, other groups' scores
//    set to 0), weights scaled by routed_scaling_factor (normalised instead when norm_topk_prob);
//  - deepseek_v3 (noaux_tc): sigmoid, selection on scores + e_score_correction_bias with group
//    score = sum of the top two, other groups masked to -inf (transformers 5.23), weights are the
//    unbiased scores, normalised (+1e-20) then scaled. A deepseek body may carry this router too
//    (what `dsw-cli convert --target-arch moe` writes): from_config gives it the V3 rule.
#pragma once

#include <dsw/model_config.h>

#include <cstdint>
#include <vector>

namespace dsw {

struct RouterParams {
  Architecture arch = Architecture::deepseek;
  ScoringFunc scoring = ScoringFunc::softmax;
  TopkMethod method = TopkMethod::greedy;
  int64_t n_experts = 0, k = 0, n_group = 1, topk_group = 1;
  bool norm_topk_prob = false;
  float routed_scaling_factor = 1.0f;

  static RouterParams from_config(const ModelConfig& c);
};

// Routes one token. logits [E] (fp32 router output); bias [E] or null (V3 correction bias).
// Writes scores [E] (post softmax/sigmoid, unbiased), experts [k] and weights [k]; experts are in
// descending order of their selection score.
void route_token(const RouterParams& p, const float* logits, const float* bias, float* scores, int32_t* experts, float* weights);

}  // namespace dsw
