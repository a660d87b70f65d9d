// Random-weight checkpoints of real model shapes, for benchmarks and tests.
//
// `dsw-cli make-model --arch llama --preset deepseek-coder-1.3b --random --seed 1 OUT/` writes
// OUT/config.json, generation_config.json, model.safetensors (deterministic for a seed: every
// tensor's values come from a counter-based generator keyed by the seed and the tensor name) and a
// README saying the weights are untrained. Writes are atomic per file.
#pragma once

#include <dsw/dtype.h>
#include <dsw/job.h>
#include <dsw/model_config.h>
#include <dsw/status.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dsw {

struct ModelPreset {
  std::string arch;    // "llama", "qwen2", "deepseek", "deepseek_v2", "deepseek_v3"
  std::string name;    // "deepseek-coder-1.3b", "tiny", ...
  std::string summary;
};

const std::vector<ModelPreset>& model_presets();
Result<ModelConfig> preset_config(std::string_view arch, std::string_view preset);

// An HF-style config.json for a config (what save_pretrained would write for that model_type).
std::string config_to_json(const ModelConfig& config);

struct MakeModelOptions {
  uint64_t seed = 1;
  std::optional<DType> dtype;  // default: bf16 for real shapes, f32 for tiny presets
  std::optional<std::filesystem::path> tokenizer;  // tokenizer.json / tokenizer.model / vocab .gguf to copy in
  float init_std = 0.02f;
};

// Writes a random-weight checkpoint of `config` into `out_dir` (created if needed).
Status make_random_model(const ModelConfig& config, const MakeModelOptions& options, const std::filesystem::path& out_dir,
                         const JobContext& job = no_job());

}  // namespace dsw
