// JSON and CSV texts of inspection results, shared by dsw-cli and the workbench so both show the
// same numbers. NaN (a statistic that does not apply) is written as null in JSON, empty in CSV.
#include <dsw/inspect.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace dsw {
namespace {

using nlohmann::json;

constexpr HeadStat kStats[] = {HeadStat::entropy, HeadStat::max_logit, HeadStat::previous_token, HeadStat::distance,
                               HeadStat::first_token, HeadStat::sink, HeadStat::position_share};

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json floats(const std::vector<float>& v) {
  json a = json::array();
  for (float x : v) a.push_back(num(double(x)));
  return a;
}

std::string csv_num(double v) {
  if (!std::isfinite(v)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

json token_list(const std::vector<int32_t>& ids, const std::vector<std::string>& labels) {
  json a = json::array();
  for (size_t i = 0; i < ids.size(); ++i) {
    json t = {{"id", ids[i]}};
    if (i < labels.size()) t["text"] = labels[i];
    a.push_back(std::move(t));
  }
  return a;
}

json shape_json(const RoutingShape& s) {
  return {{"layers", s.layers}, {"experts", s.experts}, {"experts_per_token", s.k}, {"shared_experts", s.shared},
          {"moe_layers", s.moe_layer}, {"scoring", s.scoring}};
}

}  // namespace

std::string attention_inspection_json(const AttentionInspection& r, const std::vector<std::string>& labels) {
  json j = {{"tokens", token_list(r.tokens, labels)}, {"seconds", r.seconds}};
  if (r.stats) {
    const AttentionStats& s = *r.stats;
    json heads = json::array();
    for (int64_t l = 0; l < s.layers; ++l)
      for (int64_t h = 0; h < s.heads; ++h) {
        const HeadStats& st = s.at(l, h);
        json e = {{"layer", l}, {"head", h}};
        for (HeadStat k : kStats) e[std::string(head_stat_name(k))] = num(st.value(k));
        e["mean_max_logit"] = num(st.mean_max_logit);
        e["sink_key"] = st.sink_key;
        if (s.has_split) {
          e["position_score"] = num(st.position_score);
          e["content_score"] = num(st.content_score);
        }
        heads.push_back(std::move(e));
      }
    j["stats"] = {{"layers", s.layers}, {"heads", s.heads}, {"tokens", s.tokens}, {"has_split", s.has_split}, {"per_head", heads}};
  }
  if (r.window) {
    const AttentionWindow& w = *r.window;
    j["window"] = {{"layer", w.layer}, {"head", w.head}, {"q0", w.q0}, {"q1", w.q1}, {"k0", w.k0}, {"k1", w.k1},
                   {"probs", floats(w.probs)}, {"logits", floats(w.logits)}};
    if (!w.position.empty()) j["window"]["position"] = floats(w.position);
  }
  if (!r.overviews.empty()) {
    json a = json::array();
    for (const auto& o : r.overviews)
      a.push_back({{"layer", o.layer}, {"head", o.head}, {"tokens", o.tokens}, {"tile", o.tile}, {"n_tiles", o.n_tiles},
                   {"max", floats(o.max)}, {"mean", floats(o.mean)}});
    j["overviews"] = std::move(a);
  }
  return j.dump();
}

std::string attention_stats_csv(const AttentionStats& s) {
  std::string out = "layer,head";
  for (HeadStat k : kStats) {
    out += ',';
    out += head_stat_name(k);
  }
  out += ",mean_max_logit,sink_key,position_score,content_score\n";
  for (int64_t l = 0; l < s.layers; ++l)
    for (int64_t h = 0; h < s.heads; ++h) {
      const HeadStats& st = s.at(l, h);
      out += std::to_string(l) + "," + std::to_string(h);
      for (HeadStat k : kStats) {
        out += ',';
        out += csv_num(st.value(k));
      }
      for (const std::string& v : {csv_num(st.mean_max_logit), std::to_string(st.sink_key), csv_num(st.position_score),
                                   csv_num(st.content_score)}) {
        out += ',';
        out += v;
      }
      out += '\n';
    }
  return out;
}

std::string routing_capture_json(const RoutingCapture& r, const std::vector<std::string>& labels) {
  const RoutingSummary& s = r.summary;
  const int64_t L = s.shape.layers, E = s.shape.experts;
  json j = {{"shape", shape_json(s.shape)}, {"documents", r.documents}, {"tokens", token_list(r.tokens, labels)}};
  json layers = json::array();
  for (int64_t l = 0; l < L; ++l) {
    json e = {{"layer", l}, {"moe", bool(s.shape.moe_layer[size_t(l)])}};
    if (s.shape.moe_layer[size_t(l)]) {
      e["tokens"] = s.tokens[size_t(l)];
      e["token_entropy"] = num(s.token_entropy(l));
      e["load_balance"] = num(s.load_balance(l));
      e["load"] = std::vector<int64_t>(s.load.begin() + l * E, s.load.begin() + (l + 1) * E);
      e["weight_mass"] = std::vector<double>(s.weight_mass.begin() + l * E, s.weight_mass.begin() + (l + 1) * E);
      e["never_hit"] = s.never_hit(l);
      json co = json::array();
      for (int64_t a = 0; a < E; ++a)
        co.push_back(std::vector<int64_t>(s.coactivation.begin() + (l * E + a) * E, s.coactivation.begin() + (l * E + a + 1) * E));
      e["coactivation"] = std::move(co);
    }
    layers.push_back(std::move(e));
  }
  j["layers"] = std::move(layers);
  const RoutingTrace& tr = r.trace;
  if (tr.tokens > 0) {
    json routes = json::array();
    for (int64_t t = 0; t < tr.tokens; ++t)
      for (int64_t l = 0; l < tr.layers; ++l) {
        if (!s.shape.moe_layer[size_t(l)]) continue;
        auto ex = tr.chosen(t, l);
        auto w = tr.weights(t, l);
        json route = {{"position", t}, {"layer", l}, {"experts", std::vector<int32_t>(ex.begin(), ex.end())},
                      {"weights", std::vector<float>(w.begin(), w.end())}};
        if (!tr.scores.empty())
          route["scores"] = std::vector<float>(tr.scores.begin() + (t * tr.layers + l) * E, tr.scores.begin() + (t * tr.layers + l + 1) * E);
        routes.push_back(std::move(route));
      }
    j["routes"] = std::move(routes);
  }
  return j.dump();
}

std::string routing_summary_csv(const RoutingSummary& s) {
  std::string out = "layer,expert,tokens,share,weight_mass\n";
  const int64_t E = s.shape.experts;
  for (int64_t l = 0; l < s.shape.layers; ++l) {
    if (!s.shape.moe_layer[size_t(l)]) continue;
    for (int64_t e = 0; e < E; ++e)
      out += std::to_string(l) + "," + std::to_string(e) + "," + std::to_string(s.load[size_t(l * E + e)]) + "," +
             csv_num(s.load_share(l, e)) + "," + csv_num(s.weight_mass[size_t(l * E + e)]) + "\n";
  }
  return out;
}

std::string attention_comparison_json(const AttentionComparison& c) {
  json heads = json::array();
  for (int64_t l = 0; l < c.layers; ++l)
    for (int64_t h = 0; h < c.heads; ++h)
      heads.push_back({{"layer", l}, {"head", h}, {"js_mean", num(c.js_mean[size_t(l * c.heads + h)])},
                       {"js_max", num(c.js_max[size_t(l * c.heads + h)])}});
  return json{{"layers", c.layers}, {"heads", c.heads}, {"tokens", c.tokens}, {"per_head", heads}, {"js_token", c.js_token}}.dump();
}

std::string routing_comparison_json(const RoutingComparison& c) {
  const int64_t L = c.shape.layers, E = c.shape.experts;
  json layers = json::array();
  for (int64_t l = 0; l < L; ++l) {
    if (!c.shape.moe_layer[size_t(l)]) continue;
    json co = json::array();
    for (int64_t a = 0; a < E; ++a)
      co.push_back(std::vector<double>(c.coactivation_change.begin() + (l * E + a) * E, c.coactivation_change.begin() + (l * E + a + 1) * E));
    layers.push_back({{"layer", l}, {"jaccard", num(c.jaccard[size_t(l)])}, {"changed", num(c.changed[size_t(l)])},
                      {"entropy_a", num(c.entropy_a[size_t(l)])}, {"entropy_b", num(c.entropy_b[size_t(l)])},
                      {"load_shift", std::vector<double>(c.load_shift.begin() + l * E, c.load_shift.begin() + (l + 1) * E)},
                      {"coactivation_change", std::move(co)}, {"never_hit_a", c.never_hit_a[size_t(l)]},
                      {"never_hit_b", c.never_hit_b[size_t(l)]}});
  }
  json j = {{"shape", shape_json(c.shape)}, {"tokens_a", c.tokens_a}, {"tokens_b", c.tokens_b}, {"per_token", c.per_token},
            {"changed_any", c.per_token ? num(c.changed_any) : json(nullptr)}, {"layers", std::move(layers)}};
  if (!c.per_token) j["per_token_note"] = c.per_token_note;
  return j.dump();
}

std::string routing_comparison_csv(const RoutingComparison& c) {
  const int64_t L = c.shape.layers, E = c.shape.experts;
  std::string out = "layer,jaccard,changed,entropy_a,entropy_b,never_hit_a,never_hit_b\n";
  auto ids = [](const std::vector<int32_t>& v) {
    std::string s;
    for (int32_t e : v) {
      if (!s.empty()) s += ' ';
      s += std::to_string(e);
    }
    return s;
  };
  for (int64_t l = 0; l < L; ++l)
    if (c.shape.moe_layer[size_t(l)])
      out += std::to_string(l) + "," + csv_num(c.jaccard[size_t(l)]) + "," + csv_num(c.changed[size_t(l)]) + "," +
             csv_num(c.entropy_a[size_t(l)]) + "," + csv_num(c.entropy_b[size_t(l)]) + "," + ids(c.never_hit_a[size_t(l)]) + "," +
             ids(c.never_hit_b[size_t(l)]) + "\n";
  out += "\nlayer,expert,load_shift\n";
  for (int64_t l = 0; l < L; ++l)
    if (c.shape.moe_layer[size_t(l)])
      for (int64_t e = 0; e < E; ++e) out += std::to_string(l) + "," + std::to_string(e) + "," + csv_num(c.load_shift[size_t(l * E + e)]) + "\n";
  return out;
}

}  // namespace dsw
