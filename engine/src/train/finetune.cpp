// finetune(): the training job — data, memory check, steps, evaluation, checkpoints, outputs.
//
// One optimizer step (training.md §11): zero grads -> count the targets N of its grad_accum
// micro-batches -> forward + backward of each with dℓ = 1/N -> global grad norm (NaN/Inf stops the
// run) -> clip -> AdamW at lr·λ(k) -> V3 bias update. The step's rows come from a seeded
// permutation (data.h), so a resumed run sees exactly the batches an uninterrupted one would.
#include "arch/architecture.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "cpu/convert.h"
#include "train/checkpoint.h"
#include "train/data.h"
#include "train/modules.h"
#include "train/optimizer.h"
#include "train/peft_io.h"
#include "train/train_model.h"

#include <dsw/safetensors_writer.h>
#include <dsw/tokenizer.h>
#include <dsw/train.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <fstream>
#include <set>
#include <unistd.h>

namespace dsw {
namespace {

using namespace train;

uint64_t available_memory() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  uint64_t kb = 0;
  std::string unit;
  while (in >> key >> kb >> unit)
    if (key == "MemAvailable:") return kb * 1024;
  return 0;
}

uint64_t resident_memory() {
  std::ifstream in("/proc/self/statm");
  uint64_t pages = 0, rss = 0;
  in >> pages >> rss;
  return rss * uint64_t(::sysconf(_SC_PAGESIZE));
}

std::string human(uint64_t b) {
  char buf[32];
  if (b >= (uint64_t(1) << 30)) std::snprintf(buf, sizeof buf, "%.2f GiB", double(b) / double(uint64_t(1) << 30));
  else std::snprintf(buf, sizeof buf, "%.1f MiB", double(b) / double(uint64_t(1) << 20));
  return buf;
}

void validate(const TrainConfig& c) {
  if (c.steps < 1) fail_invalid("steps must be at least 1");
  if (c.micro_batch < 1 || c.micro_batch > 4096) fail_invalid("micro_batch must be in [1, 4096]");
  if (c.grad_accum < 1 || c.grad_accum > 4096) fail_invalid("grad_accum must be in [1, 4096]");
  if (!(c.optim.lr > 0) || !std::isfinite(c.optim.lr)) fail_invalid("the learning rate must be a positive number");
  if (!(c.optim.beta1 >= 0 && c.optim.beta1 < 1 && c.optim.beta2 >= 0 && c.optim.beta2 < 1)) fail_invalid("AdamW betas must be in [0, 1)");
  if (c.optim.warmup_steps < 0) fail_invalid("warmup_steps must not be negative");
  if (c.output_dir.empty()) fail_invalid("an output folder is needed");
  if (c.data.path.empty()) fail_invalid("a data file is needed");
  if (!(c.router_lr_scale > 0) || !std::isfinite(c.router_lr_scale)) fail_invalid("router_lr_scale must be a positive number");
  if (!(c.router_noise >= 0) || !std::isfinite(c.router_noise)) fail_invalid("router_noise must be a non-negative number");
  if (c.router_noise_steps < 0) fail_invalid("router_noise_steps must not be negative");
  if (c.moe_only && c.mode != TrainMode::full) fail_invalid("moe_only applies to full fine-tuning (mode full)");
}

// σ of the router-logit noise at optimizer step k: router_noise falling linearly to 0.
double router_noise_at(const TrainConfig& c, int64_t k) {
  if (c.router_noise <= 0) return 0;
  const int64_t span = c.router_noise_steps > 0 ? c.router_noise_steps : c.steps;
  return k >= span ? 0.0 : c.router_noise * (1.0 - double(k) / double(span));
}

double evaluate(TrainModel& m, const Dataset& d, int64_t micro_batch) {
  double sum = 0;
  int64_t n = 0;
  std::vector<int32_t> tokens, targets;
  for (size_t i = 0; i < d.eval.size(); i += size_t(micro_batch)) {
    std::vector<const Row*> rows;
    for (size_t j = i; j < std::min(d.eval.size(), i + size_t(micro_batch)); ++j) rows.push_back(&d.eval[j]);
    shift_targets(rows, tokens, targets);
    auto r = m.evaluate(tokens.data(), targets.data(), int64_t(rows.size()), d.seq_len);
    sum += r.loss_sum;
    n += r.targets;
  }
  return n > 0 ? sum / double(n) : std::nan("");
}

nlohmann::json report_json(const TrainStepReport& r) {
  nlohmann::json j{{"step", r.step}, {"loss", r.loss}, {"lr", r.lr}, {"grad_norm", r.grad_norm}, {"tokens", r.tokens},
                   {"tokens_per_s", r.tokens_per_s}, {"memory_bytes", r.memory_bytes}};
  if (r.eval_loss) j["eval_loss"] = *r.eval_loss;
  if (r.aux_loss != 0) j["aux_loss"] = r.aux_loss;
  return j;
}

void write_metrics(const std::filesystem::path& dir, const nlohmann::json& history) {
  std::string s;
  for (auto& h : history) s += h.dump() + "\n";
  AtomicFile f(dir / "metrics.jsonl");
  f.write(s);
  f.commit();
}

void save_full_model(const std::filesystem::path& dir, const ModelFiles& files, TrainModel& m, bool moe_only) {
  std::filesystem::create_directories(dir);
  std::vector<TensorToWrite> out;
  std::set<std::string> written;
  for (auto& p : m.params().all())
    if (p.trainable) {
      out.push_back({p.name, DType::f32, Shape(p.shape.begin(), p.shape.end()), {}, p.data.data()});
      written.insert(p.name);
    }
  int64_t l = 0;
  for (auto& L : m.layers()) {
    if (L.moe && !L.moe_w.score_bias.empty())
      out.push_back({"model.layers." + std::to_string(l) + ".mlp.gate.e_score_correction_bias", DType::f32,
                     Shape{int64_t(L.moe_w.score_bias.size())}, {}, L.moe_w.score_bias.data()});
    written.insert("model.layers." + std::to_string(l) + ".mlp.gate.e_score_correction_bias");
    ++l;
  }
  // moe_only: what stayed frozen is written as stored (widened to f32 like the trained tensors).
  std::deque<std::vector<float>> frozen;
  if (moe_only)
    for (auto& e : files.tensors.entries())
      if (!written.contains(e.name) && e.dtype && cpu::can_convert_to_f32(*e.dtype)) {
        frozen.push_back(load_vector_f32(files, e.name));
        out.push_back({e.name, DType::f32, e.shape, {}, frozen.back().data()});
      }
  throw_if_error(write_safetensors(dir / "model.safetensors", out, {{"format", "pt"}}));
  for (const char* name : {"config.json", "generation_config.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json",
                           "special_tokens_map.json"})
    if (regular_file_exists(files.folder / name))  // a FIFO or device named so is refused, not copied
      std::filesystem::copy_file(files.folder / name, dir / name, std::filesystem::copy_options::overwrite_existing);
}

}  // namespace

std::string MemoryEstimate::to_string() const {
  return human(total()) + " (weights " + human(weights) + ", trainable state " + human(trainable) + ", activations " +
         human(activations) + ", workspace " + human(workspace) + ")";
}

Result<MemoryEstimate> estimate_training_memory(const ModelFiles& files, const TrainConfig& c) {
  return guard([&] {
    const ModelConfig& mc = files.config;
    MemoryEstimate e;
    const int64_t B = c.micro_batch, S = c.data.seq_len, T = B * S, H = mc.hidden_size;
    int64_t trainable = 0, lora_linears = 0;
    if (c.mode == TrainMode::full) {
      trainable = int64_t(files.tensors.total_elements());
      e.weights = uint64_t(trainable) * 4;
    } else {
      AdapterAudit a = unwrap(plan_lora(mc, c.lora));
      trainable = a.trainable_parameters;
      e.weights = files.weight_bytes();
      lora_linears = a.adapted / std::max<int64_t>(1, mc.num_hidden_layers);
    }
    e.trainable = uint64_t(trainable) * 16;
    // QAT keeps an f32 Ŵ beside every quantised weight (counted as all of them: an upper bound).
    if (c.qat.bits != 0) e.weights += uint64_t(files.tensors.total_elements()) * 4;
    uint64_t layer_max = 0, all = 0;
    for (int64_t l = 0; l < mc.num_hidden_layers; ++l) {
      uint64_t f = 0;
      for (auto& row : activation_plan(mc, l, B, S, c.mode == TrainMode::lora ? c.lora.rank : 0, lora_linears)) f += uint64_t(row.floats);
      layer_max = std::max(layer_max, f * 4);
      all += f * 4;
    }
    e.activations = c.gradient_checkpointing ? uint64_t(mc.num_hidden_layers * T * H) * 4 + layer_max : all;
    const int threads = c.n_threads > 0 ? c.n_threads : hardware_threads();
    const uint64_t ce_chunk = uint64_t(std::min<int64_t>(T, 256)) * uint64_t(mc.vocab_size) * 4;
    e.workspace = ce_chunk + uint64_t(threads) * uint64_t(2 * S * S) * 4 + uint64_t(6 * T * H) * 4 + layer_max / 2;
    return e;
  });
}

Result<FinetuneResult> finetune(const TrainConfig& c, const JobContext& job, const TrainStepFn& on_step) {
  return guard([&] {
    validate(c);
    job.report({.phase = "prepare", .step = 0, .total = 3, .unit = "steps", .message = "opening the model"});
    ModelFiles files = unwrap(open_model(c.model));
    if (!files.tokenizer_path) fail_invalid(c.model.string() + ": no tokenizer found beside the model");
    auto tok = unwrap(load_model_tokenizer(*files.tokenizer_path));
    const ChatFamily family = c.data.chat_family ? *c.data.chat_family : detect_chat_family(tok->chat_template());
    job.report({.phase = "prepare", .step = 1, .total = 3, .unit = "steps", .message = "tokenizing the data"});
    Dataset data = build_dataset(c.data, *tok, family);
    throw_if_error(job.check());

    FinetuneResult res;
    res.memory = unwrap(estimate_training_memory(files, [&] {
      TrainConfig e = c;
      e.data.seq_len = data.seq_len;
      return e;
    }()));
    const uint64_t limit = c.memory_limit_bytes ? c.memory_limit_bytes : available_memory();
    if (limit > 0 && res.memory.total() > limit)
      fail(StatusCode::out_of_memory, "this run needs about " + res.memory.to_string() + " but only " + human(limit) +
                                          " are available; lower micro_batch or seq_len, or turn on gradient checkpointing");

    job.report({.phase = "prepare", .step = 2, .total = 3, .unit = "steps", .message = "preparing the weights"});
    ModelSetup setup{c.mode, c.lora, c.gradient_checkpointing, c.moe_aux_loss_alpha, c.moe_seq_aux, c.seed};
    setup.qat = c.qat;
    setup.router_lr_scale = c.router_lr_scale;
    setup.moe_only = c.moe_only;
    TrainModel model(files, setup, c.n_threads);
    res.audit = model.audit();
    AdamW opt(c.optim);
    std::filesystem::create_directories(c.output_dir);
    remove_stale_files(c.output_dir);
    CheckpointState state;
    if (c.resume) {
      if (auto s = load_latest_checkpoint(c.output_dir, model, opt)) state = *s;
      model.after_update();
    }
    {
      AtomicFile f(c.output_dir / "run.json");
      nlohmann::json run{{"config", nlohmann::json::parse(train_config_to_json(c))}, {"audit", res.audit.summary()},
                         {"train_rows", data.train.size()}, {"eval_rows", data.eval.size()}, {"seq_len", data.seq_len},
                         {"rows_dropped_by_truncation", data.dropped},
                         {"chat_template", std::string(chat_family_name(family))}, {"memory_estimate", res.memory.to_string()}};
      f.write(run.dump(1) + "\n");
      f.commit();
    }
    const int64_t L = model.config().num_hidden_layers;
    int64_t tokens_done = 0;
    if (!state.history.empty()) tokens_done = state.history.back().value("tokens", int64_t(0));
    auto checkpoint = [&](int64_t step) {
      state.step = step;
      res.checkpoint_dir = save_checkpoint(c.output_dir, state, model, opt, c.keep_checkpoints);
      write_metrics(c.output_dir, state.history);
    };
    if (state.history.empty() && !data.eval.empty()) {
      res.first_eval_loss = evaluate(model, data, c.micro_batch);
      state.history.push_back({{"step", 0}, {"eval_loss", *res.first_eval_loss}});
    } else if (!state.history.empty() && state.history[0].contains("eval_loss")) {
      res.first_eval_loss = state.history[0]["eval_loss"].get<double>();
    }

    std::vector<int32_t> tokens, targets;
    for (int64_t k = state.step; k < c.steps; ++k) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::mt19937_64 rng_at_start = model.rng();  // a cancelled step is replayed with the same dropout masks
      model.params().zero_grad();
      model.set_router_noise(router_noise_at(c, k));
      const auto micro = step_rows(int64_t(data.train.size()), k, c.micro_batch, c.grad_accum, c.seed);
      int64_t N = 0;
      for (auto& mb : micro)
        for (int64_t r : mb) {
          const Row& row = data.train[size_t(r)];
          for (size_t t = 0; t < row.labels.size(); ++t)
            if (c.count_unshifted_targets ? row.labels[t] != -100 : (t > 0 && row.labels[t] != -100)) N++;
        }
      if (N == 0) continue;  // nothing to learn from (training.md §1.2: skip the step)
      double loss_sum = 0, aux = 0;
      int64_t step_tokens = 0;
      for (auto& mb : micro) {
        if (job.cancelled()) {
          model.rng() = rng_at_start;
          checkpoint(k);
          fail_cancelled("training cancelled at step " + std::to_string(k) + "; checkpoint written");
        }
        std::vector<const Row*> rows;
        for (int64_t r : mb) rows.push_back(&data.train[size_t(r)]);
        shift_targets(rows, tokens, targets);
        auto r = model.forward_backward(tokens.data(), targets.data(), int64_t(rows.size()), data.seq_len, 1.0 / double(N));
        loss_sum += r.loss_sum;
        aux += r.aux_loss;
        step_tokens += int64_t(tokens.size());
      }
      model.mask_qat_gradients();  // QAT's straight-through estimator, before the norm and clipping
      GradNorms norms = grad_norms(model.params(), L);
      if (!std::isfinite(loss_sum) || !std::isfinite(norms.total))
        fail_invalid("training diverged: non-finite " + std::string(std::isfinite(loss_sum) ? "gradient norm" : "loss") + " at step " +
                     std::to_string(k + 1) + "; nothing was updated (lower the learning rate, or resume from the last checkpoint)");
      clip_gradients(model.params(), norms.total, c.optim.max_grad_norm);
      const double lr = c.optim.lr * lr_factor(c.optim, k, c.steps);
      opt.step(model.params(), lr);
      model.after_update();
      model.update_score_bias(c.v3_bias_update_rate);
      tokens_done += step_tokens;

      TrainStepReport rep;
      rep.step = k + 1;
      rep.total_steps = c.steps;
      rep.loss = loss_sum / double(N);
      rep.aux_loss = aux;
      rep.lr = lr;
      rep.grad_norm = norms.total;
      rep.layer_grad_norm = norms.per_layer;
      rep.tokens = tokens_done;
      rep.tokens_per_s = double(step_tokens) / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      rep.memory_bytes = resident_memory();
      for (auto& counts : model.expert_counts()) {
        int64_t tot = 0;
        for (auto v : counts) tot += v;
        std::vector<float> share;
        for (auto v : counts) share.push_back(tot ? float(double(v) / double(tot)) : 0.0f);
        rep.expert_load.push_back(std::move(share));
      }
      const bool last = k + 1 == c.steps;
      if (!data.eval.empty() && (last || (c.eval_every > 0 && (k + 1) % c.eval_every == 0))) rep.eval_loss = evaluate(model, data, c.micro_batch);
      state.history.push_back(report_json(rep));
      res.final_loss = rep.loss;
      if (rep.eval_loss) res.final_eval_loss = rep.eval_loss;
      if (last || (c.checkpoint_every > 0 && (k + 1) % c.checkpoint_every == 0)) {
        checkpoint(k + 1);
        rep.checkpointed = true;
      } else if (c.log_every > 0 && (k + 1) % c.log_every == 0) {
        write_metrics(c.output_dir, state.history);
      }
      if (on_step) on_step(rep);
      const Metric metrics[] = {{"loss", rep.loss}, {"lr", rep.lr}, {"grad_norm", rep.grad_norm},
                                {"tokens_per_s", rep.tokens_per_s}, {"memory_bytes", double(rep.memory_bytes)}};
      if (!job.report({.phase = "train", .step = k + 1, .total = c.steps, .unit = "steps", .metrics = metrics}) && !last) {
        if (!rep.checkpointed) checkpoint(k + 1);
        fail_cancelled("training cancelled after step " + std::to_string(k + 1) + "; checkpoint written");
      }
      res.steps_done = k + 1;
    }
    res.steps_done = c.steps;
    if (!state.history.empty()) {
      for (auto it = state.history.rbegin(); it != state.history.rend(); ++it)
        if (it->contains("loss")) {
          res.final_loss = (*it)["loss"].get<double>();
          break;
        }
      if (state.history.back().contains("eval_loss")) res.final_eval_loss = state.history.back()["eval_loss"].get<double>();
    }
    if (c.mode == TrainMode::lora) {
      res.adapter_dir = c.output_dir / "adapter";
      save_peft_adapter(res.adapter_dir, model.params(), model.config(), c.lora, std::filesystem::absolute(c.model).string(),
                        c.save_fused_experts);
    } else {
      res.adapter_dir = c.output_dir / "model";
      save_full_model(res.adapter_dir, files, model, c.moe_only);
    }
    if (res.checkpoint_dir.empty()) {
      auto all = list_checkpoints(c.output_dir);
      if (!all.empty()) res.checkpoint_dir = all.back();
    }
    job.report({.phase = "done", .step = c.steps, .total = c.steps, .unit = "steps"});
    return res;
  });
}

}  // namespace dsw
