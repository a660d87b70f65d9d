// Bench row output: a readable table, JSON generated from the schema, and the store.
#include "bench_output.h"

#include "common.h"

#include <dsw/store.h>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>

namespace dsw::cli {

void print_bench_table(const BenchRow& r) {
  auto num = [](const std::optional<double>& v) { return v ? *v : 0.0; };
  if (r.suite && *r.suite != "speed" && *r.suite != "sweep") {
    std::printf("model        %s (%s, %s), suite %s\n", r.model_path.value_or("").c_str(), r.architecture.value_or("").c_str(),
                r.precision.value_or("").c_str(), r.suite->c_str());
    if (r.model_sha256) std::printf("sha256       %s\n", r.model_sha256->c_str());
    if (r.perplexity)
      std::printf("perplexity   %.4f (mean NLL %.5f) on %s, ctx %lld, tokenizer %s\n", *r.perplexity, num(r.mean_nll),
                  r.eval_file.value_or("").c_str(), (long long)r.ctx.value_or(0), r.tokenizer.value_or("").c_str());
    if (r.delta_ppl_pct)
      std::printf("reference    %s: perplexity %.4f -> %.4f (%+.3f%%)\n"
                  "agreement    KL mean %.6f, p99 %.6f nats; top-1 %.2f%%; largest layer output error %.4f\n",
                  r.reference_path.value_or("").c_str(), num(r.reference_perplexity), num(r.perplexity), *r.delta_ppl_pct,
                  num(r.kld_mean), num(r.kld_p99), 100 * num(r.top1_agreement), num(r.layer_error_max));
    if (r.routing_jaccard)
      std::printf("routing      top-k Jaccard %.4f, routings changed %.2f%%\n", *r.routing_jaccard, 100 * num(r.routing_changed));
    if (r.distinct1)
      std::printf("diversity    distinct-1 %.4f, distinct-2 %.4f, repetition rate %.4f\n", *r.distinct1, num(r.distinct2),
                  num(r.repetition_rate));
    if (r.notes) std::printf("notes        %s\n", r.notes->c_str());
    if (r.id) std::printf("stored       row %lld\n", (long long)*r.id);
    return;
  }
  if (r.suite && *r.suite == "sweep") std::printf("sweep point  %s\n", r.notes.value_or("").c_str());
  std::printf("model        %s (%s, %s)\n", r.model_path.value_or("").c_str(), r.architecture.value_or("").c_str(),
              r.precision.value_or("").c_str());
  if (r.model_sha256) std::printf("sha256       %s\n", r.model_sha256->c_str());
  std::printf("device       %s, %s, %lld threads\n", r.device.value_or("").c_str(), r.device_name.value_or("").c_str(),
              (long long)r.threads.value_or(0));
  std::printf("shape        prompt %lld, generate %lld, batch %lld, %lld reps after warm-up\n", (long long)r.prompt_tokens.value_or(0),
              (long long)r.gen_tokens.value_or(0), (long long)r.batch.value_or(0), (long long)r.reps.value_or(0));
  std::printf("load         %.3f s\n", num(r.load_s));
  std::printf("prefill      %.2f tokens/s (spread %.2f)\n", num(r.prefill_tps), num(r.prefill_tps_spread));
  std::printf("decode       %.2f tokens/s (spread %.2f, CV %.1f%%)%s\n", num(r.decode_tps), num(r.decode_tps_spread),
              100 * num(r.decode_cv), r.noisy.value_or(0) ? "  NOISY" : "");
  std::printf("first token  %.1f ms\n", num(r.ttft_ms));
  std::printf("latency      p50 %.2f ms, p95 %.2f ms, p99 %.2f ms\n", num(r.latency_p50_ms), num(r.latency_p95_ms),
              num(r.latency_p99_ms));
  std::printf("peak memory  %.1f MiB used by the run (weights %.1f MiB on disk)\n", num(r.peak_host_mb), num(r.weight_mb));
  if (r.bandwidth_fraction)
    std::printf("bandwidth    %.1f%% of the memory-read bound (%s)\n", 100 * *r.bandwidth_fraction, r.notes.value_or("").c_str());
  if (r.id) std::printf("stored       row %lld\n", (long long)*r.id);
}

void print_bench_json(const BenchRow& r) {
  nlohmann::ordered_json j;
  const auto& fields = bench_fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    FieldValue v = get_field(r, i);
    std::string name(fields[i].name);
    if (std::holds_alternative<int64_t>(v)) j[name] = std::get<int64_t>(v);
    else if (std::holds_alternative<double>(v)) j[name] = std::get<double>(v);
    else if (std::holds_alternative<std::string>(v)) j[name] = std::get<std::string>(v);
  }
  std::printf("%s\n", j.dump(2).c_str());
}

BenchStorage::BenchStorage(std::string db_path, std::string title, std::string model_path, int busy_timeout_ms)
    : db_path_(std::move(db_path)) {
  auto opened = Store::open(db_path_, {.busy_timeout_ms = busy_timeout_ms});
  if (!opened.is_ok()) {
    error_ = opened.status();
    return;
  }
  store_ = std::move(opened).value();
  // The run shows in the workbench's job history while it measures; a killed run is marked
  // "interrupted" by the next start (its owner process is gone).
  JobRecord job;
  job.kind = "bench";
  job.state = JobState::running;
  job.title = std::move(title);
  job.model_path = std::move(model_path);
  auto id = store_->add_job(job);
  if (!id.is_ok()) {
    error_ = id.status();
    store_.reset();
    return;
  }
  job_id_ = *id;
}

BenchStorage::~BenchStorage() {
  // Ended without save() (an error or Ctrl-C): the job row must not stay "running".
  if (store_ && job_id_ && !finished_) (void)store_->update_job(job_id_, JobState::failed, "dsw-cli bench ended without a result", 0);
}

void BenchStorage::fail(const Status& why, double duration_s) {
  if (!store_ || !job_id_ || finished_) return;
  finished_ = true;
  (void)store_->update_job(job_id_, why.code() == StatusCode::cancelled ? JobState::cancelled : JobState::failed, why.message(),
                           duration_s);
}

int BenchStorage::save(std::vector<BenchRow>& rows, double duration_s) {
  JobFinish finish{job_id_, JobState::succeeded, "dsw-cli bench: result row(s) {rows}", duration_s};
  auto ids = store_->store_bench_results(rows, finish);
  if (ids.is_ok()) {
    finished_ = true;
    for (size_t i = 0; i < rows.size() && i < ids->size(); ++i) rows[i].id = (*ids)[i];
    return 0;
  }
  // The measurement is finished: it must not be lost because the store could not take it.
  report(ids.status());
  const std::string name = "dsw-bench-unsaved-" + std::to_string(std::time(nullptr)) + "-" + std::to_string(getpid()) + ".json";
  std::vector<std::filesystem::path> places;
  if (auto dir = std::filesystem::path(db_path_).parent_path(); !dir.empty()) places.push_back(dir / name);
  places.push_back(std::filesystem::current_path() / name);
  places.push_back(std::filesystem::temp_directory_path() / name);
  for (const auto& file : places) {
    if (write_bench_rows_json(rows, file).is_ok()) {
      std::fprintf(stderr, "dsw-cli: the result was saved to %s instead; add it to the store later with\n  dsw-cli store import %s%s%s\n",
                   file.c_str(), file.c_str(), db_path_.empty() ? "" : " --db ", db_path_.c_str());
      return kExitError;
    }
  }
  std::fprintf(stderr, "dsw-cli: the result could not be saved to a file either; it is printed below\n");
  return kExitError;
}

}  // namespace dsw::cli
