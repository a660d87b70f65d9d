#include "cpu/gemv_split.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace dsw::cpu {

GemvSplit gemv_split() {
  static const GemvSplit rule = [] {
    const char* e = std::getenv("DSW_GEMV_SPLIT");
    if (e && std::strcmp(e, "dynamic") == 0) return GemvSplit::dynamic;
    if (e && std::strcmp(e, "static") == 0) return GemvSplit::fixed;
    if (e && std::strcmp(e, "coarse") == 0) return GemvSplit::coarse;
    return GemvSplit::owned;
  }();
  return rule;
}

namespace {

// One thread's run of chunks [front, back), both in one word so that the owner (taking from the
// front) and a helper (taking from the back) never claim the same chunk. A cache line each: the
// owner updates its own without disturbing the others'.
struct alignas(64) Run {
  std::atomic<uint64_t> fb{0};
};

uint64_t pack(uint64_t front, uint64_t back) { return front | (back << 32); }

// The next range of run r from the front / the back: `claim` chunks on the grid of multiples of
// `claim` while the run holds at least two claims (or always, when !fine), else one chunk.
bool take_range(Run& r, int64_t claim, bool fine, bool from_back, int64_t& c0, int64_t& c1) {
  uint64_t v = r.fb.load(std::memory_order_relaxed);
  for (;;) {
    const int64_t f = int64_t(v & 0xffffffffu), b = int64_t(v >> 32);
    if (f >= b) return false;
    const bool whole = !fine || b - f >= 2 * claim;
    int64_t nf = f, nb = b;
    if (from_back) nb = whole ? std::max(f, (b - 1) / claim * claim) : b - 1;
    else nf = whole ? std::min(b, (f / claim + 1) * claim) : f + 1;
    if (r.fb.compare_exchange_weak(v, pack(uint64_t(nf), uint64_t(nb)), std::memory_order_relaxed)) {
      c0 = from_back ? nb : f;
      c1 = from_back ? b : nf;
      return true;
    }
  }
}

}  // namespace

void run_chunk_ranges(ThreadPool& pool, int64_t n_chunks, int64_t claim, GemvSplit rule,
                      const std::function<void(int64_t, int64_t, int)>& fn) {
  const int threads = pool.size();
  if (n_chunks <= 0) return;
  claim = std::max<int64_t>(1, claim);
  if (threads <= 1) {
    for (int64_t c = 0; c < n_chunks; c += claim) fn(c, std::min(n_chunks, c + claim), 0);
    return;
  }
  const int64_t n_claims = (n_chunks + claim - 1) / claim;
  if (rule == GemvSplit::dynamic) {
    std::atomic<int64_t> next{0};
    pool.run_on_all([&](int tid) {
      for (int64_t c; (c = next.fetch_add(claim, std::memory_order_relaxed)) < n_chunks;) fn(c, std::min(n_chunks, c + claim), tid);
    });
    return;
  }
  auto run_begin = [&](int t) { return std::min(n_chunks, n_claims * t / threads * claim); };
  if (rule == GemvSplit::fixed || n_chunks >= (int64_t(1) << 31)) {
    pool.run_on_all([&](int tid) {
      const int64_t c0 = run_begin(tid), c1 = run_begin(tid + 1);
      if (c0 < c1) fn(c0, c1, tid);
    });
    return;
  }
  const bool fine = rule != GemvSplit::coarse;
  const std::unique_ptr<Run[]> runs(new Run[size_t(threads)]);
  for (int t = 0; t < threads; ++t)
    runs[size_t(t)].fb.store(pack(uint64_t(run_begin(t)), uint64_t(run_begin(t + 1))), std::memory_order_relaxed);
  pool.run_on_all([&](int tid) {
    int64_t c0, c1;
    while (take_range(runs[size_t(tid)], claim, fine, false, c0, c1)) fn(c0, c1, tid);
    for (int k = 1; k < threads; ++k) {
      Run& other = runs[size_t((tid + k) % threads)];
      while (take_range(other, claim, fine, true, c0, c1)) fn(c0, c1, tid);
    }
  });
}

// One chunk per claim: the ranges of run_chunk_ranges are single chunks but for `fixed` (one
// range per thread), run here chunk by chunk.
void run_chunks(ThreadPool& pool, int64_t n_chunks, GemvSplit rule, const std::function<void(int64_t, int)>& fn) {
  run_chunk_ranges(pool, n_chunks, 1, rule, [&](int64_t c0, int64_t c1, int tid) {
    for (int64_t c = c0; c < c1; ++c) fn(c, tid);
  });
}

}  // namespace dsw::cpu
