// SettingsController (see header).
#include "SettingsController.h"

#include "AppSettings.h"
#include "LanguageSwitcher.h"
#include "SettingsPage.h"
#include "ThemeManager.h"

#include <QComboBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

SettingsController::SettingsController(AppSettings& settings, LanguageSwitcher& language, ThemeManager& theme, QWidget* dialogParent,
                                       QObject* parent)
    : QObject(parent), m_settings(settings), m_language(language), m_theme(theme), m_dialogParent(dialogParent), m_page(new SettingsPage) {
  for (const auto& [code, name] : LanguageSwitcher::languages()) m_page->languageBox()->addItem(name, code);
  m_page->deviceBox()->addItem(tr("CPU"), QStringLiteral("cpu"));
  syncFromSettings();

  connect(m_page->languageBox(), &QComboBox::currentIndexChanged, this,
          [this] { setLanguage(m_page->languageBox()->currentData().toString()); });
  connect(m_page->themeBox(), &QComboBox::currentIndexChanged, this, [this] { setTheme(m_page->themeBox()->currentData().toString()); });
  connect(m_page->deviceBox(), &QComboBox::currentIndexChanged, this, [this] {
    m_settings.setDefaultDevice(m_page->deviceBox()->currentData().toString());
    emit defaultDeviceChanged(m_settings.defaultDevice(), m_settings.threads());
  });
  connect(m_page->threadsBox(), &QSpinBox::valueChanged, this, [this](int n) {
    m_settings.setThreads(n);
    emit defaultDeviceChanged(m_settings.defaultDevice(), n);
  });
  connect(m_page->dataDirEdit(), &QLineEdit::editingFinished, this,
          [this] { m_settings.setDataDirectory(m_page->dataDirEdit()->text().trimmed()); });
  connect(m_page->browseButton(), &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(m_dialogParent, tr("Choose the data directory"), m_settings.dataDirectory());
    if (dir.isEmpty()) return;
    m_page->dataDirEdit()->setText(dir);
    m_settings.setDataDirectory(dir);
  });
  connect(m_page, &SettingsPage::retranslated, this, [this] { m_page->deviceBox()->setItemText(0, tr("CPU")); });
}

void SettingsController::syncFromSettings() {
  const QSignalBlocker b1(m_page->languageBox()), b2(m_page->themeBox()), b3(m_page->threadsBox());
  m_page->languageBox()->setCurrentIndex(std::max(0, m_page->languageBox()->findData(m_language.language())));
  m_page->themeBox()->setCurrentIndex(std::max(0, m_page->themeBox()->findData(m_theme.currentTheme())));
  m_page->threadsBox()->setValue(m_settings.threads());
  m_page->dataDirEdit()->setText(m_settings.dataDirectory());
}

void SettingsController::setAbout(const QString& version) { m_page->setAbout(version, m_settings.fileName()); }
void SettingsController::setDatabaseInUse(const QString& path) { m_page->setDatabaseInUse(path); }

bool SettingsController::setLanguage(const QString& code) {
  if (!m_language.setLanguage(code)) return false;
  m_settings.setLanguage(code);
  syncFromSettings();
  return true;
}

bool SettingsController::setTheme(const QString& theme) {
  if (!m_theme.apply(theme)) return false;
  m_settings.setTheme(theme);
  syncFromSettings();
  return true;
}

void SettingsController::onDevicesProbed(const QVector<DeviceInfo>& devices, const QString& note) {
  QComboBox* box = m_page->deviceBox();
  const QSignalBlocker block(box);
  box->clear();
  box->addItem(tr("CPU"), QStringLiteral("cpu"));
  for (const auto& d : devices)
    if (d.choice.cuda) box->addItem(QStringLiteral("%1 (%2)").arg(d.name, d.choice.spec()), d.choice.spec());
  box->setToolTip(note);
  box->setCurrentIndex(std::max(0, box->findData(m_settings.defaultDevice())));
}
