// The real trained stories260K, from both its llama2.c checkpoint and its Hugging Face folder:
// greedy generation from BOS reproduces the published sample (llama2.c's run.c, 256 steps),
// sampling is reproducible for a seed, cancellation stops within one token, and perplexity on
// the TinyStories excerpt is stable.
#include "check.h"

#include <dsw/generate.h>
#include <dsw/model.h>
#include <dsw/perplexity.h>
#include <dsw/session.h>
#include <dsw/tokenizer.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

using namespace dsw;
using namespace dsw::test;

namespace {

// The text block following the run.c command with "-t 0.0" in stories260K.md.
std::string published_sample() {
  std::ifstream in(data_file("models/stories260K/stories260K.md"));
  std::string line, text;
  bool in_block = false, found = false;
  while (std::getline(in, line)) {
    if (!found && line.find("-t 0.0") != std::string::npos && line.find("./run") != std::string::npos) {
      found = in_block = true;
      continue;
    }
    if (in_block) {
      if (line.rfind("```", 0) == 0) break;
      text += (text.empty() ? "" : "\n") + line;
    }
  }
  REQUIRE(!text.empty());
  return text;
}

struct Loaded {
  std::shared_ptr<Model> model;
  std::unique_ptr<Tokenizer> tokenizer;
};

Loaded load(const std::string& model_path, const std::string& tokenizer_path) {
  auto files = open_model(data_file(model_path));
  REQUIRE_OK(files);
  auto tok = load_tokenizer(data_file(tokenizer_path));
  REQUIRE_OK(tok);
  auto m = Model::load(std::move(files).value(), {});
  REQUIRE_OK(m);
  return {std::move(m).value(), std::move(tok).value()};
}

std::string greedy_from_bos(const Loaded& l, int64_t max_tokens) {
  auto s = Session::create(l.model, {.n_ctx = 512});
  REQUIRE_OK(s);
  GenerateOptions o;
  o.max_tokens = max_tokens;
  o.sampling.greedy = true;
  o.stop_ids = {1};  // run.c stops when the model emits BOS
  std::string streamed;
  auto r = generate(**s, *l.tokenizer, {*l.tokenizer->bos_id()}, o, [&](const GeneratedToken& g) {
    streamed += g.text;
    return true;
  });
  REQUIRE_OK(r);
  CHECK_EQ(streamed, r->text);  // the stream adds up to the final text
  return r->text;
}

void check_sample(const std::string& model, const std::string& tokenizer) {
  Loaded l = load(model, tokenizer);
  const std::string expected = published_sample();
  std::string got = greedy_from_bos(l, 256);  // run.c: 256 forwards from BOS, each printing its successor
  while (!got.empty() && (got.back() == '\n' || got.back() == ' ')) got.pop_back();
  if (got != expected) std::printf("    got:      %s\n    expected: %s\n", got.substr(0, 300).c_str(), expected.substr(0, 300).c_str());
  CHECK_EQ(got, expected);
}

}  // namespace

DSW_TEST(llama2c_checkpoint_reproduces_the_published_sample) {
  check_sample("models/stories260K/stories260K.bin", "models/stories260K/tok512.bin");
}

DSW_TEST(hf_folder_reproduces_the_published_sample) {
  check_sample("models/stories260K-hf", "models/stories260K-hf/tokenizer.model");
}

DSW_TEST(seeded_sampling_is_reproducible) {
  Loaded l = load("models/stories260K-hf", "models/stories260K-hf/tokenizer.model");
  auto run = [&](uint64_t seed) {
    auto s = Session::create(l.model, {.n_ctx = 256});
    REQUIRE_OK(s);
    GenerateOptions o;
    o.max_tokens = 60;
    o.sampling = {.temperature = 1.0f, .top_k = 0, .top_p = 0.9f, .min_p = 0.0f, .seed = seed};
    auto r = generate(**s, *l.tokenizer, {1}, o);
    REQUIRE_OK(r);
    return r->tokens;
  };
  CHECK(run(133742) == run(133742));
  CHECK(run(133742) != run(7));
}

DSW_TEST(cancel_stops_within_one_token) {
  Loaded l = load("models/stories260K-hf", "models/stories260K-hf/tokenizer.model");
  auto s = Session::create(l.model, {.n_ctx = 256});
  REQUIRE_OK(s);
  std::atomic<bool> cancel{false};
  JobContext job;
  job.cancel = &cancel;
  GenerateOptions o;
  o.max_tokens = 200;
  o.sampling.greedy = true;
  int64_t seen = 0;
  auto r = generate(**s, *l.tokenizer, {1}, o, [&](const GeneratedToken& g) {
    if (g.id >= 0 && ++seen == 10) cancel = true;  // the user presses Stop after token 10
    return true;
  }, job);
  REQUIRE_OK(r);
  CHECK(r->reason == StopReason::cancelled);
  CHECK_EQ(int64_t(r->tokens.size()), int64_t(10));  // no token after the request
}

DSW_TEST(stop_strings_cut_the_text) {
  Loaded l = load("models/stories260K-hf", "models/stories260K-hf/tokenizer.model");
  auto s = Session::create(l.model, {.n_ctx = 256});
  REQUIRE_OK(s);
  GenerateOptions o;
  o.max_tokens = 200;
  o.sampling.greedy = true;
  o.stop_strings = {"Lily"};
  std::string streamed;
  auto r = generate(**s, *l.tokenizer, {1}, o, [&](const GeneratedToken& g) {
    streamed += g.text;
    return true;
  });
  REQUIRE_OK(r);
  CHECK(r->reason == StopReason::stop_string);
  CHECK_EQ(r->text, std::string("Once upon a time, there was a little girl named "));
  CHECK_EQ(streamed, r->text);  // the held-back "Lil..." never reached the stream
}

DSW_TEST(perplexity_on_tinystories) {
  Loaded l = load("models/stories260K-hf", "models/stories260K-hf/tokenizer.model");
  std::ifstream in(data_file("eval/tinystories/TinyStories-valid.first22stories.txt"));
  std::stringstream ss;
  ss << in.rdbuf();
  auto ids = l.tokenizer->encode(ss.str());
  REQUIRE_OK(ids);
  auto s = Session::create(l.model, {.n_ctx = 256, .n_seq = 1, .n_batch = 256});
  REQUIRE_OK(s);
  PerplexityOptions po;
  po.ctx = 256;
  po.bos = 1;
  auto chunks = perplexity(**s, *ids, po);
  REQUIRE_OK(chunks);
  po.mode = PerplexityMode::sliding;
  po.stride = 128;
  auto sliding = perplexity(**s, *ids, po);
  REQUIRE_OK(sliding);
  std::printf("    PPL chunks %.4f (%lld tokens), sliding %.4f (%lld tokens)\n", chunks->ppl, (long long)chunks->tokens_scored,
              sliding->ppl, (long long)sliding->tokens_scored);
  // A trained model: far below the vocabulary size, and both conventions close to each other.
  CHECK(chunks->ppl > 2.0 && chunks->ppl < 12.0);
  CHECK(std::fabs(std::log(chunks->ppl / sliding->ppl)) < 0.3);
  CHECK_EQ(sliding->tokens_scored, int64_t(ids->size()) - 1);
}
