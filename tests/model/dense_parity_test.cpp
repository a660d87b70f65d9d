// Logit parity of the dense architectures (llama, qwen2) with the Hugging Face implementation:
// prefill, token-by-token decode with the KV cache, chunked prefill, and two sequences of
// different lengths in one batch. Reference: fp32 eager transformers (tests/fixtures/models).
#include "check.h"
#include "fixture.h"

#include <atomic>
#include <cstdio>

using namespace dsw;
using namespace dsw::test;

namespace {

constexpr double kTolerance = 1e-4;

void check_fixture(const std::string& name) {
  Fixture f = load_fixture(name);
  const auto ids = f.ids("input_ids");
  const auto ref = f.floats("logits");
  REQUIRE(ref.size() == ids.size() * size_t(f.model->config().vocab_size));

  auto prefill = run_logits(f.model, ids, false);
  REQUIRE(prefill.size() == ref.size());
  double d_prefill = max_abs_diff(prefill.data(), ref.data(), ref.size());
  auto decode = run_logits(f.model, ids, true);
  double d_decode = max_abs_diff(decode.data(), ref.data(), ref.size());
  auto chunked = run_logits(f.model, ids, false, 5);  // prefill in chunks of 5 tokens
  double d_chunked = max_abs_diff(chunked.data(), ref.data(), ref.size());
  std::printf("    %s: max |dlogit| prefill %.2e, decode %.2e, chunked %.2e\n", name.c_str(), d_prefill, d_decode, d_chunked);
  CHECK(d_prefill <= kTolerance);
  CHECK(d_decode <= kTolerance);
  CHECK(d_chunked <= kTolerance);

  if (f.has("input_ids_b")) {
    // Both sequences in one batch, of different lengths.
    const auto ids_b = f.ids("input_ids_b");
    const auto ref_b = f.floats("logits_b");
    auto s = Session::create(f.model, {.n_ctx = 64, .n_seq = 2});
    REQUIRE_OK(s);
    Batch b;
    for (size_t i = 0; i < ids.size(); ++i) b.add(ids[i], int32_t(i), 0, true);
    for (size_t i = 0; i < ids_b.size(); ++i) b.add(ids_b[i], int32_t(i), 1, true);
    std::vector<float> logits;
    REQUIRE_OK((*s)->forward(b, logits));
    const size_t V = size_t(f.model->config().vocab_size);
    REQUIRE(logits.size() == (ids.size() + ids_b.size()) * V);
    double da = max_abs_diff(logits.data(), ref.data(), ref.size());
    double db = max_abs_diff(logits.data() + ids.size() * V, ref_b.data(), ref_b.size());
    std::printf("    %s: batched sequences a %.2e, b %.2e\n", name.c_str(), da, db);
    CHECK(da <= kTolerance);
    CHECK(db <= kTolerance);
  }
}

}  // namespace

DSW_TEST(llama_mha_untied) { check_fixture("llama_mha_untied"); }
DSW_TEST(llama_gqa_tied) { check_fixture("llama_gqa_tied"); }
DSW_TEST(llama_rope_linear) { check_fixture("llama_rope_linear"); }
DSW_TEST(llama_rope_llama3) { check_fixture("llama_rope_llama3"); }
DSW_TEST(llama_attention_bias) { check_fixture("llama_attention_bias"); }
DSW_TEST(qwen2_gqa_bias) { check_fixture("qwen2_gqa_bias"); }
DSW_TEST(qwen2_tied) { check_fixture("qwen2_tied"); }

DSW_TEST(batch_validation_rejects_bad_rows) {
  Fixture f = load_fixture("llama_gqa_tied");
  auto s = Session::create(f.model, {.n_ctx = 16, .n_seq = 2});
  REQUIRE_OK(s);
  std::vector<float> logits;
  Batch gap;
  gap.add(3, 1, 0, true);  // position 1 before position 0
  CHECK((*s)->forward(gap, logits).code() == StatusCode::invalid_input);
  Batch oov;
  oov.add(int32_t(f.model->config().vocab_size), 0, 0, true);
  CHECK((*s)->forward(oov, logits).code() == StatusCode::invalid_input);
  Batch bad_seq;
  bad_seq.add(3, 0, 5, true);
  CHECK((*s)->forward(bad_seq, logits).code() == StatusCode::invalid_input);
  Batch full;
  for (int i = 0; i < 17; ++i) full.add(3, i, 0, false);
  CHECK((*s)->forward(full, logits).code() == StatusCode::invalid_input);
  CHECK_EQ((*s)->length(0), 0);  // nothing was appended by failed forwards
}

DSW_TEST(cancelled_forward_keeps_only_completed_chunks) {
  Fixture f = load_fixture("llama_gqa_tied");
  auto s = Session::create(f.model, {.n_ctx = 64, .n_seq = 1, .n_batch = 4});
  REQUIRE_OK(s);
  std::vector<float> logits;
  std::vector<int32_t> ids(20, 5);
  // Cancelled from the progress report after the first chunk: that chunk stays, nothing else.
  JobContext job;
  job.progress = [&](const ProgressEvent&) { return false; };
  CHECK((*s)->forward(Batch::sequence(ids, 0), logits, job).code() == StatusCode::cancelled);
  CHECK_EQ((*s)->length(0), 4);
  // Cancelled while a chunk is in flight: the sequence does not move at all.
  std::atomic<bool> flag{true};
  JobContext mid;
  mid.cancel = &flag;
  CHECK((*s)->forward(Batch::sequence(std::vector<int32_t>(8, 5), 4), logits, mid).code() == StatusCode::cancelled);
  CHECK_EQ((*s)->length(0), 4);
  // And the session still works afterwards, continuing where it stood.
  CHECK((*s)->forward(Batch::sequence(std::vector<int32_t>(3, 5), 4), logits).is_ok());
  CHECK_EQ((*s)->length(0), 7);
}
