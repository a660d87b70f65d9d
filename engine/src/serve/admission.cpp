// admission_order: fcfs, longest_first, shortest_first, with starving requests first.
#include "serve/admission.h"

#include <algorithm>
#include <numeric>

namespace dsw::serve {

std::vector<size_t> admission_order(const std::vector<Waiting>& q, SchedulePolicy policy, double starve_s) {
  std::vector<size_t> idx(q.size());
  std::iota(idx.begin(), idx.end(), size_t(0));
  auto starving = [&](size_t i) { return q[i].waited_s >= starve_s; };
  std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    const bool sa = starving(a), sb = starving(b);
    if (sa != sb) return sa;
    if (!sa && policy != SchedulePolicy::fcfs && q[a].work != q[b].work)
      return policy == SchedulePolicy::longest_first ? q[a].work > q[b].work : q[a].work < q[b].work;
    return q[a].arrival < q[b].arrival;
  });
  return idx;
}

}  // namespace dsw::serve
