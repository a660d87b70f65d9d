// GGUF metadata -> ModelConfig and GGUF tensor names -> HF names (formats.md §2.6, §2.8).
#include "model/gguf_model.h"

#include "core/error.h"
#include "formats/config_check.h"

#include <cmath>
#include <cstring>
#include <filesystem>

namespace dsw {
namespace {

// Typed reads of metadata keys: a key that is present with the wrong type is an error, never a
// silent fallback to the default. Ranges are checked afterwards by check_model_config.
std::optional<int64_t> opt_int(const GgufFile& g, const std::string& key) {
  const GgufValue* v = g.find(key);
  if (!v) return std::nullopt;
  if (v->type() == GgufValueType::u64 && !v->as_int())
    fail_invalid(g.name() + ": metadata key '" + key + "' = " + v->to_display_string() + " is outside the accepted range");
  if (!v->is_integer())
    fail_invalid(g.name() + ": metadata key '" + key + "' must be an integer, not " + std::string(gguf_value_type_name(v->type())));
  return v->as_int();
}
int64_t need_int(const GgufFile& g, const std::string& key) {
  auto v = opt_int(g, key);
  if (!v) fail_invalid(g.name() + ": metadata key '" + key + "' is missing");
  return *v;
}
std::optional<double> opt_float(const GgufFile& g, const std::string& key) {
  const GgufValue* v = g.find(key);
  if (!v) return std::nullopt;
  auto f = v->as_float();
  if (!f) fail_invalid(g.name() + ": metadata key '" + key + "' must be a number, not " + std::string(gguf_value_type_name(v->type())));
  return f;
}

// How this file spells each ModelConfig field, for check_model_config's messages.
ConfigSource gguf_source(const GgufFile& g, const std::string& arch) {
  return {g.name(), [arch](std::string_view field) -> std::string {
            static constexpr std::pair<std::string_view, std::string_view> kKeys[] = {
                {"hidden_size", "embedding_length"},
                {"num_hidden_layers", "block_count"},
                {"intermediate_size", "feed_forward_length"},
                {"num_attention_heads", "attention.head_count"},
                {"num_key_value_heads", "attention.head_count_kv"},
                {"max_position_embeddings", "context_length"},
                {"rms_norm_eps", "attention.layer_norm_rms_epsilon"},
                {"rope_theta", "rope.freq_base"},
                {"head_dim", "attention.key_length"},
                {"vocab_size", "vocab_size"},
                {"rope_scaling.factor", "rope.scaling.factor"},
            };
            for (auto [f, k] : kKeys)
              if (f == field) return "metadata key '" + arch + "." + std::string(k) + "'";
            if (field == "rope_freq_factors") return "tensor 'rope_freqs.weight'";
            if (field == "bos_token_id") return "metadata key 'tokenizer.ggml.bos_token_id'";
            if (field == "eos_token_id") return "metadata key 'tokenizer.ggml.eos_token_id'";
            return "value '" + std::string(field) + "'";
          }};
}

// GGUF <-> HF tensor names (formats.md §2.8): model-level and per-layer suffixes.
constexpr std::pair<const char*, const char*> kTopNames[] = {
    {"token_embd.weight", "model.embed_tokens.weight"},
    {"output_norm.weight", "model.norm.weight"},
    {"output.weight", "lm_head.weight"},
};
constexpr std::pair<const char*, const char*> kLayerNames[] = {
    {"attn_norm.weight", "input_layernorm.weight"},
    {"ffn_norm.weight", "post_attention_layernorm.weight"},
    {"attn_q.weight", "self_attn.q_proj.weight"},
    {"attn_k.weight", "self_attn.k_proj.weight"},
    {"attn_v.weight", "self_attn.v_proj.weight"},
    {"attn_output.weight", "self_attn.o_proj.weight"},
    {"attn_q.bias", "self_attn.q_proj.bias"},
    {"attn_k.bias", "self_attn.k_proj.bias"},
    {"attn_v.bias", "self_attn.v_proj.bias"},
    {"attn_output.bias", "self_attn.o_proj.bias"},
    {"ffn_gate.weight", "mlp.gate_proj.weight"},
    {"ffn_up.weight", "mlp.up_proj.weight"},
    {"ffn_down.weight", "mlp.down_proj.weight"},
    {"ffn_gate.bias", "mlp.gate_proj.bias"},
    {"ffn_up.bias", "mlp.up_proj.bias"},
    {"ffn_down.bias", "mlp.down_proj.bias"},
};

// Splits "<prefix><digits>.<rest>" into layer digits and rest; false when it does not fit.
bool split_layer(const std::string& n, std::string_view prefix, std::string& layer, std::string& rest) {
  if (n.rfind(prefix, 0) != 0) return false;
  auto dot = n.find('.', prefix.size());
  if (dot == std::string::npos) return false;
  layer = n.substr(prefix.size(), dot - prefix.size());
  rest = n.substr(dot + 1);
  return !layer.empty() && layer.find_first_not_of("0123456789") == std::string::npos;
}

// Reads llama.cpp's rope_freqs.weight: one F32 divisor per rotary frequency (llama3 scaling).
std::vector<float> read_rope_freq_factors(const GgufFile& g, const GgufTensorInfo& t, int64_t head_dim) {
  if (t.dtype != DType::f32 || t.shape.rank() != 1 || t.shape[0] != head_dim / 2)
    fail_invalid(g.name() + ": tensor 'rope_freqs.weight' must be F32 of shape [" + std::to_string(head_dim / 2) + "], is " +
                 std::string(ggml_type_name(t.ggml_type)) + " " + t.shape.to_string());
  Tensor v = g.tensor_view(t);
  std::vector<float> f(static_cast<size_t>(head_dim / 2));
  std::memcpy(f.data(), v.data(), f.size() * sizeof(float));
  for (float x : f)
    if (!std::isfinite(x) || x <= 0.0f)
      fail_invalid(g.name() + ": tensor 'rope_freqs.weight' holds a non-positive or non-finite factor");
  return f;
}

}  // namespace

ModelConfig config_from_gguf(const GgufFile& g) {
  auto arch_name = g.get_string("general.architecture");
  if (!arch_name) fail_invalid(g.name() + ": metadata key 'general.architecture' is missing");
  std::string a(*arch_name);
  ModelConfig c;
  if (a == "llama") {
    c.arch = Architecture::llama;
    c.rope_layout = RopeLayout::interleaved;  // llama.cpp permutes q/k rows for its NORM rope
  } else if (a == "qwen2") {
    c.arch = Architecture::qwen2;
    c.qkv_bias = true;
    c.rope_layout = RopeLayout::half;
  } else {
    fail_unsupported(g.name() + ": GGUF architecture '" + a + "' is not supported for inference (llama, qwen2 are)");
  }
  c.model_type = a;
  const std::string p = a + ".";
  c.hidden_size = need_int(g, p + "embedding_length");
  c.num_hidden_layers = need_int(g, p + "block_count");
  c.intermediate_size = need_int(g, p + "feed_forward_length");
  c.num_attention_heads = need_int(g, p + "attention.head_count");
  if (c.num_attention_heads < 1) check_model_config(c, gguf_source(g, a));  // names the key before dividing by it
  c.num_key_value_heads = opt_int(g, p + "attention.head_count_kv").value_or(c.num_attention_heads);
  c.max_position_embeddings = opt_int(g, p + "context_length").value_or(2048);
  c.rms_norm_eps = opt_float(g, p + "attention.layer_norm_rms_epsilon").value_or(1e-6);
  c.rope_theta = opt_float(g, p + "rope.freq_base").value_or(10000.0);
  if (auto kl = opt_int(g, p + "attention.key_length")) {
    c.head_dim = *kl;
  } else {
    // The rule config.json and llama2.c headers follow: without an explicit head size the heads
    // must split the embedding exactly (a remainder would be dropped silently by the division).
    if (c.hidden_size > 0 && c.hidden_size % c.num_attention_heads != 0)
      fail_invalid(g.name() + ": metadata key '" + p + "attention.head_count' (" + std::to_string(c.num_attention_heads) +
                   ") must divide '" + p + "embedding_length' (" + std::to_string(c.hidden_size) + ") when '" + p +
                   "attention.key_length' is absent");
    c.head_dim = c.hidden_size / c.num_attention_heads;
  }
  if (auto vl = opt_int(g, p + "attention.value_length"); vl && *vl != c.head_dim)
    fail_unsupported(g.name() + ": attention.value_length " + std::to_string(*vl) + " differs from key_length " +
                     std::to_string(c.head_dim));
  if (auto rd = opt_int(g, p + "rope.dimension_count"); rd && *rd != c.head_dim)
    fail_unsupported(g.name() + ": partial rotary embeddings (rope.dimension_count " + std::to_string(*rd) + ")");
  if (auto st = g.get_string(p + "rope.scaling.type"); st && *st != "none") {
    if (*st == "linear") {
      c.rope_scaling.type = RopeScalingType::linear;
      c.rope_scaling.factor = opt_float(g, p + "rope.scaling.factor").value_or(1.0);
    } else {
      fail_unsupported(g.name() + ": rope.scaling.type '" + std::string(*st) + "' in GGUF");
    }
  }
  // Vocabulary size: explicit key, else the token list, else the embedding rows.
  if (auto v = opt_int(g, p + "vocab_size")) c.vocab_size = *v;
  else if (auto* t = g.find("tokenizer.ggml.tokens")) c.vocab_size = int64_t(t->array_size());
  else if (auto* e = g.find_tensor("token_embd.weight"); e && e->shape.rank() == 2) c.vocab_size = e->shape[0];
  // llama.cpp ignores special ids that are not tokens (-1 is common); the tokenizer warns.
  if (auto b = opt_int(g, "tokenizer.ggml.bos_token_id"); b && *b >= 0 && *b < c.vocab_size) c.bos_token_id = *b;
  if (auto e = opt_int(g, "tokenizer.ggml.eos_token_id"); e && *e >= 0 && *e < c.vocab_size) c.eos_token_ids = {*e};
  check_model_config(c, gguf_source(g, a));
  // llama3 scaling is baked into per-frequency divisors by llama.cpp's converter.
  if (auto* rf = g.find_tensor("rope_freqs.weight")) c.rope_freq_factors = read_rope_freq_factors(g, *rf, c.head_dim);
  c.tie_word_embeddings = g.find_tensor("output.weight") == nullptr;
  if (c.arch == Architecture::llama) c.attention_bias = g.find_tensor("blk.0.attn_output.bias") != nullptr;
  c.mlp_bias = g.find_tensor("blk.0.ffn_down.bias") != nullptr;
  c.torch_dtype = "gguf";
  c.rope_angles = RopeAngles::ggml;
  return c;
}

std::string hf_tensor_name(const std::string& n) {
  for (auto& [g, h] : kTopNames)
    if (n == g) return h;
  std::string layer, rest;
  if (!split_layer(n, "blk.", layer, rest)) return {};
  for (auto& [g, h] : kLayerNames)
    if (rest == g) return "model.layers." + layer + "." + h;
  return {};
}

std::string gguf_tensor_name(const std::string& n) {
  for (auto& [g, h] : kTopNames)
    if (n == h) return g;
  std::string layer, rest;
  if (!split_layer(n, "model.layers.", layer, rest)) return {};
  for (auto& [g, h] : kLayerNames)
    if (rest == h) return "blk." + layer + "." + g;
  return {};
}

void add_gguf_tensors(const std::shared_ptr<const GgufFile>& gguf, TensorStore& store) {
  std::string file = std::filesystem::path(gguf->name()).filename().string();
  for (const auto& t : gguf->tensors()) {
    if (t.name == "rope_freqs.weight") continue;  // read into ModelConfig::rope_freq_factors
    TensorEntry e;
    e.stored_name = t.name;
    e.name = hf_tensor_name(t.name);
    if (e.name.empty()) e.name = t.name;  // reported by validate_model_tensors as unexpected
    e.dtype_name = std::string(ggml_type_name(t.ggml_type));
    e.dtype = t.dtype;
    e.shape = t.shape;
    e.nbytes = t.nbytes;
    e.file = file;
    if (t.dtype) {
      Tensor view = gguf->tensor_view(t);
      // Keep the GgufFile (and through it the mapping) alive as long as the view.
      e.tensor = Tensor(view.dtype(), view.shape(), view.data(), view.device(),
                        std::shared_ptr<const void>(gguf, view.data()));
    }
    store.add(std::move(e));
  }
}

}  // namespace dsw
