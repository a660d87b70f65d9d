// Training: LoRA and full fine-tuning of the five architectures on the CPU, PEFT adapter files,
// checkpoints that survive, and the numbers a trainer watches (training.md is the reference for
// every formula; the gradients match PyTorch autograd on the transformers forward).
//
// The unit of work is finetune(): it opens a model, builds the data, plans LoRA targets (or makes
// every weight trainable), estimates memory and refuses a run that cannot fit, then runs optimizer
// steps, reporting a TrainStepReport after each one to `on_step` and a ProgressEvent (phase
// "train", unit "steps", metrics loss / lr / grad_norm / tokens_per_s / memory_bytes) to the
// JobContext. Cancelling writes a checkpoint first and returns StatusCode::cancelled; resume = run
// the same config again with `resume` set and the same output folder. Everything written goes
// through temp file + fsync + rename, so a kill at any moment leaves the previous checkpoint
// intact and loadable.
//
// A GUI drives it from a worker thread: on_step is called on the job's thread with a plain struct
// (copy it into a queued signal); the cancel flag in the JobContext stops it between micro-batches.
#pragma once

#include <dsw/adapter.h>
#include <dsw/bench_schema.h>
#include <dsw/chat_template.h>
#include <dsw/job.h>
#include <dsw/model_config.h>
#include <dsw/model_files.h>
#include <dsw/status.h>
#include <dsw/tokenizer.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dsw {

// ---- what trains ----------------------------------------------------------------------------

enum class TrainMode { lora, full };

// Where the LoRA A/B pairs go. A module is targeted when its Hugging Face name (without ".weight",
// e.g. "model.layers.3.mlp.experts.7.up_proj") matches one entry of `target_modules`:
//  - "q_proj"             the name equals it or ends with ".q_proj" (PEFT's list rule);
//  - "re:<regex>"         the regex matches the whole name (PEFT's string rule);
//  - "all-linear"         every Linear of the decoder layers (never lm_head, never the router).
// Names of MLA projections (q_a_proj, q_b_proj, kv_a_proj_with_mqa, kv_b_proj), dense MLP,
// shared experts (mlp.shared_experts.*) and routed experts (mlp.experts.E.*, one adapter per
// expert) all follow the checkpoint's names. The router (mlp.gate) is only adapted when
// `target_router` is set, whatever the patterns say.
struct LoraConfig {
  std::vector<std::string> target_modules{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
  std::vector<std::string> exclude_modules;  // same rules; wins over target_modules
  bool target_router = false;
  int64_t rank = 8;
  double alpha = 16;
  bool use_rslora = false;  // scale alpha / sqrt(rank) instead of alpha / rank
  double dropout = 0.0;     // on the adapter's input only (PEFT)
  // A ~ U(-1/sqrt(in), 1/sqrt(in)), B = 0 (PEFT default) | A ~ N(0, 1/r²), B = 0 (gaussian) |
  // both random non-zero (`random`: test fixtures, so dA is not identically zero on step one).
  enum class Init { kaiming, gaussian, random } init = Init::kaiming;
};

// ---- optimisation -----------------------------------------------------------------------------

enum class LrSchedule { constant, linear, cosine };

// torch.optim.AdamW with transformers' LambdaLR schedules (warm-up then decay; step k uses λ(k)).
struct OptimizerConfig {
  double lr = 2e-4;
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double weight_decay = 0.0;  // decoupled; not applied to norm weights and biases (HF Trainer's groups)
  LrSchedule schedule = LrSchedule::cosine;
  int64_t warmup_steps = 0;
  double max_grad_norm = 1.0;  // global-norm clipping; <= 0 disables
};

// ---- quantisation-aware training (training.md §13) ----------------------------------------------

// QAT: the Linears `dsw-cli quantize --method rtn --bits B --group G` would quantise run on their
// fake-quantised weights (that exact quantiser; the head at Q8_0, routers kept), gradients pass by
// the straight-through estimator. Full fine-tuning trains the f32 masters; the RTN export of the
// result stores what was trained. With LoRA the frozen base is quantised once and the adapter stays
// full precision (use it unmerged over the quantised base).
struct QatConfig {
  int bits = 0;        // 0: off; 4 (Q4_0 blocks) or 8 (Q8_0)
  int64_t group = 32;  // 32, 64, 128 or 0 (per channel), as dsw-cli quantize --group
};

// ---- data -------------------------------------------------------------------------------------

enum class DataFormat {
  text,             // plain text (.txt, or JSONL with `text_field`): tokenized and packed into rows of seq_len
  prompt_response,  // JSONL {prompt_field, response_field}: rendered as a one-turn chat, prompt masked
  chat,             // JSONL {messages_field: [{role, content}, ...]}: assistant turns scored, the rest masked
};

struct DataConfig {
  std::filesystem::path path;
  DataFormat format = DataFormat::text;
  std::string text_field = "text";
  std::string prompt_field = "question";  // GSM8K's names
  std::string response_field = "answer";
  std::string messages_field = "messages";
  // Chat rendering: the model tokenizer's template unless `chat_family` names one.
  std::optional<ChatFamily> chat_family;
  int64_t seq_len = 256;        // tokens per row (longer examples are truncated, shorter padded)
  int64_t max_examples = 0;     // 0: all
  double eval_fraction = 0.05;  // share of examples held out for eval (split before shuffling, seeded)
  int64_t eval_max_rows = 64;
};

// ---- a run --------------------------------------------------------------------------------------

struct TrainConfig {
  std::filesystem::path model;       // model folder (HF safetensors, or anything open_model reads)
  std::filesystem::path output_dir;  // checkpoints/, adapter/ (or model/ for full FT), run.json, metrics.jsonl
  TrainMode mode = TrainMode::lora;
  LoraConfig lora;
  OptimizerConfig optim;
  DataConfig data;
  QatConfig qat;

  int64_t steps = 100;           // optimizer steps
  int64_t micro_batch = 4;       // rows per micro-batch
  int64_t grad_accum = 1;        // micro-batches per optimizer step (loss normalised by all their targets)
  uint64_t seed = 42;            // data order, LoRA init, dropout
  bool gradient_checkpointing = false;  // keep each layer's input only; recompute the layer in backward

  // MoE options (off by default: fine-tuning usually keeps routing as it is).
  double moe_aux_loss_alpha = 0.0;  // DeepSeekMoE expert-level balance loss (softmax routers)
  bool moe_seq_aux = true;          // per-sequence statistics (DeepSeek's seq_aux)
  double v3_bias_update_rate = 0.0; // V3 e_score_correction_bias += γ·sign(mean − load) after each step
  // Making upcycled experts specialise (docs/versions.md, "Sharpening the experts"):
  // the routers' weights (mlp.gate, or their LoRA pair with target_router) learn at lr × this — an
  // AdamW parameter group of their own, the rest of the model at lr;
  double router_lr_scale = 1.0;
  // full fine-tuning trains only the MoE layers' routers and experts (routed and shared): attention,
  // norms, embeddings, head and dense MLPs stay as stored (and are written unchanged with the model);
  bool moe_only = false;
  // N(0, σ²) added to the router logits in training forwards (never in eval or inference), σ falling
  // linearly from router_noise to 0 over the first router_noise_steps steps (0: the whole run).
  double router_noise = 0.0;
  int64_t router_noise_steps = 0;

  int64_t log_every = 1;
  int64_t eval_every = 0;        // 0: only at the end
  int64_t checkpoint_every = 0;  // 0: only at the end (and on cancel)
  int64_t keep_checkpoints = 2;  // newest N kept
  bool resume = false;           // continue from the newest checkpoint in output_dir
  int n_threads = 0;             // <= 0: all hardware threads
  uint64_t memory_limit_bytes = 0;  // 0: the machine's available memory
  // HF counts loss targets on unshifted labels before transformers PR #46204 (training.md §1.2):
  // the denominator of the loss. Shifted is exact; unshifted reproduces older transformers.
  bool count_unshifted_targets = false;
  // PEFT file layout for routed experts: one key per expert (canonical), or transformers v5's
  // fused `mlp.experts` parameters (target_parameters).
  bool save_fused_experts = false;
};

// ---- what a run reports ---------------------------------------------------------------------------

struct TrainStepReport {
  int64_t step = 0, total_steps = 0;    // optimizer steps done / planned
  double loss = 0;                      // mean CE over the step's targets (aux losses excluded)
  double aux_loss = 0;                  // MoE balance loss, when enabled
  std::optional<double> eval_loss;      // when an eval ran after this step
  double lr = 0;
  double grad_norm = 0;                 // global L2 norm before clipping
  std::vector<double> layer_grad_norm;  // per decoder layer (trainable parameters of that layer)
  double tokens_per_s = 0;              // trained tokens (targets and context) per second, this step
  int64_t tokens = 0;                   // tokens processed so far
  uint64_t memory_bytes = 0;            // resident memory of the process after the step
  // MoE: per MoE layer, the share of routed assignments each expert received in this step.
  std::vector<std::vector<float>> expert_load;
  bool checkpointed = false;
};

// One targeted (or deliberately untargeted) module in the "adapter applied?" audit.
struct AdapterAuditEntry {
  std::string module;  // HF name, e.g. "model.layers.1.mlp.experts.3.down_proj"
  std::string kind;    // "attention", "mlp", "shared_expert", "expert", "router"
  int64_t in_features = 0, out_features = 0;
  int64_t rank = 0;    // 0: not adapted
};

struct AdapterAudit {
  std::vector<AdapterAuditEntry> modules;  // every Linear of the decoder layers
  int64_t adapted = 0, linear_total = 0;
  int64_t experts_adapted = 0, experts_total = 0;  // routed-expert Linears
  int64_t trainable_parameters = 0;
  std::vector<std::string> unmatched_patterns;  // patterns that hit nothing (a warning)
  // "24/28 Linear modules adapted (attention 12/12, mlp 6/6, experts adapted 48/48, router 0/2)"
  std::string summary() const;
};

// Which modules a LoRA config hits in a model of this shape, without loading weights.
Result<AdapterAudit> plan_lora(const ModelConfig& config, const LoraConfig& lora);

struct MemoryEstimate {
  uint64_t weights = 0;       // base weights resident (mapped f32/bf16... and any f32 copies)
  uint64_t trainable = 0;     // trainable parameters + gradients + AdamW m, v (16 B/param)
  uint64_t activations = 0;   // saved activations of one micro-batch (with checkpointing if set)
  uint64_t workspace = 0;     // logits chunk, attention scores, per-thread scratch
  uint64_t total() const noexcept { return weights + trainable + activations + workspace; }
  std::string to_string() const;  // "3.1 GiB (weights 2.5, trainable 0.2, activations 0.3, workspace 0.1)"
};

Result<MemoryEstimate> estimate_training_memory(const ModelFiles& model, const TrainConfig& config);

// ---- the data as the run will see it ---------------------------------------------------------------

// One token of a rendered row: its text (UTF-8, lossy) and whether the loss scores it (false for
// the prompt, the template's markers and padding: label -100).
struct DataPreviewToken {
  int32_t id = 0;
  std::string text;
  bool scored = false;
};

struct DataPreviewRow {
  std::vector<DataPreviewToken> tokens;  // trailing padding left out
  int64_t scored = 0;                     // tokens the loss scores
  bool eval = false;                      // from the eval split
};

struct DataPreview {
  int64_t examples = 0;         // examples read (before packing and the split)
  int64_t train_rows = 0, eval_rows = 0;
  int64_t dropped = 0;          // rows whose response truncation cut away
  int64_t seq_len = 0;          // tokens per row
  int64_t scored_tokens = 0;    // scored tokens over all training rows
  std::string chat_template;    // the chat family rows were rendered with ("deepseek_v3", "plain", ...)
  std::vector<DataPreviewRow> rows;  // the first training rows, then the first eval rows
};

// Builds the run's data exactly as finetune() will (same tokenizer, template, masking, packing and
// split) and returns the counts and the first `train_rows` training and `eval_rows` eval rows.
Result<DataPreview> preview_training_data(const TrainConfig& config, int64_t train_rows = 6, int64_t eval_rows = 2);

// The metrics a run wrote so far (output_dir/metrics.jsonl): one report per logged step, with the
// eval loss before training as step 0 when it was measured. Empty when the run has none yet.
Result<std::vector<TrainStepReport>> read_run_metrics(const std::filesystem::path& output_dir);

struct FinetuneResult {
  int64_t steps_done = 0;
  double final_loss = 0;
  std::optional<double> first_eval_loss, final_eval_loss;
  std::filesystem::path adapter_dir;  // PEFT folder (LoRA) or model folder (full FT)
  std::filesystem::path checkpoint_dir;
  AdapterAudit audit;
  MemoryEstimate memory;
};

using TrainStepFn = std::function<void(const TrainStepReport&)>;

// Runs (or resumes) a fine-tuning job. Errors: invalid_input (config, data, adapter; and "training
// diverged: non-finite loss/gradient norm at step N" when NaN or Inf appears — nothing is updated by
// that step), out_of_memory (refused before starting, message with the estimate), cancelled
// (after writing a checkpoint of the last completed step).
Result<FinetuneResult> finetune(const TrainConfig& config, const JobContext& job = no_job(), const TrainStepFn& on_step = {});

// TrainConfig <-> JSON (dsw-cli finetune --config FILE, run.json). Unknown keys are errors naming
// the key; missing keys keep their defaults.
Result<TrainConfig> train_config_from_json(std::string_view json, std::string_view name);
// The same keys as a YAML document (a strict subset: block mappings and sequences, flow sequences,
// one-line scalars, comments; anchors, aliases, tags, duplicate keys, multiple documents refused
// with "<name>:<line>: ..."), converted to the JSON value above and checked by the same validator.
Result<TrainConfig> train_config_from_yaml(std::string_view yaml, std::string_view name);
// Either from a file (.yaml/.yml as YAML, anything else as JSON), read the engine's one way (regular
// files only, size-capped); errors name it.
Result<TrainConfig> train_config_from_file(const std::filesystem::path& path);
std::string train_config_to_json(const TrainConfig& config);

// ---- adapter files --------------------------------------------------------------------------------

// A PEFT LoRA adapter read from a folder (adapter_config.json + adapter_model.safetensors) and
// checked against a model: every key maps to a Linear of the model, shapes agree with the rank,
// values are finite. Routed experts may come per expert or fused (transformers v5, PEFT >= 0.19.1).
struct LoraTensor {
  std::string module;          // HF module name ("model.layers.0.self_attn.q_proj")
  int64_t rank = 0;
  double scale = 1;            // alpha / rank (or rsLoRA)
  std::vector<float> a;        // [rank, in]
  std::vector<float> b;        // [out, rank]
  int64_t in_features = 0, out_features = 0;
};

struct LoadedAdapter {
  std::vector<LoraTensor> tensors;
  AdapterAudit audit;
  std::string base_model;  // base_model_name_or_path from adapter_config.json
};

Result<LoadedAdapter> load_peft_adapter(const ModelFiles& model, const std::filesystem::path& adapter_dir);

// The adapter as an AdapterSet for attach_adapters (dsw/adapter.h): a loaded Model with it opens in
// the Playground, Benchmarks and Inspect beside its base.
std::shared_ptr<AdapterSet> make_adapter_set(const LoadedAdapter& adapter, std::string name);

// Logits [T, V] of one sequence through the model with `adapter` applied (null: the base model).
// Runs the training forward (identical to inference); the inference Session carries adapters
// through the Linear seam.
// With `qat` (bits 4 or 8) the Linears run fake-quantised, as a QAT run trains them.
Result<std::vector<float>> forward_logits(const ModelFiles& model, const LoadedAdapter* adapter, const std::vector<int32_t>& ids,
                                          int n_threads = 0, const QatConfig& qat = {});

// The perplexity suite on the eval split of a fine-tuning run (run_dir holds its run.json): the
// same rows the run evaluated (same template, prompt tokens masked) scored through `model` on the
// inference path — the base model, or the model with the run's adapter attached, so the two rows
// compare like for like. A "perplexity" BenchRow (perplexity, mean_nll, eval_file "<data> (eval
// split)", notes with the run and the counts). Progress phase "eval-split", unit "rows".
Result<BenchRow> run_eval_split_bench(const std::shared_ptr<Model>& model, const Tokenizer& tokenizer,
                                      const std::filesystem::path& run_dir, const JobContext& job = no_job());

// Writes base + adapter as a new model folder (config, tokenizer files, model.safetensors with
// W' = W + s·B·A in the base dtype) that transformers and dsw load.
Status merge_adapter(const std::filesystem::path& model, const std::filesystem::path& adapter_dir,
                     const std::filesystem::path& out_dir, const JobContext& job = no_job());

// ---- beyond one machine ----------------------------------------------------------------------------

// Writes a runnable project that repeats this run with torchrun + transformers Trainer + PEFT:
// data/{train,eval}.jsonl (the exact token rows and labels, rendered with the same template),
// data/order.json (the rows of every optimizer step), init_adapter/ (this run's initial LoRA
// weights, so both start identically), train.py, launch.sh, and DeepSpeed ZeRO-3 / FSDP configs.
// Hyper-parameters, targets and seed are the config's. README.md in the folder says how to run it.
Status export_training_job(const TrainConfig& config, const std::filesystem::path& dir, const JobContext& job = no_job());

// A finished run of an exported job: its logged metrics (trainer_state.json log_history) and the
// adapter it wrote.
struct ImportedRun {
  std::filesystem::path adapter_dir;       // output/adapter (PEFT folder), empty if absent
  std::string config_json;                 // the exported job's run config
  std::vector<TrainStepReport> history;    // one entry per logged step (loss, lr, grad_norm, eval_loss)
};
Result<ImportedRun> read_exported_run(const std::filesystem::path& dir);

}  // namespace dsw
