// ComparisonTableModel: the side-by-side comparison of benchmark runs — one row per metric, the
// metric and its unit, then one column per run (its value) and, for every run after the baseline,
// a column with its delta, ratio and verdict against the baseline.
//
// Plain data only: the app computes the comparison (values, deltas, ratios, verdicts and their
// translated words) and hands over finished cells, each with a Tone the model turns into the
// better / worse colours the app sets (neutral cells keep the table's own colours).
// Threading: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QColor>
#include <QString>
#include <QStringList>
#include <QVector>

class ComparisonTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum class Tone { Neutral, Baseline, Better, Worse };
  static constexpr int ToneRole = Qt::UserRole + 1;  // int(Tone)

  struct Cell {
    QString text;
    QString toolTip;
    Tone tone = Tone::Neutral;
    double sortValue = 0;
    Qt::Alignment alignment = Qt::AlignRight;  // numbers right, sentences left
    bool isData = false;  // a value (ItemRoles::IsData), not words
  };
  struct Row {
    QString metric;     // shown in the first column (the metric's display name)
    QString metricKey;  // the schema field name (exports and tests use it)
    QString unit;
    QVector<Cell> cells;  // one per header after "metric" and "unit"
  };

  explicit ComparisonTableModel(QObject* parent = nullptr);

  // `headers`: every column's title, starting with the metric and unit columns.
  void setTable(const QStringList& headers, const QVector<Row>& rows);
  void setToneColors(const QColor& better, const QColor& worse, const QColor& baseline);
  const Row* rowAt(int row) const;
  // The row of a metric by schema key or display name (-1 when absent).
  int rowOfMetric(const QString& metric) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  QStringList m_headers;
  QVector<Row> m_rows;
  QColor m_better{0xd9, 0xf2, 0xe3}, m_worse{0xf9, 0xdc, 0xdc}, m_baseline;
};
