// Random checkpoints: config.json writer and the deterministic weight generator.
#include <dsw/make_model.h>
#include <dsw/safetensors_writer.h>

#include "core/atomic_file.h"
#include "core/error.h"
#include "model/tensor_specs.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

namespace dsw {
namespace {

uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t name_hash(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
  return h;
}

// Element i of a tensor: uniform in [-a, a] from a counter-based hash (chunk-order independent).
float element(uint64_t key, uint64_t i, float a) {
  const uint64_t r = mix(key + 0x9e3779b97f4a7c15ull * (i + 1));
  return (float(double(r >> 40) / double(1ull << 24)) * 2.0f - 1.0f) * a;
}

void write_text(const std::filesystem::path& p, const std::string& s) {
  AtomicFile f(p);
  f.write(s);
  f.commit();
}

}  // namespace

std::string config_to_json(const ModelConfig& c) {
  nlohmann::ordered_json j;
  static const char* kClass[] = {"LlamaForCausalLM", "Qwen2ForCausalLM", "DeepseekForCausalLM", "DeepseekV2ForCausalLM",
                                 "DeepseekV3ForCausalLM"};
  j["architectures"] = {kClass[int(c.arch)]};
  j["model_type"] = std::string(architecture_name(c.arch));
  j["hidden_size"] = c.hidden_size;
  j["intermediate_size"] = c.intermediate_size;
  j["num_hidden_layers"] = c.num_hidden_layers;
  j["num_attention_heads"] = c.num_attention_heads;
  j["num_key_value_heads"] = c.num_key_value_heads;
  if (!c.is_mla() && c.head_dim != c.hidden_size / c.num_attention_heads) j["head_dim"] = c.head_dim;
  j["vocab_size"] = c.vocab_size;
  j["max_position_embeddings"] = c.max_position_embeddings;
  j["rms_norm_eps"] = c.rms_norm_eps;
  j["rope_theta"] = c.rope_theta;
  const auto& s = c.rope_scaling;
  if (s.type == RopeScalingType::none) {
    j["rope_scaling"] = nullptr;
  } else {
    nlohmann::ordered_json r = {{"type", std::string(rope_scaling_name(s.type))}, {"factor", s.factor}};
    if (s.type == RopeScalingType::llama3) {
      r["rope_type"] = "llama3";
      r["low_freq_factor"] = s.low_freq_factor;
      r["high_freq_factor"] = s.high_freq_factor;
      r["original_max_position_embeddings"] = s.original_max_position_embeddings;
    } else if (s.type == RopeScalingType::yarn) {
      r["original_max_position_embeddings"] = s.original_max_position_embeddings;
      r["beta_fast"] = s.beta_fast;
      r["beta_slow"] = s.beta_slow;
      if (s.mscale > 0) r["mscale"] = s.mscale;
      if (s.mscale_all_dim > 0) r["mscale_all_dim"] = s.mscale_all_dim;
    }
    j["rope_scaling"] = r;
  }
  j["hidden_act"] = c.hidden_act;
  if (c.arch != Architecture::qwen2) j["attention_bias"] = c.attention_bias;
  if (c.arch == Architecture::llama) j["mlp_bias"] = c.mlp_bias;
  if (c.arch == Architecture::qwen2) j["use_sliding_window"] = false;
  j["tie_word_embeddings"] = c.tie_word_embeddings;
  if (c.bos_token_id) j["bos_token_id"] = *c.bos_token_id;
  if (c.eos_token_ids.size() == 1) j["eos_token_id"] = c.eos_token_ids[0];
  else if (!c.eos_token_ids.empty()) j["eos_token_id"] = c.eos_token_ids;
  if (c.is_moe()) {
    j["n_routed_experts"] = c.n_routed_experts;
    j["n_shared_experts"] = c.n_shared_experts;
    j["num_experts_per_tok"] = c.num_experts_per_tok;
    j["moe_intermediate_size"] = c.moe_intermediate_size;
    j["first_k_dense_replace"] = c.first_k_dense_replace;
    j["moe_layer_freq"] = c.moe_layer_freq;
    j["norm_topk_prob"] = c.norm_topk_prob;
    j["scoring_func"] = c.scoring_func == ScoringFunc::softmax ? "softmax" : "sigmoid";
    static const char* kTopk[] = {"greedy", "group_limited_greedy", "noaux_tc"};
    j["topk_method"] = kTopk[int(c.topk_method)];
    j["n_group"] = c.n_group;
    j["topk_group"] = c.topk_group;
    j["routed_scaling_factor"] = c.routed_scaling_factor;
  }
  if (c.is_mla()) {
    j["q_lora_rank"] = c.q_lora_rank > 0 ? nlohmann::ordered_json(c.q_lora_rank) : nlohmann::ordered_json(nullptr);
    j["kv_lora_rank"] = c.kv_lora_rank;
    j["qk_nope_head_dim"] = c.qk_nope_head_dim;
    j["qk_rope_head_dim"] = c.qk_rope_head_dim;
    j["v_head_dim"] = c.v_head_dim;
    j["num_nextn_predict_layers"] = c.num_nextn_predict_layers;
  }
  if (c.fp8_weights)
    j["quantization_config"] = {{"quant_method", "fp8"}, {"fmt", "e4m3"}, {"activation_scheme", "dynamic"},
                                {"weight_block_size", {c.fp8_block_rows, c.fp8_block_cols}}};
  j["torch_dtype"] = c.torch_dtype.empty() ? "float32" : c.torch_dtype;
  return j.dump(2) + "\n";
}

Status make_random_model(const ModelConfig& config, const MakeModelOptions& o, const std::filesystem::path& out,
                         const JobContext& job) {
  return guard([&] {
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) fail_io(out.string() + ": cannot create folder: " + ec.message());
    ModelConfig c = config;
    const DType dtype = o.dtype.value_or(c.torch_dtype == "float32" ? DType::f32 : DType::bf16);
    if (dtype != DType::f32 && dtype != DType::bf16 && dtype != DType::f16)
      fail_invalid("make-model: weights can be f32, bf16 or f16");
    c.torch_dtype = dtype == DType::f32 ? "float32" : dtype == DType::bf16 ? "bfloat16" : "float16";

    const float a = o.init_std * std::sqrt(3.0f);
    std::vector<TensorToWrite> tensors;
    for (const TensorSpec& s : expected_tensors(c)) {
      TensorToWrite t;
      t.name = s.name;
      t.shape = s.shape;
      const bool keep_f32 = s.role == TensorRole::router_bias;  // e_score_correction_bias is float32 in V3
      t.dtype = keep_f32 ? DType::f32 : dtype;
      const uint64_t key = mix(o.seed * 0x9e3779b97f4a7c15ull ^ name_hash(s.name));
      const TensorRole role = s.role;
      const DType dt = t.dtype;
      t.fill = [key, role, dt, a](uint8_t* dst, uint64_t offset, uint64_t bytes) {
        const uint64_t esz = dtype_info(dt).block_bytes, first = offset / esz, n = bytes / esz;
        for (uint64_t i = 0; i < n; ++i) {
          float v = element(key, first + i, a);
          if (role == TensorRole::norm) v = 1.0f + v;  // norms near one
          else if (role == TensorRole::router_bias) v = v * 0.5f;
          if (dt == DType::f32) reinterpret_cast<float*>(dst)[i] = v;
          else if (dt == DType::bf16) reinterpret_cast<uint16_t*>(dst)[i] = f32_to_bf16(v);
          else reinterpret_cast<uint16_t*>(dst)[i] = f32_to_f16(v);
        }
      };
      tensors.push_back(std::move(t));
    }
    throw_if_error(write_safetensors(out / "model.safetensors", tensors, {{"format", "pt"}, {"dsw_random_seed", std::to_string(o.seed)}}, job));
    write_text(out / "config.json", config_to_json(c));
    nlohmann::ordered_json gen = {{"_from_model_config", true}};
    if (c.bos_token_id) gen["bos_token_id"] = *c.bos_token_id;
    if (!c.eos_token_ids.empty()) gen["eos_token_id"] = c.eos_token_ids.size() == 1 ? nlohmann::ordered_json(c.eos_token_ids[0]) : nlohmann::ordered_json(c.eos_token_ids);
    write_text(out / "generation_config.json", gen.dump(2) + "\n");
    write_text(out / "README.txt",
               "UNTRAINED random-weight model written by dsw-cli make-model (seed " + std::to_string(o.seed) +
                   "). It has the shape of a real checkpoint for benchmarks and tests; its text is noise.\n");
    if (o.tokenizer) {
      const auto& src = *o.tokenizer;
      if (!std::filesystem::is_regular_file(src)) fail_io(src.string() + ": tokenizer file not found");
      std::string name = src.filename().string();
      if (src.extension() == ".gguf") name = "tokenizer.gguf";
      std::filesystem::copy_file(src, out / name, std::filesystem::copy_options::overwrite_existing, ec);
      if (ec) fail_io(src.string() + ": cannot copy: " + ec.message());
      auto cfg = src.parent_path() / "tokenizer_config.json";
      if (src.filename() == "tokenizer.json" && std::filesystem::is_regular_file(cfg))
        std::filesystem::copy_file(cfg, out / "tokenizer_config.json", std::filesystem::copy_options::overwrite_existing, ec);
    }
  });
}

}  // namespace dsw
