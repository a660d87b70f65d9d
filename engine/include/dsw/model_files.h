// Opening a model from disk: detect the format, parse the config, map the weights.
//
// MODEL may be a Hugging Face folder (config.json + model.safetensors or a sharded index), a single
// .safetensors file with a config.json beside it, a .gguf file, or a llama2.c .bin. Nothing is read
// into memory: tensors are views into mapped files, so opening a 1 GB checkpoint costs
// milliseconds. The result is immutable and safe to share between threads.
#pragma once

#include <dsw/gguf.h>
#include <dsw/job.h>
#include <dsw/model_config.h>
#include <dsw/status.h>
#include <dsw/tensor_store.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dsw {

class Tokenizer;

enum class ModelFormat { hf_folder, safetensors_file, gguf, llama2c };
std::string_view model_format_name(ModelFormat f) noexcept;

struct WeightFile {
  std::filesystem::path path;
  uint64_t size = 0;
};

struct OpenModelOptions {
  bool config_only = false;                      // read config.json only (no weights needed)
  std::optional<std::filesystem::path> tokenizer;  // overrides the tokenizer found beside the model
};

struct ModelFiles {
  ModelFormat format = ModelFormat::hf_folder;
  std::filesystem::path path;   // what the user gave
  std::filesystem::path folder; // directory holding the files
  ModelConfig config;
  TensorStore tensors;          // empty with config_only
  std::vector<WeightFile> weight_files;
  std::shared_ptr<const GgufFile> gguf;  // set for .gguf models (metadata, vocabulary)
  std::optional<std::filesystem::path> tokenizer_path;  // best tokenizer source found
  std::vector<int64_t> generation_eos_ids;  // from generation_config.json, when present

  uint64_t weight_bytes() const noexcept;
};

Result<ModelFiles> open_model(const std::filesystem::path& path, const OpenModelOptions& options = {});

// Checks that the tensors match the config: every required tensor present with the expected
// shape, and no weight the config does not account for — a tensor of a layer past
// num_hidden_layers (and past the MTP layers the config declares) or of an unknown name fails,
// naming the tensors. Tensors present but never read (MTP layers, rotary caches) are logged as a
// warning. Errors name the tensor.
Status validate_model_tensors(const ModelFiles& model);

// Pairs a tokenizer with the model it feeds: adds the model's stop ids (generation_config.json and
// config.json eos_token_id) to the tokenizer, and refuses — naming both files and both sizes — a
// tokenizer with ids the model's embedding does not have, or a stop id that is not a token.
// Checked at load, so a mismatch is never found mid-generation as an out-of-range token.
Status attach_tokenizer(const ModelFiles& model, Tokenizer& tokenizer, const std::filesystem::path& tokenizer_path);

// Tensors of the files that no architecture reads (multi-token-prediction layers, rotary caches
// of old exports), by stored name; empty before the weights are opened.
std::vector<std::string> unread_tensors(const ModelFiles& model);

}  // namespace dsw
