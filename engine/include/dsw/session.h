// Session: a KV cache and working memory for running a Model — the unit of inference.
//
// A session holds up to `n_seq` independent sequences (slots), each with up to `n_ctx` positions.
// forward() appends a batch of tokens — possibly from several sequences of different lengths — and
// returns logits for the rows that ask for them. Long batches are processed in chunks of n_batch
// tokens (chunked prefill). A session is driven by one thread at a time; cancel and progress go
// through the JobContext (phase "prefill", unit "tokens").
#pragma once

#include <dsw/job.h>
#include <dsw/model.h>
#include <dsw/status.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace dsw {

// Rows of one forward. Within a batch the rows of a sequence must be consecutive, with positions
// continuing that sequence exactly (length(seq), length(seq) + 1, ...).
struct Batch {
  std::vector<int32_t> tokens;
  std::vector<int32_t> positions;
  std::vector<int32_t> seq_ids;
  std::vector<uint8_t> want_logits;
  // Optional, one per row: the adapter slot (dsw/adapter.h) the row runs with. Empty: every
  // attached adapter applies to every row.
  std::vector<int32_t> adapter_slots;

  void add(int32_t token, int32_t position, int32_t seq, bool logits) {
    tokens.push_back(token);
    positions.push_back(position);
    seq_ids.push_back(seq);
    want_logits.push_back(logits ? 1 : 0);
  }
  void clear() {
    tokens.clear();
    positions.clear();
    seq_ids.clear();
    want_logits.clear();
    adapter_slots.clear();
  }
  size_t size() const noexcept { return tokens.size(); }
  // A batch for `tokens` of one sequence starting at `start`, logits for the last row only (or all).
  static Batch sequence(const std::vector<int32_t>& tokens, int32_t start, int32_t seq = 0, bool all_logits = false);
};

struct SessionOptions {
  int64_t n_ctx = 0;     // positions per sequence; 0: min(max_position_embeddings, 4096)
  int64_t n_seq = 1;     // sequence slots
  int64_t n_batch = 512; // tokens per forward chunk
  // Each row's logits are bit-identical whatever other rows share its forward (the weight multiplies
  // take one summation order for any number of rows; cpu/matmul.h). For serving, where a request
  // must get the same tokens alone and in a batch; costs single-stream speed on some CPUs.
  bool batch_invariant = false;
};

// Observation taps (attention probabilities, MoE routing). Set by analysis code; zero cost unset.
class Observer;

class Session {
 public:
  virtual ~Session() = default;

  static Result<std::unique_ptr<Session>> create(std::shared_ptr<const Model> model, const SessionOptions& options = {});

  // Logits of the rows with want_logits, in batch order: [rows, vocab_size] row-major.
  virtual Status forward(const Batch& batch, std::vector<float>& logits, const JobContext& job = no_job()) = 0;

  // Forgets sequence `seq` (all sequences when seq < 0).
  virtual void clear(int32_t seq = -1) = 0;
  // Drops positions >= n of a sequence (rewind for regeneration).
  virtual Status truncate(int32_t seq, int64_t n) = 0;
  virtual int64_t length(int32_t seq) const = 0;

  virtual int64_t n_ctx() const noexcept = 0;
  virtual int64_t n_seq() const noexcept = 0;
  virtual int64_t vocab_size() const noexcept = 0;
  virtual const Model& model() const noexcept = 0;
  virtual uint64_t kv_bytes_per_token() const noexcept = 0;

  // Installs an observer for the following forwards (nullptr removes it). Not owned.
  virtual void set_observer(Observer* observer) = 0;
};

}  // namespace dsw
