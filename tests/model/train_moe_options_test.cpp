// MoE training options: the DeepSeekMoE balance loss's gradient (per-sequence and batch statistics)
// against central finite differences on the router weights, and the V3 correction-bias update rule.
// LoRA with gradient checkpointing gives the same gradients as without.
#include "check.h"

#include "train/train_model.h"

#include <dsw/model_files.h>

#include <cmath>
#include <cstdio>
#include <random>

using namespace dsw;
using namespace dsw::test;

namespace {

std::filesystem::path fixture(const std::string& name) { return source_dir() / "tests/fixtures/models" / name; }

void check_aux(bool seq_aux) {
  auto files = open_model(fixture("deepseek_moe_v1"));
  REQUIRE_OK(files);
  train::ModelSetup setup;
  setup.mode = TrainMode::full;
  setup.aux_alpha = 1.0;
  setup.seq_aux = seq_aux;
  train::TrainModel tm(*files, setup, 2);
  const int64_t B = 2, S = 8;
  std::vector<int32_t> tokens(size_t(B * S)), none(size_t(B * S), -1);  // no CE targets: the loss is the aux loss alone
  std::mt19937 rng(5);
  for (auto& t : tokens) t = int32_t(rng() % 100);
  train::Param* gate = nullptr;
  for (auto& p : tm.params().all())
    if (p.name == "model.layers.2.mlp.gate.weight") gate = &p;
  REQUIRE(gate);
  tm.params().zero_grad();
  const double aux0 = tm.forward_backward(tokens.data(), none.data(), B, S, 1.0).aux_loss;
  std::vector<float> g = gate->grad, v(g.size());
  std::normal_distribution<float> n(0, 1);
  double vn = 0;
  for (auto& x : v) x = n(rng), vn += double(x) * x;
  for (auto& x : v) x = float(x / std::sqrt(vn));
  double analytic = 0;
  for (size_t i = 0; i < v.size(); ++i) analytic += double(g[i]) * v[i];
  const float h = 2e-3f;
  auto aux_at = [&](float s) {
    for (size_t i = 0; i < v.size(); ++i) gate->data[i] += s * v[i];
    const double a = tm.forward_backward(tokens.data(), none.data(), B, S, 1.0).aux_loss;
    for (size_t i = 0; i < v.size(); ++i) gate->data[i] -= s * v[i];
    return a;
  };
  const double fd = (aux_at(h) - aux_at(-h)) / (2 * h);
  std::printf("    seq_aux %d: aux %.6f, <grad, v> %.6e, finite difference %.6e\n", seq_aux, aux0, analytic, fd);
  CHECK(aux0 > 0);
  CHECK(std::fabs(fd - analytic) <= 2e-2 * std::fabs(analytic) + 1e-6);
}

}  // namespace

DSW_TEST(balance_loss_gradient_per_sequence) { check_aux(true); }
DSW_TEST(balance_loss_gradient_batch) { check_aux(false); }

DSW_TEST(v3_bias_update_moves_toward_balance) {
  auto files = open_model(fixture("deepseek_v3_noaux"));
  REQUIRE_OK(files);
  train::ModelSetup setup;
  setup.lora.target_modules = {"q_a_proj"};
  train::TrainModel tm(*files, setup, 2);
  std::vector<int32_t> tokens(24), targets(24, -1);
  for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = int32_t(i * 7 % 100);
  targets[5] = 3;
  tm.params().zero_grad();
  tm.forward_backward(tokens.data(), targets.data(), 1, 24, 1.0);
  const auto counts = tm.expert_counts();
  REQUIRE(!counts.empty());
  std::vector<std::vector<float>> before;
  for (auto& L : tm.layers())
    if (L.moe) before.push_back(L.moe_w.score_bias);
  tm.update_score_bias(0.01);
  size_t i = 0, checked = 0;
  for (auto& L : tm.layers()) {
    if (!L.moe) continue;
    double mean = 0;
    for (auto c : counts[i]) mean += double(c) / double(counts[i].size());
    for (size_t e = 0; e < counts[i].size(); ++e) {
      const double d = L.moe_w.score_bias[e] - before[i][e];
      const double want = counts[i][e] < mean ? 0.01 : counts[i][e] > mean ? -0.01 : 0.0;
      CHECK(std::fabs(d - want) < 1e-6);
      checked++;
    }
    ++i;
  }
  CHECK(checked > 0);
}

DSW_TEST(lora_checkpointing_gives_the_same_gradients) {
  auto files = open_model(fixture("deepseek_v2_lite_style"));
  REQUIRE_OK(files);
  std::vector<std::vector<float>> grads[2];
  double loss[2];
  for (int ck = 0; ck < 2; ++ck) {
    train::ModelSetup setup;
    setup.lora.target_modules = {"all-linear"};
    setup.lora.init = LoraConfig::Init::random;
    setup.checkpointing = ck == 1;
    train::TrainModel tm(*files, setup, 2);
    std::vector<int32_t> tokens(20), targets(20);
    for (size_t t = 0; t < 20; ++t) tokens[t] = int32_t(t * 13 % 150), targets[t] = t < 19 ? int32_t((t + 1) * 13 % 150) : -1;
    tm.params().zero_grad();
    loss[ck] = tm.forward_backward(tokens.data(), targets.data(), 2, 10, 1.0 / 19).loss_sum;
    for (auto& p : tm.params().all())
      if (p.trainable) grads[ck].push_back(p.grad);
  }
  CHECK_EQ(loss[0], loss[1]);
  REQUIRE(grads[0].size() == grads[1].size());
  for (size_t i = 0; i < grads[0].size(); ++i) CHECK(grads[0][i] == grads[1][i]);
}
