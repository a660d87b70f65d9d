// HeatmapView (see header).
//
// Coordinates: column c is at x = colOffset + c and row r at y = -(rowOffset + r), so row 0 is at
// the top without reversing the value axis (a reversed axis makes QCPColorMap mirror its whole
// image on every replot).
//
// Level of detail: the colour map holds only the visible block, pooled to at most about one cell
// per device pixel (updateDetail, on every data, zoom, pan or resize). Colouring and drawing then
// cost what the screen shows, whatever the matrix size; hover and exports read the full matrix.
#include "HeatmapView.h"

#include <qcustomplot.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QMenu>
#include <QRegularExpression>
#include <QToolTip>

#include <algorithm>
#include <array>
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
    connect(p->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
      updateTicks();
      updateDetail();
    });
    connect(p->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
      updateTicks();
      updateDetail();
    });
    // How many labels fit depends on the axis rect, which QCustomPlot sizes only while it lays
    // itself out in a replot; a resize event comes before that. A chart first shown in a hidden
    // tab would keep the two labels its initial size allowed, so the ticks are redone (and drawn
    // in a second replot) once the laid-out size differs by more than a label's room. New labels
    // can move the margins again; after a few rounds in a row the ticks stay as they are.
    connect(p, &QCustomPlot::afterLayout, this, [this] {
      const QSize now = plot()->axisRect()->size();
      if (m_tickRounds >= 3 || (std::abs(now.width() - m_tickArea.width()) < kTickRoom && std::abs(now.height() - m_tickArea.height()) < kTickRoom))
        return;
      QMetaObject::invokeMethod(
          this,
          [this] {
            const int rounds = m_tickRounds + 1;
            updateTicks();
            m_tickRounds = rounds;
            scheduleReplot();
          },
          Qt::QueuedConnection);
    });
  }
  setExportMenu(true);
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
  // Pooling a large matrix and drawing it are two GUI-thread events, not one long one.
  QMetaObject::invokeMethod(
      this,
      [this] {
        drainPending();
        scheduleReplot();
      },
      Qt::QueuedConnection);
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
  m_title->setText(d.title);
  m_title->setVisible(!d.title.isEmpty());
  m_lodKey = {};
  if (d.rows <= 0 || d.cols <= 0) {
    m_map->data()->clear();
    return;
  }
  if (m_scale) {
    m_scale->axis()->setLabel(d.valueTitle);
    m_scale->setVisible(d.scale != HeatmapData::Scale::Categorical);
  }
  plot()->xAxis->setLabel(d.colTitle);
  plot()->yAxis->setLabel(d.rowTitle);
  resetView();
  updateDetail();
  // The colour range from the pooled whole map: pooling keeps each block's largest value (largest
  // magnitude for differences), so the maximum is exact; a range given with the data wins.
  double mn = std::isnan(d.min) ? m_pooledLo : d.min, mx = std::isnan(d.max) ? m_pooledHi : d.max;
  if (!std::isfinite(mn)) mn = 0;
  if (!std::isfinite(mx)) mx = 1;
  if (d.scale == HeatmapData::Scale::Diverging) {
    const double m = std::max({std::abs(mn), std::abs(mx), 1e-12});
    mn = -m, mx = m;
  } else if (d.scale == HeatmapData::Scale::Categorical) {
    mn = -0.5, mx = std::max(1, d.categories) - 0.5;
  }
  if (!(mx > mn)) mx = mn + 1;
  m_map->setDataRange(QCPRange(mn, mx));
  applyGradient();
}

void HeatmapView::updateDetail() {
  const HeatmapData& d = m_data;
  if (d.rows <= 0 || d.cols <= 0) return;
  QCustomPlot* p = plot();
  // The visible block of the map (one cell of margin), in rows and columns of the data.
  const QCPRange xr = p->xAxis->range(), yr = p->yAxis->range();
  const int c0 = std::clamp(int(std::floor(xr.lower + 0.5)) - 1 - d.colOffset, 0, d.cols - 1);
  const int c1 = std::clamp(int(std::ceil(xr.upper + 0.5)) + 1 - d.colOffset, c0 + 1, d.cols);
  const int r0 = std::clamp(int(std::floor(-yr.upper + 0.5)) - 1 - d.rowOffset, 0, d.rows - 1);
  const int r1 = std::clamp(int(std::ceil(-yr.lower + 0.5)) + 1 - d.rowOffset, r0 + 1, d.rows);
  // At most one cell per device pixel (at least 512, at most 1024 a side, so exports stay sharp):
  // a 2,048 x 2,048 map costs the colour map what the screen can show, not four million cells.
  const qreal dpr = p->devicePixelRatioF();
  const int wantCols = std::clamp(int(p->axisRect()->width() * dpr), 512, 1024);
  const int wantRows = std::clamp(int(p->axisRect()->height() * dpr), 512, 1024);
  const int sc = std::max(1, (c1 - c0 + wantCols - 1) / wantCols), sr = std::max(1, (r1 - r0 + wantRows - 1) / wantRows);
  const std::array<int, 6> key = {r0, r1, c0, c1, sr, sc};
  if (key == m_lodKey) return;
  m_lodKey = key;
  const int nc = (c1 - c0 + sc - 1) / sc, nr = (r1 - r0 + sr - 1) / sr;
  // A single row or column is drawn as two identical cells half as wide (QCPColorMapData needs two
  // cells to know a cell's size).
  const int keySize = std::max(nc, 2), valueSize = std::max(nr, 2);
  const double x0 = d.colOffset + c0 + (sc - 1) / 2.0, xn = x0 + double(nc - 1) * sc;
  const double ytop = -(d.rowOffset + r0 + (sr - 1) / 2.0), ybot = ytop - double(nr - 1) * sr;
  const double halfX = sc * 0.25, halfY = sr * 0.25;
  QCPColorMapData* md = m_map->data();
  md->setSize(keySize, valueSize);
  md->setRange(nc > 1 ? QCPRange(x0, xn) : QCPRange(x0 - halfX, x0 + halfX), nr > 1 ? QCPRange(ybot, ytop) : QCPRange(ytop - halfY, ytop + halfY));
  const bool diverging = d.scale == HeatmapData::Scale::Diverging, categorical = d.scale == HeatmapData::Scale::Categorical;
  // One pass over the visible rows, block row by block row. A block shows its strongest cell
  // (largest value; for differences the largest magnitude; for categories its first cell), so
  // peaks stay visible when zoomed out. NaN cells never win (every comparison with NaN is false).
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> acc(static_cast<size_t>(nc));
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int br = 0; br < nr; ++br) {
    std::fill(acc.begin(), acc.end(), nan);
    const int ra = r0 + br * sr, rb = std::min(r1, ra + sr);
    for (int r = ra; r < rb; ++r) {
      const float* row = d.values.constData() + size_t(r) * size_t(d.cols);
      for (int bc = 0; bc < nc; ++bc) {
        const int ca = c0 + bc * sc, cb = std::min(c1, ca + sc);
        float v = acc[size_t(bc)];
        for (int c = ca; c < cb; ++c) {
          const float x = row[c];
          if (categorical) {
            if (v != v) v = x;
          } else if (diverging ? !(std::abs(v) >= std::abs(x)) : !(v >= x)) {
            if (x == x) v = x;
          }
        }
        acc[size_t(bc)] = v;
      }
    }
    for (int bc = 0; bc < nc; ++bc)
      if (const float v = acc[size_t(bc)]; v == v) lo = std::min(lo, double(v)), hi = std::max(hi, double(v));
    const int vi = nr > 1 ? nr - 1 - br : 0;
    for (int ki = 0; ki < keySize; ++ki) {
      const float v = acc[size_t(nc > 1 ? ki : 0)];
      md->setCell(ki, vi, v);
      if (nr == 1) md->setCell(ki, 1, v);
    }
  }
  m_pooledLo = lo;
  m_pooledHi = hi;
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
    const int fit = std::max(2, pixels / kTickRoom);
    const int step = std::max(1, int(std::ceil(double(hi - lo + 1) / fit)));
    for (int i = lo - lo % step; i <= hi; i += step) {
      if (i < lo) continue;
      const int k = i - first;
      ticker->addTick(sign * i, labels.isEmpty() ? QString::number(i) : shortLabel(labels.value(k)));
    }
  };
  m_tickArea = p->axisRect()->size();
  m_tickRounds = 0;
  fill(p->xAxis, d.colOffset, d.cols, d.colLabels, 1.0, m_tickArea.width());
  fill(p->yAxis, d.rowOffset, d.rows, d.rowLabels, -1.0, m_tickArea.height());
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
  if (watched == plot() && event->type() == QEvent::Resize) {
    updateTicks();
    updateDetail();
  }
  return ChartAdapter::eventFilter(watched, event);
}

QString HeatmapView::shortLabel(const QString& token) {
  QString t = token;
  // Special tokens: <｜begin▁of▁sentence｜> (DeepSeek, fullwidth bars and U+2581 for spaces, which
  // many UI fonts draw as boxes) or <|eot_id|>. The name alone, in ASCII, in angle brackets.
  static const QRegularExpression special(QStringLiteral("^[<\\x{2039}][|\\x{ff5c}](.+)[|\\x{ff5c}][>\\x{203a}]$"));
  const QRegularExpressionMatch m = special.match(t);
  if (m.hasMatch()) {
    QString name = m.captured(1);
    name.replace(QChar(0x2581), u'_');
    while (name.startsWith(u'_')) name.remove(0, 1);
    while (name.endsWith(u'_')) name.chop(1);
    const QString key = name.toLower();
    if (key == u"begin_of_sentence" || key == u"begin_of_text") name = QStringLiteral("bos");
    else if (key == u"end_of_sentence" || key == u"end_of_text") name = QStringLiteral("eos");
    t = u'<' + name + u'>';
  }
  t.replace(u'\n', QStringLiteral("\\n")).replace(u'\t', QStringLiteral("\\t"));
  return t.size() > 14 ? t.left(13) + QChar(0x2026) : t;
}

void HeatmapView::addMenuActions(QMenu& menu) {
  if (!m_compact) menu.addAction(tr("Reset zoom"), this, &HeatmapView::resetView);
}

bool HeatmapView::saveData(const QString& path, QString* error) const {
  const HeatmapData& d = m_data;
  auto rowLabel = [&](int r) { return d.rowLabels.value(r, QString::number(d.rowOffset + r)); };
  auto colLabel = [&](int c) { return d.colLabels.value(c, QString::number(d.colOffset + c)); };
  auto csv = [&] {
    QVector<QStringList> lines;
    QStringList header{d.rowTitle + u'\\' + d.colTitle};
    for (int c = 0; c < d.cols; ++c) header.append(colLabel(c));
    lines.append(header);
    for (int r = 0; r < d.rows; ++r) {
      QStringList line{rowLabel(r)};
      for (int c = 0; c < d.cols; ++c) {
        const float v = d.at(r, c);
        line.append(std::isnan(v) ? QString() : QString::number(double(v), 'g', 9));
      }
      lines.append(line);
    }
    return lines;
  };
  auto json = [&] {
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
    return QJsonObject{{"title", d.title}, {"row_title", d.rowTitle}, {"col_title", d.colTitle}, {"value_title", d.valueTitle},
                       {"row_offset", d.rowOffset}, {"col_offset", d.colOffset}, {"row_labels", rl}, {"col_labels", cl}, {"values", rows}};
  };
  return writeData(path, csv, json, error);
}
