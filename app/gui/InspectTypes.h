// Plain Qt values of the Inspect area that cross between the GUI thread and the InspectWorker's
// thread in queued signals. No engine type appears here: the worker converts the engine's
// inspection results (dsw/inspect.h) into these on its own thread, and the panels draw them.
// Every type is copyable and registered (registerInspectTypes) for queued connections.
#pragma once

#include "WorkerTypes.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

// The per-head statistics in dsw::HeadStat order (the statistic picker lists them so).
enum class InspectStat { Entropy, MaxLogit, PreviousToken, Distance, FirstToken, Sink, PositionShare };
inline constexpr int kInspectStatCount = 7;
// Token kinds of dsw/token_kinds.h (dsw::token_kind_count).
inline constexpr int kInspectKindCount = 6;

// What to inspect. One struct for every Inspect job; each job reads the fields it needs.
struct InspectRequest {
  int jobId = 0;
  CancelFlag cancel;
  QString modelA, modelB;   // model folders/files; B only for comparisons
  QString adapterA, adapterB;  // PEFT LoRA adapter folders attached to A and B (empty: none)
  QString prompt;           // the text (read from a file by the controller when one is chosen)
  int layer = 0, head = 0;  // the head shown at full resolution, and the layer of the small multiples
  qint64 windowStart = 0;   // first query and key of the full-resolution window
  int windowSize = 2048;    // rows and keys of the window (the whole prompt when shorter)
  int tiles = 256;          // overview tiles a side (exact maps for prompts up to this length)
  // Data-set routing runs.
  QString dbPath, file, field, label;
  qint64 maxTokens = 0;
  qint64 runA = 0, runB = 0;
  QString exportPath;
};

// Attention of one prompt: statistics of every layer and head, one head's window, and the
// overviews (tile max and mean) of every head of one layer.
struct AttentionResult {
  QString model;
  QStringList tokens;  // token text, one per position
  int layers = 0, heads = 0;
  bool split = false;  // MLA: position share and the per-score split are present
  double seconds = 0;
  QVector<QVector<double>> stats;  // [InspectStat][layer * heads + head]; NaN where it does not apply
  QVector<qint64> sinkKey;         // [layer * heads + head]
  QVector<double> positionScore, contentScore;  // [layer * heads + head] (MLA)
  // Full-resolution window [q0, q1) x [k0, k1) of (layer, head); NaN above the diagonal.
  int layer = 0, head = 0, q0 = 0, q1 = 0, k0 = 0, k1 = 0;
  QVector<float> probs, logits, position;
  // Overviews of every head of `layer`: tiles of `tile` tokens, tiles x tiles each.
  int tile = 1, tiles = 0;
  QVector<QVector<float>> overviewMax, overviewMean;  // [head][query tile * tiles + key tile]

  int tokenCount() const { return int(tokens.size()); }
  double stat(InspectStat s, int l, int h) const { return stats.value(int(s)).value(l * heads + h); }
  bool inWindow(int q, int k) const { return q >= q0 && q < q1 && k >= k0 && k < k1; }
  float windowAt(const QVector<float>& v, int q, int k) const { return v.value((q - q0) * (k1 - k0) + (k - k0)); }
};

// Routing of a prompt or of a stored data-set run.
struct RoutingResult {
  QString model, source, label;
  qint64 runId = 0, documents = 1, totalTokens = 0;
  QStringList tokens;  // token text for the per-token views (empty when no trace was kept)
  int layers = 0, experts = 0, k = 0, shared = 0;
  QVector<int> moeLayer;  // [layer]: 1 MoE, 0 dense
  QString scoring;
  QVector<int> expert;    // [(t * layers + l) * k + i]; -1 on dense layers
  QVector<float> weight;  // same layout
  QVector<qint64> tokensPerLayer, load;  // [l], [l * experts + e]
  QVector<double> weightMass;            // [l * experts + e]
  QVector<double> coactivation;          // [(l * experts + a) * experts + b]: share of the layer's tokens
  QVector<double> entropy, balance;      // [l]: mean router-score entropy (nats), load balance (0..1)
  QVector<QVector<int>> neverHit;        // [l]
  // Which experts take which kind of token (kinds in dsw::TokenKind order: digits, operators,
  // words, spaces/punctuation, code, special); empty when the run kept no per-token routing.
  QVector<qint64> kindTokens;            // [kind]
  QVector<qint64> kindCounts;            // [(l * experts + e) * kInspectKindCount + kind]
  QVector<double> kindInformation;       // [l]: I(kind; expert) in bits (NaN on dense layers)
  QVector<double> kindEntropy;           // [l]: H(kind) over the same pairs, bits (its upper bound)

  bool hasKinds() const { return !kindCounts.isEmpty(); }
  qint64 kindCount(int l, int e, int kind) const { return kindCounts.value((qsizetype(l) * experts + e) * kInspectKindCount + kind); }
  int traceTokens() const { return k > 0 && layers > 0 ? int(expert.size() / (layers * k)) : 0; }
  double loadShare(int l, int e) const {
    const qint64 n = tokensPerLayer.value(l);
    return n ? double(load.value(l * experts + e)) / double(n) : 0.0;
  }
};

struct AttentionCompareResult {
  AttentionResult a, b;                 // windows and overviews of the same head/layer in each
  QVector<double> jsMean, jsMax;        // [layer * heads + head], bits
  QVector<double> jsToken;              // [token]
};

struct RoutingCompareResult {
  RoutingResult a, b;
  bool perToken = false;
  QString note;                         // why per-token metrics are missing
  double changedAny = 0;
  QVector<double> jaccard, changed, entropyA, entropyB;  // [layer]; NaN on dense layers
  QVector<double> loadShift;            // [l * experts + e]: share B - A
  QVector<double> coactivationChange;   // [(l * experts + a) * experts + b]
  QVector<QVector<int>> neverA, neverB;
  QVector<float> tokenJaccard;          // [t * layers + l]: Jaccard of that token's sets (NaN dense)
};

struct RoutingRunRow {
  qint64 id = 0;
  QString created, label, model, architecture, source;  // model: the path, "+ adapter ..." when it had any
  QStringList adapters;                                 // the adapter folders the run had attached
  qint64 documents = 0, tokens = 0;
  bool hasRoutes = false;
  double seconds = 0;
};

Q_DECLARE_METATYPE(InspectRequest)
Q_DECLARE_METATYPE(AttentionResult)
Q_DECLARE_METATYPE(RoutingResult)
Q_DECLARE_METATYPE(AttentionCompareResult)
Q_DECLARE_METATYPE(RoutingCompareResult)
Q_DECLARE_METATYPE(RoutingRunRow)

void registerInspectTypes();
