// Byte-level BPE tokenizer (TokenizerKind::byte_level_bpe): the pipeline of a Hugging Face
// tokenizer.json -- added tokens, normalizer, pre-tokenizer, BPE model, ByteLevel decoder -- also
// used for GGUF "gpt2" vocabularies. Built by hf_tokenizer.cpp and gguf_tokenizer.cpp; immutable
// afterwards, and encode/decode are safe on several threads (the BPE word cache locks itself).
#pragma once

#include "tokenizer/added_tokens.h"
#include "tokenizer/bpe_model.h"
#include "tokenizer/normalizer.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/tokenizer_base.h"

#include <string>
#include <vector>

namespace dsw {

class BpeTokenizer final : public TokenizerBase {
 public:
  enum class Decoder { byte_level, join_with_space };

  explicit BpeTokenizer(std::string name) : name_(std::move(name)) {}

  // Parts, filled by the builders before finish().
  BpeModel& model() { return model_; }
  AddedTokens& added() { return added_; }
  void set_normalizer(Normalizer n) { normalizer_ = std::move(n); }
  void set_pre_tokenizer(PreTokenizer p) { pre_tokenizer_ = std::move(p); }
  void set_decoder(Decoder d) { decoder_ = d; }
  // Added tokens decode to their text as-is (llama.cpp) instead of through the ByteLevel decoder
  // (tokenizers). GGUF vocabularies use this.
  void set_raw_added_token_decode(bool raw) { raw_added_decode_ = raw; }
  // The text of every id, when the source lists tokens by id (GGUF); otherwise the id table is
  // built from the vocabulary map.
  void set_token_texts(std::vector<std::string> texts) { token_texts_ = std::move(texts); }
  // Validates ids (range, density, duplicates), builds the id table and runs the regex self tests.
  void finish();

  const PreTokenizer& pre_tokenizer() const noexcept { return pre_tokenizer_; }

  TokenizerKind kind() const noexcept override { return TokenizerKind::byte_level_bpe; }
  int32_t vocab_size() const noexcept override { return int32_t(id_to_text_.size()); }
  Result<std::vector<int32_t>> encode(std::string_view text, const EncodeOptions& options) const override;
  std::string decode(std::span<const int32_t> ids, const DecodeOptions& options) const override;
  std::string token_bytes(int32_t id, int32_t previous) const override;
  std::string token_text(int32_t id) const override;
  std::optional<int32_t> token_id(std::string_view text) const override;
  bool is_special(int32_t id) const noexcept override;
  bool has_token(int32_t id) const noexcept override {
    return id >= 0 && size_t(id) < id_to_text_.size() && id_to_text_[size_t(id)] != nullptr;
  }

 private:
  void encode_text(std::string_view text, bool parse_special, const JobContext* job, std::vector<int32_t>& ids) const;
  void append_token_bytes(int32_t id, std::string& out) const;

  std::string name_;
  BpeModel model_;
  AddedTokens added_;
  Normalizer normalizer_;
  PreTokenizer pre_tokenizer_;
  Decoder decoder_ = Decoder::byte_level;
  bool raw_added_decode_ = false;

  std::vector<std::string> token_texts_;
  // id -> text (vocab entry or added token content); nullptr for unused ids.
  std::vector<const std::string*> id_to_text_;
  std::vector<uint8_t> id_flags_;  // bit 0: added token, bit 1: special
};

}  // namespace dsw
