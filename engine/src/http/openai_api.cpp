// OpenAI request parsing and response writing.
#include "http/openai_api.h"

#include "core/error.h"
#include "core/json_strict.h"

#include <cmath>

namespace dsw::http {
namespace {

using nlohmann::json;

// Thrown inside parse_request; becomes its ApiError result.
struct Refuse {
  ApiError error;
};

[[noreturn]] void refuse(std::string message, std::string param = {}, int status = 400, std::string code = {}) {
  ApiError e;
  e.status = status;
  e.message = std::move(message);
  e.param = std::move(param);
  e.code = std::move(code);
  throw Refuse{std::move(e)};
}

bool present(const json& body, const char* key) { return body.contains(key) && !body.at(key).is_null(); }

double number(const json& body, const char* key, double fallback, double lo, double hi) {
  if (!present(body, key)) return fallback;
  const json& v = body.at(key);
  if (!v.is_number()) refuse(std::string("'") + key + "' must be a number, not " + json_type_name(v), key);
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < lo || d > hi)
    refuse(std::string("'") + key + "' must be between " + json(lo).dump() + " and " + json(hi).dump(), key);
  return d;
}

int64_t integer(const json& body, const char* key, int64_t fallback, int64_t lo, int64_t hi) {
  if (!present(body, key)) return fallback;
  const json& v = body.at(key);
  if (!v.is_number_integer() && !v.is_number_unsigned())
    refuse(std::string("'") + key + "' must be an integer, not " + json_type_name(v), key);
  if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX))
    refuse(std::string("'") + key + "' is too large", key);
  const int64_t i = v.get<int64_t>();
  if (i < lo || i > hi) refuse(std::string("'") + key + "' must be between " + std::to_string(lo) + " and " + std::to_string(hi), key);
  return i;
}

bool boolean(const json& body, const char* key, bool fallback) {
  if (!present(body, key)) return fallback;
  if (!body.at(key).is_boolean()) refuse(std::string("'") + key + "' must be true or false", key);
  return body.at(key).get<bool>();
}

// Fields this server does not implement: refused unless they ask for the default.
void unsupported_fields(const json& body) {
  for (const char* key : {"frequency_penalty", "presence_penalty"})
    if (number(body, key, 0, -2, 2) != 0) refuse(std::string("'") + key + "' is not supported (only 0)", key);
  if (integer(body, "n", 1, 1, 128) != 1) refuse("'n' must be 1: one choice per request", "n");
  if (integer(body, "best_of", 1, 1, 128) != 1) refuse("'best_of' must be 1", "best_of");
  if (present(body, "logprobs") && !(body["logprobs"].is_boolean() && !body["logprobs"].get<bool>()) &&
      !(body["logprobs"].is_number_integer() && body["logprobs"].get<int64_t>() == 0))
    refuse("'logprobs' is not supported", "logprobs");
  if (boolean(body, "echo", false)) refuse("'echo' is not supported", "echo");
  if (present(body, "suffix")) refuse("'suffix' is not supported", "suffix");
  if (present(body, "logit_bias") && !(body["logit_bias"].is_object() && body["logit_bias"].empty()))
    refuse("'logit_bias' is not supported", "logit_bias");
  for (const char* key : {"tools", "functions"})
    if (present(body, key) && !(body[key].is_array() && body[key].empty())) refuse(std::string("'") + key + "' is not supported", key);
  if (present(body, "response_format")) {
    const json& f = body["response_format"];
    if (!f.is_object() || f.value("type", "") != "text") refuse("'response_format' supports only {\"type\": \"text\"}", "response_format");
  }
}

std::vector<std::string> stop_strings(const json& body, const ApiLimits& limits) {
  std::vector<std::string> out;
  if (!present(body, "stop")) return out;
  const json& v = body["stop"];
  auto add = [&](const json& s) {
    if (!s.is_string()) refuse("'stop' must be a string or an array of strings", "stop");
    std::string t = s.get<std::string>();
    if (t.empty()) refuse("'stop' strings must not be empty", "stop");
    if (int64_t(t.size()) > limits.max_stop_bytes)
      refuse("a 'stop' string is longer than " + std::to_string(limits.max_stop_bytes) + " bytes", "stop");
    out.push_back(std::move(t));
  };
  if (v.is_array()) {
    if (int64_t(v.size()) > limits.max_stop_strings)
      refuse("'stop' takes at most " + std::to_string(limits.max_stop_strings) + " strings", "stop");
    for (const auto& s : v) add(s);
  } else {
    add(v);
  }
  return out;
}

std::vector<int32_t> token_array(const json& v) {
  std::vector<int32_t> ids;
  for (const auto& t : v) {
    if (!t.is_number_integer() && !t.is_number_unsigned()) refuse("'prompt' token arrays hold integers", "prompt");
    const int64_t id = t.get<int64_t>();
    if (id < 0 || id > INT32_MAX) refuse("'prompt' token id " + std::to_string(id) + " is out of range", "prompt");
    ids.push_back(int32_t(id));
  }
  return ids;
}

template <class T>
T unwrap_prompt(Result<T> r) {
  if (!r.is_ok()) refuse("the prompt cannot be tokenised: " + r.status().message(), "prompt");
  return std::move(r).value();
}

std::vector<int32_t> completion_prompt(const json& body, const Runner& runner) {
  if (!body.contains("prompt")) refuse("'prompt' is required", "prompt");
  const json& p = body["prompt"];
  if (p.is_string()) return unwrap_prompt(runner.text_prompt(p.get<std::string>()));
  if (p.is_array()) {
    if (p.empty()) refuse("'prompt' must not be an empty array", "prompt");
    if (p[0].is_number()) return token_array(p);
    if (p.size() != 1) refuse("'prompt' arrays of several prompts are not supported: send one prompt per request", "prompt");
    if (p[0].is_string()) return unwrap_prompt(runner.text_prompt(p[0].get<std::string>()));
    if (p[0].is_array()) return token_array(p[0]);
  }
  refuse("'prompt' must be a string, an array of one string, or an array of token ids", "prompt");
}

std::string message_content(const json& m) {
  if (!m.contains("content") || m["content"].is_null()) return {};
  const json& c = m["content"];
  if (c.is_string()) return c.get<std::string>();
  if (c.is_array()) {
    std::string text;
    for (const auto& part : c) {
      if (!part.is_object() || part.value("type", "") != "text" || !part.contains("text") || !part["text"].is_string())
        refuse("message content parts must be {\"type\": \"text\", \"text\": ...}", "messages");
      text += part["text"].get<std::string>();
    }
    return text;
  }
  refuse("message 'content' must be a string or an array of text parts", "messages");
}

std::vector<int32_t> chat_prompt(const json& body, const Runner& runner, const ApiLimits& limits) {
  if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty())
    refuse("'messages' must be a non-empty array", "messages");
  const json& ms = body["messages"];
  if (int64_t(ms.size()) > limits.max_messages)
    refuse("'messages' holds more than " + std::to_string(limits.max_messages) + " messages", "messages");
  std::vector<ChatMessage> messages;
  for (const auto& m : ms) {
    if (!m.is_object() || !m.contains("role") || !m["role"].is_string()) refuse("each message needs a 'role'", "messages");
    std::string role = m["role"].get<std::string>();
    if (role == "developer") role = "system";
    if (role != "system" && role != "user" && role != "assistant")
      refuse("message role '" + role + "' is not supported (system, user, assistant)", "messages");
    messages.push_back({role, message_content(m)});
  }
  return unwrap_prompt(runner.chat_prompt(messages));
}

std::string hex_id() {
  static std::atomic<uint64_t> counter{0};
  const uint64_t t = uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
  const uint64_t x = (t * 0x9e3779b97f4a7c15ull) ^ (counter.fetch_add(1) * 0xbf58476d1ce4e5b9ull);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", (unsigned long long)x);
  return buf;
}

json usage(const ServeOutput& t) {
  return {{"prompt_tokens", t.prompt_tokens},
          {"completion_tokens", t.completion_tokens},
          {"total_tokens", t.prompt_tokens + t.completion_tokens}};
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string error_body(const ApiError& e) {
  json err = {{"message", e.message}, {"type", e.type}, {"param", nullptr}, {"code", nullptr}};
  if (!e.param.empty()) err["param"] = e.param;
  if (!e.code.empty()) err["code"] = e.code;
  return dump(json{{"error", err}});
}

std::string_view openai_finish_reason(FinishReason r) noexcept { return r == FinishReason::length ? "length" : "stop"; }

std::variant<ParsedRequest, ApiError> parse_request(Endpoint endpoint, std::string_view text,
                                                    const std::shared_ptr<const ServedModel>& version, int64_t ctx,
                                                    const ApiLimits& limits) {
  try {
    json body;
    try {
      body = parse_json_strict(text, "request body");
    } catch (const Error& e) {
      refuse(e.what());
    }
    if (!body.is_object()) refuse("the request body must be a JSON object, not " + json_type_name(body));
    ParsedRequest r;
    r.endpoint = endpoint;
    r.serve.version = version;
    std::string model = version->id;
    if (present(body, "model")) {
      if (!body["model"].is_string()) refuse("'model' must be a string", "model");
      model = body["model"].get<std::string>();
    }
    const auto slot = version->resolve(model);
    if (!slot) refuse("The model '" + model + "' does not exist (GET /v1/models lists them)", "model", 404, "model_not_found");
    // The answer names what served it: after a hot swap a request for the old name says the new one.
    r.model = *slot >= 0 ? version->adapter_ids[size_t(*slot)] : version->id;
    r.serve.adapter = *slot;
    unsupported_fields(body);
    r.stream = boolean(body, "stream", false);
    if (present(body, "stream_options")) {
      const json& so = body["stream_options"];
      if (!so.is_object()) refuse("'stream_options' must be an object", "stream_options");
      r.include_usage = boolean(so, "include_usage", false);
    }
    SamplingParams& sp = r.serve.sampling;
    sp.temperature = float(number(body, "temperature", 1.0, 0, 2));
    sp.greedy = sp.temperature == 0;
    sp.top_p = float(number(body, "top_p", 1.0, 0, 1));
    if (sp.top_p <= 0) refuse("'top_p' must be above 0", "top_p");
    sp.top_k = int32_t(integer(body, "top_k", 0, 0, 1 << 20));
    sp.min_p = float(number(body, "min_p", 0, 0, 1));
    sp.repetition_penalty = float(number(body, "repetition_penalty", number(body, "repeat_penalty", 1, 0.01, 10), 0.01, 10));
    // OpenAI seeds start at 0; the engine's seed 0 means "from the clock".
    if (present(body, "seed")) sp.seed = uint64_t(integer(body, "seed", 0, INT64_MIN, INT64_MAX)) + 1;
    if (sp.seed == 0 && present(body, "seed")) sp.seed = 1;
    r.serve.stop_strings = stop_strings(body, limits);
    r.serve.ignore_eos = boolean(body, "ignore_eos", false);

    const Runner& runner = *version->runner;
    r.serve.prompt = endpoint == Endpoint::chat ? chat_prompt(body, runner, limits) : completion_prompt(body, runner);
    const int64_t prompt = int64_t(r.serve.prompt.size());
    const char* max_key = present(body, "max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    const bool asked = present(body, max_key);
    const int64_t max_tokens = integer(body, max_key, limits.default_max_tokens, 1, INT64_MAX);
    if (prompt >= ctx || (asked && prompt + max_tokens > ctx))
      refuse("This model's maximum context length is " + std::to_string(ctx) + " tokens. However, you requested " +
                 std::to_string(prompt + (asked ? max_tokens : 0)) + " tokens (" + std::to_string(prompt) + " in the prompt, " +
                 std::to_string(asked ? max_tokens : 0) + " for the completion). Please reduce the prompt or the completion length.",
             prompt >= ctx ? (endpoint == Endpoint::chat ? "messages" : "prompt") : max_key, 400, "context_length_exceeded");
    r.serve.max_tokens = asked ? max_tokens : std::min(max_tokens, ctx - prompt);
    return r;
  } catch (const Refuse& e) {
    return e.error;
  }
}

std::string response_body(const ParsedRequest& req, const std::string& id, int64_t created, const std::string& text,
                           const ServeOutput& totals) {
  json choice = {{"index", 0}, {"logprobs", nullptr}, {"finish_reason", openai_finish_reason(totals.reason)}};
  json j;
  if (req.endpoint == Endpoint::chat) {
    choice["message"] = {{"role", "assistant"}, {"content", text}};
    j = {{"id", "chatcmpl-" + id}, {"object", "chat.completion"}};
  } else {
    choice["text"] = text;
    j = {{"id", "cmpl-" + id}, {"object", "text_completion"}};
  }
  j["created"] = created;
  j["model"] = req.model;
  j["choices"] = json::array({choice});
  j["usage"] = usage(totals);
  return dump(j);
}

namespace {

json chunk_head(const ParsedRequest& req, const std::string& id, int64_t created) {
  if (req.endpoint == Endpoint::chat)
    return {{"id", "chatcmpl-" + id}, {"object", "chat.completion.chunk"}, {"created", created}, {"model", req.model}};
  return {{"id", "cmpl-" + id}, {"object", "text_completion"}, {"created", created}, {"model", req.model}};
}

std::string event(const json& j) { return "data: " + dump(j) + "\n\n"; }

}  // namespace

std::string stream_chunk(const ParsedRequest& req, const std::string& id, int64_t created, const std::string& text,
                         bool role_chunk) {
  json j = chunk_head(req, id, created);
  json choice = {{"index", 0}, {"logprobs", nullptr}, {"finish_reason", nullptr}};
  if (req.endpoint == Endpoint::chat) {
    choice["delta"] = role_chunk ? json{{"role", "assistant"}, {"content", text}} : json{{"content", text}};
  } else {
    choice["text"] = text;
  }
  j["choices"] = json::array({choice});
  return event(j);
}

std::string stream_finish(const ParsedRequest& req, const std::string& id, int64_t created, const ServeOutput& totals) {
  json j = chunk_head(req, id, created);
  json choice = {{"index", 0}, {"logprobs", nullptr}, {"finish_reason", openai_finish_reason(totals.reason)}};
  if (req.endpoint == Endpoint::chat) choice["delta"] = json::object();
  else choice["text"] = "";
  j["choices"] = json::array({choice});
  return event(j);
}

std::string stream_usage(const ParsedRequest& req, const std::string& id, int64_t created, const ServeOutput& totals) {
  json j = chunk_head(req, id, created);
  j["choices"] = json::array();
  j["usage"] = usage(totals);
  return event(j);
}

std::string models_body(const ServedModel& version, int64_t created) {
  json data = json::array();
  data.push_back({{"id", version.id}, {"object", "model"}, {"created", created}, {"owned_by", "dsw"}});
  for (const auto& a : version.adapter_ids)
    data.push_back({{"id", a}, {"object", "model"}, {"created", created}, {"owned_by", "dsw"}, {"parent", version.id}});
  return dump(json{{"object", "list"}, {"data", data}});
}

std::string new_request_id() { return hex_id(); }

}  // namespace dsw::http
