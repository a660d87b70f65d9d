// ModelCard: turns a ModelSummary into the translated sections of the model card.
//
// Pure formatting (no state): called again on every language change, so every key follows the
// current language while the values (numbers, names, paths) stay as they are.
// Threading: GUI thread (uses the installed translators).
#pragma once

#include "KeyValueCard.h"
#include "WorkerTypes.h"

#include <QCoreApplication>

struct HashState {
  enum class Stage { NotComputed, Running, Done, Failed } stage = Stage::NotComputed;
  QVector<FileHashInfo> hashes;
  QString error;
};

class ModelCard {
  Q_DECLARE_TR_FUNCTIONS(ModelCard)

 public:
  static QString title(const ModelSummary& s);
  static QString subtitle(const ModelSummary& s);
  // "CPU · 3 threads", "cuda:0".
  static QString deviceLabel(const ModelSummary& s);
  // The warning shown for random-weight checkpoints (empty otherwise).
  static QString untrainedBadge(const ModelSummary& s);
  static QList<KeyValueSection> sections(const ModelSummary& s, const HashState& hash);
  // "DeepSeek-V3 (MoE + MLA)" for "deepseek_v3", and so on.
  static QString architectureLabel(const QString& modelType);
};
