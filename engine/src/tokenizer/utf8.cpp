// UTF-8 decoding with from_utf8_lossy semantics, and the public utf8_lossy().
#include "tokenizer/utf8.h"

#include <dsw/tokenizer.h>

namespace dsw::utf8 {
namespace {

// Valid range of the second byte for each lead byte (Unicode Table 3-7); the rest are 80..BF.
bool second_byte_ok(unsigned char lead, unsigned char b) noexcept {
  switch (lead) {
    case 0xE0: return b >= 0xA0 && b <= 0xBF;
    case 0xED: return b >= 0x80 && b <= 0x9F;
    case 0xF0: return b >= 0x90 && b <= 0xBF;
    case 0xF4: return b >= 0x80 && b <= 0x8F;
    default: return b >= 0x80 && b <= 0xBF;
  }
}

size_t sequence_length(unsigned char lead) noexcept {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;  // continuation byte or never-valid lead
}

}  // namespace

size_t decode(std::string_view s, size_t pos, char32_t& cp) noexcept {
  auto lead = static_cast<unsigned char>(s[pos]);
  size_t n = sequence_length(lead);
  if (n == 1) {
    cp = lead;
    return 1;
  }
  if (n == 0) {
    cp = kReplacement;
    return 1;
  }
  char32_t v = lead & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (size_t i = 1; i < n; ++i) {
    if (pos + i >= s.size()) {
      cp = kReplacement;
      return i;  // truncated: the whole valid prefix is one replacement
    }
    auto b = static_cast<unsigned char>(s[pos + i]);
    bool ok = i == 1 ? second_byte_ok(lead, b) : (b >= 0x80 && b <= 0xBF);
    if (!ok) {
      cp = kReplacement;
      return i;
    }
    v = (v << 6) | (b & 0x3F);
  }
  cp = v;
  return n;
}

size_t valid_length(std::string_view s, size_t pos) noexcept {
  char32_t cp;
  size_t n = decode(s, pos, cp);
  if (cp == kReplacement) {
    // U+FFFD itself is valid (3 bytes EF BF BD); anything else that decoded to it was not.
    if (n == 3 && static_cast<unsigned char>(s[pos]) == 0xEF) return 3;
    return 0;
  }
  return n;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(char(cp));
  } else if (cp < 0x800) {
    out.push_back(char(0xC0 | (cp >> 6)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(char(0xE0 | (cp >> 12)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(char(0xF0 | (cp >> 18)));
    out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(char(0x80 | (cp & 0x3F)));
  }
}

bool is_valid(std::string_view s) noexcept {
  for (size_t i = 0; i < s.size();) {
    size_t n = valid_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

size_t incomplete_tail(std::string_view s) noexcept {
  // A pending sequence starts at most 3 bytes from the end.
  size_t start = s.size() > 3 ? s.size() - 3 : 0;
  for (size_t i = s.size(); i > start;) {
    --i;
    auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x80 && b <= 0xBF) continue;  // continuation: keep looking for the lead
    size_t n = sequence_length(b);
    if (n <= 1 || i + n <= s.size()) return 0;  // ASCII, invalid lead, or complete
    // Incomplete: hold it back only if every byte so far could still become valid.
    char32_t cp;
    size_t got = decode(s, i, cp);
    return got == s.size() - i ? s.size() - i : 0;
  }
  return 0;
}

}  // namespace dsw::utf8

namespace dsw {

std::string utf8_lossy(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    size_t n = utf8::valid_length(bytes, i);
    if (n) {
      out.append(bytes.substr(i, n));
      i += n;
    } else {
      char32_t cp;
      i += utf8::decode(bytes, i, cp);
      utf8::append(out, utf8::kReplacement);
    }
  }
  return out;
}

}  // namespace dsw
