// ComparisonTableModel (see header).
#include "ComparisonTableModel.h"

#include "ItemRoles.h"

#include <QBrush>

ComparisonTableModel::ComparisonTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void ComparisonTableModel::setTable(const QStringList& headers, const QVector<Row>& rows) {
  beginResetModel();
  m_headers = headers;
  m_rows = rows;
  endResetModel();
}

void ComparisonTableModel::setToneColors(const QColor& better, const QColor& worse, const QColor& baseline) {
  m_better = better;
  m_worse = worse;
  m_baseline = baseline;
  if (!m_rows.isEmpty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

const ComparisonTableModel::Row* ComparisonTableModel::rowAt(int row) const {
  return row >= 0 && row < m_rows.size() ? &m_rows[row] : nullptr;
}

int ComparisonTableModel::rowOfMetric(const QString& metric) const {
  for (int i = 0; i < m_rows.size(); ++i)
    if (m_rows[i].metricKey == metric || m_rows[i].metric == metric) return i;
  return -1;
}

int ComparisonTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int ComparisonTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_headers.size()); }

QVariant ComparisonTableModel::data(const QModelIndex& index, int role) const {
  const Row* r = rowAt(index.row());
  if (!r) return {};
  const int c = index.column();
  if (c == 0 || c == 1) {
    const QString text = c == 0 ? r->metric : r->unit;
    if (role == Qt::DisplayRole || role == Qt::UserRole) return text;
    if (role == Qt::ToolTipRole && c == 0 && !r->metricKey.isEmpty()) return r->metricKey;
    if (role == ItemRoles::IsData) return c == 1;
    return {};
  }
  if (c - 2 >= r->cells.size()) return {};
  const Cell& cell = r->cells[c - 2];
  switch (role) {
    case Qt::DisplayRole: return cell.text;
    case Qt::ToolTipRole: return cell.toolTip.isEmpty() ? QVariant() : QVariant(cell.toolTip);
    case Qt::UserRole: return cell.sortValue;
    case ToneRole: return int(cell.tone);
    case ItemRoles::IsData: return cell.isData;
    case Qt::TextAlignmentRole: return QVariant::fromValue(Qt::Alignment(cell.alignment | Qt::AlignVCenter));
    case Qt::BackgroundRole:
      if (cell.tone == Tone::Better) return QBrush(m_better);
      if (cell.tone == Tone::Worse) return QBrush(m_worse);
      if (cell.tone == Tone::Baseline && m_baseline.isValid()) return QBrush(m_baseline);
      return {};
    default: return {};
  }
}

QVariant ComparisonTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  return m_headers.value(section);
}
