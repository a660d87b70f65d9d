// Optimizer pieces as torch / transformers define them (training.md §11) and the data order:
// LambdaLR factors for warm-up + cosine / linear, clip_grad_norm_'s coefficient, AdamW's update with
// bias correction and decoupled decay (against the formula evaluated in double), untouched tensors
// skipped, seeded step rows that cover every row once per epoch.
#include "check.h"

#include "train/data.h"
#include "train/optimizer.h"

#include <cmath>
#include <set>

using namespace dsw;
using namespace dsw::test;
using namespace dsw::train;

DSW_TEST(schedules_match_transformers_lambdas) {
  OptimizerConfig c;
  c.warmup_steps = 10;
  c.schedule = LrSchedule::cosine;
  CHECK_EQ(lr_factor(c, 0, 100), 0.0);
  CHECK_EQ(lr_factor(c, 5, 100), 0.5);
  CHECK_EQ(lr_factor(c, 10, 100), 1.0);
  CHECK(std::fabs(lr_factor(c, 55, 100) - 0.5) < 1e-12);  // half-way through the decay
  CHECK(std::fabs(lr_factor(c, 100, 100)) < 1e-12);
  c.schedule = LrSchedule::linear;
  CHECK(std::fabs(lr_factor(c, 55, 100) - 0.5) < 1e-12);
  CHECK(std::fabs(lr_factor(c, 91, 100) - 0.1) < 1e-12);
  c.schedule = LrSchedule::constant;
  CHECK_EQ(lr_factor(c, 3, 100), 0.3);
  CHECK_EQ(lr_factor(c, 50, 100), 1.0);
}

DSW_TEST(adamw_matches_the_formula_and_skips_untouched_tensors) {
  ParamSet ps;
  Param& w = ps.add("w", {3}, {0.5f, -1.0f, 2.0f}, true, true, 0);
  Param& n = ps.add("norm", {2}, {1.0f, 1.0f}, true, false, 0);
  Param& idle = ps.add("idle", {1}, {3.0f}, true, true, 1);
  OptimizerConfig c;
  c.lr = 0.1;
  c.weight_decay = 0.01;
  AdamW opt(c);
  const float g1[3] = {0.1f, -0.2f, 0.3f}, g2[3] = {-0.05f, 0.4f, 0.0f};
  double th[3] = {0.5, -1.0, 2.0}, m[3] = {0, 0, 0}, v[3] = {0, 0, 0};
  for (int t = 1; t <= 2; ++t) {
    ps.zero_grad();
    const float* g = t == 1 ? g1 : g2;
    for (int i = 0; i < 3; ++i) w.grad[size_t(i)] = g[i];
    w.touched = n.touched = true;
    n.grad = {1.0f, 1.0f};
    opt.step(ps, c.lr);
    for (int i = 0; i < 3; ++i) {
      th[i] *= 1 - c.lr * c.weight_decay;
      m[i] = 0.9 * m[i] + 0.1 * g[i];
      v[i] = 0.999 * v[i] + 0.001 * double(g[i]) * g[i];
      th[i] -= c.lr / (1 - std::pow(0.9, t)) * m[i] / (std::sqrt(v[i]) / std::sqrt(1 - std::pow(0.999, t)) + 1e-8);
    }
  }
  for (int i = 0; i < 3; ++i) CHECK(std::fabs(w.data[size_t(i)] - th[i]) < 1e-6);
  // No decay on the norm: two steps of g = 1 move it by lr each (Adam's normalised step).
  CHECK(std::fabs(n.data[0] - (1.0 - 2 * 0.1)) < 1e-5);
  CHECK_EQ(idle.data[0], 3.0f);  // never touched: no update, no decay
  CHECK_EQ(opt.state()[2].step, int64_t(0));
}

DSW_TEST(clipping_uses_torch_coefficient) {
  ParamSet ps;
  Param& a = ps.add("a", {2}, {0, 0}, true, true, 0);
  a.grad = {3.0f, 4.0f};
  auto norms = grad_norms(ps, 1);
  CHECK(std::fabs(norms.total - 5.0) < 1e-12);
  clip_gradients(ps, norms.total, 1.0);
  CHECK(std::fabs(a.grad[0] - 3.0 / (5.0 + 1e-6)) < 1e-7);
  a.grad = {0.3f, 0.4f};
  clip_gradients(ps, 0.5, 1.0);  // below the limit: unchanged
  CHECK_EQ(a.grad[0], 0.3f);
}

DSW_TEST(step_rows_are_seeded_and_cover_each_epoch) {
  const int64_t n = 10;
  std::multiset<int64_t> epoch0;
  for (int64_t k = 0; k < 5; ++k) {
    auto s = step_rows(n, k, 2, 1, 7);
    CHECK(s == step_rows(n, k, 2, 1, 7));
    for (auto r : s[0]) epoch0.insert(r);
  }
  CHECK_EQ(epoch0.size(), size_t(10));
  CHECK_EQ(std::set<int64_t>(epoch0.begin(), epoch0.end()).size(), size_t(10));  // a permutation
  CHECK(step_rows(n, 0, 2, 1, 7) != step_rows(n, 0, 2, 1, 8));
  auto ga = step_rows(n, 3, 2, 2, 7);  // 2 micro-batches of 2
  CHECK_EQ(ga.size(), size_t(2));
  CHECK_EQ(ga[1].size(), size_t(2));
}

DSW_TEST(targets_are_the_shifted_labels) {
  Row r{{5, 6, 7, 8}, {-100, -100, 7, 8}};
  std::vector<int32_t> tokens, targets;
  shift_targets({&r}, tokens, targets);
  CHECK(tokens == (std::vector<int32_t>{5, 6, 7, 8}));
  CHECK(targets == (std::vector<int32_t>{-1, 7, 8, -1}));
}
