// How a decode GEMV's chunks of rows are shared between the threads of the pool.
//
// The chunks themselves (whole grains of rows, about an eighth of a thread's share) are fixed by
// the caller; only which thread computes which chunk changes, so every rule gives the same output
// bit for bit. Default (`owned`): each thread owns one contiguous run of about 1/threads of the
// chunks and reads it front to back, so each core streams one region of memory, as a plain
// parallel read does; a thread that runs out takes the last unclaimed chunk of another thread's
// run (from the back, away from that thread's stream), so a core slowed by other work is still
// helped at the end. Measured against `dynamic` (every thread claims the next chunk of the whole
// list in turn, the rule before) in docs/performance.md. DSW_GEMV_SPLIT=dynamic | static (one run
// per thread, nothing taken) selects the others for side-by-side measurements.
//
// run_chunk_ranges (single weights, Matmul::gemv / Matmul::packed) works on finer chunks (one
// 16-row group or 16 rows each) claimed `claim` at a time, and cuts the tail of every run fine:
// once less than two claims are left in a run, owner and helpers take one chunk at a time, so the
// thread that runs out first waits for at most one small chunk instead of a whole claim.
// DSW_GEMV_SPLIT=coarse keeps whole claims to the end (the rule before, for comparisons).
#pragma once

#include <dsw/thread_pool.h>

#include <cstdint>
#include <functional>

namespace dsw::cpu {

enum class GemvSplit { owned, dynamic, fixed, coarse };

// The rule from DSW_GEMV_SPLIT (read once per process).
GemvSplit gemv_split();

// Runs fn(c, thread_index) once for every chunk c in [0, n_chunks) on all threads of the pool,
// shared by `rule` (see above). Returns when every chunk is done.
// (`coarse` is taken as `owned` here.)
void run_chunks(ThreadPool& pool, int64_t n_chunks, GemvSplit rule, const std::function<void(int64_t, int)>& fn);

// Runs fn(c0, c1, thread_index) over ranges of consecutive chunks that together cover
// [0, n_chunks) once, on all threads of the pool. Ranges hold `claim` chunks (aligned to multiples
// of `claim`) except in the fine tail of each run under `owned` (one chunk each; see above) and at
// the end of the list. `fixed`: one range per thread; `dynamic`: claims in turn from the front.
void run_chunk_ranges(ThreadPool& pool, int64_t n_chunks, int64_t claim, GemvSplit rule,
                      const std::function<void(int64_t, int64_t, int)>& fn);

}  // namespace dsw::cpu
