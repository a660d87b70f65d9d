// Decoder blocks for training: weights, the activations each block saves, forward and backward.
//
// The table of saved activations (T = B·S tokens of one micro-batch; shapes in floats):
//
//   block       saved                                   shape                    why
//   layer       x_in                                    [T, H]                   input_layernorm backward; checkpoint stash
//               x_mid                                   [T, H]                   post_attention_layernorm backward
//   GQA         h (normalised), ρ                       [T, H], [T]              q/k/v LoRA and dW; RMSNorm backward
//               q, k (after RoPE), v                    [T, nH·d], 2×[T, nKV·d]  attention backward
//               o, lse                                  [T, nH·d], [B, nH, S]    o_proj input; P recomputed from lse
//   MLA         h, ρ; c_q, ρ_q, ĉ_q (q LoRA)            [T, H]; 2×[T, q_lora]    RMSNorm backwards, q_b input
//               c_kv, ρ_kv, ĉ_kv                        2×[T, kv_lora]           kv_a_layernorm backward, kv_b input
//               Q, K (rope applied), V, o, lse          2×[T, nH·192], 2×[T, nH·128]  attention (un-absorbed, §9)
//   MLP         h2, ρ2; a = gate, b = up, m = silu(a)·b [T, H]; 3×[T, I]         SwiGLU backward, down input
//   MoE         router logits z, scores p               2×[T, E]                 router backward (fp32)
//               idx, w                                  [T, K]                   stored routing (never recomputed, §1.1)
//               per expert: X_e, a, b, m, y             [n_e, H], 3×[n_e, I_e], [n_e, H]  expert backward, dw = ⟨g, y⟩
//   LoRA        u = x̃·Aᵀ per adapted Linear             [T, r]                   dB
//
// activation_plan() returns this table as numbers for a config (memory estimate, docs).
// Under gradient checkpointing only x_in and the routing survive the forward; backward re-runs
// the layer's forward with the stored routing and then backpropagates it.
#pragma once

#include "arch/router.h"
#include "compute/rope_freqs.h"
#include "train/ops/linear.h"

#include <dsw/model_config.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dsw::train {

using Vec = std::vector<float>;

// Allocator whose resize()/sized constructor leaves floats uninitialised: for step buffers that
// the next op overwrites in full (a Linear's output, a kernel's "overwritten" result), where the
// zero-fill of std::vector was pure cost every step. Buffers that are accumulated into stay Vec.
template <class T>
struct UninitAlloc : std::allocator<T> {
  UninitAlloc() = default;
  template <class U>
  UninitAlloc(const UninitAlloc<U>&) noexcept {}
  template <class U>
  struct rebind {
    using other = UninitAlloc<U>;
  };
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
};
using Buf = std::vector<float, UninitAlloc<float>>;  // contents undefined after sizing

// ---- weights ----

struct TrainMlp {
  TrainLinear gate, up, down;
};

struct TrainMoe {
  TrainLinear router;               // mlp.gate [E, H]
  std::vector<float> score_bias;    // V3 e_score_correction_bias [E] (updated by the bias rule, never by gradients)
  std::vector<TrainMlp> experts;
  TrainMlp shared;
  bool has_shared = false;
};

struct TrainGqa {
  TrainLinear q, k, v, o;
};

struct TrainMla {
  bool q_lora = false;
  TrainLinear q, q_a, q_b;
  Param* q_a_norm = nullptr;
  TrainLinear kv_a;
  Param* kv_a_norm = nullptr;
  TrainLinear kv_b, o;
};

struct TrainLayer {
  Param* input_norm = nullptr;
  Param* post_norm = nullptr;
  bool mla = false;
  TrainGqa gqa;
  TrainMla mla_w;
  bool moe = false;
  TrainMlp mlp;
  TrainMoe moe_w;
};

// ---- saved activations ----

struct MlpActs {
  Buf a, b, m;  // [n, I]
  LinearSaved gate, up, down;
};

struct GqaActs {
  Buf q, k, v, o, lse;
  LinearSaved sq, sk, sv, so;
};

struct MlaActs {
  Vec cq, rho_q, cqn, q, ckv, rho_kv, ckn, K, V, o, lse;
  LinearSaved sq, sqa, sqb, skva, skvb, so;
};

struct MoeActs {
  Vec z, scores, w;                 // [T, E], [T, E], [T, K]
  Vec noise;                        // [T, E] router-logit noise of this micro-batch (empty: none)
  std::vector<int32_t> idx;         // [T, K]
  std::vector<std::vector<int64_t>> rows;  // per expert: assignment ids t·K + k, in token order
  std::vector<Vec> x, y;            // per expert: gathered inputs [n, H], unweighted outputs [n, H]
  std::vector<MlpActs> experts;
  MlpActs shared;
  LinearSaved router;
  double aux_loss = 0;
  bool routed = false;              // idx/w hold this micro-batch's routing
};

struct LayerActs {
  Vec x_in;                         // [T, H]
  Buf x_mid;                        // [T, H]
  Buf h1, rho1, h2, rho2;           // normalised inputs of the two sub-blocks
  GqaActs gqa;
  MlaActs mla;
  MlpActs mlp;
  MoeActs moe;
  // Frees everything but x_in and the routing (gradient checkpointing).
  void drop_recomputable();
};

// ---- static per-run settings ----

struct BlockParams {
  int64_t B = 1, S = 0, H = 0;
  // GQA
  int64_t n_heads = 0, n_kv_heads = 0, head_dim = 0;
  bool interleaved = false;
  RopeFreqs rope;
  float eps = 1e-6f;
  // MLA
  int64_t q_lora_rank = 0, kv_lora_rank = 0, nope = 0, rope_dim = 0, v_dim = 0;
  float mla_scale = 1.0f;
  RopeFreqs mla_rope;
  // MoE
  RouterParams router;
  double aux_alpha = 0.0;
  bool seq_aux = true;
  float router_noise = 0.0f;  // σ of N(0, σ²) on the router logits (training forwards only)
  static BlockParams from_config(const ModelConfig& c, int64_t B, int64_t S);
};

// x_mid = x_in + attention(input_layernorm(x_in)).
void attention_block_forward(OpContext& ctx, const BlockParams& p, const TrainLayer& w, LayerActs& a);
// dx_in (+)= from dx_mid. need_dx false skips the input gradient (first layer, frozen embedding).
void attention_block_backward(OpContext& ctx, const BlockParams& p, const TrainLayer& w, LayerActs& a, const float* dx_mid,
                              float* dx_in, bool need_dx);

// x_out = x_mid + ffn(post_attention_layernorm(x_mid)). MoE keeps its routing when a.moe.routed.
void ffn_block_forward(OpContext& ctx, const BlockParams& p, const TrainLayer& w, LayerActs& a, float* x_out);
void ffn_block_backward(OpContext& ctx, const BlockParams& p, const TrainLayer& w, LayerActs& a, const float* dx_out,
                        float* dx_mid);

struct PlanRow {
  std::string what;
  int64_t floats = 0;
};
// The table above for one layer of `layer` in this config (B·S tokens), LoRA rank r on
// `lora_linears` adapted Linears.
std::vector<PlanRow> activation_plan(const ModelConfig& c, int64_t layer, int64_t B, int64_t S, int64_t r, int64_t lora_linears);

}  // namespace dsw::train
