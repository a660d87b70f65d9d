// A fixed pool of worker threads for data-parallel loops.
//
// parallel_for splits [0, n) into one contiguous range per thread (the caller's thread works too)
// and returns when all ranges are done. Calls from several threads at once are serialised. The
// pool is meant to be owned by one engine session; destroying it joins the workers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

namespace dsw {

class ThreadPool {
 public:
  // n_threads <= 0 picks the number of hardware threads.
  explicit ThreadPool(int n_threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const noexcept;

  using RangeFn = std::function<void(int64_t begin, int64_t end, int thread_index)>;
  // Runs fn over [0, n) in up to size() chunks aligned to `grain` items.
  void parallel_for(int64_t n, const RangeFn& fn, int64_t grain = 1);

  // Runs fn(thread_index) once on every thread of the pool.
  void run_on_all(const std::function<void(int thread_index)>& fn);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Number of hardware threads (at least 1).
int hardware_threads() noexcept;

// Items per task so that each task does at least `min_task_work` when one item costs `item_work`
// (any unit, the same for both): a loop too small to pay for waking another thread runs on the
// calling thread alone, and a larger one is split no finer than that. Pass the result as
// parallel_for's grain.
inline int64_t grain_for_work(double item_work, double min_task_work) noexcept {
  if (!(item_work > 0)) return 1;
  const double g = min_task_work / item_work;
  return g <= 1 ? 1 : g >= 9e18 ? int64_t(9e18) : int64_t(g + 0.999999);
}

}  // namespace dsw
