// ComputeBackend: the ops a forward pass runs, on one device, for one session.
//
// This is the seam between the architectures (arch/) and the devices: architecture code calls
// these ops and Linear::forward and never touches a kernel, a thread pool or a cache layout. The
// CPU implementation is cpu/cpu_compute.cpp; a CUDA implementation plugs in here with device
// pointers behind the same float* (scratch and cache memory come from the backend itself).
//
// One instance per Session: it owns the session's working memory, KV cache and (on the CPU) thread
// pool, and is driven by one thread at a time. Pointers passed to ops are backend memory
// (scratch(), the cache) unless an op says host. Router logits are read on the host by the MoE
// block: a device backend makes that slot host-visible (or copies it back) in read_back().
#pragma once

#include "compute/attention_types.h"
#include "compute/rope_freqs.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dsw {

class Linear;
struct LinearGrads;
struct LinearOutput;

class ComputeBackend {
 public:
  virtual ~ComputeBackend() = default;

  virtual std::string name() const = 0;  // "cpu (2 threads, avx512)"
  virtual int n_threads() const noexcept = 0;

  // Working memory -----------------------------------------------------------------------------
  // A buffer of at least n floats for `slot`, kept and reused across steps (contents undefined).
  virtual float* scratch(size_t slot, int64_t n_floats) = 0;
  // Host-readable view of n floats of backend memory (the CPU returns p itself).
  virtual const float* read_back(const float* p, int64_t n) = 0;

  // KV cache -----------------------------------------------------------------------------------
  virtual void create_kv_cache(const KvCacheShape& shape) = 0;
  virtual const KvCacheShape& kv_shape() const noexcept = 0;
  virtual int64_t kv_length(int64_t seq) const noexcept = 0;
  virtual void set_kv_length(int64_t seq, int64_t n) noexcept = 0;
  virtual uint64_t kv_bytes_per_token() const noexcept = 0;
  // Stores row t's keys k[t·ldk ..] (n_heads·k_dim floats) and values v[t·ldv ..] (n_heads·v_dim;
  // v may be null when v_dim is 0) of layer `layer` at (seq_ids[t], positions[t]).
  virtual void kv_store(int64_t layer, const float* k, int64_t ldk, const float* v, int64_t ldv, int64_t T,
                        const int32_t* seq_ids, const int32_t* positions) = 0;

  // Ops ----------------------------------------------------------------------------------------
  // y = x·Wᵀ (+ bias) (+ adapters, per-row slots when row_slots is not null). See Linear.
  virtual void linear(const Linear& w, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy,
                      const int32_t* row_slots) = 0;
  // outs[i].y = x·Wᵢᵀ (+ biasᵢ) (+ adaptersᵢ) for n Linears that read the same x (q / k / v, gate /
  // up): what linear() gives on each, which a backend may compute in one pass. The default calls
  // linear() on each in turn (compute/linear.cpp).
  virtual void linear_group(const LinearOutput* outs, int n, const float* x, int64_t T, int64_t ldx,
                            const int32_t* row_slots);
  // y = x·W (+ adapters).
  virtual void linear_transposed(const Linear& w, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy,
                                 const int32_t* row_slots) = 0;
  // Training: dx, dW, db and the adapters' dA, dB of w from dy [T, out] and the input x (see
  // LinearGrads in compute/linear.h).
  virtual void linear_backward(const Linear& w, const float* x, int64_t ldx, const float* dy, int64_t T, const LinearGrads& grads) = 0;
  // For each head h: y_h = x_h·W_hᵀ (or x_h·W_h when transposed), where x_h = x + h·x_head_stride
  // (row stride ldx) and y_h = y + h·y_head_stride (row stride ldy), adapters per row slot as in
  // linear(). MLA's per-head absorption and value decompression.
  virtual void linear_per_head(const std::vector<Linear>& heads, bool transposed, const float* x, int64_t ldx,
                               int64_t x_head_stride, int64_t T, float* y, int64_t ldy, int64_t y_head_stride,
                               const int32_t* row_slots) = 0;
  // out[t] = table row tokens[t] widened to f32 (host token ids).
  virtual void embed(const Linear& table, const int32_t* tokens, int64_t T, float* out) = 0;
  // y[t] = x[t] / rms(x[t]) * w over C columns (HF order: normalise, then scale); y may equal x.
  virtual void rmsnorm(const float* x, int64_t ldx, int64_t T, int64_t C, const float* w, float eps, float* y,
                       int64_t ldy) = 0;
  // Rotates, in row t (stride ld), heads h at h·head_stride + offset by positions[t] (host ids).
  virtual void rope(float* x, int64_t ld, int64_t T, int64_t n_heads, int64_t head_stride, int64_t offset,
                    const int32_t* positions, const RopeFreqs& freqs, bool interleaved) = 0;
  // Causal attention of q rows over the cache layer for each run; sink observes probabilities.
  virtual void attention(const float* q, int64_t ldq, const std::vector<SeqRun>& runs, int64_t layer,
                         const AttentionDims& dims, float* out, int64_t ldo, const ProbsSink* sink) = 0;
  // y += x (n floats)
  virtual void add(float* y, const float* x, int64_t n) = 0;
  // g = silu(g) * u (n floats)
  virtual void silu_mul(float* g, const float* u, int64_t n) = 0;
  virtual void zero(float* y, int64_t n) = 0;
  // dst[i] = src row rows[i] (C floats each; src row stride lds, dst packed).
  virtual void gather_rows(const float* src, int64_t lds, const int64_t* rows, int64_t n, int64_t C, float* dst) = 0;
  // dst row rows[i] += weights[i] · src[i] (src packed, dst row stride ldd).
  virtual void scatter_add_rows(const float* src, const int64_t* rows, const float* weights, int64_t n, int64_t C,
                                float* dst, int64_t ldd) = 0;
  // dst[t] = src[t] for T rows of C floats.
  virtual void copy_rows(const float* src, int64_t lds, int64_t T, int64_t C, float* dst, int64_t ldd) = 0;

  // Training -----------------------------------------------------------------------------------
  // Causal softmax attention of whole rows (training.md §6): o, and the log-sum-exp of every
  // (row, head, position) that the backward recomputes P from.
  virtual void causal_attention_forward(const CausalAttentionShape& s, const float* q, const float* k, const float* v, float* o,
                                        float* lse) = 0;
  // dq, dk, dv (overwritten) from dout and the forward's q, k, v, o, lse.
  virtual void causal_attention_backward(const CausalAttentionShape& s, const float* q, const float* k, const float* v, const float* o,
                                         const float* lse, const float* dout, float* dq, float* dk, float* dv) = 0;
};

}  // namespace dsw
