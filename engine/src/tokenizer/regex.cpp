// PCRE2 compilation, the Oniguruma rewriting, limits and per-thread match scratch.
#include "tokenizer/regex.h"

#include "core/error.h"

#include <dsw/job.h>

#include <pcre2.h>

#include <algorithm>
#include <ctime>

namespace dsw {
namespace {

// Onig's \s: U+0009..U+000D, U+0085 and the separators Zs/Zl/Zp. PCRE2's own \s also matches
// U+180E (no longer a space since Unicode 6.3), which Oniguruma and llama.cpp do not.
constexpr std::string_view kSpaceSet = "\\x{9}-\\x{D}\\x{85}\\p{Z}";
constexpr std::string_view kHexSet = "0-9a-fA-F";

// Backtracking budget of one match call, proportional to the window it is given: generous for
// real patterns (a few counted steps per byte; JIT counts group repetitions and alternatives,
// not single-character repeats), tiny compared with the blow-up of a nested quantifier. A search
// continuing in a window already paid for gets a tighter one: PCRE2 crosses a run it has seen
// fail in linear time, or the pattern backtracks quadratically there and is stopped.
constexpr uint64_t kBaseMatchLimit = 10'000;
constexpr uint64_t kPerByteMatchLimit = 100;
constexpr uint64_t kReusePerByteMatchLimit = 16;
constexpr uint32_t kDepthLimit = 100'000;
constexpr uint32_t kSelfTestLimit = 1'000'000;

// Windows: a search first sees kWindow bytes past its start; an attempt that reaches the end is
// retried alone on windows of twice the size. Retries may re-read kLookaheadPerByte bytes per
// input byte (plus kLookaheadBase): a real pattern's long match (a 100 KB run of spaces) costs
// about 4 bytes per byte of the match, a quadratic pattern far more.
constexpr size_t kWindow = 64;
constexpr uint64_t kLookaheadBase = 4096;
constexpr uint64_t kLookaheadPerByte = 16;
constexpr size_t kLinearityProbeBytes = 2048;
constexpr size_t kFirstTimedProbeBytes = 64;
constexpr double kProbeCpuCap = 0.05;
constexpr double kProbeCpuFloor = 0.002;
constexpr double kProbeGrowthCap = 10;
constexpr int kProbeRetries = 3;

// CPU time of the calling thread: what a probe cost, however busy the machine is.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

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
  // Both modes find_all uses; falls back to the interpreter when JIT is unavailable.
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD);
  code_ = std::shared_ptr<void>(code, [](void* c) { pcre2_code_free(static_cast<pcre2_code*>(c)); });
}

uint64_t Regex::lookahead_budget(size_t subject_bytes) noexcept { return kLookaheadBase + kLookaheadPerByte * subject_bytes; }

void Regex::find_all(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out, const JobContext* job) const {
  find_all_bounded(subject, out, 0, lookahead_budget(subject.size()), job);
}

void Regex::find_all_bounded(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out, uint32_t fixed_limit,
                             uint64_t budget, const JobContext* job) const {
  auto* code = static_cast<const pcre2_code*>(code_.get());
  Scratch& s = scratch();
  auto* subj = reinterpret_cast<PCRE2_SPTR>(subject.data());
  const size_t n = subject.size();
  auto is_continuation = [&](size_t i) { return (static_cast<unsigned char>(subject[i]) & 0xC0) == 0x80; };
  auto next_char = [&](size_t i) {
    ++i;
    while (i < n && is_continuation(i)) ++i;
    return i;
  };
  // End of a window of about `w` bytes from `from`, on a character boundary, at least one
  // character long (the subject's end when it is nearer).
  auto window_end = [&](size_t from, size_t w) {
    if (w >= n - from) return n;
    size_t end = from + w;
    while (end > from && is_continuation(end)) --end;
    return end > from ? end : next_char(from);
  };
  auto fail_limit = [&](int rc, size_t window) {
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(rc, msg, sizeof msg);
    fail_invalid(where_ + ": regex '" + shorten(pattern_) + "' failed on a " + std::to_string(n) + "-byte input (in a " +
                 std::to_string(window) + "-byte window): " + reinterpret_cast<const char*>(msg) +
                 " (the pattern backtracks too much; refusing to continue)");
  };
  // One pcre2_match over [0, end) from `from`; a window short of the subject's end asks for hard
  // partial matching, which reports any attempt that reached the window's end.
  auto match = [&](size_t from, size_t end, bool anchored, uint64_t per_byte = kPerByteMatchLimit) {
    const uint64_t limit = fixed_limit ? fixed_limit : kBaseMatchLimit + per_byte * (end - from);
    pcre2_set_match_limit(s.context, uint32_t(std::min<uint64_t>(limit, UINT32_MAX)));
    uint32_t options = PCRE2_NO_UTF_CHECK;
    if (end < n) options |= PCRE2_PARTIAL_HARD;
    if (anchored) options |= PCRE2_ANCHORED;
    int rc = pcre2_match(code, subj, end, from, options, s.data, s.context);
    if (rc < 0 && rc != PCRE2_ERROR_NOMATCH && rc != PCRE2_ERROR_PARTIAL) fail_limit(rc, end - from);
    return rc;
  };
  uint64_t spent = 0;
  auto charge = [&](size_t bytes) {
    spent += bytes;
    if (spent > budget)
      fail_invalid(where_ + ": regex '" + shorten(pattern_) + "' re-read more than " + std::to_string(budget) +
                   " bytes looking ahead in a " + std::to_string(n) +
                   "-byte input: its time grows with the square of the input (refusing to continue)");
  };
  uint64_t calls = 0;
  size_t pos = 0;
  size_t reuse_end = 0;  // a wide window already paid for, offered once to the next search
  bool have_last = false;
  size_t last_end = 0;
  while (pos <= n) {
    if (job && (++calls & 255) == 0 && job->cancelled()) fail_cancelled(where_ + ": tokenization cancelled");
    size_t end = window_end(pos, kWindow);
    if (reuse_end > end) {
      // After a widened attempt failed at pos - 1, search on in its window: PCRE2 skips through a
      // run it has already seen fail in one call (\s+$ over a long run of spaces) rather than
      // being retried at every position.
      end = reuse_end;
      charge(end - pos);
    }
    const bool reusing = reuse_end > 0 && end == reuse_end;
    reuse_end = 0;
    int rc = match(pos, end, false, reusing ? kReusePerByteMatchLimit : kPerByteMatchLimit);
    if (rc == PCRE2_ERROR_NOMATCH) {
      if (end == n) break;
      pos = end;  // no match starts in [pos, end): none of those attempts reached the window's end
      continue;
    }
    if (rc == PCRE2_ERROR_PARTIAL) {
      // No match starts before the attempt that reached the end; retry that one alone, widening.
      const size_t start = pcre2_get_ovector_pointer(s.data)[0];
      for (size_t w = std::max(2 * kWindow, 2 * (end - start));; w *= 2) {
        end = window_end(start, w);
        charge(end - start);
        rc = match(start, end, true);
        if (rc != PCRE2_ERROR_PARTIAL) break;
      }
      if (rc == PCRE2_ERROR_NOMATCH) {
        if (start >= n) break;
        pos = next_char(start);
        reuse_end = end;
        continue;
      }
    }
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(s.data);
    size_t start = ov[0], stop = ov[1];
    if (start == stop && have_last && last_end == stop) {
      // Oniguruma's iterator: no empty match right after the previous match; step one character.
      if (stop >= n) break;
      pos = next_char(stop);
      continue;
    }
    out.emplace_back(start, stop);
    pos = stop;
    have_last = true;
    last_end = stop;
  }
}

void Regex::find_all_reference(std::string_view subject, std::vector<std::pair<size_t, size_t>>& out) const {
  auto* code = static_cast<const pcre2_code*>(code_.get());
  Scratch& s = scratch();
  pcre2_set_match_limit(s.context, UINT32_MAX);
  auto* subj = reinterpret_cast<PCRE2_SPTR>(subject.data());
  size_t pos = 0;
  bool have_last = false;
  size_t last_end = 0;
  while (pos <= subject.size()) {
    int rc = pcre2_match(code, subj, subject.size(), pos, PCRE2_NO_UTF_CHECK, s.data, s.context);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) fail_invalid(where_ + ": reference search failed (" + std::to_string(rc) + ")");
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(s.data);
    size_t start = ov[0], end = ov[1];
    if (start == end && have_last && last_end == end) {
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
        find_all_bounded(probe, matches, kSelfTestLimit, UINT64_MAX, nullptr);
      } catch (const Error&) {
        fail_invalid(where_ + ": regex '" + shorten(pattern_) +
                     "' backtracks catastrophically (a 50-character probe exceeded the match limit); refusing it");
      }
    }
  }
  // The same runs at 64 bytes to 2 KB, doubling, under the input-proportional look-ahead budget
  // (refuses a pattern whose total time is quadratic because every attempt reads to the end of the
  // run) and two CPU-time rules for work no PCRE2 limit counts (polynomial backtracking in
  // single-character repeats, group repeats retried at every position): no probe may take over
  // kProbeCpuCap, and a 2 KB probe may not take more than kProbeGrowthCap times a 512-byte one
  // (linear: 4; quadratic: 16) once it takes over kProbeCpuFloor. CPU time of this thread, so a
  // busy machine does not make a real pattern look slow; real patterns take microseconds. A probe
  // that breaks a time rule is measured again (kProbeRetries times, keeping the fastest of each
  // size; not a probe over four times the cap, which no hiccup explains) before the pattern is refused: one interrupt, page-fault burst or hypervisor steal
  // charged to this thread must not refuse a real tokenizer on one run and accept it on the next.
  auto refuse_quadratic = [&](size_t bytes, const Error& e) {
    fail_invalid(where_ + ": regex '" + shorten(pattern_) + "' takes time that grows with the square of the input " +
                 "(on a " + std::to_string(bytes) + "-byte probe it " +
                 (e.status().message().find("re-read") != std::string::npos
                      ? "needed more look-ahead than " + std::to_string(lookahead_budget(bytes)) + " bytes"
                      : "exceeded the match limit") +
                 "); refusing it");
  };
  auto cpu_seconds = [&](const std::string& probe) {
    matches.clear();
    const double t0 = thread_cpu_seconds();
    try {
      find_all_bounded(probe, matches, 0, lookahead_budget(probe.size()), nullptr);
    } catch (const Error& e) {
      refuse_quadratic(probe.size(), e);
    }
    return thread_cpu_seconds() - t0;
  };
  for (const char* unit : kUnits) {
    for (const char* end : kEnds) {
      std::string run;
      double t512 = 0;
      for (size_t size = kFirstTimedProbeBytes; size <= kLinearityProbeBytes; size *= 2) {
        while (run.size() < size) run += unit;
        const std::string probe = run + end;
        double spent = cpu_seconds(probe);
        auto breaks_rule = [&] {
          return spent > kProbeCpuCap ||
                 (size == kLinearityProbeBytes && spent > kProbeCpuFloor && spent > kProbeGrowthCap * t512);
        };
        for (int retry = 0; retry < kProbeRetries && breaks_rule() && spent < 4 * kProbeCpuCap; ++retry) {
          spent = std::min(spent, cpu_seconds(probe));
        }
        if (size == 512) t512 = spent;
        if (breaks_rule()) {
          const bool grows = spent <= kProbeCpuCap;
          fail_invalid(where_ + ": regex '" + shorten(pattern_) + "' takes time that grows faster than the input (a " +
                       std::to_string(probe.size()) + "-byte probe took " + std::to_string(spent * 1000).substr(0, 5) +
                       " ms of CPU" + (grows ? ", a 512-byte one " + std::to_string(t512 * 1000).substr(0, 5) + " ms" : std::string()) +
                       "; real patterns take microseconds); refusing it");
        }
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
