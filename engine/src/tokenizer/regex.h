// Regular expressions from tokenizer files, compiled with PCRE2 (UTF + UCP, JIT when available).
//
// tokenizer.json patterns are Oniguruma (Ruby syntax) expressions; the few constructs whose
// meaning differs in PCRE2 are rewritten at compile time (\s is Oniguruma's whitespace set, \h a hex
// digit; ^ and $ are line anchors). Every match runs under a match limit and a depth limit so that a
// hostile pattern that backtracks catastrophically fails with invalid_input instead of hanging
// (reliability.md case 8/25). A compiled Regex is immutable and may be used from many threads:
// match scratch space (match data, JIT stack) is per thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsw {

class Regex {
 public:
  // `where` names the file and field for messages ("tokenizer.json: pre_tokenizer[2] Split").
  // Throws invalid_input when the pattern does not compile.
  Regex(std::string_view pattern, std::string where);

  // Appends the byte ranges of successive non-overlapping leftmost matches in `subject` (which must
  // be valid UTF-8), with Oniguruma's find_iter rule for empty matches. Throws invalid_input naming
  // the pattern when a match exceeds the limits.
  void find_all(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out) const;

  // Runs the pattern on short adversarial inputs under a small limit; throws invalid_input when it
  // backtracks catastrophically. Loaders call this so a ReDoS pattern is refused at load time.
  void self_test() const;

  const std::string& pattern() const noexcept { return pattern_; }

  // Oniguruma -> PCRE2 rewriting (exposed for tests).
  static std::string translate(std::string_view onig_pattern);

 private:
  void find_all_limited(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out, uint32_t limit) const;

  std::string pattern_;
  std::string where_;
  std::shared_ptr<void> code_;  // pcre2_code_8, freed with pcre2_code_free
};

// Escapes a literal string for use inside a pattern (tokenizers Split {String: ...}).
std::string regex_escape(std::string_view literal);

}  // namespace dsw
