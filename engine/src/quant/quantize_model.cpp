// quantize_model: the sequential driver (quantization.md §2.1) over the plan.
//
// Per decoder layer: run the layer (as quantised so far) over the calibration states with a
// HessianTap, quantise its Linears (GPTQ where tokens reached them, RTN otherwise), then run the
// quantised layer to make the next layer's inputs. Without calibration (RTN) nothing runs: each
// Linear is quantised from its weights alone. The head is quantised last, calibrated on the final
// normed states. Every replaced tensor is a new host tensor; untouched ones stay mapped.
#include <dsw/quantize.h>

#include "core/error.h"
#include "cpu/convert.h"
#include "cpu/linear_rows.h"
#include "quant/awq.h"
#include "quant/calibration.h"
#include "quant/gptq.h"
#include "quant/hessian_tap.h"
#include "quant/layer_runner.h"
#include "quant/plan.h"
#include "quant/quantized_files.h"
#include "runtime/model_impl.h"
#include "arch/architecture.h"

#include <dsw/runner.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>

namespace dsw {
namespace {

using namespace quant;
using Clock = std::chrono::steady_clock;

std::shared_ptr<ModelImpl> load_impl(ModelFiles files, const DeviceSpec& device) {
  LoadOptions lo;
  lo.device = device;
  lo.validate = false;
  auto m = unwrap(Model::load(std::move(files), lo));
  return std::dynamic_pointer_cast<ModelImpl>(m);
}

class Driver {
 public:
  Driver(const ModelImpl& source, const Tokenizer* tok, const QuantizeOptions& o, const JobContext& job)
      : source_(source), tok_(tok), o_(o), job_(job), src_(source.clone()) {}

  QuantizedModel run() {
    const auto t0 = Clock::now();
    const ModelFiles& files = source_.files();
    const ModelConfig& c = files.config;
    std::vector<const Linear*> linears;
    src_->for_each_linear([&](Linear& l) { linears.push_back(&l); });
    refuse_quantized(files, linears);
    plan_ = make_plan(c, linears, src_->embedding(), c.tie_word_embeddings && !files.tensors.contains("lm_head.weight"), o_);

    report_.model_path = files.path.string();
    report_.architecture = c.model_type;
    report_.method = std::string(quant_method_name(o_.method)) + (o_.awq ? " + awq" : "");
    report_.scheme = scheme_name(o_);
    report_.layers = c.num_hidden_layers;
    report_.experts = c.n_routed_experts;
    report_.expert_tokens.assign(size_t(c.num_hidden_layers * std::max<int64_t>(c.n_routed_experts, 0)), -1);

    if (o_.method == QuantMethod::gptq && o_.calib_file.empty())
      fail_invalid("--method gptq needs a calibration file (--calib FILE)");
    std::unique_ptr<LayerRunner> runner;
    if (!o_.calib_file.empty()) {
      if (!tok_) fail_invalid(o_.calib_file.string() + ": a calibration file needs the model's tokenizer, and none was found");
      auto samples = load_calibration(o_.calib_file, *tok_, o_.calib_samples, o_.calib_length, o_.seed);
      report_.calib_file = o_.calib_file.string();
      runner = std::make_unique<LayerRunner>(*src_, std::move(samples), threads());
      report_.calib_tokens = runner->tokens();
    } else {
      own_pool_ = std::make_unique<ThreadPool>(threads());
    }
    ThreadPool& pool = runner ? runner->pool() : *own_pool_;

    const int64_t L = c.num_hidden_layers, steps = L + 1;
    std::shared_ptr<ModelImpl> work = src_;
    for (int64_t layer = 0; layer < L; ++layer) {
      check_cancel();
      std::map<std::string, InputStats> stats;
      if (runner) {
        HessianTap tap(pool);
        bool any = false;
        work->for_each_linear([&](Linear& l) {
          if (layer_of_name(l.name()) != layer) return;
          for (const LinearPlan& p : plan_)
            if (p.linear->name() == l.name() && (p.codec || p.convert_to)) {
              tap.watch(&l, p.input_key);
              any = true;
            }
        });
        if (any) {
          std::vector<float> x = runner->states();
          runner->run_layer(*work, layer, x, &tap, nullptr, [&] { return job_.cancelled(); });
          stats = std::move(tap.stats());
        }
      }
      quantize_layer(layer, stats, pool);
      if (runner) {
        work = load_impl(with_replaced(files, runtime_), source_.device());
        runner->run_layer(*work, layer, runner->states(), nullptr, nullptr, [&] { return job_.cancelled(); });
      }
      progress(layer + 1, steps, t0, "layer " + std::to_string(layer + 1) + " of " + std::to_string(L));
    }
    // The head (or tied embedding) last: its input is the final normed state.
    std::map<std::string, InputStats> head_stats;
    if (runner) head_stats = head_input(*runner, pool);
    quantize_layer(-1, head_stats, pool);
    progress(steps, steps, t0, "output head");

    QuantizedModel out;
    out.model = load_impl(with_replaced(files, runtime_), source_.device());
    out.stored_files = std::make_shared<const ModelFiles>(with_replaced(files, stored_));
    report_.bytes_before = files.tensors.total_bytes();
    report_.bytes_after = out.stored_files->tensors.total_bytes();
    report_.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    out.report = std::move(report_);
    return out;
  }

 private:
  int threads() const { return o_.n_threads > 0 ? o_.n_threads : default_thread_count(); }

  void check_cancel() const {
    if (job_.cancelled()) fail_cancelled("quantization cancelled");
  }

  void progress(int64_t done, int64_t total, Clock::time_point t0, const std::string& what) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    const double eta = done > 0 ? elapsed / double(done) * double(total - done) : 0;
    const Metric m[] = {{"eta_s", eta}, {"elapsed_s", elapsed}};
    if (!job_.report({.phase = "quantize", .step = done, .total = total, .unit = "layers", .message = what, .metrics = m}))
      fail_cancelled("quantization cancelled");
  }

  void refuse_quantized(const ModelFiles& files, const std::vector<const Linear*>& linears) const {
    auto check = [&](const Linear& l) {
      if (dtype_info(l.dtype()).is_quantized)
        fail_invalid(files.path.string() + ": tensor '" + l.name() + ".weight' is already quantized (" +
                     std::string(dtype_name(l.dtype())) + "); quantize the original, unquantized model");
    };
    for (const Linear* l : linears) check(*l);
    check(src_->embedding());
  }

  // Final norm of the last layer's outputs, then H for the head's input.
  std::map<std::string, InputStats> head_input(LayerRunner& runner, ThreadPool& pool) {
    const ModelConfig& c = source_.config();
    const int64_t H = c.hidden_size, T = runner.tokens();
    std::vector<float> x(runner.states());
    const auto& w = source_.final_norm();
    for (int64_t t = 0; t < T; ++t) {
      float* r = x.data() + t * H;
      double ss = 0;
      for (int64_t i = 0; i < H; ++i) ss += double(r[i]) * r[i];
      const float inv = float(1.0 / std::sqrt(ss / double(H) + c.rms_norm_eps));
      for (int64_t i = 0; i < H; ++i) r[i] = r[i] * inv * w[size_t(i)];
    }
    std::map<std::string, InputStats> out;
    for (const LinearPlan& p : plan_) {
      if (p.layer >= 0 || out.count(p.input_key)) continue;
      InputStats& s = out[p.input_key];
      s.n = H;
      s.rows = T;
      s.h.assign(size_t(H * H), 0.0f);
      accumulate_hessian(pool, s.h.data(), H, x.data(), T, H);
    }
    return out;
  }

  void quantize_layer(int64_t layer, const std::map<std::string, InputStats>& stats, ThreadPool& pool) {
    std::map<std::string, GptqFactor> factors;
    // AWQ first (quantization.md §3): every scale of the layer is known before any Linear of it is
    // quantised, since a group's predecessor (up_proj) may be quantised in the same layer.
    std::map<std::string, InputStats> scaled;
    if (o_.awq && layer >= 0)
      for (const AwqGroup& g : awq_groups(source_.config(), plan_, layer, source_.files().tensors)) {
        auto it = stats.find(g.key);
        if (it == stats.end() || it->second.rows == 0) continue;
        check_cancel();
        const AwqScale a = awq_search(g, it->second, pool);
        char note[96];
        std::snprintf(note, sizeof note, "awq alpha %.2f (output error %.0f%% of RTN's)", a.alpha,
                      a.loss_rtn > 0 ? 100.0 * a.loss / a.loss_rtn : 100.0);
        for (const LinearPlan* m : g.members) awq_note_[m->tensor] = note;
        if (a.alpha == 0) continue;  // s ≡ 1: nothing to fold
        for (const LinearPlan* m : g.members) col_scale_[m->tensor] = a.s;
        if (g.prev) row_div_[g.prev->tensor] = a.s;
        else divide_norm(g.norm_tensor, a.s);
        scaled[g.key] = scaled_stats(it->second, a.s);
      }
    for (const LinearPlan& p : plan_) {
      if (p.layer != layer) continue;
      check_cancel();
      auto sc = scaled.find(p.input_key);
      auto it = stats.find(p.input_key);
      const InputStats* s = sc != scaled.end() ? &sc->second : it == stats.end() ? nullptr : &it->second;
      LinearQuantInfo info = quantize_linear(p, s, factors, pool);
      const Linear& l = *p.linear;
      if (l.role() == LinearRole::routed_expert && layer >= 0 && l.expert() >= 0 && source_.config().n_routed_experts > 0) {
        report_.expert_tokens[size_t(layer * source_.config().n_routed_experts + l.expert())] = info.tokens;
        if (o_.method == QuantMethod::gptq && info.method.rfind("rtn", 0) == 0) {
          const std::string e = "layer " + std::to_string(layer) + " expert " + std::to_string(l.expert());
          if (report_.rtn_fallback_experts.empty() || report_.rtn_fallback_experts.back() != e) report_.rtn_fallback_experts.push_back(e);
        }
      }
      if (!p.note.empty() && (p.convert_to || (p.codec && p.note.find("columns") != std::string::npos)))
        report_.type_fallbacks.push_back(l.name() + ": " + p.note);
      report_.linears.push_back(std::move(info));
    }
  }

  LinearQuantInfo quantize_linear(const LinearPlan& p, const InputStats* s, std::map<std::string, GptqFactor>& factors,
                                  ThreadPool& pool) {
    const Linear& l = *p.linear;
    const int64_t rows = l.out_features(), n = l.in_features();
    LinearQuantInfo info;
    info.name = l.role() == LinearRole::embedding ? "model.embed_tokens" : l.name();
    info.role = std::string(linear_role_name(l.role()));
    info.layer = p.layer;
    info.expert = l.expert();
    info.in_features = n;
    info.out_features = rows;
    info.dtype_before = std::string(dtype_name(l.dtype()));
    info.bytes_before = l.bytes();
    info.scheme = p.scheme;
    info.note = p.note;
    info.tokens = s ? s->rows : 0;
    if (!p.codec && !p.convert_to) {
      info.method = "kept";
      info.dtype_after = info.dtype_before;
      info.bytes_after = info.bytes_before;
      return info;
    }
    std::vector<float> w(static_cast<size_t>(rows * n)), deq(size_t(rows * n));
    pool.parallel_for(rows, [&](int64_t r0, int64_t r1, int) { cpu::linear_rows_to_f32(l, r0, r1 - r0, w.data() + r0 * n); }, 64);
    // AWQ: input columns × s of its group, output rows ÷ s of the group it precedes.
    if (auto c = col_scale_.find(p.tensor); c != col_scale_.end())
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t i = 0; i < n; ++i) w[size_t(r * n + i)] *= c->second[size_t(i)];
    if (auto d = row_div_.find(p.tensor); d != row_div_.end())
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t i = 0; i < n; ++i) w[size_t(r * n + i)] /= d->second[size_t(r)];
    if (auto a = awq_note_.find(p.tensor); a != awq_note_.end()) info.note += (info.note.empty() ? "" : "; ") + a->second;
    const DType stored = p.codec ? p.codec->stored_dtype() : *p.convert_to;
    TensorEntry entry = make_entry(p.tensor, stored, rows, n);
    auto* dst = static_cast<uint8_t*>(entry.tensor.data());
    if (p.convert_to) {
      info.method = "fallback";
      const uint64_t rb = entry.tensor.row_bytes();
      for (int64_t r = 0; r < rows; ++r) {
        cpu::from_f32(w.data() + r * n, stored, dst + uint64_t(r) * rb, n);
        cpu::to_f32(stored, dst + uint64_t(r) * rb, deq.data() + r * n, n);
      }
    } else if (o_.method == QuantMethod::gptq && s && s->rows > 0) {
      info.method = "gptq";
      GptqOptions go{o_.damp, o_.block_size, o_.act_order};
      auto f = factors.find(p.input_key);
      if (f == factors.end()) f = factors.emplace(p.input_key, gptq_factor(s->h.data(), n, go)).first;
      info.damp = f->second.damp_used;
      gptq_quantize(*p.codec, w.data(), rows, f->second, go, pool, dst, deq.data());
    } else {
      info.method = o_.method == QuantMethod::gptq ? "rtn (no calibration tokens)" : "rtn";
      const Codec& codec = *p.codec;
      pool.parallel_for(rows, [&](int64_t r0, int64_t r1, int) {
        rtn_rows(codec, w.data() + r0 * n, r1 - r0, dst + uint64_t(r0) * codec.row_bytes(), deq.data() + r0 * n);
      }, 16);
    }
    double e2 = 0, w2 = 0;
    for (size_t i = 0; i < w.size(); ++i) {
      const double d = double(w[i]) - deq[i];
      e2 += d * d;
      w2 += double(w[i]) * w[i];
    }
    info.weight_error = w2 > 0 ? std::sqrt(e2 / w2) : 0;
    if (s && s->rows > 0) {
      auto [err, ref] = output_error_energy(w.data(), deq.data(), rows, n, s->h.data(), pool);
      info.output_error = ref > 0 ? std::sqrt(std::max(err, 0.0) / ref) : 0;
    }
    info.dtype_after = std::string(dtype_name(stored));
    if (p.codec && p.codec->kind() == CodecKind::zero_point) info.dtype_after = "int" + std::to_string(p.codec->bits()) + "+zero (f32)";
    info.bytes_after = p.codec ? packed_bytes(*p.codec, rows) : entry.nbytes;
    // The in-memory model computes with the stored tensor when the engine can, else with Ŵ in f32.
    stored_[p.tensor] = entry;
    if (linear_dtype_supported(stored)) {
      runtime_[p.tensor] = entry;
    } else {
      TensorEntry f32 = make_entry(p.tensor, DType::f32, rows, n);
      std::memcpy(f32.tensor.data(), deq.data(), deq.size() * sizeof(float));
      runtime_[p.tensor] = std::move(f32);
    }
    return info;
  }

  // The preceding norm's weight ÷ s, as f32 (stored and computed with).
  void divide_norm(const std::string& tensor, const std::vector<float>& s) {
    const TensorEntry* e = source_.files().tensors.find(tensor);
    if (!e || !e->dtype || e->shape.numel() != int64_t(s.size())) fail_internal("awq: norm " + tensor + " does not match its group");
    TensorEntry out;
    out.name = out.stored_name = tensor;
    out.dtype = DType::f32;
    out.dtype_name = "f32";
    out.shape = Shape{int64_t(s.size())};
    out.tensor = Tensor::host(DType::f32, out.shape);
    out.nbytes = out.tensor.nbytes();
    auto* v = static_cast<float*>(out.tensor.data());
    cpu::to_f32(*e->dtype, e->tensor.data(), v, int64_t(s.size()));
    for (size_t i = 0; i < s.size(); ++i) v[i] /= s[i];
    stored_[tensor] = out;
    runtime_[tensor] = std::move(out);
  }

  const ModelImpl& source_;
  const Tokenizer* tok_;
  const QuantizeOptions& o_;
  const JobContext& job_;
  std::shared_ptr<ModelImpl> src_;
  std::unique_ptr<ThreadPool> own_pool_;
  std::vector<LinearPlan> plan_;
  std::map<std::string, TensorEntry> stored_, runtime_;
  std::map<std::string, std::vector<float>> col_scale_, row_div_;  // AWQ, by weight tensor
  std::map<std::string, std::string> awq_note_;
  QuantizeReport report_;
};

}  // namespace

Result<QuantizedModel> quantize_model(const std::shared_ptr<const Model>& model, const Tokenizer* tokenizer,
                                      const QuantizeOptions& options, const JobContext& job) {
  return guard([&] {
    throw_if_error(validate_quantize_options(options));
    auto impl = std::dynamic_pointer_cast<const ModelImpl>(model);
    if (!impl) fail_invalid("quantize: no model");
    Driver d(*impl, tokenizer, options, job);
    return d.run();
  });
}

}  // namespace dsw
