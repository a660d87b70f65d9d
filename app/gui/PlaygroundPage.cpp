// PlaygroundPage (see header).
#include "PlaygroundPage.h"

#include "ChartAdapter.h"
#include "PageHeader.h"
#include "TokenView.h"
#include "WorkerTypes.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

PlaygroundPage::PlaygroundPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("playgroundPage"));
  auto* v = new QVBoxLayout(this);
  v->setContentsMargins(24, 20, 24, 16);
  v->setSpacing(12);

  m_title = new QLabel(this);
  m_subtitle = new QLabel(this);
  auto* header = makePageHeader(m_title, m_subtitle);
  m_modelLabel = new QLabel(this);
  m_model = new QComboBox(this);
  m_model->setObjectName(QStringLiteral("playgroundModel"));
  m_model->setMinimumWidth(240);
  m_model->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  m_modeLabel = new QLabel(this);
  m_mode = new QComboBox(this);
  m_mode->setObjectName(QStringLiteral("playgroundMode"));
  m_mode->addItem(QString(), QStringLiteral("chat"));
  m_mode->addItem(QString(), QStringLiteral("raw"));
  for (QWidget* w : std::initializer_list<QWidget*>{m_modelLabel, m_model, m_modeLabel, m_mode}) header->addWidget(w, 0, Qt::AlignBottom);
  v->addLayout(header);

  m_notice = new QLabel(this);
  m_notice->setObjectName(QStringLiteral("cardBadge"));
  m_notice->setWordWrap(true);
  m_notice->hide();
  v->addWidget(m_notice);

  auto* split = new QSplitter(Qt::Horizontal, this);
  split->setChildrenCollapsible(false);

  // Centre: transcript over token view, prompt at the bottom.
  auto* centre = new QWidget(split);
  auto* cv = new QVBoxLayout(centre);
  cv->setContentsMargins(0, 0, 0, 0);
  cv->setSpacing(8);
  auto* vsplit = new QSplitter(Qt::Vertical, centre);
  vsplit->setChildrenCollapsible(false);
  m_transcript = new QTextBrowser(vsplit);
  m_transcript->setObjectName(QStringLiteral("chatTranscript"));
  m_transcript->setOpenLinks(false);
  m_transcript->setMinimumHeight(160);
  auto* tokenBox = new QWidget(vsplit);
  auto* tb = new QVBoxLayout(tokenBox);
  tb->setContentsMargins(0, 0, 0, 0);
  tb->setSpacing(4);
  auto* tokenHeader = new QHBoxLayout;
  m_tokensTitle = new QLabel(tokenBox);
  m_tokensTitle->setObjectName(QStringLiteral("sectionTitle"));
  m_tokensTitle->setWordWrap(true);
  m_shade = new QCheckBox(tokenBox);
  m_shade->setChecked(true);
  m_showSpecial = new QCheckBox(tokenBox);
  m_showSpecial->setObjectName(QStringLiteral("showSpecialTokens"));
  m_showSpecial->setChecked(false);  // raw <|...|> tokens are noise to most readers
  tokenHeader->addWidget(m_tokensTitle, 1);
  tokenHeader->addWidget(m_showSpecial);
  tokenHeader->addWidget(m_shade);
  m_tokens = new TokenView(tokenBox);
  m_tokens->setMinimumHeight(90);
  tb->addLayout(tokenHeader);
  tb->addWidget(m_tokens, 1);
  vsplit->addWidget(m_transcript);
  vsplit->addWidget(tokenBox);
  vsplit->setStretchFactor(0, 3);
  vsplit->setStretchFactor(1, 2);
  cv->addWidget(vsplit, 1);

  auto* input = new QHBoxLayout;
  input->setSpacing(8);
  m_prompt = new QPlainTextEdit(centre);
  m_prompt->setObjectName(QStringLiteral("promptEdit"));
  m_prompt->setFixedHeight(84);
  m_prompt->installEventFilter(this);
  auto* buttons = new QVBoxLayout;
  m_send = new QPushButton(centre);
  m_send->setObjectName(QStringLiteral("primaryButton"));
  m_stop = new QPushButton(centre);
  m_stop->setObjectName(QStringLiteral("stopButton"));
  m_stop->setEnabled(false);
  buttons->addWidget(m_send);
  buttons->addWidget(m_stop);
  buttons->addStretch(1);
  input->addWidget(m_prompt, 1);
  input->addLayout(buttons);
  cv->addLayout(input);
  m_hint = new QLabel(centre);
  m_hint->setObjectName(QStringLiteral("hintLabel"));
  cv->addWidget(m_hint);

  split->addWidget(centre);
  split->addWidget(buildSidePanel());
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 0);
  split->setSizes({860, 340});
  v->addWidget(split, 1);

  connect(m_send, &QPushButton::clicked, this, &PlaygroundPage::sendRequested);
  connect(m_stop, &QPushButton::clicked, this, &PlaygroundPage::stopRequested);
  connect(m_greedy, &QCheckBox::toggled, this, &PlaygroundPage::updateSamplingEnabled);
  connect(m_shade, &QCheckBox::toggled, m_tokens, &TokenView::setShadeByProbability);
  connect(m_showSpecial, &QCheckBox::toggled, this, &PlaygroundPage::showSpecialChanged);
  connect(m_mode, &QComboBox::currentIndexChanged, this, [this] { m_systemGroup->setEnabled(chatMode()); });
  retranslateUi();
  setStats({}, {}, {}, {}, {});
}

QWidget* PlaygroundPage::buildSidePanel() {
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumWidth(330);
  scroll->setMaximumWidth(420);
  auto* host = new QWidget;
  auto* v = new QVBoxLayout(host);
  v->setContentsMargins(0, 0, 6, 0);
  v->setSpacing(10);

  m_statsGroup = new QGroupBox(host);
  auto* sv = new QVBoxLayout(m_statsGroup);
  m_tps = new QLabel(QStringLiteral("—"), m_statsGroup);
  m_tps->setObjectName(QStringLiteral("statValue"));
  m_tps->setProperty("dswData", true);
  QFont big = m_tps->font();
  big.setPointSizeF(big.pointSizeF() * 2.0);
  big.setWeight(QFont::DemiBold);
  m_tps->setFont(big);
  m_tpsCaption = new QLabel(m_statsGroup);
  m_tpsCaption->setObjectName(QStringLiteral("statLabel"));
  m_tpsCaption->setWordWrap(true);
  sv->addWidget(m_tps);
  sv->addWidget(m_tpsCaption);
  auto* grid = new QFormLayout;
  grid->setHorizontalSpacing(12);
  grid->setVerticalSpacing(4);
  for (int i = 0; i < 4; ++i) {
    m_statNames[i] = new QLabel(m_statsGroup);
    m_statNames[i]->setObjectName(QStringLiteral("statLabel"));
    m_statValues[i] = new QLabel(m_statsGroup);
    grid->addRow(m_statNames[i], m_statValues[i]);
  }
  sv->addLayout(grid);
  m_chart = new LineSeriesChart(m_statsGroup);
  m_chart->widget()->setMinimumHeight(110);
  m_chart->widget()->setMinimumWidth(0);
  sv->addWidget(m_chart->widget());
  v->addWidget(m_statsGroup);

  m_samplingGroup = new QGroupBox(host);
  auto* form = new QFormLayout(m_samplingGroup);
  form->setLabelAlignment(Qt::AlignLeft);
  form->setVerticalSpacing(6);
  const GenerationRequest defaults = GenerationRequest::defaults();
  m_greedy = new QCheckBox(m_samplingGroup);
  m_greedy->setChecked(defaults.greedy);
  m_temperatureLabel = new QLabel(m_samplingGroup);
  m_temperature = new QDoubleSpinBox(m_samplingGroup);
  m_temperature->setRange(0.0, 5.0);
  m_temperature->setSingleStep(0.05);
  m_temperature->setValue(defaults.temperature);
  m_topKLabel = new QLabel(m_samplingGroup);
  m_topK = new QSpinBox(m_samplingGroup);
  m_topK->setRange(0, 100000);
  m_topK->setValue(defaults.topK);
  m_topPLabel = new QLabel(m_samplingGroup);
  m_topP = new QDoubleSpinBox(m_samplingGroup);
  m_topP->setRange(0.0, 1.0);
  m_topP->setSingleStep(0.01);
  m_topP->setValue(defaults.topP);
  m_minPLabel = new QLabel(m_samplingGroup);
  m_minP = new QDoubleSpinBox(m_samplingGroup);
  m_minP->setRange(0.0, 1.0);
  m_minP->setSingleStep(0.01);
  m_minP->setValue(defaults.minP);
  m_repetitionLabel = new QLabel(m_samplingGroup);
  m_repetition = new QDoubleSpinBox(m_samplingGroup);
  m_repetition->setRange(0.5, 3.0);
  m_repetition->setSingleStep(0.05);
  m_repetition->setValue(defaults.repetitionPenalty);
  m_maxTokensLabel = new QLabel(m_samplingGroup);
  m_maxTokens = new QSpinBox(m_samplingGroup);
  m_maxTokens->setRange(1, 32768);
  m_maxTokens->setValue(defaults.maxTokens);
  m_seedLabel = new QLabel(m_samplingGroup);
  m_seed = new QSpinBox(m_samplingGroup);
  m_seed->setRange(0, INT_MAX);
  form->addRow(m_greedy);
  form->addRow(m_temperatureLabel, m_temperature);
  form->addRow(m_topKLabel, m_topK);
  form->addRow(m_topPLabel, m_topP);
  form->addRow(m_minPLabel, m_minP);
  form->addRow(m_repetitionLabel, m_repetition);
  form->addRow(m_maxTokensLabel, m_maxTokens);
  form->addRow(m_seedLabel, m_seed);
  v->addWidget(m_samplingGroup);

  m_systemGroup = new QGroupBox(host);
  auto* sys = new QVBoxLayout(m_systemGroup);
  m_system = new QPlainTextEdit(m_systemGroup);
  m_system->setObjectName(QStringLiteral("systemEdit"));
  m_system->setFixedHeight(64);
  sys->addWidget(m_system);
  v->addWidget(m_systemGroup);

  m_conversationGroup = new QGroupBox(host);
  auto* conv = new QHBoxLayout(m_conversationGroup);
  m_copy = new QPushButton(m_conversationGroup);
  m_export = new QPushButton(m_conversationGroup);
  m_clear = new QPushButton(m_conversationGroup);
  conv->addWidget(m_copy);
  conv->addWidget(m_export);
  conv->addWidget(m_clear);
  v->addWidget(m_conversationGroup);
  v->addStretch(1);
  scroll->setWidget(host);
  return scroll;
}

bool PlaygroundPage::chatMode() const { return m_mode->currentData().toString() == u"chat"; }

void PlaygroundPage::setBusy(bool shownGenerating, bool anyGenerating) {
  m_send->setEnabled(!anyGenerating && m_model->count() > 0);
  m_stop->setEnabled(shownGenerating);
  m_mode->setEnabled(!shownGenerating);
  m_clear->setEnabled(!shownGenerating);
}

PlaygroundSettings PlaygroundPage::settings() const {
  PlaygroundSettings s;
  s.chat = chatMode();
  s.greedy = m_greedy->isChecked();
  s.temperature = m_temperature->value();
  s.topK = m_topK->value();
  s.topP = m_topP->value();
  s.minP = m_minP->value();
  s.repetitionPenalty = m_repetition->value();
  s.maxTokens = m_maxTokens->value();
  s.seed = m_seed->value();
  s.system = m_system->toPlainText();
  s.draft = m_prompt->toPlainText();
  return s;
}

void PlaygroundPage::setSettings(const PlaygroundSettings& s) {
  m_mode->setCurrentIndex(m_mode->findData(s.chat ? QStringLiteral("chat") : QStringLiteral("raw")));
  m_greedy->setChecked(s.greedy);
  m_temperature->setValue(s.temperature);
  m_topK->setValue(s.topK);
  m_topP->setValue(s.topP);
  m_minP->setValue(s.minP);
  m_repetition->setValue(s.repetitionPenalty);
  m_maxTokens->setValue(s.maxTokens);
  m_seed->setValue(s.seed);
  if (m_system->toPlainText() != s.system) m_system->setPlainText(s.system);
  if (m_prompt->toPlainText() != s.draft) m_prompt->setPlainText(s.draft);
  updateSamplingEnabled();
}

void PlaygroundPage::setStats(const QString& tps, const QString& firstToken, const QString& promptTokens, const QString& generated,
                              const QString& reason) {
  auto dash = [](const QString& s) { return s.isEmpty() ? QStringLiteral("—") : s; };
  m_tps->setText(dash(tps));
  m_statValues[0]->setText(dash(firstToken));
  m_statValues[1]->setText(dash(promptTokens));
  m_statValues[2]->setText(dash(generated));
  m_statValues[3]->setText(dash(reason));
}

void PlaygroundPage::setNotice(const QString& text) {
  m_notice->setText(text);
  m_notice->setVisible(!text.isEmpty());
}

void PlaygroundPage::setIcons(const QIcon& send, const QIcon& stop, const QIcon& copy, const QIcon& exportIcon, const QIcon& clear) {
  m_send->setIcon(send);
  m_stop->setIcon(stop);
  m_copy->setIcon(copy);
  m_export->setIcon(exportIcon);
  m_clear->setIcon(clear);
}

void PlaygroundPage::updateSamplingEnabled() {
  const bool sampling = !m_greedy->isChecked();
  for (QWidget* w : std::initializer_list<QWidget*>{m_temperature, m_topK, m_topP, m_minP, m_seed}) w->setEnabled(sampling);
}

bool PlaygroundPage::eventFilter(QObject* watched, QEvent* event) {
  // Ctrl+Enter sends; plain Enter makes a new line (prompts are often several lines).
  if (watched == m_prompt && event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
      if (m_send->isEnabled()) emit sendRequested();
      return true;
    }
  }
  return QWidget::eventFilter(watched, event);
}

void PlaygroundPage::retranslateUi() {
  m_title->setText(tr("Playground"));
  m_subtitle->setText(tr("Chat with a model or let it continue a text, and see what it considered at every token."));
  m_modelLabel->setText(tr("Model"));
  m_modeLabel->setText(tr("Mode"));
  m_mode->setItemText(0, tr("Chat"));
  m_mode->setItemText(1, tr("Completion"));
  m_mode->setToolTip(tr("Chat formats the conversation with the model's chat template; Completion continues your text as is."));
  m_tokensTitle->setText(tr("TOKENS OF THE LAST REPLY — hover a token for its probability and the top 5 alternatives"));
  m_shade->setText(tr("Shade by probability"));
  m_showSpecial->setText(tr("Show special tokens"));
  m_showSpecial->setToolTip(tr("Show raw special tokens such as <|place_holder_no_508|> in the transcript and the token view."));
  m_prompt->setPlaceholderText(tr("Type a message…"));
  m_send->setText(tr("Send"));
  m_stop->setText(tr("Stop"));
  m_stop->setToolTip(tr("Stop generating; the text so far is kept."));
  m_hint->setText(tr("Ctrl+Enter sends. Generation runs in the background; the window stays responsive."));
  m_statsGroup->setTitle(tr("Speed"));
  m_tpsCaption->setText(tr("tokens per second (decode, averaged since the first token)"));
  m_statNames[0]->setText(tr("First token"));
  m_statNames[1]->setText(tr("Prompt"));
  m_statNames[2]->setText(tr("Generated"));
  m_statNames[3]->setText(tr("Stopped by"));
  m_chart->setAxisLabels(tr("tokens"), tr("tokens/s"));
  m_samplingGroup->setTitle(tr("Sampling"));
  m_greedy->setText(tr("Greedy decoding"));
  m_greedy->setToolTip(tr("Always take the most likely token; the sampling settings below are then ignored."));
  m_temperatureLabel->setText(tr("Temperature"));
  m_topKLabel->setText(tr("Top-k"));
  m_topK->setSpecialValueText(tr("off"));
  m_topPLabel->setText(tr("Top-p"));
  m_minPLabel->setText(tr("Min-p"));
  m_repetitionLabel->setText(tr("Repetition penalty"));
  m_maxTokensLabel->setText(tr("Max new tokens"));
  m_seedLabel->setText(tr("Seed"));
  m_seed->setSpecialValueText(tr("random"));
  m_systemGroup->setTitle(tr("System prompt"));
  m_system->setPlaceholderText(tr("Optional instructions for the assistant"));
  m_conversationGroup->setTitle(tr("Conversation"));
  m_copy->setText(tr("Copy"));
  m_copy->setToolTip(tr("Copy the conversation as text"));
  m_export->setText(tr("Export…"));
  m_export->setToolTip(tr("Save the conversation as JSON or Markdown"));
  m_clear->setText(tr("Clear"));
  m_clear->setToolTip(tr("Start a new conversation"));
  emit retranslated();
}

void PlaygroundPage::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}
