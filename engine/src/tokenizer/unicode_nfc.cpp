// Unicode NFC: canonical decomposition, canonical ordering, canonical composition (UAX #15).
//
// The decomposition table stores full (recursive) canonical decompositions, so decomposing is
// one lookup per code point. Composition follows the standard algorithm: a character combines
// with the last starter when it is not blocked (no intervening character with a combining class
// >= its own, or a starter). Hangul LV/LVT syllables use the arithmetic of Unicode §3.12.
#include "tokenizer/unicode_nfc.h"

#include "tokenizer/utf8.h"

#include "core/error.h"

#include <dsw/job.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace dsw {
namespace {

struct NfcCcc {
  uint32_t cp;
  uint8_t ccc;
};
struct NfcDecomposition {
  uint32_t cp;
  uint16_t offset;
  uint8_t length;
};
struct NfcComposition {
  uint64_t pair;  // first << 21 | second
  uint32_t composite;
};

#include "tokenizer/unicode_nfc_tables.inc"

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

int ccc_of(char32_t cp) noexcept {
  if (cp < 0x300) return 0;
  auto it = std::lower_bound(std::begin(kNfcCombiningClass), std::end(kNfcCombiningClass), cp,
                             [](const NfcCcc& e, char32_t c) { return e.cp < c; });
  return it != std::end(kNfcCombiningClass) && it->cp == cp ? it->ccc : 0;
}

void decompose(char32_t cp, std::vector<char32_t>& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    char32_t s = cp - kSBase;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount) out.push_back(kTBase + s % kTCount);
    return;
  }
  if (cp >= 0xC0) {
    auto it = std::lower_bound(std::begin(kNfcDecomposition), std::end(kNfcDecomposition), cp,
                               [](const NfcDecomposition& e, char32_t c) { return e.cp < c; });
    if (it != std::end(kNfcDecomposition) && it->cp == cp) {
      out.insert(out.end(), kNfcDecompositionPool + it->offset, kNfcDecompositionPool + it->offset + it->length);
      return;
    }
  }
  out.push_back(cp);
}

// The primary composite of (a, b), or 0.
char32_t compose_pair(char32_t a, char32_t b) noexcept {
  if (a >= kLBase && a < kLBase + kLCount && b >= kVBase && b < kVBase + kVCount)
    return kSBase + ((a - kLBase) * kVCount + (b - kVBase)) * kTCount;
  if (a >= kSBase && a < kSBase + kSCount && (a - kSBase) % kTCount == 0 && b > kTBase && b < kTBase + kTCount)
    return a + (b - kTBase);
  uint64_t key = (uint64_t(a) << 21) | b;
  auto it = std::lower_bound(std::begin(kNfcComposition), std::end(kNfcComposition), key,
                             [](const NfcComposition& e, uint64_t k) { return e.pair < k; });
  return it != std::end(kNfcComposition) && it->pair == key ? it->composite : 0;
}

// Canonical ordering of one run of non-starters: a stable sort by combining class. Real runs are
// a few marks long and insertion sort suits them; a hostile run of 10^5 marks would make it
// quadratic (seconds), so long runs take a stable O(n log n) sort instead. Same result either way.
void canonical_order(char32_t* cps, int* ccc, size_t n, std::vector<std::pair<int, char32_t>>& scratch) {
  constexpr size_t kInsertionSortMax = 32;
  if (n <= kInsertionSortMax) {
    for (size_t a = 1; a < n; ++a)
      for (size_t b = a; b > 0 && ccc[b - 1] > ccc[b]; --b) {
        std::swap(ccc[b - 1], ccc[b]);
        std::swap(cps[b - 1], cps[b]);
      }
    return;
  }
  scratch.clear();
  for (size_t k = 0; k < n; ++k) scratch.emplace_back(ccc[k], cps[k]);
  std::stable_sort(scratch.begin(), scratch.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  for (size_t k = 0; k < n; ++k) {
    ccc[k] = scratch[k].first;
    cps[k] = scratch[k].second;
  }
}

// NFC of one run of valid UTF-8 (no invalid bytes inside), appended to out.
void normalize_run(std::string_view run, std::string& out) {
  std::vector<char32_t> cps;
  cps.reserve(run.size() + 8);
  for (size_t i = 0; i < run.size();) {
    char32_t cp;
    i += utf8::decode(run, i, cp);
    decompose(cp, cps);
  }
  // Canonical ordering: stable sort of each run of non-starters by combining class.
  std::vector<int> ccc(cps.size());
  std::vector<std::pair<int, char32_t>> scratch;
  for (size_t i = 0; i < cps.size(); ++i) ccc[i] = ccc_of(cps[i]);
  for (size_t i = 0; i < cps.size();) {
    if (ccc[i] == 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < cps.size() && ccc[j] != 0) ++j;
    if (j - i > 1) canonical_order(cps.data() + i, ccc.data() + i, j - i, scratch);
    i = j;
  }
  // Canonical composition.
  size_t n = cps.size();
  if (n) {
    size_t starter = 0;  // index of the last starter in the output (valid when have_starter)
    bool have_starter = ccc[0] == 0;
    size_t w = 1;  // write index
    int last_ccc = have_starter ? 0 : ccc[0];
    for (size_t r = 1; r < n; ++r) {
      char32_t c = cps[r];
      int cc = ccc[r];
      bool blocked = w - 1 != starter && (last_ccc == 0 || last_ccc >= cc);
      if (have_starter && !blocked) {
        if (char32_t comp = compose_pair(cps[starter], c)) {
          cps[starter] = comp;
          continue;  // c is consumed; last_ccc unchanged
        }
      }
      if (cc == 0) {
        starter = w;
        have_starter = true;
      }
      last_ccc = cc;
      cps[w] = c;
      ccc[w] = cc;
      ++w;
    }
    cps.resize(w);
  }
  for (char32_t cp : cps) utf8::append(out, cp);
}

}  // namespace

bool nfc_trivially_stable(std::string_view text) noexcept {
  // U+0300 is CC 80 in UTF-8: any lead byte below 0xCC starts a smaller code point.
  for (unsigned char b : text)
    if (b >= 0xCC) return false;
  return true;
}

namespace {

void normalize_into(std::string_view text, std::string& out) {
  size_t run_start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t n = utf8::valid_length(text, i);
    if (n) {
      i += n;
      continue;
    }
    normalize_run(text.substr(run_start, i - run_start), out);
    char32_t cp;
    size_t bad = utf8::decode(text, i, cp);
    out.append(text.substr(i, bad));
    i += bad;
    run_start = i;
  }
  normalize_run(text.substr(run_start), out);
}

}  // namespace

std::string nfc_normalize(std::string_view text, const JobContext* job) {
  if (nfc_trivially_stable(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  // Pieces of about 64 KB, cut just before an ASCII byte: ASCII is a starter that composes with
  // nothing before it, so NFC of the pieces is NFC of the whole. Cancellation is polled between.
  constexpr size_t kPiece = 64 * 1024;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = std::min(text.size(), begin + kPiece);
    while (end < text.size() && static_cast<unsigned char>(text[end]) >= 0x80) ++end;
    normalize_into(text.substr(begin, end - begin), out);
    begin = end;
    if (job && begin < text.size() && job->cancelled()) fail_cancelled("normalization cancelled");
  }
  return out;
}

int nfc_combining_class(char32_t cp) noexcept { return ccc_of(cp); }

std::string_view nfc_unicode_version() noexcept { return kNfcUnicodeVersion; }

}  // namespace dsw
