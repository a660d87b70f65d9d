// SvgPaintDevice and its paint engine (see header).
#include "SvgPaintDevice.h"

#include <QBuffer>
#include <QImage>
#include <QPaintEngine>
#include <QPainterPath>
#include <QPixmap>
#include <QTextItem>

namespace {

QString color(const QColor& c) { return c.name(QColor::HexRgb); }

QString num(qreal v) { return QString::number(v, 'g', 6); }

QString escape(const QString& s) { return s.toHtmlEscaped(); }

QColor brushColor(const QBrush& b) {
  if (b.style() == Qt::NoBrush) return QColor();
  if (const QGradient* g = b.gradient(); g && !g->stops().isEmpty()) return g->stops().first().second;
  return b.color();
}

}  // namespace

class SvgPaintEngine : public QPaintEngine {
 public:
  SvgPaintEngine() : QPaintEngine(QPaintEngine::AllFeatures) {}

  bool begin(QPaintDevice*) override {
    m_body.clear();
    m_defs.clear();
    m_clips = 0;
    m_clipId.clear();
    return true;
  }
  bool end() override { return true; }
  Type type() const override { return QPaintEngine::User; }

  void updateState(const QPaintEngineState& s) override {
    const auto flags = s.state();
    if (flags & DirtyPen) m_pen = s.pen();
    if (flags & DirtyBrush) m_brush = s.brush();
    if (flags & DirtyTransform) m_transform = s.transform();
    if (flags & DirtyFont) m_font = s.font();
    if (flags & (DirtyClipPath | DirtyClipRegion | DirtyClipEnabled)) {
      QRectF clip;
      bool on = s.isClipEnabled() && s.clipOperation() != Qt::NoClip;
      if (on) {
        if (flags & DirtyClipPath) clip = s.transform().map(s.clipPath()).boundingRect();
        else if (flags & DirtyClipRegion) clip = s.transform().map(s.clipRegion()).boundingRect();
        else clip = m_clipRect;
        on = !clip.isEmpty();
      }
      if (!on) {
        m_clipId.clear();
      } else if (clip != m_clipRect || m_clipId.isEmpty()) {
        m_clipId = QStringLiteral("c%1").arg(++m_clips);
        m_defs += QStringLiteral("<clipPath id=\"%1\"><rect x=\"%2\" y=\"%3\" width=\"%4\" height=\"%5\"/></clipPath>\n")
                      .arg(m_clipId, num(clip.x()), num(clip.y()), num(clip.width()), num(clip.height()));
      }
      m_clipRect = on ? clip : QRectF();
    }
  }

  void drawPath(const QPainterPath& path) override {
    const QPainterPath p = m_transform.map(path);
    QString d;
    for (int i = 0; i < p.elementCount(); ++i) {
      const QPainterPath::Element e = p.elementAt(i);
      if (e.isMoveTo()) {
        d += QStringLiteral("M%1 %2 ").arg(num(e.x), num(e.y));
      } else if (e.isLineTo()) {
        d += QStringLiteral("L%1 %2 ").arg(num(e.x), num(e.y));
      } else if (e.isCurveTo() && i + 2 < p.elementCount()) {
        const auto c2 = p.elementAt(i + 1), end = p.elementAt(i + 2);
        d += QStringLiteral("C%1 %2 %3 %4 %5 %6 ").arg(num(e.x), num(e.y), num(c2.x), num(c2.y), num(end.x), num(end.y));
        i += 2;
      }
    }
    if (d.isEmpty()) return;
    const bool closedFill = m_brush.style() != Qt::NoBrush;
    emitElement(QStringLiteral("<path d=\"%1\" %2/>").arg(d.trimmed(), paintAttributes(closedFill, path.fillRule())));
  }

  void drawPolygon(const QPointF* points, int count, PolygonDrawMode mode) override {
    if (count < 2) return;
    QPainterPath path;
    path.moveTo(points[0]);
    for (int i = 1; i < count; ++i) path.lineTo(points[i]);
    if (mode != PolylineMode) path.closeSubpath();
    const QBrush saved = m_brush;
    if (mode == PolylineMode) m_brush = Qt::NoBrush;
    path.setFillRule(mode == WindingMode ? Qt::WindingFill : Qt::OddEvenFill);
    drawPath(path);
    m_brush = saved;
  }
  void drawPolygon(const QPoint* points, int count, PolygonDrawMode mode) override {
    QVector<QPointF> f;
    for (int i = 0; i < count; ++i) f.append(points[i]);
    drawPolygon(f.constData(), count, mode);
  }

  void drawPixmap(const QRectF& r, const QPixmap& pm, const QRectF& sr) override { drawImage(r, pm.toImage(), sr, Qt::AutoColor); }

  void drawImage(const QRectF& r, const QImage& image, const QRectF& sr, Qt::ImageConversionFlags) override {
    const QImage part = sr.toRect() == image.rect() ? image : image.copy(sr.toRect());
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    part.save(&buffer, "PNG");
    const QTransform& t = m_transform;
    emitElement(QStringLiteral("<image x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" transform=\"matrix(%5 %6 %7 %8 %9 %10)\" "
                               "preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" "
                               "href=\"data:image/png;base64,%11\"/>")
                    .arg(num(r.x()), num(r.y()), num(r.width()), num(r.height()), num(t.m11()), num(t.m12()), num(t.m21()),
                         num(t.m22()), num(t.dx()))
                    .arg(num(t.dy()), QString::fromLatin1(bytes.toBase64())));
  }

  void drawTextItem(const QPointF& p, const QTextItem& item) override {
    const QFont f = item.font();
    const qreal size = f.pixelSize() > 0 ? f.pixelSize() : f.pointSizeF() * 96.0 / 72.0;
    const QTransform& t = m_transform;
    emitElement(QStringLiteral("<text x=\"%1\" y=\"%2\" transform=\"matrix(%3 %4 %5 %6 %7 %8)\" font-family=\"%9\" "
                               "font-size=\"%10\" font-weight=\"%11\" fill=\"%12\" xml:space=\"preserve\">%13</text>")
                    .arg(num(p.x()), num(p.y()), num(t.m11()), num(t.m12()), num(t.m21()), num(t.m22()), num(t.dx()), num(t.dy()),
                         escape(f.family()))
                    .arg(num(size), f.bold() ? QStringLiteral("bold") : QStringLiteral("normal"), color(m_pen.color()),
                         escape(item.text())));
  }

  QString document(int w, int h) const {
    return QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\">\n"
                          "<defs>\n%3</defs>\n%4</svg>\n")
        .arg(w)
        .arg(h)
        .arg(m_defs, m_body);
  }

 private:
  QString paintAttributes(bool fill, Qt::FillRule rule) const {
    QString a;
    const QColor fc = brushColor(m_brush);
    if (fill && fc.isValid() && fc.alpha() > 0) {
      a += QStringLiteral("fill=\"%1\"").arg(color(fc));
      if (fc.alpha() < 255) a += QStringLiteral(" fill-opacity=\"%1\"").arg(num(fc.alphaF()));
      if (rule == Qt::OddEvenFill) a += QStringLiteral(" fill-rule=\"evenodd\"");
    } else {
      a += QStringLiteral("fill=\"none\"");
    }
    if (m_pen.style() != Qt::NoPen && m_pen.color().alpha() > 0) {
      const qreal scale = m_pen.isCosmetic() ? 1.0 : std::sqrt(std::abs(m_transform.determinant()));
      a += QStringLiteral(" stroke=\"%1\" stroke-width=\"%2\"").arg(color(m_pen.color()), num(std::max<qreal>(m_pen.widthF(), 1.0) * scale));
      if (m_pen.color().alpha() < 255) a += QStringLiteral(" stroke-opacity=\"%1\"").arg(num(m_pen.color().alphaF()));
      if (m_pen.style() == Qt::DotLine) a += QStringLiteral(" stroke-dasharray=\"1 2\"");
      else if (m_pen.style() == Qt::DashLine) a += QStringLiteral(" stroke-dasharray=\"4 2\"");
    }
    return a;
  }

  void emitElement(const QString& element) {
    if (m_clipId.isEmpty()) m_body += element + u'\n';
    else m_body += QStringLiteral("<g clip-path=\"url(#%1)\">%2</g>\n").arg(m_clipId, element);
  }

  QPen m_pen;
  QBrush m_brush;
  QTransform m_transform;
  QFont m_font;
  QRectF m_clipRect;
  QString m_clipId, m_body, m_defs;
  int m_clips = 0;
};

SvgPaintDevice::SvgPaintDevice(int width, int height) : m_width(width), m_height(height), m_engine(std::make_unique<SvgPaintEngine>()) {}

SvgPaintDevice::~SvgPaintDevice() = default;

QPaintEngine* SvgPaintDevice::paintEngine() const { return m_engine.get(); }

QString SvgPaintDevice::svg() const { return m_engine->document(m_width, m_height); }

int SvgPaintDevice::metric(PaintDeviceMetric m) const {
  switch (m) {
    case PdmWidth: return m_width;
    case PdmHeight: return m_height;
    case PdmWidthMM: return int(m_width * 25.4 / 96.0);
    case PdmHeightMM: return int(m_height * 25.4 / 96.0);
    case PdmNumColors: return 0x7fffffff;
    case PdmDepth: return 32;
    case PdmDpiX:
    case PdmDpiY:
    case PdmPhysicalDpiX:
    case PdmPhysicalDpiY: return 96;
    case PdmDevicePixelRatio: return 1;
    case PdmDevicePixelRatioScaled: return int(QPaintDevice::devicePixelRatioFScale());
    default: return 0;
  }
}
