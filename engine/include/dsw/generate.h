// Text generation on a Session: prefill the prompt, then sample token by token with streaming,
// stop conditions (EOS ids, stop strings, max tokens, context full) and cancellation that takes
// effect within one token.
#pragma once

#include <dsw/job.h>
#include <dsw/sampling.h>
#include <dsw/session.h>
#include <dsw/status.h>
#include <dsw/tokenizer.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dsw {

enum class StopReason { eos, stop_string, max_tokens, context_full, cancelled, callback };
std::string_view stop_reason_name(StopReason r) noexcept;

struct GenerateOptions {
  int64_t max_tokens = 256;
  SamplingParams sampling;
  std::vector<std::string> stop_strings;
  std::vector<int32_t> stop_ids;  // added to the tokenizer's stop ids
  int32_t seq = 0;                // session sequence slot (its cache continues)
  int top_alternatives = 5;       // per-token alternatives reported to the callback (0: none)
};

// One generated token as the stream sees it.
struct GeneratedToken {
  int32_t id = -1;
  std::string text;  // text that became complete with this token (may be empty mid-character)
  TokenProbs probs;  // when top_alternatives > 0
  int64_t index = 0; // 0-based count of generated tokens
};

// Return false to stop (StopReason::callback).
using TokenCallback = std::function<bool(const GeneratedToken& token)>;

struct GenerateResult {
  std::vector<int32_t> tokens;  // generated ids (stop token excluded)
  std::string text;             // their text, cut before a stop string
  StopReason reason = StopReason::max_tokens;
  int64_t prompt_tokens = 0;
  double prefill_seconds = 0;   // prompt forward
  double decode_seconds = 0;    // everything after the first token
  double time_to_first_token = 0;
  std::vector<double> token_latencies;  // seconds per decoded token after the first
  uint64_t seed = 0;
};

// Generates after `prompt` (already tokenised, BOS included as the caller wants). An empty prompt
// is an error: start from BOS. Phases reported: "prefill", "decode".
Result<GenerateResult> generate(Session& session, const Tokenizer& tokenizer, const std::vector<int32_t>& prompt,
                                const GenerateOptions& options, const TokenCallback& on_token = {},
                                const JobContext& job = no_job());

}  // namespace dsw
