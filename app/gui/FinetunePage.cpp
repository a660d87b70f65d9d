// FinetunePage (see header).
#include "FinetunePage.h"

#include "ChartGrid.h"
#include "FilterableTableView.h"
#include "FinetuneForm.h"
#include "FormColumn.h"
#include "MaskedTokenView.h"
#include "PageHeader.h"
#include "StepHeatmap.h"
#include "TrainingChart.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

FinetunePage::FinetunePage(QWidget* parent) : QWidget(parent), m_title(new QLabel(this)), m_subtitle(new QLabel(this)) {
  setObjectName(QStringLiteral("finetunePage"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(24, 20, 24, 12);
  v->setSpacing(10);
  v->addLayout(makePageHeader(m_title, m_subtitle));

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->setChildrenCollapsible(false);
  // The form's column is as wide as the form needs (it scrolls only down), so no field loses its
  // right edge at any window size or in either language.
  auto* scroll = new FormColumn(split);
  scroll->setObjectName(QStringLiteral("finetuneFormScroll"));
  m_form = new FinetuneForm;
  scroll->setForm(m_form);
  m_tabs = new QTabWidget(split);
  m_tabs->setObjectName(QStringLiteral("finetuneTabs"));
  m_tabs->addTab(buildPlanTab(), QString());
  m_tabs->addTab(buildDataTab(), QString());
  m_tabs->addTab(buildTrainingTab(), QString());
  m_tabs->addTab(buildRunsTab(), QString());
  split->addWidget(scroll);
  split->addWidget(m_tabs);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({430, 900});
  v->addWidget(split, 1);
  retranslateUi();
}

QWidget* FinetunePage::buildPlanTab() {
  auto* w = new QWidget;
  auto* v = new QVBoxLayout(w);
  m_planSummary = new QLabel(w);
  m_planSummary->setObjectName(QStringLiteral("finetunePlanSummary"));
  m_planSummary->setWordWrap(true);
  m_planSummary->setTextFormat(Qt::RichText);
  m_planSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_audit = new FilterableTableView(w);
  m_audit->setObjectName(QStringLiteral("finetuneAudit"));
  m_audit->setFilterColumn(-1);
  m_audit->tableView()->setProperty("dswData", true);  // module and tensor names are data, not interface text
  v->addWidget(m_planSummary);
  v->addWidget(m_audit, 1);
  return w;
}

QWidget* FinetunePage::buildDataTab() {
  auto* w = new QWidget;
  auto* v = new QVBoxLayout(w);
  m_dataSummary = new QLabel(w);
  m_dataSummary->setObjectName(QStringLiteral("finetuneDataSummary"));
  m_dataSummary->setWordWrap(true);
  m_legend = new QLabel(w);
  m_legend->setObjectName(QStringLiteral("hintLabel"));
  m_legend->setWordWrap(true);
  m_preview = new MaskedTokenView(w);
  v->addWidget(m_dataSummary);
  v->addWidget(m_legend);
  v->addWidget(m_preview, 1);
  return w;
}

QWidget* FinetunePage::buildTrainingTab() {
  auto* scroll = new QScrollArea;
  scroll->setObjectName(QStringLiteral("finetuneTrainingScroll"));
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* w = new QWidget;
  scroll->setWidget(w);
  auto* v = new QVBoxLayout(w);
  m_status = new QLabel(w);
  m_status->setObjectName(QStringLiteral("finetuneStatus"));
  m_status->setProperty("dswData", true);
  m_status->setWordWrap(true);
  m_gradient = new QLabel(w);
  m_gradient->setObjectName(QStringLiteral("finetuneGradient"));
  m_gradient->setWordWrap(true);
  m_flags = new QListWidget(w);
  m_flags->setObjectName(QStringLiteral("finetuneFlags"));
  m_flags->setMaximumHeight(70);
  m_flags->setVisible(false);
  v->addWidget(m_status);
  v->addWidget(m_gradient);
  v->addWidget(m_flags);

  auto* grid = new ChartGrid;
  grid->setObjectName(QStringLiteral("finetuneChartGrid"));
  m_loss = new TrainingChart(w);
  m_lr = new TrainingChart(w);
  m_grad = new TrainingChart(w);
  m_layerGrad = new StepHeatmap(w);
  m_speed = new TrainingChart(w);
  m_memory = new TrainingChart(w);
  m_loss->widget()->setObjectName(QStringLiteral("lossChart"));
  m_grad->widget()->setObjectName(QStringLiteral("gradChart"));
  m_layerGrad->widget()->setObjectName(QStringLiteral("layerGradMap"));
  for (QWidget* chart : {m_loss->widget(), m_lr->widget(), m_grad->widget(), m_layerGrad->widget(), m_speed->widget(), m_memory->widget()})
    chart->setMinimumHeight(190);
  // Two charts a row where they fit beside the form, one where they do not (a narrow window, the
  // log dock open): the tab scrolls down, never sideways. The gradient norm (the long title, the
  // chart read most closely) and the speed take a full row.
  grid->addChart(m_loss->widget());
  grid->addChart(m_lr->widget());
  grid->addChart(m_grad->widget(), true);
  grid->addChart(m_layerGrad->widget());
  grid->addChart(m_memory->widget());
  grid->addChart(m_speed->widget(), true);
  v->addLayout(grid);

  m_expertPanel = new QWidget(w);
  auto* ev = new QVBoxLayout(m_expertPanel);
  ev->setContentsMargins(0, 0, 0, 0);
  auto* eh = new QHBoxLayout;
  m_expertLayerLabel = new QLabel(m_expertPanel);
  m_expertLayer = new QComboBox(m_expertPanel);
  m_expertLayer->setObjectName(QStringLiteral("expertLayerBox"));
  eh->addWidget(m_expertLayerLabel);
  eh->addWidget(m_expertLayer);
  eh->addStretch(1);
  m_expertLoad = new StepHeatmap(m_expertPanel);
  m_expertLoad->widget()->setObjectName(QStringLiteral("expertLoadMap"));
  m_expertLoad->widget()->setMinimumHeight(200);
  ev->addLayout(eh);
  ev->addWidget(m_expertLoad->widget());
  m_expertPanel->setVisible(false);
  v->addWidget(m_expertPanel);

  m_result = new QGroupBox(w);
  m_result->setObjectName(QStringLiteral("finetuneResult"));
  auto* rv = new QVBoxLayout(m_result);
  m_resultText = new QLabel(m_result);
  m_resultText->setWordWrap(true);
  m_resultText->setTextInteractionFlags(Qt::TextSelectableByMouse);
  // Two buttons a row where they fit, one a row where they do not: never wider than the tab.
  auto* rb = new ChartGrid;
  rb->setMinimumColumnWidth(0);
  m_openResult = new QPushButton(m_result);
  m_sideBySide = new QPushButton(m_result);
  m_sideBySide->setObjectName(QStringLiteral("sideBySideButton"));
  m_perplexity = new QPushButton(m_result);
  m_perplexity->setObjectName(QStringLiteral("evalPerplexityButton"));
  m_routing = new QPushButton(m_result);
  for (QPushButton* b : {m_openResult, m_sideBySide, m_perplexity, m_routing}) {
    b->setEnabled(false);
    rb->addChart(b);
  }
  rv->addWidget(m_resultText);
  rv->addLayout(rb);
  m_result->setVisible(false);
  v->addWidget(m_result);
  v->addStretch(1);
  return scroll;
}

QWidget* FinetunePage::buildRunsTab() {
  auto* w = new QWidget;
  auto* v = new QVBoxLayout(w);
  auto* h = new QHBoxLayout;
  m_refreshRuns = new QPushButton(w);
  m_loadRun = new QPushButton(w);
  m_compareRun = new QPushButton(w);
  m_loadRun->setEnabled(false);
  m_compareRun->setEnabled(false);
  h->addWidget(m_refreshRuns);
  h->addWidget(m_loadRun);
  h->addWidget(m_compareRun);
  h->addStretch(1);
  m_runs = new FilterableTableView(w);
  m_runs->setObjectName(QStringLiteral("finetuneRuns"));
  m_runs->setFilterColumn(-1);
  QTableView* table = m_runs->tableView();
  table->setSelectionMode(QAbstractItemView::SingleSelection);
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_runChart = new TrainingChart(w);
  m_runChart->widget()->setMinimumHeight(200);
  auto* split = new QSplitter(Qt::Vertical, w);
  split->addWidget(m_runs);
  split->addWidget(m_runChart->widget());
  v->addLayout(h);
  v->addWidget(split, 1);
  return w;
}

qint64 FinetunePage::selectedRunId() const {
  const auto rows = m_runs->tableView()->selectionModel() ? m_runs->tableView()->selectionModel()->selectedRows() : QModelIndexList{};
  return rows.isEmpty() ? 0 : rows.first().data(Qt::UserRole).toLongLong();
}

void FinetunePage::setIcons(const QIcon& refresh, const QIcon& compare) {
  m_refreshRuns->setIcon(refresh);
  m_compareRun->setIcon(compare);
}

void FinetunePage::retranslateUi() {
  m_title->setText(tr("Fine-tune"));
  m_subtitle->setText(tr("Train a LoRA adapter or all weights on your data, watch it learn, and compare the result with its base."));
  m_tabs->setTabText(PlanTab, tr("Plan"));
  m_tabs->setTabText(DataTab, tr("Data"));
  m_tabs->setTabText(TrainingTab, tr("Training"));
  m_tabs->setTabText(RunsTab, tr("Runs"));
  m_legend->setText(tr("Shaded tokens are ignored by the loss (prompt, chat-template markers, padding); the model learns to produce the others."));
  m_expertLayerLabel->setText(tr("Expert load of MoE layer"));
  m_result->setTitle(tr("Result"));
  m_openResult->setText(tr("Open beside its base"));
  m_sideBySide->setText(tr("Same prompts side by side (Playground)"));
  m_perplexity->setText(tr("Perplexity on the eval split (Benchmarks)"));
  m_routing->setText(tr("Routing shift (Inspect)"));
  m_refreshRuns->setText(tr("Refresh"));
  m_loadRun->setText(tr("Use these settings"));
  m_compareRun->setText(tr("Open beside its base"));
  m_audit->filterEdit()->setPlaceholderText(tr("Filter modules…"));
  m_runs->filterEdit()->setPlaceholderText(tr("Filter runs…"));
  emit retranslated();
}

void FinetunePage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
