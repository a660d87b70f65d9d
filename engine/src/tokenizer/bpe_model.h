// The BPE model of tokenizers (models/bpe): vocabulary, ranked merges and the per-word merge loop.
//
// encode_word() implements Word::merge_all: start from one symbol per character, repeatedly merge
// the adjacent pair with the lowest merge rank (leftmost on ties, via a priority queue keyed by
// (rank, position)), until no pair has a rule. Results are cached per word in a sharded,
// mutex-guarded map, so encode_word() is const and may run on several threads at once.
#pragma once

#include "tokenizer/token_index.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dsw {

// Hash usable for heterogeneous (string_view) lookups in unordered containers.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Upper bounds on file-supplied sizes (reliability.md case 8): far above any real vocabulary.
constexpr int64_t kMaxVocabEntries = 4'000'000;
constexpr int64_t kMaxMerges = 4'000'000;
constexpr int64_t kMaxTokenId = 4'000'000;

class BpeModel {
 public:
  struct Options {
    bool ignore_merges = false;
    bool byte_fallback = false;
    bool fuse_unk = false;
    std::optional<int32_t> unk_id;
  };

  BpeModel() = default;
  BpeModel(const BpeModel&) = delete;
  BpeModel& operator=(const BpeModel&) = delete;

  // Building (single-threaded, before any encode). `where` names the file for messages.
  void reserve(size_t vocab, size_t merges);
  // A repeated text is an error unless `last_wins` (GGUF token lists, where llama.cpp keeps the
  // last id for a text).
  void add_token(std::string text, int32_t id, const std::string& where, bool last_wins = false);
  // Merge number `rank`: (a, b) -> a+b. Throws invalid_input naming the merge when a, b or a+b is
  // not in the vocabulary. A repeated pair keeps its last rank, as tokenizers' HashMap collect does.
  void add_merge(std::string_view a, std::string_view b, uint32_t rank, const std::string& where);
  void set_options(const Options& o) { options_ = o; }

  // Appends the ids of one pre-token (already in the model's alphabet).
  void encode_word(std::string_view word, std::vector<int32_t>& out) const;

  std::optional<int32_t> token_id(std::string_view text) const;
  const TokenIndex& vocab() const noexcept { return vocab_; }
  size_t merge_count() const noexcept { return merges_.size(); }

 private:
  using MergeRule = PairTable::Value;
  static uint64_t pair_key(int32_t a, int32_t b) noexcept { return (uint64_t(uint32_t(a)) << 32) | uint32_t(b); }
  void merge_word(std::string_view word, std::vector<int32_t>& out) const;

  TokenIndex vocab_;
  PairTable merges_;
  Options options_;

  // Word cache: kShards independent maps, each with its own lock; capped in size.
  static constexpr size_t kShards = 16;
  static constexpr size_t kMaxCachedPerShard = 8192;
  static constexpr size_t kMaxCachedWordBytes = 256;
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<int32_t>, StringHash, std::equal_to<>> map;
  };
  mutable Shard cache_[kShards];
};

}  // namespace dsw
