// Score-based SentencePiece-BPE: bigram priority queue over code points, byte fallback.
#include "tokenizer/spm_tokenizer.h"

#include "core/error.h"
#include "tokenizer/normalizer.h"
#include "tokenizer/utf8.h"

#include <dsw/job.h>

#include <cmath>
#include <queue>

namespace dsw {
namespace {

constexpr std::string_view kSpaceMark = "\xE2\x96\x81";  // U+2581 '▁'
constexpr std::string_view kUnkSurface = " \xE2\x81\x87 ";  // " ⁇ ", SentencePiece's unk text

std::string escape_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    if (c == ' ')
      out += kSpaceMark;
    else
      out += c;
  }
  return out;
}

}  // namespace

int spm_byte_piece_value(std::string_view p) noexcept {
  if (p.size() != 6 || p.substr(0, 3) != "<0x" || p[5] != '>') return -1;
  auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
  int hi = hex(p[3]), lo = hex(p[4]);
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

SpmTokenizer::SpmTokenizer(Vocab vocab, std::string name, bool add_space_prefix)
    : name_(std::move(name)), add_space_prefix_(add_space_prefix), pieces_(std::move(vocab.pieces)),
      scores_(std::move(vocab.scores)), types_(std::move(vocab.types)) {
  size_t n = pieces_.size();
  if (n == 0) fail_invalid(name_ + ": the vocabulary is empty");
  if (int64_t(n) > kMaxVocabEntries) fail_invalid(name_ + ": " + std::to_string(n) + " tokens is over the limit");
  if (scores_.size() != n)
    fail_invalid(name_ + ": " + std::to_string(scores_.size()) + " scores for " + std::to_string(n) + " tokens");
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(scores_[i])) fail_invalid(name_ + ": token " + std::to_string(i) + " has a non-finite score");
  if (types_.empty()) {
    // llama2.c files carry no types: <unk>, <s>, </s> and <0xXX> are recognised by spelling
    // (llama2.c's exporter writes BOS and EOS as "\n<s>\n" and "\n</s>\n").
    types_.assign(n, SpmTokenType::normal);
    for (size_t i = 0; i < n; ++i) {
      if (pieces_[i] == "<unk>") types_[i] = SpmTokenType::unknown;
      else if (pieces_[i] == "<s>" || pieces_[i] == "</s>" || pieces_[i] == "\n<s>\n" || pieces_[i] == "\n</s>\n")
        types_[i] = SpmTokenType::control;
      else if (spm_byte_piece_value(pieces_[i]) >= 0) types_[i] = SpmTokenType::byte;
    }
  }
  if (types_.size() != n)
    fail_invalid(name_ + ": " + std::to_string(types_.size()) + " token types for " + std::to_string(n) + " tokens");

  byte_ids_.fill(-1);
  piece_to_id_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const auto id = int32_t(i);
    piece_to_id_.insert(pieces_[i], id, /*overwrite=*/true);  // a repeated piece maps to its last id, as in llama.cpp
    switch (types_[i]) {
      case SpmTokenType::byte: {
        int b = spm_byte_piece_value(pieces_[i]);
        if (b < 0) fail_invalid(name_ + ": byte token " + std::to_string(i) + " is spelled '" + pieces_[i] + "', not <0xXX>");
        byte_ids_[size_t(b)] = id;
        break;
      }
      case SpmTokenType::unknown:
        if (!unk_id_) unk_id_ = id;
        break;
      case SpmTokenType::control:
      case SpmTokenType::user_defined: {
        AddedToken t;
        t.content = pieces_[i];
        t.id = id;
        t.special = types_[i] == SpmTokenType::control;
        added_.add(std::move(t));
        break;
      }
      default: break;
    }
  }
  added_.finish(Normalizer{});
}

Result<std::vector<int32_t>> SpmTokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  return guard([&] {
    std::string repaired;
    if (!utf8::is_valid(text)) {
      repaired = utf8_lossy(text);
      text = repaired;
    }
    std::vector<int32_t> ids;
    std::vector<AddedTokens::Segment> segments;
    added_.split(text, false, options.parse_special, segments);
    for (const auto& seg : segments) {
      if (seg.id >= 0)
        ids.push_back(seg.id);
      else
        encode_segment(seg.text, options.job, ids);
    }
    add_special_tokens(ids, options);
    return ids;
  });
}

void SpmTokenizer::encode_segment(std::string_view raw, const JobContext* job, std::vector<int32_t>& ids) const {
  if (raw.empty()) return;
  auto check_cancel = [&] {
    if (job && job->cancelled()) fail_cancelled(name_ + ": tokenization cancelled");
  };
  check_cancel();
  // SentencePiece's dummy prefix: every segment starts as if preceded by a space.
  std::string text = escape_spaces(raw);
  if (add_space_prefix_) text.insert(0, kSpaceMark);

  struct Symbol {
    int32_t prev, next;
    uint32_t start, len;  // bytes of `text`; len 0 once merged away
  };
  std::vector<Symbol> sym;
  sym.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp;
    size_t n = utf8::decode(text, i, cp);
    int32_t k = int32_t(sym.size());
    sym.push_back({k - 1, -1, uint32_t(i), uint32_t(n)});
    if (k > 0) sym[size_t(k - 1)].next = k;
    i += n;
  }

  struct Bigram {
    float score;
    int32_t left, right;
    uint32_t size;
    // Max-heap on score; on equal scores the leftmost pair comes first.
    bool operator<(const Bigram& o) const noexcept { return score != o.score ? score < o.score : left > o.left; }
  };
  std::priority_queue<Bigram> queue;
  auto try_add = [&](int32_t left, int32_t right) {
    if (left < 0 || right < 0) return;
    const Symbol& l = sym[size_t(left)];
    const Symbol& r = sym[size_t(right)];
    auto id = piece_to_id_.find(std::string_view(text).substr(l.start, l.len + r.len));
    if (!id) return;
    queue.push({scores_[size_t(*id)], left, right, l.len + r.len});
  };
  for (size_t i = 1; i < sym.size(); ++i) try_add(int32_t(i - 1), int32_t(i));
  uint64_t steps = 0;
  while (!queue.empty()) {
    if ((++steps & 0xFFFF) == 0) check_cancel();
    Bigram b = queue.top();
    queue.pop();
    Symbol& l = sym[size_t(b.left)];
    Symbol& r = sym[size_t(b.right)];
    if (l.len == 0 || r.len == 0 || l.len + r.len != b.size || l.next != b.right) continue;  // stale
    l.len += r.len;
    r.len = 0;
    l.next = r.next;
    if (r.next >= 0) sym[size_t(r.next)].prev = b.left;
    try_add(l.prev, b.left);
    try_add(b.left, l.next);
  }
  for (int32_t i = 0; i != -1 && !sym.empty(); i = sym[size_t(i)].next) {
    const Symbol& s = sym[size_t(i)];
    std::string_view piece = std::string_view(text).substr(s.start, s.len);
    if (auto id = piece_to_id_.find(piece)) {
      ids.push_back(*id);
      continue;
    }
    bool all_bytes = true;
    for (unsigned char c : piece) all_bytes = all_bytes && byte_ids_[c] >= 0;
    if (all_bytes) {
      for (unsigned char c : piece) ids.push_back(byte_ids_[c]);
    } else if (unk_id_) {
      ids.push_back(*unk_id_);
    }
  }
}

std::string SpmTokenizer::piece_bytes(int32_t id) const {
  if (id < 0 || size_t(id) >= pieces_.size()) return {};
  switch (types_[size_t(id)]) {
    case SpmTokenType::control: return {};
    case SpmTokenType::unknown: return std::string(kUnkSurface);
    case SpmTokenType::byte: return std::string(1, char(spm_byte_piece_value(pieces_[size_t(id)])));
    default: break;
  }
  const std::string& p = pieces_[size_t(id)];
  std::string out;
  out.reserve(p.size());
  for (size_t i = 0; i < p.size();) {
    if (p.compare(i, kSpaceMark.size(), kSpaceMark) == 0) {
      out += ' ';
      i += kSpaceMark.size();
    } else {
      out += p[i++];
    }
  }
  return out;
}

std::string SpmTokenizer::decode(std::span<const int32_t> ids, const DecodeOptions& options) const {
  std::string bytes;
  bool at_start = true;
  for (int32_t id : ids) {
    if (id < 0 || size_t(id) >= pieces_.size()) continue;
    if (types_[size_t(id)] == SpmTokenType::control) continue;  // SentencePiece renders them as nothing
    if (options.skip_special && is_special(id)) continue;
    std::string piece = piece_bytes(id);
    // SentencePiece removes the dummy-prefix space of the first piece.
    if (at_start && add_space_prefix_ && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
    at_start = false;
    bytes += piece;
  }
  return utf8_lossy(bytes);
}

std::string SpmTokenizer::token_bytes(int32_t id, int32_t previous) const {
  std::string piece = piece_bytes(id);
  if (previous >= 0 && bos_id_ && previous == *bos_id_ && !piece.empty() && piece[0] == ' ') piece.erase(0, 1);
  return piece;
}

std::string SpmTokenizer::token_text(int32_t id) const {
  if (id < 0 || size_t(id) >= pieces_.size()) return {};
  return pieces_[size_t(id)];
}

std::optional<int32_t> SpmTokenizer::token_id(std::string_view text) const { return piece_to_id_.find(text); }

bool SpmTokenizer::is_special(int32_t id) const noexcept {
  return id >= 0 && size_t(id) < types_.size() && types_[size_t(id)] == SpmTokenType::control;
}

}  // namespace dsw
