// Training data on real files: GSM8K question/answer pairs rendered with a chat template have the
// prompt masked and exactly the answer (+ EOS) scored; multi-turn chats score only assistant turns;
// plain text packs into full rows; the eval split is the tail of the examples.
#include "check.h"

#include "core/error.h"
#include "train/data.h"

#include <dsw/tokenizer.h>

#include <fstream>

using namespace dsw;
using namespace dsw::test;
using namespace dsw::train;

namespace {

std::unique_ptr<Tokenizer> stories_tokenizer() {
  auto t = load_tokenizer(data_file("models/stories260K-hf/tokenizer.model"));
  REQUIRE_OK(t);
  return std::move(t).value();
}

std::string scored_text(const Tokenizer& tok, const Row& r) {
  std::vector<int32_t> ids;
  for (size_t i = 0; i < r.labels.size(); ++i)
    if (r.labels[i] != -100) ids.push_back(r.labels[i]);
  return tok.decode(ids, {.skip_special = true});
}

}  // namespace

DSW_TEST(gsm8k_prompt_is_masked_and_answer_scored) {
  auto tok = stories_tokenizer();
  DataConfig c;
  c.path = data_file("eval/gsm8k/train.jsonl");
  c.format = DataFormat::prompt_response;
  c.max_examples = 20;
  c.seq_len = 1024;
  c.eval_fraction = 0.1;
  Dataset d = build_dataset(c, *tok, ChatFamily::plain);
  CHECK_EQ(d.train.size(), size_t(18));
  CHECK_EQ(d.eval.size(), size_t(2));
  std::ifstream in(c.path);
  std::string first;
  std::getline(in, first);
  const Row& r = d.train[0];
  // Labels start masked (template + question), then the answer; padding is masked again.
  CHECK_EQ(r.labels[0], -100);
  const std::string scored = scored_text(*tok, r);
  CHECK(first.find("\"answer\"") != std::string::npos);
  CHECK(!scored.empty());
  CHECK(first.find(scored.substr(0, 30)) != std::string::npos);  // the answer's opening words
  CHECK(scored.find("How many clips") == std::string::npos);  // the question is not scored
  const std::string all = tok->decode(r.tokens, {.skip_special = true});
  CHECK(all.rfind("user: ", 0) == 0);  // the plain template renders "user: question\nassistant: answer\n"
}

DSW_TEST(chat_scores_only_assistant_turns) {
  auto tok = stories_tokenizer();
  const auto p = temp_dir() / "chat.jsonl";
  std::ofstream(p) << R"({"messages": [{"role": "user", "content": "Hi there"}, {"role": "assistant", "content": "Hello friend"},)"
                   << R"( {"role": "user", "content": "Tell a story"}, {"role": "assistant", "content": "Once upon a time"}]})" << "\n";
  DataConfig c;
  c.path = p;
  c.format = DataFormat::chat;
  c.eval_fraction = 0;
  Dataset d = build_dataset(c, *tok, ChatFamily::plain);
  REQUIRE(d.train.size() == 1);
  const std::string scored = scored_text(*tok, d.train[0]);
  CHECK(scored.find("Hello friend") != std::string::npos);
  CHECK(scored.find("Once upon a time") != std::string::npos);
  CHECK(scored.find("Hi there") == std::string::npos);
  CHECK(scored.find("Tell a story") == std::string::npos);
}

DSW_TEST(text_packs_into_full_rows) {
  auto tok = stories_tokenizer();
  DataConfig c;
  c.path = data_file("eval/tinystories/TinyStories-valid.first22stories.txt");
  c.seq_len = 128;
  c.eval_fraction = 0.25;
  Dataset d = build_dataset(c, *tok, ChatFamily::plain);
  CHECK_EQ(d.examples, int64_t(22));
  CHECK(d.train.size() > 10);
  CHECK(!d.eval.empty());
  for (auto& r : d.train) {
    CHECK_EQ(r.tokens.size(), size_t(128));
    CHECK(r.labels == r.tokens);
  }
}

DSW_TEST(bad_data_is_refused_with_line_numbers) {
  auto tok = stories_tokenizer();
  const auto p = temp_dir() / "bad.jsonl";
  std::ofstream(p) << R"({"question": "a", "answer": "b"})" << "\n" << R"({"question": "a"})" << "\n";
  DataConfig c;
  c.path = p;
  c.format = DataFormat::prompt_response;
  try {
    build_dataset(c, *tok, ChatFamily::plain);
    CHECK(false);
  } catch (const Error& e) {
    std::printf("    %s\n", e.what());
    CHECK(std::string(e.what()).find("line 2") != std::string::npos);
    CHECK(std::string(e.what()).find("'answer'") != std::string::npos);
  }
}
