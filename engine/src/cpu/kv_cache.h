// KV cache on the host: per layer, per sequence slot, per KV head, `capacity` positions of K
// (k_dim floats) and V (v_dim floats; 0 for MLA's latent cache, which keeps one joint vector).
//
// Memory comes from an anonymous mapping, so pages are committed only as positions are written:
// a 16k-token capacity costs nothing until used. Layout [layer][seq][head][pos][dim] keeps each
// head's keys contiguous for the attention loops.
#pragma once

#include "compute/attention_types.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dsw::cpu {

class KvCache {
 public:
  explicit KvCache(const KvCacheShape& shape);  // throws dsw::Error(out_of_memory) on failure
  ~KvCache();
  KvCache(const KvCache&) = delete;
  KvCache& operator=(const KvCache&) = delete;

  const KvCacheShape& shape() const noexcept { return shape_; }
  float* k(int64_t layer, int64_t seq, int64_t head) noexcept {
    return k_ + ((layer * shape_.n_seq + seq) * shape_.n_heads + head) * shape_.capacity * shape_.k_dim;
  }
  float* v(int64_t layer, int64_t seq, int64_t head) noexcept {
    return v_ + ((layer * shape_.n_seq + seq) * shape_.n_heads + head) * shape_.capacity * shape_.v_dim;
  }
  // Positions filled for a sequence (all layers agree after a forward).
  int64_t length(int64_t seq) const noexcept { return lengths_[size_t(seq)]; }
  void set_length(int64_t seq, int64_t n) noexcept { lengths_[size_t(seq)] = n; }
  uint64_t bytes_per_token() const noexcept {
    return uint64_t(shape_.n_layers * shape_.n_heads * (shape_.k_dim + shape_.v_dim)) * sizeof(float);
  }
  uint64_t reserved_bytes() const noexcept { return bytes_; }

 private:
  KvCacheShape shape_;
  float* k_ = nullptr;
  float* v_ = nullptr;
  void* base_ = nullptr;
  uint64_t bytes_ = 0;
  std::vector<int64_t> lengths_;
};

}  // namespace dsw::cpu
