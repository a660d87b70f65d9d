// JobsController (see header).
#include "JobsController.h"

#include "BenchPresentation.h"
#include "Format.h"
#include "JobsPage.h"
#include "ProgressDelegate.h"
#include "ThemeManager.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QTimer>

namespace {
constexpr int kHistoryRows = 200;
}

JobsController::JobsController(ThemeManager& theme, QObject* parent)
    : QObject(parent), m_theme(theme), m_model(new JobTableModel(this)), m_page(new JobsPage(m_model)), m_clock(new QTimer(this)) {
  connect(m_page, &JobsPage::cancelRequested, this, &JobsController::cancel);
  connect(m_page, &JobsPage::refreshRequested, this, &JobsController::refreshHistory);
  connect(m_page, &JobsPage::selectionChanged, this, &JobsController::updateDetails);
  connect(m_page, &JobsPage::retranslated, this, [this] {
    updateDetails();
    onStoreOpened(m_storePath, m_storeOk, m_storeError, m_interrupted);
    emitStatus();
  });
  auto applyTheme = [this] {
    m_page->setIcons(m_theme.icon(QStringLiteral("cancel")), m_theme.icon(QStringLiteral("refresh")));
    m_page->progressDelegate()->setAccent(m_theme.color(QStringLiteral("accent")), m_theme.color(QStringLiteral("border")));
  };
  connect(&m_theme, &ThemeManager::themeChanged, this, applyTheme);
  applyTheme();
  // Running jobs' durations tick once a second even when they report nothing.
  m_clock->setInterval(1000);
  connect(m_clock, &QTimer::timeout, this, [this] {
    for (auto it = m_elapsed.cbegin(); it != m_elapsed.cend(); ++it) {
      const JobItem* j = m_model->find(it.key());
      if (!j || j->state != JobItem::State::Running) continue;
      JobItem copy = *j;
      copy.durationSeconds = double(it.value().elapsed()) / 1000.0;
      m_model->upsert(copy);
    }
  });
}

QString JobsController::titleFor(const QString& kind, const QString& modelPath, const QString& paramsJson) {
  const QFileInfo fi(modelPath);
  const QString name = fi.isDir() ? QDir(modelPath).dirName() : fi.fileName();
  const QJsonObject params = QJsonDocument::fromJson(paramsJson.toUtf8()).object();
  // A job that words its own title (inspect, fine-tune, swaps, comparisons) keeps it in its settings.
  if (const QString own = params.value(QStringLiteral("title")).toString(); !own.isEmpty()) return own;
  if (kind == u"load") {
    const QString adapter = params.value(QStringLiteral("adapter")).toString();
    if (adapter.isEmpty()) return tr("Load %1").arg(name);
    return tr("Load %1 + adapter %2").arg(name, QDir(adapter).dirName());
  }
  if (kind == u"hash") return tr("SHA-256 of %1").arg(name);
  if (kind == u"generate") return tr("Generate with %1").arg(name);
  if (kind == u"serve") return tr("Serve %1").arg(name);
  if (kind == u"quantize") return tr("Quantize %1 (%2)").arg(name, params.value(QStringLiteral("scheme")).toString());
  if (kind == u"bench") {
    QString title = tr("Benchmark (%1) of %2").arg(BenchPresentation::suiteName(params.value(QStringLiteral("suite")).toString()), name);
    const QString label = params.value(QStringLiteral("label")).toString();
    if (!label.isEmpty()) title += QStringLiteral(" · ") + label;
    return title;
  }
  return {};
}

QString JobsController::titled(const QString& title, const QString& paramsJson) {
  QJsonObject params = QJsonDocument::fromJson(paramsJson.toUtf8()).object();
  params.insert(QStringLiteral("title"), title);
  return QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact));
}

JobHandle JobsController::begin(const QString& kind, const QString& modelPath, const QString& paramsJson, bool queued) {
  JobItem j;
  j.id = m_nextId++;
  j.kind = kind;
  // "source": "dsw" marks rows the workbench wrote, whose titles it can word again later.
  QJsonObject params = QJsonDocument::fromJson(paramsJson.toUtf8()).object();
  params.insert(QStringLiteral("source"), QStringLiteral("dsw"));
  j.params = QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact));
  j.title = titleFor(kind, modelPath, j.params);  // recorded in the language of the moment
  j.titleText = [kind, modelPath, params = j.params] { return titleFor(kind, modelPath, params); };
  j.model = modelPath;
  j.state = queued ? JobItem::State::Queued : JobItem::State::Running;
  j.created = QDateTime::currentDateTimeUtc();
  m_model->upsert(j);
  JobHandle h{j.id, makeCancelFlag()};
  m_cancel.insert(j.id, h.cancel);
  if (!queued) m_elapsed[j.id].start();
  if (!m_clock->isActive()) m_clock->start();
  emit storeRecordStart(j.id, j, j.params);
  emitStatus();
  return h;
}

void JobsController::markStarted(int id) {
  const JobItem* j = m_model->find(id);
  if (!j || j->state != JobItem::State::Queued) return;
  JobItem copy = *j;
  copy.state = JobItem::State::Running;
  m_model->upsert(copy);
  m_elapsed[id].start();
  emit storeRecordFinish(id, int(JobItem::State::Running), QString(), 0);
  emitStatus();
}

QString JobsController::progressText(const JobProgress& p) const {
  QString phase = p.phase;
  if (p.phase == u"open") phase = tr("Opening");
  else if (p.phase == u"load") phase = tr("Preparing weights");
  else if (p.phase == u"hash") phase = tr("Hashing");
  else if (p.phase == u"prefill") phase = tr("Reading the prompt");
  else if (p.phase == u"decode") phase = tr("Generating");
  else if (p.phase == u"bench") phase = tr("Benchmarking");
  else if (p.phase == u"perplexity") phase = tr("Measuring perplexity");
  else if (p.phase == u"diversity") phase = tr("Sampling");
  if (p.total <= 0) return phase;
  if (p.unit == u"bytes") return tr("%1 · %2 of %3").arg(phase, Format::bytes(quint64(p.step)), Format::bytes(quint64(p.total)));
  if (p.unit == u"reps") return tr("%1 · repetition %2 of %3").arg(phase).arg(p.step).arg(p.total);
  if (p.unit == u"tokens") return tr("%1 · %2 of %3 tokens").arg(phase).arg(p.step).arg(p.total);
  return tr("%1 · step %2 of %3").arg(phase).arg(p.step).arg(p.total);
}

void JobsController::updateProgress(int id, const JobProgress& p) {
  const JobItem* j = m_model->find(id);
  if (!j || j->finished()) return;
  JobItem copy = *j;
  if (copy.state == JobItem::State::Queued) {
    copy.state = JobItem::State::Running;
    m_elapsed[id].start();
  }
  const double elapsed = double(m_elapsed[id].elapsed()) / 1000.0;
  copy.durationSeconds = elapsed;
  copy.progress = p.total > 0 ? std::clamp(double(p.step) / double(p.total), 0.0, 1.0) : -1.0;
  // ETA from the average rate so far; only once there is enough to go on.
  copy.etaSeconds = copy.progress > 0.02 && elapsed > 0.3 ? elapsed * (1.0 - copy.progress) / copy.progress : -1.0;
  copy.detail = progressText(p);
  m_lastProgress.insert(id, p);
  m_model->upsert(copy);
  emitStatus();
}

void JobsController::succeed(int id, const QString& message) { finish(id, JobItem::State::Succeeded, message, {}); }
void JobsController::succeed(int id, const Text& message) { finish(id, JobItem::State::Succeeded, message(), message); }

void JobsController::fail(int id, const QString& code, const QString& message) {
  finish(id, code == u"cancelled" ? JobItem::State::Cancelled : JobItem::State::Failed, message, {});
}

void JobsController::fail(int id, const QString& code, const Text& message) {
  finish(id, code == u"cancelled" ? JobItem::State::Cancelled : JobItem::State::Failed, message(), message);
}

void JobsController::finish(int id, JobItem::State state, const QString& message, const Text& text) {
  const JobItem* j = m_model->find(id);
  if (!j || j->finished()) return;
  JobItem copy = *j;
  copy.state = state;
  copy.message = message;
  copy.messageText = text;
  copy.etaSeconds = -1;
  copy.detail.clear();
  if (state == JobItem::State::Succeeded) copy.progress = 1;
  copy.durationSeconds = m_elapsed.contains(id) ? double(m_elapsed[id].elapsed()) / 1000.0 : 0.0;
  m_elapsed.remove(id);
  m_cancel.remove(id);
  m_lastProgress.remove(id);
  m_model->upsert(copy);
  emit storeRecordFinish(id, int(state), message, copy.durationSeconds);
  emit jobFinished(id, int(state));
  updateDetails();
  emitStatus();
  if (runningCount() == 0) m_clock->stop();
}

void JobsController::cancel(int id) {
  if (auto it = m_cancel.find(id); it != m_cancel.end() && *it) (*it)->store(true);
}

int JobsController::runningCount() const {
  int n = 0;
  for (int r = 0; r < m_model->rowCount(); ++r)
    if (const JobItem* j = m_model->at(r); j && j->id && !j->finished()) ++n;
  return n;
}

QString JobsController::statusText() const {
  for (int r = 0; r < m_model->rowCount(); ++r) {  // newest first
    const JobItem* j = m_model->at(r);
    if (!j || !j->id || j->state != JobItem::State::Running) continue;
    QString text = j->displayTitle();
    if (j->progress >= 0) text += QStringLiteral(" — %1%").arg(qRound(j->progress * 100));
    const int more = runningCount() - 1;
    if (more > 0) text += tr(" (+%n more)", nullptr, more);
    return text;
  }
  return tr("No jobs running");
}

void JobsController::emitStatus() {
  emit statusTextChanged(statusText());
  const int row = m_page->selectedRow();
  const JobItem* j = m_model->at(row);
  m_page->cancelButton()->setEnabled(j && j->id && !j->finished());
}

void JobsController::updateDetails() {
  const JobItem* j = m_model->at(m_page->selectedRow());
  if (!j) {
    m_page->setDetails(tr("Select a job to see its details."));
    emitStatus();
    return;
  }
  QString html = QStringLiteral("<b>%1</b> — %2").arg(j->displayTitle().toHtmlEscaped(), JobTableModel::stateName(j->state));
  if (!j->model.isEmpty()) html += QStringLiteral("<br>") + tr("Model: %1").arg(j->model.toHtmlEscaped());
  if (!j->message.isEmpty()) html += QStringLiteral("<br>") + j->displayMessage().toHtmlEscaped();
  m_page->setDetails(html);
  m_page->cancelButton()->setEnabled(j->id && !j->finished());
}

void JobsController::refreshHistory() { emit storeRefresh(kHistoryRows); }

void JobsController::onStoreOpened(const QString& path, bool ok, const QString& message, int interruptedJobs) {
  m_storePath = path;
  m_storeOk = ok;
  m_storeError = message;
  m_interrupted = interruptedJobs;
  if (path.isEmpty()) return;
  if (ok) {
    QString text = tr("History database: %1").arg(path);
    if (interruptedJobs > 0) text += QStringLiteral(" · ") + tr("%n interrupted job(s) marked as failed", nullptr, interruptedJobs);
    m_page->setStoreLocation(text);
  } else {
    m_page->setStoreLocation(tr("History is unavailable: %1").arg(message));
  }
}

void JobsController::onRecorded(int jobId, qint64 storeId) {
  const JobItem* j = m_model->find(jobId);
  if (!j) return;
  JobItem copy = *j;
  copy.storeId = storeId;
  m_model->upsert(copy);
}

void JobsController::onHistoryLoaded(const QVector<JobItem>& loaded) {
  // Titles of the jobs the workbench wrote follow the language; the rest (dsw-cli's rows) and every
  // recorded result are shown as recorded.
  QVector<JobItem> history = loaded;
  for (JobItem& j : history)
    if (QJsonDocument::fromJson(j.params.toUtf8()).object().value(QStringLiteral("source")).toString() == u"dsw" &&
        !titleFor(j.kind, j.model, j.params).isEmpty())
      j.titleText = [kind = j.kind, model = j.model, params = j.params] { return titleFor(kind, model, params); };
  m_model->setHistory(history);
  updateDetails();
  emit historyRefreshed(int(history.size()));
}
