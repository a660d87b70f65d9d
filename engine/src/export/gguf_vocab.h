// The tokenizer.* metadata of a GGUF export, from whatever tokenizer the model came with
// (a GGUF vocabulary, a SentencePiece tokenizer.model, a llama2.c tokenizer.bin or a Hugging Face
// byte-level BPE tokenizer.json), in the form llama.cpp's converter writes it.
#pragma once

#include "export/gguf_writer.h"

#include <dsw/model_files.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dsw {

struct GgufVocabResult {
  std::string kind;  // "gguf", "sentencepiece", "llama2c", "hf_bpe", "none"
  std::string pre;   // tokenizer.ggml.pre written, "" when none
  std::vector<std::string> warnings;
};

// Adds the tokenizer keys for `model` to `w`. The token count must equal the model's vocab_size
// (llama.cpp sizes the embedding from it); SentencePiece, tokenizer.bin and tokenizer.json
// vocabularies shorter than that are padded with "[PAD<id>]" unused tokens as the converter does.
// With include == false or no tokenizer found, writes tokenizer.ggml.model "no_vocab".
GgufVocabResult add_gguf_vocab(GgufWriter& w, const ModelFiles& model, bool include);

// The llama.cpp pre-tokenizer name for a tokenizer.json `pre_tokenizer` object, recognised by its
// Split regexes (tokenizer.md §3), or "" when it is none of deepseek-v3, deepseek-llm,
// deepseek-coder, qwen2, llama-bpe, gpt-2.
std::string detect_gguf_pre_tokenizer(const nlohmann::json& pre_tokenizer);

}  // namespace dsw
