// Serving: a continuous-batching scheduler over a Session's sequence slots.
//
// Requests join and leave between forward steps. Every step runs one batch: one row per request
// that is decoding, plus up to `prefill_chunk` prompt rows of requests still reading their prompt
// (chunked prefill), so a long prompt never stalls the decodes running beside it. Requests wait in
// a queue ordered by the policy and are admitted while there is a free slot and room under the cap
// on tokens in flight. Requests for different LoRA adapters of one base model share a batch: the
// base multiply runs once for all rows, each row's adapter applies to that row only
// (Batch::adapter_slots).
//
// Hot swap: swap() makes another model version (a new checkpoint, or the base with other adapters)
// current between two steps. Requests already admitted or queued finish on the version they were
// tokenised for; new ones go to the new version; nothing is dropped. The old version is released
// when its last request ends.
//
// Threads: the scheduler runs its own thread. submit(), cancel, stats() and swap() may be called from
// any thread; a ServeTicket is read by the thread that submitted it. The tokenizer and the prompt
// building of a ServedModel (Runner::chat_prompt / text_prompt) are thread-safe.
#pragma once

#include <dsw/model.h>
#include <dsw/runner.h>
#include <dsw/sampling.h>
#include <dsw/status.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

// Which waiting request is admitted first when a slot frees up.
//   fcfs            arrival order
//   longest_first   the most work first (prompt tokens + max_tokens), arrival order on ties
//   shortest_first  the least work first
// A request that has waited longer than SchedulerOptions::max_queue_ms goes first whatever the
// policy, so no request starves.
enum class SchedulePolicy { fcfs, longest_first, shortest_first };
std::string_view schedule_policy_name(SchedulePolicy p) noexcept;
std::optional<SchedulePolicy> schedule_policy_from_name(std::string_view name) noexcept;

struct SchedulerOptions {
  SchedulePolicy policy = SchedulePolicy::fcfs;
  int64_t max_batch_size = 32;        // requests running together (the session's sequence slots)
  int64_t max_wait_ms = 50;           // an idle scheduler holds its first request this long for companions
                                      // (skipped while requests arrive one at a time, see docs/serving.md)
  int64_t max_tokens_in_flight = 0;   // prompt + max_tokens summed over running requests; 0: slots x n_ctx
  int64_t prefill_chunk = 256;        // prompt tokens per step, over all requests still reading theirs
  int64_t max_queue = 1024;           // requests waiting; more are refused as busy
  int64_t max_queue_ms = 30000;       // a request waiting this long is admitted next (no starvation)
  int64_t n_ctx = 2048;               // positions per slot (capped by the model's maximum)
  // A request's logits do not depend on the batch around it (SessionOptions::batch_invariant).
  // DSW_BATCH_INVARIANT=0 in the environment turns it off (side-by-side measurements).
  bool batch_invariant = true;
};

// A model version as served: the Runner that opened it (tokenizer, chat format, prompt building)
// and the model that computes — the Runner's own, or it with adapter sets attached.
struct ServedModel {
  std::string id;                         // the name clients ask for ("coder-1.3b")
  std::shared_ptr<const Runner> runner;   // needs a tokenizer
  std::shared_ptr<const Model> model;     // null: runner->model()
  std::vector<std::string> adapter_ids;   // client names of the adapter slots, slot i first
  std::string path;                       // where it was opened from (shown in /health)
  // Names of the versions this one replaced in a hot swap (set by Scheduler::swap): clients that
  // keep asking for the old name are served by the new version instead of refused.
  std::vector<std::string> aliases;

  const Model& compute_model() const noexcept { return model ? *model : *runner->model(); }
  // The adapter slot a client's model name selects: -1 for the base (id, an alias or empty), nullopt
  // if unknown.
  std::optional<int32_t> resolve(std::string_view name) const;
};

// Builds a ServedModel from an opened runner (id: the folder or file name without extension).
std::shared_ptr<ServedModel> make_served_model(std::shared_ptr<const Runner> runner, std::string id = {});

struct ServeRequest {
  std::vector<int32_t> prompt;            // token ids (BOS included as the prompt builder made it)
  int64_t max_tokens = 256;
  SamplingParams sampling;
  std::vector<std::string> stop_strings;  // non-empty, cut from the output
  bool ignore_eos = false;                // generate max_tokens whatever the model says (load tests)
  int32_t adapter = -1;                   // adapter slot of the version, -1: the base model
  // The version the prompt was tokenised for (null: the current one at submission).
  std::shared_ptr<const ServedModel> version;
};

enum class FinishReason { stop, length, cancelled, error };
std::string_view finish_reason_name(FinishReason r) noexcept;

// What a request produced: the scheduler appends, the submitter takes.
struct ServeOutput {
  std::string text;                       // text released since the last take()
  std::vector<std::string> pieces;        // the same text per token that released some (for streams)
  std::vector<int32_t> tokens;            // token ids generated since the last take()
  bool finished = false;
  FinishReason reason = FinishReason::stop;
  std::string error;                      // when reason == error
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;          // in total, once finished
  double queue_seconds = 0;               // submission to admission
  double ttft_seconds = 0;                // submission to the first token (when one came)
  double total_seconds = 0;               // submission to the end
};

// The submitter's side of one request.
class ServeTicket {
 public:
  // Waits until output is available, the request finished, or `timeout` passed; true if either.
  bool wait(std::chrono::milliseconds timeout);
  // Everything produced since the last take(); `finished` is set once, with the totals.
  ServeOutput take();
  // Asks the scheduler to stop the request; its slot is freed before the next step.
  void cancel() noexcept;
  bool cancelled() const noexcept;
  const std::string& model_id() const noexcept { return model_id_; }

  // Scheduler side.
  void push(std::string_view text, int32_t token);
  void finish(const ServeOutput& totals);

 private:
  friend class Scheduler;
  mutable std::mutex m_;
  std::condition_variable cv_;
  ServeOutput pending_;
  bool has_output_ = false;
  bool done_ = false;
  std::atomic<bool> cancel_{false};
  std::string model_id_;
};

// Cumulative counters plus a window of recent completions (what /metrics and the GUI show).
struct ServeStats {
  // Gauges.
  int64_t queue_depth = 0;
  int64_t running = 0;
  int64_t tokens_in_flight = 0;
  int64_t versions = 0;                   // model versions holding a session (2 during a swap)
  // Counters since start.
  int64_t requests_submitted = 0;
  int64_t requests_finished = 0;          // stop or length
  int64_t requests_cancelled = 0;
  int64_t requests_failed = 0;            // engine errors
  int64_t requests_rejected = 0;          // refused at submission (invalid or busy)
  int64_t prompt_tokens = 0;
  int64_t generated_tokens = 0;
  int64_t steps = 0;
  int64_t swaps = 0;
  double last_swap_pause_ms = 0;          // how long the step loop stood still for the last swap
  double busy_seconds = 0;                // time spent in forward steps
  // Histograms: counts per bucket (upper bounds below; the last bucket is +Inf), sums.
  std::vector<int64_t> batch_size_counts;  // rows-of-requests per step
  std::vector<int64_t> ttft_counts;
  std::vector<int64_t> latency_counts;
  double batch_size_sum = 0, ttft_sum = 0, latency_sum = 0;
  // Recent window (the last `window_seconds`): completions per second, latency percentiles, mean batch.
  double window_seconds = 0;
  double window_qps = 0;
  double window_tokens_per_s = 0;
  double window_latency_p50 = 0, window_latency_p99 = 0;  // seconds
  double window_ttft_p50 = 0, window_ttft_p99 = 0;
  double window_batch_mean = 0;
  std::string model_id;
  std::string policy;
};
const std::vector<double>& serve_batch_buckets();    // 1, 2, 4, ... 256
const std::vector<double>& serve_seconds_buckets();  // 0.005 s .. 120 s

class Scheduler {
 public:
  // Creates the session for `model` and starts the scheduler thread.
  static Result<std::unique_ptr<Scheduler>> create(std::shared_ptr<const ServedModel> model,
                                                   const SchedulerOptions& options = {});
  ~Scheduler();  // stop()

  // Queues a request. invalid_input: empty prompt, prompt + max_tokens beyond a slot's context or
  // the cap on tokens in flight, unknown adapter or version; out_of_memory: the queue is full (busy,
  // retry later); cancelled: the scheduler is stopping.
  Result<std::shared_ptr<ServeTicket>> submit(ServeRequest request);

  // Makes `next` the current version (its session is created here, on the caller's thread). Running
  // and queued requests finish on their own version. Returns the pause of the step loop in ms.
  Result<double> swap(std::shared_ptr<const ServedModel> next);
  std::shared_ptr<const ServedModel> current() const;

  // Counters and the recent window (0: 10 s).
  ServeStats stats(double window_seconds = 0) const;
  const SchedulerOptions& options() const noexcept { return options_; }
  // The context a request may use: prompt + max_tokens <= max_request_tokens().
  int64_t max_request_tokens() const noexcept;

  // Cancels every request (queued and running) and joins the thread. Idempotent.
  void stop();

 private:
  struct Impl;
  explicit Scheduler(const SchedulerOptions& options);
  SchedulerOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dsw
