// ModelConfig: one typed description of every supported architecture.
//
// Built from a Hugging Face config.json (llama, qwen2, deepseek, deepseek_v2, deepseek_v3), from
// GGUF metadata, or from a llama2.c header. Parsing rejects missing, mistyped, out-of-range and
// contradictory fields with the field's name; integers are range-capped before anything is sized
// from them. Remote-code fields (auto_map) are ignored. See docs/reference/architectures.md.
#pragma once

#include <dsw/status.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

enum class Architecture { llama, qwen2, deepseek, deepseek_v2, deepseek_v3 };
std::string_view architecture_name(Architecture a) noexcept;  // the HF model_type
std::optional<Architecture> architecture_from_name(std::string_view model_type) noexcept;

enum class RopeScalingType { none, linear, llama3, yarn };
std::string_view rope_scaling_name(RopeScalingType t) noexcept;

struct RopeScaling {
  RopeScalingType type = RopeScalingType::none;
  double factor = 1.0;
  int64_t original_max_position_embeddings = 0;  // llama3, yarn
  double low_freq_factor = 1.0, high_freq_factor = 4.0;  // llama3
  double beta_fast = 32.0, beta_slow = 1.0;               // yarn
  double mscale = 0.0, mscale_all_dim = 0.0;              // yarn (DeepSeek): 0 = absent
  std::optional<double> attention_factor;                 // yarn: explicit cos/sin amplitude
};

// How RoPE angles are rounded (compute/rope_freqs.h): HF's or ggml_rope's arithmetic.
enum class RopeAngles { hf, ggml };

// How the rotary pairs are laid out in the stored q/k weights (architectures.md §0.5).
enum class RopeLayout {
  half,         // (x[j], x[j + r/2]) — HF rotate_half
  interleaved,  // (x[2j], x[2j+1]) — llama2.c, GGUF llama (permuted q/k), MLA rope part
};

enum class ScoringFunc { softmax, sigmoid };
enum class TopkMethod { greedy, group_limited_greedy, noaux_tc };

struct ModelConfig {
  Architecture arch = Architecture::llama;
  std::string model_type;  // as written in the file

  // Common transformer shape.
  int64_t hidden_size = 0;
  int64_t intermediate_size = 0;
  int64_t num_hidden_layers = 0;
  int64_t num_attention_heads = 0;
  int64_t num_key_value_heads = 0;
  int64_t head_dim = 0;  // q/k/v head size for llama/qwen2/deepseek (default hidden/heads)
  int64_t vocab_size = 0;
  int64_t max_position_embeddings = 0;
  double rms_norm_eps = 1e-6;
  double rope_theta = 10000.0;
  RopeScaling rope_scaling;
  RopeLayout rope_layout = RopeLayout::half;  // of the llama-style q/k (MLA rope is always interleaved)
  // Per-frequency divisors of inv_freq (rot_dim / 2 entries; empty: none), applied after
  // rope_scaling: how llama.cpp GGUFs carry llama3 scaling (tensor rope_freqs.weight).
  std::vector<float> rope_freq_factors;
  // How RoPE angles are rounded: HF's pos·inv_freq (checkpoints) or ggml_rope's recurrence (GGUF
  // files, so that the engine computes what llama.cpp computes on them).
  RopeAngles rope_angles = RopeAngles::hf;
  bool attention_bias = false;  // llama: q, k, v and o
  bool qkv_bias = false;        // qwen2: q, k, v only
  bool mlp_bias = false;
  bool tie_word_embeddings = false;
  std::string hidden_act = "silu";
  std::string torch_dtype;  // informational

  std::optional<int64_t> bos_token_id;
  std::vector<int64_t> eos_token_ids;

  // MoE (deepseek, deepseek_v2, deepseek_v3); n_routed_experts == 0 means dense.
  int64_t n_routed_experts = 0;
  int64_t n_shared_experts = 0;
  int64_t num_experts_per_tok = 0;
  int64_t moe_intermediate_size = 0;
  int64_t first_k_dense_replace = 0;
  int64_t moe_layer_freq = 1;
  bool norm_topk_prob = false;
  ScoringFunc scoring_func = ScoringFunc::softmax;
  TopkMethod topk_method = TopkMethod::greedy;
  int64_t n_group = 1;
  int64_t topk_group = 1;
  double routed_scaling_factor = 1.0;

  // MLA (deepseek_v2, deepseek_v3).
  int64_t q_lora_rank = 0;  // 0: plain q_proj
  int64_t kv_lora_rank = 0;
  int64_t qk_nope_head_dim = 0;
  int64_t qk_rope_head_dim = 0;
  int64_t v_head_dim = 0;
  // Whether the softmax scale includes mscale² under YaRN (DeepSeek remote code and HF V3: true;
  // HF native V2 before transformers PR #47435: false). architectures.md §4.3.
  bool mla_softmax_mscale = true;

  int64_t num_nextn_predict_layers = 0;  // MTP layers (skipped on load)

  // FP8 block quantisation of Linear weights (quantization_config).
  bool fp8_weights = false;
  int64_t fp8_block_rows = 128, fp8_block_cols = 128;
  // GPTQ checkpoint (quantization_config quant_method "gptq", quantization.md §2.4): Linears are
  // stored as qweight/qzeros/scales/g_idx and turned into Q4_0 / Q8_0 (or f32) weights at open.
  struct Gptq {
    int bits = 4;              // 4 or 8
    int64_t group_size = 128;  // -1: per channel
    bool sym = true;
    bool desc_act = false;
    bool v2 = false;           // checkpoint_format "gptq_v2": qzeros hold z, not z − 1
  };
  std::optional<Gptq> gptq;

  bool is_moe() const noexcept { return n_routed_experts > 0; }
  bool is_mla() const noexcept { return arch == Architecture::deepseek_v2 || arch == Architecture::deepseek_v3; }
  // True when layer `layer` uses the MoE FFN (architectures.md §3.2).
  bool is_moe_layer(int64_t layer) const noexcept;
  int64_t q_head_dim() const noexcept { return is_mla() ? qk_nope_head_dim + qk_rope_head_dim : head_dim; }
};

// Parses config.json text; `name` (usually the path) is used in messages.
Result<ModelConfig> parse_model_config(std::string_view json, std::string_view name);
// Reads and parses a config.json file (size-capped).
Result<ModelConfig> load_model_config(const std::filesystem::path& path);

// Parameters by part, computed from the config alone (embedding and head included).
struct ParameterCount {
  int64_t total = 0;      // every weight of the main model (MTP excluded)
  int64_t active = 0;     // weights touched per token: all but unselected routed experts
  int64_t embedding = 0;  // embed_tokens
  int64_t output = 0;     // lm_head (0 when tied)
  int64_t mtp = 0;        // multi-token-prediction layers, reported apart
};
ParameterCount count_parameters(const ModelConfig& config);

}  // namespace dsw
