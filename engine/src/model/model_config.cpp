// config.json -> ModelConfig for llama, qwen2, deepseek, deepseek_v2 and deepseek_v3.
//
// Every integer that later sizes an allocation is range-capped here, and cross-field rules
// (heads divisible by KV heads, experts per token <= experts, groups dividing experts, ...) are
// checked, so the rest of the engine can trust a ModelConfig. Field semantics follow
// docs/reference/architectures.md; transformers v5's rope_parameters is accepted too.
#include <dsw/model_config.h>

#include "core/error.h"
#include "core/json_strict.h"
#include "core/input_file.h"
#include "formats/config_check.h"
#include "model/config_fields.h"

#include <cmath>

namespace dsw {
namespace {

// Bounds come from the one table every config source shares (config_check.h).
constexpr int64_t kMaxHidden = ConfigLimits::hidden;
constexpr int64_t kMaxIntermediate = ConfigLimits::intermediate;
constexpr int64_t kMaxLayers = ConfigLimits::layers;
constexpr int64_t kMaxHeads = ConfigLimits::heads;
constexpr int64_t kMaxHeadDim = ConfigLimits::head_dim;
constexpr int64_t kMaxVocab = ConfigLimits::vocab;
constexpr int64_t kMaxPositions = ConfigLimits::positions;
constexpr int64_t kMaxExperts = ConfigLimits::experts;

RopeScaling parse_rope_scaling(const nlohmann::json& rs, const std::string& source, const char* field) {
  RopeScaling r;
  if (rs.is_null()) return r;
  if (!rs.is_object()) fail_invalid(source + ": field '" + field + "' must be an object or null");
  ConfigFields f(rs, source + ": " + field);
  auto type = f.opt_string("rope_type");
  if (!type) type = f.opt_string("type");
  if (!type) fail_invalid(source + ": field '" + std::string(field) + "' has no 'type' or 'rope_type'");
  if (*type == "default") return r;
  r.factor = f.number_or("factor", 1.0, ConfigLimits::min_rope_factor, ConfigLimits::max_rope_factor);
  if (*type == "linear") {
    r.type = RopeScalingType::linear;
  } else if (*type == "llama3") {
    r.type = RopeScalingType::llama3;
    r.original_max_position_embeddings = f.integer("original_max_position_embeddings", 1, kMaxPositions);
    r.low_freq_factor = f.number_or("low_freq_factor", 1.0, ConfigLimits::min_rope_factor, ConfigLimits::max_rope_factor);
    r.high_freq_factor = f.number_or("high_freq_factor", 4.0, ConfigLimits::min_rope_factor, ConfigLimits::max_rope_factor);
    if (r.high_freq_factor <= r.low_freq_factor)
      fail_invalid(source + ": field '" + std::string(field) + "': high_freq_factor must exceed low_freq_factor");
  } else if (*type == "yarn") {
    r.type = RopeScalingType::yarn;
    r.original_max_position_embeddings = f.integer("original_max_position_embeddings", 1, kMaxPositions);
    r.beta_fast = f.number_or("beta_fast", 32.0, ConfigLimits::min_rope_factor, ConfigLimits::max_rope_factor);
    r.beta_slow = f.number_or("beta_slow", 1.0, ConfigLimits::min_rope_factor, ConfigLimits::max_rope_factor);
    r.mscale = f.number_or("mscale", 0.0, 0.0, 1e3);
    r.mscale_all_dim = f.number_or("mscale_all_dim", 0.0, 0.0, 1e3);
    r.attention_factor = f.opt_number("attention_factor", 0.0, 1e3);
  } else {
    fail_unsupported(source + ": rope scaling type '" + *type + "' is not supported (none, linear, llama3, yarn are)");
  }
  return r;
}

void parse_moe(const ConfigFields& f, ModelConfig& c) {
  c.n_routed_experts = f.integer_or("n_routed_experts", 0, 0, kMaxExperts);
  if (!c.n_routed_experts) return;
  c.n_shared_experts = f.integer_or("n_shared_experts", 0, 0, ConfigLimits::shared_experts);
  c.num_experts_per_tok = f.integer("num_experts_per_tok", 1, c.n_routed_experts);
  c.moe_intermediate_size = f.integer("moe_intermediate_size", 1, kMaxIntermediate);
  c.first_k_dense_replace = f.integer_or("first_k_dense_replace", 0, 0, c.num_hidden_layers);
  c.moe_layer_freq = f.integer_or("moe_layer_freq", 1, 1, c.num_hidden_layers);
  c.norm_topk_prob = f.boolean_or("norm_topk_prob", false);
  c.routed_scaling_factor = f.number_or("routed_scaling_factor", 1.0, 0.0, 1e6);
  c.n_group = f.integer_or("n_group", 1, 1, c.n_routed_experts);
  c.topk_group = f.integer_or("topk_group", 1, 1, c.n_group);

  auto scoring = f.opt_string("scoring_func").value_or(c.arch == Architecture::deepseek_v3 ? "sigmoid" : "softmax");
  if (scoring == "softmax") c.scoring_func = ScoringFunc::softmax;
  else if (scoring == "sigmoid") c.scoring_func = ScoringFunc::sigmoid;
  else fail_unsupported(f.source() + ": scoring_func '" + scoring + "' is not supported (softmax, sigmoid)");

  std::string method = f.opt_string("topk_method").value_or(c.arch == Architecture::deepseek_v3 ? "noaux_tc" : "greedy");
  if (method == "greedy") c.topk_method = TopkMethod::greedy;
  else if (method == "group_limited_greedy") c.topk_method = TopkMethod::group_limited_greedy;
  else if (method == "noaux_tc") c.topk_method = TopkMethod::noaux_tc;
  else fail_unsupported(f.source() + ": topk_method '" + method + "' is not supported");

  // deepseek (MoE 16B) routes with a softmax gate and greedy top-k; the V3 router (sigmoid, noaux_tc) on
  // the same body is what `dsw-cli convert --target-arch moe` writes by default (docs/versions.md).
  const bool v1_router = c.topk_method == TopkMethod::greedy && c.scoring_func == ScoringFunc::softmax;
  const bool v3_router = c.topk_method == TopkMethod::noaux_tc && c.scoring_func == ScoringFunc::sigmoid;
  if (c.arch == Architecture::deepseek && !v1_router && !v3_router)
    fail_invalid(f.source() + ": deepseek routes with a softmax gate and greedy top-k (MoE 16B) or the V3 sigmoid noaux_tc router");
  if (c.topk_method == TopkMethod::noaux_tc && c.scoring_func != ScoringFunc::sigmoid)
    fail_unsupported(f.source() + ": topk_method noaux_tc needs scoring_func sigmoid");
  if (c.n_routed_experts % c.n_group != 0)
    f.fail("n_group", "(" + std::to_string(c.n_group) + ") must divide n_routed_experts (" + std::to_string(c.n_routed_experts) + ")");
  if (c.topk_method != TopkMethod::greedy) {
    int64_t per_group = c.n_routed_experts / c.n_group;
    if (c.num_experts_per_tok > c.topk_group * per_group)
      f.fail("num_experts_per_tok", "exceeds the experts in topk_group groups");
    if (c.topk_method == TopkMethod::noaux_tc && per_group < 2) f.fail("n_group", "leaves fewer than 2 experts per group");
  }
}

void parse_mla(const ConfigFields& f, ModelConfig& c) {
  c.q_lora_rank = f.integer_or("q_lora_rank", 0, 0, kMaxHidden);
  c.kv_lora_rank = f.integer("kv_lora_rank", 1, kMaxHidden);
  c.qk_nope_head_dim = f.integer("qk_nope_head_dim", 1, kMaxHeadDim);
  c.qk_rope_head_dim = f.integer("qk_rope_head_dim", 2, kMaxHeadDim);
  c.v_head_dim = f.integer("v_head_dim", 1, kMaxHeadDim);
  if (c.qk_rope_head_dim % 2) f.fail("qk_rope_head_dim", "must be even");
  c.head_dim = c.qk_rope_head_dim;  // what HF's rotary module uses for MLA
}

}  // namespace

std::string_view architecture_name(Architecture a) noexcept {
  switch (a) {
    case Architecture::llama: return "llama";
    case Architecture::qwen2: return "qwen2";
    case Architecture::deepseek: return "deepseek";
    case Architecture::deepseek_v2: return "deepseek_v2";
    case Architecture::deepseek_v3: return "deepseek_v3";
  }
  return "?";
}

std::optional<Architecture> architecture_from_name(std::string_view t) noexcept {
  if (t == "llama") return Architecture::llama;
  if (t == "qwen2") return Architecture::qwen2;
  if (t == "deepseek") return Architecture::deepseek;
  if (t == "deepseek_v2") return Architecture::deepseek_v2;
  if (t == "deepseek_v3") return Architecture::deepseek_v3;
  return std::nullopt;
}

std::string_view rope_scaling_name(RopeScalingType t) noexcept {
  switch (t) {
    case RopeScalingType::none: return "none";
    case RopeScalingType::linear: return "linear";
    case RopeScalingType::llama3: return "llama3";
    case RopeScalingType::yarn: return "yarn";
  }
  return "?";
}

bool ModelConfig::is_moe_layer(int64_t layer) const noexcept {
  return n_routed_experts > 0 && layer >= first_k_dense_replace && layer % moe_layer_freq == 0;
}

Result<ModelConfig> parse_model_config(std::string_view json, std::string_view name) {
  return guard([&] {
    std::string source(name);
    nlohmann::json root = parse_json_strict(json, source);
    if (!root.is_object()) fail_invalid(source + ": config must be a JSON object");
    ConfigFields f(root, source);
    ModelConfig c;
    auto model_type = f.opt_string("model_type");
    if (!model_type) f.fail("model_type", "is missing");
    auto arch = architecture_from_name(*model_type);
    if (!arch)
      fail_unsupported(source + ": model_type '" + *model_type +
                       "' is not supported (llama, qwen2, deepseek, deepseek_v2, deepseek_v3 are)");
    c.arch = *arch;
    c.model_type = *model_type;

    c.hidden_size = f.integer("hidden_size", 1, kMaxHidden);
    c.intermediate_size = f.integer("intermediate_size", 1, kMaxIntermediate);
    c.num_hidden_layers = f.integer("num_hidden_layers", 1, kMaxLayers);
    c.num_attention_heads = f.integer("num_attention_heads", 1, kMaxHeads);
    c.num_key_value_heads = f.integer_or("num_key_value_heads", c.num_attention_heads, 1, kMaxHeads);
    c.vocab_size = f.integer("vocab_size", 1, kMaxVocab);
    c.max_position_embeddings = f.integer_or("max_position_embeddings", 2048, 1, kMaxPositions);
    c.rms_norm_eps = f.number_or("rms_norm_eps", 1e-6, ConfigLimits::min_rms_eps, ConfigLimits::max_rms_eps);
    c.tie_word_embeddings = f.boolean_or("tie_word_embeddings", false);
    c.hidden_act = f.opt_string("hidden_act").value_or("silu");
    c.torch_dtype = f.opt_string("torch_dtype").value_or(f.opt_string("dtype").value_or(""));
    c.bos_token_id = f.opt_integer("bos_token_id", 0, kMaxVocab);
    c.eos_token_ids = f.int_list("eos_token_id", 0, kMaxVocab);
    if (c.hidden_act != "silu")
      fail_unsupported(source + ": hidden_act '" + c.hidden_act + "' is not supported (silu is)");

    // RoPE: rope_theta + rope_scaling (v4) or rope_parameters (v5).
    c.rope_theta = f.number_or("rope_theta", 10000.0, ConfigLimits::min_rope_theta, ConfigLimits::max_rope_theta);
    if (const auto* rp = f.raw("rope_parameters")) {
      if (!rp->is_object()) f.fail("rope_parameters", "must be an object");
      ConfigFields rpf(*rp, source + ": rope_parameters");
      c.rope_theta = rpf.number_or("rope_theta", c.rope_theta, ConfigLimits::min_rope_theta, ConfigLimits::max_rope_theta);
      c.rope_scaling = parse_rope_scaling(*rp, source, "rope_parameters");
    } else if (const auto* rs = f.raw("rope_scaling")) {
      c.rope_scaling = parse_rope_scaling(*rs, source, "rope_scaling");
    }

    if (c.num_attention_heads % c.num_key_value_heads != 0)
      f.fail("num_key_value_heads", "(" + std::to_string(c.num_key_value_heads) + ") must divide num_attention_heads (" +
                                        std::to_string(c.num_attention_heads) + ")");

    switch (c.arch) {
      case Architecture::llama:
        c.attention_bias = f.boolean_or("attention_bias", false);
        c.mlp_bias = f.boolean_or("mlp_bias", false);
        break;
      case Architecture::qwen2:
        c.qkv_bias = true;
        if (f.boolean_or("use_sliding_window", false))
          fail_unsupported(source + ": use_sliding_window true is not supported (every R1-Distill-Qwen model has it false)");
        break;
      case Architecture::deepseek:
        c.attention_bias = f.boolean_or("attention_bias", false);
        parse_moe(f, c);
        break;
      case Architecture::deepseek_v2:
      case Architecture::deepseek_v3:
        c.attention_bias = f.boolean_or("attention_bias", false);
        parse_mla(f, c);
        parse_moe(f, c);
        c.num_nextn_predict_layers = f.integer_or("num_nextn_predict_layers", 0, 0, ConfigLimits::mtp_layers);
        break;
    }

    if (!c.is_mla()) {
      if (auto hd = f.opt_integer("head_dim", 1, kMaxHeadDim)) {
        c.head_dim = *hd;
      } else {
        if (c.hidden_size % c.num_attention_heads != 0)
          f.fail("num_attention_heads", "must divide hidden_size when head_dim is absent");
        c.head_dim = c.hidden_size / c.num_attention_heads;
      }
      if (c.head_dim % 2) f.fail("head_dim", "must be even for rotary embeddings");
    }
    if (c.rope_scaling.type == RopeScalingType::yarn && !c.is_mla() && c.arch != Architecture::qwen2 &&
        c.arch != Architecture::llama)
      fail_unsupported(source + ": yarn rope scaling on " + c.model_type);

    if (const auto* q = f.raw("quantization_config")) {
      if (!q->is_object()) f.fail("quantization_config", "must be an object");
      ConfigFields qf(*q, source + ": quantization_config");
      auto method = qf.opt_string("quant_method").value_or("");
      if (method == "gptq") {
        ModelConfig::Gptq g;
        if (const auto* b = qf.raw("bits"); b && b->is_number_integer()) g.bits = b->get<int>();
        if (g.bits != 4 && g.bits != 8)
          fail_unsupported(source + ": quantization_config.bits " + std::to_string(g.bits) + " is not supported (4 and 8 are)");
        if (const auto* gs = qf.raw("group_size"); gs && gs->is_number_integer()) g.group_size = gs->get<int64_t>();
        if (g.group_size != -1 && (g.group_size < 1 || g.group_size > (int64_t(1) << 20)))
          qf.fail("group_size", "must be -1 (per channel) or a positive group");
        if (const auto* v = qf.raw("sym"); v && v->is_boolean()) g.sym = v->get<bool>();
        if (const auto* v = qf.raw("desc_act"); v && v->is_boolean()) g.desc_act = v->get<bool>();
        const std::string format = qf.opt_string("checkpoint_format").value_or("gptq");
        if (format != "gptq" && format != "gptq_v2")
          fail_unsupported(source + ": quantization_config.checkpoint_format '" + format + "' is not supported (gptq and gptq_v2 are)");
        g.v2 = format == "gptq_v2";
        c.gptq = g;
      } else if (method != "fp8") {
        fail_unsupported(source + ": quantization_config.quant_method '" + method + "' is not supported (fp8 and gptq are)");
      }
    }
    if (const auto* q = f.raw("quantization_config"); q && !c.gptq) {
      ConfigFields qf(*q, source + ": quantization_config");
      if (auto fmt = qf.opt_string("fmt"); fmt && *fmt != "e4m3")
        fail_unsupported(source + ": fp8 format '" + *fmt + "' is not supported (e4m3 is)");
      c.fp8_weights = true;
      if (const auto* bs = qf.raw("weight_block_size")) {
        if (!bs->is_array() || bs->size() != 2 || !(*bs)[0].is_number_integer() || !(*bs)[1].is_number_integer())
          qf.fail("weight_block_size", "must be two integers");
        c.fp8_block_rows = (*bs)[0].get<int64_t>();
        c.fp8_block_cols = (*bs)[1].get<int64_t>();
        if (c.fp8_block_rows < 1 || c.fp8_block_cols < 1 || c.fp8_block_rows > ConfigLimits::fp8_block || c.fp8_block_cols > ConfigLimits::fp8_block)
          qf.fail("weight_block_size", "must be within [1, " + std::to_string(ConfigLimits::fp8_block) + "]");
      }
    }
    // Products that size tensors must not overflow (all factors are capped above, so int64 is
    // safe for any single weight; check the largest one explicitly for clarity).
    int64_t emb = 0;
    if (__builtin_mul_overflow(c.vocab_size, c.hidden_size, &emb)) f.fail("vocab_size", "times hidden_size overflows");
    check_model_config(c, config_json_source(source));  // the rules every config source shares
    return c;
  });
}

Result<ModelConfig> load_model_config(const std::filesystem::path& path) {
  return guard([&] {
    return unwrap(parse_model_config(read_input_file(path, InputKind::model_config), path.string()));
  });
}

}  // namespace dsw
