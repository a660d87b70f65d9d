// Values that cross threads for the Benchmarks area: a benchmark request (GUI -> model worker)
// and the resulting rows (model worker -> GUI -> bench store service).
//
// Unlike WorkerTypes.h this header includes one engine header, bench_schema.h: a BenchRow is a
// plain struct of optionals (no engine object, no thread affinity), and the Benchmarks area works
// on the schema itself (columns, comparison, reports), so copying rows is simpler and safer than
// mirroring every field in a Qt type. Registered for queued connections by registerBenchTypes().
#pragma once

#include "WorkerTypes.h"

#include <dsw/bench_schema.h>

#include <QMetaType>
#include <QString>

#include <vector>

using BenchRows = std::vector<dsw::BenchRow>;

struct BenchRequest {
  int jobId = 0;
  CancelFlag cancel;
  QString suite = QStringLiteral("speed");  // speed | perplexity | diversity | eval-split
  int promptTokens = 128, genTokens = 32, batch = 1, reps = 3, warmup = 1;
  QString sweepParameter;  // "", "batch" or "prompt" (speed suite)
  QString sweepValues;     // "1,2,4"
  QString label;
  QString textFile;        // perplexity suite
  int ctx = 256;           // perplexity context
  int samples = 4;         // diversity suite
  QString prompt = QStringLiteral("Once upon a time");  // diversity suite
  QString hashCacheDb;     // the results database, which remembers weight-file hashes; empty: hash every time
  QString trainRun;        // eval-split suite: the fine-tuning run's folder (its run.json)
};

Q_DECLARE_METATYPE(BenchRequest)
Q_DECLARE_METATYPE(BenchRows)

void registerBenchTypes();
