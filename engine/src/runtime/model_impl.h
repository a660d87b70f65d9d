// ModelImpl: the implementation of dsw::Model — the architecture's Decoder plus the model-level
// Linears (embedding table, output head) and the final norm.
//
// Immutable once shared. Variants (adapters attached, bases replaced by quantized weights) are
// made by clone() + mutate before sharing; a clone shares every weight byte with its source.
#pragma once

#include <dsw/model.h>

#include "arch/architecture.h"
#include "compute/linear.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dsw {

class ModelImpl final : public Model {
 public:
  ModelImpl(ModelFiles files, const LoadOptions& options);
  ModelImpl(const ModelImpl& other);

  const ModelConfig& config() const noexcept override { return files_.config; }
  const ModelFiles& files() const noexcept override { return files_; }
  const DeviceSpec& device() const noexcept override { return device_; }
  uint64_t bytes_read_per_token() const noexcept override;
  double flops_per_token() const noexcept override;
  std::string description() const override;
  std::vector<LinearInfo> linears() const override;
  std::vector<std::string> adapter_names() const override { return adapter_names_; }

  const Decoder& decoder() const noexcept { return *arch_; }
  const Linear& embedding() const noexcept { return embedding_; }
  const std::vector<float>& final_norm() const noexcept { return final_norm_; }
  const Linear& lm_head() const noexcept { return lm_head_; }

  // For building variants before they are shared: a copy sharing the weight bytes, and every
  // Linear of it (decoder layers in order, then lm_head). Call refresh_views() after changing them.
  std::shared_ptr<ModelImpl> clone() const { return std::make_shared<ModelImpl>(*this); }
  void for_each_linear(const std::function<void(Linear&)>& fn);
  void refresh_views() { arch_->refresh_views(); }
  void set_adapter_names(std::vector<std::string> names) { adapter_names_ = std::move(names); }
  void set_device(const DeviceSpec& device) { device_ = device; }

 private:
  void pack_weights();

  ModelFiles files_;
  DeviceSpec device_;
  std::unique_ptr<Decoder> arch_;
  Linear embedding_;
  std::vector<float> final_norm_;
  Linear lm_head_;
  std::vector<std::string> adapter_names_;
};

}  // namespace dsw
