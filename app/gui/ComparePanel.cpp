// ComparePanel (see header).
#include "ComparePanel.h"

#include "HeatmapView.h"
#include "InspectCharts.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {

HeatmapView* chart(QWidget* parent, const char* name) {
  auto* v = new HeatmapView(parent);
  v->widget()->setObjectName(QLatin1String(name));
  v->widget()->setMinimumSize(220, 180);
  return v;
}

// Three charts side by side: A, B and their difference.
QWidget* triple(QWidget* parent, HeatmapView*& a, HeatmapView*& b, HeatmapView*& d, const char* na, const char* nb, const char* nd) {
  auto* page = new QSplitter(Qt::Horizontal, parent);
  a = chart(page, na);
  b = chart(page, nb);
  d = chart(page, nd);
  for (HeatmapView* v : {a, b, d}) page->addWidget(v->widget());
  return page;
}

// A result's title with a side's name.
HeatmapData titled(HeatmapData d, const QString& side) {
  d.title = side + QStringLiteral(": ") + d.title;
  return d;
}

}  // namespace

ComparePanel::ComparePanel(QWidget* parent)
    : QWidget(parent), m_tabs(new QTabWidget(this)), m_attInfo(new QLabel(this)), m_routingTabs(new QTabWidget(this)),
      m_layerLabel(new QLabel(this)), m_layer(new QComboBox(this)), m_summary(new QLabel(this)) {
  m_tabs->setObjectName(QStringLiteral("inspectCompareTabs"));
  m_layer->setObjectName(QStringLiteral("inspectCompareLayer"));
  m_attInfo->setProperty("dswData", true);
  m_attInfo->setWordWrap(true);
  m_summary->setProperty("dswData", true);
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

  // The divergence map on the left, then the chosen head in A, in B and B − A.
  auto* attPage = new QWidget(this);
  auto* av = new QVBoxLayout(attPage);
  av->setContentsMargins(0, 0, 0, 0);
  auto* row = new QSplitter(Qt::Horizontal, attPage);
  m_js = chart(row, "inspectJsMap");
  m_attA = chart(row, "inspectAttentionA");
  m_attB = chart(row, "inspectAttentionB");
  m_attDiff = chart(row, "inspectAttentionDiff");
  for (HeatmapView* v : {m_js, m_attA, m_attB, m_attDiff}) row->addWidget(v->widget());
  av->addWidget(m_attInfo);
  av->addWidget(row, 1);
  m_tabs->addTab(attPage, QString());

  auto* routPage = new QWidget(this);
  auto* rv = new QVBoxLayout(routPage);
  rv->setContentsMargins(0, 0, 0, 0);
  auto* top = new QHBoxLayout;
  top->addStretch(1);
  top->addWidget(m_layerLabel);
  top->addWidget(m_layer);
  rv->addLayout(top);
  m_routingTabs->setObjectName(QStringLiteral("inspectCompareRoutingTabs"));
  m_routingTabs->addTab(triple(routPage, m_gridA, m_gridB, m_agree, "inspectGridA", "inspectGridB", "inspectAgreement"), QString());
  m_routingTabs->addTab(triple(routPage, m_loadA, m_loadB, m_shift, "inspectLoadA", "inspectLoadB", "inspectLoadShift"), QString());
  m_routingTabs->addTab(triple(routPage, m_coA, m_coB, m_coDiff, "inspectCoactA", "inspectCoactB", "inspectCoactChange"), QString());
  rv->addWidget(m_routingTabs, 1);
  rv->addWidget(m_summary);
  m_tabs->addTab(routPage, QString());

  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->addWidget(m_tabs);

  connect(m_js, &HeatmapView::cellClicked, this, &ComparePanel::headRequested);
  connect(m_layer, &QComboBox::currentIndexChanged, this, &ComparePanel::showLayer);
  m_js->setHoverText([this](int l, int h) {
    const int i = l * m_att.a.heads + h;
    return tr("layer %1 · head %2 (click to open)\nJS mean %3 bits, max %4 bits")
        .arg(l)
        .arg(h)
        .arg(m_att.jsMean.value(i), 0, 'f', 5)
        .arg(m_att.jsMax.value(i), 0, 'f', 5);
  });
  m_attA->setHoverText([this](int q, int k) { return InspectCharts::attentionHover(m_att.a, q, k); });
  m_attB->setHoverText([this](int q, int k) { return InspectCharts::attentionHover(m_att.b, q, k); });
  m_attDiff->setHoverText([this](int q, int k) { return InspectCharts::differenceHover(m_att, q, k); });
  m_gridA->setHoverText([this](int t, int l) { return InspectCharts::routingHover(m_rout.a, t, l); });
  m_gridB->setHoverText([this](int t, int l) { return InspectCharts::routingHover(m_rout.b, t, l); });
  m_loadA->setHoverText([this](int l, int c) { return InspectCharts::loadHover(m_rout.a, l, c); });
  m_loadB->setHoverText([this](int l, int c) { return InspectCharts::loadHover(m_rout.b, l, c); });
  retranslateUi();
}

QVector<HeatmapView*> ComparePanel::charts() const {
  return {m_js, m_attA, m_attB, m_attDiff, m_gridA, m_gridB, m_agree, m_loadA, m_loadB, m_shift, m_coA, m_coB, m_coDiff};
}

QString ComparePanel::mode() const { return m_tabs->currentIndex() == 1 ? QStringLiteral("routing") : QStringLiteral("attention"); }

void ComparePanel::retranslateUi() {
  m_tabs->setTabText(0, tr("Attention"));
  m_tabs->setTabText(1, tr("Routing"));
  m_routingTabs->setTabText(0, tr("Per token"));
  m_routingTabs->setTabText(1, tr("Load"));
  m_routingTabs->setTabText(2, tr("Co-activation"));
  m_layerLabel->setText(tr("MoE layer"));
  if (m_att.a.layers == 0) m_attInfo->setText(tr("Choose a model to compare with, then Run: the same prompt goes through both."));
  else setAttention(m_att);
  if (m_rout.a.layers == 0) m_summary->setText(tr("Compare the routing of two models on a prompt, or two stored data-set runs."));
  else setRouting(m_rout);
}

void ComparePanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void ComparePanel::setChartTheme(const ChartTheme& theme) {
  for (HeatmapView* v : charts()) v->setTheme(theme);
}

void ComparePanel::setAttention(const AttentionCompareResult& c) {
  m_att = c;
  double worst = 0;
  int wl = 0, wh = 0;
  for (int i = 0; i < c.jsMean.size(); ++i)
    if (c.jsMean[i] > worst) worst = c.jsMean[i], wl = i / std::max(1, c.a.heads), wh = i % std::max(1, c.a.heads);
  m_attInfo->setText(tr("A: %1\nB: %2\n%n token(s); the heads that differ most: layer %3 head %4 (%5 bits)", nullptr, c.a.tokenCount())
                         .arg(c.a.model, c.b.model)
                         .arg(wl)
                         .arg(wh)
                         .arg(worst, 0, 'f', 4));
  m_js->setData(InspectCharts::jsMap(c));
  m_attA->setData(titled(InspectCharts::attentionWindow(c.a), QStringLiteral("A")));
  m_attB->setData(titled(InspectCharts::attentionWindow(c.b), QStringLiteral("B")));
  m_attDiff->setData(InspectCharts::attentionDifference(c));
  m_tabs->setCurrentIndex(0);
}

void ComparePanel::setRouting(const RoutingCompareResult& c) {
  m_rout = c;
  const int keep = m_layer->currentData().isValid() ? m_layer->currentData().toInt() : -1;
  m_layer->blockSignals(true);
  m_layer->clear();
  for (int l = 0; l < c.a.layers; ++l)
    if (c.a.moeLayer.value(l)) m_layer->addItem(tr("layer %1").arg(l), l);
  const int i = m_layer->findData(keep);
  m_layer->setCurrentIndex(i >= 0 ? i : 0);
  m_layer->blockSignals(false);
  if (c.a.traceTokens() > 0 && c.b.traceTokens() > 0) {
    m_gridA->setData(titled(InspectCharts::routingGrid(c.a), QStringLiteral("A")));
    m_gridB->setData(titled(InspectCharts::routingGrid(c.b), QStringLiteral("B")));
  }
  if (c.perToken) m_agree->setData(InspectCharts::jaccardGrid(c));
  m_loadA->setData(titled(InspectCharts::loadMap(c.a), QStringLiteral("A")));
  m_loadB->setData(titled(InspectCharts::loadMap(c.b), QStringLiteral("B")));
  m_shift->setData(InspectCharts::loadShift(c));
  m_summary->setText(InspectCharts::routingComparisonSummary(c));
  showLayer();
  m_tabs->setCurrentIndex(1);
}

void ComparePanel::showLayer() {
  const int l = m_layer->currentData().toInt();
  if (m_rout.a.layers == 0 || !m_rout.a.moeLayer.value(l)) return;
  m_coA->setData(titled(InspectCharts::coactivation(m_rout.a, l), QStringLiteral("A")));
  m_coB->setData(titled(InspectCharts::coactivation(m_rout.b, l), QStringLiteral("B")));
  m_coDiff->setData(InspectCharts::coactivationChange(m_rout, l));
}
