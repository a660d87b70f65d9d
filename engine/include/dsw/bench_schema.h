// The benchmark result schema, defined once. The X-macro list below generates the BenchRow struct,
// the field table (name, type, unit, meaning, which direction is better) that the SQLite store
// creates its table from, the CSV/JSON/Markdown exports and the GUI's results model. Adding a
// field here adds it everywhere (the store migrates old databases by adding the column).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dsw {

enum class FieldType { integer, real, text };
enum class Better { none, higher, lower };

// X(type, name, unit, better, description)
#define DSW_BENCH_FIELDS(X)                                                                                   \
  X(integer, id, "", none, "row id in the store")                                                            \
  X(text, created_at, "", none, "UTC time the run finished (ISO 8601)")                                      \
  X(text, suite, "", none, "speed | perplexity | diversity | sweep | quality | serve")                                 \
  X(text, label, "", none, "user label for this version (e.g. base, lora-v2, q8_0)")                          \
  X(text, build_commit, "", none, "engine build commit")                                                     \
  X(text, build_version, "", none, "engine version")                                                         \
  X(text, device, "", none, "cpu or cuda:N")                                                                 \
  X(text, device_name, "", none, "CPU model or GPU name")                                                    \
  X(text, driver_version, "", none, "GPU driver / CUDA runtime versions (empty on CPU)")                     \
  X(integer, threads, "", none, "CPU threads")                                                               \
  X(text, host, "", none, "host name and OS")                                                                \
  X(text, model_path, "", none, "model path as given")                                                       \
  X(text, model_sha256, "", none, "SHA-256 of the weight files (combined), empty if not hashed")             \
  X(text, architecture, "", none, "model_type")                                                              \
  X(integer, params_total, "", none, "parameters")                                                           \
  X(integer, params_active, "", none, "parameters active per token")                                         \
  X(text, precision, "", none, "main weight dtype / quantization (bf16, f16, q8_0, fp8, ...)")               \
  X(integer, prompt_tokens, "tokens", none, "prompt length per sequence")                                    \
  X(integer, gen_tokens, "tokens", none, "generated tokens per sequence")                                    \
  X(integer, batch, "", none, "sequences run together")                                                      \
  X(integer, reps, "", none, "timed repetitions (after warm-up)")                                            \
  X(real, load_s, "s", lower, "model load time")                                                             \
  X(real, prefill_tps, "tokens/s", higher, "prefill throughput, median over reps")                           \
  X(real, prefill_tps_spread, "tokens/s", none, "prefill throughput, max - min over reps")                   \
  X(real, decode_tps, "tokens/s", higher, "decode throughput (all sequences), median over reps")             \
  X(real, decode_tps_spread, "tokens/s", none, "decode throughput, max - min over reps")                     \
  X(real, decode_cv, "", lower, "coefficient of variation of decode throughput over reps")                   \
  X(real, ttft_ms, "ms", lower, "time to first token, median")                                               \
  X(real, latency_p50_ms, "ms", lower, "per-token decode latency, 50th percentile")                          \
  X(real, latency_p95_ms, "ms", lower, "per-token decode latency, 95th percentile")                          \
  X(real, latency_p99_ms, "ms", lower, "per-token decode latency, 99th percentile")                          \
  X(real, peak_host_mb, "MiB", lower, "peak host memory of the run: weights mapped + peak growth while it ran")\
  X(real, peak_device_mb, "MiB", lower, "peak device memory (GPU runs)")                                     \
  X(real, weight_mb, "MiB", none, "weight bytes on disk")                                                    \
  X(real, bandwidth_fraction, "", higher, "decode weight bytes/s over the measured read bandwidth (batch 1)")            \
  X(real, perplexity, "", lower, "perplexity (perplexity suite)")                                            \
  X(real, mean_nll, "nats", lower, "mean negative log-likelihood")                                           \
  X(text, eval_file, "", none, "text file of the perplexity suite")                                          \
  X(text, tokenizer, "", none, "tokenizer that produced the tokens")                                         \
  X(integer, ctx, "tokens", none, "perplexity context")                                                      \
  X(real, distinct1, "", higher, "distinct unigrams / tokens over sampled continuations")                    \
  X(real, distinct2, "", higher, "distinct bigrams / bigrams over sampled continuations")                    \
  X(real, repetition_rate, "", lower, "share of generated tokens repeating one of the previous 64")          \
  X(text, reference_path, "", none, "quality suite: the reference (unquantized) model")                     \
  X(real, reference_perplexity, "", none, "quality suite: perplexity of the reference on the same tokens")  \
  X(real, delta_ppl_pct, "%", lower, "quality suite: perplexity change against the reference, percent")    \
  X(real, kld_mean, "nats", lower, "quality suite: mean KL(reference || model) of next-token distributions") \
  X(real, kld_p99, "nats", lower, "quality suite: 99th percentile of the per-token KL divergence")          \
  X(real, top1_agreement, "", higher, "quality suite: share of tokens whose most likely next token agrees") \
  X(real, routing_jaccard, "", higher, "quality suite (MoE): mean top-k Jaccard of the selected experts")    \
  X(real, routing_changed, "", lower, "quality suite (MoE): share of (token, layer) routings that changed") \
  X(real, layer_error_max, "", lower, "quality suite: largest per-layer relative output error")             \
  X(text, quality_layers, "", none, "quality suite: per-layer arrays as JSON (error, jaccard, changed)")    \
  X(text, server, "", none, "serve: the server measured (dsw <version> or another, e.g. llama-server) and its URL") \
  X(text, schedule_policy, "", none, "serve: the server's scheduling policy (fcfs, longest_first, shortest_first)") \
  X(integer, concurrency, "", none, "serve: clients sending requests at once")                                \
  X(integer, requests, "", none, "serve: requests completed")                                                 \
  X(integer, failed_requests, "", lower, "serve: requests that failed (HTTP error, dropped connection)")      \
  X(real, qps, "requests/s", higher, "serve: completed requests per second")                                  \
  X(real, serve_tps, "tokens/s", higher, "serve: generated tokens per second over all clients")               \
  X(real, ttft_p99_ms, "ms", lower, "serve: time to first token, 99th percentile (ttft_ms is the median)")     \
  X(real, request_p50_ms, "ms", lower, "serve: request latency (send to last token), median")                 \
  X(real, request_p99_ms, "ms", lower, "serve: request latency (send to last token), 99th percentile")        \
  X(integer, noisy, "", none, "1 when the spread over reps exceeds the noise threshold")                     \
  X(text, notes, "", none, "free text (sweep parameter, warnings)")

struct BenchRow {
#define DSW_X_integer(name) std::optional<int64_t> name;
#define DSW_X_real(name) std::optional<double> name;
#define DSW_X_text(name) std::optional<std::string> name;
#define DSW_X(type, name, unit, better, desc) DSW_X_##type(name)
  DSW_BENCH_FIELDS(DSW_X)
#undef DSW_X
#undef DSW_X_integer
#undef DSW_X_real
#undef DSW_X_text
};

struct FieldDef {
  std::string_view name;
  FieldType type;
  std::string_view unit;
  Better better;
  std::string_view description;
};

// Every field, in declaration order.
const std::vector<FieldDef>& bench_fields();

using FieldValue = std::variant<std::monostate, int64_t, double, std::string>;
// Field i of a row (monostate when unset) and its setter (the value's type must match).
FieldValue get_field(const BenchRow& row, size_t i);
void set_field(BenchRow& row, size_t i, const FieldValue& v);
std::optional<size_t> field_index(std::string_view name);
// Short text of a value for tables ("123.4", "", "abc").
std::string format_field(const FieldValue& v, int precision = 4);

}  // namespace dsw
