// TextStream: stop-string hold-back and cut over a StreamDecoder.
#include "generate/text_stream.h"

#include <algorithm>

namespace dsw {
namespace {

// Length of the longest suffix of `text` that is a proper prefix of some stop string: text that
// must not be shown yet because the next token may complete a stop string.
size_t stop_holdback(const std::string& text, const std::vector<std::string>& stops) {
  size_t hold = 0;
  for (const auto& s : stops)
    for (size_t len = std::min(s.size() - 1, text.size()); len > hold; --len)
      if (text.compare(text.size() - len, len, s, 0, len) == 0) {
        hold = len;
        break;
      }
  return hold;
}

}  // namespace

TextStream::TextStream(const Tokenizer& tokenizer, int32_t previous, std::vector<std::string> stop_strings)
    : decoder_(tokenizer, previous), stops_(std::move(stop_strings)) {}

TextStream::Step TextStream::push(int32_t token) {
  Step step;
  full_ += decoder_.push(token);
  // Stop strings: cut the text before the first match.
  size_t cut = std::string::npos;
  for (auto& s : stops_) {
    const size_t from = emitted_ > s.size() ? emitted_ - s.size() : 0;
    const size_t at = full_.find(s, from);
    if (at != std::string::npos) cut = std::min(cut, at);
  }
  if (cut != std::string::npos) {
    full_.resize(cut);
    if (cut > emitted_) step.text = full_.substr(emitted_);
    emitted_ = std::max(emitted_, cut);
    step.stopped = true;
    return step;
  }
  const size_t safe = std::max(full_.size() - stop_holdback(full_, stops_), emitted_);
  step.text = full_.substr(emitted_, safe - emitted_);
  emitted_ = safe;
  return step;
}

std::string TextStream::finish() {
  full_ += decoder_.flush();
  std::string rest = full_.substr(std::min(emitted_, full_.size()));
  emitted_ = full_.size();
  return rest;
}

}  // namespace dsw
