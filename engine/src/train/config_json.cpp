// TrainConfig <-> JSON: the config file format of `dsw-cli finetune --config` and run.json.
// Strict: an unknown key or a value of the wrong type is an error naming the key.
#include "core/error.h"
#include "core/input_file.h"
#include "core/json_strict.h"
#include "core/yaml_subset.h"

#include <dsw/train.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <set>

namespace dsw {
namespace {

using nlohmann::json;

template <class E>
struct EnumName {
  E value;
  const char* name;
};
const EnumName<TrainMode> kModes[] = {{TrainMode::lora, "lora"}, {TrainMode::full, "full"}};
const EnumName<LrSchedule> kSchedules[] = {{LrSchedule::constant, "constant"}, {LrSchedule::linear, "linear"}, {LrSchedule::cosine, "cosine"}};
const EnumName<DataFormat> kFormats[] = {{DataFormat::text, "text"}, {DataFormat::prompt_response, "prompt_response"}, {DataFormat::chat, "chat"}};
const EnumName<LoraConfig::Init> kInits[] = {{LoraConfig::Init::kaiming, "kaiming"}, {LoraConfig::Init::gaussian, "gaussian"}, {LoraConfig::Init::random, "random"}};

template <class E, size_t N>
const char* name_of(const EnumName<E> (&t)[N], E v) {
  for (auto& e : t)
    if (e.value == v) return e.name;
  return "?";
}

class Reader {
 public:
  Reader(const json& j, std::string where) : j_(j), where_(std::move(where)) {
    if (!j_.is_object()) fail_invalid(where_ + ": expected a JSON object");
  }
  ~Reader() = default;
  void done() const {
    for (auto& [k, v] : j_.items())
      if (!seen_.count(k)) fail_invalid(where_ + ": unknown key '" + k + "'");
  }
  const json* get(const std::string& k) {
    seen_.insert(k);
    return j_.contains(k) ? &j_[k] : nullptr;
  }
  template <class T>
  void num(const std::string& k, T& out) {
    if (auto* v = get(k)) {
      if (!v->is_number()) fail_invalid(where_ + ": '" + k + "' must be a number");
      if constexpr (std::is_integral_v<T>) {
        if (!v->is_number_integer()) fail_invalid(where_ + ": '" + k + "' must be an integer");
      }
      out = v->get<T>();
    }
  }
  void flag(const std::string& k, bool& out) {
    if (auto* v = get(k)) {
      if (!v->is_boolean()) fail_invalid(where_ + ": '" + k + "' must be true or false");
      out = v->get<bool>();
    }
  }
  void str(const std::string& k, std::string& out) {
    if (auto* v = get(k)) {
      if (!v->is_string()) fail_invalid(where_ + ": '" + k + "' must be a string");
      out = v->get<std::string>();
    }
  }
  void path(const std::string& k, std::filesystem::path& out) {
    std::string s = out.string();
    str(k, s);
    out = s;
  }
  void list(const std::string& k, std::vector<std::string>& out) {
    if (auto* v = get(k)) {
      if (v->is_string()) {
        out = {v->get<std::string>()};
        return;
      }
      if (!v->is_array()) fail_invalid(where_ + ": '" + k + "' must be a list of strings");
      out.clear();
      for (auto& x : *v) {
        if (!x.is_string()) fail_invalid(where_ + ": '" + k + "' must be a list of strings");
        out.push_back(x.get<std::string>());
      }
    }
  }
  template <class E, size_t N>
  void choice(const std::string& k, const EnumName<E> (&t)[N], E& out) {
    if (auto* v = get(k)) {
      if (v->is_string())
        for (auto& e : t)
          if (v->get<std::string>() == e.name) {
            out = e.value;
            return;
          }
      std::string names;
      for (auto& e : t) names += std::string(names.empty() ? "" : ", ") + e.name;
      fail_invalid(where_ + ": '" + k + "' must be one of " + names);
    }
  }
  Reader sub(const std::string& k) {
    static const json empty = json::object();
    const json* v = get(k);
    return Reader(v ? *v : empty, where_ + "." + k);
  }

 private:
  const json& j_;
  std::string where_;
  std::set<std::string> seen_;
};

// The one validator of a config, whichever file format gave the value.
TrainConfig config_from_value(const json& j, std::string_view name) {
    TrainConfig c;
    Reader r(j, std::string(name));
    r.path("model", c.model);
    r.path("output_dir", c.output_dir);
    r.choice("mode", kModes, c.mode);
    {
      Reader l = r.sub("lora");
      l.list("target_modules", c.lora.target_modules);
      l.list("exclude_modules", c.lora.exclude_modules);
      l.flag("target_router", c.lora.target_router);
      l.num("rank", c.lora.rank);
      l.num("alpha", c.lora.alpha);
      l.flag("use_rslora", c.lora.use_rslora);
      l.num("dropout", c.lora.dropout);
      l.choice("init", kInits, c.lora.init);
      l.done();
    }
    {
      Reader o = r.sub("optimizer");
      o.num("lr", c.optim.lr);
      o.num("beta1", c.optim.beta1);
      o.num("beta2", c.optim.beta2);
      o.num("eps", c.optim.eps);
      o.num("weight_decay", c.optim.weight_decay);
      o.choice("schedule", kSchedules, c.optim.schedule);
      o.num("warmup_steps", c.optim.warmup_steps);
      o.num("max_grad_norm", c.optim.max_grad_norm);
      o.done();
    }
    {
      Reader d = r.sub("data");
      d.path("path", c.data.path);
      d.choice("format", kFormats, c.data.format);
      d.str("text_field", c.data.text_field);
      d.str("prompt_field", c.data.prompt_field);
      d.str("response_field", c.data.response_field);
      d.str("messages_field", c.data.messages_field);
      std::string fam;
      d.str("chat_template", fam);
      if (!fam.empty()) {
        c.data.chat_family = chat_family_from_name(fam);
        if (!c.data.chat_family) fail_invalid(std::string(name) + ".data: unknown chat_template '" + fam + "'");
      }
      d.num("seq_len", c.data.seq_len);
      d.num("max_examples", c.data.max_examples);
      d.num("eval_fraction", c.data.eval_fraction);
      d.num("eval_max_rows", c.data.eval_max_rows);
      d.done();
    }
    if (j.contains("qat")) {
      Reader q = r.sub("qat");
      q.num("bits", c.qat.bits);
      q.num("group", c.qat.group);
      q.done();
    }
    r.num("steps", c.steps);
    r.num("micro_batch", c.micro_batch);
    r.num("grad_accum", c.grad_accum);
    r.num("seed", c.seed);
    r.flag("gradient_checkpointing", c.gradient_checkpointing);
    r.num("moe_aux_loss_alpha", c.moe_aux_loss_alpha);
    r.flag("moe_seq_aux", c.moe_seq_aux);
    r.num("v3_bias_update_rate", c.v3_bias_update_rate);
    r.num("router_lr_scale", c.router_lr_scale);
    r.flag("moe_only", c.moe_only);
    r.num("router_noise", c.router_noise);
    r.num("router_noise_steps", c.router_noise_steps);
    r.num("log_every", c.log_every);
    r.num("eval_every", c.eval_every);
    r.num("checkpoint_every", c.checkpoint_every);
    r.num("keep_checkpoints", c.keep_checkpoints);
    r.flag("resume", c.resume);
    r.num("threads", c.n_threads);
    r.num("memory_limit_bytes", c.memory_limit_bytes);
    r.flag("count_unshifted_targets", c.count_unshifted_targets);
    r.flag("save_fused_experts", c.save_fused_experts);
    r.done();
    return c;
}

bool is_yaml_path(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return ext == ".yaml" || ext == ".yml";
}

}  // namespace

Result<TrainConfig> train_config_from_json(std::string_view text, std::string_view name) {
  return guard([&] { return config_from_value(parse_json_strict(text, name), name); });
}

Result<TrainConfig> train_config_from_yaml(std::string_view text, std::string_view name) {
  return guard([&] {
    json j = parse_yaml_subset(text, name);
    if (!j.is_object()) fail_invalid(std::string(name) + ": expected a mapping of config keys (key: value lines), found " + json_type_name(j));
    return config_from_value(j, name);
  });
}

std::string train_config_to_json(const TrainConfig& c) {
  json j;
  j["model"] = c.model.string();
  j["output_dir"] = c.output_dir.string();
  j["mode"] = name_of(kModes, c.mode);
  j["lora"] = {{"target_modules", c.lora.target_modules}, {"exclude_modules", c.lora.exclude_modules},
               {"target_router", c.lora.target_router}, {"rank", c.lora.rank}, {"alpha", c.lora.alpha},
               {"use_rslora", c.lora.use_rslora}, {"dropout", c.lora.dropout}, {"init", name_of(kInits, c.lora.init)}};
  j["optimizer"] = {{"lr", c.optim.lr}, {"beta1", c.optim.beta1}, {"beta2", c.optim.beta2}, {"eps", c.optim.eps},
                    {"weight_decay", c.optim.weight_decay}, {"schedule", name_of(kSchedules, c.optim.schedule)},
                    {"warmup_steps", c.optim.warmup_steps}, {"max_grad_norm", c.optim.max_grad_norm}};
  j["data"] = {{"path", c.data.path.string()}, {"format", name_of(kFormats, c.data.format)}, {"text_field", c.data.text_field},
               {"prompt_field", c.data.prompt_field}, {"response_field", c.data.response_field},
               {"messages_field", c.data.messages_field}, {"seq_len", c.data.seq_len}, {"max_examples", c.data.max_examples},
               {"eval_fraction", c.data.eval_fraction}, {"eval_max_rows", c.data.eval_max_rows}};
  if (c.data.chat_family) j["data"]["chat_template"] = std::string(chat_family_name(*c.data.chat_family));
  if (c.qat.bits != 0) j["qat"] = {{"bits", c.qat.bits}, {"group", c.qat.group}};
  j["steps"] = c.steps;
  j["micro_batch"] = c.micro_batch;
  j["grad_accum"] = c.grad_accum;
  j["seed"] = c.seed;
  j["gradient_checkpointing"] = c.gradient_checkpointing;
  j["moe_aux_loss_alpha"] = c.moe_aux_loss_alpha;
  j["moe_seq_aux"] = c.moe_seq_aux;
  j["v3_bias_update_rate"] = c.v3_bias_update_rate;
  j["router_lr_scale"] = c.router_lr_scale;
  j["moe_only"] = c.moe_only;
  j["router_noise"] = c.router_noise;
  j["router_noise_steps"] = c.router_noise_steps;
  j["log_every"] = c.log_every;
  j["eval_every"] = c.eval_every;
  j["checkpoint_every"] = c.checkpoint_every;
  j["keep_checkpoints"] = c.keep_checkpoints;
  j["resume"] = c.resume;
  j["threads"] = c.n_threads;
  j["memory_limit_bytes"] = c.memory_limit_bytes;
  j["count_unshifted_targets"] = c.count_unshifted_targets;
  j["save_fused_experts"] = c.save_fused_experts;
  return j.dump(2);
}

Result<TrainConfig> train_config_from_file(const std::filesystem::path& path) {
  Result<std::string> text = guard([&] { return read_input_file(path, InputKind::run_config); });
  if (!text.is_ok()) return text.status();
  if (is_yaml_path(path)) return train_config_from_yaml(*text, path.string());
  return train_config_from_json(*text, path.string());
}

}  // namespace dsw
