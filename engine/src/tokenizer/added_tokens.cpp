// Added-token tries and the split of tokenizers' AddedVocabulary::find_matches.
#include "tokenizer/added_tokens.h"

#include "tokenizer/normalizer.h"
#include "tokenizer/regex.h"
#include "tokenizer/utf8.h"

#include <algorithm>

namespace dsw {
namespace {

// Rust regex \w: Alphabetic, marks, decimal digits, connector punctuation, join controls.
const Regex& word_char_regex() {
  static const Regex r("[\\p{L}\\p{Nl}\\p{M}\\p{Nd}\\p{Pc}\\x{200C}\\x{200D}]", "word-boundary check");
  return r;
}

bool is_word_char(std::string_view ch) {
  std::vector<std::pair<size_t, size_t>> m;
  word_char_regex().find_all(ch, m);
  return !m.empty();
}

// The last / first character of s (s non-empty, valid UTF-8).
std::string_view last_char(std::string_view s) {
  size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return s.substr(i);
}
std::string_view first_char(std::string_view s) {
  char32_t cp;
  return s.substr(0, utf8::decode(s, 0, cp));
}

// Start of the whitespace run that ends s.
size_t trailing_space_start(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    auto ch = last_char(s.substr(0, end));
    char32_t cp;
    utf8::decode(ch, 0, cp);
    if (!is_unicode_whitespace(cp)) break;
    end -= ch.size();
  }
  return end;
}
// Length of the whitespace run that starts s.
size_t leading_space_length(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp;
    size_t n = utf8::decode(s, i, cp);
    if (!is_unicode_whitespace(cp)) break;
    i += n;
  }
  return i;
}

}  // namespace

bool is_unicode_whitespace(char32_t cp) noexcept {
  return (cp >= 0x9 && cp <= 0xD) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

void AddedTokens::Trie::insert(std::string_view key, int32_t token) {
  int32_t node = 0;
  for (unsigned char b : key) {
    auto& ch = nodes[size_t(node)].children;
    auto it = std::lower_bound(ch.begin(), ch.end(), b, [](const auto& e, unsigned char v) { return e.first < v; });
    if (it != ch.end() && it->first == b) {
      node = it->second;
    } else {
      int32_t child = int32_t(nodes.size());
      ch.insert(it, {b, child});
      nodes.emplace_back();  // may reallocate: `ch` is not used after this
      node = child;
    }
  }
  // A later token with the same key replaces the earlier one (tokenizers keeps one per content).
  nodes[size_t(node)].token = token;
  if (!key.empty()) first_byte[static_cast<unsigned char>(key[0])] = true;
}

std::pair<int32_t, size_t> AddedTokens::Trie::longest(std::string_view text, size_t pos) const {
  int32_t best = -1;
  size_t best_end = pos;
  int32_t node = 0;
  for (size_t i = pos; i < text.size(); ++i) {
    auto b = static_cast<unsigned char>(text[i]);
    const auto& ch = nodes[size_t(node)].children;
    auto it = std::lower_bound(ch.begin(), ch.end(), b, [](const auto& e, unsigned char v) { return e.first < v; });
    if (it == ch.end() || it->first != b) break;
    node = it->second;
    if (nodes[size_t(node)].token >= 0) {
      best = nodes[size_t(node)].token;
      best_end = i + 1;
    }
  }
  return {best, best_end};
}

void AddedTokens::add(AddedToken token) {
  if (token.content.empty()) return;  // tokenizers ignores empty added tokens
  by_content_[token.content] = token.id;
  auto it = by_id_.find(token.id);
  if (it != by_id_.end()) {
    tokens_[it->second] = std::move(token);
  } else {
    by_id_[token.id] = tokens_.size();
    tokens_.push_back(std::move(token));
  }
}

void AddedTokens::finish(const Normalizer& normalizer) {
  raw_ = Trie{};
  normalized_ = Trie{};
  for (size_t i = 0; i < tokens_.size(); ++i) {
    auto& t = tokens_[i];
    t.normalized_content = t.normalized ? normalizer.apply(t.content) : t.content;
    (t.normalized ? normalized_ : raw_).insert(t.normalized_content, int32_t(i));
  }
}

const AddedToken* AddedTokens::by_id(int32_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &tokens_[it->second];
}

std::optional<int32_t> AddedTokens::id_of(std::string_view content) const {
  auto it = by_content_.find(std::string(content));
  if (it == by_content_.end()) return std::nullopt;
  return it->second;
}

void AddedTokens::split(std::string_view text, bool normalized_set, bool parse_special,
                        std::vector<Segment>& out) const {
  const Trie& trie = normalized_set ? normalized_ : raw_;
  if (trie.nodes.size() == 1 || text.empty()) {
    out.push_back({text, -1});
    return;
  }
  size_t start_offset = 0;  // end of the last emitted token
  size_t pos = 0;
  while (pos < text.size()) {
    if (!trie.first_byte[static_cast<unsigned char>(text[pos])]) {
      ++pos;
      continue;
    }
    auto [index, stop] = trie.longest(text, pos);
    if (index < 0) {
      ++pos;
      continue;
    }
    size_t start = pos;
    pos = stop;  // the iterator resumes after this match whether or not it is used
    const AddedToken& tok = tokens_[size_t(index)];
    if (!parse_special && tok.special) continue;
    if (tok.single_word) {
      bool start_ok = start == 0 || !is_word_char(last_char(text.substr(0, start)));
      bool stop_ok = stop == text.size() || !is_word_char(first_char(text.substr(stop)));
      if (!start_ok || !stop_ok) continue;
    }
    if (tok.lstrip) start = std::max(trailing_space_start(text.substr(0, start)), start_offset);
    if (tok.rstrip) {
      stop += leading_space_length(text.substr(stop));
      pos = stop;
    }
    if (start_offset < start) out.push_back({text.substr(start_offset, start - start_offset), -1});
    out.push_back({text.substr(start, stop - start), tok.id});
    start_offset = stop;
  }
  if (start_offset < text.size()) out.push_back({text.substr(start_offset), -1});
}

}  // namespace dsw
