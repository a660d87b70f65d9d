// BPE vocabulary/merges construction and the rank-ordered merge loop (tokenizers word.rs).
#include "tokenizer/bpe_model.h"

#include "core/error.h"
#include "tokenizer/utf8.h"

#include <cstdio>
#include <queue>

namespace dsw {
namespace {

std::string quote(std::string_view s) {
  std::string q = "'";
  q.append(s.size() > 60 ? s.substr(0, 60) : s);
  if (s.size() > 60) q += "...";
  return q + "'";
}

}  // namespace

void BpeModel::reserve(size_t vocab, size_t merges) {
  vocab_.reserve(vocab);
  merges_.reserve(merges);
}

void BpeModel::add_token(std::string text, int32_t id, const std::string& where, bool last_wins) {
  if (id < 0 || id >= kMaxTokenId)
    fail_invalid(where + ": token " + quote(text) + " has id " + std::to_string(id) + ", outside 0.." +
                 std::to_string(kMaxTokenId - 1));
  auto previous = vocab_.insert(text, id, last_wins);
  if (previous && !last_wins) fail_invalid(where + ": token " + quote(text) + " appears twice in the vocabulary");
}

void BpeModel::add_merge(std::string_view a, std::string_view b, uint32_t rank, const std::string& where) {
  auto ia = vocab_.find(a);
  auto ib = vocab_.find(b);
  std::string merged;
  merged.reserve(a.size() + b.size());
  merged.append(a).append(b);
  auto what = [&] { return where + ": merge " + std::to_string(rank) + " (" + quote(a) + " " + quote(b) + ")"; };
  if (!ia) fail_invalid(what() + ": " + quote(a) + " is not in the vocabulary");
  if (!ib) fail_invalid(what() + ": " + quote(b) + " is not in the vocabulary");
  auto im = vocab_.find(merged);
  if (!im) fail_invalid(what() + ": the merged token " + quote(merged) + " is not in the vocabulary");
  merges_.insert_or_assign(pair_key(*ia, *ib), MergeRule{rank, *im});
}

std::optional<int32_t> BpeModel::token_id(std::string_view text) const { return vocab_.find(text); }

void BpeModel::encode_word(std::string_view word, std::vector<int32_t>& out) const {
  if (word.empty()) return;
  if (options_.ignore_merges) {
    if (auto id = token_id(word)) {
      out.push_back(*id);
      return;
    }
  }
  if (word.size() > kMaxCachedWordBytes) {
    merge_word(word, out);
    return;
  }
  Shard& shard = cache_[StringHash{}(word) % kShards];
  {
    std::lock_guard lock(shard.mutex);
    auto it = shard.map.find(word);
    if (it != shard.map.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  size_t start = out.size();
  merge_word(word, out);
  std::lock_guard lock(shard.mutex);
  if (shard.map.size() < kMaxCachedPerShard) shard.map.emplace(std::string(word), std::vector<int32_t>(out.begin() + long(start), out.end()));
}

void BpeModel::merge_word(std::string_view word, std::vector<int32_t>& out) const {
  struct Symbol {
    int32_t id;
    int32_t prev, next;
    uint32_t len;  // bytes covered; 0 once merged away
  };
  std::vector<Symbol> symbols;
  symbols.reserve(word.size());
  auto add_symbol = [&](int32_t id, uint32_t len) {
    int32_t n = int32_t(symbols.size());
    if (n > 0) symbols.back().next = n;
    symbols.push_back({id, n - 1, -1, len});
  };

  bool last_was_unk = false;
  for (size_t i = 0; i < word.size();) {
    char32_t cp;
    size_t n = utf8::decode(word, i, cp);
    std::string_view ch = word.substr(i, n);
    i += n;
    if (auto id = vocab_.find(ch)) {
      add_symbol(*id, uint32_t(n));
      last_was_unk = false;
      continue;
    }
    if (options_.byte_fallback) {
      std::vector<int32_t> bytes;
      for (unsigned char b : ch) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        auto id = vocab_.find(std::string_view(name));
        if (!id) break;
        bytes.push_back(*id);
      }
      if (bytes.size() == ch.size()) {
        for (int32_t id : bytes) add_symbol(id, 1);
        last_was_unk = false;
        continue;
      }
    }
    if (options_.unk_id) {
      if (options_.fuse_unk && last_was_unk) {
        symbols.back().len += uint32_t(n);
      } else {
        add_symbol(*options_.unk_id, uint32_t(n));
      }
      last_was_unk = true;
    }
    // No unk token: tokenizers drops the character.
  }

  struct Merge {
    uint32_t rank;
    int32_t pos;
    int32_t new_id;
    // std::priority_queue is a max-heap: invert so the lowest rank, then lowest position, is on top.
    bool operator<(const Merge& o) const noexcept { return rank != o.rank ? rank > o.rank : pos > o.pos; }
  };
  std::priority_queue<Merge> queue;
  auto rule = [&](int32_t a, int32_t b) { return merges_.find(pair_key(a, b)); };
  for (size_t i = 0; i + 1 < symbols.size(); ++i)
    if (auto* r = rule(symbols[i].id, symbols[i + 1].id)) queue.push({r->rank, int32_t(i), r->new_id});

  while (!queue.empty()) {
    Merge top = queue.top();
    queue.pop();
    Symbol& left = symbols[size_t(top.pos)];
    if (left.len == 0 || left.next == -1) continue;
    size_t next_pos = size_t(left.next);
    Symbol right = symbols[next_pos];
    // Skip entries made stale by earlier merges.
    auto* current = rule(left.id, right.id);
    if (!current || current->new_id != top.new_id) continue;

    left.id = top.new_id;
    left.len += right.len;
    left.next = right.next;
    symbols[next_pos].len = 0;
    if (right.next >= 0 && size_t(right.next) < symbols.size()) symbols[size_t(right.next)].prev = top.pos;

    if (left.prev >= 0)
      if (auto* r = rule(symbols[size_t(left.prev)].id, left.id)) queue.push({r->rank, left.prev, r->new_id});
    if (left.next >= 0)
      if (auto* r = rule(left.id, symbols[size_t(left.next)].id)) queue.push({r->rank, top.pos, r->new_id});
  }
  for (auto& s : symbols)
    if (s.len != 0) out.push_back(s.id);
}

}  // namespace dsw
