// Runner: a model opened ready to generate — the one way both front ends (dsw and dsw-cli) open a
// model, build prompts, generate and run benchmark suites, so they cannot disagree.
//
// Runner::open reads the folder once: config and weights (open_model), the tokenizer, the stop ids
// (the tokenizer's own, config.json's and generation_config.json's eos_token_id, checked against
// the vocabulary), the chat format (the tokenizer's template, else the architecture's own format),
// then loads the model and creates a session. A Runner is driven by one thread at a time (the GUI
// keeps it in a worker on its own thread); cancel and progress go through the JobContext.
#pragma once

#include <dsw/bench.h>
#include <dsw/chat_template.h>
#include <dsw/generate.h>
#include <dsw/job.h>
#include <dsw/model.h>
#include <dsw/sampling.h>
#include <dsw/session.h>
#include <dsw/status.h>
#include <dsw/tokenizer.h>
#include <dsw/train.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dsw {

class Store;

// CPU threads a model runs with when the user chooses none (both front ends).
int default_thread_count() noexcept;

struct RunnerOptions {
  std::optional<std::filesystem::path> tokenizer;  // overrides the tokenizer found beside the model
  bool require_tokenizer = false;  // fail (instead of opening without one) when there is none
  DeviceSpec device;               // n_threads <= 0: default_thread_count()
  int64_t n_ctx = 0;               // session context; 0: min(max_position_embeddings, 4096)
  // PEFT LoRA adapter folders attached to the loaded model (slot i = adapters[i]); each is checked
  // against the model (load_peft_adapter) and its audit kept (Runner::adapters()).
  std::vector<std::filesystem::path> adapters;
};

// An adapter a Runner opened with its model.
struct AttachedAdapter {
  std::filesystem::path path;
  std::string name;        // the folder's name (a run's folder name for <run>/adapter)
  std::string base_model;  // base_model_name_or_path from its adapter_config.json
  AdapterAudit audit;
};

// The chat format for a model: its tokenizer's template when it has one, else the architecture's
// own format (deepseek_v3 -> deepseek_v3, deepseek/deepseek_v2 -> deepseek_llm, qwen2 -> chatml,
// llama -> plain).
ChatFamily choose_chat_family(const Tokenizer* tokenizer, const ModelConfig& config);

// A benchmark run as both front ends request it.
struct BenchRequest {
  std::string suite = "speed";  // "speed" (with sweep), "perplexity", "diversity", "quality", "eval-split"
  BenchOptions speed;
  BenchSweep sweep;             // speed only; empty parameter: one plain run
  PerplexityBenchOptions perplexity;  // file, ctx, stride (tokenizer_name is filled in)
  DiversityBenchOptions diversity;
  QualityBenchOptions quality;  // file, ctx (reference_path and tokenizer_name are filled in)
  std::filesystem::path reference;  // quality: the reference model, opened on the same device
  std::filesystem::path train_run;  // eval-split: the fine-tuning run's folder (run.json)
  std::string label;            // stored with every row (trimmed; empty: none)
  bool hash = true;             // record the weights' SHA-256 (computed after measuring)
  Store* hash_cache = nullptr;  // remembers file hashes by path, size and mtime (optional)
};

class Runner {
 public:
  // Opens `path` (folder, .safetensors, .gguf or llama2.c .bin). Progress phases "open", "load".
  static Result<std::unique_ptr<Runner>> open(const std::filesystem::path& path, const RunnerOptions& options = {},
                                              const JobContext& job = no_job());
  ~Runner();

  const std::shared_ptr<Model>& model() const noexcept { return model_; }
  // Null when the model has none (or it could not be read: tokenizer_error() says why).
  const Tokenizer* tokenizer() const noexcept { return tokenizer_.get(); }
  const std::string& tokenizer_path() const noexcept { return tokenizer_path_; }
  const std::string& tokenizer_error() const noexcept { return tokenizer_error_; }
  ChatFamily chat_family() const noexcept { return family_; }
  bool chat_template_from_file() const noexcept { return template_from_file_; }
  Session& session() noexcept { return *session_; }
  double load_seconds() const noexcept { return load_seconds_; }
  const std::vector<AttachedAdapter>& adapters() const noexcept { return adapters_; }

  // Prompt ids for chat messages in the model's chat format (or `family` when given). `job`
  // (optional): its cancel flag stops tokenizing a long prompt.
  Result<std::vector<int32_t>> chat_prompt(const std::vector<ChatMessage>& messages,
                                           std::optional<ChatFamily> family = std::nullopt, const JobContext* job = nullptr) const;
  // Prompt ids for raw text; an empty text is the BOS token alone.
  Result<std::vector<int32_t>> text_prompt(std::string_view text, const JobContext* job = nullptr) const;

  // Generates after `prompt` on the runner's session, from an empty cache. max_tokens is capped to
  // the room left in the context; a prompt that does not fit is invalid_input saying both sizes.
  Result<GenerateResult> generate(const std::vector<int32_t>& prompt, const GenerateOptions& options,
                                  const TokenCallback& on_token = {}, const JobContext& job = no_job());

  // Runs a benchmark suite on this model; rows carry load time, label and SHA-256.
  Result<std::vector<BenchRow>> bench(const BenchRequest& request, const JobContext& job = no_job());

 private:
  Runner() = default;
  std::shared_ptr<Model> model_;
  std::shared_ptr<Tokenizer> tokenizer_;
  std::string tokenizer_path_, tokenizer_error_;
  ChatFamily family_ = ChatFamily::plain;
  bool template_from_file_ = false;
  std::unique_ptr<Session> session_;
  double load_seconds_ = 0;
  std::vector<AttachedAdapter> adapters_;
};

}  // namespace dsw
