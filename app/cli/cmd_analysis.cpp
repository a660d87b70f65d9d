// dsw-cli attention and routing: what a model attends to and where MoE layers send each token.
#include "args.h"
#include "commands.h"
#include "common.h"
#include "model_loader.h"

#include <dsw/analysis.h>
#include <dsw/inspect.h>
#include <dsw/routing_store.h>
#include <dsw/store.h>
#include <dsw/text_input.h>
#include <dsw/token_kinds.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <climits>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>

namespace dsw::cli {
namespace {

std::string token_label(const Tokenizer& tok, int32_t id) { return utf8_lossy(tok.token_bytes(id)); }

}  // namespace

namespace {

// The prompt of --prompt or --prompt-file, encoded as the Playground and the Inspect area do.
Result<std::vector<int32_t>> prompt_ids(const Runner& runner, const Args& args) {
  if (args.has("prompt") == args.has("prompt-file")) throw std::invalid_argument("give exactly one of --prompt or --prompt-file");
  std::string text;
  if (auto p = args.get("prompt")) {
    text = *p;
  } else {
    auto read = read_text_input(*args.get("prompt-file"));  // a regular file within the text limit
    if (!read.is_ok()) return read.status();
    text = std::move(read).value();
  }
  return runner.text_prompt(text);
}

// "L:H" or "L:H:Q0-Q1" or "L:H:Q0-Q1:K0-K1" (ranges half-open, as the engine takes them).
AttentionWindowSpec parse_window(const std::string& text) {
  AttentionWindowSpec w;
  std::vector<std::string> parts;
  std::stringstream ss(text);
  for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
  auto range = [&](const std::string& r, int64_t& a, int64_t& b) {
    const auto dash = r.find('-');
    if (dash == std::string::npos) throw std::invalid_argument("--window: expected a range A-B, got '" + r + "'");
    a = std::stoll(r.substr(0, dash));
    b = std::stoll(r.substr(dash + 1));
  };
  try {
    if (parts.size() < 2 || parts.size() > 4) throw std::invalid_argument("");
    w.layer = std::stoll(parts[0]);
    w.head = std::stoll(parts[1]);
    if (parts.size() > 2) range(parts[2], w.q0, w.q1);
    if (parts.size() > 3) range(parts[3], w.k0, w.k1);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string(e.what()).empty() ? "--window: expected L:H[:Q0-Q1[:K0-K1]], got '" + text + "'" : e.what());
  } catch (const std::out_of_range&) {
    throw std::invalid_argument("--window: number out of range in '" + text + "'");
  }
  return w;
}

std::string fmt_stat(double v) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

// The one-pass statistics of every layer and head (and optionally a window and overviews).
int attention_stats(Runner& runner, const Args& args) {
  const auto& c = runner.model()->config();
  auto ids = prompt_ids(runner, args);
  if (!ids.is_ok()) return report(ids.status());
  AttentionInspectRequest req;
  if (auto w = args.get("window")) req.window = parse_window(*w);
  if (args.has("overview")) {
    req.overview = AttentionOverviewSpec{args.get_int("overview", 0, INT64_MIN, INT64_MAX), {}, args.get_int("tiles", 256, 1, 4096)};
  }
  if (Status v = validate_attention_request(c, int64_t(ids->size()), int64_t(ids->size()), req); !v.is_ok()) return report(v);
  auto session = make_inspection_session(runner.model(), int64_t(ids->size()));
  if (!session.is_ok()) return report(session.status());
  ProgressBar bar("attention", ids->size() > 512);
  bar.job().cancel = &cancel_flag();
  auto r = inspect_attention(**session, *ids, req, bar.job());
  bar.finish();
  if (!r.is_ok()) return report(r.status());
  const Tokenizer& tok = *runner.tokenizer();
  if (args.flag("json")) {
    std::vector<std::string> labels;
    for (int32_t id : *ids) labels.push_back(token_label(tok, id));
    std::printf("%s\n", attention_inspection_json(*r, labels).c_str());
    return 0;
  }
  const AttentionStats& s = *r->stats;
  if (args.flag("csv")) {
    std::printf("%s", attention_stats_csv(s).c_str());
    return 0;
  }
  std::printf("%lld tokens, %lld layers x %lld heads, %.2f s%s\n", (long long)s.tokens, (long long)s.layers, (long long)s.heads,
              r->seconds, s.has_split ? " (MLA: position = rotary q_rope·k_rope share of each score's spread)" : "");
  std::printf("%5s %4s %9s %9s %9s %9s %9s %9s %6s%s\n", "layer", "head", "entropy", "max_logit", "prev_tok", "distance", "first_tok",
              "sink", "key", s.has_split ? "  position" : "");
  for (int64_t l = 0; l < s.layers; ++l)
    for (int64_t h = 0; h < s.heads; ++h) {
      const HeadStats& st = s.at(l, h);
      std::printf("%5lld %4lld %9s %9s %9s %9s %9s %9s %6lld", (long long)l, (long long)h, fmt_stat(st.entropy).c_str(),
                  fmt_stat(st.max_logit).c_str(), fmt_stat(st.previous_token).c_str(), fmt_stat(st.distance).c_str(),
                  fmt_stat(st.first_token).c_str(), fmt_stat(st.sink).c_str(), (long long)st.sink_key);
      if (s.has_split) std::printf("  %8s", fmt_stat(st.position_share).c_str());
      std::printf("\n");
    }
  if (r->window) std::printf("window: layer %lld head %lld, %lld x %lld cells (--json prints them)\n", (long long)r->window->layer,
                             (long long)r->window->head, (long long)r->window->rows(), (long long)r->window->cols());
  for (const auto& o : r->overviews)
    std::printf("overview: layer %lld head %lld, %lld x %lld tiles of %lld tokens (--json prints them)\n", (long long)o.layer,
                (long long)o.head, (long long)o.n_tiles, (long long)o.n_tiles, (long long)o.tile);
  return 0;
}

}  // namespace

int cmd_attention(const Argv& argv) {
  std::set<std::string> options = {"prompt", "prompt-file", "layer", "head", "top", "max-mb", "window", "overview", "tiles"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {"csv", "json", "stats"}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  if (!args.flag("stats") && (args.has("window") || args.has("overview"))) throw std::invalid_argument("--window and --overview go with --stats");
  if (!args.flag("stats") && !args.has("layer")) throw std::invalid_argument("--layer is required (or --stats for every layer and head)");
  if (args.flag("csv") && args.flag("json")) throw std::invalid_argument("give at most one of --csv and --json");
  auto runner = open_runner(args.positional()[0], args, true);
  if (!runner.is_ok()) return report(runner.status());
  if (args.flag("stats")) return attention_stats(**runner, args);
  const auto& c = (*runner)->model()->config();
  const int64_t layer = args.get_int("layer", 0, 0, c.num_hidden_layers - 1);
  std::vector<int64_t> heads;
  for (auto& h : args.get_all("head")) heads.push_back(std::stoll(h));
  for (int64_t h : heads)
    if (h < 0 || h >= c.num_attention_heads) throw std::invalid_argument("--head " + std::to_string(h) + " does not exist");
  auto encoded = prompt_ids(**runner, args);
  if (!encoded.is_ok()) return report(encoded.status());
  const std::vector<int32_t> ids = std::move(encoded).value();
  auto session = make_inspection_session((*runner)->model(), int64_t(ids.size()));
  if (!session.is_ok()) return report(session.status());
  JobContext job;
  job.cancel = &cancel_flag();
  auto rec = capture_attention(**session, ids, layer, heads, uint64_t(args.get_int("max-mb", 2048, 1, 1 << 20)) << 20, job);
  if (!rec.is_ok()) return report(rec.status());
  const auto& r = **rec;
  const Tokenizer& tok = *(*runner)->tokenizer();
  const int64_t T = int64_t(ids.size());
  if (args.flag("csv")) {
    std::printf("layer,head,query,key,query_token,key_token,prob\n");
    for (size_t hi = 0; hi < r.heads().size(); ++hi)
      for (int64_t q = 0; q < T; ++q) {
        auto row = r.row(hi, q);
        for (int64_t k = 0; k <= q; ++k)
          std::printf("%lld,%lld,%lld,%lld,%d,%d,%.8g\n", (long long)layer, (long long)r.heads()[hi], (long long)q, (long long)k, ids[size_t(q)],
                      ids[size_t(k)], row[size_t(k)]);
      }
    return 0;
  }
  if (args.flag("json")) {
    nlohmann::json j = {{"layer", layer}, {"tokens", nlohmann::json::array()}, {"heads", nlohmann::json::object()}};
    for (int32_t id : ids) j["tokens"].push_back({{"id", id}, {"text", token_label(tok, id)}});
    for (size_t hi = 0; hi < r.heads().size(); ++hi) {
      nlohmann::json rows = nlohmann::json::array();
      for (int64_t q = 0; q < T; ++q) {
        auto row = r.row(hi, q);
        rows.push_back(std::vector<float>(row.begin(), row.end()));
      }
      j["heads"][std::to_string(r.heads()[hi])] = rows;
    }
    std::printf("%s\n", j.dump().c_str());
    return 0;
  }
  const int64_t top = args.get_int("top", 3, 1, 64);
  std::printf("layer %lld, %zu heads, %lld tokens: the %lld keys each query attends to most\n", (long long)layer, r.heads().size(),
              (long long)T, (long long)top);
  for (size_t hi = 0; hi < r.heads().size(); ++hi) {
    std::printf("head %lld\n", (long long)r.heads()[hi]);
    for (int64_t q = 0; q < T; ++q) {
      auto row = r.row(hi, q);
      std::vector<int64_t> order(row.size());
      std::iota(order.begin(), order.end(), 0);
      const size_t n = std::min<size_t>(size_t(top), order.size());
      std::partial_sort(order.begin(), order.begin() + long(n), order.end(), [&](int64_t a, int64_t b) { return row[size_t(a)] > row[size_t(b)]; });
      std::printf("  %4lld %-14s ->", (long long)q, nlohmann::json(token_label(tok, ids[size_t(q)])).dump().c_str());
      for (size_t i = 0; i < n; ++i)
        std::printf("  %lld %s %.3f", (long long)order[i], nlohmann::json(token_label(tok, ids[size_t(order[i])])).dump().c_str(),
                    row[size_t(order[i])]);
      std::printf("\n");
    }
  }
  return 0;
}

namespace {

// Per MoE layer: I(kind; expert), then for each kind present its token count, the expert taking
// most of it and that expert's share of the kind's tokens (k experts per token: shares sum to k).
void print_routing_by_kind(const RoutingByKind& r) {
  std::printf("\nrouting by token kind (tokens:");
  for (int k = 0; k < token_kind_count; ++k)
    std::printf(" %s %lld", std::string(token_kind_name(TokenKind(k))).c_str(), (long long)r.tokens[size_t(k)]);
  std::printf("); I(kind; expert) in bits, then per kind the expert taking most of it and its share of that kind\n");
  for (int64_t l = 0; l < r.shape.layers; ++l) {
    if (!r.shape.moe_layer[size_t(l)]) continue;
    std::printf("layer %3lld: I %.3f of %.3f bits |", (long long)l, r.information[size_t(l)], r.kind_entropy[size_t(l)]);
    for (int k = 0; k < token_kind_count; ++k) {
      const int32_t e = r.top_expert(l, TokenKind(k));
      if (e < 0) continue;
      std::printf(" %s e%d %.0f%%", std::string(token_kind_name(TokenKind(k))).c_str(), e, 100.0 * r.share(l, e, TokenKind(k)));
    }
    std::printf("\n");
  }
}

}  // namespace

int cmd_routing(const Argv& argv) {
  std::set<std::string> options = {"prompt", "file", "ctx", "max-tokens", "field", "db", "label"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {"csv", "json", "kinds", "load-only", "scores", "store"}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  if (args.has("prompt") == args.has("file")) throw std::invalid_argument("give exactly one of --prompt or --file");
  if (args.flag("store") && !args.has("file")) throw std::invalid_argument("--store keeps data-set runs: use it with --file");
  if (args.flag("csv") && args.flag("json")) throw std::invalid_argument("give at most one of --csv and --json");
  auto runner = open_runner(args.positional()[0], args, true);
  if (!runner.is_ok()) return report(runner.status());
  const auto& c = (*runner)->model()->config();
  if (!c.is_moe()) return report(Status(StatusCode::invalid_input, "routing: this " + c.model_type + " model is dense (it has no MoE layers), so there is no expert routing to show"));
  const Tokenizer& tok = *(*runner)->tokenizer();
  const int64_t ctx = args.get_int("ctx", std::min<int64_t>(c.max_position_embeddings, 1024), 1, c.max_position_embeddings);
  const bool per_token = !args.flag("load-only");
  const auto started = std::chrono::steady_clock::now();
  Result<RoutingCapture> run = Status(StatusCode::internal, "routing: nothing ran");
  if (auto p = args.get("prompt")) {
    auto ids = (*runner)->text_prompt(*p);
    if (!ids.is_ok()) return report(ids.status());
    if (args.has("max-tokens")) ids->resize(std::min(ids->size(), size_t(args.get_int("max-tokens", 0, 1, INT32_MAX))));
    auto session = Session::create((*runner)->model(), {.n_ctx = std::min<int64_t>(ctx, int64_t(ids->size()))});
    if (!session.is_ok()) return report(session.status());
    run = inspect_routing(**session, *ids, {.keep_trace = per_token, .keep_scores = args.flag("scores")});
  } else {
    auto session = Session::create((*runner)->model(), {.n_ctx = ctx});
    if (!session.is_ok()) return report(session.status());
    RoutingDatasetOptions o;
    o.file = *args.get("file");
    o.field = args.get_or("field", "");
    o.max_tokens = args.get_int("max-tokens", 0, 0, INT64_MAX);
    o.keep_trace = per_token || args.flag("store");
    ProgressBar bar("routing");
    bar.job().cancel = &cancel_flag();
    run = routing_dataset(**session, tok, o, bar.job());
    bar.finish();
  }
  if (!run.is_ok()) return report(run.status());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const RoutingSummary& s = run->summary;
  const int64_t E = s.shape.experts;

  int64_t stored = 0;
  if (args.flag("store")) {
    const std::string db = args.get_or("db", Store::default_path().string());
    auto store = RoutingStore::open(db);
    if (!store.is_ok()) return report(store.status());
    RoutingRunInfo info;
    info.label = args.get_or("label", "");
    info.model_path = std::filesystem::absolute(args.positional()[0]).string();
    for (const auto& a : (*runner)->adapters()) info.adapters.push_back(std::filesystem::absolute(a.path).string());
    info.architecture = c.model_type;
    info.source = std::filesystem::absolute(*args.get("file")).string();
    info.field = args.get_or("field", "");
    info.duration_s = seconds;
    auto id = (*store)->add(info, *run);
    if (!id.is_ok()) return report(id.status());
    stored = *id;
    std::fprintf(stderr, "stored routing run %lld in %s\n", (long long)stored, db.c_str());
  }

  // Which experts take which kind of token (digits, operators, words, ...): needs the per-token trace.
  std::optional<RoutingByKind> by_kind;
  std::string kinds_note;
  if (run->trace.tokens > 0 && int64_t(run->tokens.size()) == run->trace.tokens) {
    auto k = routing_by_kind(*run, token_kinds(tok, run->tokens));
    if (!k.is_ok()) return report(k.status());
    by_kind = std::move(k).value();
  } else {
    kinds_note = per_token ? "the run was too long to keep per-token routing" : "--load-only keeps no per-token routing";
  }
  if (args.flag("kinds") && !by_kind) return report(Status(StatusCode::invalid_input, "routing --kinds: " + kinds_note));

  if (args.flag("json")) {
    std::vector<std::string> labels;
    for (int32_t id : run->tokens) labels.push_back(token_label(tok, id));
    if (!by_kind) {
      std::printf("%s\n", routing_capture_json(*run, labels).c_str());
      return 0;
    }
    nlohmann::json j = nlohmann::json::parse(routing_capture_json(*run, labels));
    j["token_kinds"] = nlohmann::json::parse(routing_by_kind_json(*by_kind));
    std::printf("%s\n", j.dump().c_str());
    return 0;
  }
  if (args.flag("csv") && args.flag("kinds")) {
    std::printf("%s", routing_by_kind_csv(*by_kind).c_str());
    return 0;
  }
  if (args.flag("csv")) {
    if (per_token && run->trace.tokens > 0 && !args.has("file")) {
      std::printf("position,token,layer,rank,expert,weight\n");
      for (int64_t t = 0; t < run->trace.tokens; ++t)
        for (int64_t l = 0; l < s.shape.layers; ++l) {
          if (!s.shape.moe_layer[size_t(l)]) continue;
          auto ex = run->trace.chosen(t, l);
          auto w = run->trace.weights(t, l);
          for (size_t i = 0; i < ex.size(); ++i)
            std::printf("%lld,%d,%lld,%zu,%d,%.8g\n", (long long)t, run->tokens[size_t(t)], (long long)l, i, ex[i], w[i]);
        }
    } else {
      std::printf("%s", routing_summary_csv(s).c_str());
    }
    return 0;
  }
  if (per_token && run->trace.tokens > 0 && !args.has("file")) {
    for (int64_t t = 0; t < run->trace.tokens; ++t)
      for (int64_t l = 0; l < s.shape.layers; ++l) {
        if (!s.shape.moe_layer[size_t(l)]) continue;
        std::printf("%5lld %-14s L%-3lld", (long long)t, nlohmann::json(token_label(tok, run->tokens[size_t(t)])).dump().c_str(), (long long)l);
        auto ex = run->trace.chosen(t, l);
        auto w = run->trace.weights(t, l);
        for (size_t i = 0; i < ex.size(); ++i) std::printf(" e%d:%.3f", ex[i], w[i]);
        std::printf("\n");
      }
  }
  const int64_t n = s.total_tokens();
  std::printf("\nexpert load over %lld tokens%s (tokens routed per expert; ideal %.1f each); %lld shared expert(s) see every token\n",
              (long long)n, run->documents > 1 ? (" in " + std::to_string(run->documents) + " documents").c_str() : "",
              double(n) * double(s.shape.k) / double(E), (long long)s.shape.shared);
  for (int64_t l = 0; l < s.shape.layers; ++l) {
    if (!s.shape.moe_layer[size_t(l)]) {
      std::printf("layer %3lld: dense\n", (long long)l);
      continue;
    }
    const auto never = s.never_hit(l);
    int64_t busiest = 0;
    for (int64_t e = 0; e < E; ++e) busiest = std::max(busiest, s.load[size_t(l * E + e)]);
    std::printf("layer %3lld: %lld/%lld experts used, busiest %lld tokens, entropy %.3f nats, balance %.3f |", (long long)l,
                (long long)(E - int64_t(never.size())), (long long)E, (long long)busiest, s.token_entropy(l), s.load_balance(l));
    for (int64_t e = 0; e < E; ++e) std::printf(" %lld", (long long)s.load[size_t(l * E + e)]);
    std::printf("\n");
  }
  if (by_kind) print_routing_by_kind(*by_kind);
  else std::printf("\nrouting by token kind: not available (%s)\n", kinds_note.c_str());
  return 0;
}

}  // namespace dsw::cli
