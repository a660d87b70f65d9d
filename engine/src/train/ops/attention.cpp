// Causal attention forward/backward (see attention.h): the compute backend's op.
#include "train/ops/attention.h"

#include "compute/compute_backend.h"

namespace dsw::train {

void attention_forward(OpContext& ctx, const AttentionShape& s, const float* q, const float* k, const float* v, float* o, float* lse) {
  ctx.backend.causal_attention_forward(s, q, k, v, o, lse);
}

void attention_backward(OpContext& ctx, const AttentionShape& s, const float* q, const float* k, const float* v, const float* o,
                        const float* lse, const float* dout, float* dq, float* dk, float* dv) {
  ctx.backend.causal_attention_backward(s, q, k, v, o, lse, dout, dq, dk, dv);
}

}  // namespace dsw::train
