// QuantizeResultView (see header).
#include "QuantizeResultView.h"

#include "CoverageHeatmap.h"
#include "FilterableTableView.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

QuantizeResultView::QuantizeResultView(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_verdict(new QLabel(this)), m_hint(new QLabel(this)), m_open(new QPushButton(this)),
      m_compare(new QPushButton(this)), m_loadReport(new QPushButton(this)), m_tabs(new QTabWidget(this)), m_card(new KeyValueCard(this)),
      m_errorsHost(new QWidget(this)), m_errors(new BarChart(m_errorsHost)), m_coverageHost(new QWidget(this)),
      m_coverage(new CoverageHeatmap(m_coverageHost)), m_coverageNote(new QLabel(m_coverageHost)), m_linears(new FilterableTableView(this)),
      m_linearModel(new QStandardItemModel(this)) {
  setObjectName(QStringLiteral("quantizeResult"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->setSpacing(6);
  m_title->setObjectName(QStringLiteral("cardTitle"));
  m_title->setProperty("dswData", true);
  m_title->setWordWrap(true);
  m_verdict->setObjectName(QStringLiteral("statLabel"));
  m_verdict->setProperty("dswData", true);
  m_verdict->setWordWrap(true);
  v->addWidget(m_title);
  v->addWidget(m_verdict);
  auto* buttons = new QHBoxLayout;
  m_open->setObjectName(QStringLiteral("quantOpenButton"));
  m_compare->setObjectName(QStringLiteral("quantCompareButton"));
  m_loadReport->setObjectName(QStringLiteral("quantLoadReport"));
  for (QPushButton* b : {m_open, m_compare}) buttons->addWidget(b);
  buttons->addStretch(1);
  buttons->addWidget(m_loadReport);
  v->addLayout(buttons);
  m_hint->setObjectName(QStringLiteral("hintLabel"));
  m_hint->setWordWrap(true);
  v->addWidget(m_hint);

  auto* errorsLayout = new QVBoxLayout(m_errorsHost);
  errorsLayout->setContentsMargins(4, 4, 4, 4);
  errorsLayout->addWidget(m_errors->widget());
  auto* coverageLayout = new QVBoxLayout(m_coverageHost);
  coverageLayout->setContentsMargins(4, 4, 4, 4);
  m_coverageNote->setObjectName(QStringLiteral("hintLabel"));
  m_coverageNote->setWordWrap(true);
  coverageLayout->addWidget(m_coverageNote);
  coverageLayout->addWidget(m_coverage->widget(), 1);
  m_linears->setObjectName(QStringLiteral("quantLinears"));
  m_linearModel->setColumnCount(8);  // the header needs its sections before the view is attached
  m_linears->setSourceModel(m_linearModel);
  m_tabs->setObjectName(QStringLiteral("quantTabs"));
  m_tabs->addTab(m_card, QString());
  m_tabs->addTab(m_errorsHost, QString());
  m_tabs->addTab(m_coverageHost, QString());
  m_tabs->addTab(m_linears, QString());
  v->addWidget(m_tabs, 1);

  connect(m_open, &QPushButton::clicked, this, &QuantizeResultView::openRequested);
  connect(m_compare, &QPushButton::clicked, this, &QuantizeResultView::compareRequested);
  connect(m_loadReport, &QPushButton::clicked, this, &QuantizeResultView::loadReportRequested);
  retranslateUi();
  showEmpty(QString());
}

void QuantizeResultView::setHeadline(const QString& title, const QString& verdict) {
  m_title->setText(title);
  m_verdict->setText(verdict);
}

QString QuantizeResultView::verdictText() const { return m_verdict->text(); }

void QuantizeResultView::setSummary(const QList<KeyValueSection>& sections) {
  m_hasResult = true;
  m_hint->hide();
  m_tabs->show();
  m_open->setEnabled(true);
  m_compare->setEnabled(true);
  m_card->setSections(sections);
}

void QuantizeResultView::setLayerErrors(const QVector<BarChart::Bar>& bars, const QString& axisTitle) { m_errors->setBars(bars, axisTitle); }

void QuantizeResultView::setCoverage(int rows, int columns, const QVector<qint64>& counts, int starved) {
  m_starved = rows > 0 ? starved : -1;
  m_coverage->setCounts(rows, columns, counts, tr("Layer"), tr("Routed expert"));
  m_coverage->widget()->setVisible(rows > 0);
  retranslateUi();
}

void QuantizeResultView::setLinears(const QStringList& columns, const QVector<QStringList>& rows) {
  m_linearModel->clear();
  m_linearModel->setHorizontalHeaderLabels(columns);
  m_linearModel->setRowCount(int(rows.size()));
  m_linearModel->setColumnCount(int(columns.size()));
  for (int r = 0; r < rows.size(); ++r)
    for (int c = 0; c < rows[r].size() && c < columns.size(); ++c) {
      auto* item = new QStandardItem(rows[r][c]);
      item->setEditable(false);
      bool number = false;
      const double v = rows[r][c].toDouble(&number);
      item->setData(number ? QVariant(v) : QVariant(rows[r][c]), Qt::UserRole);  // the proxy sorts by UserRole
      m_linearModel->setItem(r, c, item);
    }
  m_linears->tableView()->resizeColumnToContents(0);
}

void QuantizeResultView::showEmpty(const QString& hint) {
  m_hasResult = false;
  m_emptyHint = hint;
  m_verdict->clear();
  retranslateUi();
  m_hint->show();
  m_tabs->hide();
  m_open->setEnabled(false);
  m_compare->setEnabled(false);
}

void QuantizeResultView::retranslateUi() {
  m_card->setTitle(tr("Report"));
  m_tabs->setTabText(0, tr("Summary"));
  m_tabs->setTabText(1, tr("Error per layer"));
  m_tabs->setTabText(2, tr("Expert coverage"));
  m_tabs->setTabText(3, tr("Linears"));
  m_open->setText(tr("Open beside the original"));
  m_open->setToolTip(tr("Open the quantized model in the Models area (it can then run in the Playground, Benchmarks and Inspect)"));
  m_compare->setText(tr("Compare in Benchmarks"));
  m_compare->setToolTip(tr("Show the stored quality measurement in the Benchmarks area"));
  m_loadReport->setText(tr("Load report…"));
  m_loadReport->setToolTip(tr("Show the report (.quant.json) written beside an earlier output"));
  if (!m_hasResult) {
    m_title->setText(tr("No result yet"));
    m_hint->setText(m_emptyHint.isEmpty()
                        ? tr("Quantize a model with the form, or load the report (.quant.json) written beside an earlier output.")
                        : m_emptyHint);
  }
  if (m_starved < 0)
    m_coverageNote->setText(tr("Dense model: no routed experts, so no coverage map."));
  else if (m_starved == 0)
    m_coverageNote->setText(tr("Calibration tokens per routed expert (log scale). Every expert received tokens."));
  else
    m_coverageNote->setText(tr("Calibration tokens per routed expert (log scale). %n expert(s) received none and were quantized with RTN (red).",
                               nullptr, m_starved));
}

void QuantizeResultView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
