// tokenizer.json parity with the `tokenizers` package: the DeepSeek-V3-style and Qwen2-style
// fixtures in tests/fixtures/tokenizers (tests/scripts/make_tokenizer_fixtures.py) are encoded and
// decoded case by case -- ids exact, text exact -- plus BOS handling with DeepSeek-R1's
// tokenizer_config.json, concurrent encoding, and load/encode timings.
#include "check.h"

#include <dsw/tokenizer.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

fs::path fixture_dir(const std::string& name) { return test::source_dir() / "tests" / "fixtures" / "tokenizers" / name; }

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<int32_t> ids_of(const nlohmann::json& j) { return j.get<std::vector<int32_t>>(); }

std::string show(const std::vector<int32_t>& v) {
  std::string s;
  for (auto i : v) s += std::to_string(i) + " ";
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void check_parity(const std::string& name) {
  auto t0 = std::chrono::steady_clock::now();
  auto tok = load_tokenizer(fixture_dir(name));
  REQUIRE_OK(tok);
  std::printf("    %s: loaded in %.3f s, vocab %d\n", name.c_str(), seconds_since(t0), (*tok)->vocab_size());
  auto doc = nlohmann::json::parse(read_text(fixture_dir(name) / "expected.json"));
  int n = 0, bad = 0;
  for (const auto& c : doc["cases"]) {
    std::string text = c["text"].get<std::string>();
    auto plain = (*tok)->encode(text, {.add_special = false, .parse_special = true});
    auto with_special = (*tok)->encode(text, {});
    auto no_parse = (*tok)->encode(text, {.add_special = false, .parse_special = false});
    REQUIRE_OK(plain);
    REQUIRE_OK(with_special);
    REQUIRE_OK(no_parse);
    bool ok = *plain == ids_of(c["ids"]) && *with_special == ids_of(c["ids_add_special"]) &&
              *no_parse == ids_of(c["ids_no_parse_special"]);
    auto ids = ids_of(c["ids"]);
    std::string decoded = (*tok)->decode(ids);
    std::string decoded_skip = (*tok)->decode(ids, {.skip_special = true});
    ok = ok && decoded == c["decoded"].get<std::string>() && decoded_skip == c["decoded_skip_special"].get<std::string>();
    if (!ok && bad++ < 5) {
      std::printf("    case %d %s\n      want %s\n      got  %s\n", n, nlohmann::json(text).dump().substr(0, 120).c_str(),
                  show(ids).c_str(), show(*plain).c_str());
    }
    CHECK(ok);
    ++n;
  }
  std::printf("    %s: %d cases, %d mismatches\n", name.c_str(), n, bad);
  CHECK(n >= 300);
  for (const auto& s : doc["single_token_decode"]) {
    int32_t id = s["id"].get<int32_t>();
    CHECK_EQ((*tok)->decode(std::vector<int32_t>{id}), s["decoded"].get<std::string>());
  }
}

}  // namespace

DSW_TEST(deepseek_v3_matches_tokenizers_package) { check_parity("deepseek-v3"); }
DSW_TEST(qwen2_matches_tokenizers_package) { check_parity("qwen2"); }

DSW_TEST(qwen2_has_no_bos_and_stops_on_im_end) {
  auto tok = load_tokenizer(fixture_dir("qwen2"));
  REQUIRE_OK(tok);
  CHECK(!(*tok)->bos_id().has_value());
  CHECK(!(*tok)->adds_bos());
  CHECK_EQ((*tok)->eos_id().value_or(-1), 151645);
  CHECK_EQ((*tok)->token_id("<|im_start|>").value_or(-1), 151644);
  CHECK((*tok)->is_special(151643));
  CHECK(!(*tok)->chat_template().empty());
}

// LlamaTokenizerFast semantics (tokenizer.md §6): DeepSeek-R1's tokenizer_config.json says
// add_bos_token, so encode() prepends <｜begin▁of▁sentence｜> (id 0) and never appends EOS; its
// eos token is the one stop id.
DSW_TEST(r1_config_adds_bos) {
  fs::path dir = test::temp_dir();
  fs::copy_file(fixture_dir("deepseek-v3") / "tokenizer.json", dir / "tokenizer.json");
  auto cfg = test::data_file("configs/deepseek-r1/tokenizer_config.json");
  fs::copy_file(cfg, dir / "tokenizer_config.json");
  auto tok = load_tokenizer(dir);
  REQUIRE_OK(tok);
  CHECK((*tok)->adds_bos());
  CHECK(!(*tok)->adds_eos());
  CHECK_EQ((*tok)->bos_id().value_or(-1), 0);
  CHECK_EQ((*tok)->eos_id().value_or(-1), 1);
  CHECK_EQ((*tok)->stop_ids(), std::vector<int32_t>{1});
  CHECK((*tok)->chat_template().find("<\xEF\xBD\x9CUser\xEF\xBD\x9C>") != std::string::npos);
  auto doc = nlohmann::json::parse(read_text(fixture_dir("deepseek-v3") / "expected.json"));
  int n = 0;
  for (const auto& c : doc["cases"]) {
    auto ids = (*tok)->encode(c["text"].get<std::string>());
    REQUIRE_OK(ids);
    std::vector<int32_t> want = {0};
    for (int32_t i : ids_of(c["ids"])) want.push_back(i);
    CHECK(*ids == want);
    if (++n == 50) break;
  }
}

DSW_TEST(concurrent_encoding_gives_the_same_ids) {
  auto tok = load_tokenizer(fixture_dir("deepseek-v3"));
  REQUIRE_OK(tok);
  auto doc = nlohmann::json::parse(read_text(fixture_dir("deepseek-v3") / "expected.json"));
  std::vector<std::string> texts;
  std::vector<std::vector<int32_t>> want;
  for (const auto& c : doc["cases"]) {
    texts.push_back(c["text"].get<std::string>());
    want.push_back(ids_of(c["ids"]));
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round)
        for (size_t i = (size_t(t) * 7) % texts.size(), k = 0; k < texts.size(); ++k, i = (i + 1) % texts.size()) {
          auto ids = (*tok)->encode(texts[i], {.add_special = false});
          if (!ids.is_ok() || *ids != want[i]) ++mismatches;
        }
    });
  for (auto& th : threads) th.join();
  CHECK_EQ(mismatches.load(), 0);
}

DSW_TEST(encode_speed_on_tinystories) {
  std::string text = read_text(test::data_file("eval/tinystories/TinyStories-valid.first22stories.txt"));
  for (const char* name : {"deepseek-v3", "qwen2"}) {
    auto tok = load_tokenizer(fixture_dir(name));
    REQUIRE_OK(tok);
    auto t0 = std::chrono::steady_clock::now();
    auto cold = (*tok)->encode(text, {.add_special = false});
    double cold_s = seconds_since(t0);
    REQUIRE_OK(cold);
    t0 = std::chrono::steady_clock::now();
    auto warm = (*tok)->encode(text, {.add_special = false});
    double warm_s = seconds_since(t0);
    REQUIRE_OK(warm);
    CHECK(*cold == *warm);
    CHECK_EQ((*tok)->decode(*warm), text);
    std::printf("    %s: %zu bytes -> %zu tokens, first encode %.2f ms, cached %.2f ms\n", name, text.size(), warm->size(),
                cold_s * 1e3, warm_s * 1e3);
  }
}
