// The tensors an architecture expects, by HF name and shape, derived from its config.
//
// One table drives checkpoint validation (validate_model_tensors), the random-weight checkpoint
// writer (make-model) and the loaders, so they cannot disagree about names or shapes.
#pragma once

#include <dsw/model_config.h>
#include <dsw/tensor.h>

#include <string>
#include <vector>

namespace dsw {

enum class TensorRole {
  embedding,  // token embedding
  norm,       // RMSNorm weight (initialised to ~1 in random checkpoints)
  linear,     // Linear weight [out, in] (FP8-quantisable in V3 checkpoints)
  bias,       // Linear bias
  gate,       // MoE router weight [E, H] (never FP8)
  router_bias,  // e_score_correction_bias [E], float32
  output,     // lm_head
};

struct TensorSpec {
  std::string name;
  Shape shape;
  TensorRole role;
  int64_t layer = -1;  // -1 for model-level tensors
};

// Every tensor of the main model (no MTP layers, no FP8 scale tensors), in a stable order:
// embedding, layers 0..L-1, final norm, output head (absent when tied).
std::vector<TensorSpec> expected_tensors(const ModelConfig& config);

// The FP8 scale tensor name and shape for a Linear weight of shape [out, in].
std::string fp8_scale_name(const std::string& weight_name);
Shape fp8_scale_shape(const ModelConfig& config, const Shape& weight_shape);

}  // namespace dsw
