// A Linear weight as the compute code sees it: the stored tensor (any supported dtype, usually a
// zero-copy view of the checkpoint), its shape, an optional f32 bias and, for FP8 checkpoints, the
// block scales.
#pragma once

#include <dsw/tensor.h>

#include <cstdint>
#include <vector>

namespace dsw::cpu {

struct Weight {
  Tensor w;                    // [rows, cols] = [out, in]
  int64_t rows = 0, cols = 0;
  std::vector<float> bias;     // [rows] or empty
  Tensor scale;                // FP8 only: f32 [ceil(rows/block_rows), ceil(cols/block_cols)]
  int64_t block_rows = 0, block_cols = 0;

  bool defined() const noexcept { return rows > 0; }
  const uint8_t* row(int64_t r) const noexcept {
    return static_cast<const uint8_t*>(w.data()) + uint64_t(r) * w.row_bytes();
  }
  uint64_t bytes() const noexcept { return w.nbytes(); }
};

}  // namespace dsw::cpu
