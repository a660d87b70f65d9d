// TokenView (see header).
#include "TokenView.h"

#include "Format.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>

namespace {
constexpr int kPadX = 3, kGapX = 2, kGapY = 4, kMargin = 8;
}

TokenView::TokenView(QWidget* parent) : QAbstractScrollArea(parent) {
  setObjectName(QStringLiteral("tokenView"));
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  mono.setPointSizeF(std::max(mono.pointSizeF(), 10.0));
  setFont(mono);
  viewport()->setMouseTracking(true);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_lineHeight = fontMetrics().height() + 4;
  m_cursor = {kMargin, kMargin};
}

void TokenView::appendTokens(const QVector<TokenEntry>& tokens) {
  if (tokens.isEmpty()) return;
  QScrollBar* sb = verticalScrollBar();
  const bool atBottom = sb->value() >= sb->maximum() - 2;
  const int first = int(m_tokens.size());
  m_tokens += tokens;
  layoutFrom(first);
  updateScrollBar();
  if (atBottom) sb->setValue(sb->maximum());
  viewport()->update();
}

void TokenView::clear() {
  m_tokens.clear();
  m_rects.clear();
  m_cursor = {kMargin, kMargin};
  m_hovered = -1;
  updateScrollBar();
  viewport()->update();
}

void TokenView::setShadeByProbability(bool on) {
  m_shade = on;
  viewport()->update();
}

QString TokenView::displayText(const QString& text) {
  QString out;
  out.reserve(text.size());
  for (QChar c : text) {
    if (c == u' ') out += QChar(0x00B7);
    else if (c == u'\n') out += QChar(0x21B5);
    else if (c == u'\t') out += QChar(0x2192);
    else if (c == u'\r') continue;
    else out += c;
  }
  if (out.isEmpty()) out = QStringLiteral("∅");  // a token that completes no character yet
  return out;
}

void TokenView::layoutFrom(int first) {
  const QFontMetrics fm = fontMetrics();
  m_lineHeight = fm.height() + 4;
  const int width = std::max(80, viewport()->width() - 2 * kMargin);
  if (first == 0) {
    m_rects.clear();
    m_cursor = {kMargin, kMargin};
  }
  m_rects.resize(first);
  for (int i = first; i < m_tokens.size(); ++i) {
    const QString shown = displayText(m_tokens[i].text);
    const int w = fm.horizontalAdvance(shown) + 2 * kPadX;
    if (m_cursor.x() > kMargin && m_cursor.x() + w > kMargin + width) m_cursor = {kMargin, m_cursor.y() + m_lineHeight + kGapY};
    m_rects.append(QRect(m_cursor, QSize(w, m_lineHeight)));
    m_cursor.rx() += w + kGapX;
    if (m_tokens[i].text.contains(u'\n')) m_cursor = {kMargin, m_cursor.y() + m_lineHeight + kGapY};
  }
}

void TokenView::updateScrollBar() {
  const int contentHeight = m_rects.isEmpty() ? 0 : m_rects.last().bottom() + kMargin + m_lineHeight;
  verticalScrollBar()->setPageStep(viewport()->height());
  verticalScrollBar()->setSingleStep(m_lineHeight);
  verticalScrollBar()->setRange(0, std::max(0, contentHeight - viewport()->height()));
}

QColor TokenView::chipColor(double prob) const {
  const QColor base = palette().color(QPalette::Base);
  if (!m_shade || prob < 0) return base.lightness() > 128 ? base.darker(106) : base.lighter(130);
  // Red (unlikely) through amber to green (confident), blended into the base colour so the chips
  // stay readable in both themes.
  const QColor hue = QColor::fromHsvF(float(std::clamp(prob, 0.0, 1.0)) * 0.33f, 0.75f, 0.95f);
  const double a = base.lightness() > 128 ? 0.35 : 0.45;
  return QColor::fromRgbF(float(base.redF() * (1 - a) + hue.redF() * a), float(base.greenF() * (1 - a) + hue.greenF() * a),
                          float(base.blueF() * (1 - a) + hue.blueF() * a));
}

int TokenView::tokenAt(const QPoint& viewportPos) const {
  const QPoint p = viewportPos + QPoint(0, verticalScrollBar()->value());
  for (int i = 0; i < m_rects.size(); ++i)
    if (m_rects[i].contains(p)) return i;
  return -1;
}

QRect TokenView::tokenRect(int index) const {
  if (index < 0 || index >= m_rects.size()) return {};
  return m_rects[index].translated(0, -verticalScrollBar()->value());
}

QString TokenView::toolTipText(int index) const {
  if (index < 0 || index >= m_tokens.size()) return {};
  const TokenEntry& t = m_tokens[index];
  QString html = QStringLiteral("<div style='white-space:pre'><b><code>%1</code></b>").arg(displayText(t.text).toHtmlEscaped());
  if (t.id >= 0) html += QStringLiteral(" <span style='color:gray'>#%1</span>").arg(t.id);
  if (t.prob >= 0) html += QStringLiteral("<br>") + tr("probability %1").arg(Format::probability(t.prob).toHtmlEscaped());
  if (!t.top.isEmpty()) {
    html += QStringLiteral("<br><br><b>") + tr("Top %n alternatives", nullptr, int(t.top.size())) + QStringLiteral("</b><table>");
    for (int i = 0; i < t.top.size(); ++i)
      html += QStringLiteral("<tr><td>%1.</td><td><code>%2</code></td><td align='right'>&nbsp;%3</td></tr>")
                  .arg(i + 1)
                  .arg(displayText(t.top[i].first).toHtmlEscaped())
                  .arg(Format::probability(t.top[i].second).toHtmlEscaped());  // "< 0.0001" is text, not a tag
    html += QStringLiteral("</table>");
  }
  return html + QStringLiteral("</div>");
}

void TokenView::paintEvent(QPaintEvent*) {
  QPainter p(viewport());
  p.setRenderHint(QPainter::Antialiasing);
  const int scroll = verticalScrollBar()->value();
  const QRect visible(0, scroll, viewport()->width(), viewport()->height());
  const QColor text = palette().color(QPalette::Text);
  const QColor accent = palette().color(QPalette::Highlight);
  p.setFont(font());
  for (int i = 0; i < m_rects.size(); ++i) {
    const QRect& r = m_rects[i];
    if (r.bottom() < visible.top()) continue;
    if (r.top() > visible.bottom()) break;
    const QRectF rr = QRectF(r.translated(0, -scroll)).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath chip;
    chip.addRoundedRect(rr, 3, 3);
    p.fillPath(chip, chipColor(m_tokens[i].prob));
    if (i == m_hovered) p.strokePath(chip, QPen(accent, 1.5));
    p.setPen(text);
    p.drawText(rr, Qt::AlignCenter, displayText(m_tokens[i].text));
  }
}

void TokenView::resizeEvent(QResizeEvent* event) {
  QAbstractScrollArea::resizeEvent(event);
  layoutFrom(0);
  updateScrollBar();
}

void TokenView::mouseMoveEvent(QMouseEvent* event) {
  const int i = tokenAt(event->position().toPoint());
  if (i != m_hovered) {
    m_hovered = i;
    viewport()->update();
    emit tokenHovered(i);
  }
  QAbstractScrollArea::mouseMoveEvent(event);
}

void TokenView::leaveEvent(QEvent* event) {
  if (m_hovered != -1) {
    m_hovered = -1;
    viewport()->update();
    emit tokenHovered(-1);
  }
  QAbstractScrollArea::leaveEvent(event);
}

bool TokenView::viewportEvent(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int i = tokenAt(help->pos());
    if (i >= 0) QToolTip::showText(help->globalPos(), toolTipText(i), viewport(), tokenRect(i));
    else QToolTip::hideText();
    return true;
  }
  return QAbstractScrollArea::viewportEvent(event);
}

void TokenView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::FontChange) {
    layoutFrom(0);
    updateScrollBar();
  }
  QAbstractScrollArea::changeEvent(event);
}
