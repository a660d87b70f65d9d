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
#pragma once

#include <dsw/thread_pool.h>

#include <cstdint>
#include <functional>

namespace dsw::cpu {

enum class GemvSplit { owned, dynamic, fixed };

// The rule from DSW_GEMV_SPLIT (read once per process).
GemvSplit gemv_split();

// Runs fn(c, thread_index) once for every chunk c in [0, n_chunks) on all threads of the pool,
// shared by `rule` (see above). Returns when every chunk is done.
void run_chunks(ThreadPool& pool, int64_t n_chunks, GemvSplit rule, const std::function<void(int64_t, int)>& fn);

}  // namespace dsw::cpu
