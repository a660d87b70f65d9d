// AWQ-style activation-aware scaling (quantization.md §3): per group of Linears that read the same
// tensor, a per-input-channel scale s from the calibration activations, found by AWQ's grid search
// over α (s = mean|x|^α, centred geometrically), folded into the op before the group so the float
// function is unchanged: the Linears' input columns × s, the preceding norm's weight ÷ s (or the
// preceding Linear's output rows ÷ s).
//
// Groups (§3.1; the DeepSeek ones are ours): input_layernorm → q/k/v (MLA: q_proj or q_a_proj and
// kv_a_proj_with_mqa); post_attention_layernorm → gate/up of a dense MLP; q_a_layernorm → q_b_proj;
// kv_a_layernorm → kv_b_proj; up_proj → down_proj (dense, shared and each routed expert, on the
// tokens routed to it). Not scaled: o_proj (no foldable predecessor), and the gate/up of MoE layers,
// whose norm also feeds the router and every expert (one s would have to serve all of them).
// A group is scaled only when every member and a Linear predecessor are quantised with a codec.
//
// Choices *(ours)*: the loss of a candidate is the members' output error on the calibration
// inputs, Σ tr((W − Ŵ)·H·(W − Ŵ)ᵀ) from the Hessian GPTQ collects (instead of re-running the module),
// over at most 256 evenly spaced rows of each member; Ŵ = Q(W·diag(s))·diag(s)⁻¹ with the member's
// RTN codec whatever the method (GPTQ then quantises the scaled weight with the scaled Hessian).
// No clipping search (§3.3).
#pragma once

#include "quant/hessian_tap.h"
#include "quant/plan.h"

#include <dsw/model_files.h>
#include <dsw/thread_pool.h>

#include <map>
#include <string>
#include <vector>

namespace dsw::quant {

struct AwqGroup {
  std::string key;                          // the members' input_key
  std::vector<const LinearPlan*> members;
  std::string norm_tensor;                  // the preceding norm's weight, or
  const LinearPlan* prev = nullptr;         // the preceding Linear (its output rows ÷ s)
};

// The scaling groups of decoder layer `layer` that the plan allows.
std::vector<AwqGroup> awq_groups(const ModelConfig& config, const std::vector<LinearPlan>& plan, int64_t layer, const TensorStore& tensors);

struct AwqScale {
  std::vector<float> s;  // per input channel
  double alpha = 0;      // the grid point chosen (0: s ≡ 1, plain RTN)
  double loss = 0, loss_rtn = 0;  // the chosen and the α = 0 output error energy
};

// The grid search of §3.2 for one group; `stats` are the group's calibration statistics.
AwqScale awq_search(const AwqGroup& group, const InputStats& stats, ThreadPool& pool);

// Statistics of x / s (H'ᵢⱼ = Hᵢⱼ / (sᵢ·sⱼ), Σ|x|ᵢ / sᵢ): what the scaled group will read.
InputStats scaled_stats(const InputStats& stats, const std::vector<float>& s);

}  // namespace dsw::quant
