// Inspect against the reference implementation (transformers, fixtures of
// tests/scripts/make_model_fixtures.py): the one-pass attention statistics equal the same statistics
// computed from transformers' attention probabilities (output_attentions) of the first and last
// layer — dense MHA, GQA, MLA V2 and V3 — and the routing summary (load, weight mass,
// co-activation, score entropy) equals the one built from the reference router's decisions.
#include "check.h"
#include "fixture.h"

#include <dsw/inspect.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace dsw;
using namespace dsw::test;

namespace {

// The bound. Probabilities agree with the reference within 1e-5 per entry
// (moe_mla_parity_test); the statistics, means over rows of sums over keys, land within ~4e-7.
constexpr double kStatTolerance = 1e-5;

// The statistics of one head from a full causal map ref[i * T + j] (as HeadStats defines them).
HeadStats stats_from_map(const float* ref, size_t T) {
  HeadStats s;
  std::vector<double> received(T, 0.0);
  for (size_t i = 0; i < T; ++i) {
    const float* row = ref + i * T;
    double h = 0, dist = 0;
    for (size_t j = 0; j <= i; ++j) {
      const double p = row[j];
      if (p > 0) h -= p * std::log(p);
      dist += p * double(i - j);
      received[j] += p;
    }
    s.entropy += h;
    s.distance += dist;
    s.first_token += row[0];
    if (i > 0) s.previous_token += row[i - 1];
  }
  s.entropy /= double(T);
  s.distance /= double(T);
  s.first_token /= double(T);
  s.previous_token /= double(T - 1);
  const auto top = std::max_element(received.begin(), received.end());
  s.sink = *top / double(T);
  s.sink_key = int64_t(top - received.begin());
  return s;
}

void check_attention_stats(const std::string& fixture, const std::string& name) {
  const Fixture f = load_fixture(fixture);
  const auto ids = f.ids("input_ids");
  const auto& c = f.model->config();
  auto session = make_inspection_session(f.model, int64_t(ids.size()));
  REQUIRE_OK(session);
  auto got = inspect_attention(**session, ids, {});
  REQUIRE_OK(got);
  REQUIRE(got->stats.has_value());
  const AttentionStats& st = *got->stats;
  const size_t T = ids.size();
  int layers_checked = 0;
  for (int64_t l : {int64_t(0), c.num_hidden_layers - 1}) {
    const std::string key = "attn_probs_layer" + std::to_string(l);
    if (!f.has(key)) continue;
    ++layers_checked;
    const auto ref = f.floats(key);  // [heads, T, T]
    REQUIRE(ref.size() == size_t(c.num_attention_heads) * T * T);
    double worst = 0;
    for (int64_t h = 0; h < c.num_attention_heads; ++h) {
      const HeadStats want = stats_from_map(ref.data() + size_t(h) * T * T, T);
      const HeadStats& have = st.at(l, h);
      for (HeadStat s : {HeadStat::entropy, HeadStat::previous_token, HeadStat::distance, HeadStat::first_token, HeadStat::sink}) {
        const double d = std::fabs(have.value(s) - want.value(s));
        worst = std::max(worst, d);
        if (d > kStatTolerance)
          std::printf("    %s layer %lld head %lld %s: %.8f vs reference %.8f\n", name.c_str(), (long long)l, (long long)h,
                      std::string(head_stat_name(s)).c_str(), have.value(s), want.value(s));
        CHECK(d <= kStatTolerance);
      }
      // The strongest sink is the same key unless two keys receive nearly the same attention.
      if (have.sink_key != want.sink_key) {
        const auto rec = st.received_by(l, h);
        REQUIRE(rec.size() == T);
        CHECK_NEAR(double(rec[size_t(have.sink_key)]), double(rec[size_t(want.sink_key)]), kStatTolerance * double(T));
      }
    }
    std::printf("    %s layer %lld: %lld heads x %zu tokens, max |dstat| %.2e\n", name.c_str(), (long long)l,
                (long long)c.num_attention_heads, T, worst);
  }
  CHECK(layers_checked > 0);
}

void check_routing_summary(const std::string& fixture, const std::string& name) {
  const Fixture f = load_fixture(fixture);
  const auto ids = f.ids("input_ids");
  const auto& c = f.model->config();
  auto session = make_inspection_session(f.model, int64_t(ids.size()));
  REQUIRE_OK(session);
  auto got = inspect_routing(**session, ids);
  REQUIRE_OK(got);
  const RoutingSummary& sum = got->summary;
  const int64_t E = c.n_routed_experts, k = c.num_experts_per_tok;
  const size_t T = ids.size();
  REQUIRE(sum.shape.experts == E && sum.shape.k == k);
  int layers_checked = 0;
  for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
    const std::string key = "router_idx_layer" + std::to_string(l);
    if (!f.has(key)) {
      CHECK_EQ(sum.tokens[size_t(l)], int64_t(0));
      continue;
    }
    ++layers_checked;
    const auto idx = f.ids(key);                                          // [T, k], by expert id
    const auto w = f.floats("router_weight_layer" + std::to_string(l));  // [T, k]
    const auto scores = f.floats("router_scores_layer" + std::to_string(l));  // [T, E]
    std::vector<int64_t> load(size_t(E), 0), co(size_t(E * E), 0);
    std::vector<double> mass(size_t(E), 0.0);
    double entropy = 0;
    for (size_t t = 0; t < T; ++t) {
      for (int64_t a = 0; a < k; ++a) {
        const int32_t ea = idx[t * size_t(k) + size_t(a)];
        ++load[size_t(ea)];
        mass[size_t(ea)] += w[t * size_t(k) + size_t(a)];
        for (int64_t b = 0; b < k; ++b) ++co[size_t(ea * E + idx[t * size_t(k) + size_t(b)])];
      }
      double total = 0, h = 0;
      for (int64_t e = 0; e < E; ++e) total += scores[t * size_t(E) + size_t(e)];
      for (int64_t e = 0; e < E; ++e) {
        const double p = scores[t * size_t(E) + size_t(e)] / total;
        if (p > 0) h -= p * std::log(p);
      }
      entropy += h;
    }
    CHECK_EQ(sum.tokens[size_t(l)], int64_t(T));
    double worst_mass = 0;
    for (int64_t e = 0; e < E; ++e) {
      CHECK_EQ(sum.load[size_t(l * E + e)], load[size_t(e)]);
      worst_mass = std::max(worst_mass, std::fabs(sum.weight_mass[size_t(l * E + e)] - mass[size_t(e)]));
      for (int64_t b = 0; b < E; ++b) CHECK_EQ(sum.coactivation[size_t((l * E + e) * E + b)], co[size_t(e * E + b)]);
    }
    const double dh = std::fabs(sum.token_entropy(l) - entropy / double(T));
    std::printf("    %s layer %lld: load and co-activation equal, max |dmass| %.2e, |dentropy| %.2e\n", name.c_str(), (long long)l,
                worst_mass, dh);
    CHECK(worst_mass <= 1e-5 * double(T));
    CHECK(dh <= 1e-5);
  }
  CHECK(layers_checked > 0);
}

}  // namespace

DSW_TEST(attention_stats_llama_mha) { check_attention_stats("llama_mha_untied", "llama"); }
DSW_TEST(attention_stats_qwen2_gqa) { check_attention_stats("qwen2_gqa_bias", "qwen2 gqa"); }
DSW_TEST(attention_stats_mla_v2) { check_attention_stats("deepseek_v2_lite_style", "mla v2"); }
DSW_TEST(attention_stats_mla_v3) { check_attention_stats("deepseek_v3_noaux", "mla v3"); }

DSW_TEST(routing_summary_v2_greedy) { check_routing_summary("deepseek_v2_lite_style", "v2 greedy"); }
DSW_TEST(routing_summary_v2_group_limited) { check_routing_summary("deepseek_v2_qlora_group", "v2 group-limited"); }
DSW_TEST(routing_summary_v3_noaux_tc) { check_routing_summary("deepseek_v3_noaux", "v3 noaux_tc"); }
DSW_TEST(routing_summary_v1_softmax) { check_routing_summary("deepseek_moe_v1", "v1 softmax"); }
