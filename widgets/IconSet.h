// IconSet: the workbench's line icons, drawn from the small SVG files in resources/icons/ and
// tinted for the current theme.
//
// One resource set serves both themes (as PlotJuggler does): icons are drawn with "currentColor"
// strokes and re-rendered in the theme's foreground and accent colours, so a dark theme needs no
// second set of files. Qt's SVG module is not a dependency of the project, so this class renders the
// subset of SVG our icons use (path with M/L/H/V/C/Q/A/Z, circle, rect, line; stroke and fill
// attributes inherited from the root element) with QPainter.
//
// Threading: GUI thread only (QPixmap).
#pragma once

#include <QColor>
#include <QHash>
#include <QIcon>
#include <QPainterPath>
#include <QString>

class IconSet {
 public:
  // `resourcePrefix` is where the SVG files live, e.g. ":/icons".
  explicit IconSet(QString resourcePrefix = QStringLiteral(":/icons"));

  // Colours substituted for "currentColor" (normal / disabled / checked states) and "accent".
  void setColors(const QColor& foreground, const QColor& disabled, const QColor& accent, const QColor& checked);

  // The icon `name` (file name without ".svg"); a null icon when the file is missing or unreadable.
  QIcon icon(const QString& name) const;

  // Renders one SVG document into a pixmap of `size` device-independent pixels. Exposed for tests.
  static QPixmap render(const QByteArray& svg, int size, qreal dpr, const QColor& current, const QColor& accent);
  // Parses SVG path data ("M3 4 L5 6 Z"); invalid data yields the path parsed so far.
  static QPainterPath parsePath(const QString& data);

 private:
  QString m_prefix;
  QColor m_foreground, m_disabled, m_accent, m_checked;
  mutable QHash<QString, QIcon> m_cache;
};
