// ThemeManager (see header).
#include "ThemeManager.h"

#include <QApplication>
#include <QFile>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QPalette>
#include <QRegularExpression>

ThemeManager::ThemeManager(QObject* parent, QString stylesheetPath) : QObject(parent), m_path(std::move(stylesheetPath)) {}

QHash<QString, QHash<QString, QColor>> ThemeManager::parsePalette(const QString& sheet) {
  QHash<QString, QHash<QString, QColor>> out;
  const qsizetype begin = sheet.indexOf(QStringLiteral("@palette"));
  const qsizetype end = sheet.indexOf(QStringLiteral("@end"), begin);
  if (begin < 0 || end < 0) return out;
  static const QRegularExpression line(QStringLiteral(R"((\w+)\.(\w+)\s*=\s*(#[0-9a-fA-F]{6}))"));
  auto it = line.globalMatch(sheet.mid(begin, end - begin));
  while (it.hasNext()) {
    const auto m = it.next();
    out[m.captured(1)][m.captured(2)] = QColor(m.captured(3));
  }
  return out;
}

QString ThemeManager::substitute(const QString& sheet, const QHash<QString, QColor>& colors) {
  QStringList names = colors.keys();
  // "@accentHover" must be replaced before "@accent".
  std::sort(names.begin(), names.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
  // Rules only: everything after the comment that holds the palette block.
  const qsizetype close = sheet.indexOf(QStringLiteral("*/"), sheet.indexOf(QStringLiteral("@end")));
  QString out = close < 0 ? sheet : sheet.mid(close + 2);
  for (const auto& n : names) out.replace(u'@' + n, colors.value(n).name());
  return out;
}

bool ThemeManager::apply(const QString& theme) {
  QFile f(m_path);
  if (!f.open(QIODevice::ReadOnly)) return false;
  const QString sheet = QString::fromUtf8(f.readAll());
  const auto palettes = parsePalette(sheet);
  if (!palettes.contains(theme)) return false;
  m_theme = theme;
  m_colors = palettes.value(theme);

  QPalette p;
  auto c = [&](const char* n) { return m_colors.value(QLatin1String(n)); };
  p.setColor(QPalette::Window, c("window"));
  p.setColor(QPalette::WindowText, c("text"));
  p.setColor(QPalette::Base, c("surface"));
  p.setColor(QPalette::AlternateBase, c("sunken"));
  p.setColor(QPalette::Text, c("text"));
  p.setColor(QPalette::Button, c("surface"));
  p.setColor(QPalette::ButtonText, c("text"));
  p.setColor(QPalette::Highlight, c("accent"));
  p.setColor(QPalette::HighlightedText, c("accentText"));
  p.setColor(QPalette::ToolTipBase, c("surface"));
  p.setColor(QPalette::ToolTipText, c("text"));
  p.setColor(QPalette::PlaceholderText, c("muted"));
  p.setColor(QPalette::Link, c("accent"));
  p.setColor(QPalette::Mid, c("border"));
  p.setColor(QPalette::Midlight, c("sunken"));
  p.setColor(QPalette::Dark, c("border"));
  p.setColor(QPalette::Light, c("surface"));
  for (auto role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, c("muted"));
  qApp->setPalette(p);
  writeArrows();
  QString rules = substitute(sheet, m_colors);
  for (const char* name : {"arrowDownDisabled", "arrowUpDisabled", "arrowDown", "arrowUp"})
    rules.replace(u'@' + QLatin1String(name), m_arrows.filePath(QLatin1String(name) + QStringLiteral(".png")));
  qApp->setStyleSheet(rules);
  m_icons.setColors(c("text"), c("muted"), c("accent"), c("accent"));
  emit themeChanged(theme);
  return true;
}

void ThemeManager::writeArrows() {
  // 2x pixmaps of a small chevron, drawn in the theme's colours.
  auto draw = [this](const QString& name, bool up, const QColor& color) {
    QPixmap pm(20, 20);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.moveTo(5, up ? 13 : 7);
    path.lineTo(10, up ? 8 : 12);
    path.lineTo(15, up ? 13 : 7);
    p.strokePath(path, QPen(color, 2.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.end();
    pm.save(m_arrows.filePath(name + QStringLiteral(".png")));
  };
  draw(QStringLiteral("arrowDown"), false, color(QStringLiteral("muted")));
  draw(QStringLiteral("arrowUp"), true, color(QStringLiteral("muted")));
  draw(QStringLiteral("arrowDownDisabled"), false, color(QStringLiteral("border")));
  draw(QStringLiteral("arrowUpDisabled"), true, color(QStringLiteral("border")));
}

ChartTheme ThemeManager::chartTheme() const {
  return ChartTheme{color(QStringLiteral("surface")), color(QStringLiteral("muted")), color(QStringLiteral("border")),
                    color(QStringLiteral("accent"))};
}
