// Decoder: the per-architecture part of a forward pass.
//
// A Decoder owns one model's prepared weights — Linears over views of the mapped checkpoint, norms
// widened to f32 — and computes its decoder layers through the step's ComputeBackend; everything
// around the layers (embedding, final norm, output head, batching, chunking, KV bookkeeping) is
// shared in runtime/. One file per architecture: dense.cpp (llama, qwen2), deepseek_moe.cpp
// (deepseek), deepseek_mla.cpp (deepseek_v2/v3). Decoders are immutable after construction and
// shared by sessions; a copy (clone) shares the weight bytes and may carry other adapters.
#pragma once

#include <dsw/model_files.h>

#include "compute/attention_types.h"
#include "compute/linear.h"
#include "compute/step_context.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dsw {

class Decoder {
 public:
  virtual ~Decoder() = default;
  // KV cache geometry (heads, k/v dims) for n_seq slots of `capacity` positions.
  virtual KvCacheShape kv_shape(int64_t n_seq, int64_t capacity) const = 0;
  // x [T, hidden] in/out through decoder layer `layer`.
  virtual void run_layer(int64_t layer, float* x, StepContext& ctx) const = 0;
  // Weight bytes a single token's decode reads in the decoder layers (see Model::bytes_read_per_token).
  virtual uint64_t layer_bytes_per_token() const = 0;
  // A copy sharing the weight bytes (adapters and replaced bases are per copy).
  virtual std::unique_ptr<Decoder> clone() const = 0;
  // Every Linear of the decoder layers, in layer order (per-head views excluded: they follow
  // their parent Linear, see refresh_views()).
  virtual void for_each_linear(const std::function<void(Linear&)>& fn) = 0;
  // Rebuilds derived views (MLA's per-head slices of kv_b) after Linears changed.
  virtual void refresh_views() {}
};

// Builders, one per architecture file. Throw dsw::Error naming the tensor at fault.
std::unique_ptr<Decoder> make_dense_architecture(const ModelFiles& files);
std::unique_ptr<Decoder> make_deepseek_moe_architecture(const ModelFiles& files);
std::unique_ptr<Decoder> make_deepseek_mla_architecture(const ModelFiles& files);

// Weight loading shared by the architecture files. `name` is the tensor name ("...q_proj.weight");
// the Linear is named after its module ("...q_proj"). The bias "...q_proj.bias" is loaded when
// present and optional_bias.
Linear load_linear(const ModelFiles& files, const std::string& name, LinearRole role, int64_t expert = -1,
                   bool optional_bias = true);
std::vector<float> load_vector_f32(const ModelFiles& files, const std::string& name);
// Whether the engine multiplies with weights of this dtype (the kernel tables' types plus FP8).
bool linear_dtype_supported(DType dtype) noexcept;

}  // namespace dsw
