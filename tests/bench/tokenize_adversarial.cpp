// tokenize_adversarial SOURCE_DIR [DATA_DIR]: tokenization time of adversarial inputs of 50, 100
// and 200 KB with the real Qwen2 and DeepSeek-V3 tokenizer.json files (tests/fixtures) and, when
// DATA_DIR has it, the deepseek-llm GGUF vocabulary; then the same tokenizer.json carrying a Split
// pattern whose total time is quadratic. Linear time means the 200 KB time is about four times
// the 50 KB one. Median of three runs, encode only (the tokenizer is loaded once per case).
// The figures are in docs/reliability.md.
#include <dsw/tokenizer.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string repeat(const std::string& unit, size_t bytes, const std::string& prefix = "", const std::string& suffix = "") {
  std::string s = prefix;
  while (s.size() + unit.size() + suffix.size() <= bytes) s += unit;
  return s + suffix;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Case {
  std::string name;
  std::function<dsw::Result<std::unique_ptr<dsw::Tokenizer>>()> load;
  std::function<std::string(size_t)> input;
};

void run(const Case& c) {
  auto t0 = std::chrono::steady_clock::now();
  auto tok = c.load();
  const double load_s = seconds_since(t0);
  if (!tok.is_ok()) {
    std::printf("| %s | refused at load in %.0f ms: %.90s... |||\n", c.name.c_str(), load_s * 1000, tok.status().message().c_str());
    return;
  }
  double ms[3] = {};
  std::string outcome = "ok";
  const size_t sizes[3] = {50'000, 100'000, 200'000};
  for (int k = 0; k < 3; ++k) {
    const std::string text = c.input(sizes[k]);
    std::vector<double> runs;
    for (int r = 0; r < 3; ++r) {
      auto t = std::chrono::steady_clock::now();
      auto ids = (*tok)->encode(text, {.add_special = false, .parse_special = false});
      runs.push_back(seconds_since(t));
      if (!ids.is_ok()) outcome = "refused: " + ids.status().message().substr(ids.status().message().find("regex"), 70) + "...";
    }
    std::sort(runs.begin(), runs.end());
    ms[k] = runs[1] * 1000;
  }
  std::printf("| %s | %.1f | %.1f | %.1f | %.2f | %s |\n", c.name.c_str(), ms[0], ms[1], ms[2], ms[2] / std::max(ms[0], 1e-3),
              outcome.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: tokenize_adversarial SOURCE_DIR [DATA_DIR]\n");
    return 2;
  }
  const fs::path src = argv[1];
  const fs::path qwen2 = src / "tests/fixtures/tokenizers/qwen2/tokenizer.json";
  const fs::path v3 = src / "tests/fixtures/tokenizers/deepseek-v3/tokenizer.json";
  auto file = [](fs::path p) { return [p] { return dsw::load_tokenizer(p); }; };
  // DeepSeek-V3's tokenizer.json with its third Split pattern replaced.
  auto v3_with = [&](std::string pattern) {
    return [&v3, pattern] {
      json j = json::parse(read(v3));
      j["pre_tokenizer"]["pretokenizers"][2]["pattern"]["Regex"] = pattern;
      return dsw::tokenizer_from_json(j.dump(), "deepseek-v3 tokenizer.json with Split '" + pattern + "'");
    };
  };
  const std::string acute = "\xCC\x81", grave_below = "\xCC\x96";  // U+0301 (class 230), U+0316 (220)
  std::vector<Case> cases = {
      {"Qwen2, NFC: one run of combining marks (230, 220, ...)", file(qwen2), [&](size_t n) { return repeat(acute + grave_below, n, "a"); }},
      {"Qwen2, NFC: five mark classes", file(qwen2),
       [&](size_t n) { return repeat(acute + "\xCC\xB4\xD6\xB0" + grave_below + "\xCC\x95", n, "e"); }},
      {"Qwen2: spaces and tabs, then a digit", file(qwen2), [](size_t n) { return repeat(" \t", n, "", "1"); }},
      {"Qwen2: space-newline pairs", file(qwen2), [](size_t n) { return repeat(" \n", n); }},
      {"DeepSeek-V3: spaces, then a digit", file(v3), [](size_t n) { return repeat(" ", n, "", "1"); }},
      {"DeepSeek-V3: space + combining mark pairs", file(v3), [&](size_t n) { return repeat(" " + acute, n); }},
      {"DeepSeek-V3: punctuation run", file(v3), [](size_t n) { return repeat("!", n); }},
      {"DeepSeek-V3: digits", file(v3), [](size_t n) { return repeat("1234567", n); }},
      {"DeepSeek-V3 with Split \\s*[\\r\\n]+|\\s (quadratic)", v3_with("\\s*[\\r\\n]+|\\s"), [](size_t n) { return repeat(" ", n); }},
      {"DeepSeek-V3 with Split q*w|q|\\s|. (quadratic on q runs, not probed)", v3_with("q*w|q|\\s|."),
       [](size_t n) { return repeat("q", n); }},
  };
  if (argc > 2) {
    const fs::path llm = fs::path(argv[2]) / "tokenizers/deepseek-llm/ggml-vocab-deepseek-llm.gguf";
    if (fs::exists(llm)) cases.push_back({"deepseek-llm GGUF (\\s+$ step): spaces, then a digit", file(llm),
                                          [](size_t n) { return repeat(" ", n, "", "1"); }});
  }
  std::printf("| input | 50 KB ms | 100 KB ms | 200 KB ms | 200/50 | result |\n|---|---|---|---|---|---|\n");
  for (const auto& c : cases) run(c);
  return 0;
}
