// Scheduler: admission, the batched step loop, sampling per request, hot swap.
#include <dsw/serve.h>

#include "core/error.h"
#include "generate/text_stream.h"
#include "serve/admission.h"
#include "serve/serve_stats.h"

#include <algorithm>
#include <cstdlib>
#include <list>
#include <map>
#include <set>
#include <string_view>
#include <thread>

namespace dsw {

using serve::Clock;

namespace {

double seconds_between(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// One model version with its session: sequence slots are handed to requests while they run.
struct Version {
  std::shared_ptr<const ServedModel> served;
  std::unique_ptr<Session> session;
  std::vector<int32_t> free_slots;
  std::set<int32_t> stop_ids;
  bool has_adapters = false;
  int64_t queued = 0, running = 0;  // requests bound to it
};

struct Queued {
  uint64_t arrival = 0;
  ServeRequest request;
  std::shared_ptr<ServeTicket> ticket;
  Version* version = nullptr;
  Clock::time_point submitted;
  int64_t cost = 0;  // prompt + max_tokens
};

struct Running {
  Running(Queued q, int32_t slot, Clock::time_point now)
      : job(std::move(q)),
        slot(slot),
        admitted(now),
        sampler(job.request.sampling),
        text(*job.version->served->runner->tokenizer(), job.request.prompt.back(), job.request.stop_strings),
        history(job.request.prompt) {}
  Queued job;
  int32_t slot;
  Clock::time_point admitted, first_token;
  Sampler sampler;
  TextStream text;
  std::vector<int32_t> history;
  int64_t fed = 0;         // prompt tokens in the cache
  int32_t next = -1;       // sampled token to feed in the next step
  int64_t generated = 0;
  bool has_first = false;
};

std::unique_ptr<Version> make_version(std::shared_ptr<const ServedModel> served, const SchedulerOptions& o) {
  if (!served || !served->runner) fail_invalid("serve: no model");
  const Tokenizer* tok = served->runner->tokenizer();
  if (!tok) fail_unsupported("serve: the model '" + served->id + "' has no tokenizer, so it cannot serve text");
  auto v = std::make_unique<Version>();
  std::shared_ptr<const Model> model = served->model ? served->model : served->runner->model();
  SessionOptions so;
  so.n_seq = o.max_batch_size;
  so.n_ctx = std::min<int64_t>(o.n_ctx, model->config().max_position_embeddings);
  so.n_batch = o.max_batch_size + o.prefill_chunk;
  const char* invariant = std::getenv("DSW_BATCH_INVARIANT");
  so.batch_invariant = o.batch_invariant && !(invariant && std::string_view(invariant) == "0");
  v->session = unwrap(Session::create(model, so));
  for (int32_t s = int32_t(o.max_batch_size) - 1; s >= 0; --s) v->free_slots.push_back(s);
  v->stop_ids.insert(tok->stop_ids().begin(), tok->stop_ids().end());
  v->has_adapters = !model->adapter_names().empty();
  v->served = std::move(served);
  return v;
}

}  // namespace

struct Scheduler::Impl {
  const SchedulerOptions o;
  mutable std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::list<std::unique_ptr<Version>> versions;  // front: current
  std::vector<Queued> queue;
  std::list<Running> running;                    // touched by the loop thread only
  std::vector<std::pair<Running*, int64_t>> chunks;  // prompt rows each request has in the step
  int64_t tokens_in_flight = 0;
  uint64_t next_arrival = 0;
  size_t round_robin = 0;
  bool hold_useful = true;  // see admit(): false while requests come one at a time
  serve::StatsRecorder rec;
  ServeStats counters;  // the cumulative request/token counters
  std::thread thread;

  explicit Impl(const SchedulerOptions& opts) : o(opts) {}

  // Whether any request holds a slot (under mu; the running list itself belongs to the loop thread).
  bool running_empty() const {
    for (auto& v : versions)
      if (v->running > 0) return false;
    return true;
  }

  int64_t slot_ctx() const { return versions.front()->session->n_ctx(); }
  int64_t cap() const { return o.max_tokens_in_flight > 0 ? o.max_tokens_in_flight : o.max_batch_size * slot_ctx(); }

  // ---- completion ---------------------------------------------------------------------------------

  void complete(Running& r, FinishReason reason, std::string error, Clock::time_point now) {
    ServeOutput t;
    if (reason == FinishReason::stop || reason == FinishReason::length) t.text = r.text.finish();
    t.reason = reason;
    t.error = std::move(error);
    t.prompt_tokens = int64_t(r.job.request.prompt.size());
    t.completion_tokens = r.generated;
    t.queue_seconds = seconds_between(r.job.submitted, r.admitted);
    t.ttft_seconds = r.has_first ? seconds_between(r.job.submitted, r.first_token) : 0;
    t.total_seconds = seconds_between(r.job.submitted, now);
    {
      // Counted before the submitter hears of it, so its next stats() includes this request.
      std::lock_guard lk(mu);
      r.job.version->free_slots.push_back(r.slot);
      r.job.version->running--;
      tokens_in_flight -= r.job.cost;
      counters.prompt_tokens += r.fed;
      if (reason == FinishReason::cancelled) counters.requests_cancelled++;
      else if (reason == FinishReason::error) counters.requests_failed++;
      else counters.requests_finished++;
      if (reason == FinishReason::stop || reason == FinishReason::length)
        rec.completion(now, t.total_seconds, t.ttft_seconds, r.has_first);
    }
    r.job.ticket->finish(t);
  }

  void cancel_queued(Queued& q, FinishReason reason, const std::string& error, Clock::time_point now) {
    ServeOutput t;
    t.reason = reason;
    t.error = error;
    t.prompt_tokens = int64_t(q.request.prompt.size());
    t.queue_seconds = t.total_seconds = seconds_between(q.submitted, now);
    q.version->queued--;
    if (reason == FinishReason::cancelled) counters.requests_cancelled++;
    else counters.requests_failed++;
    q.ticket->finish(t);
  }

  // ---- admission (under mu) -------------------------------------------------------------------------

  // Admits what fits; returns when the loop should look again if it has nothing to run.
  std::optional<Clock::time_point> admit(Clock::time_point now) {
    if (queue.empty()) return std::nullopt;
    if (running.empty() && int64_t(queue.size()) < o.max_batch_size && hold_useful) {
      // Idle: hold the first request up to max_wait_ms so companions can join its batch.
      Clock::time_point oldest = queue.front().submitted;
      for (auto& q : queue) oldest = std::min(oldest, q.submitted);
      const auto due = oldest + std::chrono::milliseconds(o.max_wait_ms);
      if (now < due) return due;
      // The hold is over. Had nobody joined, the traffic is one request at a time: holding again
      // would only delay it, so the next idle start does not wait (until requests overlap again).
      if (o.max_wait_ms > 0) hold_useful = queue.size() > 1;
    }
    std::vector<serve::Waiting> w;
    w.reserve(queue.size());
    for (auto& q : queue) w.push_back({q.arrival, q.cost, seconds_between(q.submitted, now)});
    const double starve_s = double(o.max_queue_ms) / 1000.0;
    std::vector<uint8_t> taken(queue.size(), 0);
    for (size_t i : serve::admission_order(w, o.policy, starve_s)) {
      if (int64_t(running.size()) >= o.max_batch_size) break;
      Queued& q = queue[i];
      if (tokens_in_flight + q.cost > cap() || q.version->free_slots.empty()) {
        if (w[i].waited_s >= starve_s) break;  // keep the room for the starving request
        continue;
      }
      const int32_t slot = q.version->free_slots.back();
      q.version->free_slots.pop_back();
      q.version->session->clear(slot);
      q.version->queued--;
      q.version->running++;
      tokens_in_flight += q.cost;
      running.emplace_back(std::move(q), slot, now);
      taken[i] = 1;
    }
    size_t k = 0;
    for (size_t i = 0; i < queue.size(); ++i)
      if (!taken[i]) {
        if (k != i) queue[k] = std::move(queue[i]);
        ++k;
      }
    queue.resize(k);
    return std::nullopt;
  }

  // Versions that are not current and hold no request are released.
  void retire_versions() {
    for (auto it = std::next(versions.begin()); it != versions.end();)
      if ((*it)->queued == 0 && (*it)->running == 0) it = versions.erase(it);
      else ++it;
  }

  // ---- the loop ---------------------------------------------------------------------------------

  void loop() {
    Batch batch;
    std::vector<float> logits;
    std::vector<Running*> rows;  // the request of each logits row
    for (;;) {
      Version* v = nullptr;
      {
        std::unique_lock lk(mu);
        for (;;) {
          if (stopping) return;
          const auto now = Clock::now();
          // Cancelled requests leave before the next step.
          for (size_t i = 0; i < queue.size();)
            if (queue[i].ticket->cancelled()) {
              cancel_queued(queue[i], FinishReason::cancelled, {}, now);
              queue.erase(queue.begin() + std::ptrdiff_t(i));
            } else {
              ++i;
            }
          bool any_cancelled = false;
          for (auto& r : running) any_cancelled = any_cancelled || r.job.ticket->cancelled();
          if (any_cancelled) {
            lk.unlock();
            for (auto it = running.begin(); it != running.end();)
              if (it->job.ticket->cancelled()) {
                complete(*it, FinishReason::cancelled, {}, now);
                it = running.erase(it);
              } else {
                ++it;
              }
            lk.lock();
            continue;
          }
          const auto due = admit(now);
          retire_versions();
          if (!running.empty()) break;
          if (due) cv.wait_until(lk, *due);
          else cv.wait(lk);
        }
        // Round robin over the versions that have running requests (two only during a swap).
        std::vector<Version*> busy;
        for (auto& ver : versions)
          if (ver->running > 0) busy.push_back(ver.get());
        v = busy[round_robin++ % busy.size()];
      }
      step(*v, batch, logits, rows);
    }
  }

  // One forward over version v's running requests: a row per decoding request, then prompt chunks.
  void step(Version& v, Batch& batch, std::vector<float>& logits, std::vector<Running*>& rows) {
    batch.clear();
    rows.clear();
    Session& session = *v.session;
    int64_t requests = 0;
    for (auto& r : running) {
      if (r.job.version != &v || r.next < 0) continue;
      batch.add(r.next, int32_t(session.length(r.slot)), r.slot, true);
      if (v.has_adapters) batch.adapter_slots.push_back(r.job.request.adapter);
      rows.push_back(&r);
      ++requests;
    }
    int64_t budget = o.prefill_chunk;
    chunks.clear();
    for (auto& r : running) {
      const auto& prompt = r.job.request.prompt;
      if (r.job.version != &v || r.fed == int64_t(prompt.size()) || budget == 0) continue;
      const int64_t n = std::min<int64_t>(budget, int64_t(prompt.size()) - r.fed);
      const int32_t pos0 = int32_t(session.length(r.slot));
      for (int64_t i = 0; i < n; ++i) {
        const bool last = r.fed + i + 1 == int64_t(prompt.size());
        batch.add(prompt[size_t(r.fed + i)], pos0 + int32_t(i), r.slot, last);
        if (v.has_adapters) batch.adapter_slots.push_back(r.job.request.adapter);
        if (last) rows.push_back(&r);
      }
      chunks.push_back({&r, n});
      budget -= n;
      ++requests;
    }
    const auto t0 = Clock::now();
    Status s = session.forward(batch, logits);
    const auto t1 = Clock::now();
    if (!s.is_ok()) {
      // A failed step fails the version's requests (their caches are incomplete).
      for (auto it = running.begin(); it != running.end();)
        if (it->job.version == &v) {
          complete(*it, FinishReason::error, s.message(), t1);
          it = running.erase(it);
        } else {
          ++it;
        }
      return;
    }
    for (auto& [r, n] : chunks) r->fed += n;  // prompt chunks now in the cache
    const int64_t V = session.vocab_size();
    int64_t produced = 0;
    std::vector<Running*> done;
    std::vector<FinishReason> reasons;
    for (size_t i = 0; i < rows.size(); ++i) {
      Running& r = *rows[i];
      const std::span<const float> row(logits.data() + int64_t(i) * V, size_t(V));
      const int32_t tok = r.sampler.sample(row, r.history);
      ++produced;
      if (!r.has_first) {
        r.has_first = true;
        r.first_token = t1;
      }
      if (!r.job.request.ignore_eos && v.stop_ids.count(tok)) {
        done.push_back(&r);
        reasons.push_back(FinishReason::stop);
        continue;
      }
      r.history.push_back(tok);
      r.generated++;
      TextStream::Step st = r.text.push(tok);
      r.job.ticket->push(st.text, tok);
      if (st.stopped) {
        done.push_back(&r);
        reasons.push_back(FinishReason::stop);
      } else if (r.generated >= r.job.request.max_tokens || session.length(r.slot) >= session.n_ctx()) {
        done.push_back(&r);
        reasons.push_back(FinishReason::length);
      } else {
        r.next = tok;
      }
    }
    {
      std::lock_guard lk(mu);
      rec.step(t1, requests, produced, seconds_between(t0, t1));
      counters.generated_tokens += produced;
    }
    for (size_t i = 0; i < done.size(); ++i) complete(*done[i], reasons[i], {}, t1);
    if (!done.empty()) {
      std::set<const Running*> gone(done.begin(), done.end());
      running.remove_if([&](const Running& r) { return gone.count(&r) > 0; });
    }
  }
};

Scheduler::Scheduler(const SchedulerOptions& options) : options_(options), impl_(std::make_unique<Impl>(options)) {}

Scheduler::~Scheduler() { stop(); }

Result<std::unique_ptr<Scheduler>> Scheduler::create(std::shared_ptr<const ServedModel> model, const SchedulerOptions& options) {
  return guard([&]() -> std::unique_ptr<Scheduler> {
    const SchedulerOptions& o = options;
    if (o.max_batch_size < 1 || o.max_batch_size > 1024) fail_invalid("serve: max_batch_size must be in [1, 1024]");
    if (o.max_wait_ms < 0 || o.max_wait_ms > 60000) fail_invalid("serve: max_wait_ms must be in [0, 60000]");
    if (o.prefill_chunk < 1 || o.prefill_chunk > 65536) fail_invalid("serve: prefill_chunk must be in [1, 65536]");
    if (o.max_queue < 0) fail_invalid("serve: max_queue must not be negative");
    if (o.max_tokens_in_flight < 0) fail_invalid("serve: max_tokens_in_flight must not be negative");
    if (o.n_ctx < 2) fail_invalid("serve: the context per slot must be at least 2 tokens");
    std::unique_ptr<Scheduler> s(new Scheduler(options));
    s->impl_->versions.push_back(make_version(std::move(model), options));
    s->impl_->counters.model_id = s->impl_->versions.front()->served->id;
    Impl* impl = s->impl_.get();
    s->impl_->thread = std::thread([impl] { impl->loop(); });
    return s;
  });
}

int64_t Scheduler::max_request_tokens() const noexcept {
  std::lock_guard lk(impl_->mu);
  return impl_->slot_ctx();
}

std::shared_ptr<const ServedModel> Scheduler::current() const {
  std::lock_guard lk(impl_->mu);
  return impl_->versions.front()->served;
}

Result<std::shared_ptr<ServeTicket>> Scheduler::submit(ServeRequest req) {
  Impl& m = *impl_;
  auto reject = [&](StatusCode code, std::string msg) -> Result<std::shared_ptr<ServeTicket>> {
    std::lock_guard lk(m.mu);
    m.counters.requests_rejected++;
    return Status(code, std::move(msg));
  };
  if (req.prompt.empty()) return reject(StatusCode::invalid_input, "the prompt is empty");
  if (req.max_tokens < 1) return reject(StatusCode::invalid_input, "max_tokens must be at least 1");
  for (auto& s : req.stop_strings)
    if (s.empty()) return reject(StatusCode::invalid_input, "a stop string is empty");
  std::unique_lock lk(m.mu);
  if (m.stopping) {
    lk.unlock();
    return reject(StatusCode::cancelled, "the server is stopping");
  }
  Version* version = nullptr;
  if (!req.version) {
    version = m.versions.front().get();
  } else {
    for (auto& v : m.versions)
      if (v->served == req.version) version = v.get();
    if (!version) {
      lk.unlock();
      return reject(StatusCode::invalid_input, "the model version '" + req.version->id + "' is no longer served; send the request again");
    }
  }
  const int64_t vocab = version->session->vocab_size();
  for (size_t i = 0; i < req.prompt.size(); ++i)
    if (req.prompt[i] < 0 || req.prompt[i] >= vocab) {
      lk.unlock();
      return reject(StatusCode::invalid_input, "prompt token " + std::to_string(i) + " (id " + std::to_string(req.prompt[i]) +
                                                   ") is outside the vocabulary of " + std::to_string(vocab));
    }
  const int64_t n_adapters = int64_t(version->served->compute_model().adapter_names().size());
  if (req.adapter < -1 || req.adapter >= n_adapters) {
    lk.unlock();
    return reject(StatusCode::invalid_input, "adapter slot " + std::to_string(req.adapter) + " does not exist");
  }
  const int64_t ctx = version->session->n_ctx(), prompt = int64_t(req.prompt.size());
  if (prompt + req.max_tokens > ctx) {
    lk.unlock();
    return reject(StatusCode::invalid_input, "the prompt (" + std::to_string(prompt) + " tokens) plus max_tokens (" +
                                                 std::to_string(req.max_tokens) + ") exceeds the context of " +
                                                 std::to_string(ctx) + " tokens per request");
  }
  if (prompt + req.max_tokens > m.cap()) {
    lk.unlock();
    return reject(StatusCode::invalid_input, "the prompt plus max_tokens (" + std::to_string(prompt + req.max_tokens) +
                                                 " tokens) exceeds the server's cap on tokens in flight (" +
                                                 std::to_string(m.cap()) + ")");
  }
  if (int64_t(m.queue.size()) >= m.o.max_queue) {
    lk.unlock();
    return reject(StatusCode::out_of_memory, "the server is busy: " + std::to_string(m.o.max_queue) +
                                                 " requests are already waiting; retry later");
  }
  auto ticket = std::make_shared<ServeTicket>();
  ticket->model_id_ = version->served->id;
  Queued q;
  q.arrival = m.next_arrival++;
  q.cost = prompt + req.max_tokens;
  q.version = version;
  q.submitted = Clock::now();
  q.request = std::move(req);
  q.request.version = version->served;
  q.ticket = ticket;
  version->queued++;
  // A request arriving while others wait or run: requests overlap, holding for companions pays.
  if (!m.queue.empty() || !m.running_empty()) m.hold_useful = true;
  m.queue.push_back(std::move(q));
  m.counters.requests_submitted++;
  lk.unlock();
  m.cv.notify_one();
  return ticket;
}

Result<double> Scheduler::swap(std::shared_ptr<const ServedModel> next) {
  return guard([&]() -> double {
    if (!next) fail_invalid("swap: no model version");
    {
      // The new version answers to the names of the one it replaces, so clients that keep asking
      // for "coder-1.3b" are not refused after "coder-1.3b-q8" takes over (its own id and adapter
      // names win over an alias).
      std::vector<std::string> names;
      {
        std::lock_guard lk(impl_->mu);
        const ServedModel& old = *impl_->versions.front()->served;
        names = old.aliases;
        names.push_back(old.id);
      }
      auto renamed = std::make_shared<ServedModel>(*next);
      for (auto& n : names) {
        const bool taken = n == renamed->id ||
                           std::find(renamed->adapter_ids.begin(), renamed->adapter_ids.end(), n) != renamed->adapter_ids.end() ||
                           std::find(renamed->aliases.begin(), renamed->aliases.end(), n) != renamed->aliases.end();
        if (!taken) renamed->aliases.push_back(std::move(n));
      }
      next = std::move(renamed);
    }
    std::unique_ptr<Version> v = make_version(std::move(next), options_);  // session made outside the lock
    const auto t0 = Clock::now();
    double pause_ms = 0;
    {
      std::lock_guard lk(impl_->mu);
      if (impl_->stopping) fail_cancelled("the server is stopping");
      impl_->versions.push_front(std::move(v));
      impl_->counters.swaps++;
      impl_->counters.model_id = impl_->versions.front()->served->id;
      impl_->retire_versions();
      pause_ms = seconds_between(t0, Clock::now()) * 1000.0;
      impl_->counters.last_swap_pause_ms = pause_ms;
    }
    impl_->cv.notify_one();
    return pause_ms;
  });
}

ServeStats Scheduler::stats(double window_seconds) const {
  if (window_seconds <= 0) window_seconds = 10;
  std::lock_guard lk(impl_->mu);
  ServeStats s = impl_->counters;
  s.queue_depth = int64_t(impl_->queue.size());
  s.running = 0;
  for (auto& v : impl_->versions) s.running += v->running;
  s.tokens_in_flight = impl_->tokens_in_flight;
  s.versions = int64_t(impl_->versions.size());
  s.policy = std::string(schedule_policy_name(options_.policy));
  impl_->rec.fill(s, Clock::now(), window_seconds);
  return s;
}

void Scheduler::stop() {
  Impl& m = *impl_;
  {
    std::lock_guard lk(m.mu);
    if (m.stopping && !m.thread.joinable()) return;
    m.stopping = true;
  }
  m.cv.notify_all();
  if (m.thread.joinable()) m.thread.join();
  const auto now = Clock::now();
  for (auto& r : m.running) m.complete(r, FinishReason::cancelled, "the server stopped", now);
  m.running.clear();
  std::lock_guard lk(m.mu);
  for (auto& q : m.queue) m.cancel_queued(q, FinishReason::cancelled, "the server stopped", now);
  m.queue.clear();
}

}  // namespace dsw
