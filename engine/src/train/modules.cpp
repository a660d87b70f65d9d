// Module enumeration, PEFT-style target matching and the "adapter applied?" audit.
#include "train/modules.h"

#include "core/error.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <regex>

namespace dsw::train {

std::vector<LinearModule> decoder_linears(const ModelConfig& c) {
  std::vector<LinearModule> out;
  const int64_t H = c.hidden_size;
  const bool mla = c.arch == Architecture::deepseek_v2 || c.arch == Architecture::deepseek_v3;
  for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
    const std::string p = "model.layers." + std::to_string(l) + ".";
    auto add = [&](const std::string& n, const char* kind, int64_t in, int64_t o, int64_t e = -1) {
      out.push_back({p + n, kind, l, e, in, o});
    };
    if (mla) {
      const int64_t nH = c.num_attention_heads, qd = c.qk_nope_head_dim + c.qk_rope_head_dim;
      if (c.q_lora_rank > 0) {
        add("self_attn.q_a_proj", "attention", H, c.q_lora_rank);
        add("self_attn.q_b_proj", "attention", c.q_lora_rank, nH * qd);
      } else {
        add("self_attn.q_proj", "attention", H, nH * qd);
      }
      add("self_attn.kv_a_proj_with_mqa", "attention", H, c.kv_lora_rank + c.qk_rope_head_dim);
      add("self_attn.kv_b_proj", "attention", c.kv_lora_rank, nH * (c.qk_nope_head_dim + c.v_head_dim));
      add("self_attn.o_proj", "attention", nH * c.v_head_dim, H);
    } else {
      const int64_t d = c.head_dim;
      add("self_attn.q_proj", "attention", H, c.num_attention_heads * d);
      add("self_attn.k_proj", "attention", H, c.num_key_value_heads * d);
      add("self_attn.v_proj", "attention", H, c.num_key_value_heads * d);
      add("self_attn.o_proj", "attention", c.num_attention_heads * d, H);
    }
    if (c.is_moe_layer(l)) {
      const int64_t Ie = c.moe_intermediate_size;
      add("mlp.gate", "router", H, c.n_routed_experts);
      for (int64_t e = 0; e < c.n_routed_experts; ++e) {
        const std::string ep = "mlp.experts." + std::to_string(e) + ".";
        add(ep + "gate_proj", "expert", H, Ie, e);
        add(ep + "up_proj", "expert", H, Ie, e);
        add(ep + "down_proj", "expert", Ie, H, e);
      }
      if (c.n_shared_experts > 0) {
        const int64_t Is = Ie * c.n_shared_experts;
        add("mlp.shared_experts.gate_proj", "shared_expert", H, Is);
        add("mlp.shared_experts.up_proj", "shared_expert", H, Is);
        add("mlp.shared_experts.down_proj", "shared_expert", Is, H);
      }
    } else {
      add("mlp.gate_proj", "mlp", H, c.intermediate_size);
      add("mlp.up_proj", "mlp", H, c.intermediate_size);
      add("mlp.down_proj", "mlp", c.intermediate_size, H);
    }
  }
  return out;
}

bool module_matches(const std::string& pattern, const std::string& name) {
  if (pattern == "all-linear") return true;
  if (pattern.rfind("re:", 0) == 0) {
    try {
      return std::regex_match(name, std::regex(pattern.substr(3)));
    } catch (const std::regex_error&) {
      fail_invalid("LoRA target pattern '" + pattern + "' is not a valid regular expression");
    }
  }
  return name == pattern || (name.size() > pattern.size() && name.compare(name.size() - pattern.size(), pattern.size(), pattern) == 0 &&
                             name[name.size() - pattern.size() - 1] == '.');
}

bool lora_targets(const LoraConfig& lora, const LinearModule& m) {
  if (m.kind == "router") return lora.target_router;
  for (auto& x : lora.exclude_modules)
    if (module_matches(x, m.name)) return false;
  for (auto& t : lora.target_modules)
    if (module_matches(t, m.name)) return true;
  return false;
}

double lora_scale(const LoraConfig& lora) {
  return lora.use_rslora ? lora.alpha / std::sqrt(double(lora.rank)) : lora.alpha / double(lora.rank);
}

}  // namespace dsw::train

namespace dsw {

std::string AdapterAudit::summary() const {
  std::map<std::string, std::pair<int64_t, int64_t>> by_kind;
  for (auto& m : modules) {
    auto& k = by_kind[m.kind];
    k.second++;
    if (m.rank > 0) k.first++;
  }
  std::string s = std::to_string(adapted) + "/" + std::to_string(linear_total) + " Linear modules adapted (";
  bool first = true;
  for (const char* kind : {"attention", "mlp", "shared_expert", "router"}) {
    auto it = by_kind.find(kind);
    if (it == by_kind.end()) continue;
    s += (first ? "" : ", ") + std::string(kind) + " " + std::to_string(it->second.first) + "/" + std::to_string(it->second.second);
    first = false;
  }
  if (experts_total > 0)
    s += (first ? "" : ", ") + std::string("experts adapted ") + std::to_string(experts_adapted) + "/" + std::to_string(experts_total);
  s += "), " + std::to_string(trainable_parameters) + " trainable parameters";
  return s;
}

Result<AdapterAudit> plan_lora(const ModelConfig& config, const LoraConfig& lora) {
  return guard([&] {
    if (lora.rank < 1 || lora.rank > 4096) fail_invalid("LoRA rank must be in [1, 4096], is " + std::to_string(lora.rank));
    if (!(lora.alpha > 0)) fail_invalid("LoRA alpha must be positive");
    if (!(lora.dropout >= 0 && lora.dropout < 1)) fail_invalid("LoRA dropout must be in [0, 1)");
    AdapterAudit a;
    std::vector<int> hits(lora.target_modules.size(), 0);
    for (auto& m : train::decoder_linears(config)) {
      const bool on = train::lora_targets(lora, m);
      for (size_t i = 0; i < lora.target_modules.size(); ++i)
        if (train::module_matches(lora.target_modules[i], m.name)) hits[i]++;
      a.modules.push_back({m.name, m.kind, m.in, m.out, on ? lora.rank : 0});
      a.linear_total++;
      if (m.kind == "expert") a.experts_total++;
      if (!on) continue;
      a.adapted++;
      if (m.kind == "expert") a.experts_adapted++;
      a.trainable_parameters += lora.rank * (m.in + m.out);
    }
    for (size_t i = 0; i < hits.size(); ++i)
      if (!hits[i]) a.unmatched_patterns.push_back(lora.target_modules[i]);
    if (a.adapted == 0) fail_invalid("LoRA targets match no Linear module of this " + config.model_type + " model");
    return a;
  });
}

}  // namespace dsw
