// Chat templates: every family renders byte for byte what transformers renders with the real
// Jinja template (tests/fixtures/chat, written by tests/scripts/make_chat_fixtures.py), and the
// family is detected from the template text.
#include "check.h"

#include <dsw/chat_template.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace dsw;

namespace {

nlohmann::json load_fixture(const std::string& name) {
  auto path = test::source_dir() / "tests" / "fixtures" / "chat" / (name + ".json");
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

void check_fixture(const std::string& name) {
  auto doc = load_fixture(name);
  auto family = chat_family_from_name(doc["family"].get<std::string>());
  REQUIRE(family.has_value());
  CHECK_EQ(chat_family_name(detect_chat_family(doc["template"].get<std::string>())), chat_family_name(*family));
  int checked = 0;
  for (const auto& r : doc["renders"]) {
    std::vector<ChatMessage> messages;
    for (const auto& m : r["messages"]) messages.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
    ChatRenderOptions options;
    options.add_generation_prompt = r["add_generation_prompt"].get<bool>();
    options.bos_token = doc["bos_token"].get<std::string>();
    options.eos_token = doc["eos_token"].get<std::string>();
    auto text = render_chat(*family, messages, options);
    REQUIRE_OK(text);
    std::string want = r["text"].get<std::string>();
    if (*text != want) {
      std::printf("    %s render %d differs:\n      want: %s\n      got:  %s\n", name.c_str(), checked, want.c_str(), text->c_str());
      CHECK(*text == want);
    }
    ++checked;
  }
  CHECK_EQ(checked, 16);
}

}  // namespace

DSW_TEST(deepseek_v3_matches_transformers) { check_fixture("deepseek-v3"); }
DSW_TEST(deepseek_r1_first_release_is_the_v3_template) { check_fixture("deepseek-r1-0120"); }
DSW_TEST(deepseek_r1_matches_transformers) { check_fixture("deepseek-r1"); }
DSW_TEST(r1_distill_qwen_matches_transformers) { check_fixture("r1-distill-qwen"); }
DSW_TEST(deepseek_llm_matches_transformers) { check_fixture("deepseek-llm"); }
DSW_TEST(deepseek_coder_matches_transformers) { check_fixture("deepseek-coder"); }
DSW_TEST(qwen2_chatml_matches_transformers) { check_fixture("qwen2-chatml"); }

DSW_TEST(family_names_round_trip) {
  for (auto f : {ChatFamily::deepseek_coder, ChatFamily::deepseek_llm, ChatFamily::deepseek_v3, ChatFamily::deepseek_r1,
                 ChatFamily::r1_distill, ChatFamily::chatml, ChatFamily::plain}) {
    auto back = chat_family_from_name(chat_family_name(f));
    REQUIRE(back.has_value());
    CHECK(*back == f);
  }
  CHECK(!chat_family_from_name("jinja").has_value());
}

DSW_TEST(detection_falls_back_to_plain) {
  CHECK(detect_chat_family("") == ChatFamily::plain);
  CHECK(detect_chat_family("{% for m in messages %}{{ m['content'] }}{% endfor %}") == ChatFamily::plain);
  auto text = render_chat(ChatFamily::plain, {{"user", "hi"}, {"assistant", "yo"}}, {});
  REQUIRE_OK(text);
  CHECK_EQ(*text, std::string("user: hi\nassistant: yo\nassistant: "));
}
