// The OpenAI-compatible request and response bodies: /v1/completions and /v1/chat/completions
// parsed into a ServeRequest (prompt built by the version's Runner, the one prompt path of both
// front ends), responses and stream chunks written back. No sockets here, so every rule is tested
// on plain strings.
#pragma once

#include <dsw/serve.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace dsw::http {

// An error as OpenAI reports it: {"error": {"message", "type", "param", "code"}} with an HTTP status.
struct ApiError {
  int status = 400;
  std::string message;
  std::string type = "invalid_request_error";
  std::string param;  // the offending field, when there is one
  std::string code;   // e.g. "model_not_found", "context_length_exceeded"
};
std::string error_body(const ApiError& e);

enum class Endpoint { completions, chat };

struct ApiLimits {
  int64_t default_max_tokens = 256;  // when the request gives none (capped by the room left)
  int64_t max_stop_strings = 4;
  int64_t max_stop_bytes = 256;
  int64_t max_messages = 1024;
};

struct ParsedRequest {
  Endpoint endpoint = Endpoint::completions;
  std::string model;          // the id answered with: the base's or the adapter's
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
  ServeRequest serve;         // prompt ids, max_tokens, sampling, stops, adapter, version
};

// Parses a body against `version` (the current model version). `ctx`: the tokens a request may use.
std::variant<ParsedRequest, ApiError> parse_request(Endpoint endpoint, std::string_view body,
                                                    const std::shared_ptr<const ServedModel>& version, int64_t ctx,
                                                    const ApiLimits& limits = {});

// The whole response of a non-streamed request.
std::string response_body(const ParsedRequest& req, const std::string& id, int64_t created, const std::string& text,
                          const ServeOutput& totals);
// One server-sent event ("data: {...}\n\n") of a stream. `role_chunk`: the chat stream's opening
// chunk with the assistant role. `finish`: the closing chunk (totals.reason).
std::string stream_chunk(const ParsedRequest& req, const std::string& id, int64_t created, const std::string& text,
                         bool role_chunk = false);
std::string stream_finish(const ParsedRequest& req, const std::string& id, int64_t created, const ServeOutput& totals);
// The usage chunk (choices empty) that stream_options.include_usage asks for.
std::string stream_usage(const ParsedRequest& req, const std::string& id, int64_t created, const ServeOutput& totals);

// "stop" | "length" as OpenAI names them (cancelled and error never reach a 200 response).
std::string_view openai_finish_reason(FinishReason r) noexcept;

// A fresh random-looking id for a response ("cmpl-<id>").
std::string new_request_id();

// /v1/models for a version: the base model and each adapter.
std::string models_body(const ServedModel& version, int64_t created);

}  // namespace dsw::http
