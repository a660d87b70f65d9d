// A GGUF checkpoint seen as a model: config from metadata, tensors under HF names.
#pragma once

#include <dsw/gguf.h>
#include <dsw/model_config.h>
#include <dsw/tensor_store.h>

#include <memory>

namespace dsw {

// Builds the config of a `llama` or `qwen2` GGUF (architectures llama.cpp writes for dense DeepSeek
// checkpoints). llama files carry q/k rows permuted for interleaved RoPE, so rope_layout is
// interleaved; qwen2 files keep the half layout. Throws dsw::Error naming the file and key.
ModelConfig config_from_gguf(const GgufFile& gguf);

// Adds every tensor under its HF name (token_embd.weight -> model.embed_tokens.weight, ...).
void add_gguf_tensors(const std::shared_ptr<const GgufFile>& gguf, TensorStore& store);

}  // namespace dsw
