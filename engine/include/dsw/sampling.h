// Token sampling: greedy, temperature, top-k, top-p, min-p and repetition penalty, reproducible
// for a fixed seed on every machine (own RNG arithmetic, no implementation-defined distributions).
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace dsw {

struct SamplingParams {
  bool greedy = false;              // argmax (after the repetition penalty)
  float temperature = 0.8f;         // <= 0 behaves as greedy
  int32_t top_k = 40;               // <= 0: off
  float top_p = 0.95f;              // >= 1: off
  float min_p = 0.05f;              // <= 0: off; drops tokens below min_p * p(max)
  float repetition_penalty = 1.0f;  // HF semantics: positive logits / p, negative logits * p
  int32_t repetition_window = 64;   // last N tokens the penalty looks at
  uint64_t seed = 0;                // 0: seeded from the clock
};

// The distribution around one sampled token, for the token view (temperature-1 softmax of the
// model's logits: what the model believed, independent of the sampling settings).
struct TokenProbs {
  int32_t token = -1;
  float prob = 0;     // p(token)
  float logprob = 0;  // log p(token)
  std::vector<std::pair<int32_t, float>> top;  // most likely tokens with their probabilities
};

class Sampler {
 public:
  explicit Sampler(const SamplingParams& params);

  // Picks the next token from logits given the tokens so far (for the repetition penalty).
  int32_t sample(std::span<const float> logits, std::span<const int32_t> history);
  // Probabilities of `token` and the `n_top` most likely alternatives.
  static TokenProbs probabilities(std::span<const float> logits, int32_t token, int n_top);

  const SamplingParams& params() const noexcept { return p_; }
  uint64_t seed() const noexcept { return seed_; }

 private:
  double uniform();  // [0, 1) from the 53 high bits of a splitmix64 stream
  SamplingParams p_;
  uint64_t seed_;
  uint64_t state_;
  std::vector<std::pair<float, int32_t>> work_;
};

}  // namespace dsw
