// BenchSuites: runs one BenchRequest from the Benchmarks area on a loaded model with the same
// engine functions dsw-cli bench calls (run_bench_sweep for speed and sweeps, run_perplexity_bench,
// run_diversity_bench), so rows from either front end are alike.
//
// Threading: called on the model's worker thread (ModelWorker::benchmark), the only thread that
// touches that model. Cancellation goes through the JobContext (the request's CancelFlag).
#pragma once

#include "BenchTypes.h"

#include <dsw/job.h>
#include <dsw/status.h>

#include <memory>

namespace dsw {
class Model;
class Tokenizer;
}  // namespace dsw

// `tokenizer` may be null (speed suites need none); `loadSeconds` is recorded as the row's load_s.
dsw::Result<BenchRows> runBenchRequest(const std::shared_ptr<dsw::Model>& model, const dsw::Tokenizer* tokenizer,
                                       const std::string& tokenizerName, double loadSeconds, const BenchRequest& request,
                                       const dsw::JobContext& job);
