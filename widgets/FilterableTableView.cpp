// FilterableTableView (see header).
#include "FilterableTableView.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

FilterableTableView::FilterableTableView(QWidget* parent)
    : QWidget(parent), m_filter(new QLineEdit(this)), m_count(new QLabel(this)), m_table(new QTableView(this)),
      m_proxy(new QSortFilterProxyModel(this)) {
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->setSpacing(8);
  auto* top = new QHBoxLayout;
  m_filter->setObjectName(QStringLiteral("tableFilter"));
  m_filter->setClearButtonEnabled(true);
  m_count->setObjectName(QStringLiteral("tableCount"));
  m_count->setProperty("dswData", true);
  top->addWidget(m_filter, 1);
  top->addWidget(m_count);
  v->addLayout(top);
  v->addWidget(m_table, 1);

  m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_proxy->setSortRole(Qt::UserRole);
  m_proxy->setFilterKeyColumn(0);
  m_table->setModel(m_proxy);
  m_table->setSortingEnabled(true);
  m_table->sortByColumn(-1, Qt::AscendingOrder);  // file order until the user sorts
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setAlternatingRowColors(true);
  m_table->verticalHeader()->hide();
  m_table->verticalHeader()->setDefaultSectionSize(24);
  m_table->horizontalHeader()->setStretchLastSection(false);
  m_table->horizontalHeader()->setHighlightSections(false);
  m_table->setWordWrap(false);

  connect(m_filter, &QLineEdit::textChanged, this, &FilterableTableView::setFilterText);
  connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &FilterableTableView::updateCount);
  connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &FilterableTableView::updateCount);
  connect(m_proxy, &QAbstractItemModel::modelReset, this, &FilterableTableView::updateCount);
  connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &FilterableTableView::updateCount);
  retranslateUi();
}

void FilterableTableView::setSourceModel(QAbstractItemModel* model) {
  m_proxy->setSourceModel(model);
  if (model) {
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
      m_table->resizeColumnsToContents();
      updateCount();
    });
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  }
  updateCount();
}

void FilterableTableView::setFilterColumn(int column) { m_proxy->setFilterKeyColumn(column); }

void FilterableTableView::setFilterPlaceholder(std::function<QString()> text) {
  m_placeholder = std::move(text);
  m_filter->setPlaceholderText(m_placeholder ? m_placeholder() : tr("Filter by name…"));
}

int FilterableTableView::visibleRowCount() const { return m_proxy->rowCount(); }

void FilterableTableView::setFilterText(const QString& text) {
  if (m_filter->text() != text) {
    m_filter->setText(text);  // re-enters through textChanged
    return;
  }
  m_proxy->setFilterFixedString(text);
  updateCount();
  emit filterChanged(text);
}

void FilterableTableView::updateCount() {
  const int total = m_proxy->sourceModel() ? m_proxy->sourceModel()->rowCount() : 0;
  m_count->setText(tr("%1 of %2").arg(m_proxy->rowCount()).arg(total));
}

void FilterableTableView::retranslateUi() {
  m_filter->setPlaceholderText(m_placeholder ? m_placeholder() : tr("Filter by name…"));
  updateCount();
  if (auto* m = m_proxy->sourceModel(); m && m->columnCount() > 0)
    emit m->headerDataChanged(Qt::Horizontal, 0, m->columnCount() - 1);
}

void FilterableTableView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
