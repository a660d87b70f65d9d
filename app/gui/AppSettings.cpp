// AppSettings (see header).
#include "AppSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace {
constexpr int kMaxRecent = 10;
}

namespace {
QString defaultSettingsFile() {
  return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/DeepSeek Workbench/dsw.ini");
}
}  // namespace

AppSettings::AppSettings(const QString& file) : m_settings(file.isEmpty() ? defaultSettingsFile() : file, QSettings::IniFormat) {}

QString AppSettings::language() const { return m_settings.value(QStringLiteral("ui/language"), QStringLiteral("en")).toString(); }
void AppSettings::setLanguage(const QString& code) { m_settings.setValue(QStringLiteral("ui/language"), code); }

QString AppSettings::theme() const { return m_settings.value(QStringLiteral("ui/theme"), QStringLiteral("light")).toString(); }
void AppSettings::setTheme(const QString& theme) { m_settings.setValue(QStringLiteral("ui/theme"), theme); }

QString AppSettings::defaultDevice() const { return m_settings.value(QStringLiteral("engine/device"), QStringLiteral("cpu")).toString(); }
void AppSettings::setDefaultDevice(const QString& spec) { m_settings.setValue(QStringLiteral("engine/device"), spec); }

int AppSettings::threads() const { return m_settings.value(QStringLiteral("engine/threads"), 0).toInt(); }
void AppSettings::setThreads(int n) { m_settings.setValue(QStringLiteral("engine/threads"), n); }

QString AppSettings::defaultDataDirectory() {
  // The same folder dsw-cli uses ($XDG_DATA_HOME/deepseek-workbench), so both share one store.
  QString base = qEnvironmentVariable("XDG_DATA_HOME");
  if (base.isEmpty()) base = QDir::homePath() + QStringLiteral("/.local/share");
  return base + QStringLiteral("/deepseek-workbench");
}

QString AppSettings::dataDirectory() const {
  const QString d = m_settings.value(QStringLiteral("engine/dataDirectory")).toString();
  return d.isEmpty() ? defaultDataDirectory() : d;
}
void AppSettings::setDataDirectory(const QString& dir) { m_settings.setValue(QStringLiteral("engine/dataDirectory"), dir); }

int AppSettings::logLevel() const { return m_settings.value(QStringLiteral("ui/logLevel"), 2).toInt(); }
void AppSettings::setLogLevel(int level) { m_settings.setValue(QStringLiteral("ui/logLevel"), level); }

QStringList AppSettings::recentModels() const { return m_settings.value(QStringLiteral("models/recent")).toStringList(); }

void AppSettings::addRecentModel(const QString& path) {
  QStringList list = recentModels();
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecent) list.removeLast();
  m_settings.setValue(QStringLiteral("models/recent"), list);
}

void AppSettings::removeRecentModel(const QString& path) {
  QStringList list = recentModels();
  list.removeAll(path);
  m_settings.setValue(QStringLiteral("models/recent"), list);
}

QString AppSettings::lastDirectory() const {
  const QString d = m_settings.value(QStringLiteral("ui/lastDirectory")).toString();
  return !d.isEmpty() && QFileInfo(d).isDir() ? d : QDir::homePath();
}
void AppSettings::setLastDirectory(const QString& dir) { m_settings.setValue(QStringLiteral("ui/lastDirectory"), dir); }

QByteArray AppSettings::windowGeometry() const { return m_settings.value(QStringLiteral("window/geometry")).toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray& g) { m_settings.setValue(QStringLiteral("window/geometry"), g); }
QByteArray AppSettings::windowState() const { return m_settings.value(QStringLiteral("window/state")).toByteArray(); }
void AppSettings::setWindowState(const QByteArray& s) { m_settings.setValue(QStringLiteral("window/state"), s); }
