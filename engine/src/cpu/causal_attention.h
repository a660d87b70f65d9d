// Causal softmax attention of whole rows for training, forward and backward (training.md §6), on
// the host: the CPU implementation of ComputeBackend::causal_attention_forward / _backward.
//
//   forward   S = scale·Q·Kᵀ + causal mask,  P = softmax_row(S),  O = P·V,  lse_i = log Σ_j e^{S_ij}
//   backward  dV = Pᵀ·dO;  dP = dO·Vᵀ;  D_i = rowsum(dO ⊙ O)_i;  dS = P ⊙ (dP − D)
//             dQ = scale·dS·K;  dK = scale·dSᵀ·Q;  KV head j sums the gradients of its query heads
//
// P is never stored: the backward recomputes it from the saved log-sum-exp (FlashAttention-2).
// Two schedules compute the same function:
//  - small heads (qk_dim, v_dim <= kSmallHead): fused per query row — scores, softmax and P·V (and
//    in the backward dP, dS, dQ and the dK, dV updates) in one pass over the visible keys, with the
//    head's K and V transposed once so every vector instruction spans 16 positions; a head of 8
//    components costs 8 FMAs per 16 scores and no GEMM packing (stories260K: head size 8). P·V, dS·K
//    and the dK, dV updates take 8 query rows at a time (KernelTable::rows_dot_k, rankk_add), so
//    each row of V, K, dK and dV is loaded and stored once per 8 queries, in the same summation
//    order as one row at a time. P below 2^-64 and subnormal dS are stored as 0 (kernels.h,
//    exp_shift_sum_ftz): subnormal operands cost a microcode assist per FMA;
//  - larger heads: blocks of 64 query rows multiply with the keys they can see through the pool's
//    GEMMs (the masked upper triangle costs nothing beyond the diagonal blocks).
#pragma once

#include "compute/attention_types.h"

#include <dsw/thread_pool.h>

namespace dsw::cpu {

inline constexpr int64_t kSmallHead = 32;

void causal_attention_forward(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v, float* o,
                              float* lse);
// dq, dk, dv are overwritten.
void causal_attention_backward(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                               const float* o, const float* lse, const float* dout, float* dq, float* dk, float* dv);

// The schedules themselves (tests compare them).
void causal_attention_forward_fused(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                                    float* o, float* lse);
void causal_attention_backward_fused(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                                     const float* o, const float* lse, const float* dout, float* dq, float* dk, float* dv);
void causal_attention_forward_blocked(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                                      float* o, float* lse);
void causal_attention_backward_blocked(ThreadPool& pool, const CausalAttentionShape& s, const float* q, const float* k, const float* v,
                                       const float* o, const float* lse, const float* dout, float* dq, float* dk, float* dv);

}  // namespace dsw::cpu
