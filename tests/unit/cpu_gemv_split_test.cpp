// cpu/gemv_split.h: every rule runs every chunk exactly once, on a valid thread index, for 1–4
// threads and chunk counts from 0 to 1,000 (counts that do not divide by the threads included),
// and a thread that is held up has its chunks finished by the others under the default rule.
// That the outputs are bit for bit the same whichever thread takes a chunk is checked on real
// weights by unit_cpu_kernels_test (decode_split_over_threads_equals_one_thread) and
// unit_cpu_matmul_group_test.
#include "check.h"
#include "cpu/gemv_split.h"

#include <dsw/thread_pool.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

using namespace dsw;
using namespace dsw::cpu;

DSW_TEST(every_chunk_runs_once_under_every_rule) {
  int bad = 0, runs = 0;
  for (int threads : {1, 2, 3, 4}) {
    ThreadPool pool(threads);
    for (GemvSplit rule : {GemvSplit::owned, GemvSplit::dynamic, GemvSplit::fixed})
      for (int64_t n : {0, 1, 2, 3, 5, 7, 16, 17, 31, 33, 1000}) {
        std::unique_ptr<std::atomic<int>[]> hits(new std::atomic<int>[size_t(n) + 1]);
        for (int64_t c = 0; c <= n; ++c) hits[size_t(c)] = 0;
        std::atomic<int> bad_tid{0};
        run_chunks(pool, n, rule, [&](int64_t c, int tid) {
          if (c < 0 || c >= n) c = n;  // counted as a stray below
          hits[size_t(c)].fetch_add(1);
          if (tid < 0 || tid >= threads) bad_tid.fetch_add(1);
        });
        for (int64_t c = 0; c < n; ++c) bad += hits[size_t(c)].load() != 1;
        bad += hits[size_t(n)].load() != 0;
        bad += bad_tid.load();
        ++runs;
      }
  }
  std::printf("    splits checked: %d\n", runs);
  CHECK(bad == 0);
}

DSW_TEST(others_finish_the_run_of_a_held_up_thread) {
  // Thread 0 waits inside the first chunk it takes until the others have done all the rest (or
  // 10 s pass): under the default rule they take its remaining chunks from the back of its run,
  // so it runs one chunk (none, if the others emptied its run before it started).
  const int threads = 3;
  const int64_t n = 30;
  ThreadPool pool(threads);
  std::atomic<int64_t> done{0};
  std::atomic<int> by_0{0};
  std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
  run_chunks(pool, n, GemvSplit::owned, [&](int64_t c, int tid) {
    hits[size_t(c)].fetch_add(1);
    if (tid == 0 && by_0.fetch_add(1) == 0) {
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (done.load() < n - 1 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
    }
    done.fetch_add(1);
  });
  int once = 0;
  for (auto& h : hits) once += h.load() == 1;
  std::printf("    chunks run by the held-up thread: %d of its %lld\n", by_0.load(), (long long)(n / threads));
  CHECK(once == n);
  CHECK(by_0.load() <= 1);
}

// run_chunk_ranges: every chunk once, in ranges of `claim` chunks on the grid of multiples of
// `claim` or of one chunk; under the default rule the tail of each run (the last claim's worth)
// always goes one chunk at a time, whichever thread takes it, and `coarse` never cuts a claim.
DSW_TEST(chunk_ranges_cover_every_chunk_once_with_a_fine_tail) {
  int bad = 0, runs = 0;
  for (int threads : {1, 2, 3, 4}) {
    ThreadPool pool(threads);
    for (GemvSplit rule : {GemvSplit::owned, GemvSplit::coarse, GemvSplit::dynamic, GemvSplit::fixed})
      for (int64_t claim : {1, 2, 3, 8})
        for (int64_t n : {0, 1, 2, 5, 7, 16, 17, 48, 96, 1000}) {
          std::unique_ptr<std::atomic<int>[]> hits(new std::atomic<int>[size_t(n) + 1]);
          for (int64_t c = 0; c <= n; ++c) hits[size_t(c)] = 0;
          std::atomic<int> stray{0}, singles{0};
          run_chunk_ranges(pool, n, claim, rule, [&](int64_t c0, int64_t c1, int tid) {
            if (c0 < 0 || c1 > n || c0 >= c1 || tid < 0 || tid >= threads) {
              stray.fetch_add(1);
              return;
            }
            if (c1 - c0 == 1) singles.fetch_add(1);
            // A range of more than one chunk is one claim on the grid (shorter only at the end),
            // except under `fixed`, which runs each thread's run as one range.
            if (rule != GemvSplit::fixed && c1 - c0 > 1 && (c0 % claim != 0 || (c1 - c0 != claim && c1 != n)))
              stray.fetch_add(1);
            for (int64_t c = c0; c < c1; ++c) hits[size_t(c)].fetch_add(1);
          });
          for (int64_t c = 0; c < n; ++c) bad += hits[size_t(c)].load() != 1;
          bad += stray.load();
          // With n a multiple of claim · threads every run holds whole claims: the fine tail is
          // exactly `claim` single chunks per run under the default rule, none under `coarse`.
          if (threads > 1 && claim > 1 && n > 0 && n % (claim * threads) == 0) {
            if (rule == GemvSplit::owned) bad += singles.load() != threads * claim;
            if (rule == GemvSplit::coarse) bad += singles.load() != 0;
          }
          ++runs;
        }
  }
  std::printf("    range splits checked: %d\n", runs);
  CHECK(bad == 0);
}

DSW_TEST(others_finish_the_ranges_of_a_held_up_thread) {
  // As above for run_chunk_ranges: thread 0 holds its first range until the rest is done.
  const int threads = 3;
  const int64_t n = 96, claim = 4;
  ThreadPool pool(threads);
  std::atomic<int64_t> done{0};
  std::atomic<int> by_0{0};
  std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
  run_chunk_ranges(pool, n, claim, GemvSplit::owned, [&](int64_t c0, int64_t c1, int tid) {
    for (int64_t c = c0; c < c1; ++c) hits[size_t(c)].fetch_add(1);
    if (tid == 0 && by_0.fetch_add(1) == 0) {
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (done.load() < n - (c1 - c0) && std::chrono::steady_clock::now() < until) std::this_thread::yield();
    }
    done.fetch_add(c1 - c0);
  });
  int once = 0;
  for (auto& h : hits) once += h.load() == 1;
  CHECK(once == n);
  CHECK(by_0.load() <= 1);
}
