// The perplexity and diversity suites.
#include <dsw/bench.h>
#include <dsw/generate.h>
#include <dsw/perplexity.h>

#include "bench/run_memory.h"
#include "core/error.h"
#include "core/input_file.h"

#include <chrono>
#include <map>
#include <set>

namespace dsw {

double distinct_n(const std::vector<std::vector<int32_t>>& samples, int n) {
  std::set<std::vector<int32_t>> seen;
  int64_t total = 0;
  for (auto& s : samples)
    for (size_t i = 0; i + size_t(n) <= s.size(); ++i) {
      seen.insert(std::vector<int32_t>(s.begin() + long(i), s.begin() + long(i) + n));
      ++total;
    }
  return total ? double(seen.size()) / double(total) : 0.0;
}

double repetition_rate(const std::vector<std::vector<int32_t>>& samples, int window) {
  int64_t repeats = 0, total = 0;
  for (auto& s : samples)
    for (size_t i = 0; i < s.size(); ++i, ++total) {
      const size_t from = i > size_t(window) ? i - size_t(window) : 0;
      for (size_t j = from; j < i; ++j)
        if (s[j] == s[i]) {
          ++repeats;
          break;
        }
    }
  return total ? double(repeats) / double(total) : 0.0;
}

Result<BenchRow> run_perplexity_bench(const std::shared_ptr<Model>& model, const Tokenizer& tok, const PerplexityBenchOptions& o,
                                      const JobContext& job) {
  return guard([&] {
    bench_detail::RunMemory memory(run_mapped_weight_bytes(*model));  // the run's own memory, text and tokens included
    // A regular file within the text limit (core/input_file.h); the job can stop tokenizing it.
    const std::string text = read_input_file(o.file, InputKind::text);
    auto ids = unwrap(tok.encode(text, {.add_special = true, .parse_special = false, .job = &job}));
    PerplexityOptions po;
    po.ctx = o.ctx;
    if (o.stride > 0) {
      po.mode = PerplexityMode::sliding;
      po.stride = o.stride;
    } else if (tok.adds_bos() && tok.bos_id()) {
      po.bos = *tok.bos_id();
    }
    auto session = unwrap(Session::create(model, {.n_ctx = o.ctx, .n_seq = 1, .n_batch = std::min<int64_t>(o.ctx, 512)}));
    auto r = unwrap(perplexity(*session, ids, po, job));
    BenchRow row = new_bench_row(*model, "perplexity");
    row.perplexity = r.ppl;
    row.mean_nll = r.mean_nll;
    row.eval_file = o.file;
    row.tokenizer = o.tokenizer_name;
    row.ctx = o.ctx;
    row.notes = std::string(po.mode == PerplexityMode::chunks ? "chunks (llama.cpp)" : "sliding (HF), stride " + std::to_string(o.stride)) +
                "; " + std::to_string(r.tokens_scored) + " tokens scored";
    row.peak_host_mb = double(memory.peak_bytes()) / (1 << 20);
    return row;
  });
}

Result<BenchRow> run_diversity_bench(const std::shared_ptr<Model>& model, const Tokenizer& tok, const DiversityBenchOptions& o,
                                     const JobContext& job) {
  return guard([&] {
    if (o.samples < 1 || o.tokens < 2) fail_invalid("diversity: need at least 1 sample of 2 tokens");
    bench_detail::RunMemory memory(run_mapped_weight_bytes(*model));
    auto prompt = unwrap(tok.encode(o.prompt));
    if (prompt.empty() && tok.bos_id()) prompt = {*tok.bos_id()};
    auto session = unwrap(Session::create(model, {.n_ctx = int64_t(prompt.size()) + o.tokens + 1}));
    std::vector<std::vector<int32_t>> samples;
    for (int64_t i = 0; i < o.samples; ++i) {
      session->clear();
      GenerateOptions g;
      g.max_tokens = o.tokens;
      g.sampling.temperature = o.temperature;
      g.sampling.top_p = o.top_p;
      g.sampling.top_k = 0;
      g.sampling.min_p = 0;
      g.sampling.seed = o.seed + uint64_t(i) * 7919;
      g.top_alternatives = 0;
      auto r = unwrap(generate(*session, tok, prompt, g, {}, job));
      samples.push_back(r.tokens);
      memory.sample();
      if (!job.report({.phase = "diversity", .step = i + 1, .total = o.samples, .unit = "samples"})) fail_cancelled("diversity cancelled");
    }
    BenchRow row = new_bench_row(*model, "diversity");
    row.distinct1 = distinct_n(samples, 1);
    row.distinct2 = distinct_n(samples, 2);
    row.repetition_rate = repetition_rate(samples);
    row.gen_tokens = o.tokens;
    row.reps = o.samples;
    row.peak_host_mb = double(memory.peak_bytes()) / (1 << 20);
    row.notes = "prompt \"" + o.prompt + "\", temperature " + std::to_string(o.temperature).substr(0, 4) + ", top_p " +
                std::to_string(o.top_p).substr(0, 4) + ", seed " + std::to_string(o.seed);
    return row;
  });
}

}  // namespace dsw
