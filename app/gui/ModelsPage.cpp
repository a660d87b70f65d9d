// ModelsPage (see header).
#include "ModelsPage.h"

#include "FilterableTableView.h"
#include "KeyValueCard.h"
#include "PageHeader.h"

#include <QComboBox>
#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>

ModelsPage::ModelsPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("modelsPage"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(24, 20, 24, 16);
  v->setSpacing(14);

  // Header: title on the left; device choice and open buttons on the right.
  m_title = new QLabel(this);
  m_subtitle = new QLabel(this);
  auto* header = makePageHeader(m_title, m_subtitle);
  m_deviceLabel = new QLabel(this);
  m_device = new QComboBox(this);
  m_device->setObjectName(QStringLiteral("deviceBox"));
  m_device->setMinimumWidth(190);
  m_threadsLabel = new QLabel(this);
  m_threads = new QSpinBox(this);
  m_threads->setObjectName(QStringLiteral("threadsBox"));
  m_threads->setRange(0, 1024);
  m_openFolder = new QPushButton(this);
  m_openFolder->setObjectName(QStringLiteral("primaryButton"));
  m_openFile = new QPushButton(this);
  for (QWidget* w : std::initializer_list<QWidget*>{m_deviceLabel, m_device, m_threadsLabel, m_threads})
    header->addWidget(w, 0, Qt::AlignBottom);
  header->addSpacing(12);
  header->addWidget(m_openFile, 0, Qt::AlignBottom);
  header->addWidget(m_openFolder, 0, Qt::AlignBottom);
  v->addLayout(header);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->setChildrenCollapsible(false);

  // Left: open models and the recent list.
  auto* left = new QWidget(split);
  auto* lv = new QVBoxLayout(left);
  lv->setContentsMargins(0, 0, 0, 0);
  lv->setSpacing(6);
  m_openTitle = new QLabel(left);
  m_openTitle->setObjectName(QStringLiteral("sectionTitle"));
  m_openList = new QListWidget(left);
  m_openList->setObjectName(QStringLiteral("openModelsList"));
  m_openList->setProperty("dswData", true);  // model names, architectures, devices
  m_openList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  m_openList->setWordWrap(true);
  m_openList->setTextElideMode(Qt::ElideRight);
  m_openList->setIconSize(QSize(22, 22));
  m_close = new QPushButton(left);
  m_close->setEnabled(false);
  m_recentTitle = new QLabel(left);
  m_recentTitle->setObjectName(QStringLiteral("sectionTitle"));
  m_recentList = new QListWidget(left);
  m_recentList->setObjectName(QStringLiteral("recentModelsList"));
  m_recentList->setProperty("dswData", true);  // paths
  m_recentList->setTextElideMode(Qt::ElideMiddle);
  m_recentList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  lv->addWidget(m_openTitle);
  lv->addWidget(m_openList, 2);
  lv->addWidget(m_close);
  lv->addSpacing(8);
  lv->addWidget(m_recentTitle);
  lv->addWidget(m_recentList, 1);
  left->setMinimumWidth(220);

  // Right: empty state or the card and tensor browser.
  m_stack = new QStackedWidget(split);
  auto* empty = new QWidget(m_stack);
  empty->setObjectName(QStringLiteral("dropHint"));
  empty->setAttribute(Qt::WA_StyledBackground);
  auto* ev = new QVBoxLayout(empty);
  ev->addStretch(1);
  m_emptyTitle = new QLabel(empty);
  m_emptyTitle->setObjectName(QStringLiteral("emptyTitle"));
  m_emptyTitle->setAlignment(Qt::AlignCenter);
  m_emptyText = new QLabel(empty);
  m_emptyText->setObjectName(QStringLiteral("emptyState"));
  m_emptyText->setAlignment(Qt::AlignCenter);
  m_emptyText->setWordWrap(true);
  auto* eb = new QHBoxLayout;
  m_emptyOpenFolder = new QPushButton(empty);
  m_emptyOpenFolder->setObjectName(QStringLiteral("primaryButton"));
  m_emptyOpenFile = new QPushButton(empty);
  eb->addStretch(1);
  eb->addWidget(m_emptyOpenFile);
  eb->addWidget(m_emptyOpenFolder);
  eb->addStretch(1);
  ev->addWidget(m_emptyTitle);
  ev->addWidget(m_emptyText);
  ev->addSpacing(10);
  ev->addLayout(eb);
  ev->addStretch(2);
  m_stack->addWidget(empty);

  m_tabs = new QTabWidget(m_stack);
  m_tabs->setObjectName(QStringLiteral("modelTabs"));
  m_tabs->setDocumentMode(false);
  auto* cardPage = new QWidget;
  auto* cv = new QVBoxLayout(cardPage);
  cv->setContentsMargins(0, 0, 0, 10);
  m_card = new KeyValueCard(cardPage);
  auto* actions = new QHBoxLayout;
  actions->setContentsMargins(20, 0, 20, 0);
  m_hash = new QPushButton(cardPage);
  m_hash->setObjectName(QStringLiteral("hashButton"));
  m_chat = new QPushButton(cardPage);
  m_chat->setObjectName(QStringLiteral("primaryButton"));
  actions->addWidget(m_hash);
  m_adapter = new QPushButton(cardPage);
  m_adapter->setObjectName(QStringLiteral("loadAdapterButton"));
  actions->addWidget(m_adapter);
  actions->addStretch(1);
  actions->addWidget(m_chat);
  // First run: the bundled model is a demonstration; this says how to open a real one.
  m_hintBox = new QFrame(cardPage);
  m_hintBox->setObjectName(QStringLiteral("firstRunHint"));
  m_hintBox->setAttribute(Qt::WA_StyledBackground);
  auto* hv = new QVBoxLayout(m_hintBox);
  hv->setContentsMargins(14, 10, 14, 10);
  hv->setSpacing(6);
  m_hintTitle = new QLabel(m_hintBox);
  m_hintTitle->setObjectName(QStringLiteral("sectionTitle"));
  m_hintText = new QLabel(m_hintBox);
  m_hintText->setWordWrap(true);
  auto* hb = new QHBoxLayout;
  m_hintOpenFile = new QPushButton(m_hintBox);
  m_hintOpenFolder = new QPushButton(m_hintBox);
  hb->addWidget(m_hintOpenFile);
  hb->addWidget(m_hintOpenFolder);
  hb->addStretch(1);
  hv->addWidget(m_hintTitle);
  hv->addWidget(m_hintText);
  hv->addLayout(hb);
  m_hintBox->hide();
  auto* hintRow = new QHBoxLayout;
  hintRow->setContentsMargins(20, 0, 20, 8);
  hintRow->addWidget(m_hintBox);
  cv->addWidget(m_card, 1);
  cv->addLayout(hintRow);
  cv->addLayout(actions);
  m_tabs->addTab(cardPage, QString());
  auto* tensorPage = new QWidget;
  auto* tv = new QVBoxLayout(tensorPage);
  tv->setContentsMargins(12, 12, 12, 12);
  m_tensors = new FilterableTableView(tensorPage);
  m_tensors->setObjectName(QStringLiteral("tensorBrowser"));
  tv->addWidget(m_tensors);
  m_tabs->addTab(tensorPage, QString());
  m_stack->addWidget(m_tabs);

  split->addWidget(left);
  split->addWidget(m_stack);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({250, 900});
  v->addWidget(split, 1);

  connect(m_openFolder, &QPushButton::clicked, this, &ModelsPage::openFolderRequested);
  connect(m_emptyOpenFolder, &QPushButton::clicked, this, &ModelsPage::openFolderRequested);
  connect(m_openFile, &QPushButton::clicked, this, &ModelsPage::openFileRequested);
  connect(m_emptyOpenFile, &QPushButton::clicked, this, &ModelsPage::openFileRequested);
  connect(m_hintOpenFile, &QPushButton::clicked, this, &ModelsPage::openFileRequested);
  connect(m_hintOpenFolder, &QPushButton::clicked, this, &ModelsPage::openFolderRequested);
  retranslateUi();
}

void ModelsPage::setHasModels(bool any) { m_stack->setCurrentIndex(any ? 1 : 0); }

void ModelsPage::setFirstRunHintVisible(bool visible) { m_hintBox->setVisible(visible); }

void ModelsPage::setIcons(const QIcon& open, const QIcon& hash, const QIcon& chat, const QIcon& close) {
  m_openFile->setIcon(open);
  m_emptyOpenFile->setIcon(open);
  m_hintOpenFile->setIcon(open);
  m_hash->setIcon(hash);
  m_chat->setIcon(chat);
  m_close->setIcon(close);
}

void ModelsPage::retranslateUi() {
  m_title->setText(tr("Models"));
  m_subtitle->setText(tr("Open checkpoints, read their card and tensors, and choose where they run."));
  m_deviceLabel->setText(tr("Run on"));
  m_threadsLabel->setText(tr("Threads"));
  m_threads->setSpecialValueText(tr("Auto"));
  m_threads->setToolTip(tr("CPU threads for new models; Auto leaves one core to the interface."));
  m_openFolder->setText(tr("Open folder…"));
  m_openFolder->setToolTip(tr("Open a Hugging Face model folder (config.json and safetensors)."));
  m_openFile->setText(tr("Open file…"));
  m_openFile->setToolTip(tr("Open a .safetensors, .gguf or llama2.c .bin file."));
  m_openTitle->setText(tr("OPEN MODELS"));
  m_close->setText(tr("Close model"));
  m_recentTitle->setText(tr("RECENT"));
  m_recentList->setToolTip(tr("Double-click to open again."));
  m_emptyTitle->setText(tr("No model open"));
  m_emptyText->setText(tr("Drop a model folder, a .safetensors, .gguf or llama2.c .bin file here,\nor open one from disk."));
  m_emptyOpenFolder->setText(tr("Open folder…"));
  m_emptyOpenFile->setText(tr("Open file…"));
  m_tabs->setTabText(0, tr("Model card"));
  m_tabs->setTabText(1, tr("Tensors"));
  m_hash->setText(tr("Compute SHA-256"));
  m_hash->setToolTip(tr("Hash every weight file as a job you can follow and cancel in Jobs."));
  m_chat->setText(tr("Chat with this model"));
  m_hintTitle->setText(tr("OPEN A REAL MODEL"));
  m_hintText->setText(tr("This bundled model only demonstrates the workbench. Open a real checkpoint with Open file… (a .safetensors, "
                         ".gguf or llama2.c .bin file) or Open folder… (a Hugging Face folder with config.json), or drop it "
                         "anywhere on this window. Several models can be open at once."));
  m_hintOpenFile->setText(tr("Open file…"));
  m_hintOpenFolder->setText(tr("Open folder…"));
  m_adapter->setText(tr("Load adapter…"));
  m_adapter->setToolTip(tr("Open a PEFT LoRA adapter folder onto this model, beside it; the card shows which modules it adapts."));
  emit retranslated();
}

void ModelsPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
