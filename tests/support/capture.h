// An Observer that keeps everything it sees, for tap parity tests.
#pragma once

#include <dsw/observer.h>

#include <map>
#include <mutex>
#include <set>
#include <tuple>
#include <vector>

namespace dsw::test {

class CaptureObserver : public Observer {
 public:
  std::set<int64_t> attention_layers;
  bool routing = false;

  struct Route {
    std::vector<float> scores;
    std::vector<int32_t> experts;
    std::vector<float> weights;
  };
  std::map<std::tuple<int64_t, int64_t, int32_t>, std::vector<float>> probs;  // (layer, head, position)
  std::map<std::pair<int64_t, int32_t>, Route> routes;                          // (layer, position)

  bool wants_attention(int64_t layer) const override { return attention_layers.count(layer) > 0; }
  void on_attention(int64_t layer, int64_t head, int32_t, int32_t position, const float* p, int64_t n) override {
    std::lock_guard lock(mutex_);
    probs[{layer, head, position}] = std::vector<float>(p, p + n);
  }
  bool wants_routing() const override { return routing; }
  void on_routing(int64_t layer, int32_t, int32_t position, std::span<const float> scores, std::span<const int32_t> experts,
                  std::span<const float> weights) override {
    routes[{layer, position}] = {{scores.begin(), scores.end()}, {experts.begin(), experts.end()}, {weights.begin(), weights.end()}};
  }

 private:
  std::mutex mutex_;
};

}  // namespace dsw::test
