// ThreadPool: persistent workers woken per parallel_for.
//
// Workers sleep on a condition variable between jobs. A job is published as a generation number;
// each worker runs its own chunk and the caller runs chunk 0, then waits for the rest. Decode issues
// hundreds of small loops per token, so wake-up cost matters: workers spin briefly before sleeping.
//
// Workers start at the first job that needs them, not in the constructor. A process that has never
// had a second thread stays "single-threaded" for glibc and libstdc++ (__libc_single_threaded):
// malloc/free skip their arena locks and shared_ptr copies skip the locked increment. Creating one
// thread turns that off for good, even while the thread sleeps, and costs a model whose every loop
// is below its grain (stories260K decodes at ~10,000 tokens/s) about 3% on x86. With lazy start, a
// second configured thread costs nothing until some loop is big enough to give it work.
#include <dsw/thread_pool.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace dsw {

int hardware_threads() noexcept {
  unsigned n = std::thread::hardware_concurrency();
  return n ? int(n) : 1;
}

struct ThreadPool::Impl {
  int n_threads = 1;
  std::vector<std::thread> workers;
  std::mutex call_mutex;  // serialises parallel_for callers

  std::mutex m;
  std::condition_variable wake;
  std::condition_variable done_cv;
  uint64_t generation = 0;
  bool stopping = false;
  std::atomic<int> remaining{0};
  const std::function<void(int)>* task = nullptr;

  // Spin before sleeping on `wake`. Inside a decoded token the next parallel region follows the
  // last within ~1–100 µs (norms, RoPE, attention at short context run on the caller meanwhile);
  // a worker that has gone to sleep is woken through a futex and, in a VM, by waking its idle vCPU.
  // The budget stays at 50 µs (about the 2,000 `pause` of before): a 2 ms budget was measured
  // beside it and was not faster (docs/performance.md, "Where a 2-thread token's time goes"), and a
  // longer spin costs CPU on a machine shared with other work. The spin yields the CPU now and then
  // so that on an oversubscribed machine it does not hold a core the caller may be waiting for.
  // DSW_POOL_SPIN_US sets the budget for side-by-side measurements.
  static std::chrono::microseconds spin_budget() {
    static const std::chrono::microseconds us = [] {
      const char* e = std::getenv("DSW_POOL_SPIN_US");
      const long v = e ? std::strtol(e, nullptr, 10) : 50;
      return std::chrono::microseconds(std::clamp(v, 0L, 1000000L));
    }();
    return us;
  }
  void wait_for_job(uint64_t seen) const {
    const auto deadline = std::chrono::steady_clock::now() + spin_budget();
    for (uint32_t spin = 1;; ++spin) {
      if (__atomic_load_n(&generation, __ATOMIC_ACQUIRE) != seen) return;
#if defined(__x86_64__)
      __builtin_ia32_pause();
#endif
      if (spin % 64 == 0) {
        if (__atomic_load_n(&stopping, __ATOMIC_ACQUIRE)) return;  // the pool is being destroyed
        if (std::chrono::steady_clock::now() >= deadline) return;
        if (spin % 1024 == 0) std::this_thread::yield();
      }
    }
  }

  void worker_main(int index) {
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(int)>* t = nullptr;
      {
        wait_for_job(seen);
        std::unique_lock lock(m);
        wake.wait(lock, [&] { return stopping || generation != seen; });
        if (stopping) return;
        seen = generation;
        t = task;
      }
      (*t)(index);
      if (remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard lock(m);
        done_cv.notify_one();
      }
    }
  }

  bool start_failed = false;

  // Called with the pool's call_mutex held (parallel_for, run_on_all), so at most one caller starts
  // them. If the system refuses a thread, the ones started are stopped again and every job runs its
  // chunks one after another on the caller: slower, but the same result and no worker left waiting.
  void start_workers() {
    try {
      workers.reserve(size_t(n_threads - 1));
      for (int i = 1; i < n_threads; ++i) workers.emplace_back([this, i] { worker_main(i); });
    } catch (...) {
      stop_workers();
      start_failed = true;
    }
  }

  void stop_workers() {
    {
      std::lock_guard lock(m);
      __atomic_store_n(&stopping, true, __ATOMIC_RELEASE);
    }
    wake.notify_all();
    for (auto& t : workers) t.join();
    workers.clear();
  }

  void run(const std::function<void(int)>& fn) {
    if (n_threads == 1) {
      fn(0);
      return;
    }
    if (workers.empty() && !start_failed) start_workers();
    if (start_failed) {
      for (int i = 0; i < n_threads; ++i) fn(i);
      return;
    }
    {
      std::lock_guard lock(m);
      task = &fn;
      remaining.store(n_threads - 1, std::memory_order_release);
      __atomic_add_fetch(&generation, 1, __ATOMIC_RELEASE);
    }
    wake.notify_all();
    fn(0);
    // The workers' chunks end about when the caller's does: spin before sleeping, since a sleeping
    // caller is woken by a futex call and the scheduler (tens of µs in a VM), hundreds of times per
    // decoded token.
    for (int spin = 0; spin < 4000; ++spin) {
      if (remaining.load(std::memory_order_acquire) == 0) return;
#if defined(__x86_64__)
      __builtin_ia32_pause();
#endif
    }
    std::unique_lock lock(m);
    done_cv.wait(lock, [&] { return remaining.load(std::memory_order_acquire) == 0; });
  }
};

ThreadPool::ThreadPool(int n_threads) : impl_(std::make_unique<Impl>()) {
  impl_->n_threads = n_threads > 0 ? n_threads : hardware_threads();
}

ThreadPool::~ThreadPool() { impl_->stop_workers(); }

int ThreadPool::size() const noexcept { return impl_->n_threads; }

void ThreadPool::run_on_all(const std::function<void(int)>& fn) {
  std::lock_guard call(impl_->call_mutex);
  std::exception_ptr error;
  std::mutex error_mutex;
  std::function<void(int)> body = [&](int t) {
    try {
      fn(t);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  impl_->run(body);
  if (error) std::rethrow_exception(error);
}

void ThreadPool::parallel_for(int64_t n, const RangeFn& fn, int64_t grain) {
  if (n <= 0) return;
  grain = std::max<int64_t>(grain, 1);
  int64_t units = (n + grain - 1) / grain;
  int64_t parts = std::min<int64_t>(units, impl_->n_threads);
  if (parts <= 1) {
    fn(0, n, 0);
    return;
  }
  std::lock_guard call(impl_->call_mutex);
  // An exception on a worker thread would terminate the process: keep the first one and rethrow
  // it on the calling thread once every range has finished.
  std::exception_ptr error;
  std::mutex error_mutex;
  std::function<void(int)> body = [&](int t) {
    if (t >= parts) return;
    int64_t u0 = units * t / parts, u1 = units * (t + 1) / parts;
    int64_t b = std::min(n, u0 * grain), e = std::min(n, u1 * grain);
    try {
      if (b < e) fn(b, e, t);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  impl_->run(body);
  if (error) std::rethrow_exception(error);
}

}  // namespace dsw
