// RoutingPanel (see header).
#include "RoutingPanel.h"

#include "BarChart.h"
#include "HeatmapView.h"
#include "InspectCharts.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

RoutingPanel::RoutingPanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_layerLabel(new QLabel(this)), m_layer(new QComboBox(this)), m_tabs(new QTabWidget(this)),
      m_summary(new QLabel), m_kindSummary(new QLabel) {
  m_layer->setObjectName(QStringLiteral("inspectRoutingLayer"));
  m_tabs->setObjectName(QStringLiteral("inspectRoutingTabs"));
  m_title->setProperty("dswData", true);
  m_title->setWordWrap(true);
  m_summary->setProperty("dswData", true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  m_summary->setWordWrap(true);

  m_grid = new HeatmapView(this);
  m_grid->widget()->setObjectName(QStringLiteral("inspectRoutingGrid"));
  m_tabs->addTab(m_grid->widget(), QString());

  auto* loadPage = new QSplitter(Qt::Vertical, this);
  m_bars = new BarChart(loadPage);
  m_bars->widget()->setObjectName(QStringLiteral("inspectLoadBars"));
  m_load = new HeatmapView(loadPage);
  m_load->widget()->setObjectName(QStringLiteral("inspectLoadMap"));
  loadPage->addWidget(m_bars->widget());
  loadPage->addWidget(m_load->widget());
  loadPage->setStretchFactor(0, 2);
  loadPage->setStretchFactor(1, 3);
  m_tabs->addTab(loadPage, QString());

  auto* coactPage = new QSplitter(Qt::Horizontal, this);
  m_coact = new HeatmapView(coactPage);
  m_coact->widget()->setObjectName(QStringLiteral("inspectCoactivation"));
  coactPage->addWidget(m_coact->widget());
  auto* scroll = new QScrollArea(coactPage);
  scroll->setWidgetResizable(true);
  scroll->setWidget(m_summary);
  // The summary (entropy, balance, experts never hit) is read beside the map: room for its
  // lines, wrapped, whatever size hint the chart gives the splitter.
  scroll->setMinimumWidth(m_summary->fontMetrics().averageCharWidth() * 40);
  coactPage->addWidget(scroll);
  coactPage->setStretchFactor(0, 3);
  coactPage->setStretchFactor(1, 2);
  m_tabs->addTab(coactPage, QString());

  auto* kindPage = new QSplitter(Qt::Vertical, this);
  m_kinds = new HeatmapView(kindPage);
  m_kinds->widget()->setObjectName(QStringLiteral("inspectTokenKinds"));
  kindPage->addWidget(m_kinds->widget());
  m_kindSummary->setObjectName(QStringLiteral("inspectTokenKindSummary"));
  m_kindSummary->setProperty("dswData", true);
  m_kindSummary->setWordWrap(true);
  m_kindSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_kindSummary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  auto* kindScroll = new QScrollArea(kindPage);
  kindScroll->setWidgetResizable(true);
  kindScroll->setWidget(m_kindSummary);
  kindPage->addWidget(kindScroll);
  kindPage->setStretchFactor(0, 3);
  kindPage->setStretchFactor(1, 1);
  m_tabs->addTab(kindPage, QString());

  auto* top = new QHBoxLayout;
  top->addWidget(m_title, 1);
  top->addWidget(m_layerLabel);
  top->addWidget(m_layer);
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->addLayout(top);
  v->addWidget(m_tabs, 1);

  connect(m_layer, &QComboBox::currentIndexChanged, this, &RoutingPanel::showLayer);
  m_grid->setHoverText([this](int t, int l) { return InspectCharts::routingHover(m_result, t, l); });
  m_load->setHoverText([this](int l, int c) { return InspectCharts::loadHover(m_result, l, c); });
  m_kinds->setHoverText([this](int kind, int e) { return InspectCharts::kindHover(m_result, m_layer->currentData().toInt(), kind, e); });
  connect(m_load, &HeatmapView::cellClicked, this, [this](int l, int) {
    const int i = m_layer->findData(l);
    if (i >= 0) m_layer->setCurrentIndex(i);
  });
  retranslateUi();
}

void RoutingPanel::retranslateUi() {
  m_tabs->setTabText(0, tr("Per token"));
  m_tabs->setTabText(1, tr("Load"));
  m_tabs->setTabText(2, tr("Co-activation"));
  m_tabs->setTabText(3, tr("Token kinds"));
  m_layerLabel->setText(tr("MoE layer"));
  if (m_result.layers == 0) {
    m_title->setText(tr("Run a prompt on an MoE model (or show a stored data-set run) to see where each token goes."));
    m_summary->clear();
    m_kindSummary->clear();
  } else {
    setResult(m_result);
  }
}

void RoutingPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void RoutingPanel::setChartTheme(const ChartTheme& theme) {
  for (ChartAdapter* c : std::initializer_list<ChartAdapter*>{m_grid, m_load, m_bars, m_coact, m_kinds}) c->setTheme(theme);
}

void RoutingPanel::setResult(const RoutingResult& r) {
  m_result = r;
  QString what = r.runId ? tr("Stored run %1%2 · %3").arg(r.runId).arg(r.label.isEmpty() ? QString() : QStringLiteral(" “%1”").arg(r.label), r.source)
                         : tr("Prompt of %n token(s)", nullptr, int(r.totalTokens));
  m_title->setText(what + QStringLiteral(" · ") + r.model);
  const int keep = m_layer->currentData().isValid() ? m_layer->currentData().toInt() : -1;
  m_layer->blockSignals(true);
  m_layer->clear();
  for (int l = 0; l < r.layers; ++l)
    if (r.moeLayer.value(l)) m_layer->addItem(tr("layer %1").arg(l), l);
  const int i = m_layer->findData(keep);
  m_layer->setCurrentIndex(i >= 0 ? i : 0);
  m_layer->blockSignals(false);
  if (r.traceTokens() > 0) {
    m_grid->setData(InspectCharts::routingGrid(r));
  } else {
    HeatmapData empty;
    empty.title = tr("This run kept no per-token routing (only its summary)");
    m_grid->setData(empty);
  }
  m_load->setData(InspectCharts::loadMap(r));
  m_summary->setText(InspectCharts::routingSummary(r));
  m_kindSummary->setText(InspectCharts::kindSummary(r));
  showLayer();
}

void RoutingPanel::showLayer() {
  const int l = m_layer->currentData().toInt();
  if (m_result.layers == 0 || !m_result.moeLayer.value(l)) return;
  m_bars->setBars(InspectCharts::loadBars(m_result, l), tr("tokens in layer %1").arg(l));
  m_coact->setData(InspectCharts::coactivation(m_result, l));
  m_kinds->setData(InspectCharts::kindMap(m_result, l));
}
