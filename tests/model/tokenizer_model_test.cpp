// Tokenizers on the real vocabularies in DSW_DATA_DIR: llama.cpp's test vectors for the GGUF
// deepseek-coder, deepseek-llm and llama-spm vocabularies, the stories260K SentencePiece model
// against the Python sentencepiece package, and the llama2.c tokenizer.bin against the .model.
#include "check.h"

#include <dsw/chat_template.h>
#include <dsw/tokenizer.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct VocabCase {
  std::string text;
  std::vector<int32_t> ids;
};

// llama.cpp test-tokenizer-0's reading: cases cut at "\n__ggml_vocab_test__\n", ids one line each.
std::vector<VocabCase> read_vocab_cases(const fs::path& inp, const fs::path& out) {
  std::string raw = read_text(inp);
  const std::string sep = "\n__ggml_vocab_test__\n";
  std::vector<std::string> texts;
  for (size_t pos = 0; pos < raw.size();) {
    size_t next = raw.find(sep, pos);
    if (next == std::string::npos) {
      texts.push_back(raw.substr(pos));
      break;
    }
    texts.push_back(raw.substr(pos, next - pos));
    pos = next + sep.size();
  }
  std::istringstream lines(read_text(out));
  std::vector<VocabCase> cases;
  std::string line;
  for (size_t i = 0; std::getline(lines, line); ++i) {
    REQUIRE(i < texts.size());
    VocabCase c{texts[i], {}};
    std::istringstream ids(line);
    for (int32_t id; ids >> id;) c.ids.push_back(id);
    cases.push_back(std::move(c));
  }
  CHECK_EQ(cases.size(), texts.size());
  return cases;
}

int run_vocab_cases(const Tokenizer& tok, const std::vector<VocabCase>& cases, bool check_round_trip) {
  int failures = 0;
  for (const auto& c : cases) {
    auto ids = tok.encode(c.text, {.add_special = false, .parse_special = false});
    REQUIRE_OK(ids);
    if (*ids != c.ids) {
      ++failures;
      std::printf("    mismatch on %s\n", nlohmann::json(c.text).dump().substr(0, 100).c_str());
    }
    if (check_round_trip) CHECK_EQ(tok.decode(*ids), c.text);
  }
  return failures;
}

std::vector<int32_t> enc(const Tokenizer& t, std::string_view s, EncodeOptions o = {.add_special = false}) {
  auto r = t.encode(s, o);
  REQUIRE_OK(r);
  return *r;
}

fs::path fixtures() { return test::source_dir() / "tests" / "fixtures" / "tokenizers"; }

}  // namespace

DSW_TEST(deepseek_coder_gguf_matches_llama_cpp) {
  auto gguf = test::data_file("tokenizers/deepseek-coder/ggml-vocab-deepseek-coder.gguf");
  auto tok = load_tokenizer(gguf);
  REQUIRE_OK(tok);
  auto cases = read_vocab_cases(gguf.string() + ".inp", gguf.string() + ".out");
  CHECK_EQ(cases.size(), size_t(46));
  CHECK_EQ(run_vocab_cases(**tok, cases, /*round trip (byte-level is lossless)*/ true), 0);
  CHECK_EQ((*tok)->vocab_size(), 32256);
  CHECK((*tok)->adds_bos());
  CHECK_EQ((*tok)->bos_id().value_or(-1), 32013);
  CHECK_EQ((*tok)->eos_id().value_or(-1), 32014);
  auto stops = (*tok)->stop_ids();
  CHECK(std::find(stops.begin(), stops.end(), 32014) != stops.end());
  CHECK(std::find(stops.begin(), stops.end(), 32021) != stops.end());  // <|EOT|>
  CHECK(enc(**tok, "Hello", {}).front() == 32013);
  // User-defined tokens stay tokens even with parse_special=false; control ones become text.
  CHECK(enc(**tok, "<|EOT|>", {.add_special = false, .parse_special = false}) == std::vector<int32_t>{32021});
  auto bos_text = enc(**tok, "<\xEF\xBD\x9C" "begin\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>", {.add_special = false, .parse_special = false});
  CHECK(bos_text.size() > 1);
  CHECK(enc(**tok, "<\xEF\xBD\x9C" "begin\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>") == std::vector<int32_t>{32013});
  CHECK((*tok)->is_special(32013));
  CHECK_EQ((*tok)->decode(std::vector<int32_t>{32013, 17535}, {.skip_special = true}), std::string("Hello"));
}

DSW_TEST(deepseek_llm_gguf_matches_llama_cpp) {
  auto gguf = test::data_file("tokenizers/deepseek-llm/ggml-vocab-deepseek-llm.gguf");
  auto tok = load_tokenizer(gguf);
  REQUIRE_OK(tok);
  auto dir = fixtures() / "deepseek-llm";
  auto cases = read_vocab_cases(dir / "ggml-vocab-deepseek-llm.gguf.inp", dir / "ggml-vocab-deepseek-llm.gguf.out");
  CHECK_EQ(cases.size(), size_t(41));
  CHECK_EQ(run_vocab_cases(**tok, cases, true), 0);
  CHECK_EQ((*tok)->bos_id().value_or(-1), 100000);
}

DSW_TEST(llama_spm_gguf_matches_llama_cpp) {
  auto gguf = test::data_file("tokenizers/llama-spm/ggml-vocab-llama-spm.gguf");
  auto tok = load_tokenizer(gguf);
  REQUIRE_OK(tok);
  CHECK((*tok)->kind() == TokenizerKind::spm_scores);
  auto dir = fixtures() / "llama-spm";
  auto cases = read_vocab_cases(dir / "ggml-vocab-llama-spm.gguf.inp", dir / "ggml-vocab-llama-spm.gguf.out");
  CHECK_EQ(cases.size(), size_t(43));
  CHECK_EQ(run_vocab_cases(**tok, cases, false), 0);
  CHECK(enc(**tok, "Hello world", {}) == (std::vector<int32_t>{1, 15043, 3186}));
  CHECK_EQ((*tok)->decode(std::vector<int32_t>{1, 15043, 3186}), std::string("Hello world"));
  CHECK(enc(**tok, "<s>", {.add_special = false, .parse_special = true}) == std::vector<int32_t>{1});
  // Byte fallback: a character without a piece becomes its UTF-8 bytes (<0xXX> ids = byte + 3).
  std::string text = "\xF0\x9F\xA6\x99";  // 🦙
  auto ids = enc(**tok, text);
  CHECK(ids == (std::vector<int32_t>{29871, 0xF0 + 3, 0x9F + 3, 0xA6 + 3, 0x99 + 3}));
  CHECK_EQ((*tok)->decode(ids), text);
  StreamDecoder sd(**tok);
  std::string streamed;
  for (int32_t id : enc(**tok, "Hello \xF0\x9F\xA6\x99 world", {})) streamed += sd.push(id);
  streamed += sd.flush();
  CHECK_EQ(streamed, std::string("Hello \xF0\x9F\xA6\x99 world"));
}

DSW_TEST(stories260k_sentencepiece_matches_python) {
  auto model = test::data_file("models/stories260K/tok512.model");
  auto tok = load_tokenizer(model);
  REQUIRE_OK(tok);
  CHECK((*tok)->kind() == TokenizerKind::sentencepiece);
  auto doc = nlohmann::json::parse(read_text(fixtures() / "stories260K" / "expected.json"));
  CHECK_EQ((*tok)->vocab_size(), doc["vocab_size"].get<int32_t>());
  CHECK_EQ((*tok)->bos_id().value_or(-1), doc["bos_id"].get<int32_t>());
  CHECK((*tok)->adds_bos());
  for (const auto& c : doc["cases"]) {
    std::string text = c["text"].get<std::string>();
    CHECK(enc(**tok, text, {.add_special = false, .parse_special = false}) == c["ids"].get<std::vector<int32_t>>());
  }
  std::string text = read_text(test::data_file("eval/tinystories/TinyStories-valid.first22stories.txt"));
  // tok512.model sets remove_extra_whitespaces, so SentencePiece drops the text's leading space.
  std::string body = text.substr(text.find_first_not_of(' '));
  auto ids = enc(**tok, body, {});
  CHECK_EQ(ids.front(), 1);
  std::vector<int32_t> want = {1};
  for (int32_t id : doc["full_text_ids"]) want.push_back(id);
  CHECK(ids == want);
  CHECK_EQ((*tok)->decode(ids), body);  // round trip
  StreamDecoder sd(**tok);
  std::string streamed;
  for (int32_t id : ids) streamed += sd.push(id);
  streamed += sd.flush();
  CHECK_EQ(streamed, body);
}

// The llama2.c tokenizer.bin (formats.md §4.3 algorithm) gives the same ids as libsentencepiece on
// the same vocabulary, except where the .model's normalizer removes whitespace: it drops leading,
// trailing and repeated spaces (remove_extra_whitespaces), which run.c's encoder keeps.
DSW_TEST(stories260k_tokenizer_bin_matches_model) {
  auto bin = load_tokenizer(test::data_file("models/stories260K/tok512.bin"));
  auto model = load_tokenizer(test::data_file("models/stories260K/tok512.model"));
  REQUIRE_OK(bin);
  REQUIRE_OK(model);
  CHECK((*bin)->kind() == TokenizerKind::spm_scores);
  CHECK_EQ((*bin)->vocab_size(), 512);
  CHECK_EQ((*bin)->bos_id().value_or(-1), 1);
  CHECK_EQ((*bin)->eos_id().value_or(-1), 2);
  std::string text = read_text(test::data_file("eval/tinystories/TinyStories-valid.first22stories.txt"));
  std::string body = text.substr(text.find_first_not_of(' '));
  CHECK(enc(**bin, body, {}) == enc(**model, body, {}));
  int lines = 0, same = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    ++lines;
    same += enc(**bin, line) == enc(**model, line);
    CHECK_EQ((*bin)->decode(enc(**bin, line, {})), line);  // run.c keeps every space: exact round trip
  }
  std::printf("    tokenizer.bin == tokenizer.model on %d of %d lines\n", same, lines);
  // The known differences: whitespace the SentencePiece normalizer removes.
  CHECK(enc(**bin, " a") != enc(**model, " a"));
  CHECK(enc(**bin, "x  y") != enc(**model, "x  y"));
  CHECK(enc(**bin, "x y") == enc(**model, "x y"));
  // The folder picks tok512.bin (no tokenizer.json / tokenizer.model there), and so does the
  // checkpoint file itself.
  auto folder = load_tokenizer(test::data_dir() / "models" / "stories260K");
  REQUIRE_OK(folder);
  CHECK((*folder)->kind() == TokenizerKind::spm_scores);
  auto checkpoint = load_tokenizer(test::data_file("models/stories260K/stories260K.bin"));
  REQUIRE_OK(checkpoint);
  CHECK(enc(**checkpoint, body) == enc(**bin, body));
  // Decoding after BOS drops the dummy-prefix space, as run.c does.
  auto ids = enc(**bin, "Once upon", {});
  REQUIRE(ids.size() >= 2);
  CHECK_EQ((*bin)->token_bytes(ids[1], ids[0]).front(), 'O');
  CHECK_EQ((*bin)->token_bytes(ids[1], -1).front(), ' ');
}

DSW_TEST(hf_folder_with_tokenizer_model) {
  auto tok = load_tokenizer(test::data_dir() / "models" / "stories260K-hf");
  REQUIRE_OK(tok);
  CHECK((*tok)->kind() == TokenizerKind::sentencepiece);
  CHECK(detect_chat_family((*tok)->chat_template()) == ChatFamily::plain);
}
