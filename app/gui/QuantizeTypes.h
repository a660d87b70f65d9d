// Values that cross threads for the Quantize area: the job request (GUI -> QuantizeWorker) and its
// outcome (QuantizeWorker -> GUI): the engine's per-Linear report and, when an evaluation text was
// given, the quality suite's row against the original.
//
// Like BenchTypes.h this header carries plain engine structs (dsw::QuantizeReport, dsw::BenchRow:
// strings, numbers and vectors, no engine object, no thread affinity) instead of mirroring every
// field in a Qt type. Registered for queued connections by registerQuantizeTypes().
#pragma once

#include "WorkerTypes.h"

#include <dsw/bench_schema.h>
#include <dsw/quantize.h>

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

struct QuantizeRequest {
  int jobId = 0;
  CancelFlag cancel;
  QString model;           // the original (a model folder or file)
  QString out;             // .gguf file or safetensors folder
  QString format = QStringLiteral("gguf");  // "gguf" | "safetensors"
  QString method = QStringLiteral("rtn");   // "rtn" | "gptq"
  int bits = 4;            // 4 | 8
  int group = 32;          // 32, 64, 128, 0 = per channel
  bool symmetric = true;
  QString mix;             // "" | "q4_k_m"
  QString calibFile;       // GPTQ needs it; RTN reports output errors with it
  int calibSamples = 32, calibLength = 256;
  bool actOrder = false;
  bool awq = false;
  bool attention = true, mlp = true, head = true, embedding = false;
  QStringList keep;        // Linears whose name contains one of these stay as they are
  QString evalFile;        // quality suite text; empty: no quality figures
  int evalCtx = 256;
  int threads = 0;         // <= 0: the engine's default
  QString hashCacheDb;     // the results database (remembers weight hashes)

  // The engine's options for these fields.
  dsw::QuantizeOptions options() const;
};

struct QuantizeOutcome {
  int jobId = 0;
  dsw::QuantizeReport report;
  std::optional<dsw::BenchRow> quality;  // set when an evaluation text was given and it ran
  QString qualityError;                  // why the quality suite did not run (the model is still written)
};

Q_DECLARE_METATYPE(QuantizeRequest)
Q_DECLARE_METATYPE(QuantizeOutcome)

void registerQuantizeTypes();
