// Model::load and the model-level pieces: which Decoder, the embedding table, final norm, head.
#include "runtime/model_impl.h"

#include "core/error.h"
#include "cpu/convert.h"
#include "cpu/packed_quant.h"

#include <dsw/thread_pool.h>

#include <cstdio>
#include <map>

namespace dsw {
namespace {

// "model.layers.12.mlp.gate_proj" -> 12; -1 when the name has no layer.
int64_t layer_of(const std::string& name) {
  const std::string prefix = "model.layers.";
  if (name.rfind(prefix, 0) != 0) return -1;
  int64_t v = 0;
  for (size_t i = prefix.size(); i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) v = v * 10 + (name[i] - '0');
  return v;
}

}  // namespace

ModelImpl::ModelImpl(ModelFiles files, const LoadOptions& options) : files_(std::move(files)), device_(options.device) {
  const ModelConfig& c = files_.config;
  switch (c.arch) {
    case Architecture::llama:
    case Architecture::qwen2: arch_ = make_dense_architecture(files_); break;
    case Architecture::deepseek: arch_ = make_deepseek_moe_architecture(files_); break;
    case Architecture::deepseek_v2:
    case Architecture::deepseek_v3: arch_ = make_deepseek_mla_architecture(files_); break;
  }
  embedding_ = load_linear(files_, "model.embed_tokens.weight", LinearRole::embedding, -1, false);
  final_norm_ = load_vector_f32(files_, "model.norm.weight");
  if (files_.tensors.contains("lm_head.weight")) {
    lm_head_ = load_linear(files_, "lm_head.weight", LinearRole::output, -1, false);
  } else if (c.tie_word_embeddings) {
    lm_head_ = Linear("lm_head", embedding_.base(), LinearRole::output);
  } else {
    fail_invalid(files_.path.string() + ": tensor 'lm_head.weight' is missing and tie_word_embeddings is false");
  }
  pack_weights();
}

// Linears of the types that pack (Q8_0, Q4_0, Q5_0, Q5_1 and the K-quants) get the CPU kernels'
// interleaved copy (cpu/packed_quant.h) once, here, so that no step pays for it; each copy replaces the mapped pages it was made from.
void ModelImpl::pack_weights() {
  std::vector<Linear*> all;
  for_each_linear([&](Linear& l) { all.push_back(&l); });
  bool any = false;
  for (Linear* l : all)
    if (const int wi = cpu::wtype_index(l->dtype()); wi >= 0 && cpu::wtype_packs(cpu::WType(wi))) any = true;
  if (!any) return;
  ThreadPool pool(device_.n_threads);
  pool.parallel_for(int64_t(all.size()), [&](int64_t i0, int64_t i1, int) {
    for (int64_t i = i0; i < i1; ++i) {
      StoredWeight w = all[size_t(i)]->base();
      if (cpu::pack_for_cpu(w)) all[size_t(i)]->set_base(std::move(w));
    }
  });
  arch_->refresh_views();
}

ModelImpl::ModelImpl(const ModelImpl& o)
    : files_(o.files_),
      device_(o.device_),
      arch_(o.arch_->clone()),
      embedding_(o.embedding_),
      final_norm_(o.final_norm_),
      lm_head_(o.lm_head_),
      adapter_names_(o.adapter_names_) {}

void ModelImpl::for_each_linear(const std::function<void(Linear&)>& fn) {
  arch_->for_each_linear(fn);
  fn(lm_head_);
}

std::vector<LinearInfo> ModelImpl::linears() const {
  std::vector<LinearInfo> out;
  auto add = [&](const Linear& l) {
    out.push_back({l.name(), std::string(linear_role_name(l.role())), layer_of(l.name()), l.expert(), l.in_features(), l.out_features(),
                   l.dtype(), int(l.adapters().size())});
  };
  // The decoder's visitor takes mutable Linears; listing does not change them.
  const_cast<Decoder&>(*arch_).for_each_linear(add);
  add(lm_head_);
  return out;
}

uint64_t ModelImpl::bytes_read_per_token() const noexcept { return arch_->layer_bytes_per_token() + lm_head_.bytes(); }

double ModelImpl::flops_per_token() const noexcept {
  ParameterCount p = count_parameters(files_.config);
  return 2.0 * double(p.active - p.embedding);
}

std::string ModelImpl::description() const {
  std::map<std::string, uint64_t> bytes;
  for (auto& e : files_.tensors.entries()) bytes[e.dtype_name] += e.nbytes;
  std::string main_dtype = "?";
  uint64_t best = 0;
  for (auto& [k, v] : bytes)
    if (v > best) best = v, main_dtype = k;
  // Parameters with 3 significant digits and the unit that fits: "1.35B", "15.7M", "260K".
  const double n = double(count_parameters(files_.config).total);
  const double step = n >= 999.5e6 ? 1e9 : n >= 999.5e3 ? 1e6 : n >= 999.5 ? 1e3 : 1;  // 999.7K reads 1M
  const char* unit = step == 1e9 ? "B" : step == 1e6 ? "M" : step == 1e3 ? "K" : "";
  const double scaled = n / step;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s %.3g%s (%s) on %s", files_.config.model_type.c_str(), scaled, unit, main_dtype.c_str(),
                device_.to_string().c_str());
  std::string s = buf;
  for (const auto& a : adapter_names_) s += " + " + a;
  return s;
}

Result<std::shared_ptr<Model>> Model::load(ModelFiles files, const LoadOptions& options, const JobContext& job) {
  return guard([&]() -> std::shared_ptr<Model> {
    if (options.device.kind == DeviceKind::cuda)
      fail_unsupported("inference on " + options.device.to_string() +
                       " is not available in this build yet: the CUDA inference backend is pending; use --device cpu");
    if (files.tensors.size() == 0)
      fail_invalid(files.path.string() + ": no weights loaded (was the model opened with config_only?)");
    job.report({.phase = "load", .step = 0, .total = 2, .unit = "steps", .message = "validating tensors"});
    if (options.validate) throw_if_error(validate_model_tensors(files));
    throw_if_error(job.check());
    job.report({.phase = "load", .step = 1, .total = 2, .unit = "steps", .message = "preparing weights"});
    auto m = std::make_shared<ModelImpl>(std::move(files), options);
    job.report({.phase = "load", .step = 2, .total = 2, .unit = "steps", .message = "ready"});
    return m;
  });
}

}  // namespace dsw
