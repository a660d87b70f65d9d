// Building blocks shared by the architecture files: Llama-style GQA attention and the SwiGLU MLP.
#pragma once

#include "arch/architecture.h"

#include <functional>
#include <vector>

namespace dsw {

struct GqaWeights {
  std::vector<float> norm;  // input_layernorm
  Linear q, k, v, o;
  void for_each_linear(const std::function<void(Linear&)>& fn) { fn(q), fn(k), fn(v), fn(o); }
};

struct GqaParams {
  AttentionDims dims;
  RopeFreqs rope;
  bool interleaved = false;
  float eps = 1e-6f;
  static GqaParams from_config(const ModelConfig& c);
};

struct MlpWeights {
  std::vector<float> norm;  // post_attention_layernorm (empty inside MoE experts)
  Linear gate, up, down;
  void for_each_linear(const std::function<void(Linear&)>& fn) { fn(gate), fn(up), fn(down); }
};

// Loading and sizes, shared by the architecture files.
GqaWeights load_gqa(const ModelFiles& files, int64_t layer);
// A SwiGLU MLP under `prefix` ("model.layers.3.mlp."); with_norm also loads the layer's
// post_attention_layernorm. role/expert label its Linears (dense MLP, shared or routed expert).
MlpWeights load_mlp(const ModelFiles& files, int64_t layer, const std::string& prefix, bool with_norm,
                    LinearRole role = LinearRole::mlp, int64_t expert = -1);
uint64_t weight_bytes(const GqaWeights& w);
uint64_t weight_bytes(const MlpWeights& w);

// The attention-probabilities sink for `layer` when the step's observer wants that layer, else
// null (`storage` holds the function while it is used).
const ProbsSink* attention_sink(int64_t layer, StepContext& ctx, ProbsSink& storage);

// x += o_proj(attention(rope(q, k), v)) for input_layernorm(x); appends k, v to the cache.
void gqa_attention_block(int64_t layer, const GqaWeights& w, const GqaParams& p, int64_t hidden, float* x, StepContext& ctx);

// x += down(silu(gate(h)) * up(h)) with h = post_attention_layernorm(x).
void swiglu_mlp_block(const MlpWeights& w, float eps, int64_t hidden, float* x, StepContext& ctx);

// out[T, hidden] = down(silu(gate(h)) * up(h)) for given normalised rows h (no residual).
void swiglu_mlp(const MlpWeights& w, const float* h, int64_t T, int64_t hidden, float* out, StepContext& ctx, size_t scratch_slot);

// Scratch slots used by the blocks (architectures add their own above kScratchUser).
enum ScratchSlot : size_t {
  kScratchNorm = 0,
  kScratchQ,
  kScratchK,
  kScratchV,
  kScratchAttn,
  kScratchOut,
  kScratchGate,
  kScratchUp,
  kScratchUser = 16,
};

}  // namespace dsw
