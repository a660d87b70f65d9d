// llama2.c checkpoints (.bin) and tokenizer.bin (formats.md §4).
//
// Legacy (v0) headers with the shared-classifier sign trick and v1 ("ak42", fp32) are read as
// zero-copy views under HF tensor names; v2 (int8 groups) is reported unsupported. Weights keep
// llama2.c's interleaved RoPE pairing, so the config says RopeLayout::interleaved.
#pragma once

#include <dsw/model_config.h>
#include <dsw/status.h>
#include <dsw/tensor_store.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace dsw {

struct Llama2cHeader {
  int version = 0;  // 0 legacy, 1 fp32 "ak42"
  int32_t dim = 0, hidden_dim = 0, n_layers = 0, n_heads = 0, n_kv_heads = 0, vocab_size = 0, seq_len = 0;
  bool shared_classifier = true;
};

struct Llama2cCheckpoint {
  Llama2cHeader header;
  ModelConfig config;
  TensorStore tensors;
};

// Validates a checkpoint held in memory (sizes against the bytes present; no allocation
// proportional to header values). `owner` keeps `bytes` alive for the tensor views.
Result<Llama2cCheckpoint> parse_llama2c(std::span<const uint8_t> bytes, std::string_view name,
                                        std::shared_ptr<const void> owner = nullptr);
Result<Llama2cCheckpoint> open_llama2c(const std::filesystem::path& path);

struct Llama2cVocab {
  int32_t max_token_length = 0;
  std::vector<std::string> pieces;  // raw bytes of each piece (' ' for spaces, "<0x0A>" byte tokens)
  std::vector<float> scores;
};
// Parses tokenizer.bin. vocab_size comes from the checkpoint header; pass -1 to read entries until
// the end of the file (a tokenizer.bin given alone).
Result<Llama2cVocab> parse_llama2c_tokenizer(std::span<const uint8_t> bytes, int32_t vocab_size, std::string_view name);

}  // namespace dsw
