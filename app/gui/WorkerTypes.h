// Plain Qt values that cross between the GUI thread and the worker threads in queued signals.
//
// Nothing here includes an engine header: controllers and pages see only these types, and the
// workers (ModelWorker, JobRunner, StoreService) convert engine results into them on their own
// threads. Every type is copyable and registered with the meta-type system (registerWorkerTypes)
// so queued connections can carry it. A CancelFlag is the one thing shared by both sides: the GUI
// sets it, the engine job polls it (the gpt4all pattern: cancelling never waits for a queue).
#pragma once

#include "TensorTableModel.h"
#include "TokenView.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <memory>

using CancelFlag = std::shared_ptr<std::atomic<bool>>;
inline CancelFlag makeCancelFlag() { return std::make_shared<std::atomic<bool>>(false); }

// A device the user can run a model on.
struct DeviceChoice {
  bool cuda = false;
  int index = 0;    // CUDA device index
  int threads = 0;  // CPU threads; <= 0: all but one hardware thread (the GUI keeps a core)
  QString spec() const { return cuda ? QStringLiteral("cuda:%1").arg(index) : QStringLiteral("cpu"); }
};

struct DeviceInfo {
  DeviceChoice choice;
  QString name;              // "CPU (16 threads)", "NVIDIA H100 80GB HBM3"
  quint64 totalBytes = 0, freeBytes = 0;
};

// One progress report of a long job (mirrors the engine's ProgressEvent, throttled to ~20 Hz).
struct JobProgress {
  QString phase;  // "load", "hash", "prefill", "decode"
  qint64 step = 0, total = 0;
  QString unit;   // "bytes", "tokens", "steps"
  QString message;
};

// Memory a model needs on one device, with what that device has free (0: unknown).
struct DeviceMemory {
  QString device;
  quint64 neededBytes = 0;
  quint64 freeBytes = 0;
  quint64 totalBytes = 0;
};

struct DtypeUsage {
  QString dtype;
  int tensors = 0;
  quint64 bytes = 0;
};

// Everything the model card and tensor browser show, computed on the model's worker thread.
struct ModelSummary {
  QString path, folder, name, format, architecture, description;
  QString device;  // "cpu", "cuda:0"
  int threads = 0; // CPU threads the model runs with
  qint64 paramsTotal = 0, paramsActive = 0, paramsEmbedding = 0;
  qint64 layers = 0, hidden = 0, intermediate = 0, heads = 0, kvHeads = 0, headDim = 0, vocab = 0, context = 0;
  QString ropeScaling;
  double ropeTheta = 0, ropeFactor = 1;
  bool moe = false;
  qint64 routedExperts = 0, sharedExperts = 0, expertsPerToken = 0, expertWidth = 0, denseFirst = 0, groups = 0, topkGroups = 0;
  QString scoring, topkMethod;
  double routedScale = 1;
  bool normTopk = false;
  bool mla = false;
  qint64 qLoraRank = 0, kvLoraRank = 0, qkNopeDim = 0, qkRopeDim = 0, vHeadDim = 0;
  QVector<DtypeUsage> dtypes;
  QStringList files;
  quint64 fileBytes = 0;
  QString tokenizer;        // file the tokenizer came from; empty: none (no Playground)
  QString tokenizerError;   // why it could not be loaded
  QString chatFamily;       // "deepseek_v3", "plain", ...
  bool chatTemplateFromFile = false;
  qint64 sessionContext = 0;  // positions of the Playground session
  quint64 kvBytesPerToken = 0;
  QVector<DeviceMemory> memory;
  bool untrained = false;   // a random-weight checkpoint (make-model README)
  // A LoRA adapter opened with the model (Models: Load adapter…, or a finished fine-tuning run).
  QString adapterPath, adapterName, adapterBase;
  QString adapterAudit;     // the "adapter applied?" audit line ("… experts adapted N/M")
  qint64 adapterModules = 0, adapterLinears = 0, adapterExperts = 0, adapterExpertsTotal = 0, adapterParameters = 0;
  QVector<TensorRow> tensors;
};

struct ChatTurn {
  QString role;  // "system", "user", "assistant"
  QString content;
};

struct GenerationRequest {
  int jobId = 0;
  CancelFlag cancel;
  bool chat = true;
  QVector<ChatTurn> messages;  // chat mode, system prompt first when any
  QString prompt;              // raw completion mode
  // Sampling settings; defaults() fills them from the engine's one definition (dsw/sampling.h).
  int maxTokens = 0;
  bool greedy = false;
  double temperature = 0, topP = 0, minP = 0, repetitionPenalty = 0;
  int topK = 0;
  quint64 seed = 0;  // 0: from the clock
  static GenerationRequest defaults();
};

// One streamed token: the text it completed (for the transcript) and its chip (for the token view).
struct StreamedToken {
  QString text;
  TokenEntry token;     // token.id < 0: a final flush of held-back bytes, no chip
  double seconds = 0;   // when the worker produced it, since the generation started
};

struct GenerationStats {
  QString reason;  // engine stop reason: "eos", "max_tokens", "cancelled", "callback", ...
  int promptTokens = 0, generatedTokens = 0;
  double prefillSeconds = 0, timeToFirstToken = 0, decodeSeconds = 0, decodeTokensPerSecond = 0;
  quint64 seed = 0;
  QString text;
  QVector<qint32> promptIds;  // the prompt as the model saw it (same ids as dsw-cli generate --json)
};

struct FileHashInfo {
  QString path;
  quint64 size = 0;
  QString sha256;
};

Q_DECLARE_METATYPE(CancelFlag)
Q_DECLARE_METATYPE(DeviceChoice)
Q_DECLARE_METATYPE(DeviceInfo)
Q_DECLARE_METATYPE(JobProgress)
Q_DECLARE_METATYPE(ModelSummary)
Q_DECLARE_METATYPE(GenerationRequest)
Q_DECLARE_METATYPE(GenerationStats)
Q_DECLARE_METATYPE(FileHashInfo)

// Registers the types above for queued connections (call once, before any worker starts).
void registerWorkerTypes();
