// Runner: open, prompt, generate and benchmark — the code both front ends share.
#include <dsw/runner.h>

#include <dsw/adapter.h>
#include <dsw/model_files.h>
#include <dsw/model_hash.h>
#include <dsw/store.h>
#include <dsw/thread_pool.h>

#include "core/error.h"

#include <algorithm>
#include <chrono>

namespace dsw {
namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string trimmed(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

}  // namespace

int default_thread_count() noexcept { return hardware_threads(); }

ChatFamily choose_chat_family(const Tokenizer* tokenizer, const ModelConfig& config) {
  if (tokenizer && !tokenizer->chat_template().empty()) return detect_chat_family(tokenizer->chat_template());
  switch (config.arch) {
    case Architecture::deepseek_v3: return ChatFamily::deepseek_v3;
    case Architecture::deepseek_v2:
    case Architecture::deepseek: return ChatFamily::deepseek_llm;
    case Architecture::qwen2: return ChatFamily::chatml;
    case Architecture::llama: return ChatFamily::plain;
  }
  return ChatFamily::plain;
}

Runner::~Runner() = default;

Result<std::unique_ptr<Runner>> Runner::open(const std::filesystem::path& path, const RunnerOptions& options,
                                             const JobContext& job) {
  return guard([&]() -> std::unique_ptr<Runner> {
    const auto started = std::chrono::steady_clock::now();
    std::unique_ptr<Runner> r(new Runner());
    job.report({.phase = "open", .step = 0, .total = 1, .unit = "steps", .message = path.string()});
    OpenModelOptions oo;
    oo.tokenizer = options.tokenizer;
    ModelFiles files = unwrap(open_model(path, oo));
    throw_if_error(job.check());

    if (files.tokenizer_path) {
      r->tokenizer_path_ = files.tokenizer_path->string();
      auto tok = load_model_tokenizer(*files.tokenizer_path);
      // Paired with the model: its stop ids added, a tokenizer with ids the model lacks refused.
      Status paired = tok.is_ok() ? attach_tokenizer(files, **tok, *files.tokenizer_path) : tok.status();
      if (paired.is_ok()) {
        r->tokenizer_ = std::move(tok).value();
      } else if (options.require_tokenizer) {
        throw_if_error(paired);
      } else {
        r->tokenizer_error_ = paired.message();
      }
    } else if (options.require_tokenizer) {
      fail_io(path.string() + ": no tokenizer found beside the model (pass --tokenizer PATH)");
    }
    r->family_ = choose_chat_family(r->tokenizer_.get(), files.config);
    r->template_from_file_ = r->tokenizer_ && !r->tokenizer_->chat_template().empty();

    LoadOptions lo;
    lo.device = options.device;
    if (lo.device.n_threads <= 0) lo.device.n_threads = default_thread_count();
    r->model_ = unwrap(Model::load(std::move(files), lo, job));
    if (!options.adapters.empty()) {
      std::vector<std::shared_ptr<const AdapterSet>> sets;
      for (const auto& dir : options.adapters) {
        job.report({.phase = "open", .step = 0, .total = 1, .unit = "steps", .message = dir.string()});
        LoadedAdapter loaded = unwrap(load_peft_adapter(r->model_->files(), dir));
        AttachedAdapter a;
        a.path = dir;
        const auto abs = std::filesystem::absolute(dir).lexically_normal();
        const auto leaf = abs.has_filename() ? abs : abs.parent_path();
        a.name = leaf.filename() == "adapter" && leaf.has_parent_path() ? leaf.parent_path().filename().string() : leaf.filename().string();
        a.base_model = loaded.base_model;
        a.audit = loaded.audit;
        sets.push_back(make_adapter_set(loaded, a.name));
        r->adapters_.push_back(std::move(a));
      }
      r->model_ = unwrap(attach_adapters(r->model_, std::move(sets)));
    }
    SessionOptions so;
    so.n_ctx = options.n_ctx;
    r->session_ = unwrap(Session::create(r->model_, so));
    r->load_seconds_ = seconds_since(started);
    return r;
  });
}

Result<std::vector<int32_t>> Runner::chat_prompt(const std::vector<ChatMessage>& messages, std::optional<ChatFamily> family,
                                                 const JobContext* job) const {
  if (!tokenizer_) return Status(StatusCode::unsupported, "this model has no tokenizer, so it cannot take a chat prompt");
  const Tokenizer& tok = *tokenizer_;
  ChatRenderOptions ro;
  if (tok.bos_id()) ro.bos_token = tok.token_text(*tok.bos_id());
  if (tok.eos_id()) ro.eos_token = tok.token_text(*tok.eos_id());
  auto rendered = render_chat(family.value_or(family_), messages, ro);
  if (!rendered.is_ok()) return rendered.status();
  auto ids = tok.encode(*rendered, {.add_special = false, .parse_special = true, .job = job});
  if (!ids.is_ok()) return ids.status();
  if (ids->empty() && tok.bos_id()) ids->push_back(*tok.bos_id());
  return ids;
}

Result<std::vector<int32_t>> Runner::text_prompt(std::string_view text, const JobContext* job) const {
  if (!tokenizer_) return Status(StatusCode::unsupported, "this model has no tokenizer, so it cannot take a text prompt");
  const Tokenizer& tok = *tokenizer_;
  if (text.empty()) {
    if (!tok.bos_id()) return Status(StatusCode::invalid_input, "an empty prompt needs a tokenizer with a beginning-of-text token");
    return std::vector<int32_t>{*tok.bos_id()};
  }
  auto ids = tok.encode(text, {.job = job});
  if (!ids.is_ok()) return ids.status();
  if (ids->empty() && tok.bos_id()) ids->push_back(*tok.bos_id());
  return ids;
}

Result<GenerateResult> Runner::generate(const std::vector<int32_t>& prompt, const GenerateOptions& options,
                                        const TokenCallback& on_token, const JobContext& job) {
  if (!tokenizer_) return Status(StatusCode::unsupported, "this model has no tokenizer, so it cannot generate text");
  if (prompt.empty()) return Status(StatusCode::invalid_input, "the prompt is empty");
  // Each call starts from an empty cache: regenerating or editing earlier turns needs no bookkeeping.
  session_->clear(options.seq);
  const int64_t room = session_->n_ctx() - int64_t(prompt.size());
  if (room <= 0)
    return Status(StatusCode::invalid_input, "the prompt (" + std::to_string(prompt.size()) +
                                                 " tokens) does not fit the context of " + std::to_string(session_->n_ctx()) +
                                                 " tokens");
  GenerateOptions o = options;
  o.max_tokens = std::min<int64_t>(o.max_tokens, room);
  return dsw::generate(*session_, *tokenizer_, prompt, o, on_token, job);
}

Result<std::vector<BenchRow>> Runner::bench(const BenchRequest& r, const JobContext& job) {
  std::vector<BenchRow> rows;
  if (r.suite == "speed") {
    auto swept = run_bench_sweep(model_, r.speed, r.sweep, job);
    if (!swept.is_ok()) return swept.status();
    rows = std::move(swept).value();
  } else if (r.suite == "perplexity" || r.suite == "diversity") {
    if (!tokenizer_)
      return Status(StatusCode::unsupported, "the " + r.suite + " suite needs a tokenizer, and this model has none");
    if (r.suite == "perplexity") {
      if (r.perplexity.file.empty()) return Status(StatusCode::invalid_input, "the perplexity suite needs a text file");
      PerplexityBenchOptions po = r.perplexity;
      po.ctx = std::clamp<int64_t>(po.ctx, 2, model_->config().max_position_embeddings);
      po.tokenizer_name = tokenizer_path_;
      auto row = run_perplexity_bench(model_, *tokenizer_, po, job);
      if (!row.is_ok()) return row.status();
      rows.push_back(std::move(row).value());
    } else {
      auto row = run_diversity_bench(model_, *tokenizer_, r.diversity, job);
      if (!row.is_ok()) return row.status();
      rows.push_back(std::move(row).value());
    }
  } else if (r.suite == "quality") {
    if (!tokenizer_) return Status(StatusCode::unsupported, "the quality suite needs a tokenizer, and this model has none");
    if (r.reference.empty()) return Status(StatusCode::invalid_input, "the quality suite needs a reference model (--reference)");
    if (r.quality.file.empty()) return Status(StatusCode::invalid_input, "the quality suite needs a text file");
    RunnerOptions ro;
    ro.device = model_->device();
    ro.n_ctx = 8;
    auto ref = Runner::open(r.reference, ro, job);
    if (!ref.is_ok()) return ref.status();
    QualityBenchOptions qo = r.quality;
    qo.ctx = std::clamp<int64_t>(qo.ctx, 4, model_->config().max_position_embeddings);
    qo.tokenizer_name = tokenizer_path_;
    qo.reference_path = r.reference.string();
    auto row = run_quality_bench((*ref)->model(), model_, *tokenizer_, qo, job);
    if (!row.is_ok()) return row.status();
    rows.push_back(std::move(row).value());
  } else if (r.suite == "eval-split") {
    if (!tokenizer_) return Status(StatusCode::unsupported, "the eval-split suite needs a tokenizer, and this model has none");
    if (r.train_run.empty()) return Status(StatusCode::invalid_input, "the eval-split suite needs a fine-tuning run folder (--run)");
    auto row = run_eval_split_bench(model_, *tokenizer_, r.train_run, job);
    if (!row.is_ok()) return row.status();
    row->tokenizer = tokenizer_path_;
    rows.push_back(std::move(row).value());
  } else {
    return Status(StatusCode::invalid_input,
                  "unknown benchmark suite '" + r.suite + "' (speed, perplexity, diversity, quality or eval-split)");
  }
  // The weights' SHA-256 identifies the model version in each row; hashed after the measurement
  // so it cannot disturb it.
  // A hash that fails (other than by cancel) leaves the rows without it rather than losing a
  // finished measurement.
  std::string sha256, hash_note;
  if (r.hash) {
    auto digest = model_sha256(model_->files(), r.hash_cache, job);
    if (digest.is_ok()) sha256 = *digest;
    else if (digest.status().code() == StatusCode::cancelled) return digest.status();
    else hash_note = "weights not hashed: " + digest.status().message();
  }
  const std::string label = trimmed(r.label);
  for (auto& row : rows) {
    if (!sha256.empty()) row.model_sha256 = sha256;
    if (!hash_note.empty()) row.notes = row.notes ? *row.notes + "; " + hash_note : hash_note;
    row.load_s = load_seconds_;
    if (!label.empty()) row.label = label;
  }
  return rows;
}

}  // namespace dsw
