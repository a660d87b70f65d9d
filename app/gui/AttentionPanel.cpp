// AttentionPanel (see header).
#include "AttentionPanel.h"

#include "HeatmapView.h"
#include "InspectCharts.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <cmath>

namespace {

QSpinBox* spin(QWidget* parent, const char* name, int max) {
  auto* s = new QSpinBox(parent);
  s->setObjectName(QLatin1String(name));
  s->setRange(0, max);
  s->setKeyboardTracking(false);  // one capture per finished edit, not per digit
  return s;
}

}  // namespace

AttentionPanel::AttentionPanel(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_statLabel(new QLabel(this)), m_stat(new QComboBox(this)),
      m_mapLabel(new QLabel(this)), m_map(new QComboBox(this)), m_layerLabel(new QLabel(this)), m_layer(spin(this, "inspectLayer", 0)),
      m_headLabel(new QLabel(this)), m_headBox(spin(this, "inspectHead", 0)), m_startLabel(new QLabel(this)),
      m_start(spin(this, "inspectWindowStart", 0)), m_sizeLabel(new QLabel(this)), m_size(spin(this, "inspectWindowSize", 4096)) {
  m_size->setRange(16, 4096);
  m_size->setValue(2048);
  m_size->setSingleStep(256);
  m_stat->setObjectName(QStringLiteral("inspectStat"));
  m_map->setObjectName(QStringLiteral("inspectMapKind"));
  m_summary->setProperty("dswData", true);
  m_summary->setWordWrap(true);

  auto* controls = new QHBoxLayout;
  for (QWidget* w : std::initializer_list<QWidget*>{m_statLabel, m_stat, m_layerLabel, m_layer, m_headLabel, m_headBox, m_mapLabel, m_map,
                                                     m_startLabel, m_start, m_sizeLabel, m_size})
    controls->addWidget(w);
  controls->addStretch(1);

  auto* left = new QWidget(this);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  m_stats = new HeatmapView(left);
  m_stats->widget()->setObjectName(QStringLiteral("inspectStatMap"));
  m_stats->widget()->setMinimumSize(260, 200);
  leftLayout->addWidget(m_stats->widget(), 3);
  m_multiplesHost = new QWidget;
  m_multiplesGrid = new QGridLayout(m_multiplesHost);
  m_multiplesGrid->setContentsMargins(0, 0, 0, 0);
  m_multiplesGrid->setSpacing(4);
  auto* scroll = new QScrollArea(left);
  scroll->setObjectName(QStringLiteral("inspectMultiples"));
  scroll->setWidgetResizable(true);
  scroll->setWidget(m_multiplesHost);
  leftLayout->addWidget(scroll, 4);

  m_head = new HeatmapView(this);
  m_head->widget()->setObjectName(QStringLiteral("inspectHeadMap"));
  m_head->widget()->setMinimumSize(360, 300);
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(left);
  split->addWidget(m_head->widget());
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);

  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(0, 0, 0, 0);
  v->addLayout(controls);
  v->addWidget(m_summary);
  v->addWidget(split, 1);

  connect(m_stat, &QComboBox::currentIndexChanged, this, [this] { showStat(); });
  connect(m_map, &QComboBox::currentIndexChanged, this, [this] { showHead(); });
  connect(m_stats, &HeatmapView::cellClicked, this, [this](int layer, int head) { selectHead(layer, head); });
  for (QSpinBox* s : {m_layer, m_headBox, m_start})
    connect(s, &QSpinBox::valueChanged, this, [this] {
      if (!m_updating) emit headRequested(layer(), head(), windowStart());
    });
  m_stats->setHoverText([this](int l, int h) { return InspectCharts::statHover(m_result, l, h); });
  m_head->setHoverText([this](int q, int k) {
    if (m_map->currentIndex() == 0) return InspectCharts::attentionHover(m_result, q, k);
    return InspectCharts::overviewHover(m_result, m_result.head, q, k);
  });
  retranslateUi();
}

void AttentionPanel::retranslateUi() {
  m_updating = true;
  const int stat = std::max(0, m_stat->currentIndex()), map = std::max(0, m_map->currentIndex());
  m_stat->clear();
  for (int k = 0; k < kInspectStatCount; ++k) {
    m_stat->addItem(InspectCharts::statName(InspectStat(k)), InspectCharts::statKey(InspectStat(k)));
    m_stat->setItemData(k, InspectCharts::statDescription(InspectStat(k)), Qt::ToolTipRole);
  }
  m_stat->setCurrentIndex(stat);
  m_map->clear();
  m_map->addItem(tr("Window (full resolution)"));
  m_map->addItem(tr("Overview: max per tile"));
  m_map->addItem(tr("Overview: mean per tile"));
  m_map->setCurrentIndex(map);
  m_updating = false;
  m_statLabel->setText(tr("Statistic"));
  m_layerLabel->setText(tr("Layer"));
  m_headLabel->setText(tr("Head"));
  m_mapLabel->setText(tr("Map"));
  m_startLabel->setText(tr("Window from token"));
  m_sizeLabel->setText(tr("size"));
  m_layer->setToolTip(tr("The layer whose heads are shown as small multiples"));
  m_start->setToolTip(tr("Long prompts: the full-resolution window starts here (queries and keys)"));
  if (m_result.layers == 0) m_summary->setText(tr("Run a prompt to see every layer's and head's attention."));
  else setResult(m_result);
}

void AttentionPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void AttentionPanel::setChartTheme(const ChartTheme& theme) {
  m_theme = theme;
  m_stats->setTheme(theme);
  m_head->setTheme(theme);
  for (auto* m : m_multiples) m->setTheme(theme);
}

int AttentionPanel::layer() const { return m_layer->value(); }
int AttentionPanel::head() const { return m_headBox->value(); }
qint64 AttentionPanel::windowStart() const { return m_start->value(); }
int AttentionPanel::windowSize() const { return m_size->value(); }
InspectStat AttentionPanel::currentStat() const { return InspectStat(std::max(0, m_stat->currentIndex())); }

QVector<HeatmapView*> AttentionPanel::charts() const { return QVector<HeatmapView*>{m_head, m_stats} + m_multiples; }

void AttentionPanel::setResult(const AttentionResult& r) {
  m_result = r;
  m_updating = true;
  m_layer->setMaximum(std::max(0, r.layers - 1));
  m_headBox->setMaximum(std::max(0, r.heads - 1));
  m_start->setMaximum(std::max(0, r.tokenCount() - 1));
  m_layer->setValue(r.layer);
  m_headBox->setValue(r.head);
  m_start->setValue(r.q0);
  // Past the window only the overview shows the whole map.
  if (r.q1 - r.q0 < r.tokenCount() && m_map->currentIndex() == 0 && r.q0 == 0 && r.tokenCount() > 2 * (r.q1 - r.q0))
    m_map->setCurrentIndex(1);
  m_updating = false;
  m_summary->setText(tr("%n token(s) · %1 layers × %2 heads · %3 s · window: tokens %4–%5 · overview tiles of %6 token(s)", nullptr,
                        r.tokenCount())
                         .arg(r.layers)
                         .arg(r.heads)
                         .arg(r.seconds, 0, 'f', 2)
                         .arg(r.q0)
                         .arg(r.q1 - 1)
                         .arg(r.tile));
  showStat();
  showHead();
  rebuildMultiples();
}

void AttentionPanel::showStat() {
  if (m_result.layers == 0) return;
  m_stats->setData(InspectCharts::statMap(m_result, currentStat()));
}

void AttentionPanel::showHead() {
  if (m_result.layers == 0 || m_updating) return;
  if (m_map->currentIndex() <= 0) m_head->setData(InspectCharts::attentionWindow(m_result));
  else m_head->setData(InspectCharts::overview(m_result, m_result.head, m_map->currentIndex() == 2, false));
}

void AttentionPanel::rebuildMultiples() {
  const int heads = int(m_result.overviewMax.size());
  for (auto* m : m_multiples) {
    m->widget()->deleteLater();
    m->deleteLater();
  }
  m_multiples.clear();
  const int columns = heads <= 2 ? heads : heads <= 16 ? 4 : 6;
  for (int h = 0; h < heads; ++h) {
    auto* view = new HeatmapView(m_multiplesHost, true);
    view->widget()->setObjectName(QStringLiteral("inspectMultiple%1").arg(h));
    view->widget()->setMinimumSize(90, 90);
    view->setTheme(m_theme);
    view->setData(InspectCharts::overview(m_result, h, false, true));
    view->setHoverText([this, h](int q, int k) { return InspectCharts::overviewHover(m_result, h, q, k); });
    connect(view, &HeatmapView::cellClicked, this, [this, h] { selectHead(m_result.layer, h); });
    m_multiplesGrid->addWidget(view->widget(), h / columns, h % columns);
    m_multiples.append(view);
  }
}

void AttentionPanel::selectHead(int l, int h) {
  m_updating = true;
  m_layer->setValue(l);
  m_headBox->setValue(h);
  m_updating = false;
  emit headRequested(l, h, windowStart());
}
