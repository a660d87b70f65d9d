// DeepSeek MoE and MLA parity with the reference implementation (transformers 5.23 for
// deepseek_v2/v3, the committed PyTorch reference for deepseek V1): logits for prefill, decode
// with the latent cache and batched sequences; router decisions for every token and MoE layer;
// attention probabilities from the observation tap; FP8 weights against their dequantised twin.
#include "capture.h"
#include "check.h"
#include "fixture.h"

#include "cpu/matmul.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

using namespace dsw;
using namespace dsw::test;

namespace {

constexpr double kLogitTolerance = 1e-4;
constexpr double kProbTolerance = 1e-5;

void check_logits(const Fixture& f, const std::string& name) {
  const auto ids = f.ids("input_ids");
  const auto ref = f.floats("logits");
  auto prefill = run_logits(f.model, ids, false);
  auto decode = run_logits(f.model, ids, true);
  REQUIRE(prefill.size() == ref.size() && decode.size() == ref.size());
  const double dp = max_abs_diff(prefill.data(), ref.data(), ref.size());
  const double dd = max_abs_diff(decode.data(), ref.data(), ref.size());
  std::printf("    %s: max |dlogit| prefill %.2e, decode %.2e\n", name.c_str(), dp, dd);
  CHECK(dp <= kLogitTolerance);
  CHECK(dd <= kLogitTolerance);
  if (f.has("input_ids_b")) {
    const auto ids_b = f.ids("input_ids_b");
    const auto ref_b = f.floats("logits_b");
    auto s = Session::create(f.model, {.n_ctx = 64, .n_seq = 2});
    REQUIRE_OK(s);
    Batch b;
    for (size_t i = 0; i < ids.size(); ++i) b.add(ids[i], int32_t(i), 0, true);
    for (size_t i = 0; i < ids_b.size(); ++i) b.add(ids_b[i], int32_t(i), 1, true);
    std::vector<float> logits;
    REQUIRE_OK((*s)->forward(b, logits));
    const size_t V = size_t(f.model->config().vocab_size);
    const double da = max_abs_diff(logits.data(), ref.data(), ref.size());
    const double db = max_abs_diff(logits.data() + ids.size() * V, ref_b.data(), ref_b.size());
    std::printf("    %s: batched a %.2e, b %.2e\n", name.c_str(), da, db);
    CHECK(da <= kLogitTolerance);
    CHECK(db <= kLogitTolerance);
  }
}

void check_routing(const Fixture& f, const std::string& name) {
  const auto ids = f.ids("input_ids");
  CaptureObserver obs;
  obs.routing = true;
  auto s = Session::create(f.model, {.n_ctx = 64});
  REQUIRE_OK(s);
  (*s)->set_observer(&obs);
  std::vector<float> logits;
  REQUIRE_OK((*s)->forward(Batch::sequence(ids, 0, 0, true), logits));
  const auto& c = f.model->config();
  int layers_checked = 0;
  for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
    const std::string key = "router_idx_layer" + std::to_string(l);
    if (!f.has(key)) {
      CHECK(!c.is_moe_layer(l));
      continue;
    }
    ++layers_checked;
    const auto ref_idx = f.ids(key);
    const auto ref_w = f.floats("router_weight_layer" + std::to_string(l));
    const auto ref_scores = f.floats("router_scores_layer" + std::to_string(l));
    const int64_t k = c.num_experts_per_tok, E = c.n_routed_experts;
    double worst_w = 0, worst_s = 0;
    int mismatches = 0;
    for (size_t t = 0; t < ids.size(); ++t) {
      auto it = obs.routes.find({l, int32_t(t)});
      REQUIRE(it != obs.routes.end());
      // Sort ours by expert id, as the reference dump is.
      std::vector<int> order(static_cast<size_t>(k));
      std::iota(order.begin(), order.end(), 0);
      std::sort(order.begin(), order.end(), [&](int a, int b) { return it->second.experts[size_t(a)] < it->second.experts[size_t(b)]; });
      for (int64_t i = 0; i < k; ++i) {
        const int o = order[size_t(i)];
        if (it->second.experts[size_t(o)] != ref_idx[t * size_t(k) + size_t(i)]) ++mismatches;
        worst_w = std::max(worst_w, double(std::fabs(it->second.weights[size_t(o)] - ref_w[t * size_t(k) + size_t(i)])));
      }
      worst_s = std::max(worst_s, max_abs_diff(it->second.scores.data(), ref_scores.data() + t * size_t(E), size_t(E)));
    }
    std::printf("    %s layer %lld: %d expert mismatches, max |dweight| %.2e, max |dscore| %.2e\n", name.c_str(), (long long)l,
                mismatches, worst_w, worst_s);
    CHECK_EQ(mismatches, 0);
    CHECK(worst_w <= 1e-5);
    CHECK(worst_s <= 1e-5);
  }
  CHECK(layers_checked > 0);
}

void check_attention_tap(const Fixture& f, const std::string& name) {
  const auto ids = f.ids("input_ids");
  const auto& c = f.model->config();
  for (int64_t l : {int64_t(0), c.num_hidden_layers - 1}) {
    const std::string key = "attn_probs_layer" + std::to_string(l);
    if (!f.has(key)) continue;
    const auto ref = f.floats(key);  // [nH, T, T]
    CaptureObserver obs;
    obs.attention_layers = {l};
    auto s = Session::create(f.model, {.n_ctx = 64});
    REQUIRE_OK(s);
    (*s)->set_observer(&obs);
    std::vector<float> logits;
    REQUIRE_OK((*s)->forward(Batch::sequence(ids, 0), logits));
    const size_t T = ids.size();
    double worst = 0;
    for (int64_t h = 0; h < c.num_attention_heads; ++h)
      for (size_t t = 0; t < T; ++t) {
        auto it = obs.probs.find({l, h, int32_t(t)});
        REQUIRE(it != obs.probs.end());
        REQUIRE(it->second.size() == t + 1);
        const float* row = ref.data() + (size_t(h) * T + t) * T;
        worst = std::max(worst, max_abs_diff(it->second.data(), row, t + 1));
        for (size_t j = t + 1; j < T; ++j) worst = std::max(worst, double(std::fabs(row[j])));  // reference is causal
      }
    std::printf("    %s attention layer %lld: max |dprob| %.2e over %zu heads x %zu tokens\n", name.c_str(), (long long)l, worst,
                size_t(c.num_attention_heads), T);
    CHECK(worst <= kProbTolerance);
  }
}

}  // namespace

DSW_TEST(deepseek_v2_lite_style_logits) { check_logits(load_fixture("deepseek_v2_lite_style"), "deepseek_v2_lite_style"); }
DSW_TEST(deepseek_v2_qlora_group_logits) { check_logits(load_fixture("deepseek_v2_qlora_group"), "deepseek_v2_qlora_group"); }
DSW_TEST(deepseek_v3_noaux_logits) { check_logits(load_fixture("deepseek_v3_noaux"), "deepseek_v3_noaux"); }
DSW_TEST(deepseek_moe_v1_logits) { check_logits(load_fixture("deepseek_moe_v1"), "deepseek_moe_v1"); }

DSW_TEST(router_parity_v2_greedy) { check_routing(load_fixture("deepseek_v2_lite_style"), "v2 greedy"); }
DSW_TEST(router_parity_v2_group_limited) { check_routing(load_fixture("deepseek_v2_qlora_group"), "v2 group-limited"); }
DSW_TEST(router_parity_v3_noaux_tc) { check_routing(load_fixture("deepseek_v3_noaux"), "v3 noaux_tc"); }
DSW_TEST(router_parity_v1_softmax) { check_routing(load_fixture("deepseek_moe_v1"), "v1 softmax"); }

DSW_TEST(attention_tap_llama) { check_attention_tap(load_fixture("llama_mha_untied"), "llama"); }
DSW_TEST(attention_tap_qwen2) { check_attention_tap(load_fixture("qwen2_gqa_bias"), "qwen2"); }
DSW_TEST(attention_tap_mla_v2) { check_attention_tap(load_fixture("deepseek_v2_lite_style"), "mla v2"); }
DSW_TEST(attention_tap_mla_v3) { check_attention_tap(load_fixture("deepseek_v3_noaux"), "mla v3"); }

DSW_TEST(fp8_matches_dequantised_twin) {
  Fixture fp8 = load_fixture("deepseek_v3_fp8");
  Fixture twin = load_fixture("deepseek_v3_fp8_dequant");
  CHECK(fp8.model->config().fp8_weights);
  const auto ids = twin.ids("input_ids");
  auto a = run_logits(fp8.model, ids, false);
  auto b = run_logits(twin.model, ids, false);
  const auto ref = twin.floats("logits");
  REQUIRE(a.size() == b.size() && a.size() == ref.size());
  const double d_twin = max_abs_diff(a.data(), b.data(), a.size());
  const double d_ref = max_abs_diff(a.data(), ref.data(), a.size());
  std::printf("    fp8 vs bf16 twin %.2e, fp8 vs reference %.2e\n", d_twin, d_ref);
  // Same arithmetic on both sides unless prefill runs FP8 and BF16 weights on different engines
  // (AVX512_BF16 without AMX: BF16 on vdpbf16ps, FP8 on sgemm; cpu/gemm_bf16.h).
  const bool same_engine = cpu::Matmul::prefill_engine(DType::f8_e4m3) == cpu::Matmul::prefill_engine(DType::bf16);
  CHECK(d_twin <= (same_engine ? 1e-5 : kLogitTolerance));
  CHECK(d_ref <= kLogitTolerance);
}

DSW_TEST(mtp_layers_are_skipped) {
  Fixture f = load_fixture("deepseek_v3_noaux");
  const auto& c = f.model->config();
  CHECK(c.num_nextn_predict_layers > 0);
  CHECK(f.model->files().tensors.contains("model.layers." + std::to_string(c.num_hidden_layers) + ".eh_proj.weight"));
}

DSW_TEST(mla_cache_holds_the_latent_only) {
  Fixture f = load_fixture("deepseek_v3_noaux");
  const auto& c = f.model->config();
  auto s = Session::create(f.model, {.n_ctx = 32});
  REQUIRE_OK(s);
  CHECK_EQ((*s)->kv_bytes_per_token(), uint64_t(c.num_hidden_layers * (c.kv_lora_rank + c.qk_rope_head_dim) * 4));
}
