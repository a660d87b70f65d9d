// compare_routing: how two models (or two stored runs) route the same tokens (dsw/inspect.h).
#include <dsw/inspect.h>

#include "core/error.h"

#include <algorithm>
#include <limits>

namespace dsw {
namespace {

std::string plural(int64_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); }

// Why per-token metrics cannot be computed, or empty when they can.
std::string per_token_gap(const RoutingCapture& a, const RoutingCapture& b) {
  if (a.trace.tokens == 0 || a.tokens.empty()) return "A kept no per-token routing, so per-token agreement is unavailable";
  if (b.trace.tokens == 0 || b.tokens.empty()) return "B kept no per-token routing, so per-token agreement is unavailable";
  if (a.tokens.size() != b.tokens.size())
    return "per-token agreement needs the same tokens: A has " + plural(int64_t(a.tokens.size()), "token") + ", B has " +
           std::to_string(b.tokens.size());
  for (size_t i = 0; i < a.tokens.size(); ++i)
    if (a.tokens[i] != b.tokens[i])
      return "per-token agreement needs the same tokens: the runs differ at token " + std::to_string(i) + " (" +
             std::to_string(a.tokens[i]) + " in A, " + std::to_string(b.tokens[i]) + " in B)";
  return {};
}

}  // namespace

Status routing_comparable(const RoutingShape& a, const RoutingShape& b) {
  if (a.experts == 0 || b.experts == 0)
    return {StatusCode::invalid_input, std::string("cannot compare routing: ") + (a.experts == 0 ? "A" : "B") +
                                           " is a dense model with no MoE layers"};
  if (a.layers != b.layers)
    return {StatusCode::invalid_input, "cannot compare routing: A has " + plural(a.layers, "layer") + ", B has " + std::to_string(b.layers)};
  if (a.experts != b.experts)
    return {StatusCode::invalid_input, "cannot compare routing: A has " + plural(a.experts, "routed expert") + " per MoE layer, B has " +
                                           std::to_string(b.experts)};
  for (int64_t l = 0; l < a.layers; ++l)
    if (a.moe_layer[size_t(l)] != b.moe_layer[size_t(l)])
      return {StatusCode::invalid_input, "cannot compare routing: layer " + std::to_string(l) + " is " +
                                             (a.moe_layer[size_t(l)] ? "an MoE layer in A but dense in B" : "dense in A but an MoE layer in B")};
  return Status::ok();
}

Result<RoutingComparison> compare_routing(const RoutingCapture& a, const RoutingCapture& b) {
  return guard([&] {
    const RoutingShape& s = a.summary.shape;
    throw_if_error(routing_comparable(s, b.summary.shape));
    const int64_t L = s.layers, E = s.experts;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    RoutingComparison c;
    c.shape = s;
    c.tokens_a = a.summary.total_tokens();
    c.tokens_b = b.summary.total_tokens();
    c.jaccard.assign(size_t(L), nan);
    c.changed.assign(size_t(L), nan);
    c.load_shift.assign(size_t(L * E), 0.0);
    c.coactivation_change.assign(size_t(L * E * E), 0.0);
    c.entropy_a.resize(size_t(L));
    c.entropy_b.resize(size_t(L));
    c.never_hit_a.resize(size_t(L));
    c.never_hit_b.resize(size_t(L));
    for (int64_t l = 0; l < L; ++l) {
      if (!s.moe_layer[size_t(l)]) {
        c.entropy_a[size_t(l)] = c.entropy_b[size_t(l)] = nan;
        continue;
      }
      for (int64_t e = 0; e < E; ++e) {
        c.load_shift[size_t(l * E + e)] = b.summary.load_share(l, e) - a.summary.load_share(l, e);
        for (int64_t f = 0; f < E; ++f)
          c.coactivation_change[size_t((l * E + e) * E + f)] = b.summary.coactivation_share(l, e, f) - a.summary.coactivation_share(l, e, f);
      }
      c.entropy_a[size_t(l)] = a.summary.token_entropy(l);
      c.entropy_b[size_t(l)] = b.summary.token_entropy(l);
      c.never_hit_a[size_t(l)] = a.summary.never_hit(l);
      c.never_hit_b[size_t(l)] = b.summary.never_hit(l);
    }
    c.per_token_note = per_token_gap(a, b);
    c.per_token = c.per_token_note.empty();
    if (!c.per_token) return c;
    const int64_t T = int64_t(a.tokens.size());
    std::vector<uint8_t> any(size_t(T), 0);
    for (int64_t l = 0; l < L; ++l) {
      if (!s.moe_layer[size_t(l)]) continue;
      double jsum = 0;
      int64_t changed = 0;
      for (int64_t t = 0; t < T; ++t) {
        auto x = a.trace.chosen(t, l);
        auto y = b.trace.chosen(t, l);
        int64_t inter = 0;
        for (int32_t e : x)
          if (std::find(y.begin(), y.end(), e) != y.end()) ++inter;
        const int64_t uni = int64_t(x.size() + y.size()) - inter;
        jsum += uni ? double(inter) / double(uni) : 1.0;
        if (inter != int64_t(x.size()) || x.size() != y.size()) {
          ++changed;
          any[size_t(t)] = 1;
        }
      }
      c.jaccard[size_t(l)] = jsum / double(T);
      c.changed[size_t(l)] = double(changed) / double(T);
    }
    c.changed_any = double(std::count(any.begin(), any.end(), uint8_t(1))) / double(T);
    return c;
  });
}

}  // namespace dsw
