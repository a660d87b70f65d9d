// Score-based SentencePiece-BPE (TokenizerKind::spm_scores) for GGUF "llama" vocabularies and
// llama2.c tokenizer.bin files (formats.md §4.3, llama.cpp's llm_tokenizer_spm).
//
// Encoding: spaces become '▁', a dummy-prefix '▁' starts every text segment, the text is split into
// code points, and the adjacent pair whose concatenation is a vocabulary piece with the highest
// score is merged repeatedly (leftmost on ties); a leftover code point that is not a piece becomes
// its UTF-8 bytes through the <0xXX> byte pieces (unk when there are none). Control and
// user-defined pieces are split out of the input first (control ones only with parse_special).
// Pieces are kept in '▁' form: a llama2.c vocabulary's literal spaces are converted on load.
// Immutable after construction; thread-safe.
#pragma once

#include "tokenizer/added_tokens.h"
#include "tokenizer/bpe_model.h"
#include "tokenizer/tokenizer_base.h"

#include <array>
#include <string>
#include <vector>

namespace dsw {

enum class SpmTokenType : uint8_t { normal = 1, unknown = 2, control = 3, user_defined = 4, unused = 5, byte = 6 };

class SpmTokenizer final : public TokenizerBase {
 public:
  struct Vocab {
    std::vector<std::string> pieces;  // '▁' form
    std::vector<float> scores;
    std::vector<SpmTokenType> types;  // empty: derived from the pieces' spelling
  };
  // Throws invalid_input naming `name` on inconsistent input.
  SpmTokenizer(Vocab vocab, std::string name, bool add_space_prefix = true);

  TokenizerKind kind() const noexcept override { return TokenizerKind::spm_scores; }
  int32_t vocab_size() const noexcept override { return int32_t(pieces_.size()); }
  Result<std::vector<int32_t>> encode(std::string_view text, const EncodeOptions& options) const override;
  std::string decode(std::span<const int32_t> ids, const DecodeOptions& options) const override;
  std::string token_bytes(int32_t id, int32_t previous) const override;
  std::string token_text(int32_t id) const override;
  std::optional<int32_t> token_id(std::string_view text) const override;
  bool is_special(int32_t id) const noexcept override;

 private:
  void encode_segment(std::string_view text, const JobContext* job, std::vector<int32_t>& ids) const;
  // The bytes a token contributes, before any leading-space removal.
  std::string piece_bytes(int32_t id) const;

  std::string name_;
  bool add_space_prefix_;
  std::vector<std::string> pieces_;
  std::vector<float> scores_;
  std::vector<SpmTokenType> types_;
  TokenIndex piece_to_id_;
  std::array<int32_t, 256> byte_ids_{};
  std::optional<int32_t> unk_id_;
  AddedTokens added_;
};

// Recognises "<0xXX>" byte pieces; returns the byte or -1.
int spm_byte_piece_value(std::string_view piece) noexcept;

}  // namespace dsw
