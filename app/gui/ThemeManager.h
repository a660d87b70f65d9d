// ThemeManager: light and dark themes from one stylesheet with a palette block, plus the icon set
// and chart colours that follow the theme.
//
// resources/style/workbench.qss starts with a "@palette ... @end" comment naming each colour for
// each theme; apply() substitutes the active theme's colours into the rules, installs the sheet and
// a matching QPalette (so custom-painted views such as the token view read the same colours),
// re-tints the icons and emits themeChanged so views rebuild their icons and charts.
// Threading: GUI thread only.
#pragma once

#include "ChartAdapter.h"
#include "IconSet.h"

#include <QColor>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

class QApplication;

class ThemeManager : public QObject {
  Q_OBJECT
 public:
  explicit ThemeManager(QObject* parent = nullptr, QString stylesheetPath = QStringLiteral(":/style/workbench.qss"));

  static QStringList themes() { return {QStringLiteral("light"), QStringLiteral("dark")}; }
  // Installs `theme` ("light" or "dark") on the application; false when unknown or unreadable.
  bool apply(const QString& theme);
  QString currentTheme() const { return m_theme; }

  QColor color(const QString& name) const { return m_colors.value(name); }
  const IconSet& icons() const { return m_icons; }
  QIcon icon(const QString& name) const { return m_icons.icon(name); }
  ChartTheme chartTheme() const;

  // "theme.name = #rrggbb" lines between @palette and @end -> theme -> name -> colour.
  static QHash<QString, QHash<QString, QColor>> parsePalette(const QString& sheet);
  // The sheet's rules with @names replaced by `colors` (longest names first).
  static QString substitute(const QString& sheet, const QHash<QString, QColor>& colors);

 signals:
  void themeChanged(const QString& theme);

 private:
  void writeArrows();

  QString m_path;
  QTemporaryDir m_arrows;  // arrow images the stylesheet refers to
  QString m_theme;
  QHash<QString, QColor> m_colors;
  IconSet m_icons;
};
