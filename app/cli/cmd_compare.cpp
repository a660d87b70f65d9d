// dsw-cli compare-attention, compare-routing and routing-runs: two versions of a model side by side
// (base vs fine-tuned, quantized, upcycled), and the stored data-set routing runs they compare.
#include "args.h"
#include "commands.h"
#include "common.h"
#include "model_loader.h"

#include <dsw/inspect.h>
#include <dsw/routing_store.h>
#include <dsw/store.h>
#include <dsw/text_input.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace dsw::cli {
namespace {

std::string read_text(const Args& args, const char* inline_opt, const char* file_opt, Status& error) {
  if (auto p = args.get(inline_opt)) return *p;
  // Read the engine's way: a FIFO or a device is refused by type instead of blocking or reading
  // forever, and the size is capped.
  auto text = read_text_input(*args.get(file_opt));
  if (!text.is_ok()) {
    error = text.status();
    return {};
  }
  return std::move(text).value();
}

std::string num(double v, const char* fmt = "%.4f") {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string id_list(const std::vector<int32_t>& v) {
  if (v.empty()) return "none";
  std::string s;
  for (int32_t e : v) {
    if (!s.empty()) s += ' ';
    s += std::to_string(e);
  }
  return s;
}

// "run:12" -> 12; otherwise nullopt (a model path).
std::optional<int64_t> stored_run(const std::string& s) {
  if (s.rfind("run:", 0) != 0) return std::nullopt;
  try {
    size_t used = 0;
    const int64_t id = std::stoll(s.substr(4), &used);
    if (used + 4 == s.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw std::invalid_argument("expected run:ID with a positive ID, got '" + s + "'");
}

void print_routing_comparison(const RoutingComparison& c) {
  std::printf("tokens: A %lld, B %lld\n", (long long)c.tokens_a, (long long)c.tokens_b);
  if (c.per_token)
    std::printf("tokens routed differently in at least one MoE layer: %.2f%%\n", 100.0 * c.changed_any);
  else
    std::printf("per-token agreement: %s\n", c.per_token_note.c_str());
  std::printf("%5s %9s %9s %10s %10s  %-24s %s\n", "layer", "jaccard", "changed", "entropy_A", "entropy_B", "never hit in A", "never hit in B");
  const int64_t E = c.shape.experts;
  for (int64_t l = 0; l < c.shape.layers; ++l) {
    if (!c.shape.moe_layer[size_t(l)]) continue;
    std::printf("%5lld %9s %9s %10s %10s  %-24s %s\n", (long long)l, num(c.jaccard[size_t(l)]).c_str(), num(c.changed[size_t(l)]).c_str(),
                num(c.entropy_a[size_t(l)]).c_str(), num(c.entropy_b[size_t(l)]).c_str(), id_list(c.never_hit_a[size_t(l)]).c_str(),
                id_list(c.never_hit_b[size_t(l)]).c_str());
  }
  // The largest load shifts (share of tokens choosing the expert, B - A).
  std::vector<int64_t> order(c.load_shift.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return std::abs(c.load_shift[size_t(a)]) > std::abs(c.load_shift[size_t(b)]); });
  std::printf("largest load shifts (share of tokens, B - A):");
  for (size_t i = 0; i < std::min<size_t>(8, order.size()); ++i)
    std::printf(" L%lld/e%lld %+.3f", (long long)(order[i] / E), (long long)(order[i] % E), c.load_shift[size_t(order[i])]);
  std::printf("\n");
}

}  // namespace

int cmd_compare_attention(const Argv& argv) {
  std::set<std::string> options = {"prompt", "prompt-file", "max-mb"};
  options.insert(model_pair_options().begin(), model_pair_options().end());
  Args args(argv, {"csv", "json"}, options);
  if (args.positional().size() != 2) throw std::invalid_argument("expected two models: A B");
  if (args.has("prompt") == args.has("prompt-file")) throw std::invalid_argument("give exactly one of --prompt or --prompt-file");
  Status err;
  const std::string text = read_text(args, "prompt", "prompt-file", err);
  if (!err.is_ok()) return report(err);
  auto a = open_runner(args.positional()[0], args, true);
  if (!a.is_ok()) return report(a.status());
  auto b = open_runner(args.positional()[1], args, true, 0, "adapter-b");
  if (!b.is_ok()) return report(b.status());
  if (Status s = attention_comparable((*a)->model()->config(), (*b)->model()->config()); !s.is_ok()) return report(s);
  if (Status s = same_tokens(*(*a)->tokenizer(), *(*b)->tokenizer(), text); !s.is_ok()) return report(s);
  auto ids = (*a)->text_prompt(text);
  if (!ids.is_ok()) return report(ids.status());
  const int64_t T = int64_t(ids->size());
  auto sa = make_inspection_session((*a)->model(), T);
  if (!sa.is_ok()) return report(sa.status());
  auto sb = make_inspection_session((*b)->model(), T);
  if (!sb.is_ok()) return report(sb.status());
  ProgressBar bar("compare", T > 256);
  bar.job().cancel = &cancel_flag();
  auto c = compare_attention(**sa, **sb, *ids, uint64_t(args.get_int("max-mb", 256, 1, 1 << 20)) << 20, bar.job());
  bar.finish();
  if (!c.is_ok()) return report(c.status());
  if (args.flag("json")) {
    std::printf("%s\n", attention_comparison_json(*c).c_str());
    return 0;
  }
  if (args.flag("csv")) {
    std::printf("layer,head,js_mean,js_max\n");
    for (int64_t l = 0; l < c->layers; ++l)
      for (int64_t h = 0; h < c->heads; ++h)
        std::printf("%lld,%lld,%.9g,%.9g\n", (long long)l, (long long)h, c->js(l, h), c->js_max[size_t(l * c->heads + h)]);
    return 0;
  }
  std::printf("Jensen-Shannon divergence (bits, 0 = same attention, 1 = disjoint) per layer and head, mean over %lld query rows\n",
              (long long)T);
  std::printf("layer |");
  for (int64_t h = 0; h < c->heads; ++h) std::printf(" h%-6lld", (long long)h);
  std::printf("\n");
  for (int64_t l = 0; l < c->layers; ++l) {
    std::printf("%5lld |", (long long)l);
    for (int64_t h = 0; h < c->heads; ++h) std::printf(" %-7s", num(c->js(l, h)).c_str());
    std::printf("\n");
  }
  return 0;
}

int cmd_compare_routing(const Argv& argv) {
  std::set<std::string> options = {"prompt", "file", "field", "ctx", "max-tokens", "db"};
  options.insert(model_pair_options().begin(), model_pair_options().end());
  Args args(argv, {"csv", "json"}, options);
  if (args.positional().size() != 2) throw std::invalid_argument("expected two models or stored runs: A B (run:ID for a stored run)");
  const auto ra = stored_run(args.positional()[0]), rb = stored_run(args.positional()[1]);
  if (bool(ra) != bool(rb)) throw std::invalid_argument("compare two models or two stored runs (run:ID), not one of each");
  if (ra && (args.has("adapter") || args.has("adapter-b")))
    throw std::invalid_argument("--adapter and --adapter-b attach to models; a stored run keeps the adapters it was run with");
  Result<RoutingCapture> a = Status(StatusCode::internal, ""), b = Status(StatusCode::internal, "");
  if (ra) {
    auto store = RoutingStore::open(args.get_or("db", Store::default_path().string()));
    if (!store.is_ok()) return report(store.status());
    a = (*store)->load(*ra);
    if (!a.is_ok()) return report(a.status());
    b = (*store)->load(*rb);
    if (!b.is_ok()) return report(b.status());
  } else {
    if (args.has("prompt") == args.has("file")) throw std::invalid_argument("give exactly one of --prompt or --file");
    auto ma = open_runner(args.positional()[0], args, true);
    if (!ma.is_ok()) return report(ma.status());
    auto mb = open_runner(args.positional()[1], args, true, 0, "adapter-b");
    if (!mb.is_ok()) return report(mb.status());
    if (Status s = routing_comparable(RoutingShape::of((*ma)->model()->config()), RoutingShape::of((*mb)->model()->config())); !s.is_ok())
      return report(s);
    const int64_t ctx = args.get_int("ctx", 1024, 1, INT32_MAX);
    ProgressBar bar("routing", args.has("file"));
    bar.job().cancel = &cancel_flag();
    for (int side = 0; side < 2; ++side) {
      Runner& r = side == 0 ? **ma : **mb;
      auto session = Session::create(r.model(), {.n_ctx = std::min<int64_t>(ctx, r.model()->config().max_position_embeddings)});
      if (!session.is_ok()) return report(session.status());
      Result<RoutingCapture> got = Status(StatusCode::internal, "");
      if (auto p = args.get("prompt")) {
        if (Status s = same_tokens(*(*ma)->tokenizer(), *(*mb)->tokenizer(), *p); !s.is_ok()) return report(s);
        auto ids = r.text_prompt(*p);
        if (!ids.is_ok()) return report(ids.status());
        got = inspect_routing(**session, *ids, {}, bar.job());
      } else {
        RoutingDatasetOptions o;
        o.file = *args.get("file");
        o.field = args.get_or("field", "");
        o.max_tokens = args.get_int("max-tokens", 0, 0, INT64_MAX);
        got = routing_dataset(**session, *r.tokenizer(), o, bar.job());
      }
      if (!got.is_ok()) return report(got.status());
      (side == 0 ? a : b) = std::move(got);
    }
    bar.finish();
  }
  auto c = compare_routing(*a, *b);
  if (!c.is_ok()) return report(c.status());
  if (args.flag("json")) std::printf("%s\n", routing_comparison_json(*c).c_str());
  else if (args.flag("csv")) std::printf("%s", routing_comparison_csv(*c).c_str());
  else print_routing_comparison(*c);
  return 0;
}

int cmd_routing_runs(const Argv& argv) {
  Args args(argv, {"csv", "json"}, {"db"});
  const auto& pos = args.positional();
  if (pos.empty()) throw std::invalid_argument("expected list, show ID, export ID FILE or delete ID");
  auto store = RoutingStore::open(args.get_or("db", Store::default_path().string()));
  if (!store.is_ok()) return report(store.status());
  auto id_at = [&](size_t i) {
    if (pos.size() <= i) throw std::invalid_argument(pos[0] + ": expected a run ID");
    try {
      return int64_t(std::stoll(pos[i]));
    } catch (const std::exception&) {
      throw std::invalid_argument(pos[0] + ": '" + pos[i] + "' is not a run ID");
    }
  };
  if (pos[0] == "list") {
    auto runs = (*store)->list();
    if (!runs.is_ok()) return report(runs.status());
    std::printf("%5s  %-20s %-12s %9s %6s %5s  %s\n", "id", "created", "label", "tokens", "docs", "trace", "model [+ adapter ...] <- source");
    for (const auto& r : *runs) {
      std::string model = r.model_path;
      for (const auto& a : r.adapters) model += " + adapter " + a;
      std::printf("%5lld  %-20s %-12s %9lld %6lld %5s  %s <- %s\n", (long long)r.id, r.created_at.c_str(), r.label.c_str(), (long long)r.tokens,
                  (long long)r.documents, r.has_routes ? "yes" : "no", model.c_str(), r.source.c_str());
    }
    return 0;
  }
  if (pos[0] == "show" || pos[0] == "export") {
    RoutingRunInfo info;
    auto run = (*store)->load(id_at(1), &info);
    if (!run.is_ok()) return report(run.status());
    if (pos[0] == "export") {
      if (pos.size() != 3) throw std::invalid_argument("export: expected ID FILE (.json or .csv)");
      Status s = export_routing_run(pos[2], info, *run);
      return s.is_ok() ? 0 : report(s);
    }
    if (args.flag("csv")) std::printf("%s", routing_summary_csv(run->summary).c_str());
    else std::printf("%s\n", routing_capture_json(*run, {}).c_str());
    return 0;
  }
  if (pos[0] == "delete") {
    Status s = (*store)->remove(id_at(1));
    return s.is_ok() ? 0 : report(s);
  }
  throw std::invalid_argument("unknown routing-runs action '" + pos[0] + "' (list, show, export, delete)");
}

}  // namespace dsw::cli
