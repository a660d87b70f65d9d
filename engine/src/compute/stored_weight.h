// StoredWeight: a weight matrix exactly as its checkpoint stores it — the tensor in its stored
// dtype (usually a zero-copy view of the mapped file), its [out, in] shape, an optional f32 bias
// and, for FP8 checkpoints, the block scales. Backends read it as it is; nothing here converts.
// The CPU backend may keep, beside the tensor, a copy of Q8_0 / Q4_0 / Q5_0 / Q5_1 / K-quant
// weights repacked for its int8 kernels (cpu/packed_quant.h, made at load); other backends ignore it, and the tensor stays
// the weight's definition (export, quantisers, checksums read it).
#pragma once

#include <dsw/tensor.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace dsw::cpu {
struct PackedWeight;
}

namespace dsw {

struct StoredWeight {
  Tensor w;                    // [rows, cols] = [out, in]
  int64_t rows = 0, cols = 0;
  std::vector<float> bias;     // [rows] or empty
  Tensor scale;                // FP8 only: f32 [ceil(rows/block_rows), ceil(cols/block_cols)]
  int64_t block_rows = 0, block_cols = 0;
  int64_t row_offset = 0;      // first row of this view in the full tensor (FP8 scale lookup)
  std::shared_ptr<const cpu::PackedWeight> packed;  // CPU repacked copy, or null
  int64_t packed_row0 = 0;     // first row of this view in `packed` (a multiple of 16)

  bool defined() const noexcept { return rows > 0; }
  DType dtype() const noexcept { return w.dtype(); }
  const uint8_t* row(int64_t r) const noexcept {
    return static_cast<const uint8_t*>(w.data()) + uint64_t(r) * w.row_bytes();
  }
  uint64_t bytes() const noexcept { return w.nbytes(); }
  // Rows [begin, begin + n) as a weight of their own (no copy; bias sliced too).
  StoredWeight rows_view(int64_t begin, int64_t n) const {
    StoredWeight v;
    v.w = w.slice(begin, begin + n);
    v.rows = n;
    v.cols = cols;
    if (!bias.empty()) v.bias.assign(bias.begin() + begin, bias.begin() + begin + n);
    v.scale = scale;
    v.block_rows = block_rows;
    v.block_cols = block_cols;
    v.row_offset = row_offset + begin;
    // The packed copy comes in groups of 16 rows: a view that starts inside a group reads the tensor.
    if (packed && (packed_row0 + begin) % 16 == 0) {
      v.packed = packed;
      v.packed_row0 = packed_row0 + begin;
    }
    return v;
  }
  // An f32 host matrix [rows, cols] viewed as a stored weight (adapters, trainable weights).
  static StoredWeight f32_view(const Tensor& t) {
    StoredWeight v;
    v.w = t;
    v.rows = t.dim(0);
    v.cols = t.dim(1);
    return v;
  }
};

}  // namespace dsw
