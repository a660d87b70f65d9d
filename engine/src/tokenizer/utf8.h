// UTF-8 helpers shared by the tokenizers: decoding one code point, encoding, and lossy repair.
//
// Decoding follows the WHATWG / Rust from_utf8_lossy rule for invalid input: each maximal prefix
// of a valid sequence that cannot be completed becomes one U+FFFD. Stateless; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dsw::utf8 {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point at s[pos]. Returns its length in bytes (>= 1) and sets cp; an invalid
// sequence yields cp = U+FFFD and the length of its maximal invalid prefix.
size_t decode(std::string_view s, size_t pos, char32_t& cp) noexcept;
// Length of the valid sequence at s[pos], or 0 when it is invalid or incomplete.
size_t valid_length(std::string_view s, size_t pos) noexcept;
void append(std::string& out, char32_t cp);
bool is_valid(std::string_view s) noexcept;

// Number of bytes at the end of s that form an incomplete (but so far valid) sequence: the bytes a
// streaming decoder must hold back. 0 when s ends on a character boundary.
size_t incomplete_tail(std::string_view s) noexcept;

}  // namespace dsw::utf8
