// ModelCard (see header).
#include "ModelCard.h"

#include "Format.h"

#include <QFileInfo>

namespace {
QString num(qint64 n) { return QLocale().toString(n); }
}  // namespace

QString ModelCard::architectureLabel(const QString& t) {
  if (t == u"deepseek_v3") return QStringLiteral("DeepSeek-V3 (MoE + MLA)");
  if (t == u"deepseek_v2") return QStringLiteral("DeepSeek-V2 (MoE + MLA)");
  if (t == u"deepseek") return QStringLiteral("DeepSeek-MoE");
  if (t == u"qwen2") return QStringLiteral("Qwen2");
  if (t == u"llama") return QStringLiteral("Llama");
  return t;
}

QString ModelCard::title(const ModelSummary& s) { return s.name; }

QString ModelCard::subtitle(const ModelSummary& s) { return tr("%1 · on %2").arg(s.path, deviceLabel(s)); }

QString ModelCard::deviceLabel(const ModelSummary& s) {
  if (s.device == u"cpu") return tr("CPU · %n thread(s)", nullptr, s.threads);
  return s.device;
}

QString ModelCard::untrainedBadge(const ModelSummary& s) {
  if (!s.untrained) return {};
  return tr("Untrained demo model (random weights): it has the real architecture, but its text is noise.");
}

QList<KeyValueSection> ModelCard::sections(const ModelSummary& s, const HashState& hash) {
  QList<KeyValueSection> out;

  KeyValueSection overview{tr("Overview"), {}};
  overview.rows << KeyValueRow{tr("Architecture"), architectureLabel(s.architecture), s.architecture};
  overview.rows << KeyValueRow{tr("Format"), s.format};
  overview.rows << KeyValueRow{tr("Parameters"), tr("%1 total").arg(Format::count(double(s.paramsTotal))), num(s.paramsTotal)};
  overview.rows << KeyValueRow{tr("Active per token"), Format::count(double(s.paramsActive)), num(s.paramsActive)};
  overview.rows << KeyValueRow{tr("Layers"), num(s.layers)};
  overview.rows << KeyValueRow{tr("Hidden size"), tr("%1 (feed-forward %2)").arg(num(s.hidden), num(s.intermediate))};
  overview.rows << KeyValueRow{tr("Vocabulary"), tr("%1 tokens").arg(num(s.vocab))};
  overview.rows << KeyValueRow{tr("Context"), tr("%1 positions").arg(num(s.context))};
  QString rope = tr("θ %1").arg(Format::number(s.ropeTheta, 6));
  if (s.ropeScaling != u"none") rope += tr(", %1 scaling ×%2").arg(s.ropeScaling, Format::number(s.ropeFactor));
  overview.rows << KeyValueRow{tr("Rotary embedding"), rope};
  out << overview;

  KeyValueSection attention{tr("Attention"), {}};
  if (s.mla) {
    attention.rows << KeyValueRow{tr("Kind"), tr("Multi-head latent attention (MLA)")};
    attention.rows << KeyValueRow{tr("Heads"), num(s.heads)};
    attention.rows << KeyValueRow{tr("Query rank"), s.qLoraRank ? num(s.qLoraRank) : tr("full (no compression)")};
    attention.rows << KeyValueRow{tr("Key/value rank"), num(s.kvLoraRank)};
    attention.rows << KeyValueRow{tr("Head dimensions"), tr("q/k %1 + %2 rotary, v %3").arg(s.qkNopeDim).arg(s.qkRopeDim).arg(s.vHeadDim)};
  } else {
    attention.rows << KeyValueRow{tr("Kind"), s.kvHeads < s.heads ? tr("Grouped-query attention") : tr("Multi-head attention")};
    attention.rows << KeyValueRow{tr("Heads"), tr("%1 query, %2 key/value").arg(s.heads).arg(s.kvHeads)};
    attention.rows << KeyValueRow{tr("Head dimension"), num(s.headDim)};
  }
  out << attention;

  if (s.moe) {
    KeyValueSection experts{tr("Experts and routing"), {}};
    experts.rows << KeyValueRow{tr("Routed experts"), num(s.routedExperts)};
    experts.rows << KeyValueRow{tr("Shared experts"), num(s.sharedExperts)};
    experts.rows << KeyValueRow{tr("Experts per token"), num(s.expertsPerToken)};
    experts.rows << KeyValueRow{tr("Expert width"), num(s.expertWidth)};
    experts.rows << KeyValueRow{tr("Dense layers first"), num(s.denseFirst)};
    experts.rows << KeyValueRow{tr("Router"), tr("%1 scores, %2 selection").arg(s.scoring, s.topkMethod)};
    if (s.groups > 1) experts.rows << KeyValueRow{tr("Groups"), tr("%1 groups, best %2 kept").arg(s.groups).arg(s.topkGroups)};
    experts.rows << KeyValueRow{tr("Routed scale"), QString::number(s.routedScale, 'g', 4) +
                                                        (s.normTopk ? tr(" (weights normalised)") : QString())};
    out << experts;
  }

  if (!s.adapterPath.isEmpty()) {  // the "adapter applied?" audit of an attached LoRA adapter
    KeyValueSection adapter{tr("LoRA adapter"), {}};
    adapter.rows << KeyValueRow{tr("Adapter"), s.adapterName, s.adapterPath};
    adapter.rows << KeyValueRow{tr("Adapted"), tr("%1 of %2 Linear modules").arg(s.adapterModules).arg(s.adapterLinears), s.adapterAudit};
    if (s.adapterExpertsTotal > 0)
      adapter.rows << KeyValueRow{tr("Routed experts"), tr("experts adapted %1/%2").arg(s.adapterExperts).arg(s.adapterExpertsTotal)};
    adapter.rows << KeyValueRow{tr("Adapter parameters"), Format::count(double(s.adapterParameters))};
    if (!s.adapterBase.isEmpty()) adapter.rows << KeyValueRow{tr("Trained on"), QFileInfo(s.adapterBase).fileName(), s.adapterBase};
    out << adapter;
  }

  KeyValueSection storage{tr("Files and types"), {}};
  for (const auto& d : s.dtypes)
    storage.rows << KeyValueRow{tr("Type %1").arg(d.dtype.isEmpty() ? tr("(unsupported)") : d.dtype),
                                tr("%n tensor(s), %1", nullptr, d.tensors).arg(Format::bytes(d.bytes))};
  storage.rows << KeyValueRow{tr("Size on disk"), Format::bytes(s.fileBytes), tr("%1 bytes").arg(num(qint64(s.fileBytes)))};
  for (const auto& f : s.files) storage.rows << KeyValueRow{tr("Weights file"), QFileInfo(f).fileName(), f};
  storage.rows << KeyValueRow{tr("Tokenizer"),
                              s.tokenizer.isEmpty() ? (s.tokenizerError.isEmpty() ? tr("none found") : tr("failed: %1").arg(s.tokenizerError))
                                                    : QFileInfo(s.tokenizer).fileName(),
                              s.tokenizer};
  storage.rows << KeyValueRow{tr("Chat format"), s.chatTemplateFromFile ? tr("%1 (from the tokenizer's template)").arg(s.chatFamily)
                                                                         : tr("%1 (from the architecture)").arg(s.chatFamily)};
  out << storage;

  KeyValueSection memory{tr("Memory"), {}};
  for (const auto& m : s.memory) {
    QString v = tr("needs about %1").arg(Format::bytes(m.neededBytes));
    if (m.freeBytes) {
      v += tr(" · %1 free of %2").arg(Format::bytes(m.freeBytes), Format::bytes(m.totalBytes));
      if (m.neededBytes > m.freeBytes) v += tr(" · does not fit");
    }
    memory.rows << KeyValueRow{m.device == u"cpu" ? tr("CPU") : m.device, v};
  }
  memory.rows << KeyValueRow{tr("Cache per token"), Format::bytes(s.kvBytesPerToken)};
  memory.rows << KeyValueRow{tr("Playground context"), tr("%1 positions").arg(num(s.sessionContext))};
  out << memory;

  KeyValueSection integrity{tr("Integrity"), {}};
  switch (hash.stage) {
    case HashState::Stage::NotComputed: integrity.rows << KeyValueRow{tr("SHA-256"), tr("not computed yet")}; break;
    case HashState::Stage::Running: integrity.rows << KeyValueRow{tr("SHA-256"), tr("computing… (see Jobs)")}; break;
    case HashState::Stage::Failed: integrity.rows << KeyValueRow{tr("SHA-256"), hash.error}; break;
    case HashState::Stage::Done:
      for (const auto& h : hash.hashes) integrity.rows << KeyValueRow{tr("SHA-256"), h.sha256, QFileInfo(h.path).fileName(), true};
      break;
  }
  out << integrity;
  return out;
}
