// A GGUF checkpoint seen as a model: config from metadata, tensors under HF names.
#pragma once

#include <dsw/gguf.h>
#include <dsw/model_config.h>
#include <dsw/tensor_store.h>

#include <memory>
#include <string>

namespace dsw {

// Builds the config of a `llama` or `qwen2` GGUF (architectures llama.cpp writes for dense DeepSeek
// checkpoints). llama files carry q/k rows permuted for interleaved RoPE, so rope_layout is
// interleaved; qwen2 files keep the half layout. A rope_freqs.weight tensor (llama3 scaling as
// llama.cpp bakes it) becomes config.rope_freq_factors. Throws dsw::Error naming the file and key.
ModelConfig config_from_gguf(const GgufFile& gguf);

// GGUF tensor name -> HF name ("blk.3.attn_q.weight" -> "model.layers.3.self_attn.q_proj.weight")
// and back; empty when the name is not one of the dense llama/qwen2 tensors.
std::string hf_tensor_name(const std::string& gguf_name);
std::string gguf_tensor_name(const std::string& hf_name);

// Adds every tensor under its HF name (token_embd.weight -> model.embed_tokens.weight, ...),
// except rope_freqs.weight.
void add_gguf_tensors(const std::shared_ptr<const GgufFile>& gguf, TensorStore& store);

}  // namespace dsw
