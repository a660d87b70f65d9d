// PlaygroundController (see header).
#include "PlaygroundController.h"

#include "ChartAdapter.h"
#include "Format.h"
#include "JobsController.h"
#include "ModelCard.h"
#include "ModelWorker.h"
#include "ModelsController.h"
#include "PlaygroundPage.h"
#include "ThemeManager.h"
#include "TokenStream.h"
#include "TokenView.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSpinBox>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTimer>

PlaygroundController::PlaygroundController(ModelsController& models, JobsController& jobs, ThemeManager& theme,
                                           QWidget* dialogParent, QObject* parent)
    : QObject(parent), m_models(models), m_jobs(jobs), m_theme(theme), m_dialogParent(dialogParent), m_page(new PlaygroundPage),
      m_drainTimer(new QTimer(this)) {
  m_drainTimer->setSingleShot(true);
  m_drainTimer->setInterval(kDrainIntervalMs);
  connect(m_drainTimer, &QTimer::timeout, this, &PlaygroundController::drain);
  connect(m_page, &PlaygroundPage::sendRequested, this, [this] { send(); });
  connect(m_page, &PlaygroundPage::stopRequested, this, &PlaygroundController::stop);
  connect(m_page->copyButton(), &QPushButton::clicked, this, &PlaygroundController::copyConversation);
  connect(m_page->clearButton(), &QPushButton::clicked, this, &PlaygroundController::clearConversation);
  connect(m_page->exportButton(), &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export the conversation"), QStringLiteral("conversation.md"),
                                                      tr("Markdown (*.md);;JSON (*.json)"));
    if (!path.isEmpty()) exportConversation(path);
  });
  connect(m_page->modelBox(), &QComboBox::currentIndexChanged, this, [this] { updateNotice(); });
  connect(m_page, &PlaygroundPage::retranslated, this, [this] {
    renderTranscript();
    updateNotice();
    if (!isGenerating() && m_lastStats.generatedTokens) onFinished(0, m_lastStats);  // re-word the figures
  });
  connect(&m_models, &ModelsController::modelReady, this, [this](int id) {
    connectWorker(id);
    refreshModels();
  });
  connect(&m_models, &ModelsController::modelClosed, this, [this](int id) {
    m_connected.remove(id);
    if (m_activeModel == id && m_activeJob) {
      m_jobs.fail(m_activeJob, QStringLiteral("cancelled"), tr("The model was closed."));
      m_activeJob = 0;
      m_activeModel = 0;
      m_page->setBusy(false);
    }
    refreshModels();
  });
  auto applyTheme = [this] {
    m_page->setIcons(m_theme.icon(QStringLiteral("send")), m_theme.icon(QStringLiteral("stop")), m_theme.icon(QStringLiteral("copy")),
                     m_theme.icon(QStringLiteral("export")), m_theme.icon(QStringLiteral("clear")));
    m_page->chart()->setTheme(m_theme.chartTheme());
    renderTranscript();
  };
  connect(&m_theme, &ThemeManager::themeChanged, this, applyTheme);
  applyTheme();
  refreshModels();
}

int PlaygroundController::currentModelId() const { return m_page->modelBox()->currentData().toInt(); }

void PlaygroundController::refreshModels() {
  QComboBox* box = m_page->modelBox();
  const int keep = currentModelId() ? currentModelId() : m_models.currentModelId();
  const QSignalBlocker block(box);
  box->clear();
  for (const OpenModel* m : m_models.readyModels())
    box->addItem(QStringLiteral("%1 · %2").arg(m->summary.name, ModelCard::architectureLabel(m->summary.architecture)), m->id);
  const int i = box->findData(keep);
  box->setCurrentIndex(i >= 0 ? i : box->count() - 1);
  m_page->setBusy(isGenerating());
  updateNotice();
}

void PlaygroundController::selectModel(int modelId) {
  const int i = m_page->modelBox()->findData(modelId);
  if (i >= 0 && !isGenerating()) m_page->modelBox()->setCurrentIndex(i);
}

void PlaygroundController::updateNotice() {
  const OpenModel* m = m_models.model(currentModelId());
  if (!m) m_page->setNotice(tr("Open a model in Models to start."));
  else if (m->summary.tokenizer.isEmpty()) m_page->setNotice(tr("This model has no tokenizer, so it cannot generate text."));
  else if (m->summary.untrained)
    m_page->setNotice(tr("%1 is an untrained demo model (random weights): expect noise, not answers — everything else works as with a real model.")
                          .arg(m->summary.name));
  else m_page->setNotice({});
  m_page->sendButton()->setEnabled(m && !m->summary.tokenizer.isEmpty() && !isGenerating());
}

void PlaygroundController::connectWorker(int modelId) {
  const OpenModel* m = m_models.model(modelId);
  if (!m || !m->worker || m_connected.contains(modelId)) return;
  m_connected.insert(modelId);
  ModelWorker* w = m->worker;
  connect(w, &ModelWorker::generationStarted, this, &PlaygroundController::onStarted);
  connect(w, &ModelWorker::tokensPending, this, &PlaygroundController::onTokensPending);
  connect(w, &ModelWorker::generationFinished, this, &PlaygroundController::onFinished);
  connect(w, &ModelWorker::failed, this, &PlaygroundController::onFailed);
}

bool PlaygroundController::send(const QString& given) {
  const OpenModel* m = m_models.model(currentModelId());
  if (isGenerating() || !m || !m->worker || m->summary.tokenizer.isEmpty()) return false;
  const QString text = given.isEmpty() ? m_page->promptEdit()->toPlainText() : given;
  const bool chat = m_page->chatMode();
  if (chat && text.trimmed().isEmpty()) return false;
  connectWorker(m->id);

  GenerationRequest r;
  r.chat = chat;
  r.maxTokens = m_page->maxTokensBox()->value();
  r.greedy = m_page->greedyBox()->isChecked();
  r.temperature = m_page->temperatureBox()->value();
  r.topK = m_page->topKBox()->value();
  r.topP = m_page->topPBox()->value();
  r.minP = m_page->minPBox()->value();
  r.repetitionPenalty = m_page->repetitionBox()->value();
  r.seed = quint64(m_page->seedBox()->value());
  if (m_rawMode != !chat) m_conversation.clear();  // switching modes starts afresh
  m_rawMode = !chat;
  if (chat) {
    m_conversation.append({QStringLiteral("user"), text});
    const QString system = m_page->systemEdit()->toPlainText().trimmed();
    if (!system.isEmpty()) r.messages.append({QStringLiteral("system"), system});
    r.messages += m_conversation;
  } else {
    m_conversation = {{QStringLiteral("user"), text}};  // a completion is stateless
    r.prompt = text;
  }
  m_lastUserText = text;
  m_page->promptEdit()->clear();

  QJsonObject params{{"mode", chat ? "chat" : "raw"}, {"max_tokens", r.maxTokens}, {"greedy", r.greedy}, {"temperature", r.temperature},
                     {"top_k", r.topK}, {"top_p", r.topP}, {"min_p", r.minP}, {"repetition_penalty", r.repetitionPenalty},
                     {"seed", qint64(r.seed)}};
  const JobHandle job = m_jobs.begin(QStringLiteral("generate"), tr("Generate with %1").arg(m->summary.name), m->path,
                                     QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)));
  r.jobId = job.id;
  r.cancel = job.cancel;
  m_activeJob = job.id;
  m_activeModel = m->id;
  m_activeStream = m->stream;
  m_activeStream->clear();
  m_streamingText.clear();
  m_shownTokens = 0;
  m_promptTokens = 0;
  m_tokenTimes.clear();
  m_page->tokenView()->clear();
  m_page->chart()->clear();
  m_page->setStats({}, {}, {}, {}, {});
  m_page->setBusy(true);
  renderTranscript();
  ModelWorker* worker = m->worker;
  QMetaObject::invokeMethod(worker, [worker, r] { worker->generate(r); }, Qt::QueuedConnection);
  emit generationStarted(job.id);
  return true;
}

void PlaygroundController::stop() {
  if (m_activeJob) m_jobs.cancel(m_activeJob);
}

void PlaygroundController::onStarted(int jobId, int promptTokens) {
  if (jobId != m_activeJob) return;
  m_promptTokens = promptTokens;
}

void PlaygroundController::onTokensPending(int jobId) {
  // Coalescing: one drain per 40 ms whatever the token rate.
  if (jobId == m_activeJob && !m_drainTimer->isActive()) m_drainTimer->start();
}

void PlaygroundController::drain() {
  m_drainTimer->stop();
  if (!m_activeStream) return;
  const QVector<StreamedToken> items = m_activeStream->drain();
  if (items.isEmpty()) return;
  QString chunk;
  QVector<TokenEntry> chips;
  chips.reserve(items.size());
  for (const auto& it : items) {
    chunk += it.text;
    if (it.token.id < 0) continue;
    chips.append(it.token);
    m_tokenTimes.append(it.seconds);
    // Decode speed over the last few tokens, from the worker's own clock: the curve is right even
    // when a fast model's tokens arrive in one batch.
    const qsizetype n = m_tokenTimes.size();
    const qsizetype window = std::min<qsizetype>(8, n - 1);
    if (window > 0) {
      const double dt = m_tokenTimes[n - 1] - m_tokenTimes[n - 1 - window];
      if (dt > 0) m_page->chart()->append(double(n), double(window) / dt);
    }
  }
  m_streamingText += chunk;
  if (!chunk.isEmpty()) {
    QTextCursor c(m_page->transcript()->document());
    c.movePosition(QTextCursor::End);
    c.insertText(chunk);
    m_page->transcript()->ensureCursorVisible();
    m_page->transcript()->verticalScrollBar()->setValue(m_page->transcript()->verticalScrollBar()->maximum());
  }
  m_page->tokenView()->appendTokens(chips);
  m_shownTokens += int(chips.size());
  showLiveStats();
  emit tokensShown(m_shownTokens);
}

void PlaygroundController::showLiveStats() {
  const qsizetype n = m_tokenTimes.size();
  const double span = n > 1 ? m_tokenTimes.last() - m_tokenTimes.first() : 0.0;
  const double rate = span > 0 ? double(n - 1) / span : 0.0;
  m_page->setStats(rate > 0 ? Format::rate(rate) : QString(), n > 0 ? Format::duration(m_tokenTimes.first()) : QString(),
                   m_promptTokens ? tr("%n token(s)", nullptr, m_promptTokens) : QString(), tr("%n token(s)", nullptr, m_shownTokens), {});
}

QString PlaygroundController::reasonText(const QString& reason) const {
  if (reason == u"eos") return tr("end of text");
  if (reason == u"max_tokens") return tr("token limit");
  if (reason == u"context_full") return tr("full context");
  if (reason == u"stop_string") return tr("stop text");
  if (reason == u"cancelled" || reason == u"callback") return tr("you (stopped)");
  return reason;
}

void PlaygroundController::onFinished(int jobId, const GenerationStats& s) {
  if (jobId != 0) {  // 0: re-wording after a language change
    if (jobId != m_activeJob) return;
    drain();
    m_conversation.append({QStringLiteral("assistant"), s.text});
    const bool stopped = s.reason == u"cancelled" || s.reason == u"callback";
    const QString summary = tr("%n token(s)", nullptr, s.generatedTokens) + QStringLiteral(" · ") +
                            tr("%1 tokens/s").arg(Format::rate(s.decodeTokensPerSecond)) + QStringLiteral(" · ") + reasonText(s.reason);
    if (stopped) m_jobs.fail(jobId, QStringLiteral("cancelled"), summary);
    else m_jobs.succeed(jobId, summary);
    m_lastStats = s;
    m_activeJob = 0;
    m_activeModel = 0;
    m_activeStream.reset();
    m_page->setBusy(false);
    updateNotice();
    renderTranscript();
  }
  m_page->setStats(s.decodeTokensPerSecond > 0 ? Format::rate(s.decodeTokensPerSecond) : QString(), Format::duration(s.timeToFirstToken),
                   tr("%n token(s)", nullptr, s.promptTokens), tr("%n token(s)", nullptr, s.generatedTokens), reasonText(s.reason));
  if (jobId != 0) emit generationFinished(s);
}

void PlaygroundController::onFailed(int jobId, const QString& code, const QString& message) {
  if (jobId != m_activeJob || !jobId) return;
  drain();
  m_jobs.fail(jobId, code, message);
  // Nothing the user wrote is lost: the failed turn goes back into the prompt box.
  if (!m_conversation.isEmpty() && m_conversation.last().role == u"user") m_conversation.removeLast();
  m_page->promptEdit()->setPlainText(m_lastUserText);
  m_activeJob = 0;
  m_activeModel = 0;
  m_activeStream.reset();
  m_page->setBusy(false);
  renderTranscript();
  m_page->setNotice(tr("Generation failed: %1").arg(message));
  emit generationFailed(message);
}

void PlaygroundController::renderTranscript() {
  const QString accent = m_theme.color(QStringLiteral("accent")).name();
  const QString muted = m_theme.color(QStringLiteral("muted")).name();
  auto roleName = [this](const QString& role) {
    if (role == u"user") return m_rawMode ? tr("Prompt") : tr("You");
    if (role == u"assistant") return m_rawMode ? tr("Continuation") : tr("Assistant");
    return tr("System");
  };
  auto block = [&](const QString& role, const QString& text, bool last) {
    QString h = QStringLiteral("<p style='margin-top:14px; margin-bottom:2px'><span style='color:%1; font-weight:600'>%2</span></p>")
                    .arg(role == u"user" ? muted : accent, roleName(role).toHtmlEscaped());
    h += QStringLiteral("<p style='white-space:pre-wrap; margin-top:0px'>%1</p>").arg(text.toHtmlEscaped());
    Q_UNUSED(last);
    return h;
  };
  QString html;
  if (m_conversation.isEmpty() && !isGenerating())
    html = QStringLiteral("<p style='color:%1'>%2</p>").arg(muted, tr("The conversation appears here. Pick a model and type below.").toHtmlEscaped());
  for (int i = 0; i < m_conversation.size(); ++i) html += block(m_conversation[i].role, m_conversation[i].content, false);
  if (isGenerating()) html += block(QStringLiteral("assistant"), m_streamingText, true);  // new text is appended at the end
  m_page->transcript()->setHtml(html);
  m_page->transcript()->verticalScrollBar()->setValue(m_page->transcript()->verticalScrollBar()->maximum());
}

QString PlaygroundController::conversationText() const {
  QStringList parts;
  for (const auto& t : m_conversation) {
    const QString who = t.role == u"user" ? (m_rawMode ? tr("Prompt") : tr("You")) : t.role == u"assistant" ? (m_rawMode ? tr("Continuation") : tr("Assistant")) : tr("System");
    parts << QStringLiteral("%1: %2").arg(who, t.content);
  }
  return parts.join(QStringLiteral("\n\n"));
}

void PlaygroundController::clearConversation() {
  if (isGenerating()) return;
  m_conversation.clear();
  m_lastStats = {};
  m_page->tokenView()->clear();
  m_page->chart()->clear();
  m_page->setStats({}, {}, {}, {}, {});
  renderTranscript();
}

void PlaygroundController::copyConversation() { QGuiApplication::clipboard()->setText(conversationText()); }

bool PlaygroundController::exportConversation(const QString& path) {
  const OpenModel* m = m_models.model(currentModelId());
  QByteArray bytes;
  if (path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) {
    QJsonArray messages;
    const QString system = m_page->systemEdit()->toPlainText().trimmed();
    if (!system.isEmpty() && !m_rawMode) messages.append(QJsonObject{{"role", "system"}, {"content", system}});
    for (const auto& t : m_conversation) messages.append(QJsonObject{{"role", t.role}, {"content", t.content}});
    QJsonObject root{{"model", m ? m->path : QString()},
                     {"mode", m_rawMode ? "raw" : "chat"},
                     {"messages", messages},
                     {"last_stats", QJsonObject{{"generated_tokens", m_lastStats.generatedTokens},
                                                {"prompt_tokens", m_lastStats.promptTokens},
                                                {"decode_tokens_per_s", m_lastStats.decodeTokensPerSecond},
                                                {"stop_reason", m_lastStats.reason},
                                                {"seed", QString::number(m_lastStats.seed)}}}};
    bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
  } else {
    QString md = QStringLiteral("# %1\n\n").arg(m ? m->summary.name : tr("Conversation"));
    for (const auto& t : m_conversation) md += QStringLiteral("**%1**\n\n%2\n\n").arg(t.role, t.content);
    bytes = md.toUtf8();
  }
  QSaveFile f(path);  // atomic: an interrupted export never leaves half a file
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) return false;
  return true;
}
