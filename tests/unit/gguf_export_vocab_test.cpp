// GGUF export of vocabularies: tokenizer.json pre-tokenizers named as llama.cpp names them; a
// byte-level BPE tokenizer.json becomes a "gpt2" vocabulary (tokens by id, [PAD] gaps, "A B"
// merges, token types, BOS/EOS, chat template) that tokenizes as the tokenizer.json does — for a
// small synthetic one and for the real DeepSeek-V3 and Qwen2 files of tests/fixtures/tokenizers,
// against the ids the `tokenizers` package produced; a GGUF vocabulary is copied key by key.
#include "check.h"

#include "export/gguf_vocab.h"
#include "tokenizer/unicode_nfc.h"

#include <dsw/gguf.h>
#include <dsw/gguf_export.h>
#include <dsw/make_model.h>
#include <dsw/model_files.h>
#include <dsw/tokenizer.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

using namespace dsw;
using namespace dsw::test;
namespace fs = std::filesystem;

namespace {

fs::path fixture_dir(const std::string& name) {
  fs::path d = source_dir() / "tests" / "fixtures" / "models" / name;
  if (!fs::is_directory(d)) SKIP("fixture not found: " + d.string());
  return d;
}

ModelFiles open_files(const fs::path& p) {
  auto m = open_model(p);
  REQUIRE_OK(m);
  return std::move(m).value();
}

GgufExportReport export_model(const ModelFiles& m, const fs::path& out, GgufExportType type) {
  GgufExportOptions o;
  o.type = type;
  auto r = export_gguf(m, out, o);
  REQUIRE_OK(r);
  return std::move(r).value();
}

void write_file(const fs::path& p, const std::string& s) {
  std::ofstream out(p, std::ios::binary);
  out << s;
}

}  // namespace

namespace {

const char* const kQwen2Regex =
    R"re((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)re";

nlohmann::json split(const std::string& regex) {
  return {{"type", "Split"}, {"pattern", {{"Regex", regex}}}, {"behavior", "Isolated"}, {"invert", false}};
}
nlohmann::json byte_level() {
  return {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}};
}
nlohmann::json sequence(std::vector<nlohmann::json> parts) {
  parts.push_back(byte_level());
  return {{"type", "Sequence"}, {"pretokenizers", parts}};
}

}  // namespace

DSW_TEST(pre_tokenizer_names_follow_the_regexes) {
  CHECK_EQ(detect_gguf_pre_tokenizer(sequence({split(kQwen2Regex)})), std::string("qwen2"));
  std::string llama3 = kQwen2Regex;
  llama3.replace(llama3.find("\\p{N}|"), 6, "\\p{N}{1,3}|");
  CHECK_EQ(detect_gguf_pre_tokenizer(sequence({split(llama3)})), std::string("llama-bpe"));
  // DeepSeek-V3 stores real CR/LF characters in its third regex (tokenizer.md §3.2).
  CHECK_EQ(detect_gguf_pre_tokenizer(sequence(
               {split("\\p{N}{1,3}"), split("[\u4E00-\u9FA5\u3040-\u309F\u30A0-\u30FF]+"),
                split("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| "
                      "?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+")})),
           std::string("deepseek-v3"));
  nlohmann::json digits = {{"type", "Digits"}, {"individual_digits", true}};
  auto llm = sequence({split("[\r\n]"), split("\\s?[A-Za-z\u00B5\u00C0-\u00D6]+"), split("\\s?[!-/:-~]+"), split("\\s+$"),
                       split("[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+")});
  llm["pretokenizers"].insert(llm["pretokenizers"].end() - 1, digits);
  CHECK_EQ(detect_gguf_pre_tokenizer(llm), std::string("deepseek-llm"));
  auto coder = sequence({split("[\r\n]"), split("\\s?\\p{L}+"), split("\\s?\\p{P}+"), split("[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+")});
  CHECK_EQ(detect_gguf_pre_tokenizer(coder), std::string("deepseek-coder"));
  CHECK_EQ(detect_gguf_pre_tokenizer({{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", true}}), std::string("gpt-2"));
  CHECK_EQ(detect_gguf_pre_tokenizer(sequence({split("\\p{L}+")})), std::string(""));
}

DSW_TEST(hf_bpe_tokenizer_becomes_gpt2_vocabulary) {
  // qwen2_tied (vocab 128) with a small byte-level BPE: 94 printable ASCII characters, 'Ġ' and
  // nine merges; ids 104..119 and 122..127 are unused; 120 is a special added token, 121 a plain one.
  const fs::path dir = temp_dir() / "qwen2_bpe";
  fs::create_directories(dir);
  for (const char* f : {"config.json", "model.safetensors"}) fs::copy_file(fixture_dir("qwen2_tied") / f, dir / f);
  nlohmann::json vocab = nlohmann::json::object();
  int id = 0;
  for (char c = '!'; c <= '~'; ++c) vocab[std::string(1, c)] = id++;
  vocab["\xC4\xA0"] = id++;  // 'Ġ' = space
  const std::vector<std::pair<std::string, std::string>> merges = {{"h", "e"},   {"l", "l"},     {"he", "ll"},
                                                                    {"hell", "o"}, {"\xC4\xA0", "w"}, {"o", "r"},
                                                                    {"\xC4\xA0w", "or"}, {"l", "d"}, {"\xC4\xA0wor", "ld"}};
  nlohmann::json merges_json = nlohmann::json::array();
  for (size_t i = 0; i < merges.size(); ++i) {
    vocab[merges[i].first + merges[i].second] = id++;
    // Both serialisations in one list: "A B" strings and ["A", "B"] pairs.
    if (i % 2) merges_json.push_back(merges[i].first + " " + merges[i].second);
    else merges_json.push_back({merges[i].first, merges[i].second});
  }
  REQUIRE(id == 104);
  nlohmann::json added = nlohmann::json::array();
  added.push_back({{"id", 120}, {"content", "<|endoftext|>"}, {"single_word", false}, {"lstrip", false}, {"rstrip", false},
                   {"normalized", false}, {"special", true}});
  added.push_back({{"id", 121}, {"content", "<think>"}, {"single_word", false}, {"lstrip", false}, {"rstrip", false},
                   {"normalized", false}, {"special", false}});
  nlohmann::json tok = {{"version", "1.0"},
                        {"truncation", nullptr},
                        {"padding", nullptr},
                        {"added_tokens", added},
                        {"normalizer", {{"type", "NFC"}}},
                        {"pre_tokenizer", sequence({split(kQwen2Regex)})},
                        {"post_processor", byte_level()},
                        {"decoder", byte_level()},
                        {"model",
                         {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", ""},
                          {"end_of_word_suffix", ""}, {"fuse_unk", false}, {"byte_fallback", false}, {"ignore_merges", false},
                          {"vocab", vocab}, {"merges", merges_json}}}};
  write_file(dir / "tokenizer.json", tok.dump());
  write_file(dir / "tokenizer_config.json",
             nlohmann::json({{"add_bos_token", false}, {"bos_token", nullptr}, {"eos_token", "<|endoftext|>"},
                             {"tokenizer_class", "Qwen2Tokenizer"}, {"chat_template", "{{ messages[0]['content'] }}"}})
                 .dump());

  const fs::path out = temp_dir() / "qwen2_bpe.gguf";
  auto r = export_model(open_files(dir), out, GgufExportType::f32);
  CHECK_EQ(r.tokenizer_kind, std::string("hf_bpe"));
  CHECK_EQ(r.tokenizer_pre, std::string("qwen2"));
  CHECK(r.warnings.empty());
  auto g = GgufFile::open(out);
  REQUIRE_OK(g);
  CHECK_EQ(std::string(g->get_string("tokenizer.ggml.model").value_or("")), std::string("gpt2"));
  const GgufValue* tokens = g->find("tokenizer.ggml.tokens");
  const GgufValue* types = g->find("tokenizer.ggml.token_type");
  const GgufValue* gm = g->find("tokenizer.ggml.merges");
  REQUIRE(tokens && types && gm && tokens->array_size() == 128 && types->array_size() == 128);
  CHECK_EQ(std::string(tokens->at(103).as_string().value_or("")), std::string("\xC4\xA0world"));
  CHECK_EQ(std::string(tokens->at(110).as_string().value_or("")), std::string("[PAD110]"));
  CHECK_EQ(types->at(0).as_int().value_or(0), 1);
  CHECK_EQ(types->at(110).as_int().value_or(0), 5);
  CHECK_EQ(types->at(120).as_int().value_or(0), 3);
  CHECK_EQ(types->at(121).as_int().value_or(0), 4);
  REQUIRE(gm->array_size() == merges.size());
  for (size_t i = 0; i < merges.size(); ++i)
    CHECK_EQ(std::string(gm->at(i).as_string().value_or("")), merges[i].first + " " + merges[i].second);
  CHECK_EQ(g->get_int("tokenizer.ggml.eos_token_id").value_or(-1), 120);
  CHECK_EQ(g->get_int("tokenizer.ggml.bos_token_id").value_or(-1), 0);  // config.json's, as the converter keeps it
  CHECK_EQ(g->get_bool("tokenizer.ggml.add_bos_token").value_or(true), false);
  CHECK_EQ(std::string(g->get_string("tokenizer.chat_template").value_or("")), std::string("{{ messages[0]['content'] }}"));

  // The GGUF vocabulary tokenizes as the tokenizer.json does.
  auto hf = load_tokenizer(dir);
  auto gg = load_tokenizer(out);
  REQUIRE_OK(hf);
  REQUIRE_OK(gg);
  for (const char* text : {"hello world", "hello<|endoftext|>world", "he said: hello, world!", "<think>hello"}) {
    auto a = (*hf)->encode(text), b = (*gg)->encode(text);
    REQUIRE_OK(a);
    REQUIRE_OK(b);
    CHECK(*a == *b);
    CHECK_EQ((*gg)->decode(*b), std::string(text));
  }
  CHECK(*(*hf)->encode("hello world") == std::vector<int32_t>({98, 103}));

  // A GGUF source's vocabulary is copied key by key.
  const fs::path again = temp_dir() / "qwen2_bpe_again.gguf";
  auto r2 = export_model(open_files(out), again, GgufExportType::f16);
  CHECK_EQ(r2.tokenizer_kind, std::string("gguf"));
  auto g2 = GgufFile::open(again);
  REQUIRE_OK(g2);
  int copied = 0;
  for (const auto& [key, value] : g->metadata()) {
    if (key.rfind("tokenizer.", 0) != 0) continue;
    const GgufValue* v2 = g2->find(key);
    REQUIRE(v2);
    CHECK_EQ(v2->to_display_string(1000), value.to_display_string(1000));
    ++copied;
  }
  CHECK(copied >= 8);
}

namespace {

// A tiny random model (qwen2 or llama "tiny" preset narrowed to hidden 32) with the vocabulary
// of tests/fixtures/tokenizers/<tok>, exported to F16 GGUF.
fs::path export_with_real_tokenizer(const std::string& tok, const std::string& arch, int64_t vocab_size,
                                    GgufExportReport& report) {
  const fs::path src = source_dir() / "tests" / "fixtures" / "tokenizers" / tok;
  if (!fs::is_regular_file(src / "tokenizer.json")) SKIP("tokenizer fixture not found: " + src.string());
  auto config = preset_config(arch, "tiny");
  REQUIRE_OK(config);
  config->vocab_size = vocab_size;
  config->hidden_size = 32;
  config->head_dim = 8;
  config->intermediate_size = 64;
  config->tie_word_embeddings = true;
  const fs::path dir = temp_dir() / (tok + "-model");
  MakeModelOptions mo;
  mo.dtype = DType::bf16;
  REQUIRE_OK(make_random_model(*config, mo, dir));
  for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
    fs::copy_file(src / f, dir / f, fs::copy_options::overwrite_existing);
  const fs::path out = temp_dir() / (tok + ".gguf");
  report = export_model(open_files(dir), out, GgufExportType::f16);
  return out;
}

// Every expected.json case encoded through the exported GGUF vocabulary; returns mismatches.
// `nfc_only`: skip texts that NFC normalisation changes (a GGUF vocabulary has no normaliser).
int compare_with_expected(const std::string& tok, const fs::path& gguf, bool nfc_only) {
  const fs::path expected = source_dir() / "tests" / "fixtures" / "tokenizers" / tok / "expected.json";
  std::ifstream in(expected);
  nlohmann::json j = nlohmann::json::parse(in);
  auto t = load_tokenizer(gguf);
  REQUIRE_OK(t);
  int n = 0, bad = 0;
  for (const auto& c : j["cases"]) {
    const std::string text = c["text"].get<std::string>();
    const auto want = c["ids"].get<std::vector<int32_t>>();
    if (nfc_only && nfc_normalize(text) != text) continue;
    auto got = (*t)->encode(text, {.add_special = false, .parse_special = true});
    REQUIRE_OK(got);
    ++n;
    if (*got != want) {
      if (++bad <= 5) std::printf("    %s: %s differs\n", tok.c_str(), nlohmann::json(text).dump().substr(0, 80).c_str());
    }
  }
  std::printf("    %s: %d of %d expected.json cases tokenize as the tokenizers package does\n", tok.c_str(), n - bad, n);
  return bad;
}

}  // namespace

DSW_TEST(real_tokenizer_json_vocabularies_tokenize_alike) {
  {
    GgufExportReport r;
    const fs::path g = export_with_real_tokenizer("deepseek-v3", "llama", 129280, r);
    CHECK_EQ(r.tokenizer_kind, std::string("hf_bpe"));
    CHECK_EQ(r.tokenizer_pre, std::string("deepseek-v3"));
    CHECK_EQ(compare_with_expected("deepseek-v3", g, false), 0);
  }
  {
    GgufExportReport r;
    const fs::path g = export_with_real_tokenizer("qwen2", "qwen2", 151936, r);
    CHECK_EQ(r.tokenizer_pre, std::string("qwen2"));
    auto gg = GgufFile::open(g);
    REQUIRE_OK(gg);
    // Ids past the 151,646 the tokenizer defines are [PAD] fillers of type unused.
    const GgufValue* tokens = gg->find("tokenizer.ggml.tokens");
    REQUIRE(tokens && tokens->array_size() == 151936);
    CHECK_EQ(std::string(tokens->at(151900).as_string().value_or("")), std::string("[PAD151900]"));
    CHECK_EQ(gg->get_int("tokenizer.ggml.eos_token_id").value_or(-1), 151645);      // <|im_end|>
    CHECK_EQ(gg->get_int("tokenizer.ggml.padding_token_id").value_or(-1), 151643);  // <|endoftext|>
    CHECK(gg->get_string("tokenizer.chat_template").value_or("").find("<|im_start|>") != std::string_view::npos);
    // GGUF vocabularies carry no normaliser and llama.cpp does not NFC-normalise qwen2 input:
    // texts with decomposed characters (22 of 369) tokenize differently there, as in llama.cpp.
    CHECK_EQ(compare_with_expected("qwen2", g, true), 0);
  }
}
