// Tokenizer building blocks without real data: UTF-8 repair, NFC, the PCRE2 layer (Oniguruma
// rewriting, empty matches, limits), split behaviours, added-token matching, BPE merge order,
// tokenizer.json parsing and refusals, BOS/EOS, decoding and streaming.
#include "check.h"

#include "tokenizer/byte_level.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/regex.h"
#include "tokenizer/unicode_nfc.h"
#include "tokenizer/utf8.h"

#include <dsw/tokenizer.h>

#include <nlohmann/json.hpp>

#include <chrono>

using namespace dsw;
using json = nlohmann::json;

namespace {

std::string cps(std::initializer_list<char32_t> list) {
  std::string s;
  for (char32_t c : list) utf8::append(s, c);
  return s;
}

std::vector<std::string> pre_split(const PreTokenizer& p, std::string_view text) {
  std::vector<std::string_view> pieces;
  std::deque<std::string> arena;
  p.split(text, pieces, arena);
  return {pieces.begin(), pieces.end()};
}

std::vector<std::string> split_with(const std::string& behavior, bool invert, std::string_view text) {
  json j = {{"type", "Split"}, {"pattern", {{"String", "-"}}}, {"behavior", behavior}, {"invert", invert}};
  return pre_split(PreTokenizer::from_json(j, "test"), text);
}

// A tiny byte-level BPE tokenizer.json: the byte alphabet for "abc" plus space, a few merges.
json tiny_tokenizer(json merges) {
  json vocab = json::object();
  int id = 0;
  for (const char* t : {"a", "b", "c", "\xC4\xA0", "ab", "bc", "abc", "\xC4\xA0" "a", "<s>", "</s>"}) vocab[t] = id++;
  return {
      {"version", "1.0"},
      {"added_tokens", json::array({{{"id", 8}, {"content", "<s>"}, {"special", true}, {"normalized", false}},
                                    {{"id", 9}, {"content", "</s>"}, {"special", true}, {"normalized", false}}})},
      {"normalizer", nullptr},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
      {"post_processor", nullptr},
      {"decoder", {{"type", "ByteLevel"}}},
      {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"vocab", vocab}, {"merges", merges}}},
  };
}

std::unique_ptr<Tokenizer> make(const json& j) {
  auto tok = tokenizer_from_json(j.dump(), "tiny.json");
  REQUIRE_OK(tok);
  return std::move(tok).value();
}

std::vector<int32_t> enc(const Tokenizer& t, std::string_view s, EncodeOptions o = {.add_special = false}) {
  auto r = t.encode(s, o);
  REQUIRE_OK(r);
  return *r;
}

}  // namespace

DSW_TEST(utf8_lossy_replaces_like_rust) {
  CHECK_EQ(utf8_lossy("abc"), std::string("abc"));
  CHECK_EQ(utf8_lossy("a\xF0\x9F\x98"), std::string("a\xEF\xBF\xBD"));                    // truncated emoji: one U+FFFD
  CHECK_EQ(utf8_lossy("\xC0\x80"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD"));              // overlong
  CHECK_EQ(utf8_lossy("\xED\xA0\x80"), std::string("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"));  // surrogate
  CHECK_EQ(utf8_lossy("\xE4\xBD" "x"), std::string("\xEF\xBF\xBDx"));
  CHECK_EQ(utf8_lossy("\xEF\xBF\xBD"), std::string("\xEF\xBF\xBD"));
  CHECK(utf8::is_valid("\xE4\xBD\xA0"));
  CHECK(!utf8::is_valid("\xE4\xBD"));
  CHECK_EQ(utf8::incomplete_tail("ab\xE4\xBD"), size_t(2));
  CHECK_EQ(utf8::incomplete_tail("ab\xE4\xBD\xA0"), size_t(0));
  CHECK_EQ(utf8::incomplete_tail("ab\xF0\x9F\x98"), size_t(3));
  CHECK_EQ(utf8::incomplete_tail("ab\xE4" "a"), size_t(0));
  CHECK_EQ(utf8::incomplete_tail("\xFF"), size_t(0));
}

DSW_TEST(nfc_matches_python_unicodedata) {
  // Expected values from Python's unicodedata.normalize("NFC", ...) (Unicode 14).
  struct Case {
    std::string in, out;
  } cases[] = {
      {cps({'e', 0x301}), cps({0xE9})},
      {cps({0x1100, 0x1161, 0x11A8}), cps({0xAC01})},       // Hangul L V T
      {cps({0xAC00, 0x11A8}), cps({0xAC01})},               // LV + T
      {cps({0x1100, 0x1161, 0x300}), cps({0xAC00, 0x300})},
      {cps({0x212B}), cps({0xC5})},                         // singleton: ANGSTROM SIGN
      {cps({0x2126}), cps({0x3A9})},                        // OHM SIGN
      {cps({'o', 0x308, 0x304}), cps({0x22B})},
      {cps({0x958}), cps({0x915, 0x93C})},                  // composition exclusion stays decomposed
      {cps({'a', 0x323, 0x307}), cps({0x1EA1, 0x307})},
      {cps({'a', 0x307, 0x323}), cps({0x1EA1, 0x307})},     // canonical reordering first
      {cps({0x1E0B, 0x323}), cps({0x1E0D, 0x307})},
      {cps({'q', 0x307, 0x323}), cps({'q', 0x323, 0x307})},
      {cps({0xC5, 0x301}), cps({0x1FA})},
      {cps({'e', 0x301, 0x301}), cps({0xE9, 0x301})},        // blocked by the same class
      {cps({'a', 0x315, 0x300, 0x5AE, 0x300, 'b'}), cps({0xE0, 0x5AE, 0x300, 0x315, 'b'})},
      {cps({0x1D15E}), cps({0x1D157, 0x1D165})},            // excluded musical symbol
      {cps({0xF73}), cps({0xF71, 0xF72})},                  // non-starter decomposition
      {cps({0x344}), cps({0x308, 0x301})},
      {"plain ascii", "plain ascii"},
  };
  for (auto& c : cases) CHECK_EQ(nfc_normalize(c.in), c.out);
  CHECK(nfc_trivially_stable("abc \xC3\xA9"));
  CHECK(!nfc_trivially_stable(cps({'e', 0x301})));
  CHECK_EQ(nfc_normalize("a\xFF" "e\xCC\x81"), std::string("a\xFF\xC3\xA9"));  // invalid bytes pass through
  CHECK_EQ(nfc_combining_class(0x301), 230);
  CHECK_EQ(nfc_unicode_version(), std::string_view("14.0.0"));
}

DSW_TEST(byte_level_table) {
  CHECK_EQ(byte_level::char_of(' '), std::string_view("\xC4\xA0"));   // Ġ
  CHECK_EQ(byte_level::char_of('\n'), std::string_view("\xC4\x8A"));  // Ċ
  CHECK_EQ(byte_level::char_of(0x7F), std::string_view("\xC4\xA1"));
  CHECK_EQ(byte_level::char_of(0xAD), std::string_view("\xC5\x83"));
  CHECK_EQ(byte_level::char_of('A'), std::string_view("A"));
  for (int b = 0; b < 256; ++b) {
    std::string s;
    byte_level::encode(std::string(1, char(b)), s);
    std::string back;
    byte_level::decode_token(s, back);
    CHECK_EQ(back, std::string(1, char(b)));
  }
  std::string raw;
  byte_level::decode_token("<\xEF\xBD\x9C" "end\xEF\xBD\x9C>", raw);  // outside the table: kept as is
  CHECK_EQ(raw, std::string("<\xEF\xBD\x9C" "end\xEF\xBD\x9C>"));
}

DSW_TEST(regex_follows_oniguruma) {
  std::vector<std::pair<size_t, size_t>> m;
  Regex("\\s+$", "t").find_all("a  \nb  ", m);  // Ruby syntax: $ is end of line
  REQUIRE(m.size() == 2);
  CHECK(m[0] == std::make_pair(size_t(1), size_t(3)));
  CHECK(m[1] == std::make_pair(size_t(5), size_t(7)));
  m.clear();
  Regex("\\s", "t").find_all(cps({0x180E, 0x85, 0x3000}), m);  // U+180E is not whitespace any more
  CHECK_EQ(m.size(), size_t(2));
  m.clear();
  Regex("\\h+", "t").find_all("xyz0af g", m);  // \h: hex digit
  REQUIRE(m.size() == 1);
  CHECK(m[0] == std::make_pair(size_t(3), size_t(6)));
  m.clear();
  Regex("a*", "t").find_all("baac", m);  // empty matches: none right after a match
  std::vector<std::pair<size_t, size_t>> want = {{0, 0}, {1, 3}, {4, 4}};
  CHECK(m == want);
  CHECK_EQ(Regex::translate("[^\\s\\p{L}]\\S"), std::string("[^\\x{9}-\\x{D}\\x{85}\\p{Z}\\p{L}][^\\x{9}-\\x{D}\\x{85}\\p{Z}]"));
}

DSW_TEST(catastrophic_regex_fails_fast) {
  Regex bad("(a+)+$", "hostile.json: pre_tokenizer Split");
  auto t0 = std::chrono::steady_clock::now();
  bool threw = false;
  try {
    bad.self_test();
  } catch (const std::exception& e) {
    threw = true;
    CHECK(std::string(e.what()).find("hostile.json") != std::string::npos);
  }
  CHECK(threw);
  std::string input(5000, 'a');
  input += '!';
  std::vector<std::pair<size_t, size_t>> m;
  threw = false;
  try {
    bad.find_all(input, m);
  } catch (const std::exception&) {
    threw = true;
  }
  CHECK(threw);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  CHECK(s < 2.0);
  Regex(kGpt2Pattern, "gpt2").self_test();  // real patterns pass
}

DSW_TEST(split_behaviours_match_tokenizers) {
  // tokenizers' normalizer.rs split() test vectors.
  using V = std::vector<std::string>;
  CHECK(split_with("Removed", false, "The-final--countdown") == (V{"The", "final", "countdown"}));
  CHECK(split_with("Isolated", false, "The-final--countdown") == (V{"The", "-", "final", "-", "-", "countdown"}));
  CHECK(split_with("MergedWithPrevious", false, "The-final--countdown") == (V{"The-", "final-", "-", "countdown"}));
  CHECK(split_with("MergedWithNext", false, "The-final--countdown") == (V{"The", "-final", "-", "-countdown"}));
  CHECK(split_with("Contiguous", false, "The-final--countdown") == (V{"The", "-", "final", "--", "countdown"}));
  CHECK(split_with("Removed", true, "The-final--countdown") == (V{"-", "-", "-"}));
  json digits = {{"type", "Digits"}, {"individual_digits", true}};
  CHECK(pre_split(PreTokenizer::from_json(digits, "t"), "a123b") == (V{"a", "1", "2", "3", "b"}));
  json runs = {{"type", "Digits"}, {"individual_digits", false}};
  CHECK(pre_split(PreTokenizer::from_json(runs, "t"), "a123b") == (V{"a", "123", "b"}));
  json gpt2 = {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"use_regex", true}};
  CHECK(pre_split(PreTokenizer::from_json(gpt2, "t"), "Hello world!") == (V{" Hello", " world", "!"}));
}

DSW_TEST(bpe_merges_by_rank_not_length) {
  // "abc": merges (b c) rank 0 then (a b) rank 1 -> "a" "bc"; the vocab also has "abc" but no
  // merge reaches it (rank-ordered merging, not longest match).
  auto tok = make(tiny_tokenizer(json::array({"b c", "a b"})));
  CHECK(enc(*tok, "abc") == (std::vector<int32_t>{0, 5}));
  // Array serialisation, opposite ranks: "ab" then nothing joins "ab"+"c" -> "ab" "c".
  auto tok2 = make(tiny_tokenizer(
      json::array({json::array({"a", "b"}), json::array({"b", "c"}), json::array({"\xC4\xA0", "a"})})));
  CHECK(enc(*tok2, "abc") == (std::vector<int32_t>{4, 2}));
  CHECK(enc(*tok2, "c a") == (std::vector<int32_t>{2, 7}));
  // ignore_merges: a word that is a vocab entry is taken whole.
  json j = tiny_tokenizer(json::array({"b c", "a b"}));
  j["model"]["ignore_merges"] = true;
  CHECK(enc(*make(j), "abc") == (std::vector<int32_t>{6}));
  CHECK_EQ(tok->decode(std::vector<int32_t>{0, 5, 7}), std::string("abc a"));
}

DSW_TEST(special_tokens_bos_and_parse_special) {
  json j = tiny_tokenizer(json::array({"a b", "b c"}));
  j["post_processor"] = {{"type", "TemplateProcessing"},
                         {"single", json::array({{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}})},
                         {"pair", json::array()},
                         {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", json::array({8})}, {"tokens", json::array({"<s>"})}}}}}};
  auto tok = make(j);
  CHECK(tok->adds_bos());
  CHECK_EQ(tok->bos_id().value_or(-1), 8);
  CHECK(enc(*tok, "ab", {}) == (std::vector<int32_t>{8, 4}));
  CHECK(enc(*tok, "ab</s>c", {.add_special = false}) == (std::vector<int32_t>{4, 9, 2}));
  // parse_special=false: "</s>" is plain text; '<' '/' '>' are not in this tiny vocab, so they are dropped.
  CHECK(enc(*tok, "ab</s>c", {.add_special = false, .parse_special = false}) == (std::vector<int32_t>{4, 2}));
  CHECK_EQ(tok->decode(std::vector<int32_t>{8, 4, 9}), std::string("<s>ab</s>"));
  CHECK_EQ(tok->decode(std::vector<int32_t>{8, 4, 9}, {.skip_special = true}), std::string("ab"));
  CHECK(tok->is_special(9));
  CHECK_EQ(tok->token_text(7), std::string("\xC4\xA0" "a"));
  CHECK_EQ(tok->token_id("\xC4\xA0" "a").value_or(-1), 7);
  CHECK_EQ(tokenizer_kind_name(tok->kind()), std::string_view("byte_level_bpe"));
}

DSW_TEST(added_token_flags) {
  json j = tiny_tokenizer(json::array({"a b", "b c"}));
  j["added_tokens"].push_back({{"id", 10}, {"content", "X"}, {"special", false}, {"normalized", false}, {"lstrip", true}, {"rstrip", true}});
  j["added_tokens"].push_back({{"id", 11}, {"content", "bb"}, {"special", false}, {"normalized", false}, {"single_word", true}});
  j["model"]["vocab"]["X"] = 10;
  j["model"]["vocab"]["bb"] = 11;
  auto tok = make(j);
  CHECK(enc(*tok, "a  X  c") == (std::vector<int32_t>{0, 10, 2}));  // spaces around X swallowed
  CHECK(enc(*tok, "a bb c") == (std::vector<int32_t>{0, 3, 11, 3, 2}));  // "bb" as a word
  CHECK(enc(*tok, "abb") == (std::vector<int32_t>{4, 1}));           // not a word: ordinary text
}

DSW_TEST(stream_decoder_holds_incomplete_utf8) {
  json j = tiny_tokenizer(json::array({"a b"}));
  // Byte-level tokens for the two halves of "é" (C3 A9 -> 'Ã' '©').
  j["model"]["vocab"]["\xC3\x83"] = 20;
  j["model"]["vocab"]["\xC2\xA9"] = 21;
  auto tok = make(j);
  StreamDecoder sd(*tok);
  CHECK_EQ(sd.push(0), std::string("a"));
  CHECK_EQ(sd.push(20), std::string());
  CHECK_EQ(sd.push(21), std::string("\xC3\xA9"));
  CHECK_EQ(sd.push(20), std::string());
  CHECK_EQ(sd.flush(), std::string("\xEF\xBF\xBD"));
  CHECK_EQ(tok->decode(std::vector<int32_t>{20}), std::string("\xEF\xBF\xBD"));  // half a character
  CHECK_EQ(tok->token_bytes(20), std::string("\xC3"));
}

DSW_TEST(invalid_utf8_input_is_repaired) {
  auto tok = make(tiny_tokenizer(json::array({"a b"})));
  auto ids = tok->encode("ab\xFF", {.add_special = false});
  REQUIRE_OK(ids);
  CHECK_EQ((*ids)[0], 4);
}

DSW_TEST(tokenizer_json_refusals) {
  auto code_of = [](const json& j) { return tokenizer_from_json(j.dump(), "bad.json").status(); };
  json missing = tiny_tokenizer(json::array());
  missing["model"].erase("merges");
  auto s = code_of(missing);
  CHECK(s.code() == StatusCode::invalid_input);
  CHECK(s.message().find("merges") != std::string::npos);
  CHECK(s.message().find("bad.json") != std::string::npos);

  s = code_of(tiny_tokenizer(json::array({"a b c"})));
  CHECK(s.code() == StatusCode::invalid_input);
  CHECK(s.message().find("merges[0]") != std::string::npos);

  s = code_of(tiny_tokenizer(json::array({"c a"})));  // "ca" is not in the vocab
  CHECK(s.code() == StatusCode::invalid_input);
  CHECK(s.message().find("'ca'") != std::string::npos);

  json wordpiece = tiny_tokenizer(json::array());
  wordpiece["model"]["type"] = "WordPiece";
  CHECK(code_of(wordpiece).code() == StatusCode::unsupported);

  json dup = tiny_tokenizer(json::array());
  dup["model"]["vocab"]["zz"] = 0;
  s = code_of(dup);
  CHECK(s.code() == StatusCode::invalid_input);
  CHECK(s.message().find("share id 0") != std::string::npos);

  json far = tiny_tokenizer(json::array());
  far["model"]["vocab"]["zz"] = 3'999'999;
  CHECK(code_of(far).code() == StatusCode::invalid_input);

  json redos = tiny_tokenizer(json::array());
  redos["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"Regex", "(a|aa)+$"}}}, {"behavior", "Isolated"}, {"invert", false}};
  s = code_of(redos);
  CHECK(s.code() == StatusCode::invalid_input);
  CHECK(s.message().find("catastroph") != std::string::npos);

  json lowercase = tiny_tokenizer(json::array());
  lowercase["normalizer"] = {{"type", "Lowercase"}};
  CHECK(code_of(lowercase).code() == StatusCode::unsupported);

  CHECK(tokenizer_from_json("{\"model\": ", "trunc.json").status().code() == StatusCode::invalid_input);
  CHECK(tokenizer_from_json("{\"a\":1,\"a\":2}", "dupkey.json").status().message().find("duplicate") != std::string::npos);
}
