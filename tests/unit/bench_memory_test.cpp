// A benchmark row's peak memory is the run's own: memory the process held before the run starts
// is not counted, memory the run allocates and frees again is (at its peak), heap pages re-used
// from an earlier run count again, and mapped weights are added as given.
#include "check.h"

#include "bench/run_memory.h"

#include <cstring>
#include <memory>
#include <vector>

using namespace dsw;
using namespace dsw::test;
using bench_detail::RunMemory;

namespace {

constexpr uint64_t MiB = uint64_t(1) << 20;

// Allocates and touches `bytes` (so the pages are resident), returned to free later.
std::unique_ptr<char[]> touched(size_t bytes) {
  std::unique_ptr<char[]> p(new char[bytes]);
  std::memset(p.get(), 1, bytes);
  volatile char sink = p[bytes / 2];
  (void)sink;
  return p;
}

// Many heap-sized chunks (below the mmap threshold), as scratch buffers are.
std::vector<std::unique_ptr<char[]>> touched_chunks(size_t count, size_t bytes) {
  std::vector<std::unique_ptr<char[]>> out;
  for (size_t i = 0; i < count; ++i) out.push_back(touched(bytes));
  return out;
}

}  // namespace

DSW_TEST(counters_are_readable) {
  const auto m = bench_detail::read_proc_memory();
  CHECK(m.ok);
  CHECK(m.rss > 0);
  CHECK(m.hwm >= m.rss);
}

DSW_TEST(memory_held_before_the_run_is_not_counted) {
  auto before = touched(96 * MiB);  // another model, Qt, ... whatever the process already holds
  RunMemory run(0);
  auto during = touched(24 * MiB);
  run.sample();
  const uint64_t growth = run.peak_growth_bytes();
  CHECK(growth >= 22 * MiB);
  CHECK(growth < 60 * MiB);  // far below the 120 MiB the process holds
}

DSW_TEST(a_freed_peak_is_still_the_peak) {
  RunMemory run(0);
  { auto transient = touched(48 * MiB); }  // freed before the run ends, no sample taken in between
  const uint64_t growth = run.peak_growth_bytes();
  if (!run.high_water_mark_reset()) SKIP("/proc/self/clear_refs is not writable here");
  CHECK(growth >= 44 * MiB);
}

DSW_TEST(heap_pages_reused_from_an_earlier_run_count_again) {
  { auto earlier = touched_chunks(256, 64 << 10); }  // 16 MiB freed into the heap, kept by malloc
  RunMemory run(0);
  auto again = touched_chunks(256, 64 << 10);
  run.sample();
  CHECK(run.peak_growth_bytes() >= 12 * MiB);
}

DSW_TEST(mapped_weights_are_added) {
  RunMemory run(100 * MiB);
  const uint64_t total = run.peak_bytes();
  CHECK(total >= 100 * MiB);
  CHECK(total < 100 * MiB + 16 * MiB);
}
