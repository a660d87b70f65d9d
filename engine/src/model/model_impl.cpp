// Model::load and the model-level pieces of the forward pass (embedding, final norm, head).
#include "model/model_impl.h"

#include "core/error.h"

#include <cstdio>
#include <map>

namespace dsw {

Result<DeviceSpec> DeviceSpec::parse(std::string_view text) {
  DeviceSpec d;
  if (text == "cpu") return d;
  if (text.rfind("cuda", 0) == 0) {
    d.kind = DeviceKind::cuda;
    if (text.size() == 4) return d;
    if (text[4] == ':' && text.size() > 5 && text.size() < 9) {
      int idx = 0;
      for (char ch : text.substr(5)) {
        if (ch < '0' || ch > '9') return Status(StatusCode::invalid_input, "device '" + std::string(text) + "': bad index");
        idx = idx * 10 + (ch - '0');
      }
      d.index = idx;
      return d;
    }
  }
  return Status(StatusCode::invalid_input, "device '" + std::string(text) + "': expected cpu, cuda or cuda:N");
}

std::string DeviceSpec::to_string() const {
  return kind == DeviceKind::cpu ? "cpu" : "cuda:" + std::to_string(index);
}

ModelImpl::ModelImpl(ModelFiles files, const LoadOptions& options) : files_(std::move(files)), device_(options.device) {
  const ModelConfig& c = files_.config;
  switch (c.arch) {
    case Architecture::llama:
    case Architecture::qwen2: arch_ = make_dense_architecture(files_); break;
    case Architecture::deepseek: arch_ = make_deepseek_moe_architecture(files_); break;
    case Architecture::deepseek_v2:
    case Architecture::deepseek_v3: arch_ = make_deepseek_mla_architecture(files_); break;
  }
  embedding_ = load_linear(files_, "model.embed_tokens.weight", false);
  final_norm_ = load_vector_f32(files_, "model.norm.weight");
  if (files_.tensors.contains("lm_head.weight")) {
    lm_head_ = load_linear(files_, "lm_head.weight", false);
  } else if (c.tie_word_embeddings) {
    lm_head_ = embedding_;
  } else {
    fail_invalid(files_.path.string() + ": tensor 'lm_head.weight' is missing and tie_word_embeddings is false");
  }
}

void ModelImpl::embed(int32_t token, float* out) const { cpu::weight_rows_to_f32(embedding_, token, 1, out); }

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
  return buf;
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
