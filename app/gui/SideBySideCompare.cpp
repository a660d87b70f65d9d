// SideBySideCompare and its window (see header).
#include "SideBySideCompare.h"

#include "JobsController.h"
#include "ModelWorker.h"
#include "ModelsController.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

SideBySideWindow::SideBySideWindow(QWidget* parent) : QWidget(parent, Qt::Window) {
  setObjectName(QStringLiteral("sideBySideWindow"));
  resize(1100, 700);
  auto* v = new QVBoxLayout(this);
  m_models = new QLabel(this);
  m_models->setObjectName(QStringLiteral("sectionTitle"));
  m_models->setWordWrap(true);
  m_promptsLabel = new QLabel(this);
  m_prompts = new QPlainTextEdit(this);
  m_prompts->setMaximumHeight(110);
  auto* h = new QHBoxLayout;
  m_maxLabel = new QLabel(this);
  m_maxTokens = new QSpinBox(this);
  m_maxTokens->setRange(1, 4096);
  m_maxTokens->setValue(64);
  m_run = new QPushButton(this);
  m_run->setObjectName(QStringLiteral("primaryButton"));
  m_stop = new QPushButton(this);
  m_stop->setEnabled(false);
  h->addWidget(m_maxLabel);
  h->addWidget(m_maxTokens);
  h->addStretch(1);
  h->addWidget(m_run);
  h->addWidget(m_stop);
  m_table = new QTableWidget(0, 3, this);
  m_table->setObjectName(QStringLiteral("sideBySideTable"));
  m_table->setWordWrap(true);
  m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  m_status = new QLabel(this);
  m_status->setObjectName(QStringLiteral("hintLabel"));
  v->addWidget(m_models);
  v->addWidget(m_promptsLabel);
  v->addWidget(m_prompts);
  v->addLayout(h);
  v->addWidget(m_table, 1);
  v->addWidget(m_status);
  retranslateUi();
}

void SideBySideWindow::setColumnTitles(const QString& a, const QString& b) {
  m_a = a;
  m_b = b;
  retranslateUi();
}

void SideBySideWindow::retranslateUi() {
  setWindowTitle(tr("Playground — side by side"));
  m_promptsLabel->setText(tr("Prompts (one per line), sent to both models with greedy decoding:"));
  m_maxLabel->setText(tr("Reply length (tokens)"));
  m_run->setText(tr("Run both"));
  m_stop->setText(tr("Stop"));
  m_table->setHorizontalHeaderLabels({tr("Prompt"), m_a.isEmpty() ? tr("Model A") : m_a, m_b.isEmpty() ? tr("Model B") : m_b});
}

void SideBySideWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

// ---- the comparison ----------------------------------------------------------------------------------

SideBySideCompare::SideBySideCompare(ModelsController& models, JobsController& jobs, QWidget* windowParent, QObject* parent)
    : QObject(parent), m_models(models), m_jobs(jobs), m_windowParent(windowParent) {
  connect(&m_models, &ModelsController::modelClosed, this, [this](int id) {
    m_connected.removeAll(id);
    if (isRunning() && (id == m_a || id == m_b)) end(false, tr("A model was closed."));
  });
}

SideBySideCompare::~SideBySideCompare() {
  if (m_cancel) m_cancel->store(true);
  delete m_window;
}

void SideBySideCompare::show(int modelA, int modelB, const QStringList& prompts, bool chat) {
  if (isRunning()) stop();
  m_a = modelA;
  m_b = modelB;
  m_chat = chat;
  if (!m_window) {
    m_window = new SideBySideWindow(m_windowParent);
    connect(m_window->runButton(), &QPushButton::clicked, this, [this] { start(); });
    connect(m_window->stopButton(), &QPushButton::clicked, this, &SideBySideCompare::stop);
  }
  const OpenModel* a = m_models.model(modelA);
  const OpenModel* b = m_models.model(modelB);
  const QString nameA = a ? a->summary.description : QString(), nameB = b ? b->summary.description : QString();
  m_window->modelsLabel()->setText(tr("A: %1\nB: %2").arg(nameA, nameB));
  m_window->setColumnTitles(tr("A: %1").arg(a ? a->summary.name : QString()), tr("B: %1").arg(b ? b->summary.name + (b->adapter.isEmpty() ? QString() : QStringLiteral(" + ") + b->adapterName) : QString()));
  m_window->promptsEdit()->setPlainText(prompts.join(u'\n'));
  m_window->table()->setRowCount(0);
  m_window->statusLabel()->clear();
  m_window->show();
  m_window->raise();
}

QString SideBySideCompare::reply(int prompt, int side) const { return m_replies.value(prompt * 2 + side); }

void SideBySideCompare::connectWorker(int modelId) {
  const OpenModel* m = m_models.model(modelId);
  if (!m || !m->worker || m_connected.contains(modelId)) return;
  m_connected.append(modelId);
  connect(m->worker, &ModelWorker::generationFinished, this, &SideBySideCompare::onFinished);
  connect(m->worker, &ModelWorker::failed, this, &SideBySideCompare::onFailed);
}

bool SideBySideCompare::start() {
  if (isRunning() || !m_window) return false;
  const OpenModel* a = m_models.model(m_a);
  const OpenModel* b = m_models.model(m_b);
  if (!a || !b || !a->ready || !b->ready) {
    m_window->statusLabel()->setText(tr("Both models must be open."));
    return false;
  }
  m_prompts.clear();
  for (const QString& p : m_window->promptsEdit()->toPlainText().split(u'\n'))
    if (!p.trimmed().isEmpty()) m_prompts << p.trimmed();
  if (m_prompts.isEmpty()) {
    m_window->statusLabel()->setText(tr("Write at least one prompt."));
    return false;
  }
  connectWorker(m_a);
  connectWorker(m_b);
  m_replies = QVector<QString>(m_prompts.size() * 2);
  QTableWidget* t = m_window->table();
  t->setRowCount(int(m_prompts.size()));
  for (int i = 0; i < m_prompts.size(); ++i) {
    t->setItem(i, 0, new QTableWidgetItem(m_prompts[i]));
    t->setItem(i, 1, new QTableWidgetItem);
    t->setItem(i, 2, new QTableWidgetItem);
  }
  const JobHandle job = m_jobs.begin(QStringLiteral("compare"), a->path,
                                     JobsController::titled(tr("Side by side: %n prompt(s)", nullptr, int(m_prompts.size()))));
  m_job = job.id;
  m_cancel = job.cancel;
  m_current = 0;
  m_window->runButton()->setEnabled(false);
  m_window->stopButton()->setEnabled(true);
  sendNext();
  return true;
}

void SideBySideCompare::sendNext() {
  if (m_cancel && m_cancel->load()) {
    end(false, tr("Stopped."));
    return;
  }
  if (m_current >= m_replies.size()) {
    end(true, tr("%n prompt(s) answered by both models.", nullptr, int(m_prompts.size())));
    return;
  }
  const int modelId = m_current % 2 == 0 ? m_a : m_b;
  const OpenModel* m = m_models.model(modelId);
  if (!m || !m->worker) {
    end(false, tr("A model was closed."));
    return;
  }
  GenerationRequest r = GenerationRequest::defaults();
  r.jobId = m_genId = m_nextGenId--;
  r.cancel = m_cancel;
  r.chat = m_chat;
  const QString prompt = m_prompts[m_current / 2];
  if (m_chat) r.messages = {ChatTurn{QStringLiteral("user"), prompt}};
  else r.prompt = prompt;
  r.greedy = true;
  r.maxTokens = m_window ? m_window->maxTokensBox()->value() : 64;
  r.seed = 1;
  m_jobs.updateProgress(m_job, JobProgress{QStringLiteral("compare"), m_current, m_replies.size(), QStringLiteral("replies"), {}});
  m_window->statusLabel()->setText(tr("Prompt %1 of %2 on %3…").arg(m_current / 2 + 1).arg(m_prompts.size()).arg(m->summary.name));
  ModelWorker* worker = m->worker;
  QMetaObject::invokeMethod(worker, [worker, r] { worker->generate(r); }, Qt::QueuedConnection);
}

void SideBySideCompare::onFinished(int jobId, const GenerationStats& stats) {
  if (jobId >= 0 || jobId != m_genId || !isRunning()) return;
  // The streamed tokens of this reply are not shown here; drop them so nothing else drains them.
  if (const OpenModel* m = m_models.model(m_current % 2 == 0 ? m_a : m_b)) m->stream->clear();
  m_replies[m_current] = stats.text;
  if (m_window) m_window->table()->item(m_current / 2, 1 + m_current % 2)->setText(stats.text);
  ++m_current;
  sendNext();
}

void SideBySideCompare::onFailed(int jobId, const QString& code, const QString& message) {
  if (jobId >= 0 || jobId != m_genId || !isRunning()) return;
  end(false, code == u"cancelled" ? tr("Stopped.") : message);
}

void SideBySideCompare::stop() {
  if (m_cancel) m_cancel->store(true);
}

void SideBySideCompare::end(bool completed, const QString& message) {
  const bool cancelled = m_cancel && m_cancel->load();
  m_current = -1;
  m_genId = 0;
  if (m_job) {
    if (completed) m_jobs.succeed(m_job, message);
    else m_jobs.fail(m_job, cancelled ? QStringLiteral("cancelled") : QStringLiteral("internal"), message);
  }
  m_job = 0;
  if (m_window) {
    m_window->statusLabel()->setText(message);
    m_window->runButton()->setEnabled(true);
    m_window->stopButton()->setEnabled(false);
  }
  emit finished(completed);
}
