// KvCache: one anonymous mapping holding K then V.
#include "cpu/kv_cache.h"

#include "core/error.h"

#include <sys/mman.h>

namespace dsw::cpu {

KvCache::KvCache(const KvCacheShape& s) : shape_(s), lengths_(size_t(s.n_seq), 0) {
  uint64_t per = 0, kf = 0, vf = 0;
  if (__builtin_mul_overflow(uint64_t(s.n_layers) * uint64_t(s.n_seq) * uint64_t(s.n_heads), uint64_t(s.capacity), &per) ||
      __builtin_mul_overflow(per, uint64_t(s.k_dim), &kf) || __builtin_mul_overflow(per, uint64_t(s.v_dim), &vf))
    fail(StatusCode::invalid_input, "KV cache size overflows");
  bytes_ = (kf + vf) * sizeof(float);
  if (bytes_ == 0) return;
  void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    fail(StatusCode::out_of_memory, "cannot reserve " + std::to_string(bytes_) + " bytes of address space for the KV cache");
  base_ = p;
  k_ = static_cast<float*>(p);
  v_ = k_ + kf;
}

KvCache::~KvCache() {
  if (base_) munmap(base_, bytes_);
}

}  // namespace dsw::cpu
