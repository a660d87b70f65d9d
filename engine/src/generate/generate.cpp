// generate(): prompt prefill, sampling loop, streaming with stop strings held back, cancel.
#include <dsw/generate.h>

#include "core/error.h"
#include "generate/text_stream.h"

#include <algorithm>
#include <chrono>
#include <set>

namespace dsw {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

std::string_view stop_reason_name(StopReason r) noexcept {
  switch (r) {
    case StopReason::eos: return "eos";
    case StopReason::stop_string: return "stop_string";
    case StopReason::max_tokens: return "max_tokens";
    case StopReason::context_full: return "context_full";
    case StopReason::cancelled: return "cancelled";
    case StopReason::callback: return "callback";
  }
  return "?";
}

Result<GenerateResult> generate(Session& session, const Tokenizer& tokenizer, const std::vector<int32_t>& prompt,
                                const GenerateOptions& o, const TokenCallback& on_token, const JobContext& job) {
  return guard([&] {
    if (prompt.empty()) fail_invalid("generate: empty prompt (start from BOS)");
    if (o.max_tokens < 0) fail_invalid("generate: max_tokens must not be negative");
    for (auto& s : o.stop_strings)
      if (s.empty()) fail_invalid("generate: empty stop string");
    std::set<int32_t> stop_ids(tokenizer.stop_ids().begin(), tokenizer.stop_ids().end());
    stop_ids.insert(o.stop_ids.begin(), o.stop_ids.end());

    GenerateResult r;
    r.prompt_tokens = int64_t(prompt.size());
    Sampler sampler(o.sampling);
    r.seed = sampler.seed();
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<float> logits;
    const int32_t start = int32_t(session.length(o.seq));
    if (start + int64_t(prompt.size()) > session.n_ctx())
      fail_invalid("generate: the prompt (" + std::to_string(prompt.size()) + " tokens) does not fit the context of " +
                   std::to_string(session.n_ctx()));
    throw_if_error(session.forward(Batch::sequence(prompt, start, o.seq), logits, job));
    r.prefill_seconds = seconds_since(t0);

    std::vector<int32_t> history(prompt);
    TextStream text(tokenizer, prompt.back(), o.stop_strings);
    auto last = std::chrono::steady_clock::now();
    r.reason = StopReason::max_tokens;
    auto emit = [&](int32_t id, std::string piece, const TokenProbs* probs) {
      GeneratedToken g;
      g.id = id;
      g.text = std::move(piece);
      g.index = int64_t(r.tokens.size()) - 1;
      if (probs) g.probs = *probs;
      return on_token ? on_token(g) : true;
    };

    for (int64_t i = 0; i < o.max_tokens; ++i) {
      if (job.cancelled()) {
        r.reason = StopReason::cancelled;
        break;
      }
      const int32_t tok = sampler.sample(logits, history);
      TokenProbs probs;
      if (o.top_alternatives > 0) probs = Sampler::probabilities(logits, tok, o.top_alternatives);
      const auto now = std::chrono::steady_clock::now();
      if (i == 0) r.time_to_first_token = std::chrono::duration<double>(now - t0).count();
      else r.token_latencies.push_back(std::chrono::duration<double>(now - last).count());
      last = now;
      if (stop_ids.count(tok)) {
        r.reason = StopReason::eos;
        break;
      }
      history.push_back(tok);
      r.tokens.push_back(tok);
      TextStream::Step step = text.push(tok);
      if (step.stopped) {
        if (!step.text.empty()) emit(tok, std::move(step.text), &probs);
        r.reason = StopReason::stop_string;
        break;
      }
      if (!emit(tok, std::move(step.text), o.top_alternatives > 0 ? &probs : nullptr)) {
        r.reason = StopReason::callback;
        break;
      }
      job.report({.phase = "decode", .step = i + 1, .total = o.max_tokens, .unit = "tokens"});
      if (i + 1 == o.max_tokens) break;
      if (session.length(o.seq) >= session.n_ctx()) {
        r.reason = StopReason::context_full;
        break;
      }
      Batch b;
      b.add(tok, int32_t(session.length(o.seq)), o.seq, true);
      Status s = session.forward(b, logits, job);
      if (s.code() == StatusCode::cancelled) {
        r.reason = StopReason::cancelled;
        break;
      }
      throw_if_error(s);
    }
    if (r.reason != StopReason::stop_string) {
      std::string rest = text.finish();
      if (!rest.empty() && on_token) emit(-1, std::move(rest), nullptr);
    }
    r.text = text.text();
    r.decode_seconds = seconds_since(t0) - r.time_to_first_token;
    return r;
  });
}

}  // namespace dsw
