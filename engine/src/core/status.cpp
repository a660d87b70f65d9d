// Status names and formatting.
#include <dsw/status.h>

namespace dsw {
namespace {

// Length of the valid UTF-8 sequence at s[i] (no overlong forms, surrogates or code points above
// U+10FFFF), or 0.
size_t utf8_length(const std::string& s, size_t i) noexcept {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;  // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;  // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

bool plain(unsigned char c) noexcept { return (c >= 0x20 && c != 0x7F) || c == '\n' || c == '\t'; }

std::string printable(std::string s) {
  bool clean = true;
  for (unsigned char c : s)
    if (!plain(c) && c < 0x80) clean = false;
  if (clean) {
    size_t i = 0;
    while (i < s.size()) {
      size_t n = utf8_length(s, i);
      if (!n) break;
      i += n;
    }
    if (i == s.size()) return s;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? (plain(c) ? 1 : 0) : utf8_length(s, i);
    if (n) {
      out.append(s, i, n);
      i += n;
      continue;
    }
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
    ++i;
  }
  return out;
}

}  // namespace

Status::Status(StatusCode code, std::string message) : code_(code), message_(printable(std::move(message))) {}

std::string_view status_code_name(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::ok: return "ok";
    case StatusCode::invalid_input: return "invalid_input";
    case StatusCode::unsupported: return "unsupported";
    case StatusCode::io: return "io";
    case StatusCode::out_of_memory: return "out_of_memory";
    case StatusCode::cancelled: return "cancelled";
    case StatusCode::device_error: return "device_error";
    case StatusCode::device_lost: return "device_lost";
    case StatusCode::internal: return "internal";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string s(status_code_name(code_));
  s += ": ";
  s += message_;
  return s;
}

}  // namespace dsw
