// expected_tensors: names and shapes per architecture (docs/reference/architectures.md §1.2,
// §3.3, §4.2, §5.2).
#include "model/tensor_specs.h"

namespace dsw {
namespace {

void add(std::vector<TensorSpec>& out, std::string name, Shape shape, TensorRole role, int64_t layer) {
  out.push_back({std::move(name), shape, role, layer});
}

void add_mlp(std::vector<TensorSpec>& out, const std::string& prefix, int64_t H, int64_t I, int64_t layer, bool bias) {
  add(out, prefix + "gate_proj.weight", {I, H}, TensorRole::linear, layer);
  add(out, prefix + "up_proj.weight", {I, H}, TensorRole::linear, layer);
  add(out, prefix + "down_proj.weight", {H, I}, TensorRole::linear, layer);
  if (bias) {
    add(out, prefix + "gate_proj.bias", {I}, TensorRole::bias, layer);
    add(out, prefix + "up_proj.bias", {I}, TensorRole::bias, layer);
    add(out, prefix + "down_proj.bias", {H}, TensorRole::bias, layer);
  }
}

void add_attention(std::vector<TensorSpec>& out, const ModelConfig& c, const std::string& p, int64_t l) {
  const int64_t H = c.hidden_size, nH = c.num_attention_heads;
  if (c.is_mla()) {
    const int64_t qd = c.qk_nope_head_dim + c.qk_rope_head_dim;
    if (c.q_lora_rank > 0) {
      add(out, p + "q_a_proj.weight", {c.q_lora_rank, H}, TensorRole::linear, l);
      if (c.attention_bias) add(out, p + "q_a_proj.bias", {c.q_lora_rank}, TensorRole::bias, l);
      add(out, p + "q_a_layernorm.weight", {c.q_lora_rank}, TensorRole::norm, l);
      add(out, p + "q_b_proj.weight", {nH * qd, c.q_lora_rank}, TensorRole::linear, l);
    } else {
      add(out, p + "q_proj.weight", {nH * qd, H}, TensorRole::linear, l);
    }
    add(out, p + "kv_a_proj_with_mqa.weight", {c.kv_lora_rank + c.qk_rope_head_dim, H}, TensorRole::linear, l);
    if (c.attention_bias) add(out, p + "kv_a_proj_with_mqa.bias", {c.kv_lora_rank + c.qk_rope_head_dim}, TensorRole::bias, l);
    add(out, p + "kv_a_layernorm.weight", {c.kv_lora_rank}, TensorRole::norm, l);
    add(out, p + "kv_b_proj.weight", {nH * (c.qk_nope_head_dim + c.v_head_dim), c.kv_lora_rank}, TensorRole::linear, l);
    add(out, p + "o_proj.weight", {H, nH * c.v_head_dim}, TensorRole::linear, l);
    if (c.attention_bias) add(out, p + "o_proj.bias", {H}, TensorRole::bias, l);
    return;
  }
  const int64_t d = c.head_dim, nKV = c.num_key_value_heads;
  add(out, p + "q_proj.weight", {nH * d, H}, TensorRole::linear, l);
  add(out, p + "k_proj.weight", {nKV * d, H}, TensorRole::linear, l);
  add(out, p + "v_proj.weight", {nKV * d, H}, TensorRole::linear, l);
  add(out, p + "o_proj.weight", {H, nH * d}, TensorRole::linear, l);
  if (c.attention_bias || c.qkv_bias) {
    add(out, p + "q_proj.bias", {nH * d}, TensorRole::bias, l);
    add(out, p + "k_proj.bias", {nKV * d}, TensorRole::bias, l);
    add(out, p + "v_proj.bias", {nKV * d}, TensorRole::bias, l);
  }
  if (c.attention_bias) add(out, p + "o_proj.bias", {H}, TensorRole::bias, l);
}

}  // namespace

std::vector<TensorSpec> expected_tensors(const ModelConfig& c) {
  std::vector<TensorSpec> out;
  const int64_t H = c.hidden_size;
  add(out, "model.embed_tokens.weight", {c.vocab_size, H}, TensorRole::embedding, -1);
  for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
    std::string p = "model.layers." + std::to_string(l) + ".";
    add(out, p + "input_layernorm.weight", {H}, TensorRole::norm, l);
    add_attention(out, c, p + "self_attn.", l);
    add(out, p + "post_attention_layernorm.weight", {H}, TensorRole::norm, l);
    if (!c.is_moe_layer(l)) {
      add_mlp(out, p + "mlp.", H, c.intermediate_size, l, c.mlp_bias);
      continue;
    }
    add(out, p + "mlp.gate.weight", {c.n_routed_experts, H}, TensorRole::gate, l);
    if (c.topk_method == TopkMethod::noaux_tc)
      add(out, p + "mlp.gate.e_score_correction_bias", {c.n_routed_experts}, TensorRole::router_bias, l);
    for (int64_t e = 0; e < c.n_routed_experts; ++e)
      add_mlp(out, p + "mlp.experts." + std::to_string(e) + ".", H, c.moe_intermediate_size, l, false);
    if (c.n_shared_experts > 0)
      add_mlp(out, p + "mlp.shared_experts.", H, c.n_shared_experts * c.moe_intermediate_size, l, false);
  }
  add(out, "model.norm.weight", {H}, TensorRole::norm, -1);
  if (!c.tie_word_embeddings) add(out, "lm_head.weight", {c.vocab_size, H}, TensorRole::output, -1);
  return out;
}

std::string fp8_scale_name(const std::string& weight_name) {
  // "x.weight" -> "x.weight_scale_inv"
  return weight_name + "_scale_inv";
}

Shape fp8_scale_shape(const ModelConfig& c, const Shape& w) {
  return {(w[0] + c.fp8_block_rows - 1) / c.fp8_block_rows, (w[1] + c.fp8_block_cols - 1) / c.fp8_block_cols};
}

}  // namespace dsw
