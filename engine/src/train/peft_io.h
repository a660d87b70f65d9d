// PEFT adapter folders (training.md §14): adapter_config.json + adapter_model.safetensors.
//
// Written from a training run (per-expert keys, the canonical layout; or transformers v5's fused
// `mlp.experts` layout on request) and read back for any model: every key must name a Linear of
// the model, shapes must agree with the rank, values must be finite — errors name the file and
// the tensor.
#pragma once

#include "train/params.h"

#include <dsw/model_files.h>
#include <dsw/train.h>

#include <filesystem>

namespace dsw::train {

// Writes the LoRA parameters of `params` (names base_model.model.<module>.lora_{A,B}.weight).
void save_peft_adapter(const std::filesystem::path& dir, const ParamSet& params, const ModelConfig& config, const LoraConfig& lora,
                       const std::string& base_model, bool fused_experts);

}  // namespace dsw::train
