// AppSettings: the workbench's persistent preferences (QSettings), typed.
//
// Language, theme, default device and threads, data directory, recent models, window geometry.
// The file is given to the constructor (tests use a temporary one; the app uses the platform's
// standard location), never a process-wide default. Threading: GUI thread only.
#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

class AppSettings {
 public:
  // `file` empty: the platform's default location for "DeepSeek Workbench/dsw".
  explicit AppSettings(const QString& file = {});

  QString language() const;  // "en" or "zh_CN"
  void setLanguage(const QString& code);
  QString theme() const;  // "light" or "dark"
  void setTheme(const QString& theme);
  QString defaultDevice() const;  // "cpu", "cuda:0"
  void setDefaultDevice(const QString& spec);
  int threads() const;  // 0: automatic
  void setThreads(int n);
  // Where the job database lives by default (the Store's default folder when unset).
  QString dataDirectory() const;
  void setDataDirectory(const QString& dir);
  static QString defaultDataDirectory();
  int logLevel() const;
  void setLogLevel(int level);

  QStringList recentModels() const;
  void addRecentModel(const QString& path);  // most recent first, at most 10
  void removeRecentModel(const QString& path);

  // The folder the last file dialog opened or saved in; the home folder until there is one (never
  // the working directory, which is wherever the workbench happened to be started).
  QString lastDirectory() const;
  void setLastDirectory(const QString& dir);

  QByteArray windowGeometry() const;
  void setWindowGeometry(const QByteArray& g);
  QByteArray windowState() const;
  void setWindowState(const QByteArray& s);

  QString fileName() const { return m_settings.fileName(); }
  void sync() { m_settings.sync(); }

 private:
  QSettings m_settings;
};
