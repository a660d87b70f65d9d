// The quality suite: a (quantised) model against its reference on the same tokens.
//
// Both sessions run the same windows in lockstep: the unscored first half of a window in one
// forward without logits, then the scored rows 16 at a time, so no more than 16 rows of logits per
// model are ever held (llama.cpp's KL mode stores every base logit in a file first). Routing is
// recorded per window by an observer on each session and compared (layer, token) by (layer, token);
// the per-layer output error comes from a LinearTap on the reference session that multiplies each
// Linear's input by both models' weights.
#include <dsw/bench.h>

#include "bench/run_memory.h"
#include "compute/linear.h"
#include "core/error.h"
#include "core/json_strict.h"
#include "cpu/matmul.h"
#include "runtime/model_impl.h"
#include "runtime/session_internal.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace dsw {
namespace {

constexpr int64_t kRowsPerStep = 16;

int64_t layer_of(const std::string& name) {
  const std::string prefix = "model.layers.";
  if (name.rfind(prefix, 0) != 0) return -1;
  int64_t v = 0;
  for (size_t i = prefix.size(); i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) v = v * 10 + (name[i] - '0');
  return v;
}

// The selected experts of every routed token, in call order (layer-major within a forward).
class RoutingLog final : public Observer {
 public:
  struct Entry {
    int64_t layer;
    std::vector<int32_t> experts;  // sorted
  };
  bool wants_routing() const override { return true; }
  void on_routing(int64_t layer, int32_t, int32_t, std::span<const float>, std::span<const int32_t> experts,
                  std::span<const float>) override {
    Entry e{layer, {experts.begin(), experts.end()}};
    std::sort(e.experts.begin(), e.experts.end());
    entries.push_back(std::move(e));
  }
  std::vector<Entry> entries;
};

// ‖x·Ŵᵀ − x·Wᵀ‖² and ‖x·Wᵀ‖² per Linear, from the reference's own inputs.
class LayerErrorTap final : public LinearTap {
 public:
  // `qk_head_dim` > 0: the model stores q/k rows in the interleaved-RoPE order and the reference in
  // the half order (a llama GGUF against its HF original: llama.cpp's permute within each head of
  // that many rows), so q_proj/k_proj outputs are compared row for row through that permutation.
  LayerErrorTap(const ModelImpl& model, int n_threads, int64_t qk_head_dim)
      : pool_(n_threads), matmul_(pool_), qk_head_dim_(qk_head_dim) {
    const_cast<ModelImpl&>(model).for_each_linear([&](Linear& l) { other_[l.name()] = &l; });
  }
  bool wants(const Linear& l) const override { return l.role() != LinearRole::router && other_.count(l.name()); }
  void on_input(const Linear& l, const float* x, int64_t T, int64_t ldx) override {
    const Linear& q = *other_.at(l.name());
    if (q.base().rows != l.base().rows || q.base().cols != l.base().cols) return;
    const int64_t N = l.out_features();
    a_.resize(size_t(T * N));
    b_.resize(size_t(T * N));
    matmul_.run(x, T, ldx, l.base(), a_.data(), N);
    matmul_.run(x, T, ldx, q.base(), b_.data(), N);
    double e = 0, r = 0;
    const int64_t d = qk_head_dim_;
    const bool permuted = d > 0 && N % d == 0 && (ends_with(l.name(), "q_proj") || ends_with(l.name(), "k_proj"));
    for (int64_t t = 0; t < T; ++t) {
      const float* a = a_.data() + t * N;
      const float* b = b_.data() + t * N;
      for (int64_t n = 0; n < N; ++n) {
        // Interleaved row 2i + j of a head is half-layout row j·d/2 + i.
        const int64_t ref = permuted ? (n / d) * d + (n % 2) * (d / 2) + (n % d) / 2 : n;
        const double diff = double(b[n]) - a[ref];
        e += diff * diff;
        r += double(a[ref]) * a[ref];
      }
    }
    auto& acc = per_layer[layer_of(l.name())];
    acc.first += e;
    acc.second += r;
  }
  std::map<int64_t, std::pair<double, double>> per_layer;

 private:
  ThreadPool pool_;
  cpu::Matmul matmul_;
  static bool ends_with(const std::string& s, std::string_view tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  }
  std::map<std::string, const Linear*> other_;
  std::vector<float> a_, b_;
  int64_t qk_head_dim_ = 0;
};

struct RowStats {
  double nll_ref = 0, nll = 0, kl = 0;
  bool top1_same = false;
};

// log-softmax pieces in double; KL(p‖q) = Σ p (log p − log q).
RowStats compare_rows(const float* ref, const float* q, int64_t V, int32_t target) {
  double mr = ref[0], mq = q[0];
  int64_t ar = 0, aq = 0;
  for (int64_t i = 1; i < V; ++i) {
    if (ref[i] > mr) mr = ref[i], ar = i;
    if (q[i] > mq) mq = q[i], aq = i;
  }
  double sr = 0, sq = 0;
  for (int64_t i = 0; i < V; ++i) sr += std::exp(double(ref[i]) - mr), sq += std::exp(double(q[i]) - mq);
  const double lr = mr + std::log(sr), lq = mq + std::log(sq);
  double kl = 0;
  for (int64_t i = 0; i < V; ++i) {
    const double lp = double(ref[i]) - lr, lqi = double(q[i]) - lq;
    kl += std::exp(lp) * (lp - lqi);
  }
  RowStats s;
  s.nll_ref = -(double(ref[target]) - lr);
  s.nll = -(double(q[target]) - lq);
  s.kl = std::max(kl, 0.0);
  s.top1_same = ar == aq;
  return s;
}

}  // namespace

std::string quality_layers_to_json(const QualityLayers& l) {
  nlohmann::json j;
  j["error"] = l.error;
  j["jaccard"] = l.jaccard;
  j["changed"] = l.changed;
  return j.dump();
}

QualityLayers quality_layers_from_json(std::string_view text) {
  QualityLayers l;
  try {
    const nlohmann::json j = parse_json_strict(text, "quality layers");
    l.error = j.value("error", std::vector<double>{});
    l.jaccard = j.value("jaccard", std::vector<double>{});
    l.changed = j.value("changed", std::vector<double>{});
  } catch (const std::exception&) {
    return {};
  }
  return l;
}

Result<BenchRow> run_quality_bench(const std::shared_ptr<Model>& reference, const std::shared_ptr<Model>& model, const Tokenizer& tok,
                                   const QualityBenchOptions& o, const JobContext& job, QualityLayers* layers_out) {
  return guard([&] {
    const ModelConfig& rc = reference->config();
    const ModelConfig& mc = model->config();
    if (rc.vocab_size != mc.vocab_size || rc.num_hidden_layers != mc.num_hidden_layers || rc.hidden_size != mc.hidden_size)
      fail_invalid("quality: the reference (" + o.reference_path + ") is not the same model shape: vocabulary " +
                   std::to_string(rc.vocab_size) + " vs " + std::to_string(mc.vocab_size) + ", layers " +
                   std::to_string(rc.num_hidden_layers) + " vs " + std::to_string(mc.num_hidden_layers));
    const std::string text = read_input_file(o.file, InputKind::text);  // regular files only, size-capped
    const std::vector<int32_t> ids = unwrap(tok.encode(text, {.add_special = true, .parse_special = false, .job = &job}));
    const int64_t ctx = o.ctx, V = mc.vocab_size, L = mc.num_hidden_layers;
    if (ctx < 4) fail_invalid("quality: context must be at least 4 tokens");
    int64_t n_chunk = int64_t(ids.size()) / ctx;
    if (n_chunk < 1)
      fail_invalid(o.file + ": the text has " + std::to_string(ids.size()) + " tokens, fewer than one window of " + std::to_string(ctx));
    if (o.max_chunks > 0) n_chunk = std::min(n_chunk, o.max_chunks);
    const std::optional<int32_t> bos = tok.adds_bos() ? tok.bos_id() : std::nullopt;

    // The run's own memory: both models' mapped weights and what the two sessions grow by.
    bench_detail::RunMemory memory(run_mapped_weight_bytes(*reference) + run_mapped_weight_bytes(*model));
    const SessionOptions so{.n_ctx = ctx, .n_seq = 1, .n_batch = std::min<int64_t>(ctx, 512)};
    auto rs = unwrap(Session::create(reference, so));
    auto ms = unwrap(Session::create(model, so));
    // Routing agreement needs experts on both sides: an upcycled MoE against its dense parent has
    // logits to compare but no reference routing.
    const bool moe = mc.is_moe() && rc.is_moe();
    RoutingLog rlog, mlog;
    if (moe) rs->set_observer(&rlog), ms->set_observer(&mlog);
    std::unique_ptr<LayerErrorTap> tap;
    if (o.layer_error) {
      auto mimpl = std::dynamic_pointer_cast<const ModelImpl>(model);
      if (mimpl) {
        const bool qk_permuted = !rc.is_mla() && rc.rope_layout == RopeLayout::half && mc.rope_layout == RopeLayout::interleaved;
        tap = std::make_unique<LayerErrorTap>(*mimpl, model->device().n_threads, qk_permuted ? mc.head_dim : 0);
        set_linear_tap(*rs, tap.get());
      }
    }
    std::vector<double> kls;
    double nll_ref = 0, nll = 0;
    int64_t top1 = 0;
    std::vector<double> jac_sum(size_t(L), 0.0), changed_sum(size_t(L), 0.0);
    std::vector<int64_t> routed(size_t(L), 0);
    auto compare_routing = [&] {
      if (rlog.entries.size() != mlog.entries.size()) fail_internal("quality: the two models routed different numbers of tokens");
      for (size_t i = 0; i < rlog.entries.size(); ++i) {
        const auto& a = rlog.entries[i].experts;
        const auto& b = mlog.entries[i].experts;
        std::vector<int32_t> inter;
        std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(inter));
        const double uni = double(a.size() + b.size() - inter.size());
        const size_t l = size_t(rlog.entries[i].layer);
        jac_sum[l] += uni > 0 ? double(inter.size()) / uni : 1.0;
        changed_sum[l] += a == b ? 0.0 : 1.0;
        routed[l]++;
      }
      rlog.entries.clear();
      mlog.entries.clear();
    };

    std::vector<float> lr, lm;
    const int64_t first = ctx / 2;
    for (int64_t c = 0; c < n_chunk; ++c) {
      rs->clear();
      ms->clear();
      auto token = [&](int64_t j) { return j == 0 && bos ? *bos : ids[size_t(c * ctx + j)]; };
      Batch head;
      for (int64_t j = 0; j < first; ++j) head.add(token(j), int32_t(j), 0, false);
      throw_if_error(rs->forward(head, lr, job));
      throw_if_error(ms->forward(head, lm, job));
      for (int64_t j0 = first; j0 < ctx - 1; j0 += kRowsPerStep) {
        const int64_t j1 = std::min(j0 + kRowsPerStep, ctx - 1);
        Batch b;
        for (int64_t j = j0; j < j1; ++j) b.add(token(j), int32_t(j), 0, true);
        throw_if_error(rs->forward(b, lr, job));
        throw_if_error(ms->forward(b, lm, job));
        for (int64_t j = j0; j < j1; ++j) {
          const RowStats s = compare_rows(lr.data() + (j - j0) * V, lm.data() + (j - j0) * V, V, ids[size_t(c * ctx + j + 1)]);
          nll_ref += s.nll_ref;
          nll += s.nll;
          kls.push_back(s.kl);
          top1 += s.top1_same ? 1 : 0;
        }
      }
      if (moe) compare_routing();
      if (!job.report({.phase = "quality", .step = c + 1, .total = n_chunk, .unit = "windows"})) fail_cancelled("quality cancelled");
    }
    if (tap) set_linear_tap(*rs, nullptr);

    const double n = double(kls.size());
    BenchRow row = new_bench_row(*model, "quality");
    row.perplexity = std::exp(nll / n);
    row.mean_nll = nll / n;
    row.reference_perplexity = std::exp(nll_ref / n);
    row.delta_ppl_pct = (*row.perplexity / *row.reference_perplexity - 1.0) * 100.0;
    double kl_sum = 0;
    for (double k : kls) kl_sum += k;
    row.kld_mean = kl_sum / n;
    row.kld_p99 = percentile(kls, 99);
    row.top1_agreement = double(top1) / n;
    row.eval_file = o.file;
    row.tokenizer = o.tokenizer_name;
    row.ctx = ctx;
    row.reference_path = o.reference_path;
    QualityLayers layers;
    layers.error.assign(size_t(L), -1.0);
    layers.jaccard.assign(size_t(L), -1.0);
    layers.changed.assign(size_t(L), -1.0);
    if (tap) {
      double worst = 0;
      for (auto& [l, acc] : tap->per_layer) {
        if (l < 0 || l >= L) continue;
        const double e = acc.second > 0 ? std::sqrt(acc.first / acc.second) : 0.0;
        layers.error[size_t(l)] = e;
        worst = std::max(worst, e);
      }
      row.layer_error_max = worst;
    }
    if (moe) {
      double jac = 0, chg = 0;
      int64_t total = 0;
      for (int64_t l = 0; l < L; ++l) {
        if (!routed[size_t(l)]) continue;
        layers.jaccard[size_t(l)] = jac_sum[size_t(l)] / double(routed[size_t(l)]);
        layers.changed[size_t(l)] = changed_sum[size_t(l)] / double(routed[size_t(l)]);
        jac += jac_sum[size_t(l)];
        chg += changed_sum[size_t(l)];
        total += routed[size_t(l)];
      }
      if (total) row.routing_jaccard = jac / double(total), row.routing_changed = chg / double(total);
    }
    row.quality_layers = quality_layers_to_json(layers);
    row.notes = "chunks (llama.cpp), " + std::to_string(int64_t(n)) + " tokens scored against " + o.reference_path;
    row.peak_host_mb = double(memory.peak_bytes()) / (1 << 20);
    if (layers_out) *layers_out = std::move(layers);
    return row;
  });
}

}  // namespace dsw
