// Bench row output: a readable table, JSON generated from the schema, and the store.
#include "bench_output.h"

#include "common.h"

#include <dsw/store.h>

#include <nlohmann/json.hpp>

#include <cstdio>

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

int store_bench_row(const std::string& db_path, BenchRow& row, double duration_s) {
  auto store = Store::open(db_path);
  if (!store.is_ok()) return report(store.status());
  auto id = (*store)->insert_bench(row);
  if (!id.is_ok()) return report(id.status());
  row.id = *id;
  // The run also goes into the job history the workbench shows (Jobs area), linked to its row.
  JobRecord job;
  job.kind = "bench";
  job.state = JobState::running;
  job.title = "Benchmark (" + row.suite.value_or("speed") + ")" + (row.label ? " " + *row.label : std::string());
  job.model_path = row.model_path.value_or("");
  auto job_id = (*store)->add_job(job);
  if (job_id.is_ok()) {
    char msg[96];
    std::snprintf(msg, sizeof msg, "dsw-cli bench: result row %lld", (long long)*id);
    (void)(*store)->update_job(*job_id, JobState::succeeded, msg, duration_s, *id);
  }
  return 0;
}

}  // namespace dsw::cli
