// Decoder: the per-architecture part of a forward pass on the CPU backend.
//
// A Decoder owns one model's prepared weights (views of the mapped checkpoint) and computes
// its decoder layers; everything around the layers (embedding, final norm, output head, batching,
// chunking, KV bookkeeping) is shared in model_impl / session_impl. One file per architecture:
// dense.cpp (llama, qwen2), deepseek_moe.cpp (deepseek), deepseek_mla.cpp (deepseek_v2/v3).
// Decoders are immutable after construction and shared by sessions; per-session memory comes
// from the StepContext.
#pragma once

#include <dsw/model_files.h>
#include <dsw/observer.h>
#include <dsw/thread_pool.h>

#include "cpu/attention.h"
#include "cpu/kv_cache.h"
#include "cpu/matmul.h"
#include "cpu/weight.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace dsw {

// Per-session scratch buffers, grown on demand and reused across forwards.
class Scratch {
 public:
  float* get(size_t slot, int64_t n_floats) {
    if (slot >= bufs_.size()) bufs_.resize(slot + 1);
    auto& b = bufs_[slot];
    if (int64_t(b.size()) < n_floats) b.resize(size_t(n_floats));
    return b.data();
  }

 private:
  std::vector<std::vector<float>> bufs_;
};

struct StepContext {
  ThreadPool& pool;
  cpu::Matmul& matmul;
  cpu::Attention& attention;
  cpu::KvCache& cache;
  Scratch& scratch;
  const std::vector<cpu::SeqRun>& runs;
  const int32_t* positions;  // [T]
  const int32_t* seq_ids;    // [T]
  int64_t T;
  Observer* observer;  // may be null
};

class Decoder {
 public:
  virtual ~Decoder() = default;
  // KV cache geometry (heads, k/v dims) for n_seq slots of `capacity` positions.
  virtual cpu::KvCacheShape kv_shape(int64_t n_seq, int64_t capacity) const = 0;
  // x [T, hidden] in/out through decoder layer `layer`.
  virtual void run_layer(int64_t layer, float* x, StepContext& ctx) const = 0;
  // Weight bytes a single token's decode reads in the decoder layers (see Model::bytes_read_per_token).
  virtual uint64_t layer_bytes_per_token() const = 0;
};

// Builders, one per architecture file. Throw dsw::Error naming the tensor at fault.
std::unique_ptr<Decoder> make_dense_architecture(const ModelFiles& files);
std::unique_ptr<Decoder> make_deepseek_moe_architecture(const ModelFiles& files);
std::unique_ptr<Decoder> make_deepseek_mla_architecture(const ModelFiles& files);

// Weight loading helpers shared by the architecture files.
cpu::Weight load_linear(const ModelFiles& files, const std::string& name, bool optional_bias = true);
std::vector<float> load_vector_f32(const ModelFiles& files, const std::string& name);
// y[t] = rmsnorm(x[t]) * w for T rows of width C (HF order: normalise, then scale).
void rmsnorm_rows(ThreadPool& pool, const float* x, int64_t T, int64_t C, const float* w, float eps, float* y);

}  // namespace dsw
