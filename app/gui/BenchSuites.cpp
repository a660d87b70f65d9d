// BenchSuites (see header).
#include "BenchSuites.h"

#include <dsw/bench.h>
#include <dsw/model.h>
#include <dsw/model_hash.h>
#include <dsw/store.h>
#include <dsw/tokenizer.h>

#include <algorithm>

dsw::Result<BenchRows> runBenchRequest(const std::shared_ptr<dsw::Model>& model, const dsw::Tokenizer* tokenizer,
                                       const std::string& tokenizerName, double loadSeconds, const BenchRequest& r,
                                       const dsw::JobContext& job) {
  BenchRows rows;
  if (r.suite == u"speed") {
    dsw::BenchOptions o;
    o.prompt_tokens = r.promptTokens;
    o.gen_tokens = r.genTokens;
    o.batch = r.batch;
    o.reps = r.reps;
    o.warmup = r.warmup;
    dsw::BenchSweep sweep;
    if (!r.sweepParameter.isEmpty()) {
      auto parsed = dsw::parse_bench_sweep((r.sweepParameter + u'=' + QString(r.sweepValues).remove(u' ')).toStdString());
      if (!parsed.is_ok()) return parsed.status();
      sweep = std::move(parsed).value();
    }
    auto swept = dsw::run_bench_sweep(model, o, sweep, job);
    if (!swept.is_ok()) return swept.status();
    rows = std::move(swept).value();
  } else if (r.suite == u"perplexity" || r.suite == u"diversity") {
    if (!tokenizer)
      return dsw::Status(dsw::StatusCode::unsupported, "the " + r.suite.toStdString() + " suite needs a tokenizer, and this model has none");
    if (r.suite == u"perplexity") {
      if (r.textFile.isEmpty()) return dsw::Status(dsw::StatusCode::invalid_input, "the perplexity suite needs a text file");
      dsw::PerplexityBenchOptions po;
      po.file = r.textFile.toStdString();
      po.ctx = std::clamp<int64_t>(r.ctx, 2, model->config().max_position_embeddings);
      po.tokenizer_name = tokenizerName;
      auto row = dsw::run_perplexity_bench(model, *tokenizer, po, job);
      if (!row.is_ok()) return row.status();
      rows.push_back(std::move(row).value());
    } else {
      dsw::DiversityBenchOptions d;
      if (!r.prompt.isEmpty()) d.prompt = r.prompt.toStdString();
      d.samples = std::max(1, r.samples);
      d.tokens = std::max(2, r.genTokens);
      auto row = dsw::run_diversity_bench(model, *tokenizer, d, job);
      if (!row.is_ok()) return row.status();
      rows.push_back(std::move(row).value());
    }
  } else {
    return dsw::Status(dsw::StatusCode::invalid_input, "unknown benchmark suite '" + r.suite.toStdString() + "'");
  }
  // The weights' SHA-256 identifies the model version in each row (remembered in the results
  // database, so a checkpoint is read once); hashed after the measurement so it cannot disturb it.
  std::unique_ptr<dsw::Store> cache;
  if (!r.hashCacheDb.isEmpty()) {
    auto opened = dsw::Store::open(r.hashCacheDb.toStdString());
    if (opened.is_ok()) cache = std::move(opened).value();  // without it the files are simply hashed
  }
  auto sha256 = dsw::model_sha256(model->files(), cache.get(), job);
  if (!sha256.is_ok()) return sha256.status();
  for (auto& row : rows) {
    row.model_sha256 = *sha256;
    row.load_s = loadSeconds;
    if (!r.label.trimmed().isEmpty()) row.label = r.label.trimmed().toStdString();
  }
  return rows;
}
