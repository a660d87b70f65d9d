// TensorTableModel (see header).
#include "TensorTableModel.h"

#include "Format.h"

#include <QFontDatabase>

TensorTableModel::TensorTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void TensorTableModel::setRows(QVector<TensorRow> rows) {
  beginResetModel();
  m_rows = std::move(rows);
  endResetModel();
}

int TensorTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int TensorTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TensorTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= m_rows.size()) return {};
  const TensorRow& r = m_rows[index.row()];
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case NameColumn: return r.name;
      case ShapeColumn: return r.shape;
      case DTypeColumn: return r.dtype.isEmpty() ? tr("unsupported") : r.dtype;
      case BytesColumn: return Format::bytes(r.bytes);
    }
  } else if (role == Qt::UserRole) {  // sort key
    switch (index.column()) {
      case BytesColumn: return QVariant::fromValue(r.bytes);
      default: return data(index, Qt::DisplayRole);
    }
  } else if (role == Qt::ToolTipRole) {
    return tr("%1\n%2 bytes in %3").arg(r.name).arg(r.bytes).arg(r.file);
  } else if (role == Qt::TextAlignmentRole) {
    if (index.column() == BytesColumn) return int(Qt::AlignRight | Qt::AlignVCenter);
  } else if (role == Qt::FontRole) {
    if (index.column() == NameColumn || index.column() == ShapeColumn) return QFontDatabase::systemFont(QFontDatabase::FixedFont);
  }
  return {};
}

QVariant TensorTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case NameColumn: return tr("Name");
    case ShapeColumn: return tr("Shape");
    case DTypeColumn: return tr("Type");
    case BytesColumn: return tr("Bytes");
  }
  return {};
}
