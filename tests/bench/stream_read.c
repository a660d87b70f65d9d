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
    // Eight named accumulators (an array of them is not kept in registers at -O2).
    __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    for (size_t i = 0; i < part; i += 512) {
      a0 = _mm512_add_epi64(a0, _mm512_load_si512(p + i));
      a1 = _mm512_add_epi64(a1, _mm512_load_si512(p + i + 64));
      a2 = _mm512_add_epi64(a2, _mm512_load_si512(p + i + 128));
      a3 = _mm512_add_epi64(a3, _mm512_load_si512(p + i + 192));
      a4 = _mm512_add_epi64(a4, _mm512_load_si512(p + i + 256));
      a5 = _mm512_add_epi64(a5, _mm512_load_si512(p + i + 320));
      a6 = _mm512_add_epi64(a6, _mm512_load_si512(p + i + 384));
      a7 = _mm512_add_epi64(a7, _mm512_load_si512(p + i + 448));
    }
    a0 = _mm512_add_epi64(_mm512_add_epi64(_mm512_add_epi64(a0, a1), _mm512_add_epi64(a2, a3)),
                          _mm512_add_epi64(_mm512_add_epi64(a4, a5), _mm512_add_epi64(a6, a7)));
    sink += _mm512_reduce_add_epi64(a0);
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
