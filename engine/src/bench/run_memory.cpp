// RunMemory (see run_memory.h).
#include "bench/run_memory.h"

#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace dsw::bench_detail {
namespace {

uint64_t sub_or_zero(uint64_t a, uint64_t b) { return a > b ? a - b : 0; }

bool reset_high_water_mark() {
  // "5" resets VmHWM to the current resident set (Linux 4.0+); refused in some sandboxes.
  std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (!f) return false;
  const bool wrote = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && wrote;
}

}  // namespace

ProcMemory read_proc_memory() {
  ProcMemory m;
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return m;
  char line[256];
  int found = 0;
  while (std::fgets(line, sizeof line, f)) {
    struct Key {
      const char* name;
      uint64_t* out;
    };
    const Key keys[] = {{"VmRSS:", &m.rss}, {"RssAnon:", &m.rss_anon}, {"RssFile:", &m.rss_file}, {"RssShmem:", &m.rss_shmem}, {"VmHWM:", &m.hwm}};
    for (const Key& k : keys) {
      const size_t n = std::strlen(k.name);
      if (std::strncmp(line, k.name, n) != 0) continue;
      unsigned long long kib = 0;
      if (std::sscanf(line + n, "%llu", &kib) == 1) {
        *k.out = uint64_t(kib) * 1024;
        ++found;
      }
    }
  }
  std::fclose(f);
  m.ok = found == 5;
  return m;
}

RunMemory::RunMemory(uint64_t mapped_weight_bytes) : weights_(mapped_weight_bytes) {
  // Heap pages freed earlier (by a previous generation on this thread, say) would be re-used
  // without showing as growth; handing them back first makes the run's allocations visible.
  malloc_trim(0);
  reset_ok_ = reset_high_water_mark();
  start_ = read_proc_memory();
}

void RunMemory::sample() {
  const ProcMemory now = read_proc_memory();
  if (now.ok && start_.ok) sampled_growth_ = std::max(sampled_growth_, sub_or_zero(now.rss_anon, start_.rss_anon));
}

uint64_t RunMemory::peak_growth_bytes() {
  sample();
  if (!reset_ok_ || !start_.ok) return sampled_growth_;
  const ProcMemory end = read_proc_memory();
  if (!end.ok) return sampled_growth_;
  // The high-water mark counts every resident page; file pages that came in during the run (the
  // weights paged in on first use) are already counted as weights, so they are taken out.
  const uint64_t total = sub_or_zero(end.hwm, start_.rss);
  const uint64_t file_in = sub_or_zero(end.rss_file + end.rss_shmem, start_.rss_file + start_.rss_shmem);
  return std::max(sub_or_zero(total, file_in), sampled_growth_);
}

uint64_t RunMemory::peak_bytes() { return weights_ + peak_growth_bytes(); }

}  // namespace dsw::bench_detail
