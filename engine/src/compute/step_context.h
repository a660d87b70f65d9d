// StepContext: what one chunk of a forward pass hands each decoder layer.
#pragma once

#include "compute/attention_types.h"
#include "compute/compute_backend.h"

#include <dsw/observer.h>

#include <cstdint>
#include <vector>

namespace dsw {

class LinearTap;

struct StepContext {
  ComputeBackend& backend;
  const std::vector<SeqRun>& runs;
  const int32_t* positions;  // [T] host
  const int32_t* seq_ids;    // [T] host
  int64_t T;
  Observer* observer = nullptr;         // attention / routing taps; may be null
  LinearTap* linear_tap = nullptr;      // Linear inputs; may be null
  const int32_t* row_slots = nullptr;   // [T] adapter slot per row; null: every adapter, every row

  float* scratch(size_t slot, int64_t n_floats) { return backend.scratch(slot, n_floats); }
  // The same step for a subset of rows (a routed expert's tokens): no attention taps, no cache.
  StepContext rows_subset(int64_t n, const int32_t* slots) const {
    return StepContext{backend, runs, nullptr, nullptr, n, nullptr, linear_tap, slots};
  }
};

}  // namespace dsw
