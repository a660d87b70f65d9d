// SettingsPage: the Settings area — language (switched at once), theme, default device and
// threads, and the data directory that holds the job history shared with dsw-cli.
//
// A view only: SettingsController applies and stores the choices. Threading: GUI thread only.
#pragma once

#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

class SettingsPage : public QWidget {
  Q_OBJECT
 public:
  explicit SettingsPage(QWidget* parent = nullptr);

  QComboBox* languageBox() const { return m_language; }
  QComboBox* themeBox() const { return m_theme; }
  QComboBox* deviceBox() const { return m_device; }
  QSpinBox* threadsBox() const { return m_threads; }
  QLineEdit* dataDirEdit() const { return m_dataDir; }
  QPushButton* browseButton() const { return m_browse; }
  void setDatabaseInUse(const QString& path);
  void setAbout(const QString& version, const QString& settingsFile);

 public:
  // The About and data values (read-only, selectable, never narrower than their minimum).
  QLineEdit* versionField() const { return m_version; }
  QLineEdit* settingsFileField() const { return m_settingsFile; }
  QLineEdit* databaseField() const { return m_dbInUse; }

 signals:
  void retranslated();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();

  QLabel* m_title;
  QLabel* m_subtitle;
  QGroupBox* m_appearance;
  QLabel* m_languageLabel;
  QComboBox* m_language;
  QLabel* m_themeLabel;
  QComboBox* m_theme;
  QGroupBox* m_engine;
  QLabel* m_deviceLabel;
  QComboBox* m_device;
  QLabel* m_threadsLabel;
  QSpinBox* m_threads;
  QLabel* m_engineHint;
  QGroupBox* m_data;
  QLabel* m_dataDirLabel;
  QLineEdit* m_dataDir;
  QPushButton* m_browse;
  QLabel* m_dataHint;
  QLabel* m_dbInUseLabel;
  QLineEdit* m_dbInUse;
  QGroupBox* m_about;
  QLabel* m_versionLabel;
  QLineEdit* m_version;
  QLabel* m_settingsFileLabel;
  QLineEdit* m_settingsFile;
};
