// JsonScanner: strict JSON tokens, UTF-8 validation and escapes (see json_scanner.h).
#include "formats/json_scanner.h"

#include "core/error.h"

#include <cstring>

namespace dsw {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Quotes one byte for a syntax message: printable ASCII as is, anything else as \xHH.
std::string describe_byte(unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (c >= 0x20 && c < 0x7f) return std::string("'") + char(c) + "'";
  return std::string("byte \\x") + kHex[c >> 4] + kHex[c & 15];
}

}  // namespace

void JsonScanner::fail_syntax(const std::string& detail) const {
  fail_invalid(prefix_ + "(at byte " + std::to_string(position()) + "): " + detail);
}

void JsonScanner::fail_unexpected(std::string_view expected) const {
  if (p_ == end_) fail_syntax("unexpected end of input; expected " + std::string(expected));
  fail_syntax("unexpected " + describe_byte(static_cast<unsigned char>(*p_)) + "; expected " + std::string(expected));
}

void JsonScanner::expect(char c, std::string_view what) {
  if (!consume(c)) fail_unexpected(what);
}

void JsonScanner::expect_end() {
  skip_whitespace();
  if (p_ != end_)
    fail_syntax("unexpected " + describe_byte(static_cast<unsigned char>(*p_)) + " after the end of the JSON value");
}

std::string_view JsonScanner::peek_kind() {
  char c = peek();
  size_t left = size_t(end_ - p_);
  switch (c) {
    case '{': return "object";
    case '[': return "array";
    case '"': return "string";
    case 't': if (left >= 4 && std::memcmp(p_, "true", 4) == 0) return "boolean"; break;
    case 'f': if (left >= 5 && std::memcmp(p_, "false", 5) == 0) return "boolean"; break;
    case 'n': if (left >= 4 && std::memcmp(p_, "null", 4) == 0) return "null"; break;
    default:
      if (c == '-' || is_digit(c)) {
        const char* saved = p_;
        Number n = read_number();
        p_ = saved;
        return n.text.find_first_of(".eE") == std::string_view::npos ? "integer" : "number";
      }
  }
  fail_unexpected("a value");
}

JsonScanner::Number JsonScanner::read_number() {
  skip_whitespace();
  const char* start = p_;
  const char* p = p_;
  const char* end = end_;
  bool negative = p != end && *p == '-';
  if (negative) ++p;
  p_ = p;
  if (p == end || !is_digit(*p)) fail_syntax("invalid number: expected a digit");
  uint64_t value = 0;
  bool overflow = false;
  if (*p == '0') {
    ++p;
    p_ = p;
    if (p != end && is_digit(*p)) fail_syntax("invalid number: leading zero");
  } else {
    for (; p != end && is_digit(*p); ++p) {
      overflow |= __builtin_mul_overflow(value, uint64_t(10), &value);
      overflow |= __builtin_add_overflow(value, uint64_t(*p - '0'), &value);
    }
  }
  bool integral = true;
  if (p != end && *p == '.') {
    integral = false;
    p_ = ++p;
    if (p == end || !is_digit(*p)) fail_syntax("invalid number: expected a digit after '.'");
    while (p != end && is_digit(*p)) ++p;
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    integral = false;
    ++p;
    if (p != end && (*p == '+' || *p == '-')) ++p;
    p_ = p;
    if (p == end || !is_digit(*p)) fail_syntax("invalid number: expected a digit in the exponent");
    while (p != end && is_digit(*p)) ++p;
  }
  p_ = p;
  Number n{Number::other, value, std::string_view(start, size_t(p - start))};
  if (integral && !overflow) n.kind = negative && value != 0 ? Number::negative_integer : Number::unsigned_integer;
  return n;
}

uint32_t JsonScanner::read_hex4() {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i, ++p_) {
    char c = p_ != end_ ? *p_ : '\0';
    uint32_t d = c >= '0' && c <= '9' ? uint32_t(c - '0')
                 : c >= 'a' && c <= 'f' ? uint32_t(c - 'a' + 10)
                 : c >= 'A' && c <= 'F' ? uint32_t(c - 'A' + 10)
                                        : 16u;
    if (d == 16) fail_syntax("invalid \\u escape: expected four hex digits");
    v = v * 16 + d;
  }
  return v;
}

void JsonScanner::append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

size_t JsonScanner::utf8_sequence_length() const noexcept {
  size_t left = size_t(end_ - p_);
  auto byte = [&](size_t i) -> unsigned { return i < left ? static_cast<unsigned char>(p_[i]) : 0u; };
  auto cont = [&](size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) { return byte(i) >= lo && byte(i) <= hi; };
  unsigned c = byte(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;          // no overlong forms
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;    // no encoded surrogates
  if (c >= 0xE1 && c <= 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;  // no overlong forms
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;  // nothing above U+10FFFF
  return 0;
}

std::string_view JsonScanner::read_string_view(std::string& scratch) {
  skip_whitespace();
  if (p_ != end_ && *p_ == '"') {
    const char* q = p_ + 1;
    while (q != end_) {
      auto c = static_cast<unsigned char>(*q);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++q;
    }
    if (q != end_ && *q == '"') {
      std::string_view view(p_ + 1, size_t(q - p_ - 1));
      p_ = q + 1;
      return view;
    }
  }
  scratch = read_string();
  return scratch;
}

std::string JsonScanner::read_string() {
  skip_whitespace();
  if (p_ == end_ || *p_ != '"') fail_unexpected("a string");
  ++p_;
  std::string out;
  while (true) {
    // Copy the run of plain ASCII in one go.
    const char* run = p_;
    while (run != end_) {
      auto c = static_cast<unsigned char>(*run);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++run;
    }
    out.append(p_, size_t(run - p_));
    p_ = run;
    if (p_ == end_) fail_syntax("unexpected end of input inside a string");
    auto c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      ++p_;
      return out;
    }
    if (c < 0x20) fail_syntax("control character " + describe_byte(c) + " inside a string must be escaped");
    if (c >= 0x80) {
      size_t n = utf8_sequence_length();
      if (!n) fail_syntax("invalid UTF-8 (" + describe_byte(c) + ") inside a string");
      out.append(p_, n);
      p_ += n;
      continue;
    }
    // A backslash escape.
    if (end_ - p_ < 2) fail_syntax("unexpected end of input inside a string");
    char e = p_[1];
    p_ += 2;
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp = read_hex4();
        if (cp >= 0xDC00 && cp <= 0xDFFF) fail_syntax("invalid \\u escape: a lone low surrogate");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u')
            fail_syntax("invalid \\u escape: a high surrogate without its low half");
          p_ += 2;
          uint32_t low = read_hex4();
          if (low < 0xDC00 || low > 0xDFFF) fail_syntax("invalid \\u escape: a high surrogate without its low half");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, cp);
        break;
      }
      default:
        p_ -= 2;
        fail_syntax("invalid escape sequence inside a string");
    }
  }
}

}  // namespace dsw
