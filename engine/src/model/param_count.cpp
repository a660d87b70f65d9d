// Parameter counts from the config alone (what `dsw-cli info --config-only` reports).
//
// Counts follow the tensor tables in docs/reference/architectures.md: embeddings and the output
// head are included, norms too; "active" drops the routed experts a token does not visit
// (n_routed - k per MoE layer). MTP layers are counted apart with their own embedding, norms,
// projection, full decoder layer and head, as the checkpoint stores them.
#include <dsw/model_config.h>

namespace dsw {
namespace {

struct LayerCounts {
  int64_t attention = 0;  // attention weights + the two layer norms
  int64_t ffn_total = 0;
  int64_t ffn_active = 0;
};

int64_t swiglu(int64_t hidden, int64_t inter) { return 3 * hidden * inter; }

int64_t attention_params(const ModelConfig& c) {
  const int64_t H = c.hidden_size, nH = c.num_attention_heads;
  if (c.is_mla()) {
    const int64_t qd = c.qk_nope_head_dim + c.qk_rope_head_dim;
    int64_t n = 0;
    if (c.q_lora_rank > 0)
      n += c.q_lora_rank * H + c.q_lora_rank + nH * qd * c.q_lora_rank;  // q_a, q_a_norm, q_b
    else
      n += nH * qd * H;  // q_proj
    n += (c.kv_lora_rank + c.qk_rope_head_dim) * H + c.kv_lora_rank;  // kv_a_proj_with_mqa, kv_a_norm
    n += nH * (c.qk_nope_head_dim + c.v_head_dim) * c.kv_lora_rank;  // kv_b_proj
    n += H * nH * c.v_head_dim;                                      // o_proj
    if (c.attention_bias) {
      n += c.q_lora_rank > 0 ? c.q_lora_rank : nH * qd;
      n += c.kv_lora_rank + c.qk_rope_head_dim + H;
    }
    return n;
  }
  const int64_t d = c.head_dim, nKV = c.num_key_value_heads;
  int64_t n = nH * d * H + 2 * nKV * d * H + H * nH * d;
  if (c.attention_bias) n += nH * d + 2 * nKV * d + H;
  if (c.qkv_bias) n += nH * d + 2 * nKV * d;
  return n;
}

LayerCounts layer_params(const ModelConfig& c, bool moe) {
  LayerCounts l;
  const int64_t H = c.hidden_size;
  l.attention = attention_params(c) + 2 * H;
  if (!moe) {
    l.ffn_total = l.ffn_active = swiglu(H, c.intermediate_size) + (c.mlp_bias ? 2 * c.intermediate_size + H : 0);
    return l;
  }
  const int64_t expert = swiglu(H, c.moe_intermediate_size);
  const int64_t shared = c.n_shared_experts > 0 ? swiglu(H, c.n_shared_experts * c.moe_intermediate_size) : 0;
  int64_t gate = c.n_routed_experts * H;
  if (c.topk_method == TopkMethod::noaux_tc) gate += c.n_routed_experts;  // e_score_correction_bias
  l.ffn_total = gate + shared + c.n_routed_experts * expert;
  l.ffn_active = gate + shared + c.num_experts_per_tok * expert;
  return l;
}

}  // namespace

ParameterCount count_parameters(const ModelConfig& c) {
  ParameterCount p;
  const int64_t H = c.hidden_size;
  p.embedding = c.vocab_size * H;
  p.output = c.tie_word_embeddings ? 0 : c.vocab_size * H;
  p.total = p.active = p.embedding + p.output + H;  // + final norm
  for (int64_t layer = 0; layer < c.num_hidden_layers; ++layer) {
    LayerCounts l = layer_params(c, c.is_moe_layer(layer));
    p.total += l.attention + l.ffn_total;
    p.active += l.attention + l.ffn_active;
  }
  for (int64_t m = 0; m < c.num_nextn_predict_layers; ++m) {
    // MTP module: embed_tokens, enorm, hnorm, eh_proj [H, 2H], one decoder layer (MoE when the
    // main model is), shared_head.norm and shared_head.head.
    LayerCounts l = layer_params(c, c.n_routed_experts > 0);
    p.mtp += p.embedding + 2 * H + 2 * H * H + l.attention + l.ffn_total + H + c.vocab_size * H;
  }
  return p;
}

}  // namespace dsw
