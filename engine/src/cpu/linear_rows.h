// The effective weight of a Linear (base plus its adapters) widened to f32 on the host: what the
// CPU backend multiplies with where it works on whole per-head matrices (MLA), and what
// quantizers, mergers and exporters read.
#pragma once

#include "compute/linear.h"

#include <cstdint>

namespace dsw::cpu {

// out[i, k] = W[r0 + i, k] + Σ_adapters scale · (B·A)[r0 + i, k], n × in_features floats.
void linear_rows_to_f32(const Linear& linear, int64_t r0, int64_t n, float* out);

}  // namespace dsw::cpu
