// The Linear seam on every architecture: LoRA adapters on every weight multiply (attention incl.
// MLA's absorbed kv_b, dense MLP, shared and routed experts, router, head) give the logits of the
// merged weights; zero adapters change nothing; per-row adapter slots equal single-adapter runs;
// the Linear tap sees every multiply's input; bad adapters are refused by name.
#include "check.h"
#include "fixture.h"
#include "tiny_model.h"

#include <dsw/adapter.h>
#include <dsw/session.h>

#include "compute/linear.h"
#include "runtime/model_impl.h"
#include "runtime/session_internal.h"

#include <map>
#include <random>
#include <set>

using namespace dsw;

namespace {

const std::vector<int32_t> kPrompt = {256, 72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100};

Tensor random_matrix(int64_t rows, int64_t cols, std::mt19937& rng, float scale) {
  Tensor t = Tensor::host(DType::f32, {rows, cols});
  std::normal_distribution<float> nd(0.0f, scale);
  for (int64_t i = 0; i < rows * cols; ++i) t.data_as<float>()[i] = nd(rng);
  return t;
}

// An adapter set with rank-4 LoRA pairs on every Linear of `model` (B non-zero unless zero_b).
std::shared_ptr<AdapterSet> adapters_for(const Model& model, uint32_t seed, bool zero_b = false, const std::string& name = "test") {
  std::mt19937 rng(seed);
  auto set = std::make_shared<AdapterSet>();
  set->name = name;
  for (const auto& l : model.linears()) {
    LoraWeights w;
    w.a = random_matrix(4, l.in_features, rng, 0.2f);
    w.b = random_matrix(l.out_features, 4, rng, zero_b ? 0.0f : 0.2f);
    if (zero_b) std::fill(w.b.data_as<float>(), w.b.data_as<float>() + w.b.numel(), 0.0f);
    w.scale = 0.75f;
    set->modules[l.name] = w;
  }
  return set;
}

// The base model with every adapted Linear replaced by f32 W + scale·B·A, merged here by plain loops.
std::shared_ptr<Model> merged_model(const std::shared_ptr<Model>& base, const AdapterSet& set) {
  auto impl = std::dynamic_pointer_cast<const ModelImpl>(base)->clone();
  impl->for_each_linear([&](Linear& l) {
    auto it = set.modules.find(l.name());
    if (it == set.modules.end()) return;
    const int64_t N = l.out_features(), K = l.in_features(), r = it->second.a.dim(0);
    REQUIRE(l.dtype() == DType::f32);  // tiny models are written in f32
    Tensor merged = Tensor::host(DType::f32, {N, K});
    const float* W = l.base().w.data_as<const float>();
    const float* A = it->second.a.data_as<const float>();
    const float* B = it->second.b.data_as<const float>();
    float* M = merged.data_as<float>();
    for (int64_t n = 0; n < N; ++n)
      for (int64_t k = 0; k < K; ++k) {
        double acc = 0;
        for (int64_t j = 0; j < r; ++j) acc += double(B[n * r + j]) * double(A[j * K + k]);
        M[n * K + k] = W[n * K + k] + float(double(it->second.scale) * acc);
      }
    StoredWeight sw = StoredWeight::f32_view(merged);
    sw.bias = l.base().bias;
    l.set_base(sw);
  });
  impl->refresh_views();
  return impl;
}

double rel_max_diff(const std::vector<float>& a, const std::vector<float>& b) {
  double m = 0, ref = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    m = std::max(m, double(std::fabs(a[i] - b[i])));
    ref = std::max(ref, double(std::fabs(b[i])));
  }
  return m / std::max(ref, 1e-12);
}

}  // namespace

DSW_TEST(adapters_on_every_linear_equal_merged_weights) {
  for (const auto& arch : test::tiny_architectures()) {
    auto base = test::load_tiny_model(arch, 2);
    auto set = adapters_for(*base, 7);
    auto adapted = attach_adapters(base, {set});
    REQUIRE_OK(adapted);
    for (const auto& l : (*adapted)->linears()) CHECK_EQ(l.adapters, 1);
    auto merged = merged_model(base, *set);
    for (bool one_by_one : {false, true}) {
      auto got = test::run_logits(*adapted, kPrompt, one_by_one);
      auto want = test::run_logits(merged, kPrompt, one_by_one);
      REQUIRE(got.size() == want.size());
      const double d = rel_max_diff(got, want);
      if (!(d < 2e-5)) CHECK_EQ(arch + (one_by_one ? " decode " : " prefill ") + std::to_string(d), std::string("< 2e-5"));
      // The adapters are not a no-op.
      CHECK(rel_max_diff(got, test::run_logits(base, kPrompt, one_by_one)) > 1e-3);
    }
  }
}

DSW_TEST(zero_adapters_change_nothing) {
  for (const auto& arch : test::tiny_architectures()) {
    auto base = test::load_tiny_model(arch, 1);
    auto adapted = attach_adapters(base, {adapters_for(*base, 3, true)});
    REQUIRE_OK(adapted);
    auto got = test::run_logits(*adapted, kPrompt, false);
    auto want = test::run_logits(base, kPrompt, false);
    CHECK(test::max_abs_diff(got.data(), want.data(), got.size()) <= 1e-6);
  }
}

DSW_TEST(per_row_adapter_slots_equal_single_adapter_runs) {
  for (const auto& arch : test::tiny_architectures()) {
    auto base = test::load_tiny_model(arch, 2);
    auto s0 = adapters_for(*base, 11, false, "a"), s1 = adapters_for(*base, 12, false, "b");
    auto both = attach_adapters(base, {s0, s1});
    REQUIRE_OK(both);
    CHECK_EQ((*both)->adapter_names().size(), size_t(2));
    auto only0 = attach_adapters(base, {s0});
    auto only1 = attach_adapters(base, {s1});
    REQUIRE_OK(only0);
    REQUIRE_OK(only1);
    auto session = Session::create(*both, {.n_ctx = 64, .n_seq = 3});
    REQUIRE_OK(session);
    // One batch: sequence 0 with slot 0, sequence 1 with slot 1, sequence 2 with the base (-1).
    Batch b;
    const std::vector<int32_t> p1 = {256, 70, 111, 120}, p2 = {256, 66, 97, 114, 33};
    for (size_t i = 0; i < kPrompt.size(); ++i) b.add(kPrompt[i], int32_t(i), 0, true), b.adapter_slots.push_back(0);
    for (size_t i = 0; i < p1.size(); ++i) b.add(p1[i], int32_t(i), 1, true), b.adapter_slots.push_back(1);
    for (size_t i = 0; i < p2.size(); ++i) b.add(p2[i], int32_t(i), 2, true), b.adapter_slots.push_back(-1);
    std::vector<float> logits;
    REQUIRE_OK((*session)->forward(b, logits));
    const int64_t V = (*session)->vocab_size();
    auto w0 = test::run_logits(*only0, kPrompt, false);
    auto w1 = test::run_logits(*only1, p1, false);
    auto w2 = test::run_logits(base, p2, false);
    const std::vector<float> g0(logits.begin(), logits.begin() + int64_t(kPrompt.size()) * V);
    const std::vector<float> g1(logits.begin() + int64_t(kPrompt.size()) * V, logits.begin() + int64_t(kPrompt.size() + p1.size()) * V);
    const std::vector<float> g2(logits.begin() + int64_t(kPrompt.size() + p1.size()) * V, logits.end());
    CHECK(rel_max_diff(g0, w0) < 2e-5);
    CHECK(rel_max_diff(g1, w1) < 2e-5);
    CHECK(rel_max_diff(g2, w2) < 2e-5);
    // A slot outside the attached sets is refused.
    Batch bad = Batch::sequence({256, 65}, 0, 0);
    bad.adapter_slots = {0, 2};
    (*session)->clear();
    CHECK((*session)->forward(bad, logits).code() == StatusCode::invalid_input);
  }
}

DSW_TEST(bad_adapters_are_refused_by_name) {
  auto base = test::load_tiny_model("deepseek_v3", 1);
  std::mt19937 rng(1);
  auto unknown = std::make_shared<AdapterSet>();
  unknown->name = "stray";
  unknown->modules["model.layers.99.self_attn.q_proj"] = {random_matrix(2, 8, rng, 1), random_matrix(8, 2, rng, 1), 1.0f};
  auto r = attach_adapters(base, {unknown});
  CHECK(r.status().code() == StatusCode::invalid_input);
  CHECK(r.status().message().find("model.layers.99.self_attn.q_proj") != std::string::npos);
  CHECK(r.status().message().find("stray") != std::string::npos);

  auto shape = std::make_shared<AdapterSet>();
  shape->name = "wrong-shape";
  const auto first = base->linears().front();
  shape->modules[first.name] = {random_matrix(4, first.in_features + 1, rng, 1), random_matrix(first.out_features, 4, rng, 1), 1.0f};
  auto s = attach_adapters(base, {shape});
  CHECK(s.status().code() == StatusCode::invalid_input);
  CHECK(s.status().message().find(first.name) != std::string::npos);
}

namespace {

class RecordingTap final : public LinearTap {
 public:
  bool wants(const Linear&) const override { return true; }
  void on_input(const Linear& l, const float*, int64_t T, int64_t) override { rows[l.name()] += T; }
  std::map<std::string, int64_t> rows;
};

}  // namespace

DSW_TEST(linear_tap_sees_every_multiply_input) {
  for (const auto& arch : test::tiny_architectures()) {
    auto model = test::load_tiny_model(arch, 1);
    auto session = Session::create(model, {.n_ctx = 64});
    REQUIRE_OK(session);
    RecordingTap tap;
    set_linear_tap(**session, &tap);
    std::vector<float> logits;
    REQUIRE_OK((*session)->forward(Batch::sequence(kPrompt, 0), logits));
    const int64_t T = int64_t(kPrompt.size());
    const ModelConfig& c = model->config();
    int64_t expert_rows = 0;
    for (const auto& l : model->linears()) {
      if (l.role == "routed_expert") {
        if (l.name.size() > 10 && l.name.compare(l.name.size() - 9, 9, "gate_proj") == 0) expert_rows += tap.rows[l.name];
        continue;
      }
      // Everything else sees every token, except the head, which sees the rows that want logits.
      CHECK_EQ(tap.rows[l.name], l.role == "output" ? int64_t(1) : T);
    }
    // Routed experts see k tokens' rows per MoE layer in total.
    int64_t moe_layers = 0;
    for (int64_t l = 0; l < c.num_hidden_layers; ++l) moe_layers += c.is_moe_layer(l) ? 1 : 0;
    CHECK_EQ(expert_rows, c.is_moe() ? moe_layers * T * c.num_experts_per_tok : int64_t(0));
  }
}
