// StreamDecoder (token-by-token text with incomplete UTF-8 held back), tokenizer_kind_name and
// Tokenizer::add_stop_id. A StreamDecoder belongs to one generation loop (one thread).
#include "tokenizer/utf8.h"

#include <dsw/tokenizer.h>

#include <algorithm>

namespace dsw {

std::string_view tokenizer_kind_name(TokenizerKind k) noexcept {
  switch (k) {
    case TokenizerKind::byte_level_bpe: return "byte_level_bpe";
    case TokenizerKind::sentencepiece: return "sentencepiece";
    case TokenizerKind::spm_scores: return "spm_scores";
  }
  return "unknown";
}

void Tokenizer::add_stop_id(int32_t id) {
  if (stop_set_.insert(id).second) stop_ids_.push_back(id);
}

std::string StreamDecoder::push(int32_t id) {
  pending_ += tok_.token_bytes(id, previous_);
  previous_ = id;
  size_t hold = utf8::incomplete_tail(pending_);
  std::string ready = utf8_lossy(std::string_view(pending_).substr(0, pending_.size() - hold));
  pending_.erase(0, pending_.size() - hold);
  return ready;
}

std::string StreamDecoder::flush() {
  std::string out = utf8_lossy(pending_);
  pending_.clear();
  return out;
}

}  // namespace dsw
