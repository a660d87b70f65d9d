// FilterableTableView: a table with a filter box above it and a "shown of total" count — the
// tensor browser, and any later list that needs a quick filter.
//
// Takes any QAbstractItemModel; filtering is a case-insensitive substring match on the filter
// column (column 0 by default) through a QSortFilterProxyModel that sorts by Qt::UserRole, so
// models can give raw numbers as sort keys. Header texts come from the model; on a language change
// the view asks the model to re-emit them. Threading: GUI thread only.
#pragma once

#include <QWidget>

#include <functional>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

class FilterableTableView : public QWidget {
  Q_OBJECT
 public:
  explicit FilterableTableView(QWidget* parent = nullptr);

  void setSourceModel(QAbstractItemModel* model);
  void setFilterColumn(int column);
  // The filter box's placeholder, asked again on every language change ("Filter by name…" when
  // not set). A function, not a text: the view re-words itself after its page may have.
  void setFilterPlaceholder(std::function<QString()> text);
  QTableView* tableView() const { return m_table; }
  QSortFilterProxyModel* proxy() const { return m_proxy; }
  QLineEdit* filterEdit() const { return m_filter; }
  int visibleRowCount() const;

 public slots:
  void setFilterText(const QString& text);

 signals:
  void filterChanged(const QString& text);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void updateCount();

  QLineEdit* m_filter;
  QLabel* m_count;
  QTableView* m_table;
  QSortFilterProxyModel* m_proxy;
  std::function<QString()> m_placeholder;
};
