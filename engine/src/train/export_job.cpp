// export_training_job / read_exported_run: hand a run to torchrun + transformers + PEFT and bring
// its metrics back (see dsw/train.h).
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json_strict.h"
#include "train/data.h"
#include "train/peft_io.h"
#include "train/train_model.h"

#include <dsw/tokenizer.h>
#include <dsw/train.h>

#include <nlohmann/json.hpp>

#include <sys/stat.h>

namespace dsw {
namespace {

void write_file(const std::filesystem::path& p, const std::string& text) {
  AtomicFile f(p);
  f.write(text);
  f.commit();
}

// The training script. Rows come in dsw's order (data/order.json flattened), the LoRA starts from
// dsw's initial weights, and AdamW / schedule / clipping / accumulation are the Trainer's own.
const char* kTrainPy = R"PY(#!/usr/bin/env python3
# Repeats a DeepSeek Workbench fine-tuning run with torchrun + transformers Trainer + PEFT.
# Written by `dsw-cli finetune --export-job`; see README.md. Tested with torch 2.15, transformers 5.23,
# peft 0.21 (pip install torch==2.15.0 transformers==5.23.0 peft==0.21.2).
import argparse
import json
import os

import torch
from torch.utils.data import Dataset, SequentialSampler
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

HERE = os.path.dirname(os.path.abspath(__file__))


class Rows(Dataset):
    """The exact token rows dsw trained on (labels -100 where not scored)."""

    def __init__(self, path, order=None):
        with open(path) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        self.rows = [rows[i] for i in order] if order is not None else rows

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        r = self.rows[i]
        ids = torch.tensor(r["input_ids"], dtype=torch.long)
        return {"input_ids": ids, "labels": torch.tensor(r["labels"], dtype=torch.long),
                "attention_mask": torch.ones_like(ids)}


class InOrderTrainer(Trainer):
    def _get_train_sampler(self, *args, **kwargs):
        return SequentialSampler(self.train_dataset)  # rows are already in dsw's step order


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", help="base model folder (default: the path dsw trained)")
    ap.add_argument("--deepspeed", help="DeepSpeed config, e.g. ds_zero3.json")
    ap.add_argument("--fsdp", action="store_true", help="use fsdp_config.json")
    ap.add_argument("--output", default=os.path.join(HERE, "output"))
    ap.add_argument("--max-steps", type=int, help="stop early (smoke tests)")
    args = ap.parse_args()
    with open(os.path.join(HERE, "job.json")) as f:
        job = json.load(f)
    cfg = job["config"]
    opt = cfg["optimizer"]
    with open(os.path.join(HERE, "data", "order.json")) as f:
        order = [r for step in json.load(f) for micro in step for r in micro]
    train = Rows(os.path.join(HERE, "data", "train.jsonl"), order)
    evalset = Rows(os.path.join(HERE, "data", "eval.jsonl"))
    torch.manual_seed(cfg["seed"])
    model = AutoModelForCausalLM.from_pretrained(args.model or cfg["model"], dtype=torch.float32,
                                                 attn_implementation="eager")
    if cfg["mode"] == "lora":
        import peft.utils.transformers_weight_conversion as conv
        from peft import PeftModel
        # PEFT 0.21 moves every gate_proj/up_proj/down_proj target of a transformers-5 MoE model to the
        # fused experts, dropping dense-MLP and shared-expert adapters; the adapter states its targets exactly.
        conv.convert_peft_config_for_transformers = lambda *a, **k: None
        model = PeftModel.from_pretrained(model, os.path.join(HERE, "init_adapter"), is_trainable=True)
    schedule = {"cosine": "cosine", "linear": "linear", "constant": "constant_with_warmup"}[opt["schedule"]]
    targs = TrainingArguments(
        output_dir=args.output, max_steps=args.max_steps or cfg["steps"], per_device_train_batch_size=cfg["micro_batch"],
        gradient_accumulation_steps=cfg["grad_accum"], learning_rate=opt["lr"], lr_scheduler_type=schedule,
        warmup_steps=opt["warmup_steps"], weight_decay=opt["weight_decay"], adam_beta1=opt["beta1"],
        adam_beta2=opt["beta2"], adam_epsilon=opt["eps"], max_grad_norm=opt["max_grad_norm"] if opt["max_grad_norm"] > 0 else 0.0,
        optim="adamw_torch", logging_steps=max(1, cfg["log_every"]), seed=cfg["seed"], data_seed=cfg["seed"],
        save_strategy="steps" if cfg["checkpoint_every"] > 0 else "no", save_steps=max(1, cfg["checkpoint_every"]),
        eval_strategy="steps" if cfg["eval_every"] > 0 and len(evalset) else "no", eval_steps=max(1, cfg["eval_every"]),
        per_device_eval_batch_size=cfg["micro_batch"], report_to=[], remove_unused_columns=False,
        dataloader_drop_last=False, gradient_checkpointing=cfg["gradient_checkpointing"],
        deepspeed=args.deepspeed, fsdp="full_shard auto_wrap" if args.fsdp else "",
        fsdp_config=os.path.join(HERE, "fsdp_config.json") if args.fsdp else None,
        use_cpu=not torch.cuda.is_available())
    trainer = InOrderTrainer(model=model, args=targs, train_dataset=train, eval_dataset=evalset if len(evalset) else None)
    trainer.train()
    if len(evalset):
        trainer.evaluate()
    trainer.save_model(os.path.join(args.output, "adapter" if cfg["mode"] == "lora" else "model"))
    trainer.state.save_to_json(os.path.join(args.output, "trainer_state.json"))


if __name__ == "__main__":
    main()
)PY";

const char* kLaunch = R"SH(#!/bin/sh
# One machine, N processes (CPU or GPUs): ./launch.sh [N] [extra train.py arguments]
# DeepSpeed ZeRO-3: ./launch.sh 8 --deepspeed ds_zero3.json     FSDP: ./launch.sh 8 --fsdp
# Several machines: torchrun --nnodes M --node_rank R --rdzv_endpoint HOST:PORT --nproc_per_node N train.py ...
set -e
cd "$(dirname "$0")"
N=${1:-1}
[ $# -gt 0 ] && shift
exec torchrun --standalone --nproc_per_node "$N" train.py "$@"
)SH";

const char* kDeepSpeed = R"({
  "zero_optimization": {"stage": 3, "overlap_comm": true, "contiguous_gradients": true,
                        "stage3_gather_16bit_weights_on_model_save": true},
  "gradient_accumulation_steps": "auto",
  "gradient_clipping": "auto",
  "train_micro_batch_size_per_gpu": "auto",
  "train_batch_size": "auto",
  "bf16": {"enabled": "auto"},
  "fp16": {"enabled": "auto"}
}
)";

const char* kFsdp = R"({
  "fsdp_auto_wrap_policy": "TRANSFORMER_BASED_WRAP",
  "fsdp_backward_prefetch": "BACKWARD_PRE",
  "fsdp_state_dict_type": "FULL_STATE_DICT",
  "fsdp_use_orig_params": true,
  "fsdp_cpu_ram_efficient_loading": true,
  "fsdp_sync_module_states": true
}
)";

}  // namespace

Status export_training_job(const TrainConfig& c, const std::filesystem::path& dir, const JobContext& job) {
  return guard([&] {
    ModelFiles files = unwrap(open_model(c.model));
    if (!files.tokenizer_path) fail_invalid(c.model.string() + ": no tokenizer found beside the model");
    auto tok = unwrap(load_model_tokenizer(*files.tokenizer_path));
    const ChatFamily family = c.data.chat_family ? *c.data.chat_family : detect_chat_family(tok->chat_template());
    train::Dataset data = train::build_dataset(c.data, *tok, family);
    std::filesystem::create_directories(dir / "data");
    auto rows_jsonl = [](const std::vector<train::Row>& rows) {
      std::string s;
      for (auto& r : rows) s += nlohmann::json{{"input_ids", r.tokens}, {"labels", r.labels}}.dump() + "\n";
      return s;
    };
    write_file(dir / "data" / "train.jsonl", rows_jsonl(data.train));
    write_file(dir / "data" / "eval.jsonl", rows_jsonl(data.eval));
    nlohmann::json order = nlohmann::json::array();
    for (int64_t k = 0; k < c.steps; ++k) order.push_back(train::step_rows(int64_t(data.train.size()), k, c.micro_batch, c.grad_accum, c.seed));
    write_file(dir / "data" / "order.json", order.dump() + "\n");
    TrainConfig abs = c;
    abs.model = std::filesystem::absolute(c.model);
    abs.data.path = std::filesystem::absolute(c.data.path);
    nlohmann::json jobj{{"config", nlohmann::json::parse(train_config_to_json(abs))},
                        {"chat_template", std::string(chat_family_name(family))},
                        {"seq_len", data.seq_len},
                        {"train_rows", data.train.size()},
                        {"eval_rows", data.eval.size()}};
    write_file(dir / "job.json", jobj.dump(2) + "\n");
    if (c.mode == TrainMode::lora) {
      train::ModelSetup setup{c.mode, c.lora, false, 0.0, true, c.seed};
      train::TrainModel model(files, setup, 1);
      train::save_peft_adapter(dir / "init_adapter", model.params(), model.config(), c.lora, abs.model.string(),
                               model.config().n_routed_experts > 0);
    }
    write_file(dir / "train.py", kTrainPy);
    write_file(dir / "launch.sh", kLaunch);
    ::chmod((dir / "launch.sh").c_str(), 0755);
    write_file(dir / "ds_zero3.json", kDeepSpeed);
    write_file(dir / "fsdp_config.json", kFsdp);
    write_file(dir / "README.md",
               "# Exported fine-tuning job\n\n"
               "Repeats a DeepSeek Workbench run with torchrun + transformers `Trainer` + PEFT: the same token rows "
               "(`data/`, rendered with the `" + std::string(chat_family_name(family)) + "` template, labels -100 where not scored), "
               "the same row order per optimizer step (`data/order.json`), the same initial LoRA weights (`init_adapter/`), "
               "targets, rank, alpha, optimizer, schedule, clipping, accumulation and seed (`job.json`).\n\n"
               "```\npip install torch==2.15.0 transformers==5.23.0 peft==0.21.2   # + deepspeed for ZeRO-3\n"
               "./launch.sh 1                              # one process (CPU or one GPU)\n"
               "./launch.sh 8 --deepspeed ds_zero3.json    # DeepSpeed ZeRO-3 on 8 GPUs\n"
               "./launch.sh 8 --fsdp                       # FSDP full shard\n"
               "dsw-cli import-run .                       # metrics + adapter back into the workbench store\n```\n\n"
               "With N processes each micro-batch's rows are split across ranks; divide `micro_batch` in job.json by N "
               "to keep the global batch. Outputs: `output/trainer_state.json`, `output/adapter/` (or `output/model/`).\n");
    (void)job;
  });
}

Result<ImportedRun> read_exported_run(const std::filesystem::path& dir) {
  return guard([&] {
    ImportedRun run;
    const auto state = dir / "output" / "trainer_state.json";
    if (!regular_file_exists(state)) fail_io(state.string() + ": no trainer_state.json (has the exported job run?)");
    auto js = read_json_file(state, InputKind::train_state);
    if (!js.contains("log_history") || !js["log_history"].is_array()) fail_invalid(state.string() + ": no log_history list");
    if (regular_file_exists(dir / "job.json")) run.config_json = read_json_file(dir / "job.json", InputKind::run_config).dump();
    int64_t total = js.value("max_steps", int64_t(0));
    for (auto& e : js["log_history"]) {
      if (!e.is_object() || !e.contains("step")) continue;
      TrainStepReport r;
      r.step = e["step"].get<int64_t>();
      r.total_steps = total;
      if (e.contains("loss")) r.loss = e["loss"].get<double>();
      else if (!e.contains("eval_loss")) continue;  // the final train summary
      if (e.contains("learning_rate")) r.lr = e["learning_rate"].get<double>();
      if (e.contains("grad_norm")) r.grad_norm = e["grad_norm"].get<double>();
      if (e.contains("eval_loss")) r.eval_loss = e["eval_loss"].get<double>();
      if (!e.contains("loss") && !run.history.empty() && run.history.back().step == r.step) {
        run.history.back().eval_loss = r.eval_loss;
        continue;
      }
      run.history.push_back(r);
    }
    for (const char* sub : {"adapter", "model"})
      if (std::filesystem::exists(dir / "output" / sub)) run.adapter_dir = dir / "output" / sub;
    return run;
  });
}

}  // namespace dsw
