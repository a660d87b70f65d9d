// The order in which waiting requests are considered for admission (a pure function, so the
// policies are tested without running a model).
#pragma once

#include <dsw/serve.h>

#include <cstdint>
#include <vector>

namespace dsw::serve {

struct Waiting {
  uint64_t arrival = 0;   // submission order
  int64_t work = 0;       // prompt tokens + max_tokens
  double waited_s = 0;    // time in the queue so far
};

// Indices into `queue`: first every request that has waited at least `starve_s` (oldest first), then
// the rest by the policy (ties in arrival order).
std::vector<size_t> admission_order(const std::vector<Waiting>& queue, SchedulePolicy policy, double starve_s);

}  // namespace dsw::serve
