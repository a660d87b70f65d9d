// The DeepSeekMoE feed-forward block: router, the selected routed experts, shared experts.
//
// Only experts that received tokens are computed (their weights stay memory-mapped and untouched
// otherwise). Tokens are grouped per expert so prefill runs each expert once on all its tokens.
// Expert outputs are scaled by their routing weights and summed in fp32 in expert order (as HF's
// V3 does), then the shared experts' output is added.
#pragma once

#include "arch/blocks.h"
#include "arch/router.h"

#include <functional>
#include <vector>

namespace dsw {

struct MoeWeights {
  std::vector<float> norm;          // post_attention_layernorm
  Linear gate;                      // router [E, H]
  std::vector<float> score_bias;    // e_score_correction_bias [E] (V3) or empty
  std::vector<MlpWeights> experts;  // routed experts
  MlpWeights shared;                // shared experts fused into one MLP (undefined when none)
  bool has_shared = false;

  void for_each_linear(const std::function<void(Linear&)>& fn) {
    fn(gate);
    for (auto& e : experts) e.for_each_linear(fn);
    if (has_shared) shared.for_each_linear(fn);
  }
};

// Loads layer `layer`'s MoE weights (prefix "model.layers.L.mlp.").
MoeWeights load_moe(const ModelFiles& files, int64_t layer);

// x += MoE(post_attention_layernorm(x)); reports routing to the observer when it asks.
void moe_block(int64_t layer, const MoeWeights& w, const RouterParams& p, float eps, int64_t hidden, float* x, StepContext& ctx);

// Bytes of one token's decode through this block: router, shared experts and k average experts.
uint64_t moe_bytes_per_token(const MoeWeights& w, const RouterParams& p);

}  // namespace dsw
