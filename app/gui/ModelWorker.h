// ModelWorker: one open model — its engine Model, Tokenizer and Session — on its own QThread.
//
// Threading rules: a ModelWorker is created on the GUI thread, moved to a QThread owned by the
// ModelsController, and from then on is only reached through queued calls to its slots (load,
// generate); it answers with signals, which Qt queues back to the GUI thread. The engine objects
// live in the private Engine struct and are touched only on the worker's thread. The two
// exceptions, both safe by construction: the CancelFlag in a request (an atomic the GUI sets), and
// the TokenStream (a mutex-protected buffer the Playground drains). Cancelling therefore never
// waits behind a queued call: a running generation stops within one token, a load between steps.
// When its thread finishes, the worker is deleted on that thread (deleteLater), so the engine
// objects are destroyed where they were used.
#pragma once

#include "BenchTypes.h"
#include "TokenStream.h"
#include "WorkerTypes.h"

#include <QObject>

#include <memory>

class ModelWorker : public QObject {
  Q_OBJECT
 public:
  explicit ModelWorker(std::shared_ptr<TokenStream> stream);
  ~ModelWorker() override;

  // The buffer generated tokens are pushed into (thread-safe; drained on the GUI thread).
  const std::shared_ptr<TokenStream>& stream() const { return m_stream; }

 public slots:
  // Opens, validates and prepares the model on `device` (with the PEFT LoRA adapter in `adapter`
  // attached when it is not empty); answers loaded() or failed().
  void load(int jobId, const QString& path, const DeviceChoice& device, const CancelFlag& cancel, const QString& adapter = {});
  // Generates a reply (chat) or a continuation (raw) into the stream; answers generationStarted(),
  // tokensPending() (whenever the stream goes non-empty) and generationFinished() or failed().
  void generate(const GenerationRequest& request);
  // Runs a benchmark of the Benchmarks area on this model (the engine Runner's suites, as dsw-cli);
  // answers progress() and benchFinished() or failed(). Queued behind any running generation.
  void benchmark(const BenchRequest& request);

 signals:
  void progress(int jobId, const JobProgress& progress);
  void loaded(int jobId, const ModelSummary& summary);
  // `code` is the engine status name ("invalid_input", "cancelled", ...); `message` its diagnostic.
  void failed(int jobId, const QString& code, const QString& message);
  void generationStarted(int jobId, int promptTokens);
  void tokensPending(int jobId);
  void generationFinished(int jobId, const GenerationStats& stats);
  void benchFinished(int jobId, const BenchRows& rows);

 private:
  struct Engine;
  std::unique_ptr<Engine> m_engine;
  std::shared_ptr<TokenStream> m_stream;
};
