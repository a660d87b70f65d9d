// linear_rows_to_f32: widen the stored rows, then add each adapter's B·A rows.
#include "cpu/linear_rows.h"

#include "cpu/kernels.h"
#include "cpu/matmul.h"

namespace dsw::cpu {

void linear_rows_to_f32(const Linear& l, int64_t r0, int64_t n, float* out) {
  weight_rows_to_f32(l.base(), r0, n, out);
  const int64_t K = l.in_features();
  const auto& kt = kernels();
  for (const auto& ad : l.adapters()) {
    const int64_t r = ad.rank();
    const float* A = ad.a.data_as<const float>();
    const float* B = ad.b.data_as<const float>();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < r; ++j) kt.axpy(ad.scale * B[(r0 + i) * r + j], A + j * K, out + i * K, K);
  }
}

}  // namespace dsw::cpu
