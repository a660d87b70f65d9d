// Perplexity in llama.cpp's chunk convention and in the Hugging Face sliding-window recipe.
#include <dsw/perplexity.h>

#include "core/error.h"

#include <algorithm>
#include <cmath>

namespace dsw {
namespace {

// -log p(target) from one row of logits (max-subtracted, double accumulation as llama.cpp does).
double nll_of(const float* logits, int64_t V, int32_t target) {
  float m = logits[0];
  for (int64_t i = 1; i < V; ++i) m = std::max(m, logits[i]);
  double sum = 0;
  for (int64_t i = 0; i < V; ++i) sum += std::exp(double(logits[i] - m));
  return -(double(logits[target] - m) - std::log(sum));
}

struct Accumulator {
  double nll = 0, nll2 = 0;
  int64_t n = 0;
  std::vector<ScoredToken>* keep = nullptr;
  void add(int64_t index, double v) {
    nll += v;
    nll2 += v * v;
    ++n;
    if (keep) keep->push_back({index, v});
  }
};

}  // namespace

Result<PerplexityResult> perplexity(Session& session, const std::vector<int32_t>& tokens, const PerplexityOptions& o,
                                    const JobContext& job) {
  return guard([&] {
    const int64_t N = int64_t(tokens.size()), V = session.vocab_size(), ctx = o.ctx;
    if (ctx < 2) fail_invalid("perplexity: context must be at least 2 tokens");
    if (ctx > session.n_ctx())
      fail_invalid("perplexity: context " + std::to_string(ctx) + " exceeds the session's " + std::to_string(session.n_ctx()));
    PerplexityResult r;
    r.input_tokens = N;
    Accumulator acc;
    if (o.keep_token_nll) acc.keep = &r.scored;
    std::vector<float> logits;

    if (o.mode == PerplexityMode::chunks) {
      const int64_t n_chunk = N / ctx;
      if (n_chunk < 1)
        fail_invalid("perplexity: the text has " + std::to_string(N) + " tokens, fewer than one window of " + std::to_string(ctx));
      const int64_t first = ctx / 2;
      for (int64_t c = 0; c < n_chunk; ++c) {
        session.clear(0);
        Batch b;
        for (int64_t j = 0; j < ctx; ++j) {
          int32_t tok = tokens[size_t(c * ctx + j)];
          if (j == 0 && o.bos) tok = *o.bos;
          b.add(tok, int32_t(j), 0, j >= first);
        }
        throw_if_error(session.forward(b, logits, job));
        for (int64_t j = first; j < ctx - 1; ++j)
          acc.add(c * ctx + j + 1, nll_of(logits.data() + (j - first) * V, V, tokens[size_t(c * ctx + j + 1)]));
        r.windows++;
        if (!job.report({.phase = "perplexity", .step = c + 1, .total = n_chunk, .unit = "windows"}))
          fail_cancelled("perplexity cancelled");
      }
    } else {
      const int64_t stride = o.stride > 0 ? o.stride : std::max<int64_t>(ctx / 2, 1);
      if (stride > ctx) fail_invalid("perplexity: stride must not exceed the context");
      if (N < 2) fail_invalid("perplexity: need at least 2 tokens");
      const int64_t total = (std::max<int64_t>(N - ctx, 0) + stride - 1) / stride + 1;
      int64_t prev_end = 0;
      for (int64_t begin = 0;; begin += stride) {
        const int64_t end = std::min(begin + ctx, N);
        const int64_t score_from = std::max(prev_end, begin + 1);
        session.clear(0);
        Batch b;
        for (int64_t t = begin; t < end; ++t) b.add(tokens[size_t(t)], int32_t(t - begin), 0, t + 1 >= score_from && t + 1 < end);
        throw_if_error(session.forward(b, logits, job));
        int64_t row = 0;
        for (int64_t t = score_from; t < end; ++t, ++row) acc.add(t, nll_of(logits.data() + row * V, V, tokens[size_t(t)]));
        r.windows++;
        prev_end = end;
        if (!job.report({.phase = "perplexity", .step = r.windows, .total = total, .unit = "windows"}))
          fail_cancelled("perplexity cancelled");
        if (end == N) break;
      }
    }
    if (acc.n == 0) fail_invalid("perplexity: no token was scored");
    r.tokens_scored = acc.n;
    r.mean_nll = acc.nll / double(acc.n);
    r.ppl = std::exp(r.mean_nll);
    const double var = acc.nll2 / double(acc.n) - r.mean_nll * r.mean_nll;
    r.nll_stderr = acc.n > 1 && var > 0 ? std::sqrt(var / double(acc.n - 1)) : 0;
    return r;
  });
}

}  // namespace dsw
