// BenchTableModel (see header).
#include "BenchTableModel.h"

#include "Format.h"
#include "ItemRoles.h"

#include <QBrush>

BenchTableModel::BenchTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void BenchTableModel::setColumns(const QVector<Column>& columns) {
  if (columns.size() == m_columns.size()) {  // a language change: same columns, new titles
    m_columns = columns;
    if (!m_columns.isEmpty()) emit headerDataChanged(Qt::Horizontal, 0, int(m_columns.size()) - 1);
    return;
  }
  beginResetModel();
  m_columns = columns;
  endResetModel();
}

void BenchTableModel::setRuns(const QVector<Run>& runs) {
  beginResetModel();
  m_runs = runs;
  endResetModel();
}

void BenchTableModel::setNoisyText(const QString& text) {
  m_noisyText = text;
  if (!m_runs.isEmpty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

void BenchTableModel::setNoisyColor(const QColor& color) {
  m_noisyColor = color;
  if (!m_runs.isEmpty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
}

int BenchTableModel::columnOf(const QString& key) const {
  for (int i = 0; i < m_columns.size(); ++i)
    if (m_columns[i].key == key) return i;
  return -1;
}

const BenchTableModel::Run* BenchTableModel::runAt(int row) const {
  return row >= 0 && row < m_runs.size() ? &m_runs[row] : nullptr;
}

int BenchTableModel::rowOfRun(qint64 id) const {
  for (int i = 0; i < m_runs.size(); ++i)
    if (m_runs[i].id == id) return i;
  return -1;
}

int BenchTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_runs.size()); }
int BenchTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_columns.size()); }

QVariant BenchTableModel::data(const QModelIndex& index, int role) const {
  const Run* run = runAt(index.row());
  if (!run || index.column() < 0 || index.column() >= m_columns.size()) return {};
  const Column& col = m_columns[index.column()];
  const QVariant v = run->values.value(index.column());
  const bool noisyColumn = col.key == u"noisy";
  switch (role) {
    case Qt::DisplayRole:
      if (noisyColumn) return run->noisy ? m_noisyText : QString();
      if (!v.isValid()) return QString();
      // 4 significant digits on screen; the tooltip and every export keep the stored value.
      if (col.numeric && v.typeId() == QMetaType::Double) return Format::number(v.toDouble());
      return v.toString();
    case ItemRoles::IsData:  // the noisy flag and the suite name are words; the rest is data
      return !(noisyColumn || col.key == u"suite");
    case Qt::UserRole:  // sort key
      if (noisyColumn) return run->noisy ? 1 : 0;
      return v;
    case Qt::ToolTipRole:
      if (noisyColumn && run->noisy) return m_noisyText;
      if (col.numeric && v.typeId() == QMetaType::Double) return QString::number(v.toDouble(), 'g', 17);
      return {};
    case Qt::TextAlignmentRole:
      return QVariant::fromValue(Qt::Alignment((col.numeric ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter));
    case Qt::BackgroundRole:
      if (run->noisy) return QBrush(m_noisyColor);
      return {};
    case RunIdRole: return run->id;
    case NoisyRole: return run->noisy;
    default: return {};
  }
}

QVariant BenchTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size()) return {};
  if (role == Qt::DisplayRole) return m_columns[section].title;
  if (role == Qt::ToolTipRole) return m_columns[section].key;
  return {};
}
