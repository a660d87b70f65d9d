// Runner: the one way dsw and dsw-cli open a model. Stop ids from config.json and
// generation_config.json (checked against the vocabulary), the chat-format fallback per
// architecture, prompts, default threads, and the benchmark suites' row fields.
#include "check.h"
#include "tiny_model.h"

#include <dsw/runner.h>
#include <dsw/thread_pool.h>

#include <fstream>

using namespace dsw;

namespace {

std::unique_ptr<Runner> open_dir(const std::filesystem::path& dir, bool require_tokenizer = true) {
  RunnerOptions o;
  o.require_tokenizer = require_tokenizer;
  o.device.n_threads = 1;
  auto r = Runner::open(dir, o);
  REQUIRE_OK(r);
  return std::move(r).value();
}

// A copy of a tiny model folder (files are small) that a test may change.
std::filesystem::path copy_of(const std::string& arch) {
  auto dir = test::temp_dir() / ("copy-" + arch);
  std::filesystem::copy(test::tiny_model_dir(arch), dir, std::filesystem::copy_options::recursive);
  return dir;
}

}  // namespace

DSW_TEST(chat_format_falls_back_to_the_architecture) {
  // The tiny tokenizer has no chat template: every architecture gets its own format, in both
  // front ends (they both call Runner::chat_prompt).
  const std::vector<std::pair<std::string, ChatFamily>> want = {{"llama", ChatFamily::plain},
                                                                {"qwen2", ChatFamily::chatml},
                                                                {"deepseek", ChatFamily::deepseek_llm},
                                                                {"deepseek_v2", ChatFamily::deepseek_llm},
                                                                {"deepseek_v3", ChatFamily::deepseek_v3}};
  for (const auto& [arch, family] : want) {
    auto r = open_dir(test::tiny_model_dir(arch));
    CHECK(r->chat_family() == family);
    CHECK(!r->chat_template_from_file());
    const std::vector<ChatMessage> messages = {{"system", "Be brief."}, {"user", "Hi there"}};
    auto ids = r->chat_prompt(messages);
    REQUIRE_OK(ids);
    // The same ids as rendering the family by hand and encoding with special tokens parsed.
    ChatRenderOptions ro;
    ro.bos_token = "<s>";
    ro.eos_token = "</s>";
    auto text = render_chat(family, messages, ro);
    REQUIRE_OK(text);
    auto manual = r->tokenizer()->encode(*text, {.add_special = false, .parse_special = true});
    REQUIRE_OK(manual);
    CHECK(*ids == *manual);
  }
}

DSW_TEST(stop_ids_come_from_config_and_generation_config) {
  auto dir = copy_of("llama");
  std::ofstream(dir / "generation_config.json") << R"({"eos_token_id": [257, 65]})";
  auto r = open_dir(dir);
  const auto& stops = r->tokenizer()->stop_ids();
  CHECK(std::find(stops.begin(), stops.end(), 257) != stops.end());
  CHECK(std::find(stops.begin(), stops.end(), 65) != stops.end());
  // An id outside the tokenizer's vocabulary names the file and both sizes.
  std::ofstream(dir / "generation_config.json") << R"({"eos_token_id": 5000})";
  auto bad = Runner::open(dir, {.require_tokenizer = true});
  CHECK(bad.status().code() == StatusCode::invalid_input);
  CHECK(bad.status().message().find("generation_config.json") != std::string::npos);
  CHECK(bad.status().message().find("5000") != std::string::npos);
}

DSW_TEST(missing_tokenizer_is_an_error_only_when_required) {
  auto dir = copy_of("qwen2");
  std::filesystem::remove(dir / "tokenizer.json");
  std::filesystem::remove(dir / "tokenizer_config.json");
  auto r = open_dir(dir, false);
  CHECK(r->tokenizer() == nullptr);
  CHECK(r->chat_prompt({{"user", "x"}}).status().code() == StatusCode::unsupported);
  auto required = Runner::open(dir, {.require_tokenizer = true});
  CHECK(required.status().code() == StatusCode::io);
  CHECK(required.status().message().find("no tokenizer") != std::string::npos);
}

DSW_TEST(text_prompts) {
  auto r = open_dir(test::tiny_model_dir("deepseek_v2"));
  auto empty = r->text_prompt("");
  REQUIRE_OK(empty);
  CHECK(*empty == std::vector<int32_t>{256});
  auto ab = r->text_prompt("ab");
  REQUIRE_OK(ab);
  CHECK(*ab == (std::vector<int32_t>{256, 97, 98}));
}

DSW_TEST(default_threads_are_the_engines) {
  CHECK_EQ(default_thread_count(), hardware_threads());
  RunnerOptions o;  // no thread count given
  auto r = Runner::open(test::tiny_model_dir("llama"), o);
  REQUIRE_OK(r);
  CHECK_EQ((*r)->model()->device().n_threads, default_thread_count());
}

DSW_TEST(bench_rows_carry_load_time_label_and_hash) {
  auto r = open_dir(test::tiny_model_dir("llama"));
  BenchRequest req;
  req.speed.prompt_tokens = 8;
  req.speed.gen_tokens = 4;
  req.speed.reps = 1;
  req.speed.warmup = 0;
  req.speed.read_bandwidth_gbs = 1.0;  // skip the bandwidth probe
  req.label = "  tiny run ";
  auto rows = r->bench(req);
  REQUIRE_OK(rows);
  REQUIRE(rows->size() == 1);
  const BenchRow& row = rows->front();
  CHECK_EQ(row.label.value_or(""), std::string("tiny run"));
  CHECK_EQ(row.model_sha256.value_or("").size(), size_t(64));
  CHECK(row.load_s.value_or(0) > 0);
  req.suite = "nonsense";
  CHECK(r->bench(req).status().code() == StatusCode::invalid_input);
  req.suite = "perplexity";
  CHECK(r->bench(req).status().code() == StatusCode::invalid_input);  // no file
}
