// HeatmapView (see header).
//
// Coordinates: column c is at x = colOffset + c and row r at y = -(rowOffset + r), so row 0 is at
// the top without reversing the value axis (a reversed axis makes QCPColorMap mirror its whole
// image on every replot). Map cell (c, rows - 1 - r) holds row r.
#include "HeatmapView.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QSaveFile>
#include <QToolTip>

#include <cmath>

namespace {

QColor mix(const QColor& a, const QColor& b, double t) {
  return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                          float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// Distinct colours for categories (experts): a qualitative palette, then lighter and darker turns.
QColor categoryColor(int i) {
  static const QColor base[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f),
                                QColor(0xbc, 0xbd, 0x22), QColor(0x17, 0xbe, 0xcf), QColor(0x39, 0x3b, 0x79), QColor(0x63, 0x79, 0x39)};
  constexpr int n = int(std::size(base));
  const QColor c = base[i % n];
  const int turn = (i / n) % 3;
  return turn == 0 ? c : turn == 1 ? mix(c, Qt::white, 0.45) : mix(c, Qt::black, 0.35);
}

QString shortLabel(const QString& s) {
  QString t = s;
  t.replace(u'\n', QStringLiteral("\\n")).replace(u'\t', QStringLiteral("\\t"));
  return t.size() > 14 ? t.left(13) + QChar(0x2026) : t;
}

QString cellNumber(double v) {
  if (std::isnan(v)) return QStringLiteral("—");
  return QString::number(v, 'g', 5);
}

}  // namespace

HeatmapView::HeatmapView(QWidget* parent, bool compact) : ChartAdapter(parent), m_compact(compact) {
  QCustomPlot* p = plot();
  m_map = new QCPColorMap(p->xAxis, p->yAxis);
  m_map->setInterpolate(false);
  m_map->setTightBoundary(false);
  if (compact) {
    p->xAxis->setVisible(false);
    p->yAxis->setVisible(false);
    p->axisRect()->setAutoMargins(QCP::msNone);
    p->axisRect()->setMargins(QMargins(1, 1, 1, 1));
    p->setMinimumHeight(60);
  } else {
    p->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_scale = new QCPColorScale(p);
    p->plotLayout()->addElement(0, 1, m_scale);
    m_scale->setBarWidth(10);
    m_map->setColorScale(m_scale);
    auto* group = new QCPMarginGroup(p);
    p->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    p->xAxis->setTickLabelRotation(-90);
    for (QCPAxis* a : {p->xAxis, p->yAxis}) {
      a->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
      a->setSubTicks(false);
      a->grid()->setVisible(false);
    }
    connect(p->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { updateTicks(); });
    connect(p->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { updateTicks(); });
    p->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(p, &QWidget::customContextMenuRequested, this, &HeatmapView::showMenu);
  }
  p->plotLayout()->insertRow(0);
  m_title = new QCPTextElement(p, QString(), QFont(p->font().family(), compact ? 8 : 9, QFont::Bold));
  p->plotLayout()->addElement(0, 0, m_title);
  p->plotLayout()->setRowSpacing(0);
  p->setMouseTracking(true);
  p->installEventFilter(this);
  connect(p, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
    const QPoint cell = cellAt(e->pos());
    if (cell.x() < 0) {
      QToolTip::hideText();
      return;
    }
    QToolTip::showText(e->globalPosition().toPoint(), hoverText(cell.x(), cell.y()), plot());
    emit cellHovered(cell.x(), cell.y());
  });
  connect(p, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
    m_pressPos = e->pos();
    m_pressed = e->button() == Qt::LeftButton;
  });
  connect(p, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
    if (!m_pressed || (e->pos() - m_pressPos).manhattanLength() > 4) return;
    m_pressed = false;
    const QPoint cell = cellAt(e->pos());
    if (cell.x() >= 0) emit cellClicked(cell.x(), cell.y());
  });
  setTheme(theme());
}

void HeatmapView::setData(const HeatmapData& data) {
  m_data = data;
  m_dirty = true;
  scheduleReplot();
}

void HeatmapView::setHoverText(std::function<QString(int, int)> text) { m_hover = std::move(text); }

QString HeatmapView::hoverText(int row, int col) const {
  if (m_hover) return m_hover(row, col);
  const int r = row - m_data.rowOffset, c = col - m_data.colOffset;
  const QString rl = m_data.rowLabels.value(r, QString::number(row)), cl = m_data.colLabels.value(c, QString::number(col));
  return QStringLiteral("%1 %2 · %3 %4\n%5: %6")
      .arg(m_data.rowTitle, rl, m_data.colTitle, cl, m_data.valueTitle.isEmpty() ? tr("value") : m_data.valueTitle,
           cellNumber(m_data.at(r, c)));
}

void HeatmapView::setTheme(const ChartTheme& t) {
  ChartAdapter::setTheme(t);
  if (m_title) m_title->setTextColor(t.foreground);
  if (m_scale) {
    QCPAxis* a = m_scale->axis();
    a->setBasePen(QPen(t.grid));
    a->setTickPen(QPen(t.grid));
    a->setTickLabelColor(t.foreground);
    a->setLabelColor(t.foreground);
  }
  applyGradient();
  plot()->replot();
}

void HeatmapView::drainPending() {
  if (!m_dirty) return;
  m_dirty = false;
  applyData();
}

void HeatmapView::applyData() {
  const HeatmapData& d = m_data;
  QCPColorMapData* md = m_map->data();
  m_title->setText(d.title);
  m_title->setVisible(!d.title.isEmpty());
  if (d.rows <= 0 || d.cols <= 0) {
    md->clear();
    return;
  }
  // A single row or column is drawn as two identical cells half as wide (QCPColorMapData needs two
  // cells to know a cell's size).
  const int keySize = std::max(d.cols, 2), valueSize = std::max(d.rows, 2);
  const double x0 = d.colOffset, y0 = -double(d.rowOffset + d.rows - 1);
  const QCPRange keyRange = d.cols > 1 ? QCPRange(x0, x0 + d.cols - 1) : QCPRange(x0 - 0.25, x0 + 0.25);
  const QCPRange valueRange = d.rows > 1 ? QCPRange(y0, -double(d.rowOffset)) : QCPRange(y0 - 0.25, y0 + 0.25);
  md->setSize(keySize, valueSize);
  md->setRange(keyRange, valueRange);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int vi = 0; vi < valueSize; ++vi) {
    const int r = d.rows > 1 ? d.rows - 1 - vi : 0;
    const float* row = d.values.constData() + size_t(r) * size_t(d.cols);
    for (int ki = 0; ki < keySize; ++ki) {
      const float v = row[d.cols > 1 ? ki : 0];
      md->setCell(ki, vi, v);
      if (!std::isnan(v)) lo = std::min(lo, double(v)), hi = std::max(hi, double(v));
    }
  }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  double mn = std::isnan(d.min) ? lo : d.min, mx = std::isnan(d.max) ? hi : d.max;
  if (d.scale == HeatmapData::Scale::Diverging) {
    const double m = std::max({std::abs(mn), std::abs(mx), 1e-12});
    mn = -m, mx = m;
  } else if (d.scale == HeatmapData::Scale::Categorical) {
    mn = -0.5, mx = std::max(1, d.categories) - 0.5;
  }
  if (!(mx > mn)) mx = mn + 1;
  m_map->setDataRange(QCPRange(mn, mx));
  applyGradient();
  if (m_scale) {
    m_scale->axis()->setLabel(d.valueTitle);
    m_scale->setVisible(d.scale != HeatmapData::Scale::Categorical);
  }
  plot()->xAxis->setLabel(d.colTitle);
  plot()->yAxis->setLabel(d.rowTitle);
  resetView();
}

void HeatmapView::applyGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  const ChartTheme& t = theme();
  switch (m_data.scale) {
    case HeatmapData::Scale::Sequential:  // light to dark in the accent's direction (viridis-like stops)
      g.setColorStopAt(0.0, QColor(0x44, 0x01, 0x54));
      g.setColorStopAt(0.25, QColor(0x3b, 0x52, 0x8b));
      g.setColorStopAt(0.5, QColor(0x21, 0x90, 0x8d));
      g.setColorStopAt(0.75, QColor(0x5d, 0xc9, 0x63));
      g.setColorStopAt(1.0, QColor(0xfd, 0xe7, 0x25));
      g.setLevelCount(256);
      break;
    case HeatmapData::Scale::Diverging:
      g.setColorStopAt(0.0, QColor(0x2b, 0x59, 0xc3));
      g.setColorStopAt(0.5, t.background);
      g.setColorStopAt(1.0, QColor(0xc8, 0x2c, 0x2c));
      g.setLevelCount(256);
      break;
    case HeatmapData::Scale::Categorical: {
      const int n = std::max(2, m_data.categories);
      for (int i = 0; i < n; ++i) g.setColorStopAt(double(i) / double(n - 1), categoryColor(i));
      g.setLevelCount(n);
      break;
    }
  }
  g.setNanHandling(QCPColorGradient::nhTransparent);
  m_map->setGradient(g);
}

void HeatmapView::resetView() {
  const HeatmapData& d = m_data;
  if (d.rows <= 0 || d.cols <= 0) return;
  zoomTo(d.rowOffset, d.rowOffset + d.rows, d.colOffset, d.colOffset + d.cols);
}

void HeatmapView::zoomTo(int row0, int row1, int col0, int col1) {
  plot()->xAxis->setRange(col0 - 0.5, col1 - 0.5);
  plot()->yAxis->setRange(-(row1 - 0.5), -(row0 - 0.5));
  updateTicks();
  scheduleReplot();
}

void HeatmapView::updateTicks() {
  if (m_compact) return;
  QCustomPlot* p = plot();
  const HeatmapData& d = m_data;
  auto fill = [&](QCPAxis* axis, int first, int count, const QStringList& labels, double sign, int pixels) {
    auto ticker = axis->ticker().dynamicCast<QCPAxisTickerText>();
    if (!ticker) return;
    ticker->clear();
    if (count <= 0) return;
    const QCPRange r = axis->range();
    const double a = std::min(r.lower, r.upper) * sign, b = std::max(r.lower, r.upper) * sign;
    int lo = int(std::ceil(std::min(a, b))), hi = int(std::floor(std::max(a, b)));
    lo = std::max(lo, first);
    hi = std::min(hi, first + count - 1);
    if (hi < lo) return;
    const int fit = std::max(2, pixels / 14);
    const int step = std::max(1, int(std::ceil(double(hi - lo + 1) / fit)));
    for (int i = lo - lo % step; i <= hi; i += step) {
      if (i < lo) continue;
      const int k = i - first;
      ticker->addTick(sign * i, labels.isEmpty() ? QString::number(i) : shortLabel(labels.value(k)));
    }
  };
  fill(p->xAxis, d.colOffset, d.cols, d.colLabels, 1.0, p->axisRect()->width());
  fill(p->yAxis, d.rowOffset, d.rows, d.rowLabels, -1.0, p->axisRect()->height());
}

QPoint HeatmapView::cellAt(const QPoint& pos) const {
  const HeatmapData& d = m_data;
  if (d.rows <= 0 || d.cols <= 0 || !plot()->axisRect()->rect().contains(pos)) return {-1, -1};
  const double x = plot()->xAxis->pixelToCoord(pos.x()), y = plot()->yAxis->pixelToCoord(pos.y());
  const int col = int(std::lround(x)), row = int(std::lround(-y));
  if (col < d.colOffset || col >= d.colOffset + d.cols || row < d.rowOffset || row >= d.rowOffset + d.rows) return {-1, -1};
  return {row, col};
}

QPoint HeatmapView::cellCenter(int row, int col) const {
  return {int(std::lround(plot()->xAxis->coordToPixel(col))), int(std::lround(plot()->yAxis->coordToPixel(-row)))};
}

int HeatmapView::drawnCells() const {
  const QCPColorMapData* md = m_map->data();
  return m_data.rows > 0 && m_data.cols > 0 ? md->keySize() * md->valueSize() : 0;
}

bool HeatmapView::eventFilter(QObject* watched, QEvent* event) {
  if (watched == plot() && event->type() == QEvent::Leave) QToolTip::hideText();
  if (watched == plot() && event->type() == QEvent::Resize) updateTicks();
  return ChartAdapter::eventFilter(watched, event);
}

void HeatmapView::showMenu(const QPoint& pos) {
  QMenu menu(plot());
  menu.addAction(tr("Save image (PNG or SVG)…"), this, &HeatmapView::exportImageRequested);
  menu.addAction(tr("Save data (CSV or JSON)…"), this, &HeatmapView::exportDataRequested);
  menu.addAction(tr("Add to the benchmark report"), this, &HeatmapView::addToReportRequested);
  menu.addSeparator();
  menu.addAction(tr("Reset zoom"), this, &HeatmapView::resetView);
  menu.exec(plot()->mapToGlobal(pos));
}

bool HeatmapView::saveData(const QString& path, QString* error) const {
  auto failWith = [&](const QString& message) {
    if (error) *error = message;
    return false;
  };
  const HeatmapData& d = m_data;
  const QString ext = QFileInfo(path).suffix().toLower();
  QByteArray bytes;
  auto rowLabel = [&](int r) { return d.rowLabels.value(r, QString::number(d.rowOffset + r)); };
  auto colLabel = [&](int c) { return d.colLabels.value(c, QString::number(d.colOffset + c)); };
  if (ext == u"csv") {
    auto quote = [](QString s) {
      if (s.contains(u',') || s.contains(u'"') || s.contains(u'\n')) s = u'"' + s.replace(u'"', QStringLiteral("\"\"")) + u'"';
      return s;
    };
    QString out = quote(d.rowTitle + u'\\' + d.colTitle);
    for (int c = 0; c < d.cols; ++c) out += u',' + quote(colLabel(c));
    out += u'\n';
    for (int r = 0; r < d.rows; ++r) {
      out += quote(rowLabel(r));
      for (int c = 0; c < d.cols; ++c) {
        const float v = d.at(r, c);
        out += u',' + (std::isnan(v) ? QString() : QString::number(double(v), 'g', 9));
      }
      out += u'\n';
    }
    bytes = out.toUtf8();
  } else if (ext == u"json") {
    QJsonArray rows, rl, cl;
    for (int r = 0; r < d.rows; ++r) {
      QJsonArray row;
      for (int c = 0; c < d.cols; ++c) {
        const float v = d.at(r, c);
        row.append(std::isnan(v) ? QJsonValue() : QJsonValue(double(v)));
      }
      rows.append(row);
      rl.append(rowLabel(r));
    }
    for (int c = 0; c < d.cols; ++c) cl.append(colLabel(c));
    QJsonObject o{{"title", d.title}, {"row_title", d.rowTitle}, {"col_title", d.colTitle}, {"value_title", d.valueTitle},
                  {"row_offset", d.rowOffset}, {"col_offset", d.colOffset}, {"row_labels", rl}, {"col_labels", cl}, {"values", rows}};
    bytes = QJsonDocument(o).toJson(QJsonDocument::Compact);
  } else {
    return failWith(tr("%1: save the data as .csv or .json.").arg(path));
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
    return failWith(tr("%1: cannot write: %2").arg(path, file.errorString()));
  return true;
}
