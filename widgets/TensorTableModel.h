// TensorTableModel: the rows of the tensor browser (name, shape, dtype, bytes) as a Qt model.
//
// Plain data in, no engine types: the app converts the engine's tensor list into TensorRow values
// on its worker thread and hands the finished vector over. Sorting by "Bytes" uses the raw count
// (Qt::UserRole). Threading: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QString>
#include <QVector>

struct TensorRow {
  QString name;
  QString shape;  // "[2048, 32256]"
  QString dtype;  // as the file spells it: "BF16", "q8_0"
  quint64 bytes = 0;
  QString file;   // file holding the bytes (tooltip)
};

class TensorTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { NameColumn, ShapeColumn, DTypeColumn, BytesColumn, ColumnCount };
  explicit TensorTableModel(QObject* parent = nullptr);

  void setRows(QVector<TensorRow> rows);
  const QVector<TensorRow>& rows() const { return m_rows; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  QVector<TensorRow> m_rows;
};
