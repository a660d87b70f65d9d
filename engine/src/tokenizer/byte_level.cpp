// ByteLevel table construction and the per-token decoder.
#include "tokenizer/byte_level.h"

#include "tokenizer/utf8.h"

#include <array>
#include <cstdint>

namespace dsw::byte_level {
namespace {

struct Tables {
  std::array<std::string, 256> char_utf8;  // byte -> UTF-8 of its character
  std::array<int16_t, 324> byte_of_cp;      // code point (< 324) -> byte or -1

  Tables() {
    byte_of_cp.fill(-1);
    int n = 0;
    for (int b = 0; b < 256; ++b) {
      bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      char32_t cp = printable ? char32_t(b) : char32_t(256 + n++);
      utf8::append(char_utf8[b], cp);
      byte_of_cp[cp] = int16_t(b);
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

void encode(std::string_view bytes, std::string& out) {
  const auto& t = tables();
  for (unsigned char b : bytes) out.append(t.char_utf8[b]);
}

std::string_view char_of(unsigned char byte) noexcept { return tables().char_utf8[byte]; }

int byte_of(char32_t cp) noexcept { return cp < 324 ? tables().byte_of_cp[cp] : -1; }

void decode_token(std::string_view token, std::string& out) {
  size_t mark = out.size();
  for (size_t i = 0; i < token.size();) {
    char32_t cp;
    size_t n = utf8::decode(token, i, cp);
    int b = (cp == utf8::kReplacement) ? -1 : byte_of(cp);
    if (b < 0) {
      out.resize(mark);
      out.append(token);
      return;
    }
    out.push_back(char(b));
    i += n;
  }
}

}  // namespace dsw::byte_level
