// Comparing two versions: every metric is zero (or full agreement) for a model against itself,
// equals hand-computed values on constructed pairs, and incompatible pairs say exactly why.
#include "check.h"
#include "tiny_model.h"

#include <dsw/inspect.h>
#include <dsw/observer.h>
#include <dsw/runner.h>

#include <cmath>
#include <map>
#include <mutex>
#include <random>

using namespace dsw;

namespace {

std::vector<int32_t> prompt(int64_t n) {
  std::mt19937 rng(17);
  std::vector<int32_t> ids;
  for (int64_t i = 0; i < n; ++i) ids.push_back(int32_t(rng() % 250));
  return ids;
}

class ProbCapture final : public Observer {
 public:
  std::map<std::tuple<int64_t, int64_t, int64_t>, std::vector<float>> rows;
  bool wants_attention(int64_t) const override { return true; }
  void on_attention_row(const AttentionRowView& r) override {
    std::lock_guard lock(m_);
    rows[{r.layer, r.head, r.position}] = std::vector<float>(r.probs, r.probs + r.n_keys);
  }

 private:
  std::mutex m_;
};

void capture(ProbCapture& cap, const std::shared_ptr<Model>& m, const std::vector<int32_t>& ids) {
  auto s = make_inspection_session(m, int64_t(ids.size()));
  REQUIRE_OK(s);
  (*s)->set_observer(&cap);
  std::vector<float> logits;
  REQUIRE_OK((*s)->forward(Batch::sequence(ids, 0), logits));
  (*s)->set_observer(nullptr);
}

std::string message_of(const Status& s) { return s.message(); }

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A constructed capture: 2 layers (layer 0 dense), 4 experts, 2 per token, 3 tokens.
RoutingCapture constructed(const std::vector<std::vector<int32_t>>& sets) {
  RoutingShape shape;
  shape.layers = 2;
  shape.experts = 4;
  shape.k = 2;
  shape.moe_layer = {0, 1};
  shape.scoring = "softmax";
  RoutingCapture c;
  c.summary = RoutingSummary::empty(shape);
  c.trace.tokens = int64_t(sets.size());
  c.trace.layers = 2;
  c.trace.k = 2;
  c.trace.experts = 4;
  c.trace.expert.assign(size_t(sets.size() * 4), -1);
  c.trace.weight.assign(size_t(sets.size() * 4), 0.0f);
  const std::vector<float> scores = {0.25f, 0.25f, 0.25f, 0.25f}, weights = {0.5f, 0.5f};
  for (size_t t = 0; t < sets.size(); ++t) {
    c.tokens.push_back(int32_t(t + 10));
    c.summary.add_token(1, scores, sets[t], weights);
    c.trace.expert[(t * 2 + 1) * 2] = sets[t][0];
    c.trace.expert[(t * 2 + 1) * 2 + 1] = sets[t][1];
  }
  return c;
}

}  // namespace

DSW_TEST(js_divergence_by_hand) {
  const float a[] = {1, 0}, b[] = {0, 1}, c[] = {0.5f, 0.5f};
  CHECK_NEAR(js_divergence(a, b, 2), 1.0, 1e-12);
  CHECK_NEAR(js_divergence(a, a, 2), 0.0, 1e-12);
  // m = (0.75, 0.25): ½(0.5·log2(0.5/0.75) + 0.5·log2(0.5/0.25)) + ½·log2(1/0.75) = 0.311278
  CHECK_NEAR(js_divergence(c, a, 2), 0.5 * (0.5 * std::log2(0.5 / 0.75) + 0.5 + std::log2(1 / 0.75)), 1e-9);
  CHECK_NEAR(js_divergence(c, a, 2), 0.3112781244591328, 1e-7);
}

DSW_TEST(attention_against_itself_is_zero) {
  for (const std::string arch : {"llama", "deepseek_v2"}) {
    auto m = test::load_tiny_model(arch, 2);
    const auto ids = prompt(21);
    auto a = make_inspection_session(m, 21);
    auto b = make_inspection_session(m, 21);
    REQUIRE_OK(a);
    REQUIRE_OK(b);
    auto c = compare_attention(**a, **b, ids);
    REQUIRE_OK(c);
    CHECK_EQ(c->layers, m->config().num_hidden_layers);
    for (double v : c->js_mean) CHECK_NEAR(v, 0.0, 1e-9);
    for (double v : c->js_max) CHECK_NEAR(v, 0.0, 1e-9);
    for (double v : c->js_token) CHECK_NEAR(v, 0.0, 1e-9);
  }
}

DSW_TEST(attention_of_two_seeds_equals_row_by_row_computation) {
  // Two random versions of the same shape (seeds 1 and 2) share the tokenizer: the comparison
  // equals JS computed from both models' fully captured maps, whatever the chunking.
  auto ma = test::load_tiny_model("qwen2", 2, 1);
  auto mb = test::load_tiny_model("qwen2", 2, 2);
  const auto ids = prompt(25);
  ProbCapture ca, cb;
  capture(ca, ma, ids);
  capture(cb, mb, ids);
  const int64_t L = ma->config().num_hidden_layers, H = ma->config().num_attention_heads, T = 25;
  for (uint64_t budget : {uint64_t(256) << 20, uint64_t(1)}) {  // one chunk; one row per chunk
    auto a = make_inspection_session(ma, T);
    auto b = make_inspection_session(mb, T);
    auto c = compare_attention(**a, **b, ids, budget);
    REQUIRE_OK(c);
    std::vector<double> by_token(size_t(T), 0.0);
    for (int64_t l = 0; l < L; ++l)
      for (int64_t h = 0; h < H; ++h) {
        double sum = 0, mx = 0;
        for (int64_t t = 0; t < T; ++t) {
          const auto& p = ca.rows.at({l, h, t});
          const auto& q = cb.rows.at({l, h, t});
          double js = 0;
          for (size_t j = 0; j < p.size(); ++j) {
            const double m = 0.5 * (p[j] + q[j]);
            if (p[j] > 0) js += 0.5 * p[j] * std::log2(p[j] / m);
            if (q[j] > 0) js += 0.5 * q[j] * std::log2(q[j] / m);
          }
          sum += js;
          mx = std::max(mx, js);
          by_token[size_t(t)] += js / double(L * H);
        }
        CHECK_NEAR(c->js(l, h), sum / double(T), 1e-6);
        CHECK_NEAR(c->js_max[size_t(l * H + h)], mx, 1e-6);
        CHECK(c->js(l, h) > 0);
      }
    for (int64_t t = 0; t < T; ++t) CHECK_NEAR(c->js_token[size_t(t)], by_token[size_t(t)], 1e-6);
    CHECK_NEAR(c->js_token[0], 0.0, 1e-9);  // the first token attends only to itself in both
  }
}

DSW_TEST(incompatible_attention_pairs_say_why) {
  ModelConfig a = test::load_tiny_model("llama")->config();
  ModelConfig b = a;
  b.num_hidden_layers = 3;
  CHECK(contains(message_of(attention_comparable(a, b)), "A has 2 layers, B has 3"));
  b = a;
  b.num_attention_heads = 8;
  CHECK(contains(message_of(attention_comparable(a, b)), "A has 4 attention heads per layer, B has 8"));
  b = a;
  b.vocab_size = a.vocab_size + 1;
  CHECK(contains(message_of(attention_comparable(a, b)),
                 "vocabulary of " + std::to_string(a.vocab_size) + " tokens, B of " + std::to_string(a.vocab_size + 1)));
  CHECK(attention_comparable(a, a).is_ok());
  // Real sessions of two shapes: the comparison refuses before running anything.
  auto ma = test::load_tiny_model("llama");
  auto mb = test::load_tiny_model("deepseek_v2");
  auto sa = make_inspection_session(ma, 5);
  auto sb = make_inspection_session(mb, 5);
  auto c = compare_attention(**sa, **sb, prompt(5));
  CHECK(!c.is_ok());
  CHECK(c.status().code() == StatusCode::invalid_input);
  CHECK(contains(c.status().message(), "cannot compare"));
}

DSW_TEST(routing_against_itself_agrees_fully) {
  RunnerOptions o;
  o.device.n_threads = 2;
  o.n_ctx = 32;
  auto r = Runner::open(test::tiny_model_dir("deepseek_v2"), o);
  REQUIRE_OK(r);
  const auto ids = prompt(40);
  auto a = inspect_routing((*r)->session(), ids);
  auto b = inspect_routing((*r)->session(), ids);
  REQUIRE_OK(a);
  REQUIRE_OK(b);
  auto c = compare_routing(*a, *b);
  REQUIRE_OK(c);
  CHECK(c->per_token);
  CHECK_EQ(c->changed_any, 0.0);
  for (int64_t l = 0; l < c->shape.layers; ++l) {
    if (!c->shape.moe_layer[size_t(l)]) {
      CHECK(std::isnan(c->jaccard[size_t(l)]));
      continue;
    }
    CHECK_EQ(c->jaccard[size_t(l)], 1.0);
    CHECK_EQ(c->changed[size_t(l)], 0.0);
    CHECK(c->never_hit_a[size_t(l)] == c->never_hit_b[size_t(l)]);
    CHECK_NEAR(c->entropy_a[size_t(l)], c->entropy_b[size_t(l)], 1e-12);
  }
  for (double v : c->load_shift) CHECK_EQ(v, 0.0);
  for (double v : c->coactivation_change) CHECK_EQ(v, 0.0);
}

DSW_TEST(routing_constructed_pair_by_hand) {
  // Token sets in A: {0,1} {0,1} {2,3};  in B: {0,1} {0,2} {1,3}.
  const RoutingCapture a = constructed({{0, 1}, {0, 1}, {2, 3}});
  const RoutingCapture b = constructed({{0, 1}, {0, 2}, {1, 3}});
  auto c = compare_routing(a, b);
  REQUIRE_OK(c);
  REQUIRE(c->per_token);
  // Jaccard: 1, |{0}|/|{0,1,2}| = 1/3, |{3}|/|{1,2,3}| = 1/3 -> mean 5/9.
  CHECK_NEAR(c->jaccard[1], 5.0 / 9.0, 1e-12);
  CHECK(std::isnan(c->jaccard[0]));
  CHECK_NEAR(c->changed[1], 2.0 / 3.0, 1e-12);
  CHECK_NEAR(c->changed_any, 2.0 / 3.0, 1e-12);
  // Loads A: e0 2, e1 2, e2 1, e3 1; B: e0 2, e1 2, e2 1, e3 1 -> no shift although routing changed.
  for (int64_t e = 0; e < 4; ++e) CHECK_NEAR(c->load_shift[size_t(4 + e)], 0.0, 1e-12);
  // Co-activation (per token): pair (0,1) A 2/3, B 1/3; (0,2) A 0, B 1/3; (2,3) A 1/3, B 0; (1,3) A 0, B 1/3.
  auto co = [&](int a_, int b_) { return c->coactivation_change[size_t((1 * 4 + a_) * 4 + b_)]; };
  CHECK_NEAR(co(0, 1), -1.0 / 3.0, 1e-12);
  CHECK_NEAR(co(1, 0), -1.0 / 3.0, 1e-12);
  CHECK_NEAR(co(0, 2), 1.0 / 3.0, 1e-12);
  CHECK_NEAR(co(2, 3), -1.0 / 3.0, 1e-12);
  CHECK_NEAR(co(1, 3), 1.0 / 3.0, 1e-12);
  CHECK_NEAR(co(0, 0), 0.0, 1e-12);
  CHECK(c->never_hit_a[1].empty());

  // A pair where B never uses expert 3 and A never uses expert 2.
  const RoutingCapture x = constructed({{0, 1}, {1, 3}});
  const RoutingCapture y = constructed({{0, 1}, {0, 2}});
  auto d = compare_routing(x, y);
  REQUIRE_OK(d);
  CHECK(d->never_hit_a[1] == std::vector<int32_t>{2});
  CHECK(d->never_hit_b[1] == std::vector<int32_t>{3});
  // Load shares A: 0.5 1 0 0.5; B: 1 0.5 0.5 0 -> shift 0.5 -0.5 0.5 -0.5.
  CHECK_NEAR(d->load_shift[4], 0.5, 1e-12);
  CHECK_NEAR(d->load_shift[5], -0.5, 1e-12);
  CHECK_NEAR(d->load_shift[6], 0.5, 1e-12);
  CHECK_NEAR(d->load_shift[7], -0.5, 1e-12);
  // Jaccard: 1 and |{}|/|{1,3,0,2}| = 0 -> 0.5.
  CHECK_NEAR(d->jaccard[1], 0.5, 1e-12);

  // Other tokens: aggregates only, and the note says where they differ.
  RoutingCapture z = y;
  z.tokens[1] = 99;
  auto e = compare_routing(x, z);
  REQUIRE_OK(e);
  CHECK(!e->per_token);
  CHECK(contains(e->per_token_note, "the runs differ at token 1 (11 in A, 99 in B)"));
}

DSW_TEST(incompatible_routing_pairs_say_why) {
  const RoutingCapture a = constructed({{0, 1}});
  RoutingCapture b = a;
  b.summary.shape.experts = 8;
  CHECK(contains(message_of(compare_routing(a, b).status()), "A has 4 routed experts per MoE layer, B has 8"));
  b = a;
  b.summary.shape.layers = 3;
  b.summary.shape.moe_layer = {0, 1, 1};
  CHECK(contains(message_of(compare_routing(a, b).status()), "A has 2 layers, B has 3"));
  b = a;
  b.summary.shape.moe_layer = {1, 1};
  CHECK(contains(message_of(compare_routing(a, b).status()), "layer 0 is dense in A but an MoE layer in B"));
  b = a;
  b.summary.shape.experts = 0;
  CHECK(contains(message_of(compare_routing(a, b).status()), "B is a dense model with no MoE layers"));
}

DSW_TEST(tokenizers_must_agree) {
  RunnerOptions o;
  o.device.n_threads = 1;
  auto a = Runner::open(test::tiny_model_dir("deepseek_v2"), o);
  REQUIRE_OK(a);
  const Tokenizer& tiny = *(*a)->tokenizer();
  CHECK(same_tokens(tiny, tiny, "hello there").is_ok());
  auto v3 = load_tokenizer(test::source_dir() / "tests/fixtures/tokenizers/deepseek-v3/tokenizer.json");
  REQUIRE_OK(v3);
  const Status s = same_tokens(tiny, **v3, "hello there");
  CHECK(s.code() == StatusCode::invalid_input);
  CHECK(contains(s.message(), "the tokenizers differ"));
}
