// Causal softmax attention over B independent rows of S tokens, forward and backward
// (training.md §6), with grouped KV heads (GQA; MLA uses n_kv_heads = n_heads).
//
//   forward   S = scale·Q·Kᵀ + causal mask,  P = softmax_row(S),  O = P·V,  lse_i = log Σ_j e^{S_ij}
//   backward  dV = Pᵀ·dO;  dP = dO·Vᵀ;  D_i = rowsum(dO ⊙ O)_i;  dS = P ⊙ (dP − D)
//             dQ = scale·dS·K;  dK = scale·dSᵀ·Q;  KV head j sums the gradients of its query heads
//
// Saved: Q, K, V (after RoPE), O and lse [B, n_heads, S]; P is recomputed from lse (O(S) memory
// per head, FlashAttention-2's trick). Layouts: q [B·S, n_heads·qk_dim], k [B·S, n_kv·qk_dim],
// v [B·S, n_kv·v_dim], o [B·S, n_heads·v_dim], all row-major and contiguous.
//
// Both run on the compute backend (ComputeBackend::causal_attention_forward / _backward; the CPU's
// is cpu/causal_attention.cpp, with a fused schedule for small heads), so a device backend trains
// attention where its activations live.
#pragma once

#include "compute/attention_types.h"
#include "train/ops/linear.h"

namespace dsw::train {

using AttentionShape = CausalAttentionShape;

void attention_forward(OpContext& ctx, const AttentionShape& s, const float* q, const float* k, const float* v, float* o, float* lse);

// dq, dk, dv are overwritten.
void attention_backward(OpContext& ctx, const AttentionShape& s, const float* q, const float* k, const float* v, const float* o,
                        const float* lse, const float* dout, float* dq, float* dk, float* dv);

}  // namespace dsw::train
