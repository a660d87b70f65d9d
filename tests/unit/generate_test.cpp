// generate() and Session::truncate on tiny random models (no downloaded data): stop strings cut the
// text and are never streamed, held-back text reaches the stream exactly once, a full context and
// a cancel end generation with their reasons, stop ids end it, and truncating a sequence rewinds
// it to the state it had at that length.
#include "check.h"
#include "fixture.h"
#include "tiny_model.h"

#include <dsw/generate.h>
#include <dsw/runner.h>

#include <atomic>

using namespace dsw;

namespace {

std::unique_ptr<Runner> open_tiny(const std::string& arch, int64_t n_ctx = 0) {
  RunnerOptions o;
  o.require_tokenizer = true;
  o.device.n_threads = 1;
  o.n_ctx = n_ctx;
  auto r = Runner::open(test::tiny_model_dir(arch), o);
  REQUIRE_OK(r);
  return std::move(r).value();
}

GenerateOptions greedy(int64_t max_tokens) {
  GenerateOptions g;
  g.max_tokens = max_tokens;
  g.sampling.greedy = true;
  return g;
}

struct Streamed {
  std::string text;
  int pieces = 0;
};

}  // namespace

DSW_TEST(stop_string_cuts_the_text_and_is_never_streamed) {
  for (const auto& arch : test::tiny_architectures()) {
    auto r = open_tiny(arch);
    auto prompt = r->text_prompt("The quick brown fox");
    REQUIRE_OK(prompt);
    auto free_run = r->generate(*prompt, greedy(40));
    REQUIRE_OK(free_run);
    const std::string full = free_run->text;
    if (full.size() < 12) continue;  // a random model may stop early on its EOS
    // A stop string taken from the middle of the free-running text (two bytes, so it spans
    // tokens and part of it is held back before it completes).
    const size_t at = full.size() / 2;
    const std::string stop = full.substr(at, 2);
    const size_t first = full.find(stop);
    GenerateOptions g = greedy(40);
    g.stop_strings = {stop};
    Streamed s;
    auto cut = r->generate(*prompt, g, [&](const GeneratedToken& t) {
      s.text += t.text;
      ++s.pieces;
      return true;
    });
    REQUIRE_OK(cut);
    CHECK(cut->reason == StopReason::stop_string);
    CHECK_EQ(cut->text, full.substr(0, first));
    CHECK_EQ(s.text, cut->text);  // streamed exactly the kept text, nothing of the stop string
    CHECK(s.text.find(stop) == std::string::npos);
  }
}

DSW_TEST(held_back_text_is_streamed_once_when_no_stop_string_completes) {
  auto r = open_tiny("llama");
  auto prompt = r->text_prompt("Once upon");
  REQUIRE_OK(prompt);
  auto plain = r->generate(*prompt, greedy(30));
  REQUIRE_OK(plain);
  // Stop strings that start like the text but never complete: their prefixes are held back at
  // times and must all reach the stream by the end.
  GenerateOptions g = greedy(30);
  for (size_t i = 0; i + 1 < plain->text.size() && g.stop_strings.size() < 4; i += 5)
    g.stop_strings.push_back(plain->text.substr(i, 1) + "\x01\x02 never");
  Streamed s;
  auto run = r->generate(*prompt, g, [&](const GeneratedToken& t) {
    s.text += t.text;
    return true;
  });
  REQUIRE_OK(run);
  CHECK_EQ(run->text, plain->text);
  CHECK_EQ(s.text, plain->text);
  CHECK(run->tokens == plain->tokens);
}

DSW_TEST(context_full_ends_generation) {
  auto r = open_tiny("qwen2", 12);
  auto prompt = r->text_prompt("abcdefgh");  // BOS + 8 bytes = 9 tokens
  REQUIRE_OK(prompt);
  REQUIRE(prompt->size() == 9);
  GenerateOptions g = greedy(50);
  g.stop_ids = {};
  auto run = dsw::generate(r->session(), *r->tokenizer(), *prompt, g);
  REQUIRE_OK(run);
  if (run->reason != StopReason::eos) {
    CHECK(run->reason == StopReason::context_full);
    // The cache holds 12 positions: the prompt, then every generated token but the last.
    CHECK_EQ(int64_t(run->tokens.size()), int64_t(12 - 9 + 1));
    CHECK_EQ(r->session().length(0), int64_t(12));
  }
  // A prompt that does not fit is refused with both sizes.
  std::vector<int32_t> long_prompt(13, 65);
  auto refused = r->generate(long_prompt, greedy(4));
  CHECK(refused.status().code() == StatusCode::invalid_input);
  CHECK(refused.status().message().find("13 tokens") != std::string::npos);
  CHECK(refused.status().message().find("12") != std::string::npos);
}

DSW_TEST(cancel_stops_within_one_token) {
  auto r = open_tiny("deepseek_v3");
  auto prompt = r->text_prompt("Hello");
  REQUIRE_OK(prompt);
  std::atomic<bool> cancel{false};
  JobContext job;
  job.cancel = &cancel;
  int seen = 0;
  GenerateOptions g = greedy(64);
  g.stop_ids = {};
  auto run = r->generate(*prompt, g, [&](const GeneratedToken& t) {
    if (t.id >= 0 && ++seen == 3) cancel = true;
    return true;
  }, job);
  REQUIRE_OK(run);
  if (run->reason != StopReason::eos) {
    CHECK(run->reason == StopReason::cancelled);
    CHECK_EQ(run->tokens.size(), size_t(3));
  }
  // A callback returning false stops at once too.
  auto by_callback = r->generate(*prompt, g, [&](const GeneratedToken& t) { return t.index < 1; });
  REQUIRE_OK(by_callback);
  if (by_callback->reason != StopReason::eos) CHECK(by_callback->reason == StopReason::callback);
}

DSW_TEST(stop_ids_end_generation_before_the_token) {
  auto r = open_tiny("deepseek");
  auto prompt = r->text_prompt("Stop");
  REQUIRE_OK(prompt);
  auto first = r->generate(*prompt, greedy(1));
  REQUIRE_OK(first);
  if (first->tokens.empty()) return;  // the model's own EOS came first
  GenerateOptions g = greedy(10);
  g.stop_ids = {first->tokens[0]};
  auto run = r->generate(*prompt, g);
  REQUIRE_OK(run);
  CHECK(run->reason == StopReason::eos);
  CHECK(run->tokens.empty());
  CHECK(run->text.empty());
}

DSW_TEST(truncate_rewinds_a_sequence) {
  for (const auto& arch : test::tiny_architectures()) {
    auto model = test::load_tiny_model(arch, 1);
    auto session = Session::create(model, {.n_ctx = 32, .n_seq = 2});
    REQUIRE_OK(session);
    Session& s = **session;
    const std::vector<int32_t> ids = {256, 84, 104, 101, 32, 99, 97, 116, 32, 115};
    std::vector<float> all, again, tail;
    REQUIRE_OK(s.forward(Batch::sequence(ids, 0, 0, true), all));
    REQUIRE_OK(s.truncate(0, 5));
    CHECK_EQ(s.length(0), int64_t(5));
    const std::vector<int32_t> rest(ids.begin() + 5, ids.end());
    REQUIRE_OK(s.forward(Batch::sequence(rest, 5, 0, true), again));
    const int64_t V = s.vocab_size();
    REQUIRE(int64_t(again.size()) == 5 * V);
    CHECK(test::max_abs_diff(again.data(), all.data() + 5 * V, size_t(5 * V)) < 1e-5);
    // Out of range and unknown sequences are refused; nothing changes.
    CHECK(s.truncate(0, 11).code() == StatusCode::invalid_input);
    CHECK(s.truncate(0, -1).code() == StatusCode::invalid_input);
    CHECK(s.truncate(2, 0).code() == StatusCode::invalid_input);
    CHECK_EQ(s.length(0), int64_t(10));
    // Truncating to 0 empties it; the other sequence is untouched.
    REQUIRE_OK(s.forward(Batch::sequence({256, 65}, 0, 1), tail));
    REQUIRE_OK(s.truncate(0, 0));
    CHECK_EQ(s.length(0), int64_t(0));
    CHECK_EQ(s.length(1), int64_t(2));
  }
}
