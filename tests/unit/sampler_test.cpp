// Sampler against closed-form distributions: for fixed logits and settings the share of each token
// over many draws (fixed seeds, so the test is deterministic) matches the probabilities the
// settings define — temperature, top-k, top-p, min-p and the repetition penalty — and tokens the
// settings exclude are never drawn.
#include "check.h"

#include <dsw/sampling.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

using namespace dsw;

namespace {

const std::vector<float> kLogits = {2.0f, 1.5f, 1.0f, 0.0f, -0.5f, -1.0f, -3.0f, 0.5f};

// softmax(logits / t) restricted to `keep` (others 0), renormalised.
std::vector<double> expected(const std::vector<float>& logits, double t, const std::vector<int>& keep) {
  std::vector<double> p(logits.size(), 0.0);
  double m = -1e30, sum = 0;
  for (int i : keep) m = std::max(m, double(logits[size_t(i)]) / t);
  for (int i : keep) sum += p[size_t(i)] = std::exp(double(logits[size_t(i)]) / t - m);
  for (auto& v : p) v /= sum;
  return p;
}

std::vector<double> empirical(const SamplingParams& params, const std::vector<float>& logits, int draws,
                              const std::vector<int32_t>& history = {}) {
  Sampler s(params);
  std::vector<double> f(logits.size(), 0.0);
  for (int i = 0; i < draws; ++i) f[size_t(s.sample(logits, history))] += 1.0;
  for (auto& v : f) v /= draws;
  return f;
}

// Every share within 5 standard errors of its probability; excluded tokens exactly 0.
void check_matches(const std::vector<double>& got, const std::vector<double>& want, int draws) {
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i] == 0.0) {
      CHECK_EQ(got[i], 0.0);
      continue;
    }
    const double se = std::sqrt(want[i] * (1 - want[i]) / draws);
    CHECK_NEAR(got[i], want[i], 5 * se + 1e-9);
  }
}

std::vector<int> all_ids(size_t n) {
  std::vector<int> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

}  // namespace

DSW_TEST(temperature_matches_softmax) {
  const int draws = 40000;
  for (float t : {0.5f, 1.0f, 2.0f}) {
    SamplingParams p;
    p.temperature = t;
    p.top_k = 0, p.top_p = 1.0f, p.min_p = 0.0f, p.seed = 42;
    check_matches(empirical(p, kLogits, draws), expected(kLogits, t, all_ids(kLogits.size())), draws);
  }
}

DSW_TEST(top_k_keeps_the_k_most_likely) {
  const int draws = 40000;
  SamplingParams p;
  p.temperature = 1.0f, p.top_k = 3, p.top_p = 1.0f, p.min_p = 0.0f, p.seed = 7;
  check_matches(empirical(p, kLogits, draws), expected(kLogits, 1.0, {0, 1, 2}), draws);
}

DSW_TEST(top_p_keeps_the_smallest_set_reaching_p) {
  const int draws = 40000;
  const auto full = expected(kLogits, 1.0, all_ids(kLogits.size()));
  // Sorted: 0 (2.0), 1 (1.5), 2 (1.0), 7 (0.5), 3 (0.0), ...; choose p just above the first two.
  const float top_p = float(full[0] + full[1] + 0.01);
  SamplingParams p;
  p.temperature = 1.0f, p.top_k = 0, p.top_p = top_p, p.min_p = 0.0f, p.seed = 9;
  check_matches(empirical(p, kLogits, draws), expected(kLogits, 1.0, {0, 1, 2}), draws);
}

DSW_TEST(min_p_drops_tokens_below_a_share_of_the_best) {
  const int draws = 40000;
  const auto full = expected(kLogits, 1.0, all_ids(kLogits.size()));
  // Keep tokens with p >= 0.3 * p(best): exp(l - 2) >= 0.3 -> l >= 2 + ln 0.3 = 0.796.
  SamplingParams p;
  p.temperature = 1.0f, p.top_k = 0, p.top_p = 1.0f, p.min_p = 0.3f, p.seed = 5;
  std::vector<int> keep;
  for (size_t i = 0; i < full.size(); ++i)
    if (full[i] >= 0.3 * full[0]) keep.push_back(int(i));
  CHECK_EQ(keep.size(), size_t(3));
  check_matches(empirical(p, kLogits, draws), expected(kLogits, 1.0, keep), draws);
}

DSW_TEST(repetition_penalty_follows_hf_semantics) {
  // Positive logits are divided by the penalty, negative ones multiplied (transformers'
  // RepetitionPenaltyLogitsProcessor), only for tokens in the recent history.
  const int draws = 40000;
  const float penalty = 2.0f;
  std::vector<float> penalised = kLogits;
  penalised[0] /= penalty;  // 2.0 -> 1.0
  penalised[5] *= penalty;  // -1.0 -> -2.0
  SamplingParams p;
  p.temperature = 1.0f, p.top_k = 0, p.top_p = 1.0f, p.min_p = 0.0f, p.repetition_penalty = penalty, p.seed = 11;
  check_matches(empirical(p, kLogits, draws, {0, 5, 0}), expected(penalised, 1.0, all_ids(kLogits.size())), draws);
  // Greedy sees the penalty too: token 0 (2.0 -> 1.0) loses to token 1 (1.5).
  SamplingParams g;
  g.greedy = true, g.repetition_penalty = penalty;
  Sampler s(g);
  CHECK_EQ(s.sample(kLogits, std::vector<int32_t>{0}), 1);
  CHECK_EQ(s.sample(kLogits, std::vector<int32_t>{}), 0);
  // The window: a token seen only before the last N is not penalised.
  g.repetition_window = 2;
  Sampler w(g);
  CHECK_EQ(w.sample(kLogits, std::vector<int32_t>{0, 3, 4}), 0);
}

DSW_TEST(greedy_and_zero_temperature_take_the_argmax_lowest_id_on_ties) {
  std::vector<float> tied = {0.5f, 3.0f, 3.0f, -1.0f};
  SamplingParams g;
  g.greedy = true;
  CHECK_EQ(Sampler(g).sample(tied, {}), 1);
  SamplingParams t0;
  t0.temperature = 0.0f;
  CHECK_EQ(Sampler(t0).sample(tied, {}), 1);
}

DSW_TEST(a_seed_fixes_the_sequence) {
  SamplingParams p;
  p.temperature = 1.0f, p.top_k = 0, p.top_p = 1.0f, p.min_p = 0.0f, p.seed = 1234;
  Sampler a(p), b(p);
  std::vector<int32_t> sa, sb;
  for (int i = 0; i < 200; ++i) sa.push_back(a.sample(kLogits, {})), sb.push_back(b.sample(kLogits, {}));
  CHECK(sa == sb);
  CHECK_EQ(a.seed(), uint64_t(1234));
  p.seed = 1235;
  Sampler c(p);
  std::vector<int32_t> sc;
  for (int i = 0; i < 200; ++i) sc.push_back(c.sample(kLogits, {}));
  CHECK(sa != sc);
}

DSW_TEST(probabilities_report_the_unmodified_softmax) {
  const auto want = expected(kLogits, 1.0, all_ids(kLogits.size()));
  TokenProbs p = Sampler::probabilities(kLogits, 2, 3);
  CHECK_NEAR(p.prob, want[2], 1e-6);
  CHECK_NEAR(p.logprob, std::log(want[2]), 1e-5);
  REQUIRE(p.top.size() == 3);
  CHECK_EQ(p.top[0].first, 0);
  CHECK_EQ(p.top[1].first, 1);
  CHECK_EQ(p.top[2].first, 2);
  CHECK_NEAR(p.top[0].second, want[0], 1e-6);
}
