// HelpDialogs: Help → About (version, database in use, settings file) and Help → Documentation
// (the README and the docs/ pages, rendered from the Markdown files shipped with the workbench,
// offline, with links between them).
//
// Both are non-modal windows owned by `parent` (one of each at a time); they re-word themselves on
// a language change. Threading: GUI thread only.
#pragma once

#include <QDialog>

class QLabel;
class QTextBrowser;

class AboutDialog : public QDialog {
  Q_OBJECT
 public:
  AboutDialog(const QString& version, const QString& database, const QString& settingsFile, QWidget* parent);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  QString m_version, m_database, m_settingsFile;
  QLabel* m_text;
};

class DocumentationDialog : public QDialog {
  Q_OBJECT
 public:
  explicit DocumentationDialog(QWidget* parent);
  QTextBrowser* browser() const { return m_browser; }
  // The folder holding README.md and docs/ (installed, or the source tree of a build), or empty.
  static QString documentationRoot();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  QTextBrowser* m_browser;
  QString m_root;
};
