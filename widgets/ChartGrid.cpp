// ChartGrid (see header).
#include "ChartGrid.h"

#include <QStyle>
#include <QWidget>

#include <algorithm>

ChartGrid::ChartGrid(QWidget* parent) : QLayout(parent) {}

ChartGrid::~ChartGrid() { qDeleteAll(m_items); }

void ChartGrid::addChart(QWidget* chart, bool wide) {
  addChildWidget(chart);
  m_items << new QWidgetItem(chart);
  m_wide << wide;
  invalidate();
}

void ChartGrid::setMinimumColumnWidth(int width) {
  m_minColumnWidth = std::max(0, width);
  invalidate();
}

void ChartGrid::setMaximumColumns(int columns) {
  m_maxColumns = std::max(1, columns);
  invalidate();
}

void ChartGrid::addItem(QLayoutItem* item) {
  m_items << item;
  m_wide << false;
}

QLayoutItem* ChartGrid::itemAt(int index) const { return index >= 0 && index < m_items.size() ? m_items[index] : nullptr; }

QLayoutItem* ChartGrid::takeAt(int index) {
  if (index < 0 || index >= m_items.size()) return nullptr;
  m_wide.removeAt(index);
  return m_items.takeAt(index);
}

int ChartGrid::count() const { return int(m_items.size()); }

int ChartGrid::hSpace() const {
  if (spacing() >= 0) return spacing();
  const QWidget* w = parentWidget();
  return w ? w->style()->pixelMetric(QStyle::PM_LayoutHorizontalSpacing, nullptr, w) : 6;
}

int ChartGrid::vSpace() const {
  if (spacing() >= 0) return spacing();
  const QWidget* w = parentWidget();
  return w ? w->style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing, nullptr, w) : 6;
}

// The narrowest a column may be: the widest minimum among the charts that share rows.
int ChartGrid::columnMinimum() const {
  int least = m_minColumnWidth;
  for (int i = 0; i < m_items.size(); ++i)
    if (!m_wide[i] && !m_items[i]->isEmpty()) least = std::max(least, m_items[i]->minimumSize().width());
  return least;
}

int ChartGrid::columnsFor(int width) const {
  const QMargins m = contentsMargins();
  const int inner = width - m.left() - m.right();
  const int least = columnMinimum();
  int columns = m_maxColumns;
  while (columns > 1 && (inner - (columns - 1) * hSpace()) / columns < least) --columns;
  return columns;
}

QList<ChartGrid::Row> ChartGrid::rowsFor(int columns) const {
  QList<Row> rows;
  Row open;
  auto close = [&] {
    if (!open.items.isEmpty()) rows << open;
    open = Row();
  };
  for (int i = 0; i < m_items.size(); ++i) {
    QLayoutItem* item = m_items[i];
    if (item->isEmpty()) continue;
    const int h = std::max(item->minimumSize().height(), item->sizeHint().height());
    if (m_wide[i]) {
      close();
      open.items << i;
      open.height = h;
      close();
      continue;
    }
    open.items << i;
    open.height = std::max(open.height, h);
    if (open.items.size() == columns) close();
  }
  close();
  return rows;
}

int ChartGrid::heightOf(const QList<Row>& rows) const {
  int h = 0;
  for (const Row& r : rows) h += r.height;
  if (!rows.isEmpty()) h += int(rows.size() - 1) * vSpace();
  const QMargins m = contentsMargins();
  return h + m.top() + m.bottom();
}

int ChartGrid::heightForWidth(int width) const { return heightOf(rowsFor(columnsFor(width))); }

QSize ChartGrid::minimumSize() const {
  // As narrow as one column (or the widest wide chart); as low as the grid at its most columns:
  // the real height for a width comes from heightForWidth.
  int w = columnMinimum();
  for (int i = 0; i < m_items.size(); ++i)
    if (m_wide[i] && !m_items[i]->isEmpty()) w = std::max(w, m_items[i]->minimumSize().width());
  const QMargins m = contentsMargins();
  return {w + m.left() + m.right(), heightOf(rowsFor(m_maxColumns))};
}

QSize ChartGrid::sizeHint() const {
  const int least = columnMinimum();
  const QMargins m = contentsMargins();
  const int w = m_maxColumns * least + (m_maxColumns - 1) * hSpace() + m.left() + m.right();
  return QSize(w, heightOf(rowsFor(m_maxColumns))).expandedTo(minimumSize());
}

Qt::Orientations ChartGrid::expandingDirections() const {
  // Taller only when a chart can use the height (a row of buttons keeps its own).
  Qt::Orientations o = Qt::Horizontal;
  for (QLayoutItem* item : m_items)
    if (item->expandingDirections() & Qt::Vertical) o |= Qt::Vertical;
  return o;
}

void ChartGrid::setGeometry(const QRect& rect) {
  QLayout::setGeometry(rect);
  const QRect inner = rect.marginsRemoved(contentsMargins());
  const QList<Row> rows = rowsFor(columnsFor(rect.width()));
  if (rows.isEmpty()) return;
  // Height beyond what the rows need (a tall window) is shared among the rows.
  const int needed = heightOf(rows) - contentsMargins().top() - contentsMargins().bottom();
  const int extra = expandingDirections() & Qt::Vertical ? std::max(0, inner.height() - needed) : 0;
  int y = inner.top();
  for (int r = 0; r < rows.size(); ++r) {
    const Row& row = rows[r];
    const int h = row.height + extra / int(rows.size()) + (r < extra % int(rows.size()) ? 1 : 0);
    const int n = int(row.items.size());
    const int cell = (inner.width() - (n - 1) * hSpace()) / n;
    int x = inner.left();
    for (int c = 0; c < n; ++c) {
      // The last cell takes the rounding remainder, so the row ends at the right edge.
      const int w = c == n - 1 ? inner.right() + 1 - x : cell;
      m_items[row.items[c]]->setGeometry(QRect(x, y, w, h));
      x += w + hSpace();
    }
    y += h + vSpace();
  }
}
