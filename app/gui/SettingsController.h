// SettingsController: applies and remembers the Settings area's choices — language (swapped at run
// time through the LanguageSwitcher), theme (ThemeManager), default device and threads, data
// directory.
//
// Dependencies come through the constructor; nothing here is global. Threading: GUI thread only.
#pragma once

#include "WorkerTypes.h"

#include <QObject>

class AppSettings;
class LanguageSwitcher;
class SettingsPage;
class ThemeManager;

class SettingsController : public QObject {
  Q_OBJECT
 public:
  SettingsController(AppSettings& settings, LanguageSwitcher& language, ThemeManager& theme, QWidget* dialogParent,
                     QObject* parent = nullptr);

  SettingsPage* page() const { return m_page; }
  void setAbout(const QString& version);
  void setDatabaseInUse(const QString& path);

 public slots:
  bool setLanguage(const QString& code);
  bool setTheme(const QString& theme);
  void onDevicesProbed(const QVector<DeviceInfo>& devices, const QString& note);

 signals:
  void defaultDeviceChanged(const QString& spec, int threads);

 private:
  void syncFromSettings();

  AppSettings& m_settings;
  LanguageSwitcher& m_language;
  ThemeManager& m_theme;
  QWidget* m_dialogParent;
  SettingsPage* m_page;
};
