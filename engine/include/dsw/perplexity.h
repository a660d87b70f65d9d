// Perplexity of a model over a token stream, in the two conventions researchers compare with:
//  - chunks (llama.cpp's llama-perplexity): non-overlapping windows of ctx tokens, the first token
//    of each replaced by BOS, only the second half of each window scored;
//  - sliding (the Hugging Face recipe): windows of ctx tokens advancing by stride, each token scored
//    once with as much left context as the window gives.
// The figure depends on the tokenizer: results name it.
#pragma once

#include <dsw/job.h>
#include <dsw/session.h>
#include <dsw/status.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace dsw {

enum class PerplexityMode { chunks, sliding };

struct PerplexityOptions {
  PerplexityMode mode = PerplexityMode::chunks;
  int64_t ctx = 512;
  int64_t stride = 0;                 // sliding mode: default ctx / 2
  std::optional<int32_t> bos;         // chunks mode: replaces each window's first token when set
  bool keep_token_nll = false;        // fill PerplexityResult::scored (per-token comparison with another engine)
};

// One scored token: its index in the input stream and -log p(token | its window's context).
struct ScoredToken {
  int64_t index = 0;
  double nll = 0;
};

struct PerplexityResult {
  double ppl = 0;
  double mean_nll = 0;
  double nll_stderr = 0;     // standard error of the mean NLL
  int64_t tokens_scored = 0;
  int64_t windows = 0;
  int64_t input_tokens = 0;
  std::vector<ScoredToken> scored;  // in scoring order, when keep_token_nll
};

// Progress phase "perplexity", unit "windows".
Result<PerplexityResult> perplexity(Session& session, const std::vector<int32_t>& tokens, const PerplexityOptions& options,
                                    const JobContext& job = no_job());

}  // namespace dsw
