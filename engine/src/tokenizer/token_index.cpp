// TokenIndex and PairTable: linear probing, load factor <= 1/2, power-of-two capacities.
#include "tokenizer/token_index.h"

#include <functional>

namespace dsw {

uint64_t TokenIndex::hash(std::string_view s) noexcept {
  uint64_t h = std::hash<std::string_view>{}(s);
  return h | (uint64_t(1) << 63);  // never 0 in the high half, so (h >> 32) distinguishes used slots
}

void TokenIndex::reserve(size_t n) {
  texts_.reserve(n);
  ids_.reserve(n);
  size_t cap = 16;
  while (cap < 2 * n) cap *= 2;
  if (cap > slots_.size()) {
    slots_.assign(cap, 0);
    for (size_t e = 0; e < texts_.size(); ++e) {
      uint64_t h = hash(texts_[e]);
      size_t mask = slots_.size() - 1;
      for (size_t i = size_t(h) & mask;; i = (i + 1) & mask)
        if (!slots_[i]) {
          slots_[i] = ((h >> 32) << 32) | (e + 1);
          break;
        }
    }
  }
}

void TokenIndex::grow() { reserve(slots_.empty() ? 8 : slots_.size()); }

std::optional<int32_t> TokenIndex::insert(std::string_view text, int32_t id, bool overwrite) {
  if (2 * (texts_.size() + 1) > slots_.size()) grow();
  uint64_t h = hash(text);
  uint64_t tag = (h >> 32) << 32;
  size_t mask = slots_.size() - 1;
  for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
    uint64_t s = slots_[i];
    if (!s) {
      texts_.emplace_back(text);
      ids_.push_back(id);
      slots_[i] = tag | texts_.size();
      return std::nullopt;
    }
    if ((s & 0xFFFFFFFF00000000ull) == tag) {
      size_t e = size_t(s & 0xFFFFFFFFull) - 1;
      if (texts_[e] == text) {
        int32_t old = ids_[e];
        if (overwrite) ids_[e] = id;
        return old;
      }
    }
  }
}

std::optional<int32_t> TokenIndex::find(std::string_view text) const {
  if (slots_.empty()) return std::nullopt;
  uint64_t h = hash(text);
  uint64_t tag = (h >> 32) << 32;
  size_t mask = slots_.size() - 1;
  for (size_t i = size_t(h) & mask;; i = (i + 1) & mask) {
    uint64_t s = slots_[i];
    if (!s) return std::nullopt;
    if ((s & 0xFFFFFFFF00000000ull) == tag) {
      size_t e = size_t(s & 0xFFFFFFFFull) - 1;
      if (texts_[e] == text) return ids_[e];
    }
  }
}

void PairTable::reserve(size_t n) {
  size_t cap = 16;
  int shift = 60;
  while (cap < 2 * n) {
    cap *= 2;
    --shift;
  }
  if (cap <= slots_.size()) return;
  std::vector<Slot> old;
  old.swap(slots_);
  slots_.assign(cap, Slot{});
  shift_ = shift;
  count_ = 0;
  for (const Slot& s : old)
    if (s.key != kEmpty) insert_or_assign(s.key, s.value);
}

void PairTable::grow() { reserve(slots_.empty() ? 8 : slots_.size()); }

void PairTable::insert_or_assign(uint64_t key, Value v) {
  if (2 * (count_ + 1) > slots_.size()) grow();
  size_t mask = slots_.size() - 1;
  for (size_t i = index(key);; i = (i + 1) & mask) {
    if (slots_[i].key == kEmpty) {
      slots_[i] = Slot{key, v};
      ++count_;
      return;
    }
    if (slots_[i].key == key) {
      slots_[i].value = v;
      return;
    }
  }
}

const PairTable::Value* PairTable::find(uint64_t key) const noexcept {
  if (slots_.empty()) return nullptr;
  size_t mask = slots_.size() - 1;
  for (size_t i = index(key);; i = (i + 1) & mask) {
    if (slots_[i].key == kEmpty) return nullptr;
    if (slots_[i].key == key) return &slots_[i].value;
  }
}

}  // namespace dsw
