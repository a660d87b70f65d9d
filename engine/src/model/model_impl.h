// ModelImpl: the CPU implementation of dsw::Model — prepared weights plus the architecture.
#pragma once

#include <dsw/model.h>

#include "arch/architecture.h"
#include "cpu/weight.h"

#include <memory>
#include <vector>

namespace dsw {

class ModelImpl final : public Model {
 public:
  ModelImpl(ModelFiles files, const LoadOptions& options);

  const ModelConfig& config() const noexcept override { return files_.config; }
  const ModelFiles& files() const noexcept override { return files_; }
  const DeviceSpec& device() const noexcept override { return device_; }
  uint64_t bytes_read_per_token() const noexcept override;
  double flops_per_token() const noexcept override;
  std::string description() const override;

  const Decoder& decoder() const noexcept { return *arch_; }
  // out[H] = embedding row of `token` widened to f32.
  void embed(int32_t token, float* out) const;
  const std::vector<float>& final_norm() const noexcept { return final_norm_; }
  const cpu::Weight& lm_head() const noexcept { return lm_head_; }

 private:
  ModelFiles files_;
  DeviceSpec device_;
  std::unique_ptr<Decoder> arch_;
  cpu::Weight embedding_;
  std::vector<float> final_norm_;
  cpu::Weight lm_head_;
};

}  // namespace dsw
