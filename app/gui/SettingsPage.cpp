// SettingsPage (see header).
#include "SettingsPage.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
QFormLayout* form(QGroupBox* box) {
  auto* f = new QFormLayout(box);
  f->setHorizontalSpacing(18);
  f->setVerticalSpacing(10);
  f->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  f->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
  return f;
}
// A value (version, path): a read-only line that looks like a label. Unlike a QLabel it can be
// narrower than its text without collapsing (a long path scrolls within it), and it stays
// selectable for copying. The full text is also its tooltip.
QLineEdit* dataLabel(QWidget* parent) {
  auto* l = new QLineEdit(parent);
  l->setObjectName(QStringLiteral("valueField"));
  l->setProperty("dswData", true);
  l->setReadOnly(true);
  l->setFrame(false);
  l->setFocusPolicy(Qt::ClickFocus);
  l->setMinimumWidth(180);
  l->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  return l;
}

void setValue(QLineEdit* field, const QString& text) {
  field->setText(text);
  field->setToolTip(text);
  field->setCursorPosition(0);  // the start of a long path, not its end
}
}  // namespace

SettingsPage::SettingsPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("settingsPage"));
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(24, 20, 24, 16);
  outer->setSpacing(14);
  m_title = new QLabel(this);
  m_title->setObjectName(QStringLiteral("pageTitle"));
  m_subtitle = new QLabel(this);
  m_subtitle->setObjectName(QStringLiteral("pageSubtitle"));
  outer->addWidget(m_title);
  outer->addWidget(m_subtitle);

  auto* column = new QVBoxLayout;
  column->setSpacing(14);
  m_appearance = new QGroupBox(this);
  auto* fa = form(m_appearance);
  m_languageLabel = new QLabel(m_appearance);
  m_language = new QComboBox(m_appearance);
  m_language->setObjectName(QStringLiteral("languageBox"));
  m_themeLabel = new QLabel(m_appearance);
  m_theme = new QComboBox(m_appearance);
  m_theme->setObjectName(QStringLiteral("themeBox"));
  m_theme->addItem(QString(), QStringLiteral("light"));
  m_theme->addItem(QString(), QStringLiteral("dark"));
  fa->addRow(m_languageLabel, m_language);
  fa->addRow(m_themeLabel, m_theme);
  column->addWidget(m_appearance);

  m_engine = new QGroupBox(this);
  auto* fe = form(m_engine);
  m_deviceLabel = new QLabel(m_engine);
  m_device = new QComboBox(m_engine);
  m_device->setObjectName(QStringLiteral("defaultDeviceBox"));
  m_threadsLabel = new QLabel(m_engine);
  m_threads = new QSpinBox(m_engine);
  m_threads->setRange(0, 1024);
  m_engineHint = new QLabel(m_engine);
  m_engineHint->setObjectName(QStringLiteral("hintLabel"));
  m_engineHint->setWordWrap(true);
  fe->addRow(m_deviceLabel, m_device);
  fe->addRow(m_threadsLabel, m_threads);
  fe->addRow(m_engineHint);
  column->addWidget(m_engine);

  m_data = new QGroupBox(this);
  auto* fd = form(m_data);
  m_dataDirLabel = new QLabel(m_data);
  auto* dirRow = new QHBoxLayout;
  m_dataDir = new QLineEdit(m_data);
  m_dataDir->setObjectName(QStringLiteral("dataDirEdit"));
  m_browse = new QPushButton(m_data);
  dirRow->addWidget(m_dataDir, 1);
  dirRow->addWidget(m_browse);
  m_dataHint = new QLabel(m_data);
  m_dataHint->setObjectName(QStringLiteral("hintLabel"));
  m_dataHint->setWordWrap(true);
  m_dbInUseLabel = new QLabel(m_data);
  m_dbInUse = dataLabel(m_data);
  fd->addRow(m_dataDirLabel, dirRow);
  fd->addRow(m_dataHint);
  fd->addRow(m_dbInUseLabel, m_dbInUse);
  column->addWidget(m_data);

  m_about = new QGroupBox(this);
  auto* fb = form(m_about);
  m_versionLabel = new QLabel(m_about);
  m_version = dataLabel(m_about);
  m_settingsFileLabel = new QLabel(m_about);
  m_settingsFile = dataLabel(m_about);
  fb->addRow(m_versionLabel, m_version);
  fb->addRow(m_settingsFileLabel, m_settingsFile);
  column->addWidget(m_about);
  column->addStretch(1);

  // A readable measure: settings do not need the full window width.
  // It scrolls when the window is short (1280x720 with the log open) instead of squeezing fields.
  auto* scroll = new QScrollArea(this);
  scroll->setObjectName(QStringLiteral("settingsScroll"));
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* content = new QWidget(scroll);
  content->setObjectName(QStringLiteral("settingsContent"));
  auto* row = new QHBoxLayout(content);
  row->setContentsMargins(0, 0, 0, 0);
  auto* holder = new QWidget(content);
  holder->setLayout(column);
  holder->setMaximumWidth(760);
  row->addWidget(holder, 1);
  row->addStretch(0);
  scroll->setWidget(content);
  outer->addWidget(scroll, 1);
  retranslateUi();
}

void SettingsPage::setDatabaseInUse(const QString& path) { setValue(m_dbInUse, path); }

void SettingsPage::setAbout(const QString& version, const QString& settingsFile) {
  setValue(m_version, version);
  setValue(m_settingsFile, settingsFile);
}

void SettingsPage::retranslateUi() {
  m_title->setText(tr("Settings"));
  m_subtitle->setText(tr("Preferences are saved as you change them."));
  m_appearance->setTitle(tr("Appearance"));
  m_languageLabel->setText(tr("Language"));
  m_language->setToolTip(tr("Switches at once; no restart needed."));
  m_themeLabel->setText(tr("Theme"));
  m_theme->setItemText(0, tr("Light"));
  m_theme->setItemText(1, tr("Dark"));
  m_engine->setTitle(tr("Engine"));
  m_deviceLabel->setText(tr("Default device"));
  m_threadsLabel->setText(tr("CPU threads"));
  m_threads->setSpecialValueText(tr("Auto"));
  m_engineHint->setText(tr("Used when opening models. Auto uses every core but one, so the window stays responsive."));
  m_data->setTitle(tr("Data"));
  m_dataDirLabel->setText(tr("Data directory"));
  m_browse->setText(tr("Browse…"));
  m_dataHint->setText(tr("The job history database (shared with dsw-cli) lives here. A change applies at the next start; "
                         "dsw --db PATH overrides it for one run."));
  m_dbInUseLabel->setText(tr("Database in use"));
  m_about->setTitle(tr("About"));
  m_versionLabel->setText(tr("Version"));
  m_settingsFileLabel->setText(tr("Settings file"));
  emit retranslated();
}

void SettingsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
