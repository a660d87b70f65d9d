// dsw-cli attention and routing: what a model attends to and where MoE layers send each token.
#include "args.h"
#include "commands.h"
#include "common.h"
#include "model_loader.h"

#include <dsw/analysis.h>
#include <dsw/text_input.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace dsw::cli {
namespace {

std::vector<int32_t> encode_or_report(const Tokenizer& tok, const std::string& text, int& rc) {
  auto ids = tok.encode(text);
  if (!ids.is_ok()) {
    rc = report(ids.status());
    return {};
  }
  return std::move(ids).value();
}

std::string token_label(const Tokenizer& tok, int32_t id) { return utf8_lossy(tok.token_bytes(id)); }

}  // namespace

int cmd_attention(const Argv& argv) {
  std::set<std::string> options = {"prompt", "layer", "head", "top", "max-mb"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {"csv", "json"}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  auto prompt = args.get("prompt");
  if (!prompt) throw std::invalid_argument("--prompt is required");
  if (!args.has("layer")) throw std::invalid_argument("--layer is required");
  auto runner = open_runner(args.positional()[0], args, true);
  if (!runner.is_ok()) return report(runner.status());
  const auto& c = (*runner)->model()->config();
  const int64_t layer = args.get_int("layer", 0, 0, c.num_hidden_layers - 1);
  std::vector<int64_t> heads;
  for (auto& h : args.get_all("head")) heads.push_back(std::stoll(h));
  for (int64_t h : heads)
    if (h < 0 || h >= c.num_attention_heads) throw std::invalid_argument("--head " + std::to_string(h) + " does not exist");
  int rc = 0;
  auto ids = encode_or_report(*(*runner)->tokenizer(), *prompt, rc);
  if (rc) return rc;
  auto session = Session::create((*runner)->model(), {.n_ctx = std::max<int64_t>(int64_t(ids.size()), 1)});
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

int cmd_routing(const Argv& argv) {
  std::set<std::string> options = {"prompt", "file", "ctx", "max-tokens"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {"csv", "json", "load-only"}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  if (args.has("prompt") == args.has("file")) throw std::invalid_argument("give exactly one of --prompt or --file");
  std::string text;
  if (auto p = args.get("prompt")) {
    text = *p;
  } else {
    auto read = read_text_input(*args.get("file"));
    if (!read.is_ok()) return report(read.status());
    text = std::move(read).value();
  }
  auto runner = open_runner(args.positional()[0], args, true);
  if (!runner.is_ok()) return report(runner.status());
  const auto& c = (*runner)->model()->config();
  if (!c.is_moe()) return report(Status(StatusCode::invalid_input, c.model_type + " has no MoE layers to route"));
  int rc = 0;
  auto ids = encode_or_report(*(*runner)->tokenizer(), text, rc);
  if (rc) return rc;
  if (auto m = args.get("max-tokens")) ids.resize(std::min(ids.size(), size_t(args.get_int("max-tokens", 0, 1, INT32_MAX))));
  const int64_t ctx = args.get_int("ctx", std::min<int64_t>(c.max_position_embeddings, 1024), 1, c.max_position_embeddings);
  auto session = Session::create((*runner)->model(), {.n_ctx = std::min<int64_t>(ctx, std::max<int64_t>(int64_t(ids.size()), 1))});
  if (!session.is_ok()) return report(session.status());
  const bool per_token = !args.flag("load-only");
  RoutingRecorder rec(c, per_token, false);
  ProgressBar bar("routing", args.has("file"));
  Status s = trace_routing(**session, ids, rec, bar.job());
  bar.finish();
  if (!s.is_ok()) return report(s);
  const Tokenizer& tok = *(*runner)->tokenizer();
  const int64_t E = c.n_routed_experts;

  if (args.flag("json")) {
    nlohmann::json j = {{"layers", nlohmann::json::array()}, {"tokens", nlohmann::json::array()}, {"experts", E},
                        {"experts_per_token", c.num_experts_per_tok}};
    for (int32_t id : ids) j["tokens"].push_back({{"id", id}, {"text", token_label(tok, id)}});
    for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
      if (!c.is_moe_layer(l)) continue;
      j["layers"].push_back({{"layer", l}, {"tokens", rec.tokens_seen(l)}, {"load", rec.load()[size_t(l)]}});
    }
    if (per_token)
      for (auto& st : rec.steps()) j["routes"].push_back({{"layer", st.layer}, {"position", st.position}, {"experts", st.experts}, {"weights", st.weights}});
    std::printf("%s\n", j.dump().c_str());
    return 0;
  }
  if (args.flag("csv")) {
    if (per_token) {
      std::printf("position,token,layer,rank,expert,weight\n");
      for (auto& st : rec.steps())
        for (size_t i = 0; i < st.experts.size(); ++i)
          std::printf("%lld,%d,%lld,%zu,%d,%.8g\n", (long long)st.position, ids[size_t(st.position)], (long long)st.layer, i, st.experts[i],
                      st.weights[i]);
    } else {
      std::printf("layer,expert,tokens,share\n");
      for (int64_t l = 0; l < c.num_hidden_layers; ++l)
        if (c.is_moe_layer(l))
          for (int64_t e = 0; e < E; ++e)
            std::printf("%lld,%lld,%lld,%.6f\n", (long long)l, (long long)e, (long long)rec.load()[size_t(l)][size_t(e)],
                        double(rec.load()[size_t(l)][size_t(e)]) / double(std::max<int64_t>(rec.tokens_seen(l), 1)));
    }
    return 0;
  }
  if (per_token) {
    for (auto& st : rec.steps()) {
      std::printf("%5lld %-14s L%-3lld", (long long)st.position, nlohmann::json(token_label(tok, ids[size_t(st.position)])).dump().c_str(),
                  (long long)st.layer);
      for (size_t i = 0; i < st.experts.size(); ++i) std::printf(" e%d:%.3f", st.experts[i], st.weights[i]);
      std::printf("\n");
    }
  }
  std::printf("\nexpert load over %zu tokens (tokens routed per expert; ideal %.1f each)\n", ids.size(),
              double(ids.size()) * double(c.num_experts_per_tok) / double(E));
  for (int64_t l = 0; l < c.num_hidden_layers; ++l) {
    if (!c.is_moe_layer(l)) continue;
    const auto& load = rec.load()[size_t(l)];
    const int64_t used = std::count_if(load.begin(), load.end(), [](int64_t n) { return n > 0; });
    const int64_t busiest = *std::max_element(load.begin(), load.end());
    std::printf("layer %3lld: %lld/%lld experts used, busiest %lld tokens |", (long long)l, (long long)used, (long long)E, (long long)busiest);
    for (int64_t n : load) std::printf(" %lld", (long long)n);
    std::printf("\n");
  }
  return 0;
}

}  // namespace dsw::cli
