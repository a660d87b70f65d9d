// PlaygroundController (see header).
#include "PlaygroundController.h"

#include "AppSettings.h"
#include "ChartAdapter.h"
#include "FileDialogs.h"
#include "Format.h"
#include "JobsController.h"
#include "ModelCard.h"
#include "ModelWorker.h"
#include "ModelsController.h"
#include "PlaygroundPage.h"
#include "SpecialTokens.h"
#include "ThemeManager.h"
#include "TokenStream.h"
#include "TokenView.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
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
    const QString path = FileDialogs::saveFile(m_dialogParent, m_models.settings(), tr("Export the conversation"),
                                               QStringLiteral("conversation.md"), tr("Markdown (*.md);;JSON (*.json)"));
    if (!path.isEmpty()) exportConversation(path);
  });
  connect(m_page->modelBox(), &QComboBox::currentIndexChanged, this, [this] { showModel(m_page->modelBox()->currentData().toInt()); });
  connect(m_page, &PlaygroundPage::showSpecialChanged, this, [this] {
    renderTranscript();
    renderTokens();
  });
  connect(m_page, &PlaygroundPage::retranslated, this, [this] {
    renderTranscript();
    renderStats();
    updateNotice();
  });
  connect(&m_models, &ModelsController::modelReady, this, [this](int id) {
    connectWorker(id);
    refreshModels();
  });
  connect(&m_models, &ModelsController::modelClosed, this, [this](int id) {
    m_connected.remove(id);
    if (m_activeModel == id && m_activeJob) {
      // ModelsController asked the user first. The engine stops at its next token (the worker's
      // thread then ends), and the job ends as cancelled.
      m_jobs.cancel(m_activeJob);
      m_jobs.fail(m_activeJob, QStringLiteral("cancelled"), [] { return tr("The model was closed."); });
      endGeneration();
    }
    m_states.remove(id);
    if (m_shown == id) m_shown = 0;  // its controls go with it; the next model's are shown
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

// ---- state ---------------------------------------------------------------------------------------

PlaygroundState& PlaygroundController::stateOf(int modelId) { return m_states[modelId]; }

const PlaygroundState* PlaygroundController::state(int modelId) const {
  auto it = m_states.constFind(modelId);
  return it == m_states.cend() ? nullptr : &*it;
}

const QVector<ChatTurn>& PlaygroundController::conversation() const {
  static const QVector<ChatTurn> none;
  const PlaygroundState* st = state(m_shown);
  return st ? st->conversation : none;
}

const GenerationStats& PlaygroundController::lastStats() const {
  static const GenerationStats none;
  const PlaygroundState* st = state(m_shown);
  return st && st->finished ? st->lastStats : none;
}

int PlaygroundController::shownTokens() const {
  const PlaygroundState* st = state(m_shown);
  return st ? int(st->tokens.size()) : 0;
}

void PlaygroundController::refreshModels() {
  QComboBox* box = m_page->modelBox();
  const int keep = m_shown ? m_shown : m_models.currentModelId();
  {
    const QSignalBlocker block(box);
    box->clear();
    for (const OpenModel* m : m_models.readyModels())
      box->addItem(QStringLiteral("%1 · %2").arg(m->summary.name, ModelCard::architectureLabel(m->summary.architecture)), m->id);
    const int i = box->findData(keep);
    box->setCurrentIndex(i >= 0 ? i : box->count() - 1);
  }
  showModel(box->currentData().toInt());
}

void PlaygroundController::selectModel(int modelId) {
  const int i = m_page->modelBox()->findData(modelId);
  if (i >= 0) m_page->modelBox()->setCurrentIndex(i);  // shows it (currentIndexChanged)
}

void PlaygroundController::showModel(int modelId) {
  if (modelId != m_shown) {
    if (m_shown && m_states.contains(m_shown)) m_states[m_shown].settings = m_page->settings();
    // The very first model takes over what the controls hold (a prompt typed before it opened).
    if (m_adoptControls && modelId && !m_states.contains(modelId)) stateOf(modelId).settings = m_page->settings();
    if (modelId) m_adoptControls = false;
    m_shown = modelId;
    if (modelId) m_page->setSettings(stateOf(modelId).settings);
    renderTranscript();
    renderTokens();
    renderChart();
    renderStats();
    emit shownModelChanged(modelId);
  }
  updateNotice();
  updateBusy();
}

void PlaygroundController::updateBusy() {
  m_page->setBusy(isShownActive(), isGenerating());
  const OpenModel* m = m_models.model(m_shown);
  m_page->sendButton()->setEnabled(m && !m->summary.tokenizer.isEmpty() && !isGenerating());
}

void PlaygroundController::updateNotice() {
  const OpenModel* m = m_models.model(m_shown);
  QStringList notes;
  if (!m) {
    notes << tr("Open a model in Models to start.");
  } else {
    if (m->summary.tokenizer.isEmpty()) notes << tr("This model has no tokenizer, so it cannot generate text.");
    else if (m->summary.untrained)
      notes << tr("%1 is an untrained demo model (random weights): expect noise, not answers — everything else works as with a real model.")
                   .arg(m->summary.name);
    if (const PlaygroundState* st = state(m_shown); st && !st->failure.isEmpty()) notes << tr("Generation failed: %1").arg(st->failure);
    if (m_activeJob && m_activeModel != m_shown)
      if (const OpenModel* busy = m_models.model(m_activeModel))
        notes << tr("%1 is generating; Send is available again when it finishes.").arg(busy->summary.name);
  }
  m_page->setNotice(notes.join(u'\n'));
}

// ---- generating ------------------------------------------------------------------------------------

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
  const OpenModel* m = m_models.model(m_shown);
  if (isGenerating() || !m || !m->worker || m->summary.tokenizer.isEmpty()) return false;
  PlaygroundState& st = stateOf(m->id);
  st.settings = m_page->settings();
  const PlaygroundSettings& c = st.settings;
  const QString text = given.isEmpty() ? c.draft : given;
  if (c.chat && text.trimmed().isEmpty()) return false;
  connectWorker(m->id);

  GenerationRequest r;
  r.chat = c.chat;
  r.maxTokens = c.maxTokens;
  r.greedy = c.greedy;
  r.temperature = c.temperature;
  r.topK = c.topK;
  r.topP = c.topP;
  r.minP = c.minP;
  r.repetitionPenalty = c.repetitionPenalty;
  r.seed = quint64(c.seed);
  if (st.rawMode != !c.chat) st.conversation.clear();  // switching modes starts afresh
  st.rawMode = !c.chat;
  if (c.chat) {
    st.conversation.append({QStringLiteral("user"), text});
    const QString system = c.system.trimmed();
    if (!system.isEmpty()) r.messages.append({QStringLiteral("system"), system});
    r.messages += st.conversation;
  } else {
    st.conversation = {{QStringLiteral("user"), text}};  // a completion is stateless
    r.prompt = text;
  }
  m_lastUserText = text;
  st.settings.draft.clear();
  m_page->promptEdit()->clear();

  QJsonObject params{{"mode", c.chat ? "chat" : "raw"}, {"max_tokens", r.maxTokens}, {"greedy", r.greedy}, {"temperature", r.temperature},
                     {"top_k", r.topK}, {"top_p", r.topP}, {"min_p", r.minP}, {"repetition_penalty", r.repetitionPenalty},
                     {"seed", qint64(r.seed)}};
  const JobHandle job = m_jobs.begin(QStringLiteral("generate"), m->path, QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)));
  r.jobId = job.id;
  r.cancel = job.cancel;
  m_activeJob = job.id;
  m_activeModel = m->id;
  m_activeStream = m->stream;
  m_activeStream->clear();
  m_models.setActivity(m->id, QStringLiteral("generate"), true);
  st.generating = true;
  st.finished = false;
  st.failure.clear();
  st.streamingText.clear();
  st.tokens.clear();
  st.tokenTimes.clear();
  st.speed.clear();
  st.promptTokens = 0;
  renderTranscript();
  renderTokens();
  renderChart();
  renderStats();
  updateNotice();
  updateBusy();
  ModelWorker* worker = m->worker;
  QMetaObject::invokeMethod(worker, [worker, r] { worker->generate(r); }, Qt::QueuedConnection);
  emit generationStarted(job.id);
  return true;
}

void PlaygroundController::stop() {
  if (m_activeJob) m_jobs.cancel(m_activeJob);
}

void PlaygroundController::onStarted(int jobId, int promptTokens) {
  if (jobId != m_activeJob || !m_states.contains(m_activeModel)) return;
  m_states[m_activeModel].promptTokens = promptTokens;
  if (isShownActive()) renderStats();
}

void PlaygroundController::onTokensPending(int jobId) {
  // Coalescing: one drain per 40 ms whatever the token rate.
  if (jobId == m_activeJob && !m_drainTimer->isActive()) m_drainTimer->start();
}

void PlaygroundController::drain() {
  m_drainTimer->stop();
  if (!m_activeStream || !m_states.contains(m_activeModel)) return;
  const QVector<StreamedToken> items = m_activeStream->drain();
  if (items.isEmpty()) return;
  PlaygroundState& st = m_states[m_activeModel];
  const bool shown = isShownActive();
  const bool hideSpecial = !m_page->showSpecialBox()->isChecked();
  QString chunk;
  QVector<TokenEntry> chips;
  const qsizetype firstNewPoint = st.speed.size();
  for (const auto& it : items) {
    const bool special = it.token.id >= 0 && SpecialTokens::isSpecial(it.token.text);
    if (!(hideSpecial && special)) chunk += it.text;
    if (it.token.id < 0) continue;
    st.tokens.append(it.token);
    if (!(hideSpecial && special)) chips.append(it.token);
    st.tokenTimes.append(it.seconds);
    // Decode tokens/s averaged since the first token, from the worker's own clock: the same
    // quantity as the headline (its last point), right even when tokens arrive in one batch.
    const qsizetype n = st.tokenTimes.size();
    if (n > 1) {
      const double dt = st.tokenTimes[n - 1] - st.tokenTimes[0];
      if (dt > 0) st.speed.append({double(n), double(n - 1) / dt});
    }
  }
  for (const auto& it : items) st.streamingText += it.text;
  if (shown) {
    if (!chunk.isEmpty()) {
      QTextCursor cursor(m_page->transcript()->document());
      cursor.movePosition(QTextCursor::End);
      cursor.insertText(chunk);
      m_page->transcript()->verticalScrollBar()->setValue(m_page->transcript()->verticalScrollBar()->maximum());
    }
    m_page->tokenView()->appendTokens(chips);
    for (qsizetype i = firstNewPoint; i < st.speed.size(); ++i) m_page->chart()->append(st.speed[i].x(), st.speed[i].y());
    renderStats();
  }
  emit tokensShown(int(st.tokens.size()));
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
  if (jobId != m_activeJob || !jobId || !m_states.contains(m_activeModel)) return;
  drain();
  PlaygroundState& st = m_states[m_activeModel];
  st.conversation.append({QStringLiteral("assistant"), s.text});
  st.lastStats = s;
  st.finished = true;
  st.generating = false;
  const bool stopped = s.reason == u"cancelled" || s.reason == u"callback";
  const double rate = st.decodeRate() > 0 ? st.decodeRate() : s.decodeTokensPerSecond;
  // Worded when shown, so the Jobs list follows the language.
  auto summary = [this, n = s.generatedTokens, rate, reason = s.reason] {
    return tr("%n token(s)", nullptr, n) + QStringLiteral(" · ") + tr("%1 tokens/s").arg(Format::rate(rate)) + QStringLiteral(" · ") +
           reasonText(reason);
  };
  if (stopped) m_jobs.fail(jobId, QStringLiteral("cancelled"), summary);
  else m_jobs.succeed(jobId, summary);
  const bool shown = isShownActive();
  endGeneration();
  if (shown) {
    renderTranscript();
    // The chips streamed in already while it was shown; a full re-layout (costly for a long reply)
    // only when they did not (it was shown mid-way, or the special-token toggle changed).
    if (m_page->tokenView()->tokenCount() != visibleChipCount(st)) renderTokens();
    renderStats();
  }
  emit generationFinished(s);
}

void PlaygroundController::onFailed(int jobId, const QString& code, const QString& message) {
  if (jobId != m_activeJob || !jobId) return;
  drain();
  m_jobs.fail(jobId, code, message);
  const bool shown = isShownActive();
  if (m_states.contains(m_activeModel)) {
    PlaygroundState& st = m_states[m_activeModel];
    // Nothing the user wrote is lost: the failed turn goes back into the prompt box.
    if (!st.conversation.isEmpty() && st.conversation.last().role == u"user") st.conversation.removeLast();
    st.settings.draft = m_lastUserText;
    st.generating = false;
    st.failure = message;
    if (shown) m_page->promptEdit()->setPlainText(m_lastUserText);
  }
  endGeneration();
  if (shown) {
    renderTranscript();
    renderStats();
  }
  emit generationFailed(message);
}

void PlaygroundController::endGeneration() {
  if (m_activeModel) m_models.setActivity(m_activeModel, QStringLiteral("generate"), false);
  if (m_states.contains(m_activeModel)) m_states[m_activeModel].generating = false;
  m_activeJob = 0;
  m_activeModel = 0;
  m_activeStream.reset();
  updateNotice();
  updateBusy();
}

// ---- the view of the shown model -----------------------------------------------------------------

QString PlaygroundController::roleName(const QString& role, bool raw) const {
  if (role == u"user") return raw ? tr("Prompt") : tr("You");
  if (role == u"assistant") return raw ? tr("Continuation") : tr("Assistant");
  return tr("System");
}

void PlaygroundController::renderTranscript() {
  const QString accent = m_theme.color(QStringLiteral("accent")).name();
  const QString muted = m_theme.color(QStringLiteral("muted")).name();
  const PlaygroundState* st = state(m_shown);
  const bool hideSpecial = !m_page->showSpecialBox()->isChecked();
  auto shownText = [&](const QString& role, const QString& text) {
    return hideSpecial && role == u"assistant" ? SpecialTokens::hide(text) : text;
  };
  auto block = [&](const QString& role, const QString& text) {
    QString h = QStringLiteral("<p style='margin-top:14px; margin-bottom:2px'><span style='color:%1; font-weight:600'>%2</span></p>")
                    .arg(role == u"user" ? muted : accent, roleName(role, st && st->rawMode).toHtmlEscaped());
    h += QStringLiteral("<p style='white-space:pre-wrap; margin-top:0px'>%1</p>").arg(shownText(role, text).toHtmlEscaped());
    return h;
  };
  QString html;
  if (!st || (st->conversation.isEmpty() && !st->generating))
    html = QStringLiteral("<p style='color:%1'>%2</p>").arg(muted, tr("The conversation appears here. Pick a model and type below.").toHtmlEscaped());
  if (st) {
    for (const auto& t : st->conversation) html += block(t.role, t.content);
    if (st->generating) html += block(QStringLiteral("assistant"), st->streamingText);  // new text is appended at the end
  }
  m_page->transcript()->setHtml(html);
  m_page->transcript()->verticalScrollBar()->setValue(m_page->transcript()->verticalScrollBar()->maximum());
}

int PlaygroundController::visibleChipCount(const PlaygroundState& st) const {
  if (m_page->showSpecialBox()->isChecked()) return int(st.tokens.size());
  int n = 0;
  for (const auto& t : st.tokens) n += SpecialTokens::isSpecial(t.text) ? 0 : 1;
  return n;
}

void PlaygroundController::renderTokens() {
  TokenView* view = m_page->tokenView();
  view->clear();
  const PlaygroundState* st = state(m_shown);
  if (!st) return;
  const bool hideSpecial = !m_page->showSpecialBox()->isChecked();
  QVector<TokenEntry> chips;
  chips.reserve(st->tokens.size());
  for (const auto& t : st->tokens)
    if (!(hideSpecial && SpecialTokens::isSpecial(t.text))) chips.append(t);
  view->appendTokens(chips);
}

void PlaygroundController::renderChart() {
  LineSeriesChart* chart = m_page->chart();
  chart->clear();
  if (const PlaygroundState* st = state(m_shown))
    for (const QPointF& p : st->speed) chart->append(p.x(), p.y());
}

void PlaygroundController::renderStats() {
  const PlaygroundState* st = state(m_shown);
  if (!st || (!st->generating && !st->finished)) {
    m_page->setStats({}, {}, {}, {}, {});
    return;
  }
  const double rate = st->decodeRate();
  const QString tps = rate > 0 ? Format::rate(rate) : QString();
  const QString prompt = st->promptTokens ? tr("%n token(s)", nullptr, st->promptTokens) : QString();
  if (st->generating) {
    m_page->setStats(tps, st->tokenTimes.isEmpty() ? QString() : Format::duration(st->tokenTimes.first()), prompt,
                     tr("%n token(s)", nullptr, int(st->tokens.size())), {});
    return;
  }
  const GenerationStats& s = st->lastStats;
  m_page->setStats(tps.isEmpty() && s.decodeTokensPerSecond > 0 ? Format::rate(s.decodeTokensPerSecond) : tps,
                   s.timeToFirstToken > 0 ? Format::duration(s.timeToFirstToken) : QString(), tr("%n token(s)", nullptr, s.promptTokens),
                   tr("%n token(s)", nullptr, s.generatedTokens), reasonText(s.reason));
}

// ---- the conversation --------------------------------------------------------------------------------

QString PlaygroundController::conversationText() const {
  const PlaygroundState* st = state(m_shown);
  if (!st) return {};
  const bool hideSpecial = !m_page->showSpecialBox()->isChecked();
  QStringList parts;
  for (const auto& t : st->conversation) {
    const QString text = hideSpecial && t.role == u"assistant" ? SpecialTokens::hide(t.content) : t.content;
    parts << QStringLiteral("%1: %2").arg(roleName(t.role, st->rawMode), text);
  }
  return parts.join(QStringLiteral("\n\n"));
}

void PlaygroundController::clearConversation() {
  if (isShownActive() || !m_shown) return;
  PlaygroundState& st = stateOf(m_shown);
  st.conversation.clear();
  st.tokens.clear();
  st.tokenTimes.clear();
  st.speed.clear();
  st.streamingText.clear();
  st.finished = false;
  st.lastStats = {};
  st.failure.clear();
  st.promptTokens = 0;
  renderTranscript();
  renderTokens();
  renderChart();
  renderStats();
  updateNotice();
}

void PlaygroundController::copyConversation() { QGuiApplication::clipboard()->setText(conversationText()); }

bool PlaygroundController::exportConversation(const QString& path) {
  // The export keeps the raw conversation (special tokens included): it is what the model wrote.
  const OpenModel* m = m_models.model(m_shown);
  const PlaygroundState* st = state(m_shown);
  const QVector<ChatTurn> turns = st ? st->conversation : QVector<ChatTurn>();
  const bool raw = st && st->rawMode;
  const QString system = st ? (m_page->systemEdit()->toPlainText().trimmed()) : QString();
  QByteArray bytes;
  if (path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) {
    QJsonArray messages;
    if (!system.isEmpty() && !raw) messages.append(QJsonObject{{"role", "system"}, {"content", system}});
    for (const auto& t : turns) messages.append(QJsonObject{{"role", t.role}, {"content", t.content}});
    const GenerationStats s = st && st->finished ? st->lastStats : GenerationStats{};
    QJsonObject root{{"model", m ? m->path : QString()},
                     {"mode", raw ? "raw" : "chat"},
                     {"messages", messages},
                     {"last_stats", QJsonObject{{"generated_tokens", s.generatedTokens},
                                                {"prompt_tokens", s.promptTokens},
                                                {"decode_tokens_per_s", s.decodeTokensPerSecond},
                                                {"stop_reason", s.reason},
                                                {"seed", QString::number(s.seed)}}}};
    bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
  } else {
    // Markdown is read by people: the turns are named as the view names them (a completion is a
    // prompt and its continuation, not a user and an assistant).
    QString md = QStringLiteral("# %1\n\n").arg(m ? m->summary.name : tr("Conversation"));
    if (!system.isEmpty() && !raw) md += QStringLiteral("**%1**\n\n%2\n\n").arg(roleName(QStringLiteral("system"), false), system);
    for (const auto& t : turns) md += QStringLiteral("**%1**\n\n%2\n\n").arg(roleName(t.role, raw), t.content);
    bytes = md.toUtf8();
  }
  QSaveFile f(path);  // atomic: an interrupted export never leaves half a file
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) return false;
  FileDialogs::remember(m_models.settings(), path);
  return true;
}
