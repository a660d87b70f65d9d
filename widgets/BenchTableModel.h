// BenchTableModel: the Benchmarks area's results list — one row per stored benchmark run, one
// column per schema field the app chose to show.
//
// Plain data only (no engine type): the app hands over the columns (key, translated title,
// numeric or not) and, per run, its id, a noisy flag and one QVariant per column (an invalid
// QVariant for a missing value). Numbers are shown with a fixed number of significant digits and
// sorted by their raw value (Qt::UserRole, which FilterableTableView's proxy sorts by). Noisy runs
// are marked in the "noisy" column and tinted with the warning colour the app sets.
// Threading: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QString>
#include <QVariant>
#include <QVector>

class BenchTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  static constexpr int RunIdRole = Qt::UserRole + 1;  // qint64 id of the row's run (any column)
  static constexpr int NoisyRole = Qt::UserRole + 2;  // bool

  struct Column {
    QString key;    // schema field name ("decode_tps")
    QString title;  // header text (translated by the app)
    bool numeric = false;
  };
  struct Run {
    qint64 id = 0;
    bool noisy = false;
    QVector<QVariant> values;  // one per column
  };

  explicit BenchTableModel(QObject* parent = nullptr);

  void setColumns(const QVector<Column>& columns);
  void setRuns(const QVector<Run>& runs);
  // Text shown for a noisy run in the column keyed "noisy".
  void setNoisyText(const QString& text);
  void setNoisyColor(const QColor& color);
  const QVector<Column>& columns() const { return m_columns; }
  int columnOf(const QString& key) const;
  const Run* runAt(int row) const;
  int rowOfRun(qint64 id) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  QVector<Column> m_columns;
  QVector<Run> m_runs;
  QString m_noisyText = QStringLiteral("noisy");
  QColor m_noisyColor{0xff, 0xf5, 0xd9};
};
