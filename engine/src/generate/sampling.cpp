// Sampler: penalty -> temperature -> top-k -> softmax -> top-p -> min-p -> draw.
#include <dsw/sampling.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_set>

namespace dsw {
namespace {

uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// Deterministic order: higher logit first, lower id on ties.
bool before(const std::pair<float, int32_t>& a, const std::pair<float, int32_t>& b) {
  return a.first > b.first || (a.first == b.first && a.second < b.second);
}

}  // namespace

Sampler::Sampler(const SamplingParams& params) : p_(params) {
  seed_ = p_.seed ? p_.seed : uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()) | 1;
  state_ = seed_;
}

double Sampler::uniform() { return double(splitmix64(state_) >> 11) * (1.0 / 9007199254740992.0); }

int32_t Sampler::sample(std::span<const float> logits, std::span<const int32_t> history) {
  const int32_t V = int32_t(logits.size());
  work_.resize(size_t(V));
  for (int32_t i = 0; i < V; ++i) work_[size_t(i)] = {logits[size_t(i)], i};

  if (p_.repetition_penalty != 1.0f && !history.empty()) {
    std::unordered_set<int32_t> seen;
    size_t from = history.size() > size_t(std::max(p_.repetition_window, 0)) ? history.size() - size_t(p_.repetition_window) : 0;
    for (size_t i = from; i < history.size(); ++i) seen.insert(history[i]);
    for (int32_t id : seen) {
      if (id < 0 || id >= V) continue;
      float& l = work_[size_t(id)].first;
      l = l > 0 ? l / p_.repetition_penalty : l * p_.repetition_penalty;
    }
  }

  if (p_.greedy || p_.temperature <= 0.0f)
    return std::min_element(work_.begin(), work_.end(), before)->second;

  for (auto& w : work_) w.first /= p_.temperature;
  size_t n = work_.size();
  if (p_.top_k > 0 && size_t(p_.top_k) < n) {
    std::partial_sort(work_.begin(), work_.begin() + p_.top_k, work_.end(), before);
    n = size_t(p_.top_k);
  } else {
    std::sort(work_.begin(), work_.end(), before);
  }
  // Softmax over the candidates (already sorted, so work_[0] holds the maximum).
  const float m = work_[0].first;
  std::vector<double> probs(n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sum += probs[i] = std::exp(double(work_[i].first - m));
  for (auto& p : probs) p /= sum;
  if (p_.top_p < 1.0f) {
    double cum = 0;
    size_t keep = n;
    for (size_t i = 0; i < n; ++i) {
      cum += probs[i];
      if (cum >= p_.top_p) {
        keep = i + 1;
        break;
      }
    }
    n = std::max<size_t>(keep, 1);
  }
  if (p_.min_p > 0.0f) {
    const double floor = p_.min_p * probs[0];
    size_t keep = 1;
    while (keep < n && probs[keep] >= floor) ++keep;
    n = keep;
  }
  double total = 0;
  for (size_t i = 0; i < n; ++i) total += probs[i];
  double u = uniform() * total, acc = 0;
  for (size_t i = 0; i < n; ++i) {
    acc += probs[i];
    if (u < acc) return work_[i].second;
  }
  return work_[n - 1].second;
}

TokenProbs Sampler::probabilities(std::span<const float> logits, int32_t token, int n_top) {
  TokenProbs r;
  r.token = token;
  const float m = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (float l : logits) sum += std::exp(double(l - m));
  const double log_sum = std::log(sum);
  if (token >= 0 && size_t(token) < logits.size()) {
    r.logprob = float(double(logits[size_t(token)] - m) - log_sum);
    r.prob = std::exp(r.logprob);
  }
  if (n_top > 0) {
    std::vector<std::pair<float, int32_t>> top;
    top.reserve(logits.size());
    for (size_t i = 0; i < logits.size(); ++i) top.push_back({logits[i], int32_t(i)});
    const size_t k = std::min(size_t(n_top), top.size());
    std::partial_sort(top.begin(), top.begin() + long(k), top.end(), before);
    for (size_t i = 0; i < k; ++i) r.top.push_back({top[i].second, float(std::exp(double(top[i].first - m) - log_sum))});
  }
  return r;
}

}  // namespace dsw
