// RunMemory: the host memory one benchmarked run uses, independent of what else the process holds.
//
// The process's peak resident set is the wrong figure for a benchmark row: in the workbench it
// includes Qt, other open models and everything freed earlier, so the same run reported hundreds of
// MiB in dsw and a dozen in dsw-cli. A run's figure is
//
//   weights mapped by the model (CPU models map their weight files; the run reads them all)
//   + the peak growth of the process's anonymous memory while the run lasts
//     (KV cache, scratch, logits, thread stacks, BLAS buffers)
//
// The growth is measured from the kernel's counters: at the start, free heap memory is returned
// (malloc_trim, so re-used heap pages count as the run's) and the high-water mark is reset
// (/proc/self/clear_refs "5"); at the end, the high-water mark minus the resident set at the start,
// less the file-backed pages that came in meanwhile (weights paged in count once, above), is the
// anonymous peak. Where the reset is refused, samples taken at sample() bound it from below.
// Other threads of the process allocating during the run add to it: that is the noise of the
// figure (small in practice; the GUI's own thread allocates little while a job runs).
// Threading: one meter per run; the /proc reads are per process.
#pragma once

#include <cstdint>

namespace dsw::bench_detail {

struct ProcMemory {
  uint64_t rss = 0, rss_anon = 0, rss_file = 0, rss_shmem = 0, hwm = 0;  // bytes
  bool ok = false;
};
// /proc/self/status's VmRSS, RssAnon, RssFile, RssShmem and VmHWM.
ProcMemory read_proc_memory();

class RunMemory {
 public:
  // Starts the measurement: trims the heap, resets the high-water mark, reads the counters.
  // `mapped_weight_bytes` is added to the figure as is (0 for a model whose weights are elsewhere).
  explicit RunMemory(uint64_t mapped_weight_bytes);

  // Takes a sample of the anonymous memory (cheap: one read of /proc/self/status).
  void sample();
  // Weights mapped + the anonymous peak growth since the start, in bytes.
  uint64_t peak_bytes();
  // The anonymous peak growth alone.
  uint64_t peak_growth_bytes();
  bool high_water_mark_reset() const { return reset_ok_; }

 private:
  uint64_t weights_;
  ProcMemory start_;
  uint64_t sampled_growth_ = 0;
  bool reset_ok_ = false;
};

}  // namespace dsw::bench_detail
