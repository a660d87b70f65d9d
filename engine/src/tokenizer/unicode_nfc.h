// Unicode Normalization Form C, as the tokenizers "NFC" normalizer applies it (Qwen2).
//
// Tables are generated from Python's unicodedata by tests/scripts/gen_unicode_nfc.py; Hangul
// syllables are (de)composed algorithmically. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dsw {

class JobContext;

// NFC of valid UTF-8 text (invalid sequences are passed through untouched, byte for byte). Time
// is linear in the text, whatever its runs of combining marks; `job` (optional) can cancel.
std::string nfc_normalize(std::string_view text, const JobContext* job = nullptr);
// True when every code point is below U+0300: such text is already in NFC.
bool nfc_trivially_stable(std::string_view text) noexcept;
// Canonical combining class of a code point (0 for starters).
int nfc_combining_class(char32_t cp) noexcept;
// Unicode version of the tables.
std::string_view nfc_unicode_version() noexcept;

}  // namespace dsw
