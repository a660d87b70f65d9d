// DatasetPanel (see header).
#include "DatasetPanel.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

DatasetPanel::DatasetPanel(QWidget* parent)
    : QWidget(parent), m_intro(new QLabel(this)), m_fileLabel(new QLabel(this)), m_file(new QLineEdit(this)), m_browse(new QPushButton(this)),
      m_fieldLabel(new QLabel(this)), m_field(new QLineEdit(this)), m_maxLabel(new QLabel(this)), m_maxTokens(new QSpinBox(this)),
      m_labelLabel(new QLabel(this)), m_label(new QLineEdit(this)), m_run(new QPushButton(this)), m_table(new QTableWidget(this)),
      m_refresh(new QPushButton(this)), m_show(new QPushButton(this)), m_compare(new QPushButton(this)), m_export(new QPushButton(this)),
      m_delete(new QPushButton(this)), m_status(new QLabel(this)) {
  m_file->setObjectName(QStringLiteral("datasetFile"));
  m_field->setObjectName(QStringLiteral("datasetField"));
  m_label->setObjectName(QStringLiteral("datasetLabel"));
  m_maxTokens->setObjectName(QStringLiteral("datasetMaxTokens"));
  m_run->setObjectName(QStringLiteral("primaryButton"));
  m_table->setObjectName(QStringLiteral("datasetRuns"));
  m_maxTokens->setRange(0, 100000000);
  m_maxTokens->setSingleStep(10000);
  m_intro->setWordWrap(true);
  m_status->setProperty("dswData", true);
  m_status->setWordWrap(true);

  auto* form = new QGridLayout;
  form->addWidget(m_fileLabel, 0, 0);
  form->addWidget(m_file, 0, 1, 1, 3);
  form->addWidget(m_browse, 0, 4);
  form->addWidget(m_fieldLabel, 1, 0);
  form->addWidget(m_field, 1, 1);
  form->addWidget(m_maxLabel, 1, 2);
  form->addWidget(m_maxTokens, 1, 3);
  form->addWidget(m_labelLabel, 2, 0);
  form->addWidget(m_label, 2, 1);
  form->addWidget(m_run, 2, 4);
  form->setColumnStretch(1, 1);

  m_table->setColumnCount(8);
  m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->verticalHeader()->setVisible(false);
  m_table->horizontalHeader()->setStretchLastSection(true);
  auto* buttons = new QHBoxLayout;
  for (QPushButton* b : {m_refresh, m_show, m_compare, m_export, m_delete}) buttons->addWidget(b);
  buttons->addStretch(1);

  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->addWidget(m_intro);
  v->addLayout(form);
  v->addWidget(m_table, 1);
  v->addLayout(buttons);
  v->addWidget(m_status);

  auto selected = [this] { return selectedRuns().value(0); };
  connect(m_browse, &QPushButton::clicked, this, &DatasetPanel::browseRequested);
  connect(m_run, &QPushButton::clicked, this, &DatasetPanel::runRequested);
  connect(m_refresh, &QPushButton::clicked, this, &DatasetPanel::refreshRequested);
  connect(m_show, &QPushButton::clicked, this, [this, selected] { emit showRequested(selected()); });
  connect(m_export, &QPushButton::clicked, this, [this, selected] { emit exportRequested(selected()); });
  connect(m_delete, &QPushButton::clicked, this, [this, selected] { emit deleteRequested(selected()); });
  connect(m_compare, &QPushButton::clicked, this, [this] {
    const auto ids = selectedRuns();
    if (ids.size() == 2) emit compareRequested(ids[1], ids[0]);  // older run first: A, then B
  });
  connect(m_table, &QTableWidget::itemSelectionChanged, this, &DatasetPanel::updateButtons);
  connect(m_table, &QTableWidget::cellDoubleClicked, this, [this, selected] { emit showRequested(selected()); });
  retranslateUi();
  updateButtons();
}

void DatasetPanel::retranslateUi() {
  m_intro->setText(tr("Route every document of a text file (one document) or a JSONL file (one per line) through the model "
                      "chosen above. Runs are kept in the results database, so any two can be compared later."));
  m_fileLabel->setText(tr("Data file"));
  m_browse->setText(tr("Browse…"));
  m_fieldLabel->setText(tr("JSONL field"));
  m_field->setPlaceholderText(tr("text (default), else every string field"));
  m_maxLabel->setText(tr("Token limit"));
  m_maxTokens->setSpecialValueText(tr("whole file"));
  m_labelLabel->setText(tr("Label"));
  m_run->setText(tr("Run and store"));
  m_refresh->setText(tr("Refresh"));
  m_show->setText(tr("Show"));
  m_compare->setText(tr("Compare two"));
  m_export->setText(tr("Export…"));
  m_delete->setText(tr("Delete"));
  m_table->setHorizontalHeaderLabels({tr("Run"), tr("Created"), tr("Label"), tr("Tokens"), tr("Documents"), tr("Per token"), tr("Model"),
                                      tr("Data file")});
}

void DatasetPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void DatasetPanel::setRuns(const QVector<RoutingRunRow>& runs) {
  const QList<qint64> keep = selectedRuns();
  m_runs = runs;
  m_table->setRowCount(int(runs.size()));
  for (int i = 0; i < runs.size(); ++i) {
    const RoutingRunRow& r = runs[i];
    const QStringList cells = {QString::number(r.id), r.created, r.label, QString::number(r.tokens), QString::number(r.documents),
                               r.hasRoutes ? tr("yes") : tr("no"), r.model, r.source};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setData(Qt::UserRole, r.id);
      m_table->setItem(i, c, item);
    }
  }
  m_table->resizeColumnsToContents();
  selectRuns(keep);
  updateButtons();
}

QList<qint64> DatasetPanel::selectedRuns() const {
  QList<qint64> ids;
  for (int row = 0; row < m_table->rowCount(); ++row)
    if (m_table->item(row, 0) && m_table->item(row, 0)->isSelected()) ids.append(m_table->item(row, 0)->data(Qt::UserRole).toLongLong());
  return ids;
}

void DatasetPanel::selectRuns(const QList<qint64>& ids) {
  m_table->clearSelection();
  for (int row = 0; row < m_table->rowCount(); ++row)
    if (ids.contains(m_table->item(row, 0)->data(Qt::UserRole).toLongLong()))
      for (int c = 0; c < m_table->columnCount(); ++c) m_table->item(row, c)->setSelected(true);
}

void DatasetPanel::setRunning(bool running) {
  m_run->setEnabled(!running);
  updateButtons();
}

void DatasetPanel::setStatus(const QString& text) { m_status->setText(text); }

void DatasetPanel::updateButtons() {
  const int n = int(selectedRuns().size());
  m_show->setEnabled(n == 1);
  m_export->setEnabled(n == 1);
  m_delete->setEnabled(n == 1);
  m_compare->setEnabled(n == 2);
}
