// JsonScanner: a strict, pull-style JSON tokenizer for schema-driven readers of hostile input.
//
// Used by the safetensors header reader, whose headers may hold 10^5 entries: a reader that
// pulls exactly the tokens its schema allows needs no DOM, refuses a wrong type on the spot and
// never recurses into values it did not ask for. Strict RFC 8259: JSON whitespace only, no
// comments, no trailing commas (the caller's grammar), strings must be valid UTF-8 (no overlong
// forms, no encoded surrogates, nothing above U+10FFFF) with no raw control characters, \u
// escapes must pair surrogates, numbers follow the JSON grammar. A NUL byte is an error like any
// other stray byte. Every error throws dsw::Error(invalid_input) with "<prefix>(at byte N): ...".
// Not thread-safe; one scanner per parse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dsw {

class JsonScanner {
 public:
  // `error_prefix` starts every message, e.g. "model.safetensors: header is not valid JSON ".
  JsonScanner(std::string_view text, std::string error_prefix)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), prefix_(std::move(error_prefix)) {}

  // The JSON type of the next value, judged from its first bytes: "object", "array", "string",
  // "boolean", "null", "integer" (an integer literal, any size) or "number"; throws on anything
  // that cannot start a value. Consumes nothing but whitespace.
  std::string_view peek_kind();
  // Next non-whitespace byte, or '\0' at the end of the text.
  [[gnu::always_inline]] char peek() {
    skip_whitespace();
    return p_ != end_ ? *p_ : '\0';
  }
  // Consumes `c` (after whitespace) when it is next.
  [[gnu::always_inline]] bool consume(char c) {
    skip_whitespace();
    if (p_ != end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  // Consumes `c` or throws "expected <what>".
  void expect(char c, std::string_view what);
  // Throws unless only whitespace is left.
  void expect_end();

  // A string value or key (the next token must be one), decoded.
  std::string read_string();
  // The same without a copy when the string is plain (no escapes): a view into the text, or into
  // `scratch` holding the decoded string. Valid until the next call with the same scratch.
  std::string_view read_string_view(std::string& scratch);

  struct Number {
    enum Kind { unsigned_integer, negative_integer, other } kind;
    uint64_t magnitude;    // the value for unsigned_integer, its absolute value for negative_integer
    std::string_view text;  // as written, for messages
  };
  // A number (the next token must be one). Integers that do not fit in 64 bits are `other`.
  Number read_number();

  size_t position() const noexcept { return size_t(p_ - begin_); }
  [[noreturn]] void fail_syntax(const std::string& detail) const;

 private:
  // Plain pointer walking, forced inline: this runs over up to 100 MB of header, also in
  // unoptimised sanitizer builds where every small call is a real call.
  [[gnu::always_inline]] void skip_whitespace() noexcept {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  [[noreturn]] void fail_unexpected(std::string_view expected) const;
  uint32_t read_hex4();
  static void append_utf8(std::string& out, uint32_t cp);
  size_t utf8_sequence_length() const noexcept;  // of the sequence at p_; 0 when invalid

  const char* begin_;
  const char* p_;
  const char* end_;
  std::string prefix_;
};

}  // namespace dsw
