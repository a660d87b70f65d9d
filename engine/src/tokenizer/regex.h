// Regular expressions from tokenizer files, compiled with PCRE2 (UTF + UCP, JIT when available).
//
// tokenizer.json patterns are Oniguruma (Ruby syntax) expressions; the few constructs whose
// meaning differs in PCRE2 are rewritten at compile time (\s is Oniguruma's whitespace set, \h a hex
// digit; ^ and $ are line anchors).
//
// Work is bounded in total, not only per match. Each match call runs under a match limit and a
// depth limit proportional to the text it is given, so a pattern that backtracks catastrophically
// fails with invalid_input instead of hanging. And the text is given in windows: a search sees a
// few dozen bytes past its start, and only an attempt that reaches the end of its window (PCRE2's
// hard partial matching says so) is retried alone on a window twice as large, so results are
// exactly those of a search over the whole text. The bytes of those retries are counted against a
// budget proportional to the input: a pattern whose every attempt reads far ahead but consumes
// little (a*b|a over a run of a's, quadratic in any backtracking engine) exhausts it and fails
// with invalid_input in time linear in the input. self_test() probes for both at load time.
// A compiled Regex is immutable and may be used from many threads: match scratch space (match
// data, JIT stack) is per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsw {

class JobContext;

class Regex {
 public:
  // `where` names the file and field for messages ("tokenizer.json: pre_tokenizer[2] Split").
  // Throws invalid_input when the pattern does not compile.
  Regex(std::string_view pattern, std::string where);

  // Appends the byte ranges of successive non-overlapping leftmost matches in `subject` (which must
  // be valid UTF-8), with Oniguruma's find_iter rule for empty matches. Throws invalid_input naming
  // the pattern when a match exceeds the limits or the look-ahead budget, and cancelled when
  // `job` asks to stop.
  void find_all(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out, const JobContext* job = nullptr) const;

  // Runs the pattern on adversarial inputs: short ones under a small match limit (catastrophic
  // backtracking), then runs of 64 bytes to 2 KB under the look-ahead budget (time quadratic in
  // the input) and a CPU-time cap per probe (polynomial backtracking in single-character repeats,
  // \s*\s*\s*x, which PCRE2's match limit does not count); throws invalid_input for any. Loaders
  // call this so such a pattern is refused at load time.
  void self_test() const;

  // Look-ahead budget of one find_all call: bytes re-read by widened retries, over the subject's
  // size (exposed for tests).
  static uint64_t lookahead_budget(size_t subject_bytes) noexcept;

  const std::string& pattern() const noexcept { return pattern_; }

  // Oniguruma -> PCRE2 rewriting (exposed for tests).
  static std::string translate(std::string_view onig_pattern);

  // The same matches as find_all by the plain method — one search after another over the whole
  // subject, no windows, no look-ahead budget — as the reference tests and fuzzers compare
  // find_all with. Its time can grow with the square of the input; never use it on file input.
  void find_all_reference(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out) const;

 private:
  // fixed_limit > 0 replaces the per-call match limit (self-test probes).
  void find_all_bounded(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out, uint32_t fixed_limit,
                        uint64_t budget, const JobContext* job) const;

  std::string pattern_;
  std::string where_;
  std::shared_ptr<void> code_;  // pcre2_code_8, freed with pcre2_code_free
};

// Escapes a literal string for use inside a pattern (tokenizers Split {String: ...}).
std::string regex_escape(std::string_view literal);

}  // namespace dsw
