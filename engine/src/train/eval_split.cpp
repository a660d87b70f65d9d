// The eval-split suite: a loaded model's perplexity on the held-out rows of a fine-tuning run,
// scored through the inference path (Session), so a base model and the same model with the run's
// adapter attached are measured on exactly the tokens the run evaluated — prompt tokens masked.
#include "core/error.h"
#include "core/json_strict.h"
#include "train/data.h"

#include <dsw/bench.h>
#include <dsw/session.h>
#include <dsw/train.h>

#include <cmath>

namespace dsw {

Result<BenchRow> run_eval_split_bench(const std::shared_ptr<Model>& model, const Tokenizer& tok, const std::filesystem::path& run_dir,
                                      const JobContext& job) {
  return guard([&] {
    const auto run_json = run_dir / "run.json";
    const auto run = read_json_file(run_json, InputKind::run_config);
    if (!run.is_object() || !run.contains("config") || !run["config"].is_object())
      fail_invalid(run_json.string() + ": no \"config\" object (not a fine-tuning run folder)");
    TrainConfig c = unwrap(train_config_from_json(run["config"].dump(), run_json.string()));
    ChatFamily family = ChatFamily::plain;
    if (c.data.chat_family) family = *c.data.chat_family;
    else if (run.contains("chat_template") && run["chat_template"].is_string())
      family = chat_family_from_name(run["chat_template"].get<std::string>()).value_or(detect_chat_family(tok.chat_template()));
    else family = detect_chat_family(tok.chat_template());
    const train::Dataset d = train::build_dataset(c.data, tok, family);
    if (d.eval.empty()) fail_invalid(run_json.string() + ": the run has no eval split (eval_fraction is 0)");
    const int64_t V = model->config().vocab_size;

    auto session = unwrap(Session::create(model, {.n_ctx = d.seq_len, .n_seq = 1, .n_batch = std::min<int64_t>(d.seq_len, 512)}));
    double nll = 0;
    int64_t scored = 0;
    std::vector<float> logits;
    for (size_t i = 0; i < d.eval.size(); ++i) {
      const train::Row& r = d.eval[i];
      // Only the prefix up to the last scored token matters (the attention is causal).
      size_t end = 0;
      for (size_t t = 1; t < r.labels.size(); ++t)
        if (r.labels[t] != -100) end = t;
      if (end == 0) continue;
      const std::vector<int32_t> ids(r.tokens.begin(), r.tokens.begin() + long(end));
      session->clear();
      throw_if_error(session->forward(Batch::sequence(ids, 0, 0, true), logits, job));
      for (size_t t = 0; t < ids.size(); ++t) {
        const int32_t target = r.labels[t + 1];
        if (target == -100) continue;
        if (target < 0 || target >= V) fail_invalid(run_json.string() + ": a label lies outside the model's vocabulary");
        const float* z = logits.data() + t * size_t(V);
        float m = z[0];
        for (int64_t v = 1; v < V; ++v) m = std::max(m, z[v]);
        double sum = 0;
        for (int64_t v = 0; v < V; ++v) sum += std::exp(double(z[v] - m));
        nll += double(m) + std::log(sum) - double(z[target]);
        ++scored;
      }
      if (!job.report({.phase = "eval-split", .step = int64_t(i) + 1, .total = int64_t(d.eval.size()), .unit = "rows"}))
        fail_cancelled("eval-split cancelled");
    }
    if (scored == 0) fail_invalid(run_json.string() + ": the eval split scores no token");
    BenchRow row = new_bench_row(*model, "perplexity");
    row.mean_nll = nll / double(scored);
    row.perplexity = std::exp(*row.mean_nll);
    row.eval_file = c.data.path.string() + " (eval split)";
    row.ctx = d.seq_len;
    row.notes = "eval split of the run " + std::filesystem::absolute(run_dir).lexically_normal().string() + ": " +
                std::to_string(d.eval.size()) + " rows, " + std::to_string(scored) + " tokens scored, prompts masked (" +
                std::string(chat_family_name(family)) + " template)";
    row.peak_host_mb = double(peak_rss_bytes()) / (1 << 20);
    return row;
  });
}

}  // namespace dsw
