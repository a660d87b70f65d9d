// Model: a checkpoint's weights prepared for computing on a device.
//
// On the CPU the weights stay memory-mapped in their stored dtype (F32, BF16, F16, Q8_0, Q4_0,
// FP8 with block scales) and are widened to f32 inside the kernels: loading a 2.7 GB BF16 model
// copies nothing but the small norm vectors. A Model is immutable after load and may be shared by
// several Sessions (each with its own KV cache) on different threads.
#pragma once

#include <dsw/job.h>
#include <dsw/model_config.h>
#include <dsw/model_files.h>
#include <dsw/status.h>
#include <dsw/tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dsw {

struct DeviceSpec {
  DeviceKind kind = DeviceKind::cpu;
  int index = 0;        // CUDA device index
  int n_threads = 0;    // CPU threads; <= 0: all hardware threads
  // "cpu", "cuda", "cuda:1" -> DeviceSpec; invalid_input otherwise.
  static Result<DeviceSpec> parse(std::string_view text);
  std::string to_string() const;
};

// One weight multiply of a loaded model, as listed by Model::linears().
struct LinearInfo {
  std::string name;        // HF module name: "model.layers.3.self_attn.q_proj", "lm_head"
  std::string role;        // "attention", "mlp", "shared_expert", "routed_expert", "router", "output"
  int64_t layer = -1;      // -1 for lm_head
  int64_t expert = -1;     // routed expert index, -1 otherwise
  int64_t in_features = 0, out_features = 0;
  DType dtype = DType::f32;
  int adapters = 0;        // LoRA adapters attached
};

struct LoadOptions {
  DeviceSpec device;
  bool validate = true;  // check every tensor's name and shape against the config first
};

class Model {
 public:
  virtual ~Model() = default;

  // Validates and prepares `files` (taking them over). Progress phase "load".
  static Result<std::shared_ptr<Model>> load(ModelFiles files, const LoadOptions& options = {},
                                             const JobContext& job = no_job());

  virtual const ModelConfig& config() const noexcept = 0;
  virtual const ModelFiles& files() const noexcept = 0;
  virtual const DeviceSpec& device() const noexcept = 0;
  // Weight bytes one decode step reads for a single token (embedding row excluded; for MoE only
  // the shared and an average token's routed experts): the numerator of the bandwidth bound.
  virtual uint64_t bytes_read_per_token() const noexcept = 0;
  // FLOPs of one token's forward excluding attention over the context (2 · active weights).
  virtual double flops_per_token() const noexcept = 0;
  // Human-readable summary: "llama 1.35B (BF16) on cpu, 2 threads".
  virtual std::string description() const = 0;
  // Every weight multiply in forward order (decoder layers, then lm_head).
  virtual std::vector<LinearInfo> linears() const = 0;
  // Names of the adapter sets attached (dsw/adapter.h), in slot order; empty for a plain model.
  virtual std::vector<std::string> adapter_names() const = 0;
};

}  // namespace dsw
