// FinetunePresentation: the Fine-tune area's texts and table models — the audit table, the plan
// summary, the data preview rows, the live status line and the stored runs — computed from the
// engine's plain structs. No state beyond the models; every text follows the current language.
// Threading: GUI thread.
#pragma once

#include "FinetuneTypes.h"
#include "GradientMonitor.h"
#include "MaskedTokenView.h"

#include <QAbstractTableModel>
#include <QCoreApplication>

// Every Linear of the decoder layers with its kind, shape and rank (0: not adapted). A plain
// table model over the audit vector: a V3-sized MoE lists tens of thousands of modules, which an
// item model per cell would make slow to fill.
class AuditTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { Module, Kind, In, Out, Rank, ColumnCount };
  explicit AuditTableModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}
  void setAudit(const dsw::AdapterAudit& audit);
  void setAdaptedColor(const QColor& adapted, const QColor& missed);
  int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
  int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  void retranslate();

 private:
  std::vector<dsw::AdapterAuditEntry> m_rows;
  QColor m_adapted, m_missed;
};

class FinetunePresentation {
  Q_DECLARE_TR_FUNCTIONS(FinetunePresentation)

 public:
  // "attention" -> "Attention", "expert" -> "Routed expert", ...
  static QString kindName(const QString& kind);
  // The plan tab's rich text: audit summary (experts adapted N/M emphasised), unmatched
  // patterns, memory estimate against what is available, data counts, errors.
  static QString planSummary(const FinetunePlan& plan, const QColor& warning, const QColor& danger);
  static QString dataSummary(const FinetunePlan& plan);
  static QVector<MaskedTokenRow> previewRows(const dsw::DataPreview& preview);
  // "Step 37/200 · loss 3.412 · eval 3.510 · lr 1.9e-4 · grad 0.83 · 2,084 tokens/s · 33 MiB · about 1 min left"
  static QString statusLine(const dsw::TrainStepReport& s, std::optional<double> lastEval, double secondsLeft);
  static QString gradientLine(const GradientMonitor& monitor);
  static QString flagText(const GradientFlag& flag);
  static QString outcomeText(const FinetuneOutcome& outcome);
  // Whether the decoder layers named in the audit have trainable parameters (for the monitor).
  static QVector<bool> trainableLayers(const dsw::AdapterAudit& audit, qint64 layers, bool full);
};
