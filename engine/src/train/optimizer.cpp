// AdamW, clipping, schedules (see optimizer.h).
#include "train/optimizer.h"

#include <algorithm>
#include <cmath>

namespace dsw::train {

double lr_factor(const OptimizerConfig& c, int64_t k, int64_t total) {
  const int64_t W = c.warmup_steps;
  if (k < W) return double(k) / double(std::max<int64_t>(1, W));
  switch (c.schedule) {
    case LrSchedule::constant: return 1.0;
    case LrSchedule::linear: return std::max(0.0, double(total - k) / double(std::max<int64_t>(1, total - W)));
    case LrSchedule::cosine: {
      const double p = double(k - W) / double(std::max<int64_t>(1, total - W));
      return std::max(0.0, 0.5 * (1.0 + std::cos(M_PI * 2.0 * 0.5 * p)));
    }
  }
  return 1.0;
}

GradNorms grad_norms(const ParamSet& params, int64_t layers) {
  GradNorms n;
  n.per_layer.assign(size_t(std::max<int64_t>(layers, 0)), 0.0);
  double total = 0;
  for (auto& p : params.all()) {
    if (!p.trainable) continue;
    double s = 0;
    for (float g : p.grad) s += double(g) * g;
    total += s;
    if (p.layer >= 0 && p.layer < layers) n.per_layer[size_t(p.layer)] += s;
  }
  n.total = std::sqrt(total);
  for (auto& v : n.per_layer) v = std::sqrt(v);
  return n;
}

void clip_gradients(ParamSet& params, double total, double max_norm) {
  if (max_norm <= 0) return;
  const double coef = std::min(1.0, max_norm / (total + 1e-6));
  if (coef >= 1.0) return;
  const float c = float(coef);
  for (auto& p : params.all())
    if (p.trainable)
      for (auto& g : p.grad) g *= c;
}

void AdamW::step(ParamSet& params, double lr) {
  size_t i = 0;
  for (auto& p : params.all()) {
    if (!p.trainable) continue;
    if (state_.size() <= i) state_.emplace_back();
    AdamState& s = state_[i++];
    if (!p.touched) continue;
    if (s.m.empty()) s.m.assign(p.data.size(), 0.0f), s.v.assign(p.data.size(), 0.0f);
    s.step++;
    const double plr = lr * double(p.lr_scale);
    const float b1 = float(c_.beta1), b2 = float(c_.beta2);
    const double bc1 = 1.0 - std::pow(c_.beta1, double(s.step));
    const double bc2_sqrt = std::sqrt(1.0 - std::pow(c_.beta2, double(s.step)));
    const float step_size = float(plr / bc1), bc2s = float(bc2_sqrt), eps = float(c_.eps);
    const float decay = p.decay ? float(1.0 - plr * c_.weight_decay) : 1.0f;
    float* th = p.data.data();
    const float* g = p.grad.data();
    float* m = s.m.data();
    float* v = s.v.data();
    const int64_t n = p.numel();
    for (int64_t j = 0; j < n; ++j) {
      th[j] *= decay;
      m[j] += (1.0f - b1) * (g[j] - m[j]);
      v[j] = v[j] * b2 + (1.0f - b2) * g[j] * g[j];
      th[j] -= step_size * m[j] / (std::sqrt(v[j]) / bc2s + eps);
    }
  }
}

}  // namespace dsw::train
