// Decode attention (at most 4 rows per sequence) is split over the pool's threads by head from a
// few dozen keys on (cpu/attention.cpp, kMinDecodeTaskMacs): every head is computed by the same
// code whichever thread takes it, so the output must equal the one-thread output bit for bit, at
// key counts below, at and above the point where the split starts, with several sequences.
#include "check.h"
#include "cpu/attention.h"
#include "cpu/kv_cache.h"

#include <dsw/thread_pool.h>

#include <cstring>
#include <random>
#include <vector>

using namespace dsw;

namespace {

std::vector<float> run_attention(int threads, const AttentionDims& d, const KvCacheShape& shape, const std::vector<SeqRun>& runs,
                                 const std::vector<float>& q, const std::vector<float>& kv) {
  ThreadPool pool(threads);
  cpu::Attention attn(pool);
  cpu::KvCache cache(shape);
  // The same pseudo-random keys and values in every cache.
  size_t i = 0;
  for (int64_t l = 0; l < shape.n_layers; ++l)
    for (int64_t s = 0; s < shape.n_seq; ++s)
      for (int64_t h = 0; h < shape.n_heads; ++h) {
        float* k = cache.k(l, s, h);
        float* v = cache.v(l, s, h);
        for (int64_t j = 0; j < shape.capacity * shape.k_dim; ++j) k[j] = kv[i++ % kv.size()];
        for (int64_t j = 0; j < shape.capacity * shape.v_dim; ++j) v[j] = kv[i++ % kv.size()];
      }
  int64_t rows = 0;
  for (const SeqRun& r : runs) rows += r.n_tokens;
  std::vector<float> out(size_t(rows * d.n_heads * d.v_dim), -1.0f);
  attn.run(q.data(), d.n_heads * d.qk_dim, runs, cache, shape.n_layers - 1, d, out.data(), d.n_heads * d.v_dim);
  return out;
}

}  // namespace

DSW_TEST(decode_attention_split_over_threads_equals_one_thread) {
  AttentionDims d;
  d.n_heads = 16;
  d.n_kv_heads = 8;
  d.qk_dim = d.v_dim = 64;
  d.scale = 0.125f;
  std::mt19937 rng(7);
  std::normal_distribution<float> nd;
  std::vector<float> kv(100003), q(size_t(8 * d.n_heads * d.qk_dim));
  for (float& x : kv) x = nd(rng);
  for (float& x : q) x = nd(rng);
  for (int64_t keys : {1, 17, 63, 64, 65, 200, 700}) {
    const KvCacheShape shape{2, 3, 704, d.n_kv_heads, d.qk_dim, d.v_dim};
    // One row per sequence (decode), then two sequences of 1 and 4 rows (a small batch).
    const std::vector<std::vector<SeqRun>> cases = {
        {{0, 0, 1, keys - 1}},
        {{0, 0, 1, keys - 1}, {1, 1, 1, keys / 2}, {2, 2, 1, keys > 3 ? keys - 3 : 0}},
        {{1, 0, 4, keys}, {2, 4, 1, keys - 1}},
    };
    for (const auto& runs : cases) {
      const auto one = run_attention(1, d, shape, runs, q, kv);
      for (int threads : {2, 3}) {
        const auto many = run_attention(threads, d, shape, runs, q, kv);
        REQUIRE(many.size() == one.size());
        CHECK(std::memcmp(many.data(), one.data(), one.size() * sizeof(float)) == 0);
      }
    }
  }
}
