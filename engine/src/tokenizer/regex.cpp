// PCRE2 compilation, the Oniguruma rewriting, limits and per-thread match scratch.
#include "tokenizer/regex.h"

#include "core/error.h"

#include <pcre2.h>

#include <algorithm>

namespace dsw {
namespace {

// Onig's \s: U+0009..U+000D, U+0085 and the separators Zs/Zl/Zp. PCRE2's own \s also matches
// U+180E (no longer a space since Unicode 6.3), which Oniguruma and llama.cpp do not.
constexpr std::string_view kSpaceSet = "\\x{9}-\\x{D}\\x{85}\\p{Z}";
constexpr std::string_view kHexSet = "0-9a-fA-F";

// Backtracking budget of one match call: generous for real patterns on long text, tiny compared
// with the exponential blow-up of a nested quantifier.
constexpr uint32_t kBaseMatchLimit = 10'000'000;
constexpr uint32_t kPerByteMatchLimit = 100;
constexpr uint32_t kDepthLimit = 100'000;
constexpr uint32_t kSelfTestLimit = 1'000'000;

// Per-thread scratch: a match context carrying the limits, one-pair match data (only the overall
// match is needed) and a JIT stack large enough for long inputs.
struct Scratch {
  pcre2_match_context* context = nullptr;
  pcre2_match_data* data = nullptr;
  pcre2_jit_stack* jit_stack = nullptr;
  Scratch() {
    context = pcre2_match_context_create(nullptr);
    data = pcre2_match_data_create(1, nullptr);
    jit_stack = pcre2_jit_stack_create(64 * 1024, 4 * 1024 * 1024, nullptr);
    if (context) {
      pcre2_set_depth_limit(context, kDepthLimit);
      if (jit_stack) pcre2_jit_stack_assign(context, nullptr, jit_stack);
    }
  }
  ~Scratch() {
    if (jit_stack) pcre2_jit_stack_free(jit_stack);
    if (data) pcre2_match_data_free(data);
    if (context) pcre2_match_context_free(context);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

Scratch& scratch() {
  thread_local Scratch s;
  if (!s.context || !s.data) throw std::bad_alloc();
  return s;
}

std::string shorten(std::string_view s, size_t n = 80) {
  return s.size() <= n ? std::string(s) : std::string(s.substr(0, n)) + "...";
}

}  // namespace

std::string Regex::translate(std::string_view p) {
  std::string out;
  out.reserve(p.size() + 32);
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[i + 1];
      ++i;
      if (e == 's' || e == 'h') {
        auto set = e == 's' ? kSpaceSet : kHexSet;
        if (in_class) {
          out += set;
        } else {
          out += '[';
          out += set;
          out += ']';
        }
      } else if ((e == 'S' || e == 'H') && !in_class) {
        out += "[^";
        out += e == 'S' ? kSpaceSet : kHexSet;
        out += ']';
      } else {
        out += '\\';
        out += e;
      }
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in both dialects.
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (in_class && c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
      // POSIX class [:alpha:] inside a bracket expression: copy through its closing ":]".
      size_t end = p.find(":]", i + 2);
      if (end != std::string_view::npos) {
        out.append(p.substr(i, end + 2 - i));
        i = end + 1;
        continue;
      }
    }
    if (in_class && c == ']') in_class = false;
    out += c;
  }
  return out;
}

Regex::Regex(std::string_view pattern, std::string where) : pattern_(pattern), where_(std::move(where)) {
  std::string translated = translate(pattern);
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_compile_context* cc = pcre2_compile_context_create(nullptr);
  if (!cc) throw std::bad_alloc();
  pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE, &error, &offset, cc);
  pcre2_compile_context_free(cc);
  if (!code) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(error, msg, sizeof msg);
    fail_invalid(where_ + ": regex '" + shorten(pattern_) + "' does not compile: " + reinterpret_cast<const char*>(msg) +
                 " (at offset " + std::to_string(offset) + ")");
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter when unavailable
  code_ = std::shared_ptr<void>(code, [](void* c) { pcre2_code_free(static_cast<pcre2_code*>(c)); });
}

void Regex::find_all(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out) const {
  uint64_t limit = uint64_t(kBaseMatchLimit) + uint64_t(kPerByteMatchLimit) * subject.size();
  find_all_limited(subject, out, uint32_t(std::min<uint64_t>(limit, UINT32_MAX)));
}

void Regex::find_all_limited(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out,
                             uint32_t limit) const {
  auto* code = static_cast<const pcre2_code*>(code_.get());
  Scratch& s = scratch();
  pcre2_set_match_limit(s.context, limit);
  auto* subj = reinterpret_cast<PCRE2_SPTR>(subject.data());
  size_t pos = 0;
  bool have_last = false;
  size_t last_end = 0;
  while (pos <= subject.size()) {
    int rc = pcre2_match(code, subj, subject.size(), pos, PCRE2_NO_UTF_CHECK, s.data, s.context);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message(rc, msg, sizeof msg);
      fail_invalid(where_ + ": regex '" + shorten(pattern_) + "' failed on a " + std::to_string(subject.size()) +
                   "-byte input: " + reinterpret_cast<const char*>(msg) +
                   " (the pattern backtracks too much; refusing to continue)");
    }
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(s.data);
    size_t start = ov[0], end = ov[1];
    if (start == end && have_last && last_end == end) {
      // Oniguruma's iterator: no empty match right after the previous match; step one character.
      size_t step = 1;
      while (pos + step < subject.size() && (static_cast<unsigned char>(subject[pos + step]) & 0xC0) == 0x80) ++step;
      pos += step;
      continue;
    }
    out.emplace_back(start, end);
    pos = end;
    have_last = true;
    last_end = end;
  }
}

void Regex::self_test() const {
  // Runs of one character class ended by a character of another class: the classic trigger of
  // nested-quantifier blow-ups such as (a+)+$ or (\s*)*x.
  static const char* const kUnits[] = {"a", "1", " ", "!", "\n", "\xC3\xA9", "ab", "a ", "a1", "\t "};
  static const char* const kEnds[] = {"!", "a", "\x01", " ", ""};
  std::vector<std::pair<size_t, size_t>> matches;
  for (const char* unit : kUnits) {
    std::string run;
    while (run.size() < 48) run += unit;
    for (const char* end : kEnds) {
      std::string probe = run + end;
      matches.clear();
      try {
        find_all_limited(probe, matches, kSelfTestLimit);
      } catch (const Error&) {
        fail_invalid(where_ + ": regex '" + shorten(pattern_) +
                     "' backtracks catastrophically (a 50-character probe exceeded the match limit); refusing it");
      }
    }
  }
}

std::string regex_escape(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    auto u = static_cast<unsigned char>(c);
    bool plain = u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!plain) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace dsw
