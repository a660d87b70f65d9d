// The OpenAI request rules and bodies on plain strings: prompts through the Runner (text, token
// ids, chat messages), sampling fields, stop strings, limits with clear 4xx errors, response and
// stream chunk shapes, /v1/models, and the Prometheus page.
#include "check.h"
#include "tiny_model.h"

#include <dsw/runner.h>
#include <dsw/serve.h>

#include "http/openai_api.h"
#include "http/prometheus.h"

#include <nlohmann/json.hpp>

using namespace dsw;
using namespace dsw::http;
using nlohmann::json;

namespace {

std::shared_ptr<const ServedModel> version() {
  static std::shared_ptr<const ServedModel> v = [] {
    RunnerOptions o;
    o.require_tokenizer = true;
    o.device.n_threads = 1;
    o.n_ctx = 8;
    auto r = Runner::open(test::tiny_model_dir("llama"), o);
    REQUIRE_OK(r);
    auto m = make_served_model(std::shared_ptr<const Runner>(std::move(r).value()), "tiny");
    m->adapter_ids = {"tiny-lora"};
    return std::shared_ptr<const ServedModel>(m);
  }();
  return v;
}

ParsedRequest ok(Endpoint ep, const std::string& body, int64_t ctx = 128) {
  auto r = parse_request(ep, body, version(), ctx);
  if (auto* e = std::get_if<ApiError>(&r)) {
    CHECK_EQ(e->message, std::string("(no error)"));
    REQUIRE(false);
  }
  return std::get<ParsedRequest>(r);
}

ApiError refused(Endpoint ep, const std::string& body, int64_t ctx = 128) {
  auto r = parse_request(ep, body, version(), ctx);
  REQUIRE(std::holds_alternative<ApiError>(r));
  return std::get<ApiError>(r);
}

}  // namespace

DSW_TEST(completion_prompts_are_the_runner_prompts) {
  const Runner& runner = *version()->runner;
  auto text = ok(Endpoint::completions, R"({"model":"tiny","prompt":"Hello there","max_tokens":5})");
  CHECK(text.serve.prompt == *runner.text_prompt("Hello there"));
  CHECK_EQ(text.serve.max_tokens, int64_t(5));
  CHECK(!text.stream);
  CHECK_EQ(text.model, std::string("tiny"));
  CHECK(text.serve.adapter == -1);
  CHECK(ok(Endpoint::completions, R"({"prompt":["Hello there"]})").serve.prompt == text.serve.prompt);
  CHECK(ok(Endpoint::completions, R"({"prompt":[256,72,105]})").serve.prompt == (std::vector<int32_t>{256, 72, 105}));
  CHECK(ok(Endpoint::completions, R"({"prompt":[[256,72]]})").serve.prompt == (std::vector<int32_t>{256, 72}));
  CHECK(ok(Endpoint::completions, R"({"prompt":""})").serve.prompt == *runner.text_prompt(""));
  // The adapter is chosen by its model name.
  CHECK(ok(Endpoint::completions, R"({"model":"tiny-lora","prompt":"x"})").serve.adapter == 0);
}

DSW_TEST(chat_prompts_use_the_models_chat_format) {
  const Runner& runner = *version()->runner;
  auto r = ok(Endpoint::chat, R"({"messages":[{"role":"system","content":"Be brief."},
      {"role":"user","content":[{"type":"text","text":"Hi "},{"type":"text","text":"there"}]}],"stream":true,
      "stream_options":{"include_usage":true}})");
  CHECK(r.serve.prompt == *runner.chat_prompt({{"system", "Be brief."}, {"user", "Hi there"}}));
  CHECK(r.stream);
  CHECK(r.include_usage);
  CHECK(ok(Endpoint::chat, R"({"messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"Hi"}]})").serve.prompt ==
        *runner.chat_prompt({{"system", "Be brief."}, {"user", "Hi"}}));
}

DSW_TEST(sampling_fields_map_to_the_sampler) {
  auto d = ok(Endpoint::completions, R"({"prompt":"a"})");
  CHECK(!d.serve.sampling.greedy);
  CHECK_NEAR(d.serve.sampling.temperature, 1.0, 0);
  CHECK_NEAR(d.serve.sampling.top_p, 1.0, 0);
  CHECK_EQ(d.serve.sampling.top_k, 0);
  CHECK_EQ(d.serve.sampling.seed, uint64_t(0));
  auto g = ok(Endpoint::completions,
              R"({"prompt":"a","temperature":0,"top_p":0.5,"top_k":7,"min_p":0.1,"repetition_penalty":1.2,"seed":0,
                  "stop":["\n","END"],"ignore_eos":true,"frequency_penalty":0,"n":1,"logprobs":null,"user":"x"})");
  CHECK(g.serve.sampling.greedy);
  CHECK_NEAR(g.serve.sampling.top_p, 0.5, 0);
  CHECK_EQ(g.serve.sampling.top_k, 7);
  CHECK_NEAR(g.serve.sampling.repetition_penalty, 1.2, 1e-6);
  CHECK(g.serve.sampling.seed != 0);  // seed 0 is a fixed seed, not the clock
  CHECK(g.serve.stop_strings == (std::vector<std::string>{"\n", "END"}));
  CHECK(g.serve.ignore_eos);
  CHECK(ok(Endpoint::completions, R"({"prompt":"a","stop":"x"})").serve.stop_strings == std::vector<std::string>{"x"});
}

DSW_TEST(bad_requests_get_clear_4xx_errors) {
  struct Case {
    std::string body;
    int status;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"{\"prompt\": \"a\"", 400, "invalid JSON"},
      {"[1,2]", 400, "must be a JSON object"},
      {"", 400, "invalid JSON"},
      {std::string(200, '[') + std::string(200, ']'), 400, "invalid JSON"},  // nesting beyond the depth limit
      {R"({"prompt":"a","prompt":"b"})", 400, "duplicate"},
      {R"({"max_tokens":5})", 400, "'prompt' is required"},
      {R"({"prompt":"a","model":"gpt-4"})", 404, "does not exist"},
      {R"({"prompt":"a","temperature":"hot"})", 400, "'temperature' must be a number"},
      {R"({"prompt":"a","temperature":3})", 400, "'temperature' must be between"},
      {R"({"prompt":"a","max_tokens":0})", 400, "'max_tokens' must be between"},
      {R"({"prompt":"a","max_tokens":1.5})", 400, "'max_tokens' must be an integer"},
      {R"({"prompt":"a","max_tokens":100000})", 400, "maximum context length is 128"},
      {R"({"prompt":"a","n":3})", 400, "'n' must be 1"},
      {R"({"prompt":"a","logprobs":5})", 400, "'logprobs' is not supported"},
      {R"({"prompt":"a","presence_penalty":0.5})", 400, "not supported"},
      {R"({"prompt":"a","stop":["a","b","c","d","e"]})", 400, "at most 4"},
      {R"({"prompt":"a","stop":[""]})", 400, "must not be empty"},
      {R"({"prompt":"a","stop":[1]})", 400, "'stop' must be a string"},
      {R"({"prompt":["a","b"]})", 400, "one prompt per request"},
      {R"({"prompt":[-1]})", 400, "out of range"},
      {R"({"prompt":{}})", 400, "'prompt' must be a string"},
      {R"({"prompt":"a","stream":"yes"})", 400, "'stream' must be true or false"},
      {R"({"prompt":"a","seed":1e30})", 400, "'seed' must be an integer"},
  };
  for (const auto& c : cases) {
    const ApiError e = refused(Endpoint::completions, c.body);
    CHECK_EQ(e.status, c.status);
    if (e.message.find(c.says) == std::string::npos) CHECK_EQ(e.message, c.says);
  }
  // A prompt longer than the context.
  std::string long_prompt(600, 'x');
  const ApiError e = refused(Endpoint::completions, json{{"prompt", long_prompt}}.dump(), 128);
  CHECK_EQ(e.code, std::string("context_length_exceeded"));
  CHECK_EQ(e.param, std::string("prompt"));
  // Chat shapes.
  CHECK(refused(Endpoint::chat, R"({"messages":[]})").message.find("non-empty array") != std::string::npos);
  CHECK(refused(Endpoint::chat, R"({"messages":[{"role":"tool","content":"x"}]})").message.find("not supported") != std::string::npos);
  CHECK(refused(Endpoint::chat, R"({"messages":[{"content":"x"}]})").message.find("'role'") != std::string::npos);
  CHECK(refused(Endpoint::chat, R"({"messages":[{"role":"user","content":[{"type":"image_url"}]}]})").status == 400);
  // The error body is OpenAI's shape.
  const json body = json::parse(error_body(refused(Endpoint::completions, R"({"prompt":"a","model":"nope"})")));
  CHECK_EQ(body["error"]["code"].get<std::string>(), std::string("model_not_found"));
  CHECK_EQ(body["error"]["param"].get<std::string>(), std::string("model"));
  CHECK_EQ(body["error"]["type"].get<std::string>(), std::string("invalid_request_error"));
}

DSW_TEST(max_tokens_defaults_to_the_room_left) {
  auto r = ok(Endpoint::completions, R"({"prompt":"abc"})", 20);
  CHECK_EQ(r.serve.max_tokens, int64_t(20) - int64_t(r.serve.prompt.size()));
  CHECK_EQ(ok(Endpoint::completions, R"({"prompt":"abc","max_completion_tokens":3})").serve.max_tokens, int64_t(3));
}

DSW_TEST(responses_and_stream_chunks_have_the_openai_shape) {
  ServeOutput t;
  t.reason = FinishReason::length;
  t.prompt_tokens = 4;
  t.completion_tokens = 3;
  auto c = ok(Endpoint::completions, R"({"prompt":"a"})");
  json j = json::parse(response_body(c, "abc", 123, "xyz", t));
  CHECK_EQ(j["id"].get<std::string>(), std::string("cmpl-abc"));
  CHECK_EQ(j["object"].get<std::string>(), std::string("text_completion"));
  CHECK_EQ(j["choices"][0]["text"].get<std::string>(), std::string("xyz"));
  CHECK_EQ(j["choices"][0]["finish_reason"].get<std::string>(), std::string("length"));
  CHECK_EQ(j["usage"]["total_tokens"].get<int>(), 7);
  auto chat = ok(Endpoint::chat, R"({"messages":[{"role":"user","content":"hi"}]})");
  j = json::parse(response_body(chat, "abc", 123, "hello", t));
  CHECK_EQ(j["object"].get<std::string>(), std::string("chat.completion"));
  CHECK_EQ(j["choices"][0]["message"]["role"].get<std::string>(), std::string("assistant"));
  CHECK_EQ(j["choices"][0]["message"]["content"].get<std::string>(), std::string("hello"));
  const std::string ev = stream_chunk(chat, "abc", 1, "he", true);
  REQUIRE(ev.rfind("data: ", 0) == 0 && ev.size() > 8 && ev.substr(ev.size() - 2) == "\n\n");
  j = json::parse(ev.substr(6));
  CHECK_EQ(j["object"].get<std::string>(), std::string("chat.completion.chunk"));
  CHECK_EQ(j["choices"][0]["delta"]["role"].get<std::string>(), std::string("assistant"));
  CHECK(j["choices"][0]["finish_reason"].is_null());
  j = json::parse(stream_finish(chat, "abc", 1, t).substr(6));
  CHECK(j["choices"][0]["delta"].empty());
  CHECK_EQ(j["choices"][0]["finish_reason"].get<std::string>(), std::string("length"));
  j = json::parse(stream_usage(chat, "abc", 1, t).substr(6));
  CHECK(j["choices"].empty());
  CHECK_EQ(j["usage"]["completion_tokens"].get<int>(), 3);
  j = json::parse(models_body(*version(), 5));
  CHECK_EQ(j["data"].size(), size_t(2));
  CHECK_EQ(j["data"][1]["id"].get<std::string>(), std::string("tiny-lora"));
}

DSW_TEST(the_metrics_page_is_prometheus_text) {
  ServeStats s;
  s.model_id = "a \"quoted\"\nname";
  s.policy = "fcfs";
  s.requests_finished = 3;
  s.batch_size_counts = std::vector<int64_t>(serve_batch_buckets().size() + 1, 0);
  s.batch_size_counts[0] = 2;
  s.batch_size_counts[3] = 1;
  s.batch_size_sum = 2 + 7;
  s.ttft_counts = std::vector<int64_t>(serve_seconds_buckets().size() + 1, 0);
  s.latency_counts = s.ttft_counts;
  s.latency_counts.back() = 1;
  HttpCounters h;
  h.responses[200] = 5;
  h.responses[400] = 2;
  const std::string page = prometheus_text(s, h);
  CHECK(page.find("model=\"a \\\"quoted\\\"\\nname\"") != std::string::npos);
  CHECK(page.find("dsw_serve_requests_total{outcome=\"finished\"} 3\n") != std::string::npos);
  CHECK(page.find("dsw_serve_batch_size_bucket{le=\"1\"} 2\n") != std::string::npos);
  CHECK(page.find("dsw_serve_batch_size_bucket{le=\"8\"} 3\n") != std::string::npos);
  CHECK(page.find("dsw_serve_batch_size_bucket{le=\"+Inf\"} 3\n") != std::string::npos);
  CHECK(page.find("dsw_serve_batch_size_count 3\n") != std::string::npos);
  CHECK(page.find("dsw_serve_request_latency_seconds_bucket{le=\"0.005\"} 0\n") != std::string::npos);
  CHECK(page.find("dsw_serve_request_latency_seconds_bucket{le=\"+Inf\"} 1\n") != std::string::npos);
  CHECK(page.find("dsw_serve_errors_total 2\n") != std::string::npos);
  // Every line is a comment or "name{labels} value".
  size_t start = 0;
  while (start < page.size()) {
    const size_t end = page.find('\n', start);
    REQUIRE(end != std::string::npos);
    const std::string line = page.substr(start, end - start);
    CHECK(line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0 || line.rfind("dsw_serve_", 0) == 0);
    start = end + 1;
  }
}
