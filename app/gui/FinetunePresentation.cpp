// FinetunePresentation and AuditTableModel (see header).
#include "FinetunePresentation.h"

#include "Format.h"

#include <QLocale>
#include <QRegularExpression>

#include <cmath>
#include <map>

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString num(double v, int digits = 4) { return QLocale().toString(v, 'g', digits); }

}  // namespace

// ---- the audit table ------------------------------------------------------------------------------

void AuditTableModel::setAudit(const dsw::AdapterAudit& audit) {
  beginResetModel();
  m_rows = audit.modules;
  endResetModel();
}

void AuditTableModel::setAdaptedColor(const QColor& adapted, const QColor& missed) {
  m_adapted = adapted;
  m_missed = missed;
  if (!m_rows.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QVariant AuditTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const dsw::AdapterAuditEntry& e = m_rows[size_t(index.row())];
  if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
    switch (index.column()) {
      case Module: return q(e.module);
      case Kind: return FinetunePresentation::kindName(q(e.kind));
      case In: return QLocale().toString(qlonglong(e.in_features));
      case Out: return QLocale().toString(qlonglong(e.out_features));
      case Rank: return e.rank > 0 ? QString::number(e.rank) : FinetunePresentation::tr("not adapted");
    }
  }
  if (role == Qt::ForegroundRole && index.column() == Rank) {
    const QColor c = e.rank > 0 ? m_adapted : m_missed;
    if (c.isValid()) return c;
  }
  if (role == Qt::TextAlignmentRole && (index.column() == In || index.column() == Out || index.column() == Rank))
    return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::UserRole) return qlonglong(e.rank);
  return {};
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Module: return FinetunePresentation::tr("Module");
    case Kind: return FinetunePresentation::tr("Kind");
    case In: return FinetunePresentation::tr("In");
    case Out: return FinetunePresentation::tr("Out");
    case Rank: return FinetunePresentation::tr("LoRA rank");
  }
  return {};
}

void AuditTableModel::retranslate() {
  emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
  if (!m_rows.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

// ---- texts ------------------------------------------------------------------------------------------

QString FinetunePresentation::kindName(const QString& kind) {
  if (kind == u"attention") return tr("Attention");
  if (kind == u"mlp") return tr("MLP");
  if (kind == u"shared_expert") return tr("Shared expert");
  if (kind == u"expert") return tr("Routed expert");
  if (kind == u"router") return tr("Router");
  return kind;
}

QString FinetunePresentation::planSummary(const FinetunePlan& p, const QColor& warning, const QColor& danger) {
  auto bad = [&](const QString& s) { return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(danger.name(), s.toHtmlEscaped()); };
  auto warn = [&](const QString& s) { return QStringLiteral("<span style=\"color:%1\">%2</span>").arg(warning.name(), s.toHtmlEscaped()); };
  QStringList parts;
  if (!p.modelError.isEmpty()) return bad(tr("The model cannot be read: %1").arg(p.modelError));
  // The audit.
  if (!p.auditOk) {
    parts << bad(tr("Targets: %1").arg(p.auditError));
  } else if (p.config.mode == dsw::TrainMode::full) {
    parts << tr("<b>Full fine-tuning:</b> every weight is trained (%1 parameters).").arg(Format::count(double(p.audit.trainable_parameters)));
  } else {
    const dsw::AdapterAudit& a = p.audit;
    std::map<std::string, std::pair<qint64, qint64>> byKind;
    for (const auto& m : a.modules) {
      auto& k = byKind[m.kind];
      k.second++;
      if (m.rank > 0) k.first++;
    }
    QStringList kinds;
    for (const char* kind : {"attention", "mlp", "shared_expert", "router"})
      if (auto it = byKind.find(kind); it != byKind.end())
        kinds << tr("%1 %2/%3").arg(kindName(QString::fromLatin1(kind))).arg(it->second.first).arg(it->second.second);
    QString line = tr("<b>Adapter applied to %1 of %2 Linear modules</b> (%3) · %4 trainable parameters")
                       .arg(a.adapted)
                       .arg(a.linear_total)
                       .arg(kinds.join(QStringLiteral(", ")))
                       .arg(Format::count(double(a.trainable_parameters)));
    parts << line;
    if (a.experts_total > 0) {
      const QString experts = tr("experts adapted %1/%2").arg(a.experts_adapted).arg(a.experts_total);
      if (a.experts_adapted == a.experts_total) parts << QStringLiteral("<b>%1</b>").arg(experts.toHtmlEscaped());
      else parts << warn(tr("%1 — the routed experts left out learn nothing from this run.").arg(experts));
    }
    if (a.adapted == 0) parts << bad(tr("No module is adapted: the patterns match nothing in this model."));
    if (!a.unmatched_patterns.empty()) {
      QStringList u;
      for (const auto& s : a.unmatched_patterns) u << q(s);
      parts << warn(tr("Patterns that match no module: %1").arg(u.join(QStringLiteral(", "))));
    }
  }
  // Memory.
  if (!p.memoryOk) {
    parts << bad(tr("Memory estimate: %1").arg(p.memoryError));
  } else {
    const dsw::MemoryEstimate& m = p.memory;
    QString line = tr("Memory: about %1 (weights %2, trainable state %3, activations %4, workspace %5)")
                       .arg(Format::bytes(m.total()), Format::bytes(m.weights), Format::bytes(m.trainable), Format::bytes(m.activations),
                            Format::bytes(m.workspace));
    if (p.availableBytes > 0) {
      line += tr(" · %1 available").arg(Format::bytes(p.availableBytes));
      if (m.total() > p.availableBytes) {
        parts << bad(line + tr(" — does not fit: lower the batch or sequence length, or turn on gradient checkpointing"));
      } else {
        parts << line.toHtmlEscaped();
      }
    } else {
      parts << line.toHtmlEscaped();
    }
  }
  if (!p.dataOk) parts << bad(dataSummary(p));
  else parts << dataSummary(p).toHtmlEscaped();
  return parts.join(QStringLiteral("<br>"));
}

QString FinetunePresentation::dataSummary(const FinetunePlan& p) {
  if (!p.dataOk && p.dataMissing) return tr("Data: choose a data file (JSONL or plain text)");
  if (!p.dataOk) return tr("Data: %1").arg(p.dataError);
  const dsw::DataPreview& d = p.preview;
  QString s = tr("Data: %1 examples → %2 training rows and %3 eval rows of %4 tokens (%5 scored tokens in training; %6 template)")
                  .arg(QLocale().toString(qlonglong(d.examples)), QLocale().toString(qlonglong(d.train_rows)),
                       QLocale().toString(qlonglong(d.eval_rows)), QLocale().toString(qlonglong(d.seq_len)),
                       QLocale().toString(qlonglong(d.scored_tokens)), q(d.chat_template));
  if (d.dropped > 0) s += tr(" · %n row(s) dropped: truncation cut their whole response", nullptr, int(d.dropped));
  return s;
}

QVector<MaskedTokenRow> FinetunePresentation::previewRows(const dsw::DataPreview& d) {
  QVector<MaskedTokenRow> out;
  int train = 0, eval = 0;
  for (const auto& r : d.rows) {
    MaskedTokenRow row;
    const int n = r.eval ? ++eval : ++train;
    row.title = (r.eval ? tr("Eval row %1") : tr("Training row %1")).arg(n) + QStringLiteral(" · ") +
                tr("%1 tokens, %2 scored").arg(r.tokens.size()).arg(r.scored);
    for (const auto& t : r.tokens) {
      row.tokens << q(t.text);
      row.scored << t.scored;
    }
    out << row;
  }
  return out;
}

QString FinetunePresentation::statusLine(const dsw::TrainStepReport& s, std::optional<double> lastEval, double secondsLeft) {
  QStringList parts;
  parts << tr("Step %1/%2").arg(s.step).arg(s.total_steps);
  parts << tr("loss %1").arg(QLocale().toString(s.loss, 'f', 4));
  if (lastEval) parts << tr("eval %1").arg(QLocale().toString(*lastEval, 'f', 4));
  parts << tr("lr %1").arg(QLocale().toString(s.lr, 'g', 3));
  parts << tr("grad %1").arg(num(s.grad_norm, 3));
  parts << tr("%1 tokens/s").arg(Format::rate(s.tokens_per_s));
  parts << Format::bytes(s.memory_bytes);
  if (secondsLeft > 0 && s.step < s.total_steps) parts << tr("about %1 left").arg(Format::duration(secondsLeft));
  return parts.join(QStringLiteral(" · "));
}

QString FinetunePresentation::flagText(const GradientFlag& f) {
  const QString where = f.layer < 0 ? tr("global norm") : tr("layer %1").arg(f.layer);
  const QString what = f.kind == GradientFlag::Kind::Exploding ? tr("exploding") : tr("vanishing");
  QString s = tr("Step %1, %2: %3 (%4)").arg(f.step).arg(where, what, num(f.value, 3));
  if (f.reference > 0) s += tr(" against a median of %1").arg(num(f.reference, 3));
  return s;
}

QString FinetunePresentation::gradientLine(const GradientMonitor& m) {
  const int exploding = m.count(GradientFlag::Kind::Exploding), vanishing = m.count(GradientFlag::Kind::Vanishing);
  if (exploding == 0 && vanishing == 0) return tr("Gradients: no vanishing or exploding gradient so far.");
  QString s = tr("Gradients: %1 exploding, %2 vanishing.").arg(exploding).arg(vanishing);
  if (!m.flags().isEmpty()) s += u' ' + tr("Latest: %1").arg(flagText(m.flags().last()));
  return s;
}

QString FinetunePresentation::outcomeText(const FinetuneOutcome& o) {
  QStringList parts;
  parts << (o.config.mode == dsw::TrainMode::lora ? tr("Adapter saved to %1.") : tr("Model saved to %1.")).arg(o.resultDir);
  parts << tr("%n step(s), final loss %1.", nullptr, int(o.steps)).arg(QLocale().toString(o.finalLoss, 'f', 4));
  if (o.firstEvalLoss && o.finalEvalLoss)
    parts << tr("Eval loss %1 → %2.").arg(QLocale().toString(*o.firstEvalLoss, 'f', 4), QLocale().toString(*o.finalEvalLoss, 'f', 4));
  if (o.runId) parts << tr("Recorded as run %1.").arg(o.runId);
  else if (!o.storeError.isEmpty()) parts << tr("Not recorded: %1").arg(o.storeError);
  if (!o.audit.isEmpty()) parts << o.audit;
  return parts.join(u' ');
}

QVector<bool> FinetunePresentation::trainableLayers(const dsw::AdapterAudit& audit, qint64 layers, bool full) {
  QVector<bool> out(qsizetype(std::max<qint64>(0, layers)), full);
  if (full) return out;
  static const QRegularExpression re(QStringLiteral("^model\\.layers\\.(\\d+)\\."));
  for (const auto& m : audit.modules) {
    if (m.rank <= 0) continue;
    const auto match = re.match(q(m.module));
    const int l = match.hasMatch() ? match.captured(1).toInt() : -1;
    if (l >= 0 && l < out.size()) out[l] = true;
  }
  return out;
}
