// BenchmarksPage (see header).
#include "BenchmarksPage.h"

#include "BenchRunForm.h"
#include "BenchTableModel.h"
#include "ComparisonPanel.h"
#include "FilterableTableView.h"
#include "PageHeader.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>


BenchmarksPage::BenchmarksPage(BenchTableModel* results, ComparisonTableModel* comparison, QWidget* parent)
    : QWidget(parent), m_model(results), m_title(new QLabel(this)), m_subtitle(new QLabel(this)), m_refresh(new QPushButton(this)),
      m_results(new FilterableTableView(this)), m_form(new BenchRunForm(this)), m_comparison(new ComparisonPanel(comparison, this)),
      m_status(new QLabel(this)) {
  setObjectName(QStringLiteral("benchmarksPage"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(24, 20, 24, 12);
  v->setSpacing(10);
  auto* header = makePageHeader(m_title, m_subtitle);
  m_refresh->setObjectName(QStringLiteral("benchRefresh"));
  header->addWidget(m_refresh, 0, Qt::AlignBottom);
  v->addLayout(header);

  m_results->setObjectName(QStringLiteral("benchResults"));
  m_results->setSourceModel(m_model);
  m_results->setFilterColumn(-1);  // any column: label, model, suite, device, notes, ...
  QTableView* table = m_results->tableView();
  table->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
  table->sortByColumn(0, Qt::DescendingOrder);  // newest first

  // The list and the form share the top; the comparison (wide: a column per run and per
  // comparison) gets the full width below.
  auto* top = new QSplitter(Qt::Horizontal, this);
  top->setChildrenCollapsible(false);
  m_form->setMinimumWidth(400);
  top->addWidget(m_results);
  top->addWidget(m_form);
  top->setStretchFactor(0, 1);
  top->setStretchFactor(1, 0);
  top->setSizes({840, 420});
  auto* split = new QSplitter(Qt::Vertical, this);
  split->setChildrenCollapsible(false);
  split->addWidget(top);
  split->addWidget(m_comparison);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 1);
  v->addWidget(split, 1);
  m_status->setObjectName(QStringLiteral("hintLabel"));
  m_status->setProperty("dswData", true);
  v->addWidget(m_status);

  connect(m_refresh, &QPushButton::clicked, this, &BenchmarksPage::refreshRequested);
  connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BenchmarksPage::selectionChanged);
  retranslateUi();
}

QList<qint64> BenchmarksPage::selectedRunIds() const {
  QTableView* table = m_results->tableView();
  // In the order the rows were selected (Ctrl+click order), so the first selected is the baseline.
  QList<qint64> ids;
  for (const QModelIndex& i : table->selectionModel()->selectedRows()) ids << i.data(BenchTableModel::RunIdRole).toLongLong();
  return ids;
}

void BenchmarksPage::selectRuns(const QList<qint64>& ids) {
  QTableView* table = m_results->tableView();
  QItemSelection selection;
  for (qint64 id : ids) {
    const int source = m_model->rowOfRun(id);
    if (source < 0) continue;
    const QModelIndex i = m_results->proxy()->mapFromSource(m_model->index(source, 0));
    if (i.isValid()) selection.select(i, i.siblingAtColumn(m_model->columnCount() - 1));
  }
  table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void BenchmarksPage::setStatus(const QString& text) { m_status->setText(text); }
void BenchmarksPage::setRefreshIcon(const QIcon& icon) { m_refresh->setIcon(icon); }

void BenchmarksPage::retranslateUi() {
  m_title->setText(tr("Benchmarks"));
  m_subtitle->setText(tr("Speed, perplexity and diversity runs stored by the workbench and dsw-cli. Select two or more to compare."));
  m_refresh->setText(tr("Refresh"));
  m_refresh->setToolTip(tr("Reload the runs from the database (includes runs dsw-cli wrote since)."));
  m_results->filterEdit()->setPlaceholderText(tr("Filter by label, model, suite, device…"));
  emit retranslated();
}

void BenchmarksPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
