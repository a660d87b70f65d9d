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

}  // namespace

const std::vector<ModelPreset>& model_presets() {
  static const std::vector<ModelPreset> p = {
      {"llama", "deepseek-coder-1.3b", "deepseek-coder-1.3b-base shape: 24 layers, hidden 2048, 16 heads, vocab 32256, linear rope x4"},
      {"llama", "tiny", "2 layers, hidden 64, GQA 4/2 heads, vocab 512"},
      {"qwen2", "R1-Distill-Qwen-1.5B", "DeepSeek-R1-Distill-Qwen-1.5B shape: 28 layers, hidden 1536, GQA 12/2, vocab 151936"},
      {"qwen2", "tiny", "2 layers, hidden 64, GQA 4/2 heads, q/k/v bias, vocab 512"},
  };
  return p;
}

Result<ModelConfig> preset_config(std::string_view arch, std::string_view preset) {
  if (arch == "llama" && preset == "deepseek-coder-1.3b") return deepseek_coder_1_3b();
  if (arch == "llama" && preset == "tiny") return tiny_dense(Architecture::llama);
  if (arch == "qwen2" && (preset == "R1-Distill-Qwen-1.5B" || preset == "r1-distill-qwen-1.5b")) return r1_distill_qwen_1_5b();
  if (arch == "qwen2" && preset == "tiny") return tiny_dense(Architecture::qwen2);
  std::string known;
  for (auto& p : model_presets())
    if (p.arch == arch) known += (known.empty() ? "" : ", ") + p.name;
  if (known.empty()) return Status(StatusCode::invalid_input, "no presets for architecture '" + std::string(arch) + "'");
  return Status(StatusCode::invalid_input, "unknown preset '" + std::string(preset) + "' for " + std::string(arch) + " (" + known + ")");
}

}  // namespace dsw
