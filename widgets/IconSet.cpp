// IconSet: renders our small SVG icons with QPainter (see IconSet.h for why not QtSvg).
#include "IconSet.h"

#include <QFile>
#include <QIconEngine>
#include <QPainter>
#include <QPixmap>
#include <QXmlStreamReader>
#include <QtMath>

namespace {

// ---- path data ----------------------------------------------------------------------------------

class PathLexer {
 public:
  explicit PathLexer(const QString& d) : m_d(d) {}
  void skipSeparators() {
    while (m_i < m_d.size() && (m_d[m_i].isSpace() || m_d[m_i] == u',')) ++m_i;
  }
  bool atEnd() {
    skipSeparators();
    return m_i >= m_d.size();
  }
  bool nextIsCommand() {
    skipSeparators();
    return m_i < m_d.size() && m_d[m_i].isLetter() && m_d[m_i] != u'e' && m_d[m_i] != u'E';
  }
  QChar command() { return m_d[m_i++]; }
  bool number(qreal& out) {
    skipSeparators();
    int start = m_i;
    if (m_i < m_d.size() && (m_d[m_i] == u'-' || m_d[m_i] == u'+')) ++m_i;
    bool seenDot = false;
    while (m_i < m_d.size() && (m_d[m_i].isDigit() || (!seenDot && m_d[m_i] == u'.'))) {
      if (m_d[m_i] == u'.') seenDot = true;
      ++m_i;
    }
    if (m_i < m_d.size() && (m_d[m_i] == u'e' || m_d[m_i] == u'E')) {
      ++m_i;
      if (m_i < m_d.size() && (m_d[m_i] == u'-' || m_d[m_i] == u'+')) ++m_i;
      while (m_i < m_d.size() && m_d[m_i].isDigit()) ++m_i;
    }
    bool ok = false;
    out = m_d.mid(start, m_i - start).toDouble(&ok);
    if (!ok) m_i = start;
    return ok;
  }

 private:
  const QString& m_d;
  int m_i = 0;
};

qreal vectorAngle(qreal ux, qreal uy, qreal vx, qreal vy) {
  return qRadiansToDegrees(std::atan2(ux * vy - uy * vx, ux * vx + uy * vy));
}

// SVG elliptical arc (endpoint form, no x-axis rotation) appended to `path` (SVG spec F.6.5).
void arcTo(QPainterPath& path, qreal rx, qreal ry, bool largeArc, bool sweep, QPointF to) {
  const QPointF from = path.currentPosition();
  rx = std::abs(rx);
  ry = std::abs(ry);
  if (rx == 0 || ry == 0 || from == to) {
    path.lineTo(to);
    return;
  }
  const qreal x1p = (from.x() - to.x()) / 2, y1p = (from.y() - to.y()) / 2;
  const qreal lambda = x1p * x1p / (rx * rx) + y1p * y1p / (ry * ry);
  if (lambda > 1) {
    rx *= std::sqrt(lambda);
    ry *= std::sqrt(lambda);
  }
  const qreal num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
  const qreal den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
  const qreal coef = (largeArc != sweep ? 1 : -1) * std::sqrt(std::max<qreal>(0, num / den));
  const qreal cxp = coef * rx * y1p / ry, cyp = -coef * ry * x1p / rx;
  const qreal cx = cxp + (from.x() + to.x()) / 2, cy = cyp + (from.y() + to.y()) / 2;
  const qreal theta1 = vectorAngle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry);
  qreal dtheta = vectorAngle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry);
  if (!sweep && dtheta > 0) dtheta -= 360;
  if (sweep && dtheta < 0) dtheta += 360;
  // SVG angles grow clockwise on screen (y down); Qt's grow counter-clockwise.
  path.arcTo(QRectF(cx - rx, cy - ry, 2 * rx, 2 * ry), -theta1, -dtheta);
}

// ---- drawing ------------------------------------------------------------------------------------

struct Style {
  QString stroke = QStringLiteral("none"), fill = QStringLiteral("black");
  qreal strokeWidth = 1;
  Qt::PenCapStyle cap = Qt::FlatCap;
  Qt::PenJoinStyle join = Qt::MiterJoin;
};

void applyAttributes(const QXmlStreamAttributes& a, Style& s) {
  if (a.hasAttribute(QLatin1String("stroke"))) s.stroke = a.value(QLatin1String("stroke")).toString();
  if (a.hasAttribute(QLatin1String("fill"))) s.fill = a.value(QLatin1String("fill")).toString();
  if (a.hasAttribute(QLatin1String("stroke-width"))) s.strokeWidth = a.value(QLatin1String("stroke-width")).toDouble();
  if (a.hasAttribute(QLatin1String("stroke-linecap")))
    s.cap = a.value(QLatin1String("stroke-linecap")) == u"round" ? Qt::RoundCap : a.value(QLatin1String("stroke-linecap")) == u"square" ? Qt::SquareCap : Qt::FlatCap;
  if (a.hasAttribute(QLatin1String("stroke-linejoin")))
    s.join = a.value(QLatin1String("stroke-linejoin")) == u"round" ? Qt::RoundJoin : a.value(QLatin1String("stroke-linejoin")) == u"bevel" ? Qt::BevelJoin : Qt::MiterJoin;
}

QColor resolveColor(const QString& name, const QColor& current, const QColor& accent) {
  if (name == u"currentColor") return current;
  if (name == u"accent") return accent;
  return QColor::fromString(name);
}

void drawShape(QPainter& p, const QPainterPath& shape, const Style& s, const QColor& current, const QColor& accent) {
  if (s.fill != u"none") p.fillPath(shape, resolveColor(s.fill, current, accent));
  if (s.stroke != u"none") {
    QPen pen(resolveColor(s.stroke, current, accent), s.strokeWidth, Qt::SolidLine, s.cap, s.join);
    p.strokePath(shape, pen);
  }
}

// Renders lazily at whatever size and mode a view asks for.
class TintedSvgEngine : public QIconEngine {
 public:
  TintedSvgEngine(QByteArray svg, QColor normal, QColor disabled, QColor accent, QColor checked)
      : m_svg(std::move(svg)), m_normal(normal), m_disabled(disabled), m_accent(accent), m_checked(checked) {}
  void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override {
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    painter->drawPixmap(rect, pixmapFor(rect.size(), dpr, mode, state));
  }
  QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override { return pixmapFor(size, 1.0, mode, state); }
  QIconEngine* clone() const override { return new TintedSvgEngine(m_svg, m_normal, m_disabled, m_accent, m_checked); }

 private:
  QPixmap pixmapFor(QSize size, qreal dpr, QIcon::Mode mode, QIcon::State state) const {
    QColor c = mode == QIcon::Disabled ? m_disabled : (state == QIcon::On || mode == QIcon::Selected) ? m_checked : m_normal;
    return IconSet::render(m_svg, std::min(size.width(), size.height()), dpr, c, m_accent);
  }
  QByteArray m_svg;
  QColor m_normal, m_disabled, m_accent, m_checked;
};

}  // namespace

IconSet::IconSet(QString resourcePrefix)
    : m_prefix(std::move(resourcePrefix)), m_foreground(0x33, 0x3a, 0x45), m_disabled(0xa0, 0xa6, 0xb0),
      m_accent(0x3d, 0x6f, 0xe0), m_checked(0x3d, 0x6f, 0xe0) {}

void IconSet::setColors(const QColor& foreground, const QColor& disabled, const QColor& accent, const QColor& checked) {
  m_foreground = foreground;
  m_disabled = disabled;
  m_accent = accent;
  m_checked = checked;
  m_cache.clear();
}

QIcon IconSet::icon(const QString& name) const {
  if (auto it = m_cache.constFind(name); it != m_cache.constEnd()) return *it;
  QFile f(m_prefix + u'/' + name + QStringLiteral(".svg"));
  if (!f.open(QIODevice::ReadOnly)) return {};
  QIcon icon(new TintedSvgEngine(f.readAll(), m_foreground, m_disabled, m_accent, m_checked));
  m_cache.insert(name, icon);
  return icon;
}

QPainterPath IconSet::parsePath(const QString& data) {
  QPainterPath path;
  PathLexer lex(data);
  QChar cmd;
  QPointF start;
  while (!lex.atEnd()) {
    if (lex.nextIsCommand()) cmd = lex.command();
    else if (cmd.isNull()) break;
    const bool rel = cmd.isLower();
    const QPointF cur = path.currentPosition();
    const QPointF base = rel ? cur : QPointF(0, 0);
    qreal v[7];
    auto read = [&](int n) {
      for (int i = 0; i < n; ++i)
        if (!lex.number(v[i])) return false;
      return true;
    };
    switch (cmd.toUpper().unicode()) {
      case 'M':
        if (!read(2)) return path;
        path.moveTo(base + QPointF(v[0], v[1]));
        start = path.currentPosition();
        cmd = rel ? QChar(u'l') : QChar(u'L');  // following pairs are line-tos
        break;
      case 'L':
        if (!read(2)) return path;
        path.lineTo(base + QPointF(v[0], v[1]));
        break;
      case 'H':
        if (!read(1)) return path;
        path.lineTo((rel ? cur.x() : 0) + v[0], cur.y());
        break;
      case 'V':
        if (!read(1)) return path;
        path.lineTo(cur.x(), (rel ? cur.y() : 0) + v[0]);
        break;
      case 'C':
        if (!read(6)) return path;
        path.cubicTo(base + QPointF(v[0], v[1]), base + QPointF(v[2], v[3]), base + QPointF(v[4], v[5]));
        break;
      case 'Q':
        if (!read(4)) return path;
        path.quadTo(base + QPointF(v[0], v[1]), base + QPointF(v[2], v[3]));
        break;
      case 'A':
        if (!read(7)) return path;
        arcTo(path, v[0], v[1], v[3] != 0, v[4] != 0, base + QPointF(v[5], v[6]));
        break;
      case 'Z':
        path.closeSubpath();
        path.moveTo(start);
        cmd = QChar();
        break;
      default:
        return path;  // unsupported command: keep what we have
    }
  }
  return path;
}

QPixmap IconSet::render(const QByteArray& svg, int size, qreal dpr, const QColor& current, const QColor& accent) {
  const int px = std::max(1, qRound(size * dpr));
  QPixmap pm(px, px);
  pm.fill(Qt::transparent);
  pm.setDevicePixelRatio(dpr);
  QPainter p(&pm);
  p.setRenderHint(QPainter::Antialiasing);
  QXmlStreamReader xml(svg);
  QList<Style> stack;
  while (!xml.atEnd()) {
    xml.readNext();
    if (xml.isEndElement() && !stack.isEmpty()) {
      stack.removeLast();
      continue;
    }
    if (!xml.isStartElement()) continue;
    Style s = stack.isEmpty() ? Style{} : stack.last();
    const auto a = xml.attributes();
    applyAttributes(a, s);
    stack.append(s);
    const auto name = xml.name();
    auto num = [&](const char* attr) { return a.value(QLatin1String(attr)).toDouble(); };
    QPainterPath shape;
    if (name == u"svg") {
      const auto vb = a.value(QLatin1String("viewBox")).toString().split(u' ', Qt::SkipEmptyParts);
      const qreal w = vb.size() == 4 ? vb[2].toDouble() : 24;
      p.scale(size / w, size / w);
      continue;
    } else if (name == u"path") {
      shape = parsePath(a.value(QLatin1String("d")).toString());
    } else if (name == u"circle") {
      shape.addEllipse(QPointF(num("cx"), num("cy")), num("r"), num("r"));
    } else if (name == u"rect") {
      shape.addRoundedRect(QRectF(num("x"), num("y"), num("width"), num("height")), num("rx"), num("rx"));
    } else if (name == u"line") {
      shape.moveTo(num("x1"), num("y1"));
      shape.lineTo(num("x2"), num("y2"));
    } else {
      continue;
    }
    drawShape(p, shape, s, current, accent);
  }
  return pm;
}
