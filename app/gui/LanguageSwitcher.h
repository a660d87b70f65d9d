// LanguageSwitcher: switches the interface language at run time by swapping QTranslators.
//
// Installing a translator makes Qt send QEvent::LanguageChange to every widget; each page and view
// handles it in changeEvent() with its retranslateUi(), so nothing needs restarting. Our strings
// come from :/i18n/dsw_<code>.qm (compiled from translations/dsw_<code>.ts by qt_add_translations);
// Qt's own (standard dialog buttons) from qtbase_<code>.qm when the system has it.
// Threading: GUI thread only.
#pragma once

#include <QList>
#include <QObject>
#include <QPair>
#include <QTranslator>

class LanguageSwitcher : public QObject {
  Q_OBJECT
 public:
  explicit LanguageSwitcher(QObject* parent = nullptr);
  ~LanguageSwitcher() override;

  // (code, name in that language): ("en", "English"), ("zh_CN", "简体中文").
  static QList<QPair<QString, QString>> languages();
  // False (and no change) for an unknown code or a missing translation file.
  bool setLanguage(const QString& code);
  QString language() const { return m_language; }

 signals:
  void languageChanged(const QString& code);

 private:
  QString m_language = QStringLiteral("en");
  QTranslator m_app;
  QTranslator m_qt;
  bool m_appInstalled = false, m_qtInstalled = false;
};
