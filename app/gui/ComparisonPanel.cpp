// ComparisonPanel (see header).
#include "ComparisonPanel.h"

#include "BarChart.h"
#include "ComparisonTableModel.h"
#include "SweepChart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

ComparisonPanel::ComparisonPanel(ComparisonTableModel* model, QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_hint(new QLabel(this)), m_baselineLabel(new QLabel(this)), m_baseline(new QComboBox(this)),
      m_metricLabel(new QLabel(this)), m_metric(new QComboBox(this)), m_export(new QPushButton(this)), m_acrossSettings(new QCheckBox(this)), m_tabs(new QTabWidget(this)),
      m_table(new QTableView(this)) {
  setObjectName(QStringLiteral("comparisonPanel"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->setSpacing(6);
  auto* top = new QHBoxLayout;
  m_title->setObjectName(QStringLiteral("sectionTitle"));
  top->addWidget(m_title);
  top->addStretch(1);
  m_baseline->setObjectName(QStringLiteral("comparisonBaseline"));
  m_baseline->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_metric->setObjectName(QStringLiteral("comparisonMetric"));
  m_baseline->setProperty("dswData", true);  // run labels are data
  m_metric->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_export->setObjectName(QStringLiteral("comparisonExport"));
  for (QWidget* w : std::initializer_list<QWidget*>{m_baselineLabel, m_baseline, m_metricLabel, m_metric, m_export}) top->addWidget(w);
  v->addLayout(top);
  m_hint->setObjectName(QStringLiteral("hintLabel"));
  m_hint->setWordWrap(true);
  m_acrossSettings->setObjectName(QStringLiteral("verdictsAcrossSettings"));
  auto* hintRow = new QHBoxLayout;
  hintRow->addWidget(m_hint, 1);
  hintRow->addWidget(m_acrossSettings, 0, Qt::AlignTop);
  v->addLayout(hintRow);

  m_table->setObjectName(QStringLiteral("comparisonTable"));
  m_table->setModel(model);
  m_table->setAlternatingRowColors(false);
  m_table->setSelectionMode(QAbstractItemView::NoSelection);
  m_table->verticalHeader()->hide();
  m_table->verticalHeader()->setDefaultSectionSize(24);
  m_table->horizontalHeader()->setHighlightSections(false);
  m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  m_table->setWordWrap(false);
  connect(model, &QAbstractItemModel::modelReset, m_table, &QTableView::resizeColumnsToContents);

  auto* barPage = new QWidget(this);
  auto* barLayout = new QVBoxLayout(barPage);
  barLayout->setContentsMargins(0, 4, 0, 0);
  m_bars = new BarChart(barPage);
  barLayout->addWidget(m_bars->widget());
  auto* sweepPage = new QWidget(this);
  auto* sweepLayout = new QVBoxLayout(sweepPage);
  sweepLayout->setContentsMargins(0, 4, 0, 0);
  m_sweep = new SweepChart(sweepPage);
  sweepLayout->addWidget(m_sweep->widget());
  m_tabs->addTab(m_table, QString());
  m_tabs->addTab(barPage, QString());
  m_tabs->addTab(sweepPage, QString());
  v->addWidget(m_tabs, 1);
  retranslateUi();
}

void ComparisonPanel::setHint(const QString& text) { m_hint->setText(text); }
void ComparisonPanel::setExportIcon(const QIcon& icon) { m_export->setIcon(icon); }

void ComparisonPanel::retranslateUi() {
  m_title->setText(tr("Comparison"));
  m_baselineLabel->setText(tr("Baseline"));
  m_metricLabel->setText(tr("Metric"));
  m_export->setText(tr("Export report…"));
  m_export->setToolTip(tr("Save the comparison as HTML or PDF (with charts), Markdown, CSV or JSON."));
  m_acrossSettings->setText(tr("Verdicts across different settings"));
  m_acrossSettings->setToolTip(tr("Also call runs better or worse when they were measured with different threads, device, precision, "
                                  "lengths or tokenizer. Off by default: such differences are not the model's."));
  m_tabs->setTabText(0, tr("Table"));
  m_tabs->setTabText(1, tr("Bar chart"));
  m_tabs->setTabText(2, tr("Sweep"));
  emit retranslated();
}

void ComparisonPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
