// Multi-head Latent Attention (DeepSeek-V2/V3, architectures.md §4.3–§4.4) with the compressed
// cache and absorbed weights.
//
// Each token caches only RMSNorm(c_kv) (kv_lora_rank floats) and its rotated shared k_rope
// (qk_rope_head_dim floats) — 576 floats for V3 instead of 128 heads x (192 + 128) for full K/V.
// Attention runs in the latent space: q̃_h = q_nope,h · W_UK,h, score = (q̃_h·c + q_rope,h·k_rope)
// · scale, o_h = W_UV,h · Σ p·c. This is algebraically the HF "naive" form; fp32 keeps the two
// within rounding. RoPE pairs are interleaved on the rope part of q and on k_rope.
#pragma once

#include "arch/blocks.h"

#include <functional>
#include <vector>

namespace dsw {

struct MlaWeights {
  std::vector<float> norm;  // input_layernorm
  Linear q;                 // q_proj (no q LoRA) or
  Linear q_a, q_b;          // q_a_proj, q_b_proj (q LoRA)
  std::vector<float> q_a_norm;
  Linear kv_a;              // kv_a_proj_with_mqa [kv_lora + rope, H]
  std::vector<float> kv_a_norm;
  Linear kv_b;              // [nH * (nope + v), kv_lora]
  std::vector<Linear> uk, uv;  // per head: row views of kv_b (rebuilt by split_kv_b)
  Linear o;

  // Every Linear except the per-head views.
  void for_each_linear(const std::function<void(Linear&)>& fn) {
    if (q.defined()) fn(q);
    if (q_a.defined()) fn(q_a), fn(q_b);
    fn(kv_a), fn(kv_b), fn(o);
  }
  // (Re)builds uk and uv from kv_b: head h owns rows [h·(nope+v), +nope) and the next v rows.
  void split_kv_b(int64_t n_heads, int64_t nope, int64_t v);
};

struct MlaParams {
  int64_t n_heads = 0, q_lora_rank = 0, kv_lora_rank = 0, nope = 0, rope = 0, v = 0;
  float scale = 1.0f;  // softmax scale: q_head_dim^-0.5 (x mscale² under YaRN, see ModelConfig)
  float eps = 1e-6f;   // input_layernorm
  RopeFreqs freqs;
  static MlaParams from_config(const ModelConfig& c);
};

MlaWeights load_mla(const ModelFiles& files, int64_t layer);

// x += o_proj(MLA(input_layernorm(x))); appends the latent entries to the cache (1 head, k_dim
// kv_lora_rank + rope, no separate V).
void mla_attention_block(int64_t layer, const MlaWeights& w, const MlaParams& p, int64_t hidden, float* x, StepContext& ctx);

uint64_t mla_bytes_per_token(const MlaWeights& w);

}  // namespace dsw
