// dsw-cli info: what a checkpoint is — architecture, parameters, shapes, experts, dtypes, files.
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/model_config.h>
#include <dsw/model_files.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>

namespace dsw::cli {
namespace {

std::string billions(int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, n >= 1'000'000'000 ? "%.1fB" : n >= 1'000'000 ? "%.2fM" : "%.1fK",
                n >= 1'000'000'000 ? double(n) / 1e9 : n >= 1'000'000 ? double(n) / 1e6 : double(n) / 1e3);
  return buf;
}

std::string_view topk_name(TopkMethod m) {
  switch (m) {
    case TopkMethod::greedy: return "greedy";
    case TopkMethod::group_limited_greedy: return "group_limited_greedy";
    case TopkMethod::noaux_tc: return "noaux_tc";
  }
  return "?";
}

nlohmann::json config_json(const ModelConfig& c) {
  nlohmann::json j = {
      {"hidden_size", c.hidden_size},
      {"intermediate_size", c.intermediate_size},
      {"num_hidden_layers", c.num_hidden_layers},
      {"num_attention_heads", c.num_attention_heads},
      {"num_key_value_heads", c.num_key_value_heads},
      {"head_dim", c.head_dim},
      {"vocab_size", c.vocab_size},
      {"max_position_embeddings", c.max_position_embeddings},
      {"rms_norm_eps", c.rms_norm_eps},
      {"rope_theta", c.rope_theta},
      {"rope_scaling", rope_scaling_name(c.rope_scaling.type)},
      {"rope_scaling_factor", c.rope_scaling.factor},
      {"rope_layout", c.rope_layout == RopeLayout::half ? "half" : "interleaved"},
      {"tie_word_embeddings", c.tie_word_embeddings},
      {"attention_bias", c.attention_bias || c.qkv_bias},
      {"torch_dtype", c.torch_dtype},
  };
  if (c.is_moe()) {
    j["moe"] = {{"n_routed_experts", c.n_routed_experts},
                {"n_shared_experts", c.n_shared_experts},
                {"num_experts_per_tok", c.num_experts_per_tok},
                {"moe_intermediate_size", c.moe_intermediate_size},
                {"first_k_dense_replace", c.first_k_dense_replace},
                {"moe_layer_freq", c.moe_layer_freq},
                {"scoring_func", c.scoring_func == ScoringFunc::softmax ? "softmax" : "sigmoid"},
                {"topk_method", topk_name(c.topk_method)},
                {"n_group", c.n_group},
                {"topk_group", c.topk_group},
                {"norm_topk_prob", c.norm_topk_prob},
                {"routed_scaling_factor", c.routed_scaling_factor}};
  }
  if (c.is_mla()) {
    j["mla"] = {{"q_lora_rank", c.q_lora_rank},
                {"kv_lora_rank", c.kv_lora_rank},
                {"qk_nope_head_dim", c.qk_nope_head_dim},
                {"qk_rope_head_dim", c.qk_rope_head_dim},
                {"v_head_dim", c.v_head_dim}};
  }
  if (c.num_nextn_predict_layers) j["mtp_layers"] = c.num_nextn_predict_layers;
  if (c.fp8_weights) j["fp8_block"] = {c.fp8_block_rows, c.fp8_block_cols};
  return j;
}

}  // namespace

int cmd_info(const Argv& argv) {
  Args args(argv, {"json", "config-only", "tensors"}, {"tokenizer"});
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  OpenModelOptions opt;
  opt.config_only = args.flag("config-only");
  if (auto t = args.get("tokenizer")) opt.tokenizer = *t;
  auto model = open_model(args.positional()[0], opt);
  if (!model.is_ok()) return report(model.status());
  const ModelFiles& m = *model;
  const ModelConfig& c = m.config;
  ParameterCount p = count_parameters(c);

  // Elements actually stored (main model only) and bytes per dtype.
  int64_t stored = 0;
  std::map<std::string, std::pair<int64_t, uint64_t>> by_dtype;  // tensors, bytes
  for (auto& e : m.tensors.entries()) {
    bool mtp = false;
    if (e.name.rfind("model.layers.", 0) == 0) mtp = std::atoll(e.name.c_str() + 13) >= c.num_hidden_layers;
    if (!mtp && e.name.find("_scale_inv") == std::string::npos) stored += e.shape.numel();
    auto& d = by_dtype[e.dtype_name];
    d.first += 1;
    d.second += e.nbytes;
  }

  if (args.flag("json")) {
    nlohmann::json j = {{"path", m.path.string()},
                        {"format", model_format_name(m.format)},
                        {"architecture", c.model_type},
                        {"total_params", p.total},
                        {"active_params", p.active},
                        {"embedding_params", p.embedding},
                        {"output_params", p.output},
                        {"mtp_params", p.mtp},
                        {"config", config_json(c)},
                        {"weight_bytes", m.weight_bytes()}};
    if (!opt.config_only) {
      j["stored_params"] = stored;
      j["tensor_count"] = m.tensors.size();
      for (auto& [name, d] : by_dtype) j["dtypes"][name] = {{"tensors", d.first}, {"bytes", d.second}};
      for (auto& f : m.weight_files) j["files"].push_back({{"path", f.path.string()}, {"bytes", f.size}});
      j["unread_tensors"] = unread_tensors(m);  // present in the files, read by no architecture
    }
    if (m.tokenizer_path) j["tokenizer"] = m.tokenizer_path->string();
    if (args.flag("tensors"))
      for (auto& e : m.tensors.entries()) {
        nlohmann::json shape = nlohmann::json::array();
        for (int i = 0; i < e.shape.rank(); ++i) shape.push_back(e.shape[i]);
        j["tensors"].push_back({{"name", e.name}, {"stored_name", e.stored_name}, {"dtype", e.dtype_name}, {"shape", shape},
                                {"bytes", e.nbytes}, {"file", e.file}});
      }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }

  std::printf("model         %s (%s)\n", m.path.string().c_str(), std::string(model_format_name(m.format)).c_str());
  std::printf("architecture  %s\n", c.model_type.c_str());
  std::printf("parameters    %s total, %s active per token (%lld / %lld)\n", billions(p.total).c_str(),
              billions(p.active).c_str(), (long long)p.total, (long long)p.active);
  std::printf("              embedding %s, output head %s%s\n", billions(p.embedding).c_str(),
              c.tie_word_embeddings ? "tied" : billions(p.output).c_str(), "");
  if (p.mtp) std::printf("              MTP layers (not run): %s\n", billions(p.mtp).c_str());
  if (!opt.config_only) std::printf("              stored in files: %s (%lld)\n", billions(stored).c_str(), (long long)stored);
  std::printf("layers        %lld, hidden %lld, intermediate %lld\n", (long long)c.num_hidden_layers, (long long)c.hidden_size,
              (long long)c.intermediate_size);
  if (c.is_mla())
    std::printf("attention     MLA, %lld heads, q_lora_rank %lld, kv_lora_rank %lld, qk %lld+%lld (nope+rope), v %lld\n",
                (long long)c.num_attention_heads, (long long)c.q_lora_rank, (long long)c.kv_lora_rank,
                (long long)c.qk_nope_head_dim, (long long)c.qk_rope_head_dim, (long long)c.v_head_dim);
  else
    std::printf("attention     %lld heads, %lld KV heads, head dim %lld%s\n", (long long)c.num_attention_heads,
                (long long)c.num_key_value_heads, (long long)c.head_dim, c.qkv_bias || c.attention_bias ? ", q/k/v bias" : "");
  if (c.is_moe())
    std::printf("experts       %lld routed + %lld shared, %lld per token, width %lld, dense first %lld, %s/%s, groups %lld (top %lld), "
                "scale %.2f%s\n",
                (long long)c.n_routed_experts, (long long)c.n_shared_experts, (long long)c.num_experts_per_tok,
                (long long)c.moe_intermediate_size, (long long)c.first_k_dense_replace,
                c.scoring_func == ScoringFunc::softmax ? "softmax" : "sigmoid", std::string(topk_name(c.topk_method)).c_str(),
                (long long)c.n_group, (long long)c.topk_group, c.routed_scaling_factor, c.norm_topk_prob ? ", normalised" : "");
  std::printf("vocabulary    %lld\n", (long long)c.vocab_size);
  std::printf("context       %lld positions, rope theta %g, scaling %s", (long long)c.max_position_embeddings, c.rope_theta,
              std::string(rope_scaling_name(c.rope_scaling.type)).c_str());
  if (c.rope_scaling.type != RopeScalingType::none) std::printf(" x%g", c.rope_scaling.factor);
  std::printf("\n");
  if (c.fp8_weights) std::printf("quantization  FP8 e4m3, %lldx%lld blocks\n", (long long)c.fp8_block_rows, (long long)c.fp8_block_cols);
  if (!opt.config_only) {
    std::printf("tensors       %zu\n", m.tensors.size());
    for (auto& [name, d] : by_dtype)
      std::printf("  %-10s  %6lld tensors  %s\n", name.c_str(), (long long)d.first, human_bytes(double(d.second)).c_str());
    for (auto& f : m.weight_files) std::printf("file          %s  %s\n", f.path.string().c_str(), human_bytes(double(f.size)).c_str());
    if (auto unread = unread_tensors(m); !unread.empty())
      std::printf("not read      %zu tensors the architecture does not use (first: %s)\n", unread.size(), unread.front().c_str());
  }
  if (m.tokenizer_path) std::printf("tokenizer     %s\n", m.tokenizer_path->string().c_str());
  if (args.flag("tensors")) {
    std::printf("\n%-60s %-8s %-20s %s\n", "name", "dtype", "shape", "bytes");
    for (auto& e : m.tensors.entries())
      std::printf("%-60s %-8s %-20s %llu\n", e.name.c_str(), e.dtype_name.c_str(), e.shape.to_string().c_str(),
                  (unsigned long long)e.nbytes);
  }
  return 0;
}

}  // namespace dsw::cli
