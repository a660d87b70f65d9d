// The GPT-2 ByteLevel byte <-> character table (tokenizer.md §4).
//
// Printable bytes map to the same code point; the other 68 bytes map to U+0100 + n in byte order
// (space -> 'Ġ', newline -> 'Ċ'). Constant tables built once; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dsw::byte_level {

// Appends the ByteLevel form (UTF-8 of one table character per byte) of `bytes`.
void encode(std::string_view bytes, std::string& out);
// The UTF-8 form of the table character for one byte.
std::string_view char_of(unsigned char byte) noexcept;
// The byte of a table character, or -1 for characters outside the table.
int byte_of(char32_t cp) noexcept;
// ByteLevel decoder for one token (tokenizers ByteLevel::decode_chain): when every character is in
// the table, appends the bytes; otherwise appends the token's own UTF-8 unchanged.
void decode_token(std::string_view token, std::string& out);

}  // namespace dsw::byte_level
