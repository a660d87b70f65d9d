// Writing tiny models for tests (see tiny_model.h); no test harness here, so GUI tests link it too.
#include "tiny_model.h"

#include <dsw/make_model.h>

#include <nlohmann/json.hpp>

#include <fstream>

namespace dsw::test {
namespace {

// GPT-2's byte -> printable character map used by ByteLevel pre-tokenizers.
std::string byte_char(int b) {
  static const std::vector<std::string> table = [] {
    std::vector<int> keep;
    for (int c = '!'; c <= '~'; ++c) keep.push_back(c);
    for (int c = 0xA1; c <= 0xAC; ++c) keep.push_back(c);
    for (int c = 0xAE; c <= 0xFF; ++c) keep.push_back(c);
    std::vector<int> cp(256, -1);
    for (int c : keep) cp[size_t(c)] = c;
    int n = 0;
    for (int c = 0; c < 256; ++c)
      if (cp[size_t(c)] < 0) cp[size_t(c)] = 256 + n++;
    std::vector<std::string> out;
    for (int c = 0; c < 256; ++c) {
      const int u = cp[size_t(c)];
      std::string s;
      if (u < 0x80) s += char(u);
      else if (u < 0x800) s += char(0xC0 | (u >> 6)), s += char(0x80 | (u & 0x3F));
      else s += char(0xE0 | (u >> 12)), s += char(0x80 | ((u >> 6) & 0x3F)), s += char(0x80 | (u & 0x3F));
      out.push_back(s);
    }
    return out;
  }();
  return table[size_t(b)];
}

}  // namespace

const std::vector<std::string>& tiny_architectures() {
  static const std::vector<std::string> a = {"llama", "qwen2", "deepseek", "deepseek_v2", "deepseek_v3"};
  return a;
}

void write_tiny_tokenizer(const std::filesystem::path& dir) {
  using json = nlohmann::json;
  json vocab = json::object();
  for (int b = 0; b < 256; ++b) vocab[byte_char(b)] = b;
  // A few merges so multi-byte tokens exist: "Ġt", "he", "Ġthe" after "Ġt"+"he"... kept simple.
  const std::vector<std::pair<std::string, std::string>> merges = {
      {byte_char(' '), "t"}, {"h", "e"}, {byte_char(' ') + "t", "he"}, {"i", "n"}, {"o", "n"}};
  json merge_list = json::array();
  int next = 258;
  for (auto& [a, b] : merges) {
    vocab[a + b] = next++;
    merge_list.push_back(json::array({a, b}));
  }
  json tok = {
      {"version", "1.0"},
      {"added_tokens",
       json::array({{{"id", 256}, {"content", "<s>"}, {"single_word", false}, {"lstrip", false}, {"rstrip", false},
                     {"normalized", false}, {"special", true}},
                    {{"id", 257}, {"content", "</s>"}, {"single_word", false}, {"lstrip", false}, {"rstrip", false},
                     {"normalized", false}, {"special", true}}})},
      {"normalizer", nullptr},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
      {"post_processor", nullptr},
      {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
      {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"vocab", vocab}, {"merges", merge_list}}}};
  std::ofstream(dir / "tokenizer.json") << tok.dump();
  json cfg = {{"bos_token", "<s>"}, {"eos_token", "</s>"}, {"add_bos_token", true}, {"add_eos_token", false}};
  std::ofstream(dir / "tokenizer_config.json") << cfg.dump();
}

Status write_tiny_model(const std::string& arch, uint64_t seed, const std::filesystem::path& dir) {
  auto config = preset_config(arch, "tiny");
  if (!config.is_ok()) return config.status();
  config->vocab_size = 300;
  config->bos_token_id = 256;
  config->eos_token_ids = {257};
  MakeModelOptions o;
  o.seed = seed;
  o.dtype = DType::f32;
  if (auto s = make_random_model(*config, o, dir); !s.is_ok()) return s;
  write_tiny_tokenizer(dir);
  return Status::ok();
}

}  // namespace dsw::test
