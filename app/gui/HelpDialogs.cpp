// HelpDialogs (see header).
#include "HelpDialogs.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

AboutDialog::AboutDialog(const QString& version, const QString& database, const QString& settingsFile, QWidget* parent)
    : QDialog(parent), m_version(version), m_database(database), m_settingsFile(settingsFile), m_text(new QLabel(this)) {
  setObjectName(QStringLiteral("aboutDialog"));
  setAttribute(Qt::WA_DeleteOnClose);
  auto* v = new QVBoxLayout(this);
  m_text->setTextFormat(Qt::RichText);
  m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_text->setWordWrap(true);
  m_text->setMinimumWidth(420);
  v->addWidget(m_text);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
  v->addWidget(buttons);
  retranslateUi();
}

void AboutDialog::retranslateUi() {
  setWindowTitle(tr("About DeepSeek Workbench"));
  m_text->setText(QStringLiteral("<h3>%1</h3><p>%2</p><table><tr><td>%3&nbsp;</td><td>%4</td></tr><tr><td>%5&nbsp;</td><td>%6</td></tr>"
                                 "<tr><td>%7&nbsp;</td><td>%8</td></tr></table>")
                      .arg(tr("DeepSeek Workbench"), tr("Open, chat with, inspect and benchmark DeepSeek-family language models."),
                           tr("Version"), m_version.toHtmlEscaped(), tr("Database in use"), m_database.toHtmlEscaped(), tr("Settings file"),
                           m_settingsFile.toHtmlEscaped()));
}

void AboutDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDialog::changeEvent(event);
}

QString DocumentationDialog::documentationRoot() {
  QStringList candidates;
  if (const QString env = qEnvironmentVariable("DSW_DOC_DIR"); !env.isEmpty()) candidates << env;
  candidates << QDir(QApplication::applicationDirPath()).filePath(QStringLiteral("../share/doc/deepseek-workbench"));
#ifdef DSW_SOURCE_DIR
  candidates << QStringLiteral(DSW_SOURCE_DIR);
#endif
  for (const QString& c : candidates)
    if (QFileInfo::exists(QDir(c).filePath(QStringLiteral("README.md")))) return QDir(c).canonicalPath();
  return {};
}

DocumentationDialog::DocumentationDialog(QWidget* parent) : QDialog(parent), m_browser(new QTextBrowser(this)), m_root(documentationRoot()) {
  setObjectName(QStringLiteral("documentationDialog"));
  setAttribute(Qt::WA_DeleteOnClose);
  resize(900, 700);
  auto* v = new QVBoxLayout(this);
  m_browser->setObjectName(QStringLiteral("documentationBrowser"));
  m_browser->setOpenExternalLinks(true);  // links out of the docs go to the browser
  v->addWidget(m_browser);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
  v->addWidget(buttons);
  if (!m_root.isEmpty()) {
    m_browser->setSearchPaths({m_root});
    m_browser->setSource(QUrl::fromLocalFile(QDir(m_root).filePath(QStringLiteral("README.md"))), QTextDocument::MarkdownResource);
  }
  retranslateUi();
}

void DocumentationDialog::retranslateUi() {
  setWindowTitle(tr("DeepSeek Workbench documentation"));
  if (m_root.isEmpty())
    m_browser->setPlainText(tr("The documentation files were not found. They are installed in share/doc/deepseek-workbench "
                               "(README.md and docs/); dsw --help lists the command-line options."));
}

void DocumentationDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDialog::changeEvent(event);
}
