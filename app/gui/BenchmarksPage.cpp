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
#include <QScrollArea>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>


BenchmarksPage::BenchmarksPage(BenchTableModel* results, ComparisonTableModel* comparison, QWidget* parent)
    : QWidget(parent), m_model(results), m_title(new QLabel(this)), m_subtitle(new QLabel(this)), m_refresh(new QPushButton(this)),
      m_relabel(new QPushButton(this)), m_delete(new QPushButton(this)),
      m_results(new FilterableTableView(this)), m_form(new BenchRunForm(this)), m_comparison(new ComparisonPanel(comparison, this)),
      m_status(new QLabel(this)) {
  setObjectName(QStringLiteral("benchmarksPage"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(24, 20, 24, 12);
  v->setSpacing(10);
  auto* header = makePageHeader(m_title, m_subtitle);
  m_refresh->setObjectName(QStringLiteral("benchRefresh"));
  m_relabel->setObjectName(QStringLiteral("benchRelabel"));
  m_delete->setObjectName(QStringLiteral("dangerButton"));
  m_relabel->setEnabled(false);
  m_delete->setEnabled(false);
  header->addWidget(m_relabel, 0, Qt::AlignBottom);
  header->addWidget(m_delete, 0, Qt::AlignBottom);
  header->addWidget(m_refresh, 0, Qt::AlignBottom);
  v->addLayout(header);

  m_results->setObjectName(QStringLiteral("benchResults"));
  m_results->setSourceModel(m_model);
  m_results->setFilterColumn(-1);  // any column: label, model, suite, device, notes, ...
  m_results->setFilterPlaceholder([] { return tr("Filter by label, model, suite, device…"); });
  QTableView* table = m_results->tableView();
  table->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
  table->sortByColumn(0, Qt::DescendingOrder);  // newest first

  // The list and the form share the top; the comparison (wide: a column per run and per
  // comparison) gets the full width below.
  auto* top = new QSplitter(Qt::Horizontal, this);
  top->setChildrenCollapsible(false);
  // The form scrolls when the window is short rather than squeezing its fields.
  m_formScroll = new QScrollArea(this);
  m_formScroll->setObjectName(QStringLiteral("benchFormScroll"));
  m_formScroll->setWidgetResizable(true);
  m_formScroll->setFrameShape(QFrame::NoFrame);
  m_formScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_formScroll->setWidget(m_form);
  top->addWidget(m_results);
  top->addWidget(m_formScroll);
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
  v->addWidget(m_status);

  connect(m_refresh, &QPushButton::clicked, this, &BenchmarksPage::refreshRequested);
  connect(m_relabel, &QPushButton::clicked, this, &BenchmarksPage::relabelRequested);
  connect(m_delete, &QPushButton::clicked, this, &BenchmarksPage::deleteRequested);
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

void BenchmarksPage::setEditEnabled(bool anySelected, bool oneSelected) {
  m_relabel->setEnabled(oneSelected);
  m_delete->setEnabled(anySelected);
}
void BenchmarksPage::setRefreshIcon(const QIcon& icon) { m_refresh->setIcon(icon); }

void BenchmarksPage::retranslateUi() {
  m_title->setText(tr("Benchmarks"));
  m_subtitle->setText(tr("Speed, perplexity and diversity runs stored by the workbench and dsw-cli. Select two or more to compare."));
  m_refresh->setText(tr("Refresh"));
  m_relabel->setText(tr("Relabel…"));
  m_relabel->setToolTip(tr("Give the selected run a new label (it names the run in comparisons and reports)."));
  m_delete->setText(tr("Delete…"));
  m_delete->setToolTip(tr("Delete the selected runs from the results database (asks first)."));
  m_refresh->setToolTip(tr("Reload the runs from the database (includes runs dsw-cli wrote since)."));
  // As wide as the form needs in this language (only its height scrolls); after the form has
  // re-worded itself (the order in which widgets hear of a language change is not fixed).
  QTimer::singleShot(0, this, [this] {
    m_formScroll->setMinimumWidth(m_form->minimumSizeHint().width() + m_formScroll->verticalScrollBar()->sizeHint().width());
  });
  emit retranslated();
}

void BenchmarksPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
