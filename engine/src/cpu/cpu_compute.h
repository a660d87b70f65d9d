// The CPU ComputeBackend: the session's thread pool, matmul, attention and KV cache in host memory.
#pragma once

#include "compute/compute_backend.h"

#include <memory>

namespace dsw {

class ThreadPool;

namespace cpu {

// A backend with n_threads worker threads (<= 0: all hardware threads).
// batch_invariant: Matmul::set_batch_invariant (serving sessions).
std::unique_ptr<ComputeBackend> make_cpu_compute(int n_threads, bool batch_invariant = false);

// The pool a CPU backend runs on (for engine code that splits host work the same way).
ThreadPool& cpu_compute_pool(ComputeBackend& backend);

}  // namespace cpu
}  // namespace dsw
