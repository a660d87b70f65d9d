// Named model shapes: the real configurations of DeepSeek checkpoints (architectures.md §7) and
// tiny versions of each for tests. MoE/MLA presets are scaled down where the issue asks for it.
#include <dsw/make_model.h>

#include "core/error.h"

namespace dsw {
namespace {

ModelConfig deepseek_coder_1_3b() {
  ModelConfig c;
  c.arch = Architecture::llama;
  c.model_type = "llama";
  c.hidden_size = 2048;
  c.intermediate_size = 5504;
  c.num_hidden_layers = 24;
  c.num_attention_heads = 16;
  c.num_key_value_heads = 16;
  c.head_dim = 128;
  c.vocab_size = 32256;
  c.max_position_embeddings = 16384;
  c.rms_norm_eps = 1e-6;
  c.rope_theta = 100000;
  c.rope_scaling.type = RopeScalingType::linear;
  c.rope_scaling.factor = 4.0;
  c.bos_token_id = 32013;
  c.eos_token_ids = {32014};
  c.torch_dtype = "bfloat16";
  return c;
}

ModelConfig r1_distill_qwen_1_5b() {
  ModelConfig c;
  c.arch = Architecture::qwen2;
  c.model_type = "qwen2";
  c.qkv_bias = true;
  c.hidden_size = 1536;
  c.intermediate_size = 8960;
  c.num_hidden_layers = 28;
  c.num_attention_heads = 12;
  c.num_key_value_heads = 2;
  c.head_dim = 128;
  c.vocab_size = 151936;
  c.max_position_embeddings = 131072;
  c.rms_norm_eps = 1e-6;
  c.rope_theta = 10000;
  c.bos_token_id = 151643;
  c.eos_token_ids = {151643};
  c.torch_dtype = "bfloat16";
  return c;
}

ModelConfig tiny_dense(Architecture a) {
  ModelConfig c;
  c.arch = a;
  c.model_type = std::string(architecture_name(a));
  c.qkv_bias = a == Architecture::qwen2;
  c.hidden_size = 64;
  c.intermediate_size = 176;
  c.num_hidden_layers = 2;
  c.num_attention_heads = 4;
  c.num_key_value_heads = 2;
  c.head_dim = 16;
  c.vocab_size = 512;
  c.max_position_embeddings = 1024;
  c.rms_norm_eps = 1e-6;
  c.rope_theta = 10000;
  c.bos_token_id = 1;
  c.eos_token_ids = {2};
  c.torch_dtype = "float32";
  return c;
}

ModelConfig moe_common(Architecture a) {
  ModelConfig c;
  c.arch = a;
  c.model_type = std::string(architecture_name(a));
  c.rms_norm_eps = 1e-6;
  c.rope_theta = 10000;
  c.moe_layer_freq = 1;
  c.torch_dtype = "bfloat16";
  return c;
}

// DeepSeek-MoE 16B (architectures.md §7.2) and its scaled-down twin.
ModelConfig deepseek_moe(bool full) {
  ModelConfig c = moe_common(Architecture::deepseek);
  c.hidden_size = full ? 2048 : 1024;
  c.intermediate_size = full ? 10944 : 2816;
  c.moe_intermediate_size = full ? 1408 : 352;
  c.num_hidden_layers = full ? 28 : 8;
  c.num_attention_heads = full ? 16 : 8;
  c.num_key_value_heads = c.num_attention_heads;
  c.head_dim = 128;
  c.vocab_size = 102400;
  c.max_position_embeddings = 4096;
  c.n_routed_experts = full ? 64 : 32;
  c.n_shared_experts = 2;
  c.num_experts_per_tok = full ? 6 : 3;
  c.first_k_dense_replace = 1;
  c.bos_token_id = 100000;
  c.eos_token_ids = {100001};
  return c;
}

void yarn(ModelConfig& c, double mscale) {
  c.rope_scaling.type = RopeScalingType::yarn;
  c.rope_scaling.factor = 40;
  c.rope_scaling.original_max_position_embeddings = 4096;
  c.rope_scaling.beta_fast = 32;
  c.rope_scaling.beta_slow = 1;
  c.rope_scaling.mscale = mscale;
  c.rope_scaling.mscale_all_dim = mscale;
  c.max_position_embeddings = 163840;
}

void mla(ModelConfig& c, int64_t q_lora) {
  c.q_lora_rank = q_lora;
  c.kv_lora_rank = 512;
  c.qk_nope_head_dim = 128;
  c.qk_rope_head_dim = 64;
  c.v_head_dim = 128;
  c.head_dim = 64;
}

// DeepSeek-V2-Lite (§7.3) and its scaled-down twin (same MLA head geometry, fewer layers/experts).
ModelConfig deepseek_v2_lite(bool full) {
  ModelConfig c = moe_common(Architecture::deepseek_v2);
  c.hidden_size = full ? 2048 : 1024;
  c.intermediate_size = full ? 10944 : 2816;
  c.moe_intermediate_size = full ? 1408 : 352;
  c.num_hidden_layers = full ? 27 : 8;
  c.num_attention_heads = full ? 16 : 8;
  c.num_key_value_heads = c.num_attention_heads;
  c.vocab_size = 102400;
  mla(c, 0);
  yarn(c, 0.707);
  c.n_routed_experts = full ? 64 : 32;
  c.n_shared_experts = 2;
  c.num_experts_per_tok = full ? 6 : 3;
  c.first_k_dense_replace = 1;
  c.topk_method = TopkMethod::greedy;
  c.routed_scaling_factor = 1.0;
  c.bos_token_id = 100000;
  c.eos_token_ids = {100001};
  return c;
}

// DeepSeek-V3 / R1 (§7.4) and its scaled-down twin.
ModelConfig deepseek_v3(bool full) {
  ModelConfig c = moe_common(Architecture::deepseek_v3);
  c.hidden_size = full ? 7168 : 1024;
  c.intermediate_size = full ? 18432 : 2816;
  c.moe_intermediate_size = full ? 2048 : 256;
  c.num_hidden_layers = full ? 61 : 8;
  c.num_attention_heads = full ? 128 : 8;
  c.num_key_value_heads = c.num_attention_heads;
  c.vocab_size = 129280;
  mla(c, full ? 1536 : 384);
  yarn(c, 1.0);
  c.n_routed_experts = full ? 256 : 32;
  c.n_shared_experts = 1;
  c.num_experts_per_tok = full ? 8 : 4;
  c.n_group = full ? 8 : 4;
  c.topk_group = full ? 4 : 2;
  c.first_k_dense_replace = full ? 3 : 1;
  c.scoring_func = ScoringFunc::sigmoid;
  c.topk_method = TopkMethod::noaux_tc;
  c.norm_topk_prob = true;
  c.routed_scaling_factor = 2.5;
  c.bos_token_id = 0;
  c.eos_token_ids = {1};
  return c;
}

// Tiny MoE/MLA models with the family's real vocabulary, so the real tokenizers work with them.
ModelConfig tiny_moe(Architecture a) {
  ModelConfig c = a == Architecture::deepseek ? deepseek_moe(false) : a == Architecture::deepseek_v2 ? deepseek_v2_lite(false) : deepseek_v3(false);
  c.hidden_size = 128;
  c.intermediate_size = 256;
  c.moe_intermediate_size = 64;
  c.num_hidden_layers = 4;
  c.num_attention_heads = 4;
  c.num_key_value_heads = 4;
  c.n_routed_experts = 16;
  c.num_experts_per_tok = 4;
  if (a == Architecture::deepseek) {
    c.head_dim = 32;
  } else {
    c.q_lora_rank = a == Architecture::deepseek_v3 ? 64 : 0;
    c.kv_lora_rank = 64;
    c.qk_nope_head_dim = 32;
    c.qk_rope_head_dim = 16;
    c.v_head_dim = 32;
    c.head_dim = 16;
    c.rope_scaling.original_max_position_embeddings = 256;
    c.max_position_embeddings = 4096;
  }
  if (a == Architecture::deepseek_v3) {
    c.n_group = 4;
    c.topk_group = 2;
  }
  c.torch_dtype = "float32";
  return c;
}

}  // namespace

const std::vector<ModelPreset>& model_presets() {
  static const std::vector<ModelPreset> p = {
      {"llama", "deepseek-coder-1.3b", "deepseek-coder-1.3b-base shape: 24 layers, hidden 2048, 16 heads, vocab 32256, linear rope x4"},
      {"llama", "tiny", "2 layers, hidden 64, GQA 4/2 heads, vocab 512"},
      {"qwen2", "R1-Distill-Qwen-1.5B", "DeepSeek-R1-Distill-Qwen-1.5B shape: 28 layers, hidden 1536, GQA 12/2, vocab 151936"},
      {"qwen2", "tiny", "2 layers, hidden 64, GQA 4/2 heads, q/k/v bias, vocab 512"},
      {"deepseek", "DeepSeek-MoE-16B", "real shape: 28 layers, 64 routed + 2 shared experts, 6 per token"},
      {"deepseek", "DeepSeek-MoE-16B-mini", "scaled down: 8 layers, hidden 1024, 32 routed + 2 shared experts, 3 per token"},
      {"deepseek", "tiny", "4 layers, hidden 128, 16 experts, 4 per token, real 102400 vocabulary"},
      {"deepseek_v2", "DeepSeek-V2-Lite", "real shape: 27 layers, MLA kv_lora 512, 64 routed + 2 shared experts, 6 per token"},
      {"deepseek_v2", "DeepSeek-V2-Lite-mini", "scaled down: 8 layers, hidden 1024, real MLA head geometry, 32 experts, 3 per token"},
      {"deepseek_v2", "tiny", "4 layers, hidden 128, MLA, 16 experts, real 102400 vocabulary"},
      {"deepseek_v3", "DeepSeek-V3", "real shape (671B): 61 layers, 256 experts, noaux_tc routing (writing it needs ~1.3 TB)"},
      {"deepseek_v3", "DeepSeek-V3-mini", "scaled down: 8 layers, hidden 1024, q LoRA + MLA, 32 experts in 4 groups, 4 per token"},
      {"deepseek_v3", "tiny", "4 layers, hidden 128, MLA, 16 experts in 4 groups, real 129280 vocabulary"},
  };
  return p;
}

Result<ModelConfig> preset_config(std::string_view arch, std::string_view preset) {
  if (arch == "llama" && preset == "deepseek-coder-1.3b") return deepseek_coder_1_3b();
  if (arch == "llama" && preset == "tiny") return tiny_dense(Architecture::llama);
  if (arch == "qwen2" && (preset == "R1-Distill-Qwen-1.5B" || preset == "r1-distill-qwen-1.5b")) return r1_distill_qwen_1_5b();
  if (arch == "qwen2" && preset == "tiny") return tiny_dense(Architecture::qwen2);
  if (arch == "deepseek" && preset == "DeepSeek-MoE-16B") return deepseek_moe(true);
  if (arch == "deepseek" && preset == "DeepSeek-MoE-16B-mini") return deepseek_moe(false);
  if (arch == "deepseek" && preset == "tiny") return tiny_moe(Architecture::deepseek);
  if (arch == "deepseek_v2" && preset == "DeepSeek-V2-Lite") return deepseek_v2_lite(true);
  if (arch == "deepseek_v2" && preset == "DeepSeek-V2-Lite-mini") return deepseek_v2_lite(false);
  if (arch == "deepseek_v2" && preset == "tiny") return tiny_moe(Architecture::deepseek_v2);
  if (arch == "deepseek_v3" && preset == "DeepSeek-V3") return deepseek_v3(true);
  if (arch == "deepseek_v3" && preset == "DeepSeek-V3-mini") return deepseek_v3(false);
  if (arch == "deepseek_v3" && preset == "tiny") return tiny_moe(Architecture::deepseek_v3);
  std::string known;
  for (auto& p : model_presets())
    if (p.arch == arch) known += (known.empty() ? "" : ", ") + p.name;
  if (known.empty()) return Status(StatusCode::invalid_input, "no presets for architecture '" + std::string(arch) + "'");
  return Status(StatusCode::invalid_input, "unknown preset '" + std::string(preset) + "' for " + std::string(arch) + " (" + known + ")");
}

}  // namespace dsw
