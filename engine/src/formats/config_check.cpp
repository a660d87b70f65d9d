// check_model_config: ranges and cross-field rules of a finished ModelConfig (config_check.h).
#include "formats/config_check.h"

#include "core/error.h"

#include <cmath>
#include <cstdio>

namespace dsw {
namespace {

using L = ConfigLimits;

std::string number_text(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

class Checker {
 public:
  Checker(const ConfigSource& s) : s_(s) {}

  [[noreturn]] void fail(std::string_view field, const std::string& problem) const {
    fail_invalid(s_.file + ": " + s_.name_of(field) + " " + problem);
  }
  void integer(std::string_view field, int64_t v, int64_t min, int64_t max) const {
    if (v < min || v > max)
      fail(field, "is " + std::to_string(v) + ", outside the accepted range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  void number(std::string_view field, double v, double min, double max) const {
    if (!std::isfinite(v) || v < min || v > max)
      fail(field, "is " + number_text(v) + ", outside the accepted range [" + number_text(min) + ", " + number_text(max) + "]");
  }

 private:
  const ConfigSource& s_;
};

void check_rope(const ModelConfig& c, const Checker& k) {
  k.number("rope_theta", c.rope_theta, L::min_rope_theta, L::max_rope_theta);
  const RopeScaling& r = c.rope_scaling;
  if (r.type == RopeScalingType::none) return;
  k.number("rope_scaling.factor", r.factor, L::min_rope_factor, L::max_rope_factor);
  if (r.type == RopeScalingType::llama3) {
    k.integer("rope_scaling.original_max_position_embeddings", r.original_max_position_embeddings, 1, L::positions);
    k.number("rope_scaling.low_freq_factor", r.low_freq_factor, L::min_rope_factor, L::max_rope_factor);
    k.number("rope_scaling.high_freq_factor", r.high_freq_factor, L::min_rope_factor, L::max_rope_factor);
    if (r.high_freq_factor <= r.low_freq_factor) k.fail("rope_scaling.high_freq_factor", "must exceed low_freq_factor");
  } else if (r.type == RopeScalingType::yarn) {
    k.integer("rope_scaling.original_max_position_embeddings", r.original_max_position_embeddings, 1, L::positions);
    k.number("rope_scaling.beta_fast", r.beta_fast, L::min_rope_factor, L::max_rope_factor);
    k.number("rope_scaling.beta_slow", r.beta_slow, L::min_rope_factor, L::max_rope_factor);
    k.number("rope_scaling.mscale", r.mscale, 0.0, 1e3);
    k.number("rope_scaling.mscale_all_dim", r.mscale_all_dim, 0.0, 1e3);
    if (r.attention_factor) k.number("rope_scaling.attention_factor", *r.attention_factor, 0.0, 1e3);
  }
}

void check_moe(const ModelConfig& c, const Checker& k) {
  k.integer("n_routed_experts", c.n_routed_experts, 0, L::experts);
  if (!c.is_moe()) return;
  k.integer("n_shared_experts", c.n_shared_experts, 0, L::shared_experts);
  k.integer("num_experts_per_tok", c.num_experts_per_tok, 1, c.n_routed_experts);
  k.integer("moe_intermediate_size", c.moe_intermediate_size, 1, L::intermediate);
  k.integer("first_k_dense_replace", c.first_k_dense_replace, 0, c.num_hidden_layers);
  k.integer("moe_layer_freq", c.moe_layer_freq, 1, c.num_hidden_layers);
  k.number("routed_scaling_factor", c.routed_scaling_factor, 0.0, 1e6);
  k.integer("n_group", c.n_group, 1, c.n_routed_experts);
  k.integer("topk_group", c.topk_group, 1, c.n_group);
  if (c.n_routed_experts % c.n_group != 0)
    k.fail("n_group", "(" + std::to_string(c.n_group) + ") must divide n_routed_experts (" + std::to_string(c.n_routed_experts) + ")");
  if (c.topk_method != TopkMethod::greedy && c.num_experts_per_tok > c.topk_group * (c.n_routed_experts / c.n_group))
    k.fail("num_experts_per_tok", "exceeds the experts in topk_group groups");
}

void check_mla(const ModelConfig& c, const Checker& k) {
  k.integer("q_lora_rank", c.q_lora_rank, 0, L::hidden);
  k.integer("kv_lora_rank", c.kv_lora_rank, 1, L::hidden);
  k.integer("qk_nope_head_dim", c.qk_nope_head_dim, 1, L::head_dim);
  k.integer("qk_rope_head_dim", c.qk_rope_head_dim, 2, L::head_dim);
  k.integer("v_head_dim", c.v_head_dim, 1, L::head_dim);
  if (c.qk_rope_head_dim % 2) k.fail("qk_rope_head_dim", "must be even");
  k.integer("num_nextn_predict_layers", c.num_nextn_predict_layers, 0, L::mtp_layers);
}

}  // namespace

void check_model_config(const ModelConfig& c, const ConfigSource& source) {
  Checker k(source);
  k.integer("hidden_size", c.hidden_size, 1, L::hidden);
  k.integer("intermediate_size", c.intermediate_size, 1, L::intermediate);
  k.integer("num_hidden_layers", c.num_hidden_layers, 1, L::layers);
  k.integer("num_attention_heads", c.num_attention_heads, 1, L::heads);
  k.integer("num_key_value_heads", c.num_key_value_heads, 1, c.num_attention_heads);
  if (c.num_attention_heads % c.num_key_value_heads != 0)
    k.fail("num_key_value_heads", "(" + std::to_string(c.num_key_value_heads) + ") must divide num_attention_heads (" +
                                      std::to_string(c.num_attention_heads) + ")");
  k.integer("vocab_size", c.vocab_size, 1, L::vocab);
  k.integer("max_position_embeddings", c.max_position_embeddings, 1, L::positions);
  k.number("rms_norm_eps", c.rms_norm_eps, L::min_rms_eps, L::max_rms_eps);
  check_rope(c, k);
  for (float f : c.rope_freq_factors)
    if (!std::isfinite(f) || f <= 0.0f) k.fail("rope_freq_factors", "holds a non-positive or non-finite factor");
  if (c.is_mla()) {
    check_mla(c, k);
  } else {
    k.integer("head_dim", c.head_dim, 2, L::head_dim);
    if (c.head_dim % 2) k.fail("head_dim", "must be even for rotary embeddings");
    if (!c.rope_freq_factors.empty() && int64_t(c.rope_freq_factors.size()) != c.head_dim / 2)
      k.fail("rope_freq_factors", "has " + std::to_string(c.rope_freq_factors.size()) + " factors for head size " +
                                      std::to_string(c.head_dim));
  }
  check_moe(c, k);
  if (c.bos_token_id) k.integer("bos_token_id", *c.bos_token_id, 0, c.vocab_size - 1);
  for (int64_t id : c.eos_token_ids) k.integer("eos_token_id", id, 0, c.vocab_size - 1);
  if (c.fp8_weights) {
    k.integer("quantization_config.weight_block_size", c.fp8_block_rows, 1, L::fp8_block);
    k.integer("quantization_config.weight_block_size", c.fp8_block_cols, 1, L::fp8_block);
  }
}

ConfigSource config_json_source(std::string file) {
  return {std::move(file), [](std::string_view field) { return "field '" + std::string(field) + "'"; }};
}

}  // namespace dsw
