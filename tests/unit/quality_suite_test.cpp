// The quality suite against brute force: every logit row of both models kept, softmax and KL
// computed directly, routing recorded with the analysis recorder and compared set by set; the
// per-layer output error is zero for a model against itself; quality rows survive the store.
#include "check.h"
#include "tiny_model.h"

#include <dsw/analysis.h>
#include <dsw/bench.h>
#include <dsw/convert.h>
#include <dsw/gguf_export.h>
#include <dsw/quantize.h>
#include <dsw/runner.h>
#include <dsw/store.h>

#include <algorithm>
#include <cmath>
#include <fstream>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

const char* kText =
    "The little robot looked at the stars and wondered how far away they were. It asked the old owl, who knew many "
    "things, and the owl told it a story about light that travels for a very long time. ";

struct Brute {
  double ppl_ref = 0, ppl = 0, kl_mean = 0, kl_p99 = 0, top1 = 0, jaccard = -1, changed = -1;
};

std::vector<double> softmax(const float* x, int64_t V) {
  std::vector<double> p(static_cast<size_t>(V));
  double m = x[0], s = 0;
  for (int64_t i = 0; i < V; ++i) m = std::max(m, double(x[i]));
  for (int64_t i = 0; i < V; ++i) s += p[size_t(i)] = std::exp(double(x[i]) - m);
  for (auto& v : p) v /= s;
  return p;
}

// The suite's protocol (chunks of ctx, BOS first, second half scored) with all logits kept.
Brute brute_force(const std::shared_ptr<Model>& ref, const std::shared_ptr<Model>& model, const std::vector<int32_t>& ids, int64_t ctx,
                  int32_t bos) {
  const int64_t V = model->config().vocab_size, chunks = int64_t(ids.size()) / ctx, first = ctx / 2;
  std::vector<double> kls;
  double nr = 0, nq = 0, top1 = 0, jac = 0, chg = 0, routed = 0;
  for (int64_t c = 0; c < chunks; ++c) {
    std::vector<int32_t> w(ids.begin() + c * ctx, ids.begin() + (c + 1) * ctx);
    w[0] = bos;
    std::vector<float> a, b;
    RoutingRecorder ra(ref->config()), rb(model->config());
    auto sa = Session::create(ref, {.n_ctx = ctx});
    auto sb = Session::create(model, {.n_ctx = ctx});
    (*sa)->set_observer(&ra);
    (*sb)->set_observer(&rb);
    // The same forward splits as the suite (the first half, then 16 rows at a time), so both see
    // bit-identical logits and routings; every row's logits are kept here.
    for (int64_t j0 = 0; j0 < ctx - 1; j0 = j0 < first ? first : j0 + 16) {
      const int64_t j1 = j0 < first ? first : std::min(j0 + 16, ctx - 1);
      Batch part;
      for (int64_t j = j0; j < j1; ++j) part.add(w[size_t(j)], int32_t(j), 0, true);
      std::vector<float> pa, pb;
      REQUIRE_OK((*sa)->forward(part, pa));
      REQUIRE_OK((*sb)->forward(part, pb));
      a.insert(a.end(), pa.begin(), pa.end());
      b.insert(b.end(), pb.begin(), pb.end());
    }
    for (int64_t j = first; j < ctx - 1; ++j) {
      const auto p = softmax(a.data() + j * V, V), q = softmax(b.data() + j * V, V);
      double kl = 0;
      for (int64_t i = 0; i < V; ++i) kl += p[size_t(i)] * (std::log(p[size_t(i)]) - std::log(q[size_t(i)]));
      kls.push_back(kl);
      const int32_t t = ids[size_t(c * ctx + j + 1)];
      nr -= std::log(p[size_t(t)]);
      nq -= std::log(q[size_t(t)]);
      top1 += std::max_element(p.begin(), p.end()) - p.begin() == std::max_element(q.begin(), q.end()) - q.begin();
    }
    REQUIRE(ra.steps().size() == rb.steps().size());
    for (size_t i = 0; i < ra.steps().size(); ++i) {
      auto x = ra.steps()[i].experts, y = rb.steps()[i].experts;
      std::sort(x.begin(), x.end());
      std::sort(y.begin(), y.end());
      int inter = 0;
      for (int32_t e : x) inter += std::count(y.begin(), y.end(), e) > 0;
      jac += double(inter) / double(x.size() + y.size() - size_t(inter));
      chg += x == y ? 0 : 1;
      routed += 1;
    }
  }
  Brute r;
  const double n = double(kls.size());
  r.ppl_ref = std::exp(nr / n);
  r.ppl = std::exp(nq / n);
  for (double k : kls) r.kl_mean += k / n;
  r.kl_p99 = percentile(kls, 99);
  r.top1 = top1 / n;
  if (routed > 0) r.jaccard = jac / routed, r.changed = chg / routed;
  return r;
}

}  // namespace

DSW_TEST(quality_suite_equals_brute_force) {
  const fs::path text = test::temp_dir() / "quality.txt";
  {
    std::ofstream f(text);
    for (int i = 0; i < 6; ++i) f << kText;
  }
  for (const std::string arch : {"llama", "deepseek"}) {
    auto base = test::load_tiny_model(arch, 2);
    auto runner = Runner::open(test::tiny_model_dir(arch), {});
    REQUIRE_OK(runner);
    const Tokenizer& tok = *(*runner)->tokenizer();
    QuantizeOptions o;
    o.bits = 4;
    o.n_threads = 2;
    auto q = quantize_model(base, &tok, o);
    REQUIRE_OK(q);
    QualityBenchOptions qo;
    qo.file = text.string();
    qo.ctx = 64;
    qo.max_chunks = 3;
    QualityLayers layers;
    auto row = run_quality_bench(base, q->model, tok, qo, no_job(), &layers);
    REQUIRE_OK(row);
    auto ids = tok.encode(std::string(kText) + kText + kText + kText + kText + kText, {.add_special = true});
    REQUIRE_OK(ids);
    ids->resize(size_t(3 * 64));
    const Brute b = brute_force(base, q->model, *ids, 64, *tok.bos_id());
    CHECK_NEAR(*row->reference_perplexity, b.ppl_ref, 1e-6 * b.ppl_ref);
    CHECK_NEAR(*row->perplexity, b.ppl, 1e-6 * b.ppl);
    CHECK_NEAR(*row->delta_ppl_pct, (b.ppl / b.ppl_ref - 1) * 100, 1e-4);
    CHECK_NEAR(*row->kld_mean, b.kl_mean, 1e-6 + 1e-4 * b.kl_mean);
    CHECK_NEAR(*row->kld_p99, b.kl_p99, 1e-6 + 1e-4 * b.kl_p99);
    CHECK_NEAR(*row->top1_agreement, b.top1, 1e-12);
    CHECK(*row->kld_mean > 0);  // 4-bit weights do change the distributions
    if (arch == "deepseek") {
      REQUIRE(row->routing_jaccard.has_value());
      CHECK_NEAR(*row->routing_jaccard, b.jaccard, 1e-9);
      CHECK_NEAR(*row->routing_changed, b.changed, 1e-9);
      CHECK(b.changed > 0);  // and flip some routings
    } else {
      CHECK(!row->routing_jaccard.has_value());
    }
    CHECK(*row->layer_error_max > 0 && *row->layer_error_max < 0.5);
    for (int64_t l = 0; l < base->config().num_hidden_layers; ++l) CHECK(layers.error[size_t(l)] > 0);
    // Against itself everything agrees.
    auto self = run_quality_bench(base, base, tok, qo);
    REQUIRE_OK(self);
    CHECK_NEAR(*self->kld_mean, 0.0, 1e-9);
    CHECK_EQ(*self->top1_agreement, 1.0);
    CHECK_EQ(*self->layer_error_max, 0.0);
  }
}

DSW_TEST(quality_rows_are_stored_with_their_columns) {
  auto base = test::load_tiny_model("llama", 1);
  auto runner = Runner::open(test::tiny_model_dir("llama"), {});
  REQUIRE_OK(runner);
  const fs::path text = test::temp_dir() / "q2.txt";
  {
    std::ofstream f(text);
    for (int i = 0; i < 3; ++i) f << kText;
  }
  QualityBenchOptions qo;
  qo.file = text.string();
  qo.ctx = 64;
  qo.reference_path = "base";
  auto row = run_quality_bench(base, base, *(*runner)->tokenizer(), qo);
  REQUIRE_OK(row);
  const fs::path db = test::temp_dir() / "quality.db";
  fs::remove(db);
  auto store = Store::open(db);
  REQUIRE_OK(store);
  auto id = (*store)->insert_bench(*row);
  REQUIRE_OK(id);
  auto rows = (*store)->list_bench();
  REQUIRE_OK(rows);
  REQUIRE(!rows->empty());
  CHECK_EQ(rows->front().suite.value_or(""), std::string("quality"));
  CHECK_EQ(rows->front().reference_path.value_or(""), std::string("base"));
  CHECK(rows->front().kld_mean.has_value() && rows->front().quality_layers.has_value());
  CHECK_EQ(quality_layers_from_json(*rows->front().quality_layers).error.size(), size_t(base->config().num_hidden_layers));
}

// A llama GGUF stores q/k rows in llama.cpp's interleaved-RoPE order; its Linears compute the same
// outputs as the HF original in another row order, so the per-layer error of an F32 export against
// its original must be zero (it compared rows in storage order and reported errors above 1).
DSW_TEST(quality_layer_error_of_a_gguf_against_its_original_is_zero) {
  auto base = test::load_tiny_model("llama", 1);
  auto runner = Runner::open(test::tiny_model_dir("llama"), {});
  REQUIRE_OK(runner);
  const fs::path gguf = test::temp_dir() / "quality-f32.gguf";
  GgufExportOptions eo;
  eo.type = GgufExportType::f32;
  REQUIRE_OK(export_gguf(base->files(), gguf, eo));
  auto exported = Runner::open(gguf, {});
  REQUIRE_OK(exported);
  CHECK(exported.value()->model()->config().rope_layout == RopeLayout::interleaved);
  const fs::path text = test::temp_dir() / "q3.txt";
  {
    std::ofstream f(text);
    for (int i = 0; i < 3; ++i) f << kText;
  }
  QualityBenchOptions qo;
  qo.file = text.string();
  qo.ctx = 64;
  QualityLayers layers;
  auto row = run_quality_bench(base, (*exported)->model(), *(*runner)->tokenizer(), qo, no_job(), &layers);
  REQUIRE_OK(row);
  CHECK(std::abs(*row->delta_ppl_pct) < 1e-3);
  REQUIRE(!layers.error.empty());
  for (double e : layers.error) CHECK(e >= 0 && e < 1e-5);
}

// An upcycled MoE against its dense parent: logits are compared (equal at step 0: Δppl and KL
// zero up to float order) and routing agreement is left out, since the parent routes nothing.
DSW_TEST(quality_of_an_upcycled_moe_against_its_dense_parent) {
  const fs::path moe_dir = test::temp_dir() / "upcycled";
  fs::remove_all(moe_dir);
  UpcycleOptions uo;
  uo.experts = 4;
  uo.top_k = 2;
  uo.router_std = 0.3;
  REQUIRE_OK(upcycle_to_moe(test::tiny_model_dir("llama"), uo, moe_dir));
  auto dense = test::load_tiny_model("llama", 1);
  auto runner = Runner::open(moe_dir, {});
  REQUIRE_OK(runner);
  const fs::path text = test::temp_dir() / "q3.txt";
  {
    std::ofstream f(text);
    for (int i = 0; i < 3; ++i) f << kText;
  }
  QualityBenchOptions qo;
  qo.file = text.string();
  qo.ctx = 64;
  qo.reference_path = "dense";
  auto row = run_quality_bench(dense, (*runner)->model(), *(*runner)->tokenizer(), qo);
  REQUIRE_OK(row);
  CHECK(row->kld_mean.has_value() && *row->kld_mean < 1e-6);
  CHECK(row->delta_ppl_pct.has_value() && std::abs(*row->delta_ppl_pct) < 1e-3);
  CHECK(!row->routing_jaccard.has_value());
}
