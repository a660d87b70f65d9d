// The Linear modules of a model's decoder layers, by Hugging Face name, and which of them a LoRA
// config targets (PEFT's matching rules, training.md §14.1).
#pragma once

#include <dsw/model_config.h>
#include <dsw/train.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dsw::train {

struct LinearModule {
  std::string name;  // "model.layers.3.mlp.experts.7.up_proj"
  std::string kind;  // attention, mlp, shared_expert, expert, router
  int64_t layer = 0;
  int64_t expert = -1;
  int64_t in = 0, out = 0;
};

// Every Linear of the decoder layers in checkpoint order (lm_head and embeddings excluded).
std::vector<LinearModule> decoder_linears(const ModelConfig& c);

// Does `pattern` (a plain module suffix, "re:<regex>" or "all-linear") match `name`?
bool module_matches(const std::string& pattern, const std::string& name);

// Whether the LoRA config adapts this module (router only with target_router).
bool lora_targets(const LoraConfig& lora, const LinearModule& m);

// alpha / rank, or alpha / sqrt(rank) with rsLoRA.
double lora_scale(const LoraConfig& lora);

}  // namespace dsw::train
