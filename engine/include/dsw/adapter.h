// LoRA adapters on a loaded model: a base Model plus one or more adapter sets is a new Model that
// shares the base's weight bytes (nothing is copied) and opens beside it.
//
// An AdapterSet maps HF module names ("model.layers.3.mlp.experts.7.up_proj") to the LoRA pair of
// that Linear: y = x·Wᵀ + scale·(x·Aᵀ)·Bᵀ. Routed experts are adapted per expert, each under its
// own module name. Sets are applied in the order given; set i is adapter slot i, which serving can
// select per batch row (Batch::adapter_slots) so requests for different adapters share the base
// multiply. Reading PEFT adapter folders into an AdapterSet is the trainer's (dsw/train.h).
#pragma once

#include <dsw/model.h>
#include <dsw/status.h>
#include <dsw/tensor.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dsw {

struct LoraWeights {
  Tensor a;            // f32 [r, in]
  Tensor b;            // f32 [out, r]
  float scale = 1.0f;  // alpha / r, or alpha / sqrt(r) with rsLoRA
};

struct AdapterSet {
  std::string name;                           // shown with the model ("gsm8k-lora-r16")
  std::map<std::string, LoraWeights> modules; // by module name
};

// The base model with the sets attached (set i in slot i). invalid_input names the first module
// that the model does not have or whose shapes do not fit, and the set it came from.
Result<std::shared_ptr<Model>> attach_adapters(const std::shared_ptr<const Model>& base,
                                               std::vector<std::shared_ptr<const AdapterSet>> sets);

}  // namespace dsw
