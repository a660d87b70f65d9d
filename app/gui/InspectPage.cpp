// InspectPage (see header).
#include "InspectPage.h"

#include "AttentionPanel.h"
#include "ComparePanel.h"
#include "DatasetPanel.h"
#include "PageHeader.h"
#include "RoutingPanel.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QAction>
#include <QFileInfo>
#include <QMenu>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

InspectPage::InspectPage(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_subtitle(new QLabel(this)), m_modelLabel(new QLabel(this)), m_modelA(new QComboBox(this)),
      m_browseA(new QPushButton(this)), m_compareLabel(new QLabel(this)), m_modelB(new QComboBox(this)), m_browseB(new QPushButton(this)),
      m_adapterA(new QToolButton(this)), m_adapterB(new QToolButton(this)),
      m_prompt(new QPlainTextEdit(this)), m_promptFile(new QPushButton(this)), m_run(new QPushButton(this)), m_cancel(new QPushButton(this)),
      m_progress(new QLabel(this)), m_status(new QLabel(this)), m_reportNote(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_attention(new AttentionPanel(this)), m_routing(new RoutingPanel(this)), m_compare(new ComparePanel(this)),
      m_dataset(new DatasetPanel(this)) {
  setObjectName(QStringLiteral("inspectPage"));
  m_modelA->setObjectName(QStringLiteral("inspectModel"));
  m_modelB->setObjectName(QStringLiteral("inspectCompareWith"));
  m_prompt->setObjectName(QStringLiteral("inspectPrompt"));
  m_run->setObjectName(QStringLiteral("primaryButton"));
  m_cancel->setObjectName(QStringLiteral("stopButton"));
  m_tabs->setObjectName(QStringLiteral("inspectTabs"));
  for (QComboBox* c : {m_modelA, m_modelB}) {
    c->setProperty("dswData", true);  // model paths
    c->setEditable(true);
    c->setInsertPolicy(QComboBox::NoInsert);
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(22);  // room for the Adapter… buttons at 1280 px
  }
  // Adapter buttons: attach a PEFT LoRA folder to that side (as Models' "Load adapter…"), or none.
  m_adapterA->setObjectName(QStringLiteral("inspectAdapter"));
  m_adapterB->setObjectName(QStringLiteral("inspectCompareAdapter"));
  for (QToolButton* b : {m_adapterA, m_adapterB}) {
    b->setPopupMode(QToolButton::MenuButtonPopup);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    b->setMenu(new QMenu(b));
  }
  m_attachA = m_adapterA->menu()->addAction(QString(), this, [this] { emit browseAdapterRequested(false); });
  m_detachA = m_adapterA->menu()->addAction(QString(), this, [this] { setAdapterA({}); });
  m_attachB = m_adapterB->menu()->addAction(QString(), this, [this] { emit browseAdapterRequested(true); });
  m_detachB = m_adapterB->menu()->addAction(QString(), this, [this] { setAdapterB({}); });
  connect(m_adapterA, &QToolButton::clicked, this, [this] { emit browseAdapterRequested(false); });
  connect(m_adapterB, &QToolButton::clicked, this, [this] { emit browseAdapterRequested(true); });
  // A ready model chosen from the list brings the adapter it has in the Models area.
  connect(m_modelA, &QComboBox::activated, this, [this](int i) { setAdapterA(m_modelA->itemData(i, Qt::UserRole + 1).toString()); });
  connect(m_modelB, &QComboBox::activated, this, [this](int i) { setAdapterB(m_modelB->itemData(i, Qt::UserRole + 1).toString()); });
  m_prompt->setMaximumHeight(56);
  m_prompt->setTabChangesFocus(true);
  m_progress->setProperty("dswData", true);
  m_status->setWordWrap(true);
  m_status->setProperty("dswData", true);  // results and the engine's diagnostics (named files, numbers)
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_reportNote->setProperty("dswData", true);
  m_cancel->setEnabled(false);

  auto* v = new QVBoxLayout(this);
  // Tight vertically: with every area in the rail the page must fit 1280x720 without squeezing.
  v->setContentsMargins(24, 12, 24, 8);
  v->setSpacing(4);
  auto* header = makePageHeader(m_title, m_subtitle);
  header->addWidget(m_reportNote, 0, Qt::AlignBottom);
  v->addLayout(header);

  auto* form = new QGridLayout;
  form->addWidget(m_modelLabel, 0, 0);
  form->addWidget(m_modelA, 0, 1);
  auto* browseA = new QHBoxLayout;
  browseA->addWidget(m_browseA);
  browseA->addWidget(m_adapterA);
  form->addLayout(browseA, 0, 2);
  form->addWidget(m_compareLabel, 0, 3);
  form->addWidget(m_modelB, 0, 4);
  auto* browseB = new QHBoxLayout;
  browseB->addWidget(m_browseB);
  browseB->addWidget(m_adapterB);
  form->addLayout(browseB, 0, 5);
  form->addWidget(m_prompt, 1, 0, 1, 5);
  auto* side = new QVBoxLayout;
  side->addWidget(m_promptFile);
  side->addWidget(m_run);
  side->addWidget(m_cancel);
  form->addLayout(side, 1, 5);
  form->setColumnStretch(1, 1);
  form->setColumnStretch(4, 1);
  v->addLayout(form);
  auto* line = new QHBoxLayout;
  line->addWidget(m_status, 1);
  line->addWidget(m_progress);
  v->addLayout(line);

  m_tabs->addTab(m_attention, QString());
  m_tabs->addTab(m_routing, QString());
  m_tabs->addTab(m_compare, QString());
  m_tabs->addTab(m_dataset, QString());
  v->addWidget(m_tabs, 1);

  connect(m_run, &QPushButton::clicked, this, &InspectPage::runRequested);
  connect(m_cancel, &QPushButton::clicked, this, &InspectPage::cancelRequested);
  connect(m_browseA, &QPushButton::clicked, this, [this] { emit browseModelRequested(false); });
  connect(m_browseB, &QPushButton::clicked, this, [this] { emit browseModelRequested(true); });
  connect(m_promptFile, &QPushButton::clicked, this, &InspectPage::promptFileRequested);
  retranslateUi();
}

void InspectPage::retranslateUi() {
  m_title->setText(tr("Inspect"));
  m_subtitle->setText(tr("What a model attends to and where its MoE layers send each token — and how two versions differ"));
  m_modelLabel->setText(tr("Model"));
  m_compareLabel->setText(tr("Compare with"));
  m_browseA->setText(tr("Browse…"));
  m_browseB->setText(tr("Browse…"));
  m_promptFile->setText(tr("Text file…"));
  m_run->setText(tr("Run"));
  m_cancel->setText(tr("Cancel"));
  m_prompt->setPlaceholderText(tr("A prompt to inspect (or read one from a text file)"));
  m_modelB->setItemText(0, tr("— none —"));
  m_tabs->setTabText(0, tr("Attention"));
  m_tabs->setTabText(1, tr("Routing"));
  m_tabs->setTabText(2, tr("Compare"));
  m_tabs->setTabText(3, tr("Data set"));
  m_run->setToolTip(tr("Runs the current tab's view: attention, routing, or the comparison with the second model"));
  for (QAction* a : {m_attachA, m_attachB}) a->setText(tr("Attach a PEFT adapter…"));
  for (QAction* a : {m_detachA, m_detachB}) a->setText(tr("No adapter"));
  showAdapter(false);
  showAdapter(true);
}

void InspectPage::showAdapter(bool compare) {
  QToolButton* b = compare ? m_adapterB : m_adapterA;
  const QString dir = compare ? m_adapterPathB : m_adapterPathA;
  (compare ? m_detachB : m_detachA)->setEnabled(!dir.isEmpty());
  if (dir.isEmpty()) {
    b->setText(tr("Adapter…"));
    b->setToolTip(tr("Attach a PEFT LoRA adapter folder to this model: attention and routing are then the adapted model's"));
    return;
  }
  QFileInfo f(dir);
  // <run>/adapter is named after its run, as in the Models area.
  const QString name = f.fileName() == u"adapter" ? QFileInfo(f.absolutePath()).fileName() : f.fileName();
  b->setText(tr("+ %1").arg(name));
  b->setToolTip(tr("Adapter attached: %1").arg(dir));
}

void InspectPage::setAdapterA(const QString& dir) {
  m_adapterPathA = dir.trimmed();
  showAdapter(false);
}

void InspectPage::setAdapterB(const QString& dir) {
  m_adapterPathB = dir.trimmed();
  showAdapter(true);
}

void InspectPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void InspectPage::setModels(const QStringList& paths, const QStringList& adapters) {
  const QString a = modelA(), b = modelB();
  m_modelA->clear();
  m_modelB->clear();
  m_modelB->addItem(tr("— none —"), QString());
  for (int i = 0; i < paths.size(); ++i) {
    const QString& p = paths[i];
    const QString adapter = adapters.value(i);
    // A ready model with an adapter is listed with the adapter's name (the path stays the text).
    m_modelA->addItem(p);
    m_modelA->setItemData(m_modelA->count() - 1, adapter, Qt::UserRole + 1);
    m_modelB->addItem(p, p);
    m_modelB->setItemData(m_modelB->count() - 1, adapter, Qt::UserRole + 1);
    if (!adapter.isEmpty()) {
      m_modelA->setItemData(m_modelA->count() - 1, tr("with adapter %1").arg(adapter), Qt::ToolTipRole);
      m_modelB->setItemData(m_modelB->count() - 1, tr("with adapter %1").arg(adapter), Qt::ToolTipRole);
    }
  }
  setModelA(a.isEmpty() ? paths.value(0) : a);
  setModelB(b);
}

QString InspectPage::modelA() const { return m_modelA->currentText().trimmed(); }

QString InspectPage::modelB() const {
  if (m_modelB->currentIndex() == 0 && m_modelB->currentText() == m_modelB->itemText(0)) return {};
  return m_modelB->currentText().trimmed();
}

void InspectPage::setModelA(const QString& path) {
  if (path.isEmpty()) return;
  if (m_modelA->findText(path) < 0) m_modelA->addItem(path);
  m_modelA->setCurrentText(path);
}

void InspectPage::setModelB(const QString& path) {
  if (path.isEmpty()) {
    m_modelB->setCurrentIndex(0);
    return;
  }
  if (m_modelB->findText(path) < 0) m_modelB->addItem(path, path);
  m_modelB->setCurrentIndex(m_modelB->findText(path));
}

QString InspectPage::prompt() const { return m_prompt->toPlainText(); }
void InspectPage::setPrompt(const QString& text) { m_prompt->setPlainText(text); }

void InspectPage::setRunning(bool running) {
  m_run->setEnabled(!running);
  m_cancel->setEnabled(running);
  m_dataset->setRunning(running);
  if (!running) m_progress->clear();
}

void InspectPage::setStatus(const QString& text, bool error) {
  m_status->setText(text);
  m_status->setProperty("error", error);
  m_status->setStyleSheet(error ? QStringLiteral("color: %1;").arg(m_errorColor.name()) : QString());
}

void InspectPage::setErrorColor(const QColor& color) { m_errorColor = color; }

void InspectPage::setProgress(const QString& text) { m_progress->setText(text); }
void InspectPage::setReportNote(const QString& text) { m_reportNote->setText(text); }

void InspectPage::setIcons(const QIcon& run, const QIcon& cancel, const QIcon& open) {
  m_run->setIcon(run);
  m_cancel->setIcon(cancel);
  m_browseA->setIcon(open);
  m_browseB->setIcon(open);
  m_promptFile->setIcon(open);
}
