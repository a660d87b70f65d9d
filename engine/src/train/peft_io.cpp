// PEFT adapter save / load / merge (see peft_io.h, dsw/train.h).
#include "train/peft_io.h"

#include "arch/architecture.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json_strict.h"
#include "train/modules.h"

#include <dsw/safetensors.h>
#include <dsw/safetensors_writer.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <regex>
#include <set>

namespace dsw::train {
namespace {

const std::string kPrefix = "base_model.model.";

std::string leaf(const std::string& module) { return module.substr(module.rfind('.') + 1); }

// target_modules for adapter_config.json: leaf names where every module with that leaf is
// adapted (PEFT's suffix rule then hits exactly them), full names otherwise.
std::vector<std::string> target_list(const std::vector<LinearModule>& all, const std::set<std::string>& adapted) {
  std::map<std::string, std::pair<int, int>> by_leaf;
  for (auto& m : all) {
    auto& c = by_leaf[leaf(m.name)];
    c.second++;
    if (adapted.count(m.name)) c.first++;
  }
  std::vector<std::string> out;
  std::set<std::string> whole;
  for (auto& [l, c] : by_leaf)
    if (c.first > 0 && c.first == c.second) whole.insert(l), out.push_back(l);
  for (auto& m : all)
    if (adapted.count(m.name) && !whole.count(leaf(m.name))) out.push_back(m.name);
  return out;
}

}  // namespace

void save_peft_adapter(const std::filesystem::path& dir, const ParamSet& params, const ModelConfig& config, const LoraConfig& lora,
                       const std::string& base_model, bool fused_experts) {
  std::filesystem::create_directories(dir);
  std::map<std::string, const Param*> by_name;
  for (auto& p : params.all())
    if (p.name.rfind(kPrefix, 0) == 0) by_name[p.name] = &p;
  const auto all = decoder_linears(config);
  std::set<std::string> adapted;
  for (auto& m : all)
    if (by_name.count(kPrefix + m.name + ".lora_A.weight")) adapted.insert(m.name);

  std::vector<TensorToWrite> out;
  std::vector<std::vector<float>> owned;  // fused tensors built here
  nlohmann::json cfg;
  nlohmann::json rank_pattern = nlohmann::json::object(), alpha_pattern = nlohmann::json::object();
  std::vector<std::string> target_parameters;
  std::set<std::string> fused_done;
  const int64_t r = lora.rank, E = config.n_routed_experts;
  for (auto& m : all) {
    if (!adapted.count(m.name)) continue;
    if (fused_experts && m.kind == "expert") {
      // transformers v5 / PEFT >= 0.19.1 ParamWrapper layout (training.md §14.2): gate_up rank 2r with
      // A_e = [A_gate; A_up] (expert slowest) and B_e = diag(B_gate, B_up) (expert fastest); down rank r.
      const std::string pre = "model.layers." + std::to_string(m.layer) + ".mlp.experts.";
      if (fused_done.count(pre)) continue;
      fused_done.insert(pre);
      const int64_t H = config.hidden_size, I = config.moe_intermediate_size;
      std::vector<float> gua(size_t(E * 2 * r * H), 0.0f), gub(size_t(2 * I * E * 2 * r), 0.0f);
      std::vector<float> dna(size_t(E * r * I), 0.0f), dnb(size_t(H * E * r), 0.0f);
      for (int64_t e = 0; e < E; ++e) {
        auto get = [&](const char* proj, const char* ab) {
          auto it = by_name.find(kPrefix + pre + std::to_string(e) + "." + proj + ".lora_" + ab + ".weight");
          if (it == by_name.end())
            fail_invalid("fused experts layout needs gate_proj, up_proj and down_proj adapted on every expert (" + pre + std::to_string(e) + ")");
          return it->second->data.data();
        };
        const float *ag = get("gate_proj", "A"), *au = get("up_proj", "A"), *ad = get("down_proj", "A");
        const float *bg = get("gate_proj", "B"), *bu = get("up_proj", "B"), *bd = get("down_proj", "B");
        std::copy(ag, ag + r * H, gua.begin() + e * 2 * r * H);
        std::copy(au, au + r * H, gua.begin() + (e * 2 * r + r) * H);
        std::copy(ad, ad + r * I, dna.begin() + e * r * I);
        const int64_t cols = E * 2 * r;
        for (int64_t j = 0; j < r; ++j) {
          for (int64_t i = 0; i < I; ++i) {
            gub[size_t(i * cols + j * E + e)] = bg[i * r + j];
            gub[size_t((I + i) * cols + (r + j) * E + e)] = bu[i * r + j];
          }
          for (int64_t i = 0; i < H; ++i) dnb[size_t(i * E * r + j * E + e)] = bd[i * r + j];
        }
      }
      owned.push_back(std::move(gua)), owned.push_back(std::move(gub)), owned.push_back(std::move(dna)), owned.push_back(std::move(dnb));
      const size_t n = owned.size();
      out.push_back({kPrefix + pre.substr(0, pre.size() - 1) + ".base_layer.lora_A.weight", DType::f32, Shape{E * 2 * r, H}, {}, owned[n - 4].data()});
      out.push_back({kPrefix + pre.substr(0, pre.size() - 1) + ".base_layer.lora_B.weight", DType::f32, Shape{2 * I, E * 2 * r}, {}, owned[n - 3].data()});
      out.push_back({kPrefix + pre.substr(0, pre.size() - 1) + ".lora_A.weight", DType::f32, Shape{E * r, I}, {}, owned[n - 2].data()});
      out.push_back({kPrefix + pre.substr(0, pre.size() - 1) + ".lora_B.weight", DType::f32, Shape{H, E * r}, {}, owned[n - 1].data()});
      continue;
    }
    for (const char* ab : {"A", "B"}) {
      const Param* p = by_name.at(kPrefix + m.name + ".lora_" + ab + ".weight");
      out.push_back({p->name, DType::f32, Shape(p->shape.begin(), p->shape.end()), {}, p->data.data()});
    }
  }
  std::set<std::string> modules;
  for (auto& m : all)
    if (adapted.count(m.name) && !(fused_experts && m.kind == "expert")) modules.insert(m.name);
  if (fused_experts && !fused_done.empty()) {
    target_parameters = {"mlp.experts.gate_up_proj", "mlp.experts.down_proj"};
    rank_pattern["gate_up_proj"] = 2 * r;
    alpha_pattern["gate_up_proj"] = 2 * lora.alpha;
  }
  std::vector<LinearModule> listed;
  for (auto& m : all)
    if (!(fused_experts && m.kind == "expert")) listed.push_back(m);
  cfg["peft_type"] = "LORA";
  cfg["task_type"] = "CAUSAL_LM";
  cfg["base_model_name_or_path"] = base_model;
  cfg["revision"] = nullptr;
  cfg["r"] = r;
  cfg["lora_alpha"] = lora.alpha;
  cfg["use_rslora"] = lora.use_rslora;
  cfg["lora_dropout"] = lora.dropout;
  cfg["bias"] = "none";
  cfg["fan_in_fan_out"] = false;
  cfg["target_modules"] = target_list(listed, modules);
  cfg["target_parameters"] = target_parameters.empty() ? nlohmann::json(nullptr) : nlohmann::json(target_parameters);
  cfg["rank_pattern"] = rank_pattern;
  cfg["alpha_pattern"] = alpha_pattern;
  cfg["modules_to_save"] = nullptr;
  cfg["exclude_modules"] = nullptr;
  cfg["layers_to_transform"] = nullptr;
  cfg["layers_pattern"] = nullptr;
  cfg["init_lora_weights"] = true;
  cfg["inference_mode"] = true;
  cfg["use_dora"] = false;
  cfg["lora_bias"] = false;
  throw_if_error(write_safetensors(dir / "adapter_model.safetensors", out, {{"format", "pt"}}));
  AtomicFile f(dir / "adapter_config.json");
  f.write(cfg.dump(2) + "\n");
  f.commit();
}

}  // namespace dsw::train

namespace dsw {
namespace {

using train::decoder_linears;
using train::LinearModule;

const std::string kPrefix = "base_model.model.";

// PEFT rank/alpha pattern lookup: first key with re.match(rf"(.*\.)?({key})$", name).
template <class T>
T pattern_value(const nlohmann::json& patterns, const std::string& name, T fallback, const std::string& file) {
  if (!patterns.is_object()) return fallback;
  for (auto& [key, val] : patterns.items()) {
    try {
      if (std::regex_match(name, std::regex("(.*\\.)?(" + key + ")"))) return val.template get<T>();
    } catch (const std::exception&) {
      fail_invalid(file + ": rank/alpha pattern '" + key + "' is not usable");
    }
  }
  return fallback;
}

}  // namespace

std::shared_ptr<AdapterSet> make_adapter_set(const LoadedAdapter& adapter, std::string name) {
  auto set = std::make_shared<AdapterSet>();
  set->name = std::move(name);
  for (const auto& t : adapter.tensors) {
    LoraWeights w;
    w.a = Tensor::host(DType::f32, Shape{t.rank, t.in_features});
    w.b = Tensor::host(DType::f32, Shape{t.out_features, t.rank});
    std::copy(t.a.begin(), t.a.end(), w.a.data_as<float>());
    std::copy(t.b.begin(), t.b.end(), w.b.data_as<float>());
    w.scale = float(t.scale);
    set->modules[t.module] = std::move(w);
  }
  return set;
}

Result<LoadedAdapter> load_peft_adapter(const ModelFiles& model, const std::filesystem::path& dir) {
  return guard([&] {
    const std::string cfg_path = (dir / "adapter_config.json").string();
    const std::string st_path = (dir / "adapter_model.safetensors").string();
    if (!regular_file_exists(cfg_path)) fail_io(cfg_path + ": no adapter_config.json in the adapter folder");
    if (!regular_file_exists(st_path)) fail_io(st_path + ": no adapter_model.safetensors in the adapter folder");
    auto cfg = read_json_file(cfg_path, InputKind::adapter_config);
    auto get = [&](const char* k) -> const nlohmann::json* { return cfg.contains(k) && !cfg[k].is_null() ? &cfg[k] : nullptr; };
    if (!get("peft_type") || cfg["peft_type"] != "LORA") fail_unsupported(cfg_path + ": peft_type is not \"LORA\"");
    for (const char* flag : {"use_dora", "lora_bias", "fan_in_fan_out"})
      if (get(flag) && (*get(flag)).is_boolean() && (*get(flag)).get<bool>())
        fail_unsupported(cfg_path + ": '" + flag + "' adapters are not supported");
    if (get("modules_to_save") && !(*get("modules_to_save")).empty())
      fail_unsupported(cfg_path + ": modules_to_save (fully trained copies of modules) is not supported");
    if (!get("r") || !(*get("r")).is_number_integer() || (*get("r")).get<int64_t>() < 1)
      fail_invalid(cfg_path + ": 'r' must be a positive integer");
    if (!get("lora_alpha") || !(*get("lora_alpha")).is_number()) fail_invalid(cfg_path + ": 'lora_alpha' must be a number");
    const int64_t r0 = cfg["r"].get<int64_t>();
    const double alpha0 = cfg["lora_alpha"].get<double>();
    const bool rs = get("use_rslora") && (*get("use_rslora")).is_boolean() && cfg["use_rslora"].get<bool>();
    const nlohmann::json rp = get("rank_pattern") ? cfg["rank_pattern"] : nlohmann::json::object();
    const nlohmann::json ap = get("alpha_pattern") ? cfg["alpha_pattern"] : nlohmann::json::object();

    TensorStore st;
    throw_if_error(load_safetensors(st_path, st));
    const ModelConfig& c = model.config;
    std::map<std::string, LinearModule> modules;
    for (auto& m : decoder_linears(c)) modules[m.name] = m;

    LoadedAdapter out;
    out.base_model = get("base_model_name_or_path") && cfg["base_model_name_or_path"].is_string() ? cfg["base_model_name_or_path"].get<std::string>() : "";
    std::map<std::string, std::pair<const TensorEntry*, const TensorEntry*>> pairs;
    auto floats = [&](const TensorEntry& e) {
      if (!e.dtype || (*e.dtype != DType::f32 && *e.dtype != DType::bf16 && *e.dtype != DType::f16))
        fail_unsupported(st_path + ": tensor '" + e.name + "' has dtype " + e.dtype_name + " (F32, BF16, F16 expected)");
      std::vector<float> v(size_t(e.shape.numel()));
      for (int64_t i = 0; i < e.shape.numel(); ++i) {
        float x = *e.dtype == DType::f32 ? e.tensor.data_as<const float>()[i]
                  : *e.dtype == DType::bf16 ? bf16_to_f32(e.tensor.data_as<const uint16_t>()[i])
                                            : f16_to_f32(e.tensor.data_as<const uint16_t>()[i]);
        if (!std::isfinite(x)) fail_invalid(st_path + ": tensor '" + e.name + "' has a non-finite value at element " + std::to_string(i));
        v[size_t(i)] = x;
      }
      return v;
    };
    std::vector<const TensorEntry*> fused;
    for (auto& e : st.entries()) {
      std::string n = e.name;
      if (n.rfind(kPrefix, 0) != 0) fail_invalid(st_path + ": tensor '" + n + "' does not start with 'base_model.model.'");
      n = n.substr(kPrefix.size());
      const bool is_a = n.size() > 14 && n.compare(n.size() - 14, 14, ".lora_A.weight") == 0;
      const bool is_b = n.size() > 14 && n.compare(n.size() - 14, 14, ".lora_B.weight") == 0;
      if (!is_a && !is_b) fail_invalid(st_path + ": tensor '" + e.name + "' is not a LoRA A/B weight");
      std::string mod = n.substr(0, n.size() - 14);
      if (mod.size() > 8 && mod.compare(mod.size() - 8, 8, ".default") == 0) mod.resize(mod.size() - 8);
      if (mod.find(".mlp.experts") != std::string::npos && (mod.ends_with(".mlp.experts") || mod.ends_with(".mlp.experts.base_layer"))) {
        fused.push_back(&e);
        continue;
      }
      if (!modules.count(mod)) fail_invalid(st_path + ": tensor '" + e.name + "' targets '" + mod + "', which is not a Linear of this " + c.model_type + " model");
      (is_a ? pairs[mod].first : pairs[mod].second) = &e;
    }
    auto add = [&](const std::string& mod, std::vector<float> a, std::vector<float> b, int64_t rank, double scale) {
      LoraTensor t;
      t.module = mod;
      t.rank = rank;
      t.scale = scale;
      t.a = std::move(a);
      t.b = std::move(b);
      t.in_features = modules[mod].in;
      t.out_features = modules[mod].out;
      out.tensors.push_back(std::move(t));
    };
    for (auto& [mod, ab] : pairs) {
      const LinearModule& m = modules[mod];
      if (!ab.first || !ab.second) fail_invalid(st_path + ": module '" + mod + "' has lora_" + (ab.first ? "A" : "B") + " but no lora_" + (ab.first ? "B" : "A"));
      const int64_t r = pattern_value<int64_t>(rp, mod, r0, cfg_path);
      const double alpha = pattern_value<double>(ap, mod, alpha0, cfg_path);
      const Shape want_a{r, m.in}, want_b{m.out, r};
      if (!(ab.first->shape == want_a)) {
        if (ab.first->shape.rank() == 2 && ab.first->shape[1] == m.in)
          fail_invalid(st_path + ": tensor '" + ab.first->name + "' has rank " + std::to_string(ab.first->shape[0]) + " but adapter_config.json says r = " + std::to_string(r));
        fail_invalid(st_path + ": tensor '" + ab.first->name + "' has shape " + ab.first->shape.to_string() + ", expected " + want_a.to_string());
      }
      if (!(ab.second->shape == want_b))
        fail_invalid(st_path + ": tensor '" + ab.second->name + "' has shape " + ab.second->shape.to_string() + ", expected " + want_b.to_string());
      add(mod, floats(*ab.first), floats(*ab.second), r, rs ? alpha / std::sqrt(double(r)) : alpha / double(r));
    }
    // Fused experts (transformers v5): split back into per-expert adapters.
    std::map<std::string, std::map<std::string, const TensorEntry*>> by_layer;
    for (auto* e : fused) {
      std::string n = e->name.substr(kPrefix.size());
      const std::string pre = n.substr(0, n.find(".mlp.experts") + 12);
      const bool base = n.find(".experts.base_layer.") != std::string::npos;
      const bool a = n.find(".lora_A.") != std::string::npos;
      by_layer[pre][std::string(base ? "inner_" : "outer_") + (a ? "A" : "B")] = e;
    }
    const bool two_params = get("target_parameters") && cfg["target_parameters"].is_array() && cfg["target_parameters"].size() == 2;
    for (auto& [pre, t] : by_layer) {
      const int64_t E = c.n_routed_experts, H = c.hidden_size, I = c.moe_intermediate_size;
      if (!modules.count(pre + ".0.gate_proj")) fail_invalid(st_path + ": '" + pre + "' is not a MoE layer of this model");
      auto take = [&](const char* key) -> const TensorEntry& {
        auto it = t.find(key);
        if (it == t.end()) fail_invalid(st_path + ": fused experts adapter of '" + pre + "' is incomplete (" + key + " missing)");
        return *it->second;
      };
      // With both parameters targeted, gate_up is the inner (base_layer) wrapper and down_proj the outer.
      std::vector<std::pair<std::string, std::string>> parts;
      if (t.count("inner_A")) parts = {{"inner", "gate_up_proj"}, {"outer", "down_proj"}};
      else if (two_params) fail_invalid(st_path + ": fused experts adapter of '" + pre + "' lacks the gate_up_proj (base_layer) pair");
      else parts = {{"outer", t.at("outer_A")->shape[1] == H ? "gate_up_proj" : "down_proj"}};
      for (auto& [which, param] : parts) {
        const TensorEntry& A = take((which + "_A").c_str());
        const TensorEntry& B = take((which + "_B").c_str());
        const bool gu = param == "gate_up_proj";
        const int64_t in = gu ? H : I, out_rows = gu ? 2 * I : H;
        const int64_t rk = pattern_value<int64_t>(rp, pre + "." + param, r0, cfg_path);
        const double al = pattern_value<double>(ap, pre + "." + param, alpha0, cfg_path);
        if (!(A.shape == Shape{E * rk, in})) fail_invalid(st_path + ": tensor '" + A.name + "' has shape " + A.shape.to_string() + ", expected " + Shape{E * rk, in}.to_string());
        if (!(B.shape == Shape{out_rows, E * rk})) fail_invalid(st_path + ": tensor '" + B.name + "' has shape " + B.shape.to_string() + ", expected " + Shape{out_rows, E * rk}.to_string());
        auto a = floats(A), b = floats(B);
        const double scale = rs ? al / std::sqrt(double(rk)) : al / double(rk);
        for (int64_t e = 0; e < E; ++e) {
          std::vector<float> ae(a.begin() + e * rk * in, a.begin() + (e + 1) * rk * in), be(size_t(out_rows * rk));
          for (int64_t i = 0; i < out_rows; ++i)
            for (int64_t j = 0; j < rk; ++j) be[size_t(i * rk + j)] = b[size_t(i * E * rk + j * E + e)];
          const std::string ep = pre + "." + std::to_string(e) + ".";
          if (gu) {
            // One rank-rk adapter on the fused [gate; up] rows: B rows split, A shared by both halves.
            std::vector<float> bg(be.begin(), be.begin() + I * rk), bu(be.begin() + I * rk, be.end());
            add(ep + "gate_proj", ae, std::move(bg), rk, scale);
            add(ep + "up_proj", std::move(ae), std::move(bu), rk, scale);
          } else {
            add(ep + "down_proj", std::move(ae), std::move(be), rk, scale);
          }
        }
      }
    }
    if (out.tensors.empty()) fail_invalid(st_path + ": the adapter has no LoRA tensors");
    // Audit against every Linear of the model.
    std::map<std::string, int64_t> rank_of;
    for (auto& t : out.tensors) rank_of[t.module] = t.rank;
    for (auto& m : decoder_linears(c)) {
      const int64_t rk = rank_of.count(m.name) ? rank_of[m.name] : 0;
      out.audit.modules.push_back({m.name, m.kind, m.in, m.out, rk});
      out.audit.linear_total++;
      if (m.kind == "expert") out.audit.experts_total++;
      if (rk == 0) continue;
      out.audit.adapted++;
      if (m.kind == "expert") out.audit.experts_adapted++;
      out.audit.trainable_parameters += rk * (m.in + m.out);
    }
    return out;
  });
}

}  // namespace dsw
