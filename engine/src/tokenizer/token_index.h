// Flat open-addressing hash tables for vocabularies: text -> id (TokenIndex) and id pair -> merge
// rule (PairTable). A vocabulary has 10^5 entries looked up on every load and encode; linear
// probing over a contiguous slot array (with the hash kept in the slot) is several times faster
// than node-based std::unordered_map here. Built single-threaded, then read-only (thread-safe).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

class TokenIndex {
 public:
  void reserve(size_t n);
  // Adds text -> id. When the text is already present: with `overwrite` its id is replaced, and
  // either way the old id is returned; otherwise nullopt.
  std::optional<int32_t> insert(std::string_view text, int32_t id, bool overwrite);
  std::optional<int32_t> find(std::string_view text) const;
  size_t size() const noexcept { return texts_.size(); }
  // Entries in insertion order; the strings stay put once building is over.
  const std::string& text(size_t entry) const { return texts_[entry]; }
  int32_t id(size_t entry) const { return ids_[entry]; }

 private:
  static uint64_t hash(std::string_view s) noexcept;
  void grow();
  std::vector<std::string> texts_;
  std::vector<int32_t> ids_;
  std::vector<uint64_t> slots_;  // (hash high 32 bits << 32) | (entry + 1); 0 = empty
};

class PairTable {
 public:
  struct Value {
    uint32_t rank;
    int32_t new_id;
  };
  void reserve(size_t n);
  void insert_or_assign(uint64_t key, Value v);
  const Value* find(uint64_t key) const noexcept;
  size_t size() const noexcept { return count_; }

 private:
  struct Slot {
    uint64_t key = kEmpty;
    Value value{};
  };
  static constexpr uint64_t kEmpty = ~uint64_t(0);
  size_t index(uint64_t key) const noexcept { return size_t((key * 0x9E3779B97F4A7C15ull) >> shift_); }
  void grow();
  std::vector<Slot> slots_;
  size_t count_ = 0;
  int shift_ = 64;
};

}  // namespace dsw
