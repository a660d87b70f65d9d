// ChartGrid: a layout for a grid of charts that reflows to the width it gets — as many columns as
// fit (at most maximumColumns()), one when the charts' minimum widths do not fit side by side — so
// a chart grid beside a form never needs a horizontal scroll bar. Wide charts (a long title, the
// chart read most closely) take a row of their own; a row with fewer charts than columns shares
// its width among them. The height follows from the width (heightForWidth), so a scroll area
// around it scrolls down only.
//
// Threading: GUI thread only, like every layout.
#pragma once

#include <QLayout>
#include <QList>

class ChartGrid : public QLayout {
 public:
  explicit ChartGrid(QWidget* parent = nullptr);
  ~ChartGrid() override;

  // Appends a chart; `wide` charts take a full row.
  void addChart(QWidget* chart, bool wide = false);

  // No column is made narrower than this (nor than its charts' minimum width). Default 280.
  void setMinimumColumnWidth(int width);
  void setMaximumColumns(int columns);
  int maximumColumns() const { return m_maxColumns; }
  // Columns used at the current geometry (or at `width` of the layout's contents).
  int columnCount() const { return columnsFor(geometry().width()); }
  int columnsFor(int width) const;

  // QLayout.
  void addItem(QLayoutItem* item) override;
  QLayoutItem* itemAt(int index) const override;
  QLayoutItem* takeAt(int index) override;
  int count() const override;
  QSize sizeHint() const override;
  QSize minimumSize() const override;
  Qt::Orientations expandingDirections() const override;
  bool hasHeightForWidth() const override { return true; }
  int heightForWidth(int width) const override;
  void setGeometry(const QRect& rect) override;

 private:
  struct Row {
    QList<int> items;
    int height = 0;
  };
  int columnMinimum() const;
  QList<Row> rowsFor(int columns) const;
  int heightOf(const QList<Row>& rows) const;
  int hSpace() const;
  int vSpace() const;

  QList<QLayoutItem*> m_items;
  QList<bool> m_wide;
  int m_minColumnWidth = 280;
  int m_maxColumns = 2;
};
