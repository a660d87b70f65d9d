// LanguageSwitcher (see header).
#include "LanguageSwitcher.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

LanguageSwitcher::LanguageSwitcher(QObject* parent) : QObject(parent) {}

LanguageSwitcher::~LanguageSwitcher() {
  if (m_appInstalled) QCoreApplication::removeTranslator(&m_app);
  if (m_qtInstalled) QCoreApplication::removeTranslator(&m_qt);
}

QList<QPair<QString, QString>> LanguageSwitcher::languages() {
  return {{QStringLiteral("en"), QStringLiteral("English")}, {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
}

bool LanguageSwitcher::setLanguage(const QString& code) {
  bool known = false;
  for (const auto& [c, name] : languages()) known = known || c == code;
  if (!known) return false;
  if (code == m_language && m_appInstalled) return true;

  // Load first, so a missing file leaves the current language in place.
  QTranslator fresh;
  if (!fresh.load(QStringLiteral(":/i18n/dsw_%1.qm").arg(code))) return false;
  if (m_appInstalled) QCoreApplication::removeTranslator(&m_app);
  if (m_qtInstalled) QCoreApplication::removeTranslator(&m_qt);
  m_appInstalled = m_qtInstalled = false;
  if (m_app.load(QStringLiteral(":/i18n/dsw_%1.qm").arg(code))) m_appInstalled = QCoreApplication::installTranslator(&m_app);
  if (code != u"en" && m_qt.load(QStringLiteral("qt_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
    m_qtInstalled = QCoreApplication::installTranslator(&m_qt);
  QLocale::setDefault(QLocale(code));
  m_language = code;
  emit languageChanged(code);
  return true;
}
