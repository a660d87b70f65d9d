// Pre-tokenizers: cut normalized text into the pieces BPE encodes (tokenizer.md §3).
//
// Supported: Sequence, Split (Regex or String pattern; Isolated, Removed, MergedWithPrevious,
// MergedWithNext, Contiguous; invert), Digits (individual_digits), ByteLevel (add_prefix_space,
// use_regex with the GPT-2 pattern; must come last). Others are refused as unsupported.
// Immutable after construction; split() is const and thread-safe.
#pragma once

#include "tokenizer/regex.h"

#include <nlohmann/json_fwd.hpp>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

enum class SplitBehavior { isolated, removed, merged_with_previous, merged_with_next, contiguous };

class PreTokenizer {
 public:
  struct Step {
    // A split step (Split, Digits) or nothing when the step is ByteLevel-only.
    std::shared_ptr<const Regex> regex;
    SplitBehavior behavior = SplitBehavior::isolated;
    bool invert = false;
  };

  PreTokenizer() = default;
  // Parses a tokenizer.json "pre_tokenizer" value (null -> no pre-tokenization).
  static PreTokenizer from_json(const nlohmann::json& j, const std::string& where);
  // The llama.cpp / GGUF form: each regex applied in turn with Isolated semantics, then ByteLevel.
  static PreTokenizer from_regex_list(const std::vector<std::string>& patterns, const std::string& where);

  // Splits `text` into pieces; the views point into `text` or into `arena` (which must outlive
  // them). Empty pieces are dropped, as tokenizers does. `job` (optional) can cancel.
  void split(std::string_view text, std::vector<std::string_view>& pieces, std::deque<std::string>& arena,
             const JobContext* job = nullptr) const;

  // Whether the pieces must be mapped to the ByteLevel alphabet before BPE.
  bool byte_level() const noexcept { return byte_level_; }

  const std::vector<Step>& steps() const noexcept { return steps_; }

  // Regexes applied by this pre-tokenizer (for load-time self tests).
  std::vector<const Regex*> regexes() const;

 private:
  void add_json(const nlohmann::json& j, const std::string& where);

  std::vector<Step> steps_;
  bool byte_level_ = false;
  bool add_prefix_space_ = false;
  std::shared_ptr<const Regex> byte_level_regex_;  // GPT-2 split when ByteLevel.use_regex
};

// The pattern ByteLevel uses when use_regex is true (tokenizers byte_level.rs).
extern const char* const kGpt2Pattern;

// llama.cpp's regex list for a GGUF tokenizer.ggml.pre name, or nullopt when the name is unknown.
std::optional<std::vector<std::string>> gguf_pre_tokenizer_regexes(std::string_view pre);

}  // namespace dsw
