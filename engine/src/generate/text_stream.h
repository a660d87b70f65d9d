// TextStream: the text a sequence of generated tokens shows, one token at a time, with stop strings
// held back and cut — shared by generate() and the serving scheduler so both stream the same text.
//
// Text that might be the beginning of a stop string is not released until the next token settles
// it; when a stop string appears, the text is cut before it and the stream ends.
#pragma once

#include <dsw/tokenizer.h>

#include <string>
#include <vector>

namespace dsw {

class TextStream {
 public:
  // `previous`: the prompt's last token (see StreamDecoder). Stop strings must not be empty.
  TextStream(const Tokenizer& tokenizer, int32_t previous, std::vector<std::string> stop_strings);

  struct Step {
    std::string text;      // newly released text (may be empty)
    bool stopped = false;  // a stop string matched; `text` ends before it and the stream is over
  };
  // Adds one generated token.
  Step push(int32_t token);
  // At the end (no stop string matched): everything still held back or buffered.
  std::string finish();

  const std::string& text() const noexcept { return full_; }  // all text so far (cut at a stop)
  size_t released() const noexcept { return emitted_; }

 private:
  StreamDecoder decoder_;
  std::vector<std::string> stops_;
  std::string full_;
  size_t emitted_ = 0;
};

}  // namespace dsw
