// TrainModel: parameters, forward, backward (see train_model.h).
#include "train/train_model.h"

#include "arch/architecture.h"
#include "core/error.h"
#include "core/heap_reuse.h"
#include "cpu/cpu_compute.h"
#include "cpu/matmul.h"
#include "train/modules.h"
#include "train/ops/cross_entropy.h"
#include "train/ops/rmsnorm.h"

#include <cmath>
#include <cstring>
#include <set>

namespace dsw::train {
namespace {

StoredWeight f32_view(Param& p, int64_t rows, int64_t cols) {
  return StoredWeight::f32_view(Tensor(DType::f32, Shape{rows, cols}, p.data.data(), Device{}, nullptr));
}

Tensor view(Param& p) { return Tensor(DType::f32, Shape(p.shape.begin(), p.shape.end()), p.data.data(), Device{}, nullptr); }

LinearRole role_of(const std::string& kind) {
  if (kind == "mlp") return LinearRole::mlp;
  if (kind == "shared_expert") return LinearRole::shared_expert;
  if (kind == "expert") return LinearRole::routed_expert;
  if (kind == "router") return LinearRole::router;
  return LinearRole::attention;
}

std::vector<float> widen(const StoredWeight& w) {
  std::vector<float> v(size_t(w.rows * w.cols));
  cpu::weight_rows_to_f32(w, 0, w.rows, v.data());
  return v;
}

}  // namespace

TrainModel::TrainModel(const ModelFiles& files, const ModelSetup& setup, int n_threads)
    : config_(files.config),
      setup_(setup),
      backend_(cpu::make_cpu_compute(n_threads)),
      pool_(cpu::cpu_compute_pool(*backend_)),
      rng_(setup.seed) {
  keep_freed_heap_for_reuse();  // the step's buffers are freed and allocated again every step
  if (setup_.adapter) audit_ = setup_.adapter->audit;
  else if (setup_.mode == TrainMode::lora && !setup_.lora.target_modules.empty()) audit_ = unwrap(plan_lora(config_, setup_.lora));
  build(files);
  audit_.trainable_parameters = params_.trainable_count();
}

Param* TrainModel::make_vector(const ModelFiles& f, const std::string& name, int64_t layer) {
  std::vector<float> v = load_vector_f32(f, name);
  const int64_t n = int64_t(v.size());
  return &params_.add(name, {n}, std::move(v), setup_.mode == TrainMode::full && !setup_.moe_only, false, layer);
}

OpContext TrainModel::op(bool train) { return OpContext{*backend_, pool_, train ? &rng_ : nullptr}; }

TrainLinear TrainModel::make_linear(const ModelFiles& f, const std::string& module, int64_t layer, LinearRole role, int64_t expert,
                                    bool bias) {
  TrainLinear l;
  l.lin = load_linear(f, module + ".weight", role, expert, bias);
  const int64_t out = l.lin.out_features(), in = l.lin.in_features();
  const float lr_scale = role == LinearRole::router ? float(setup_.router_lr_scale) : 1.0f;
  const bool moe_part = role == LinearRole::router || role == LinearRole::routed_expert || role == LinearRole::shared_expert;
  if (setup_.mode == TrainMode::full && setup_.moe_only && !moe_part) {  // frozen: the stored weight, as in LoRA
    l.base_only = l.lin;
    return l;
  }
  if (setup_.mode == TrainMode::full) {
    Param& p = params_.add(module + ".weight", {out, in}, widen(l.lin.base()), true, true, layer);
    p.lr_scale = lr_scale;
    l.full = &p;
    StoredWeight w = f32_view(p, out, in);
    w.bias = l.lin.base().bias;
    if (!w.bias.empty()) l.bias_param = &params_.add(module + ".bias", {out}, w.bias, true, false, layer);
    l.lin.set_base(std::move(w));
    l.base_only = l.lin;
    return l;
  }
  l.base_only = l.lin;
  const std::string key = "base_model.model." + module;
  auto attach = [&](int64_t r, float scale, std::vector<float> a, std::vector<float> b) {
    l.rank = r;
    l.scale = scale;
    l.dropout = float(setup_.lora.dropout);
    l.lora_a = &params_.add(key + ".lora_A.weight", {r, in}, std::move(a), true, true, layer);
    l.lora_b = &params_.add(key + ".lora_B.weight", {out, r}, std::move(b), true, true, layer);
    l.lora_a->lr_scale = l.lora_b->lr_scale = lr_scale;
    l.lin.add_adapter({0, view(*l.lora_a), view(*l.lora_b), scale});
  };
  if (setup_.adapter) {  // an existing adapter: its values, rank and scale
    for (auto& t : setup_.adapter->tensors)
      if (t.module == module) attach(t.rank, float(t.scale), t.a, t.b);
    return l;
  }
  // LoRA: is this module targeted?
  bool on = false;
  for (auto& m : audit_.modules)
    if (m.module == module) on = m.rank > 0;
  if (!on) return l;
  const LoraConfig& lc = setup_.lora;
  const int64_t r = lc.rank;
  std::vector<float> a(size_t(r * in)), b(size_t(out * r), 0.0f);
  const float bound_a = 1.0f / std::sqrt(float(in));
  std::uniform_real_distribution<float> ua(-bound_a, bound_a);
  if (lc.init == LoraConfig::Init::gaussian) {
    std::normal_distribution<float> na(0.0f, 1.0f / float(r));
    for (auto& v : a) v = na(rng_);
  } else {
    for (auto& v : a) v = ua(rng_);
  }
  if (lc.init == LoraConfig::Init::random) {
    const float bound_b = 1.0f / std::sqrt(float(r));
    std::uniform_real_distribution<float> ub(-bound_b, bound_b);
    for (auto& v : b) v = ub(rng_);
  }
  attach(r, float(lora_scale(lc)), std::move(a), std::move(b));
  return l;
}

void TrainModel::build(const ModelFiles& f) {
  const ModelConfig& c = config_;
  const bool mla = c.arch == Architecture::deepseek_v2 || c.arch == Architecture::deepseek_v3;
  const bool full = setup_.mode == TrainMode::full && !setup_.moe_only;  // embedding and head train
  // Embedding first, so a tied head can share its parameter.
  embedding_ = load_linear(f, "model.embed_tokens.weight", LinearRole::embedding, -1, false);
  if (full) {
    const int64_t V = embedding_.out_features(), H = embedding_.in_features();
    embedding_param_ = &params_.add("model.embed_tokens.weight", {V, H}, widen(embedding_.base()), true, true, -1);
    embedding_.set_base(f32_view(*embedding_param_, V, H));
  }
  for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    TrainLayer L;
    L.input_norm = make_vector(f, p + "input_layernorm.weight", l);
    L.post_norm = make_vector(f, p + "post_attention_layernorm.weight", l);
    L.mla = mla;
    if (mla) {
      TrainMla& m = L.mla_w;
      m.q_lora = c.q_lora_rank > 0;
      if (m.q_lora) {
        m.q_a = make_linear(f, p + "self_attn.q_a_proj", l, LinearRole::attention);
        m.q_a_norm = make_vector(f, p + "self_attn.q_a_layernorm.weight", l);
        m.q_b = make_linear(f, p + "self_attn.q_b_proj", l, LinearRole::attention);
      } else {
        m.q = make_linear(f, p + "self_attn.q_proj", l, LinearRole::attention);
      }
      m.kv_a = make_linear(f, p + "self_attn.kv_a_proj_with_mqa", l, LinearRole::attention);
      m.kv_a_norm = make_vector(f, p + "self_attn.kv_a_layernorm.weight", l);
      m.kv_b = make_linear(f, p + "self_attn.kv_b_proj", l, LinearRole::attention, -1, false);
      m.o = make_linear(f, p + "self_attn.o_proj", l, LinearRole::attention);
    } else {
      L.gqa.q = make_linear(f, p + "self_attn.q_proj", l, LinearRole::attention);
      L.gqa.k = make_linear(f, p + "self_attn.k_proj", l, LinearRole::attention);
      L.gqa.v = make_linear(f, p + "self_attn.v_proj", l, LinearRole::attention);
      L.gqa.o = make_linear(f, p + "self_attn.o_proj", l, LinearRole::attention);
    }
    L.moe = c.is_moe_layer(l);
    auto mlp = [&](const std::string& pre, LinearRole role, int64_t e) {
      return TrainMlp{make_linear(f, pre + "gate_proj", l, role, e), make_linear(f, pre + "up_proj", l, role, e),
                      make_linear(f, pre + "down_proj", l, role, e)};
    };
    if (L.moe) {
      TrainMoe& m = L.moe_w;
      m.router = make_linear(f, p + "mlp.gate", l, LinearRole::router, -1, false);
      if (c.topk_method == TopkMethod::noaux_tc) m.score_bias = load_vector_f32(f, p + "mlp.gate.e_score_correction_bias");
      for (int64_t e = 0; e < c.n_routed_experts; ++e)
        m.experts.push_back(mlp(p + "mlp.experts." + std::to_string(e) + ".", LinearRole::routed_expert, e));
      if (c.n_shared_experts > 0) {
        m.shared = mlp(p + "mlp.shared_experts.", LinearRole::shared_expert, -1);
        m.has_shared = true;
      }
    } else {
      L.mlp = mlp(p + "mlp.", LinearRole::mlp, -1);
    }
    layers_.push_back(std::move(L));
  }
  final_norm_ = make_vector(f, "model.norm.weight", -1);
  auto note_bias = [&](TrainLinear& l) {
    if (l.bias_param) with_bias_.push_back(&l);
  };
  for (auto& L : layers_) {
    for (TrainLinear* l : {&L.gqa.q, &L.gqa.k, &L.gqa.v, &L.gqa.o, &L.mla_w.q, &L.mla_w.q_a, &L.mla_w.q_b, &L.mla_w.kv_a, &L.mla_w.kv_b,
                           &L.mla_w.o, &L.mlp.gate, &L.mlp.up, &L.mlp.down, &L.moe_w.shared.gate, &L.moe_w.shared.up,
                           &L.moe_w.shared.down})
      note_bias(*l);
    for (auto& e : L.moe_w.experts)
      for (TrainLinear* l : {&e.gate, &e.up, &e.down}) note_bias(*l);
  }
  if (f.tensors.contains("lm_head.weight")) {
    head_.lin = load_linear(f, "lm_head.weight", LinearRole::output, -1, false);
    if (full) {
      const int64_t V = head_.lin.out_features(), H = head_.lin.in_features();
      head_.full = &params_.add("lm_head.weight", {V, H}, widen(head_.lin.base()), true, true, -1);
      head_.lin.set_base(f32_view(*head_.full, V, H));
    }
    head_.base_only = head_.lin;
  } else if (c.tie_word_embeddings) {
    head_.lin = Linear("lm_head", embedding_.base(), LinearRole::output);
    head_.base_only = head_.lin;
    head_.full = embedding_param_;
  } else {
    fail_invalid(f.path.string() + ": tensor 'lm_head.weight' is missing and tie_word_embeddings is false");
  }
  if (setup_.qat.bits != 0) {
    std::vector<TrainLinear*> all;
    for (auto& L : layers_) {
      for (TrainLinear* l : {&L.gqa.q, &L.gqa.k, &L.gqa.v, &L.gqa.o, &L.mla_w.q, &L.mla_w.q_a, &L.mla_w.q_b, &L.mla_w.kv_a,
                             &L.mla_w.kv_b, &L.mla_w.o, &L.mlp.gate, &L.mlp.up, &L.mlp.down, &L.moe_w.router, &L.moe_w.shared.gate,
                             &L.moe_w.shared.up, &L.moe_w.shared.down})
        if (l->lin.defined()) all.push_back(l);
      for (auto& e : L.moe_w.experts)
        for (TrainLinear* l : {&e.gate, &e.up, &e.down}) all.push_back(l);
    }
    const bool tied = !f.tensors.contains("lm_head.weight");
    if (!tied) all.push_back(&head_);
    qat_ = std::make_unique<QatState>(setup_.qat, c, all, embedding_, tied ? &head_ : nullptr);
  }
}

void TrainModel::embed(const int32_t* tokens, int64_t T, float* x) const {
  const int64_t V = config_.vocab_size;
  for (int64_t t = 0; t < T; ++t) {
    if (tokens[t] < 0 || tokens[t] >= V) fail_invalid("token id " + std::to_string(tokens[t]) + " is outside the vocabulary");
  }
  backend_->embed(embedding_, tokens, T, x);
}

void TrainModel::forward_layers(std::vector<LayerActs>& acts, const BlockParams& bp, Vec& x, bool keep) {
  OpContext ctx = op(keep);
  expert_counts_.clear();
  for (size_t l = 0; l < layers_.size(); ++l) {
    LayerActs& a = acts[l];
    a.x_in = x;
    attention_block_forward(ctx, bp, layers_[l], a);
    ffn_block_forward(ctx, bp, layers_[l], a, x.data());
    if (layers_[l].moe) {
      std::vector<int64_t> counts(size_t(config_.n_routed_experts));
      for (size_t e = 0; e < counts.size(); ++e) counts[e] = int64_t(a.moe.rows[e].size());
      expert_counts_.push_back(counts);
    }
    if (!keep) a = LayerActs{};
    else if (setup_.checkpointing) a.drop_recomputable();
  }
  if (keep) {
    if (load_since_update_.size() != expert_counts_.size()) load_since_update_.assign(expert_counts_.size(), {});
    for (size_t i = 0; i < expert_counts_.size(); ++i) {
      auto& acc = load_since_update_[i];
      acc.resize(expert_counts_[i].size(), 0);
      for (size_t e = 0; e < acc.size(); ++e) acc[e] += expert_counts_[i][e];
    }
  }
}

MicroResult TrainModel::forward_backward(const int32_t* tokens, const int32_t* targets, int64_t B, int64_t S, double c) {
  const int64_t T = B * S, H = config_.hidden_size;
  BlockParams bp = BlockParams::from_config(config_, B, S);
  bp.aux_alpha = setup_.aux_alpha;
  bp.seq_aux = setup_.seq_aux;
  bp.router_noise = float(router_noise_);
  OpContext ctx = op(true);
  Vec x(size_t(T * H));
  embed(tokens, T, x.data());
  std::vector<LayerActs> acts(layers_.size());
  forward_layers(acts, bp, x, true);

  // Final norm, then the head and the loss over the rows that have a target.
  MicroResult res;
  Vec hn(size_t(T * H)), rho(static_cast<size_t>(T));
  rmsnorm_forward(pool_, x.data(), T, H, final_norm_->data.data(), float(config_.rms_norm_eps), hn.data(), rho.data());
  std::vector<int64_t> rows;
  std::vector<int32_t> labels;
  for (int64_t t = 0; t < T; ++t)
    if (targets[t] >= 0) rows.push_back(t), labels.push_back(targets[t]);
  const int64_t R = int64_t(rows.size());
  Vec hsel(size_t(R * H)), dsel(size_t(R * H));
  for (int64_t i = 0; i < R; ++i) std::memcpy(hsel.data() + i * H, hn.data() + rows[size_t(i)] * H, size_t(H) * sizeof(float));
  res.loss_sum = cross_entropy_head(ctx, head_, hsel.data(), labels.data(), R, c, dsel.data());
  res.targets = R;
  Vec dhn(size_t(T * H), 0.0f);
  Buf dx(size_t(T * H));  // written by the final norm's backward (not accumulated)
  for (int64_t i = 0; i < R; ++i) std::memcpy(dhn.data() + rows[size_t(i)] * H, dsel.data() + i * H, size_t(H) * sizeof(float));
  rmsnorm_backward(pool_, x.data(), rho.data(), final_norm_->data.data(), dhn.data(), T, H, dx.data(), false,
                   final_norm_->trainable ? final_norm_->g() : nullptr);
  if (final_norm_->trainable) final_norm_->touched = true;

  // Layers in reverse; under checkpointing each is re-run first (with its stored routing).
  Buf dmid(size_t(T * H));  // each layer's FFN backward writes it in full
  Vec scratch;
  for (int64_t l = int64_t(layers_.size()) - 1; l >= 0; --l) {
    LayerActs& a = acts[size_t(l)];
    const TrainLayer& w = layers_[size_t(l)];
    if (setup_.checkpointing) {
      scratch.resize(size_t(T * H));
      attention_block_forward(ctx, bp, w, a);
      ffn_block_forward(ctx, bp, w, a, scratch.data());
    }
    res.aux_loss += a.moe.aux_loss;
    ffn_block_backward(ctx, bp, w, a, dx.data(), dmid.data());
    const bool need_dx = l > 0 || embedding_param_ != nullptr;
    attention_block_backward(ctx, bp, w, a, dmid.data(), dx.data(), need_dx);
    a = LayerActs{};
  }
  if (embedding_param_) {
    float* dE = embedding_param_->g();
    for (int64_t t = 0; t < T; ++t) {
      float* row = dE + int64_t(tokens[t]) * H;
      for (int64_t j = 0; j < H; ++j) row[j] += dx[size_t(t * H + j)];
    }
    embedding_param_->touched = true;
  }
  return res;
}

MicroResult TrainModel::evaluate(const int32_t* tokens, const int32_t* targets, int64_t B, int64_t S) {
  const int64_t T = B * S, H = config_.hidden_size;
  BlockParams bp = BlockParams::from_config(config_, B, S);
  OpContext ctx = op(false);
  Vec x(size_t(T * H));
  embed(tokens, T, x.data());
  std::vector<LayerActs> acts(layers_.size());
  forward_layers(acts, bp, x, false);
  Vec hn(size_t(T * H)), rho(static_cast<size_t>(T));
  rmsnorm_forward(pool_, x.data(), T, H, final_norm_->data.data(), float(config_.rms_norm_eps), hn.data(), rho.data());
  MicroResult res;
  std::vector<int32_t> labels;
  Vec hsel;
  for (int64_t t = 0; t < T; ++t)
    if (targets[t] >= 0) {
      labels.push_back(targets[t]);
      hsel.insert(hsel.end(), hn.begin() + t * H, hn.begin() + (t + 1) * H);
    }
  res.targets = int64_t(labels.size());
  res.loss_sum = cross_entropy_head(ctx, head_, hsel.data(), labels.data(), res.targets, 1.0, nullptr);
  return res;
}

std::vector<float> TrainModel::logits(const int32_t* tokens, int64_t B, int64_t S) {
  const int64_t T = B * S, H = config_.hidden_size, V = config_.vocab_size;
  BlockParams bp = BlockParams::from_config(config_, B, S);
  OpContext ctx = op(false);
  Vec x(size_t(T * H));
  embed(tokens, T, x.data());
  std::vector<LayerActs> acts(layers_.size());
  forward_layers(acts, bp, x, false);
  Vec hn(size_t(T * H)), rho(static_cast<size_t>(T));
  rmsnorm_forward(pool_, x.data(), T, H, final_norm_->data.data(), float(config_.rms_norm_eps), hn.data(), rho.data());
  std::vector<float> z(size_t(T * V));
  linear_forward(ctx, head_, hn.data(), T, z.data(), nullptr);
  return z;
}

}  // namespace dsw::train

namespace dsw {

Result<std::vector<float>> forward_logits(const ModelFiles& files, const LoadedAdapter* adapter, const std::vector<int32_t>& ids,
                                          int n_threads, const QatConfig& qat) {
  return guard([&] {
    if (ids.empty()) fail_invalid("forward_logits: no token ids");
    train::ModelSetup setup;
    setup.adapter = adapter;
    setup.qat = qat;
    setup.lora.target_modules = {};  // no adapter: nothing attached
    train::TrainModel m(files, setup, n_threads);
    return m.logits(ids.data(), 1, int64_t(ids.size()));
  });
}

}  // namespace dsw

namespace dsw::train {

void TrainModel::after_update() {
  for (TrainLinear* l : with_bias_) l->sync_bias();
  if (qat_) qat_->refresh();
}

void TrainModel::mask_qat_gradients() {
  if (qat_) qat_->mask_gradients();
}

void TrainModel::update_score_bias(double rate) {
  size_t i = 0;
  for (auto& L : layers_) {
    if (!L.moe) continue;
    if (i < load_since_update_.size() && !L.moe_w.score_bias.empty() && rate > 0) {
      const auto& load = load_since_update_[i];
      double mean = 0;
      for (auto v : load) mean += double(v);
      mean /= double(load.size());
      for (size_t e = 0; e < load.size(); ++e) {
        const double d = mean - double(load[e]);
        L.moe_w.score_bias[e] += float(rate * (d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0));
      }
    }
    ++i;
  }
  for (auto& v : load_since_update_) std::fill(v.begin(), v.end(), 0);
}

}  // namespace dsw::train
