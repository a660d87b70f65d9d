// dsw-cli finetune / merge / import-run: LoRA or full fine-tuning on the CPU, merging an adapter into
// a new model folder, and bringing an exported distributed job's results back into the store.
//
// The run is described by flags or by a config file (--config run.yaml or run.json; the keys of
// train_config_to_json, flags given beside it override it). The engine reads both into one JSON value
// and checks it in one place (unknown keys are errors); YAML is a strict subset (core/yaml_subset.h).
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/store.h>
#include <dsw/train.h>

#include "nlohmann/json.hpp"

#include <chrono>
#include <cstdio>
#include <sstream>

namespace dsw::cli {
namespace {

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

TrainConfig config_from_args(const Args& args) {
  TrainConfig c;
  if (auto file = args.get("config")) {
    auto r = train_config_from_file(*file);
    if (!r.is_ok()) throw std::invalid_argument(r.status().message());
    c = *r;
  }
  if (!args.positional().empty()) c.model = args.positional()[0];
  if (auto v = args.get("data")) c.data.path = *v;
  if (auto v = args.get("out")) c.output_dir = *v;
  if (auto v = args.get("format")) {
    if (*v == "text") c.data.format = DataFormat::text;
    else if (*v == "prompt-response" || *v == "prompt_response") c.data.format = DataFormat::prompt_response;
    else if (*v == "chat") c.data.format = DataFormat::chat;
    else throw std::invalid_argument("--format must be text, prompt-response or chat");
  }
  if (auto v = args.get("mode")) {
    if (*v == "lora") c.mode = TrainMode::lora;
    else if (*v == "full") c.mode = TrainMode::full;
    else throw std::invalid_argument("--mode must be lora or full");
  }
  if (auto v = args.get("targets")) c.lora.target_modules = split_list(*v);
  if (auto v = args.get("exclude")) c.lora.exclude_modules = split_list(*v);
  if (args.flag("target-router")) c.lora.target_router = true;
  c.lora.rank = args.get_int("rank", c.lora.rank, 1, 4096);
  c.lora.alpha = args.get_double("alpha", c.lora.alpha, 1e-6, 1e6);
  if (args.flag("rslora")) c.lora.use_rslora = true;
  c.lora.dropout = args.get_double("dropout", c.lora.dropout, 0, 0.99);
  c.optim.lr = args.get_double("lr", c.optim.lr, 1e-12, 10);
  c.optim.weight_decay = args.get_double("weight-decay", c.optim.weight_decay, 0, 10);
  c.optim.warmup_steps = args.get_int("warmup", c.optim.warmup_steps, 0, 1 << 30);
  c.optim.max_grad_norm = args.get_double("clip", c.optim.max_grad_norm, 0, 1e9);
  if (auto v = args.get("schedule")) {
    if (*v == "cosine") c.optim.schedule = LrSchedule::cosine;
    else if (*v == "linear") c.optim.schedule = LrSchedule::linear;
    else if (*v == "constant") c.optim.schedule = LrSchedule::constant;
    else throw std::invalid_argument("--schedule must be cosine, linear or constant");
  }
  c.steps = args.get_int("steps", c.steps, 1, 1 << 30);
  c.micro_batch = args.get_int("batch", c.micro_batch, 1, 4096);
  c.grad_accum = args.get_int("grad-accum", c.grad_accum, 1, 4096);
  c.data.seq_len = args.get_int("seq-len", c.data.seq_len, 2, 65536);
  c.data.max_examples = args.get_int("max-examples", c.data.max_examples, 0, INT64_MAX);
  c.data.eval_fraction = args.get_double("eval-fraction", c.data.eval_fraction, 0, 0.99);
  if (auto v = args.get("prompt-field")) c.data.prompt_field = *v;
  if (auto v = args.get("response-field")) c.data.response_field = *v;
  if (auto v = args.get("text-field")) c.data.text_field = *v;
  if (auto v = args.get("chat-template")) {
    c.data.chat_family = chat_family_from_name(*v);
    if (!c.data.chat_family) throw std::invalid_argument("--chat-template: unknown template family '" + *v + "'");
  }
  c.seed = uint64_t(args.get_int("seed", int64_t(c.seed), 0, INT64_MAX));
  c.checkpoint_every = args.get_int("checkpoint-every", c.checkpoint_every, 0, 1 << 30);
  c.eval_every = args.get_int("eval-every", c.eval_every, 0, 1 << 30);
  c.log_every = args.get_int("log-every", c.log_every, 1, 1 << 30);
  c.n_threads = int(args.get_int("threads", c.n_threads, 0, 4096));
  if (args.flag("resume")) c.resume = true;
  if (args.flag("gradient-checkpointing")) c.gradient_checkpointing = true;
  if (args.flag("fused-experts")) c.save_fused_experts = true;
  c.moe_aux_loss_alpha = args.get_double("aux-loss", c.moe_aux_loss_alpha, 0, 10);
  c.v3_bias_update_rate = args.get_double("bias-update", c.v3_bias_update_rate, 0, 1);
  c.router_lr_scale = args.get_double("router-lr-scale", c.router_lr_scale, 1e-6, 1e6);
  if (args.flag("moe-only")) c.moe_only = true;
  c.router_noise = args.get_double("router-noise", c.router_noise, 0, 100);
  c.router_noise_steps = args.get_int("router-noise-steps", c.router_noise_steps, 0, 1 << 30);
  if (auto q = args.get("qat")) {
    if (*q == "int4") c.qat.bits = 4;
    else if (*q == "int8") c.qat.bits = 8;
    else throw std::invalid_argument("--qat must be int4 or int8");
  }
  c.qat.group = args.get_int("qat-group", c.qat.group, 0, 1 << 20);
  if (c.model.empty()) throw std::invalid_argument("expected MODEL (or \"model\" in --config)");
  return c;
}

std::vector<TrainMetricRow> metric_rows(const std::vector<TrainStepReport>& h) {
  std::vector<TrainMetricRow> rows;
  for (auto& r : h) {
    TrainMetricRow m;
    m.step = r.step;
    m.loss = r.loss;
    m.eval_loss = r.eval_loss;
    m.lr = r.lr;
    m.grad_norm = r.grad_norm;
    if (r.tokens_per_s > 0) m.tokens_per_s = r.tokens_per_s;
    rows.push_back(m);
  }
  return rows;
}

}  // namespace

int cmd_finetune(const Argv& argv) {
  Args args(argv,
            {"rslora", "resume", "gradient-checkpointing", "fused-experts", "target-router", "dry-run", "no-store", "json", "moe-only"},
            {"config", "data", "out", "format", "mode", "targets", "exclude", "rank", "alpha", "dropout", "lr", "weight-decay",
             "warmup", "clip", "schedule", "steps", "batch", "grad-accum", "seq-len", "max-examples", "eval-fraction",
             "prompt-field", "response-field", "text-field", "chat-template", "seed", "checkpoint-every", "eval-every",
             "log-every", "threads", "aux-loss", "bias-update", "export-job", "db", "qat", "qat-group",
             "router-lr-scale", "router-noise", "router-noise-steps"});
  if (args.positional().size() > 1) throw std::invalid_argument("expected one MODEL");
  TrainConfig c = config_from_args(args);

  auto files = open_model(c.model, {.config_only = true});
  if (!files.is_ok()) return report(files.status());
  if (c.mode == TrainMode::lora) {
    auto audit = plan_lora(files->config, c.lora);
    if (!audit.is_ok()) return report(audit.status());
    std::printf("targets         %s\n", audit->summary().c_str());
    for (auto& p : audit->unmatched_patterns) std::printf("warning         target pattern '%s' matches no module\n", p.c_str());
  }
  if (auto dir = args.get("export-job")) {
    auto st = export_training_job(c, *dir);
    if (!st.is_ok()) return report(st);
    std::printf("exported        %s (run ./launch.sh there; then dsw-cli import-run %s)\n", dir->c_str(), dir->c_str());
    return 0;
  }
  if (c.output_dir.empty()) throw std::invalid_argument("--out DIR is required");
  if (c.data.path.empty()) throw std::invalid_argument("--data FILE is required");
  if (args.flag("dry-run")) {
    auto full = open_model(c.model);
    if (!full.is_ok()) return report(full.status());
    auto mem = estimate_training_memory(*full, c);
    if (!mem.is_ok()) return report(mem.status());
    std::printf("memory          %s\n", mem->to_string().c_str());
    return 0;
  }

  std::unique_ptr<Store> store;
  int64_t job_id = 0;
  if (!args.flag("no-store")) {
    auto s = Store::open(args.get_or("db", Store::default_path().string()));
    if (!s.is_ok()) return report(s.status());
    store = std::move(s).value();
    JobRecord j;
    j.kind = "finetune";
    j.state = JobState::running;
    j.title = std::string("Fine-tune (") + (c.mode == TrainMode::lora ? "LoRA" : "full") + ")";
    j.model_path = c.model.string();
    j.params_json = train_config_to_json(c);
    if (auto id = store->add_job(j); id.is_ok()) job_id = *id;
  }
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<TrainStepReport> history;
  JobContext job;
  job.cancel = &cancel_flag();
  const bool json = args.flag("json");
  auto r = finetune(c, job, [&](const TrainStepReport& s) {
    history.push_back(s);
    if (json || (s.step % c.log_every != 0 && !s.eval_loss && !s.checkpointed && s.step != s.total_steps)) return;
    std::printf("step %5lld/%lld  loss %.4f%s  lr %.3e  grad %.3f  %.0f tok/s  %s%s\n", (long long)s.step, (long long)s.total_steps, s.loss,
                s.eval_loss ? ("  eval " + std::to_string(*s.eval_loss).substr(0, 6)).c_str() : "", s.lr, s.grad_norm, s.tokens_per_s,
                human_bytes(double(s.memory_bytes)).c_str(), s.checkpointed ? "  [checkpoint]" : "");
    std::fflush(stdout);
  });
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (store && job_id) {
    const JobState st = r.is_ok() ? JobState::succeeded : r.status().code() == StatusCode::cancelled ? JobState::cancelled : JobState::failed;
    (void)store->update_job(job_id, st, r.is_ok() ? "adapter " + r->adapter_dir.string() : r.status().message(), secs);
    if (r.is_ok()) {
      TrainRunRecord run;
      run.job_id = job_id;
      run.model_path = std::filesystem::absolute(c.model).string();
      run.output_dir = std::filesystem::absolute(c.output_dir).string();
      run.adapter_dir = std::filesystem::absolute(r->adapter_dir).string();
      run.config_json = train_config_to_json(c);
      run.audit = r->audit.summary();
      run.steps = r->steps_done;
      run.final_loss = r->final_loss;
      run.final_eval_loss = r->final_eval_loss;
      (void)store->add_train_run(run, metric_rows(history));
    }
  }
  if (!r.is_ok()) return report(r.status());
  if (json) {
    nlohmann::json j{{"steps", r->steps_done}, {"final_loss", r->final_loss}, {"adapter", r->adapter_dir.string()},
                     {"checkpoint", r->checkpoint_dir.string()}, {"audit", r->audit.summary()}, {"memory_estimate", r->memory.to_string()}};
    if (r->first_eval_loss) j["first_eval_loss"] = *r->first_eval_loss;
    if (r->final_eval_loss) j["final_eval_loss"] = *r->final_eval_loss;
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  if (r->first_eval_loss && r->final_eval_loss) std::printf("eval loss       %.4f -> %.4f\n", *r->first_eval_loss, *r->final_eval_loss);
  std::printf("memory          %s (estimate)\n", r->memory.to_string().c_str());
  std::printf("saved           %s\n", r->adapter_dir.string().c_str());
  if (c.qat.bits != 0)
    std::printf("export          dsw-cli quantize %s OUT.gguf --method rtn --bits %d --group %lld (stores the weights QAT trained with)\n",
                c.mode == TrainMode::full ? r->adapter_dir.string().c_str() : c.model.string().c_str(), c.qat.bits,
                (long long)c.qat.group);
  return 0;
}

int cmd_merge(const Argv& argv) {
  Args args(argv, {}, {});
  if (args.positional().size() != 3) throw std::invalid_argument("expected MODEL ADAPTER OUT");
  ProgressBar bar("merge");
  auto st = merge_adapter(args.positional()[0], args.positional()[1], args.positional()[2], bar.job());
  bar.finish();
  if (!st.is_ok()) return report(st);
  std::printf("merged          %s\n", args.positional()[2].c_str());
  return 0;
}

int cmd_import_run(const Argv& argv) {
  Args args(argv, {}, {"db"});
  if (args.positional().size() != 1) throw std::invalid_argument("expected the exported job's folder");
  const std::filesystem::path dir = args.positional()[0];
  auto run = read_exported_run(dir);
  if (!run.is_ok()) return report(run.status());
  auto store = Store::open(args.get_or("db", Store::default_path().string()));
  if (!store.is_ok()) return report(store.status());
  TrainRunRecord rec;
  rec.source = "imported";
  rec.output_dir = std::filesystem::absolute(dir).string();
  rec.adapter_dir = run->adapter_dir.empty() ? "" : std::filesystem::absolute(run->adapter_dir).string();
  rec.config_json = run->config_json;
  if (!run->config_json.empty()) {
    auto j = nlohmann::json::parse(run->config_json, nullptr, false);
    if (j.is_object() && j.contains("config") && j["config"].contains("model")) rec.model_path = j["config"]["model"].get<std::string>();
  }
  for (auto& h : run->history) {
    rec.steps = std::max(rec.steps, h.step);
    if (h.loss != 0) rec.final_loss = h.loss;
    if (h.eval_loss) rec.final_eval_loss = h.eval_loss;
  }
  auto id = (*store)->add_train_run(rec, metric_rows(run->history));
  if (!id.is_ok()) return report(id.status());
  std::printf("imported        run %lld: %zu logged steps%s\n", (long long)*id, run->history.size(),
              rec.adapter_dir.empty() ? "" : (", adapter " + rec.adapter_dir).c_str());
  return 0;
}

}  // namespace dsw::cli
