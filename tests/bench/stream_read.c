// stream_read [THREADS]: an independent check of the engine's read-bandwidth probe
// (dsw::measure_read_bandwidth_gbs, `dsw-cli devices --bandwidth`), sharing no code with it. Each
// thread sums its own contiguous 1/THREADS of a 1 GiB buffer (far larger than the last-level cache)
// with aligned 512-bit loads into 8 accumulators, no software prefetch; best of 7 passes, GB/s.
// Not part of the build (plain C, AVX-512 only):
//   cc -O2 -mavx512f -pthread tests/bench/stream_read.c -o /tmp/stream_read && /tmp/stream_read 2
// docs/performance.md records its output beside the probe's.
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const size_t kBytes = (size_t)1 << 30;
static char* buf;
static int threads;
static pthread_barrier_t barrier;
static double best;
static volatile long long sink;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void* work(void* arg) {
  const long id = (long)arg;
  const size_t part = kBytes / (size_t)threads / 512 * 512;
  const char* p = buf + (size_t)id * part;
  for (int pass = 0; pass < 7; ++pass) {
    pthread_barrier_wait(&barrier);  // all threads start together; thread 0 times the pass
    const double t0 = now();
    __m512i a[8];
    for (int j = 0; j < 8; ++j) a[j] = _mm512_setzero_si512();
    for (size_t i = 0; i < part; i += 512)
      for (int j = 0; j < 8; ++j) a[j] = _mm512_add_epi64(a[j], _mm512_load_si512(p + i + 64 * j));
    for (int j = 1; j < 8; ++j) a[0] = _mm512_add_epi64(a[0], a[j]);
    sink += _mm512_reduce_add_epi64(a[0]);
    pthread_barrier_wait(&barrier);
    if (id == 0) {
      const double gbs = (double)(part * (size_t)threads) / (now() - t0) / 1e9;
      if (gbs > best) best = gbs;
    }
  }
  return NULL;
}

int main(int argc, char** argv) {
  threads = argc > 1 ? atoi(argv[1]) : 1;
  if (threads < 1 || threads > 64) {
    fprintf(stderr, "usage: stream_read [THREADS (1..64)]\n");
    return 2;
  }
  buf = aligned_alloc(4096, kBytes);
  if (!buf) return 1;
  memset(buf, 1, kBytes);  // touch every page before timing
  pthread_barrier_init(&barrier, NULL, (unsigned)threads);
  pthread_t th[64];
  for (long i = 1; i < threads; ++i) pthread_create(&th[i], NULL, work, (void*)i);
  work(0);
  for (int i = 1; i < threads; ++i) pthread_join(th[i], NULL);
  printf("plain C AVX-512 read, %d thread(s): %.1f GB/s (best of 7 passes over 1 GiB)\n", threads, best);
  return 0;
}
