// Added tokens (tokenizer.json "added_tokens", GGUF control/user-defined tokens): the input is split
// on them before normalization and pre-tokenization (tokenizers AddedVocabulary).
//
// Matching is leftmost-longest over a byte trie: the earliest match wins, the longest among those
// starting there. Tokens with normalized=false are matched on the raw text, normalized=true ones
// on the normalized text. lstrip/rstrip swallow adjacent whitespace; single_word requires word
// boundaries. With parse_special=false a special token's text is left as ordinary text (as
// tokenizers' encode_special_tokens). Immutable after finish(); thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dsw {

class Normalizer;

struct AddedToken {
  std::string content;
  int32_t id = -1;
  bool single_word = false;
  bool lstrip = false;
  bool rstrip = false;
  bool normalized = false;
  bool special = false;
  std::string normalized_content;  // content after the normalizer (used to match and decode)
};

class AddedTokens {
 public:
  struct Segment {
    std::string_view text;
    int32_t id;  // -1: ordinary text
  };

  // Building: add every token, then finish() once with the tokenizer's normalizer.
  void add(AddedToken token);
  void finish(const Normalizer& normalizer);

  bool empty() const noexcept { return tokens_.empty(); }
  const std::vector<AddedToken>& tokens() const noexcept { return tokens_; }
  const AddedToken* by_id(int32_t id) const;
  std::optional<int32_t> id_of(std::string_view content) const;

  // Splits `text` on the raw-matched (normalized=false) or normalized-matched tokens; appends the
  // segments in order (ordinary-text segments may be empty only when text is empty).
  void split(std::string_view text, bool normalized_set, bool parse_special, std::vector<Segment>& out) const;

 private:
  struct Trie {
    struct Node {
      std::vector<std::pair<unsigned char, int32_t>> children;  // sorted by byte
      int32_t token = -1;                                       // index into tokens_
    };
    std::vector<Node> nodes{Node{}};
    std::array<bool, 256> first_byte{};
    void insert(std::string_view key, int32_t token);
    // Longest token starting at text[pos]: {index, end} or {-1, pos}.
    std::pair<int32_t, size_t> longest(std::string_view text, size_t pos) const;
  };

  std::vector<AddedToken> tokens_;
  std::unordered_map<int32_t, size_t> by_id_;
  std::unordered_map<std::string, int32_t> by_content_;
  Trie raw_, normalized_;
};

// Unicode White_Space (Rust's \s), used by lstrip/rstrip.
bool is_unicode_whitespace(char32_t cp) noexcept;

}  // namespace dsw
