// Tokenization work that must stay linear in the input, and what bounds it: NFC canonical ordering
// of long combining-mark runs against a brute-force reference; windowed regex search against the
// plain search over the whole text (real patterns, random text); patterns whose total time is
// quadratic refused at load or stopped by the look-ahead budget; cancellation through
// EncodeOptions::job; stop-id de-duplication; special ids outside the vocabulary refused.
// No timing assertions: the budget and the refusals are what is checked.
#include "check.h"

#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/regex.h"
#include "tokenizer/unicode_nfc.h"
#include "tokenizer/utf8.h"

#include <dsw/job.h>
#include <dsw/tokenizer.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

using namespace dsw;
using json = nlohmann::json;

namespace {

// Canonical ordering by the definition (UAX #15 D108/D109): repeatedly swap adjacent non-starters
// whose classes are out of order — bubble sort, quadratic, only for the reference.
std::u32string reference_order(std::u32string s) {
  for (bool swapped = true; swapped;) {
    swapped = false;
    for (size_t i = 1; i < s.size(); ++i) {
      int a = nfc_combining_class(s[i - 1]), b = nfc_combining_class(s[i]);
      if (a > b && b != 0) {
        std::swap(s[i - 1], s[i]);
        swapped = true;
      }
    }
  }
  return s;
}

std::string utf8_of(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) utf8::append(out, c);
  return out;
}

std::vector<std::pair<size_t, size_t>> windowed(const Regex& r, std::string_view text) {
  std::vector<std::pair<size_t, size_t>> m;
  r.find_all(text, m);
  return m;
}
std::vector<std::pair<size_t, size_t>> plain(const Regex& r, std::string_view text) {
  std::vector<std::pair<size_t, size_t>> m;
  r.find_all_reference(text, m);
  return m;
}

// The message of the invalid_input the call throws ("" when it does not throw).
template <class Fn>
std::string refusal(Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

json tokenizer_with(json pre_tokenizer, json normalizer = nullptr) {
  json vocab = json::object();
  int id = 0;
  for (const char* t : {"a", "b", "q", "w", "\xC4\xA0", "<s>"}) vocab[t] = id++;
  return {{"version", "1.0"},
          {"added_tokens", json::array({{{"id", 5}, {"content", "<s>"}, {"special", true}, {"normalized", false}}})},
          {"normalizer", normalizer},
          {"pre_tokenizer", pre_tokenizer},
          {"post_processor", nullptr},
          {"decoder", {{"type", "ByteLevel"}}},
          {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", json::array()}}}};
}

json split(const std::string& regex) {
  return {{"type", "Sequence"},
          {"pretokenizers", json::array({{{"type", "Split"}, {"pattern", {{"Regex", regex}}}, {"behavior", "Isolated"}},
                                         {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}}})}};
}

}  // namespace

DSW_TEST(long_combining_runs_are_ordered_like_the_definition) {
  // Classes 1, 10, 220, 230, 232 and a starter every so often; runs far above the insertion-sort
  // cut-off, so the stable sort is what runs.
  const char32_t marks[] = {0x0334, 0x05B0, 0x0316, 0x0301, 0x0315, 0x0323, 0x0300};
  std::mt19937 rng(7);
  for (size_t run : {2u, 31u, 33u, 200u, 700u}) {
    std::u32string s = U"e";
    for (size_t i = 0; i < run; ++i) s += marks[rng() % std::size(marks)];
    s += U"x";
    // The reference-ordered text is in canonical order already, so NFC leaves its order alone and
    // only composes: NFC of the original must be exactly that.
    CHECK_EQ(nfc_normalize(utf8_of(s)), nfc_normalize(utf8_of(reference_order(s))));
  }
  // Composition still happens inside a long run: e + U+0301 composes to U+00E9 at the front.
  std::string s = "e";
  for (int i = 0; i < 1000; ++i) utf8::append(s, 0x0301);
  std::string n = nfc_normalize(s);
  CHECK_EQ(n.substr(0, 2), std::string("\xC3\xA9"));
  CHECK_EQ(n.size(), size_t(2 + 999 * 2));
}

DSW_TEST(nfc_of_a_100k_mark_run_completes) {
  std::string s = "a";
  for (int i = 0; i < 100000; ++i) utf8::append(s, i % 2 ? 0x0301 : 0x0316);
  std::string n = nfc_normalize(s);
  // U+0316 (220) before U+0301 (230): all 220s first, then the 230s; 'a' takes no 220 mark.
  size_t first230 = n.find("\xCC\x81");
  REQUIRE(first230 != std::string::npos);
  CHECK(n.find("\xCC\x96", first230) == std::string::npos);
}

DSW_TEST(windowed_search_equals_the_plain_search) {
  // Every pattern the presets use, plus ones with lookahead, anchors and empty matches, on
  // random text over an alphabet that makes long runs and every kind of boundary.
  std::vector<std::string> patterns = {kGpt2Pattern, "\\s+$", "\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", "a*", "(?=b)", "\\b\\w",
                                       "[^\\s]+$", "x?", "\\p{N}{1,3}", ".{0,80}a"};
  for (const char* pre : {"deepseek-v3", "qwen2", "llama3", "deepseek-llm", "deepseek-coder"}) {
    auto list = gguf_pre_tokenizer_regexes(pre);
    patterns.insert(patterns.end(), list->begin(), list->end());
  }
  const std::vector<std::string> alphabet = {" ", " ", " ", "\n", "\r\n", "\t", "a", "b", "Z", "1", "!", "'s", "\xC3\xA9",
                                             "\xE4\xB8\x80", "\xCC\x81", "\xC2\xA0"};
  std::mt19937 rng(11);
  int compared = 0;
  for (const auto& p : patterns) {
    Regex r(p, "test");
    for (int trial = 0; trial < 40; ++trial) {
      std::string text;
      const size_t len = 50 + rng() % 3000;
      while (text.size() < len) {
        const std::string& unit = alphabet[rng() % alphabet.size()];
        size_t repeat = rng() % 8 == 0 ? 100 + rng() % 400 : 1;  // long runs cross many windows
        for (size_t k = 0; k < repeat; ++k) text += unit;
      }
      auto a = windowed(r, text);
      auto b = plain(r, text);
      if (a != b) std::printf("    pattern %s differs on a %zu-byte text\n", p.c_str(), text.size());
      CHECK(a == b);
      ++compared;
    }
  }
  std::printf("    %d pattern/text pairs identical\n", compared);
}

DSW_TEST(quadratic_patterns_are_refused_at_load) {
  // The last two: polynomial backtracking inside single-character repeats and group repeats,
  // which no PCRE2 limit counts; the probes' CPU-time rules refuse them.
  for (const char* p : {"a*b|a", "\\s*[\\r\\n]+|\\s", "(?:ab)*c|ab|.", "1*x|1|.", "[ a]*\\n|\\s|a", "\\s*\\s*\\s*x|\\s|.",
                        "(?:a|b)+(?:c|d)"}) {
    std::string m = refusal([&] { Regex(p, "hostile.json: pre_tokenizer[0] Split").self_test(); });
    CHECK(m.find("grows with the square of the input") != std::string::npos ||
          m.find("grows faster than the input") != std::string::npos);
    CHECK(m.find("hostile.json") != std::string::npos);
    // The same through the tokenizer.json loader.
    auto tok = tokenizer_from_json(tokenizer_with(split(p)).dump(), "hostile.json");
    CHECK(!tok.is_ok() && tok.status().message().find("grows") != std::string::npos);
  }
  // Real patterns pass.
  Regex(kGpt2Pattern, "gpt2").self_test();
  for (const char* pre : {"deepseek-v3", "qwen2", "llama3", "deepseek-llm", "deepseek-coder"}) {
    auto list = gguf_pre_tokenizer_regexes(pre);
    for (auto& p : *list) Regex(p, pre).self_test();
  }
}

DSW_TEST(quadratic_work_the_probes_miss_is_stopped_by_the_budget) {
  // 'q' is none of the probe units, so this passes the self test; on a run of q's every attempt
  // reads to the end of the run.
  Regex r("q*w|q|\\s|.", "sly.json: pre_tokenizer[0] Split");
  r.self_test();
  std::string text(100000, 'q');
  std::string m = refusal([&] { windowed(r, text); });
  CHECK(m.find("square of the input") != std::string::npos);
  CHECK(m.find("sly.json") != std::string::npos);
  // Through encode: an invalid_input Status, not a hang.
  auto tok = tokenizer_from_json(tokenizer_with(split("q*w|q|\\s|.")).dump(), "sly.json");
  REQUIRE_OK(tok);
  auto ids = (*tok)->encode(text);
  CHECK(ids.status().code() == StatusCode::invalid_input);
  // A long run the pattern consumes in one match costs a few bytes of look-ahead per byte.
  Regex spaces(kGpt2Pattern, "gpt2");
  std::string run(200000, ' ');
  run += "a";
  CHECK_EQ(windowed(spaces, run), plain(spaces, run));
}

DSW_TEST(cancel_flag_stops_encoding) {
  auto tok = tokenizer_from_json(tokenizer_with(split("\\s+|[^\\s]+"), {{"type", "NFC"}}).dump(), "t.json");
  REQUIRE_OK(tok);
  std::atomic<bool> cancel{true};
  JobContext job;
  job.cancel = &cancel;
  std::string text;
  for (int i = 0; i < 300000; ++i) text += i % 7 ? "ab " : "\xC3\xA9 ";
  auto ids = (*tok)->encode(text, {.job = &job});
  CHECK(ids.status().code() == StatusCode::cancelled);
  cancel = false;
  auto ok = (*tok)->encode("ab ab", {.job = &job});
  REQUIRE_OK(ok);
  CHECK(!ok->empty());
}

DSW_TEST(stop_ids_deduplicate_in_constant_time) {
  auto tok = tokenizer_from_json(tokenizer_with(split("\\s+|[^\\s]+")).dump(), "t.json");
  REQUIRE_OK(tok);
  for (int round = 0; round < 2; ++round)
    for (int32_t id = 0; id < 100000; ++id) (*tok)->add_stop_id(id);
  CHECK_EQ((*tok)->stop_ids().size(), size_t(100000));
  CHECK((*tok)->is_stop_id(99999));
  CHECK(!(*tok)->is_stop_id(100000));
}

DSW_TEST(post_processor_ids_outside_the_vocabulary_are_refused) {
  json j = tokenizer_with(split("\\s+|[^\\s]+"));
  j["post_processor"] = {{"type", "TemplateProcessing"},
                         {"single", json::array({{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
                                                 {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}})},
                         {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", json::array({999})}, {"tokens", json::array({"<s>"})}}}}}};
  auto tok = tokenizer_from_json(j.dump(), "pp.json");
  REQUIRE(!tok.is_ok());
  CHECK(tok.status().message().find("pp.json: post_processor") != std::string::npos);
  CHECK(tok.status().message().find("999") != std::string::npos);
  // A valid id passes.
  j["post_processor"]["special_tokens"]["<s>"]["ids"] = json::array({5});
  auto ok = tokenizer_from_json(j.dump(), "pp.json");
  REQUIRE_OK(ok);
  CHECK_EQ((*ok)->encode("a")->front(), 5);
}
