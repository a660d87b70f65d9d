// JobsPage (see header).
#include "JobsPage.h"

#include "JobTableModel.h"
#include "PageHeader.h"
#include "ProgressDelegate.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

JobsPage::JobsPage(JobTableModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_title(new QLabel(this)), m_subtitle(new QLabel(this)), m_store(new QLabel(this)),
      m_table(new QTableView(this)), m_delegate(new ProgressDelegate(this)), m_cancel(new QPushButton(this)),
      m_refresh(new QPushButton(this)), m_details(new QLabel(this)) {
  setObjectName(QStringLiteral("jobsPage"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(24, 20, 24, 16);
  v->setSpacing(10);
  auto* header = makePageHeader(m_title, m_subtitle);
  m_cancel->setObjectName(QStringLiteral("dangerButton"));
  m_cancel->setEnabled(false);
  header->addWidget(m_refresh, 0, Qt::AlignBottom);
  header->addWidget(m_cancel, 0, Qt::AlignBottom);
  v->addLayout(header);

  m_table->setObjectName(QStringLiteral("jobsTable"));
  m_table->setModel(m_model);
  m_table->setItemDelegateForColumn(JobTableModel::ProgressColumn, m_delegate);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::SingleSelection);
  m_table->setAlternatingRowColors(true);
  m_table->setShowGrid(false);
  m_table->setWordWrap(false);
  m_table->verticalHeader()->hide();
  m_table->verticalHeader()->setDefaultSectionSize(36);
  auto* h = m_table->horizontalHeader();
  h->setHighlightSections(false);
  h->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  h->setSectionResizeMode(JobTableModel::TitleColumn, QHeaderView::Stretch);
  h->setSectionResizeMode(JobTableModel::MessageColumn, QHeaderView::Stretch);
  h->resizeSection(JobTableModel::KindColumn, 90);
  h->resizeSection(JobTableModel::StateColumn, 90);
  h->resizeSection(JobTableModel::ProgressColumn, 190);
  h->resizeSection(JobTableModel::EtaColumn, 80);
  h->resizeSection(JobTableModel::StartedColumn, 130);
  h->resizeSection(JobTableModel::DurationColumn, 90);
  v->addWidget(m_table, 1);

  m_details->setObjectName(QStringLiteral("jobDetails"));
  m_details->setProperty("dswData", true);
  m_details->setWordWrap(true);
  m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_details->setMinimumHeight(48);
  m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  v->addWidget(m_details);
  m_store->setObjectName(QStringLiteral("hintLabel"));
  v->addWidget(m_store);

  connect(m_cancel, &QPushButton::clicked, this, [this] {
    if (int id = selectedJobId()) emit cancelRequested(id);
  });
  connect(m_refresh, &QPushButton::clicked, this, &JobsPage::refreshRequested);
  connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) { emit selectionChanged(current.row()); });
  retranslateUi();
}

int JobsPage::selectedRow() const {
  const QModelIndex i = m_table->selectionModel()->currentIndex();
  return i.isValid() ? i.row() : -1;
}

int JobsPage::selectedJobId() const {
  const JobItem* j = m_model->at(selectedRow());
  return j ? j->id : 0;
}

void JobsPage::setDetails(const QString& html) { m_details->setText(html); }
void JobsPage::setStoreLocation(const QString& text) { m_store->setText(text); }

void JobsPage::setIcons(const QIcon& cancel, const QIcon& refresh) {
  m_cancel->setIcon(cancel);
  m_refresh->setIcon(refresh);
}

void JobsPage::retranslateUi() {
  m_title->setText(tr("Jobs"));
  m_subtitle->setText(tr("Running and queued work, and the history shared with dsw-cli."));
  m_cancel->setText(tr("Cancel job"));
  m_cancel->setToolTip(tr("Stop the selected job; it ends as cancelled and leaves nothing half-written."));
  m_refresh->setText(tr("Refresh history"));
  m_refresh->setToolTip(tr("Reload the history from the database (includes runs of dsw-cli)."));
  m_model->retranslate();
  emit retranslated();
}

void JobsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
