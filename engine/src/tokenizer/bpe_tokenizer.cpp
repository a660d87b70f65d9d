// Byte-level BPE encode/decode: added-token split, normalize, pre-tokenize, ByteLevel map, BPE.
#include "tokenizer/bpe_tokenizer.h"

#include "core/error.h"
#include "tokenizer/byte_level.h"
#include "tokenizer/utf8.h"

#include <dsw/job.h>

#include <algorithm>

namespace dsw {
namespace {

constexpr uint8_t kFlagAdded = 1, kFlagSpecial = 2;

std::string quote(std::string_view s) {
  std::string q(1, '\'');
  q.append(s.substr(0, 60));
  q.append(s.size() > 60 ? "...'" : "'");
  return q;
}

}  // namespace

void BpeTokenizer::finish() {
  int64_t max_id = -1;
  const TokenIndex& vocab = model_.vocab();
  for (size_t e = 0; e < vocab.size(); ++e) max_id = std::max<int64_t>(max_id, vocab.id(e));
  for (auto& t : added_.tokens()) {
    if (t.id < 0 || t.id >= kMaxTokenId)
      fail_invalid(name_ + ": added token " + quote(t.content) + " has id " + std::to_string(t.id) + ", outside 0.." +
                   std::to_string(kMaxTokenId - 1));
    max_id = std::max<int64_t>(max_id, t.id);
  }
  if (!token_texts_.empty()) max_id = std::max<int64_t>(max_id, int64_t(token_texts_.size()) - 1);
  if (max_id < 0) fail_invalid(name_ + ": the vocabulary is empty");
  // Ids index tables, so they must be dense: refuse a handful of tokens claiming id 3,999,999.
  int64_t entries = int64_t(model_.vocab().size() + added_.tokens().size());
  if (max_id >= 2 * entries + 1024)
    fail_invalid(name_ + ": token id " + std::to_string(max_id) + " is far beyond the " + std::to_string(entries) +
                 " tokens listed (ids must be dense)");

  id_to_text_.assign(size_t(max_id) + 1, nullptr);
  id_flags_.assign(size_t(max_id) + 1, 0);
  if (!token_texts_.empty()) {
    for (size_t i = 0; i < token_texts_.size(); ++i) id_to_text_[i] = &token_texts_[i];
  } else {
    for (size_t e = 0; e < vocab.size(); ++e) {
      auto& slot = id_to_text_[size_t(vocab.id(e))];
      if (slot)
        fail_invalid(name_ + ": tokens " + quote(*slot) + " and " + quote(vocab.text(e)) + " share id " +
                     std::to_string(vocab.id(e)));
      slot = &vocab.text(e);
    }
  }
  for (auto& t : added_.tokens()) {
    id_to_text_[size_t(t.id)] = &t.content;
    id_flags_[size_t(t.id)] = uint8_t(kFlagAdded | (t.special ? kFlagSpecial : 0));
  }
  for (const Regex* r : pre_tokenizer_.regexes()) r->self_test();
}

Result<std::vector<int32_t>> BpeTokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  return guard([&] {
    // tokenizers only sees valid strings; repair like from_utf8_lossy so PCRE2 gets valid UTF-8.
    std::string repaired;
    if (!utf8::is_valid(text)) {
      repaired = utf8_lossy(text);
      text = repaired;
    }
    std::vector<int32_t> ids;
    ids.reserve(text.size() / 3 + 4);
    encode_text(text, options.parse_special, options.job, ids);
    add_special_tokens(ids, options);
    return ids;
  });
}

void BpeTokenizer::encode_text(std::string_view text, bool parse_special, const JobContext* job, std::vector<int32_t>& ids) const {
  auto check_cancel = [&] {
    if (job && job->cancelled()) fail_cancelled(name_ + ": tokenization cancelled");
  };
  std::vector<AddedTokens::Segment> raw_segments, segments;
  std::vector<std::string_view> pieces;
  std::deque<std::string> arena;
  std::string word;
  added_.split(text, false, parse_special, raw_segments);
  for (const auto& raw : raw_segments) {
    if (raw.id >= 0) {
      ids.push_back(raw.id);
      continue;
    }
    check_cancel();
    std::string normalized;
    std::string_view view = raw.text;
    if (!normalizer_.is_identity()) {
      normalized = normalizer_.apply(raw.text, job);
      view = normalized;
    }
    segments.clear();
    added_.split(view, true, parse_special, segments);
    for (const auto& seg : segments) {
      if (seg.id >= 0) {
        ids.push_back(seg.id);
        continue;
      }
      arena.clear();
      pre_tokenizer_.split(seg.text, pieces, arena, job);
      size_t done = 0;
      for (auto piece : pieces) {
        if ((++done & 1023) == 0) check_cancel();
        if (pre_tokenizer_.byte_level()) {
          word.clear();
          byte_level::encode(piece, word);
          model_.encode_word(word, ids);
        } else {
          model_.encode_word(piece, ids);
        }
      }
    }
  }
}

void BpeTokenizer::append_token_bytes(int32_t id, std::string& out) const {
  if (id < 0 || size_t(id) >= id_to_text_.size() || !id_to_text_[size_t(id)]) return;
  const std::string& text = *id_to_text_[size_t(id)];
  if (decoder_ == Decoder::join_with_space) {
    out += text;
    return;
  }
  if (id_flags_[size_t(id)] & kFlagAdded) {
    if (raw_added_decode_) {
      out += text;
      return;
    }
    // tokenizers decodes a normalized added token from its normalized form.
    if (const AddedToken* t = added_.by_id(id)) {
      byte_level::decode_token(t->normalized_content, out);
      return;
    }
  }
  byte_level::decode_token(text, out);
}

std::string BpeTokenizer::decode(std::span<const int32_t> ids, const DecodeOptions& options) const {
  std::string bytes;
  bool first = true;
  for (int32_t id : ids) {
    if (id < 0 || size_t(id) >= id_to_text_.size() || !id_to_text_[size_t(id)]) continue;
    if (options.skip_special && is_special(id)) continue;
    if (decoder_ == Decoder::join_with_space && !first) bytes += ' ';
    append_token_bytes(id, bytes);
    first = false;
  }
  return utf8_lossy(bytes);
}

std::string BpeTokenizer::token_bytes(int32_t id, int32_t previous) const {
  std::string out;
  if (decoder_ == Decoder::join_with_space && previous >= 0) out += ' ';
  append_token_bytes(id, out);
  return out;
}

std::string BpeTokenizer::token_text(int32_t id) const {
  if (id < 0 || size_t(id) >= id_to_text_.size() || !id_to_text_[size_t(id)]) return {};
  return *id_to_text_[size_t(id)];
}

std::optional<int32_t> BpeTokenizer::token_id(std::string_view text) const {
  if (auto id = added_.id_of(text)) return id;
  return model_.token_id(text);
}

bool BpeTokenizer::is_special(int32_t id) const noexcept {
  return id >= 0 && size_t(id) < id_flags_.size() && (id_flags_[size_t(id)] & kFlagSpecial);
}

}  // namespace dsw
