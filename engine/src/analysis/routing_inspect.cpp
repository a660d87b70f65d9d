// inspect_routing and routing_dataset: routing of a prompt or a whole file (dsw/inspect.h).
//
// Tokens run in windows of the session's context, each window a fresh sequence (routing needs no
// attention beyond the window). The observer adds every (token, MoE layer) to the summary as the
// MoE block routes it and, when a trace is kept, writes the chosen experts into their slots.
#include <dsw/inspect.h>

#include "analysis/observer_scope.h"
#include "core/error.h"
#include "core/input_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

namespace dsw {
namespace {

class RoutingInspector final : public Observer {
 public:
  RoutingInspector(RoutingCapture& out, bool scores) : out_(out), scores_(scores) {}
  void set_offset(int64_t offset) noexcept { offset_ = offset; }

  bool wants_routing() const override { return true; }
  void on_routing(int64_t layer, int32_t, int32_t position, std::span<const float> scores, std::span<const int32_t> experts,
                  std::span<const float> weights) override {
    out_.summary.add_token(layer, scores, experts, weights);
    RoutingTrace& tr = out_.trace;
    const int64_t t = offset_ + position;
    if (t >= tr.tokens) return;
    const size_t at = size_t((t * tr.layers + layer) * tr.k);
    std::copy(experts.begin(), experts.end(), tr.expert.begin() + ptrdiff_t(at));
    std::copy(weights.begin(), weights.end(), tr.weight.begin() + ptrdiff_t(at));
    if (scores_ && !tr.scores.empty())
      std::copy(scores.begin(), scores.end(), tr.scores.begin() + ptrdiff_t((t * tr.layers + layer) * tr.experts));
  }

 private:
  RoutingCapture& out_;
  bool scores_;
  int64_t offset_ = 0;
};

void check_moe(const ModelConfig& c) {
  if (!c.is_moe())
    fail_invalid("routing: this " + c.model_type + " model is dense (it has no MoE layers), so there is no expert routing to show");
}

void allocate_trace(RoutingCapture& out, int64_t tokens, bool scores) {
  const RoutingShape& s = out.summary.shape;
  RoutingTrace& tr = out.trace;
  tr.tokens = tokens;
  tr.layers = s.layers;
  tr.k = s.k;
  tr.experts = s.experts;
  tr.expert.assign(size_t(tokens * s.layers * s.k), -1);
  tr.weight.assign(size_t(tokens * s.layers * s.k), 0.0f);
  if (scores) tr.scores.assign(size_t(tokens * s.layers * s.experts), 0.0f);
}

// Runs ids[begin, end) as fresh sequences of at most n_ctx tokens; `done` counts tokens for
// progress. Cancellation is checked after every window.
void run_windows(Session& session, const std::vector<int32_t>& ids, int64_t begin, int64_t end, RoutingInspector& inspector,
                 int64_t trace_offset, const JobContext& job, int64_t& done, int64_t total) {
  const int64_t W = session.n_ctx();
  JobContext inner;  // the forward's own "prefill" progress is not this job's progress
  inner.cancel = job.cancel;
  std::vector<float> logits;
  for (int64_t w0 = begin; w0 < end; w0 += W) {
    const int64_t w1 = std::min(end, w0 + W);
    session.clear(-1);
    inspector.set_offset(trace_offset + (w0 - begin));
    Batch b;
    for (int64_t t = w0; t < w1; ++t) b.add(ids[size_t(t)], int32_t(t - w0), 0, t + 1 == w1);
    throw_if_error(session.forward(b, logits, inner));
    done += w1 - w0;
    if (!job.report({.phase = "routing", .step = done, .total = total, .unit = "tokens"}) || job.cancelled())
      fail_cancelled("routing cancelled");
  }
  session.clear(-1);
}

bool is_jsonl(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".jsonl" || ext == ".ndjson";
}

}  // namespace

Result<RoutingCapture> inspect_routing(Session& session, const std::vector<int32_t>& tokens, const RoutingInspectRequest& req,
                                       const JobContext& job) {
  return guard([&] {
    const ModelConfig& c = session.model().config();
    check_moe(c);
    if (tokens.empty()) fail_invalid("routing: the prompt is empty");
    RoutingCapture out;
    out.tokens = tokens;
    out.summary = RoutingSummary::empty(RoutingShape::of(c));
    if (req.keep_trace) allocate_trace(out, int64_t(tokens.size()), req.keep_scores);
    RoutingInspector inspector(out, req.keep_scores);
    ObserverScope scope(session, &inspector);
    int64_t done = 0;
    run_windows(session, tokens, 0, int64_t(tokens.size()), inspector, 0, job, done, int64_t(tokens.size()));
    return out;
  });
}

Result<std::vector<std::string>> read_routing_documents(const std::filesystem::path& file, const std::string& field, int64_t max_docs) {
  return guard([&] {
    // A regular file within the text limit (core/input_file.h): never a FIFO or a device.
    std::string whole = read_input_file(file, InputKind::text);
    std::vector<std::string> docs;
    if (!is_jsonl(file)) {
      if (whole.empty()) fail_invalid(file.string() + ": the file is empty");
      docs.push_back(std::move(whole));
      return docs;
    }
    std::istringstream in(std::move(whole));
    std::string line;
    int64_t line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      nlohmann::ordered_json j;  // keeps the fields in file order when they are joined
      try {
        j = nlohmann::ordered_json::parse(line);
      } catch (const std::exception& e) {
        fail_invalid(file.string() + ":" + std::to_string(line_no) + ": not a JSON object (" + e.what() + ")");
      }
      if (!j.is_object()) fail_invalid(file.string() + ":" + std::to_string(line_no) + ": expected a JSON object per line");
      std::string text;
      if (!field.empty()) {
        auto it = j.find(field);
        if (it == j.end() || !it->is_string())
          fail_invalid(file.string() + ":" + std::to_string(line_no) + ": no string field \"" + field + "\"");
        text = it->get<std::string>();
      } else if (auto it = j.find("text"); it != j.end() && it->is_string()) {
        text = it->get<std::string>();
      } else {
        for (auto& [key, value] : j.items())
          if (value.is_string()) {
            if (!text.empty()) text += '\n';
            text += value.get<std::string>();
          }
      }
      if (text.empty()) continue;
      docs.push_back(std::move(text));
      if (max_docs > 0 && int64_t(docs.size()) >= max_docs) break;
    }
    if (docs.empty()) fail_invalid(file.string() + ": no documents (no non-empty lines with text)");
    return docs;
  });
}

Result<RoutingCapture> routing_dataset(Session& session, const Tokenizer& tok, const RoutingDatasetOptions& o, const JobContext& job) {
  return guard([&] {
    const ModelConfig& c = session.model().config();
    check_moe(c);
    auto docs = unwrap(read_routing_documents(o.file, o.field, o.max_documents));
    // Encode everything first: the total makes progress meaningful and max_tokens exact.
    std::vector<int32_t> ids;
    std::vector<std::pair<int64_t, int64_t>> spans;  // [begin, end) of each document in ids
    for (const auto& d : docs) {
      auto enc = unwrap(tok.encode(d));
      if (enc.empty()) continue;
      int64_t take = int64_t(enc.size());
      if (o.max_tokens > 0) take = std::min<int64_t>(take, o.max_tokens - int64_t(ids.size()));
      if (take <= 0) break;
      spans.push_back({int64_t(ids.size()), int64_t(ids.size()) + take});
      ids.insert(ids.end(), enc.begin(), enc.begin() + take);
      if (job.cancelled()) fail_cancelled("routing cancelled");
    }
    if (ids.empty()) fail_invalid(o.file.string() + ": the documents encode to no tokens");
    RoutingCapture out;
    out.summary = RoutingSummary::empty(RoutingShape::of(c));
    out.documents = int64_t(spans.size());
    const bool trace = o.keep_trace && int64_t(ids.size()) <= o.trace_limit;
    if (trace) allocate_trace(out, int64_t(ids.size()), false);
    RoutingInspector inspector(out, false);
    ObserverScope scope(session, &inspector);
    int64_t done = 0;
    for (auto [b, e] : spans) run_windows(session, ids, b, e, inspector, b, job, done, int64_t(ids.size()));
    if (trace) out.tokens = std::move(ids);
    return out;
  });
}

}  // namespace dsw
