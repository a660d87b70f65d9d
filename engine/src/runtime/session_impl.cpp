// SessionImpl: batch validation, chunked forward, KV bookkeeping, logits.
#include <dsw/session.h>

#include "compute/step_context.h"
#include "core/error.h"
#include "cpu/cpu_compute.h"
#include "runtime/model_impl.h"
#include "runtime/session_internal.h"

#include <algorithm>

namespace dsw {
namespace {

class SessionImpl final : public Session {
 public:
  SessionImpl(std::shared_ptr<const ModelImpl> model, const SessionOptions& o)
      : model_(std::move(model)), backend_(cpu::make_cpu_compute(model_->device().n_threads, o.batch_invariant)), n_batch_(o.n_batch) {
    backend_->create_kv_cache(model_->decoder().kv_shape(o.n_seq, o.n_ctx));
  }

  Status forward(const Batch& batch, std::vector<float>& logits, const JobContext& job) override {
    return guard([&] {
      logits.clear();
      validate(batch);
      const int64_t n = int64_t(batch.size());
      int64_t n_out = 0;
      for (auto w : batch.want_logits) n_out += w ? 1 : 0;
      logits.reserve(size_t(n_out * vocab_size()));
      for (int64_t start = 0; start < n; start += n_batch_) {
        const int64_t T = std::min(n_batch_, n - start);
        run_chunk(batch, start, T, logits, job);
        // Only a completed chunk extends the sequences: a cancelled chunk leaves no trace.
        for (int64_t t = start; t < start + T; ++t)
          backend_->set_kv_length(batch.seq_ids[size_t(t)], int64_t(batch.positions[size_t(t)]) + 1);
        if (n > n_batch_ && !job.report({.phase = "prefill", .step = start + T, .total = n, .unit = "tokens"}))
          fail_cancelled("forward cancelled");
      }
    });
  }

  void clear(int32_t seq) override {
    for (int64_t s = 0; s < n_seq(); ++s)
      if (seq < 0 || s == seq) backend_->set_kv_length(s, 0);
  }

  Status truncate(int32_t seq, int64_t n) override {
    if (seq < 0 || seq >= n_seq()) return {StatusCode::invalid_input, "truncate: no sequence " + std::to_string(seq)};
    if (n < 0 || n > backend_->kv_length(seq))
      return {StatusCode::invalid_input, "truncate: length " + std::to_string(n) + " is outside 0.." +
                                             std::to_string(backend_->kv_length(seq)) + " for sequence " + std::to_string(seq)};
    backend_->set_kv_length(seq, n);
    return Status::ok();
  }

  int64_t length(int32_t seq) const override {
    return seq >= 0 && seq < n_seq() ? backend_->kv_length(seq) : 0;
  }
  int64_t n_ctx() const noexcept override { return backend_->kv_shape().capacity; }
  int64_t n_seq() const noexcept override { return backend_->kv_shape().n_seq; }
  int64_t vocab_size() const noexcept override { return model_->config().vocab_size; }
  const Model& model() const noexcept override { return *model_; }
  uint64_t kv_bytes_per_token() const noexcept override { return backend_->kv_bytes_per_token(); }
  void set_observer(Observer* observer) override { observer_ = observer; }
  void set_linear_tap(LinearTap* tap) { linear_tap_ = tap; }
  ComputeBackend& backend() noexcept { return *backend_; }

 private:
  void validate(const Batch& b) const {
    const size_t n = b.tokens.size();
    if (b.positions.size() != n || b.seq_ids.size() != n || b.want_logits.size() != n)
      fail_invalid("batch: tokens, positions, seq_ids and want_logits differ in length");
    if (!b.adapter_slots.empty()) {
      if (b.adapter_slots.size() != n) fail_invalid("batch: adapter_slots must have one entry per row or none");
      const int64_t n_slots = int64_t(model_->adapter_names().size());
      for (size_t i = 0; i < n; ++i)
        if (b.adapter_slots[i] < -1 || b.adapter_slots[i] >= n_slots)
          fail_invalid("batch row " + std::to_string(i) + ": adapter slot " + std::to_string(b.adapter_slots[i]) +
                       " does not exist (the model has " + std::to_string(n_slots) + " adapter sets; -1 runs the base)");
    }
    std::vector<int64_t> next(static_cast<size_t>(n_seq()));
    std::vector<uint8_t> seen(static_cast<size_t>(n_seq()), 0);
    for (int64_t s = 0; s < n_seq(); ++s) next[size_t(s)] = backend_->kv_length(s);
    for (size_t i = 0; i < n; ++i) {
      const int32_t tok = b.tokens[i], seq = b.seq_ids[i], pos = b.positions[i];
      if (tok < 0 || tok >= vocab_size())
        fail_invalid("batch row " + std::to_string(i) + ": token id " + std::to_string(tok) + " is outside the vocabulary (" +
                     std::to_string(vocab_size()) + ")");
      if (seq < 0 || seq >= n_seq())
        fail_invalid("batch row " + std::to_string(i) + ": sequence " + std::to_string(seq) + " does not exist (session has " +
                     std::to_string(n_seq()) + ")");
      const bool continues = i > 0 && b.seq_ids[i - 1] == seq;
      if (!continues && seen[size_t(seq)]) fail_invalid("batch: rows of sequence " + std::to_string(seq) + " are not consecutive");
      seen[size_t(seq)] = 1;
      if (pos != next[size_t(seq)])
        fail_invalid("batch row " + std::to_string(i) + ": position " + std::to_string(pos) + " of sequence " + std::to_string(seq) +
                     ", expected " + std::to_string(next[size_t(seq)]));
      if (pos >= n_ctx())
        fail_invalid("sequence " + std::to_string(seq) + " reached the context size " + std::to_string(n_ctx()));
      next[size_t(seq)] = pos + 1;
    }
  }

  void run_chunk(const Batch& b, int64_t start, int64_t T, std::vector<float>& logits, const JobContext& job) {
    const ModelConfig& c = model_->config();
    const int64_t H = c.hidden_size;
    // Runs of consecutive rows of one sequence.
    runs_.clear();
    for (int64_t t = start; t < start + T; ++t) {
      const int32_t seq = b.seq_ids[size_t(t)];
      if (!runs_.empty() && runs_.back().seq == seq) {
        runs_.back().n_tokens++;
      } else {
        runs_.push_back({seq, t - start, 1, b.positions[size_t(t)]});
      }
    }
    ComputeBackend& be = *backend_;
    float* x = be.scratch(kSlotX, T * H);
    be.embed(model_->embedding(), b.tokens.data() + start, T, x);

    StepContext ctx{be, runs_, b.positions.data() + start, b.seq_ids.data() + start, T, observer_, linear_tap_,
                    b.adapter_slots.empty() ? nullptr : b.adapter_slots.data() + start};
    const auto& arch = model_->decoder();
    for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
      arch.run_layer(l, x, ctx);
      if (job.cancelled()) fail_cancelled("forward cancelled");
    }

    // Final norm and head for the rows that want logits.
    std::vector<int64_t> rows;  // batch rows (within the chunk) that want logits
    for (int64_t t = 0; t < T; ++t)
      if (b.want_logits[size_t(start + t)]) rows.push_back(t);
    if (rows.empty()) return;
    const int64_t R = int64_t(rows.size()), V = vocab_size();
    float* h = be.scratch(kSlotHead, R * H);
    be.gather_rows(x, H, rows.data(), R, H, h);
    be.rmsnorm(h, H, R, H, model_->final_norm().data(), float(c.rms_norm_eps), h, H);
    // The head's rows keep their adapter slots.
    std::vector<int32_t> head_slots;
    if (ctx.row_slots)
      for (int64_t i = 0; i < R; ++i) head_slots.push_back(ctx.row_slots[rows[size_t(i)]]);
    StepContext head = ctx.rows_subset(R, ctx.row_slots ? head_slots.data() : nullptr);
    float* out = be.scratch(kSlotLogits, R * V);
    model_->lm_head().forward(head, h, R, H, out, V);
    const float* host = be.read_back(out, R * V);
    logits.insert(logits.end(), host, host + R * V);
  }

  static constexpr size_t kSlotX = 60, kSlotHead = 61, kSlotLogits = 62;

  std::shared_ptr<const ModelImpl> model_;
  std::unique_ptr<ComputeBackend> backend_;
  int64_t n_batch_;
  std::vector<SeqRun> runs_;
  Observer* observer_ = nullptr;
  LinearTap* linear_tap_ = nullptr;
};

}  // namespace

Batch Batch::sequence(const std::vector<int32_t>& tokens, int32_t start, int32_t seq, bool all_logits) {
  Batch b;
  for (size_t i = 0; i < tokens.size(); ++i) b.add(tokens[i], start + int32_t(i), seq, all_logits || i + 1 == tokens.size());
  return b;
}

void set_linear_tap(Session& session, LinearTap* tap) { static_cast<SessionImpl&>(session).set_linear_tap(tap); }

ComputeBackend& session_backend(Session& session) { return static_cast<SessionImpl&>(session).backend(); }

Result<std::unique_ptr<Session>> Session::create(std::shared_ptr<const Model> model, const SessionOptions& options) {
  return guard([&]() -> std::unique_ptr<Session> {
    auto impl = std::dynamic_pointer_cast<const ModelImpl>(model);
    if (!impl) fail_invalid("Session::create: no model");
    SessionOptions o = options;
    const int64_t max_pos = impl->config().max_position_embeddings;
    if (o.n_ctx <= 0) o.n_ctx = std::min<int64_t>(max_pos, 4096);
    if (o.n_ctx > max_pos)
      fail_invalid("context size " + std::to_string(o.n_ctx) + " exceeds the model's max_position_embeddings (" +
                   std::to_string(max_pos) + ")");
    if (o.n_seq < 1 || o.n_seq > 4096) fail_invalid("sequence slots must be in [1, 4096]");
    if (o.n_batch < 1 || o.n_batch > 65536) fail_invalid("batch chunk must be in [1, 65536]");
    return std::make_unique<SessionImpl>(std::move(impl), o);
  });
}

}  // namespace dsw
