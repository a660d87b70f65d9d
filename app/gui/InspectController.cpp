// InspectController (see header).
#include "InspectController.h"

#include "AttentionPanel.h"
#include "BarChart.h"
#include "ComparePanel.h"
#include "DatasetPanel.h"
#include "HeatmapView.h"
#include "InspectPage.h"
#include "InspectWorker.h"
#include "JobsController.h"
#include "ModelCard.h"
#include "ModelsController.h"
#include "RoutingPanel.h"
#include "ThemeManager.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>

namespace {

constexpr qint64 kMaxPromptFileBytes = qint64(4) << 20;  // a prompt file, not a data set (Data set tab)

QString params(const InspectRequest& r, const QString& title) {
  QJsonObject o{{"model", r.modelA}, {"layer", r.layer}, {"head", r.head}, {"window_start", r.windowStart}, {"window_size", r.windowSize}};
  if (!r.adapterA.isEmpty()) o.insert(QStringLiteral("adapter"), r.adapterA);
  if (!r.modelB.isEmpty()) o.insert(QStringLiteral("compare_with"), r.modelB);
  if (!r.modelB.isEmpty() && !r.adapterB.isEmpty()) o.insert(QStringLiteral("compare_adapter"), r.adapterB);
  if (!r.file.isEmpty()) o.insert(QStringLiteral("file"), r.file);
  if (!r.prompt.isEmpty()) o.insert(QStringLiteral("prompt_chars"), int(r.prompt.size()));
  // "title": what the Jobs area shows for this job (JobsController::titleFor).
  return JobsController::titled(title, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

}  // namespace

InspectController::InspectController(ModelsController& models, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                                     QObject* parent)
    : QObject(parent), m_models(models), m_jobs(jobs), m_theme(theme), m_dialogParent(dialogParent), m_page(new InspectPage),
      m_thread(new QThread(this)), m_worker(new InspectWorker) {
  registerInspectTypes();
  qRegisterMetaType<ReportView>();
  m_thread->setObjectName(QStringLiteral("inspect"));
  m_worker->moveToThread(m_thread);
  connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

  connect(m_worker, &InspectWorker::started, this, [this](int id) { m_jobs.markStarted(id); });
  connect(m_worker, &InspectWorker::modelOpened, this, [this](const QString& path) {
    m_modelInUse = path;
    emit deviceInUseChanged();
  });
  connect(m_worker, &InspectWorker::progress, this, [this](int id, const JobProgress& p) {
    m_jobs.updateProgress(id, p);
    if (id != m_activeJob) return;
    QString phase = p.phase == u"prefill" ? tr("reading the prompt") : p.phase == u"routing" ? tr("routing") : p.phase == u"compare" ? tr("comparing") : p.phase == u"load" || p.phase == u"open" ? tr("opening the model") : p.phase;
    m_page->setProgress(p.total > 0 ? tr("%1: %2 of %3 %4").arg(phase).arg(p.step).arg(p.total).arg(p.unit) : phase);
  });
  connect(m_worker, &InspectWorker::failed, this, &InspectController::onFailed);
  connect(m_worker, &InspectWorker::attentionFinished, this, [this](int id, const AttentionResult& r) {
    m_page->attention()->setResult(r);
    watchCharts();
    finish(id, tr("Attention of %n token(s), %1 layers × %2 heads", nullptr, r.tokenCount()).arg(r.layers).arg(r.heads));
    emit attentionShown(id);
  });
  connect(m_worker, &InspectWorker::routingFinished, this, [this](int id, const RoutingResult& r) {
    m_page->routing()->setResult(r);
    m_page->tabs()->setCurrentWidget(m_page->routing());
    finish(id, tr("Routing of %n token(s)", nullptr, int(r.totalTokens)));
    emit routingShown(id);
  });
  connect(m_worker, &InspectWorker::attentionCompared, this, [this](int id, const AttentionCompareResult& r) {
    m_page->compare()->setAttention(r);
    m_page->tabs()->setCurrentWidget(m_page->compare());
    finish(id, tr("Attention of A and B compared on %n token(s)", nullptr, r.a.tokenCount()));
    emit comparisonShown(id);
  });
  connect(m_worker, &InspectWorker::routingCompared, this, [this](int id, const RoutingCompareResult& r) {
    m_page->compare()->setRouting(r);
    m_page->tabs()->setCurrentWidget(m_page->compare());
    finish(id, r.perToken ? tr("Routing compared: %1% of the tokens routed differently").arg(100.0 * r.changedAny, 0, 'f', 1)
                          : tr("Routing compared (aggregates only: %1)").arg(r.note));
    emit comparisonShown(id);
  });
  connect(m_worker, &InspectWorker::datasetStored, this, [this](int id, const RoutingResult& r) {
    m_page->routing()->setResult(r);
    finish(id, tr("Stored routing run %1: %n token(s)", nullptr, int(r.totalTokens)).arg(r.runId));
    m_page->dataset()->setStatus(tr("Stored run %1 (%2 tokens in %3 documents). Show it, or select two runs to compare.")
                                     .arg(r.runId)
                                     .arg(r.totalTokens)
                                     .arg(r.documents));
    refreshRuns();
    emit datasetStored(id, r.runId);
  });
  connect(m_worker, &InspectWorker::runExported, this, [this](int id, const QString& path) {
    finish(id, tr("Exported to %1").arg(path));
    m_page->dataset()->setStatus(tr("Exported to %1").arg(path));
  });
  connect(m_worker, &InspectWorker::runsListed, this, [this](const QVector<RoutingRunRow>& runs, const QString& error) {
    m_page->dataset()->setRuns(runs);
    if (!error.isEmpty()) m_page->dataset()->setStatus(error);
    emit runsListed(int(runs.size()));
  });

  // The page.
  connect(m_page, &InspectPage::runRequested, this, [this] { run(); });
  connect(m_page, &InspectPage::cancelRequested, this, &InspectController::cancel);
  connect(m_page, &InspectPage::promptFileRequested, this, &InspectController::readPromptFile);
  connect(m_page, &InspectPage::browseModelRequested, this, &InspectController::browseModel);
  connect(m_page, &InspectPage::browseAdapterRequested, this, &InspectController::browseAdapter);
  connect(m_page->attention(), &AttentionPanel::headRequested, this, [this](int, int, qint64) {
    if (!m_activeJob && !m_lastPrompt.isEmpty() && m_page->prompt() == m_lastPrompt) runAttention();
  });
  connect(m_page->compare(), &ComparePanel::headRequested, this, [this](int layer, int head) {
    if (m_activeJob) return;
    m_page->attention()->layerBox()->blockSignals(true);
    m_page->attention()->headBox()->blockSignals(true);
    m_page->attention()->layerBox()->setValue(layer);
    m_page->attention()->headBox()->setValue(head);
    m_page->attention()->layerBox()->blockSignals(false);
    m_page->attention()->headBox()->blockSignals(false);
    runComparison(QStringLiteral("attention"));
  });
  DatasetPanel* ds = m_page->dataset();
  connect(ds, &DatasetPanel::runRequested, this, [this] { runDataset(); });
  connect(ds, &DatasetPanel::refreshRequested, this, &InspectController::refreshRuns);
  connect(ds, &DatasetPanel::showRequested, this, [this](qint64 id) { showRun(id); });
  connect(ds, &DatasetPanel::compareRequested, this, [this](qint64 a, qint64 b) { compareRuns(a, b); });
  connect(ds, &DatasetPanel::deleteRequested, this, &InspectController::deleteRun);
  connect(ds, &DatasetPanel::exportRequested, this, [this](qint64 id) {
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export the routing run"), QStringLiteral("routing-run-%1.json").arg(id),
                                                      tr("JSON (*.json);;CSV (*.csv)"));
    if (!path.isEmpty()) exportRun(id, path);
  });
  connect(ds, &DatasetPanel::browseRequested, this, [this, ds] {
    const QString path = QFileDialog::getOpenFileName(m_dialogParent, tr("A text or JSONL data set"), ds->fileEdit()->text(),
                                                      tr("Text or JSONL (*.txt *.md *.raw *.jsonl *.ndjson);;All files (*)"));
    if (!path.isEmpty()) ds->fileEdit()->setText(path);
  });

  connect(&m_models, &ModelsController::modelReady, this, &InspectController::refreshModels);
  connect(&m_models, &ModelsController::modelClosed, this, &InspectController::refreshModels);
  connect(&m_theme, &ThemeManager::themeChanged, this, &InspectController::applyTheme);
  applyTheme();
  refreshModels();
  watchCharts();
  m_thread->start();
}

InspectController::~InspectController() {
  if (m_cancel) m_cancel->store(true);
  m_thread->quit();
  m_thread->wait();  // blocking at exit only: the job stops at its next cancellation check
}

void InspectController::setDatabasePath(const QString& path) {
  m_dbPath = path;
  refreshRuns();
}

void InspectController::applyTheme() {
  const ChartTheme t = m_theme.chartTheme();
  m_page->attention()->setChartTheme(t);
  m_page->routing()->setChartTheme(t);
  m_page->compare()->setChartTheme(t);
  m_page->setErrorColor(m_theme.color(QStringLiteral("danger")));
  m_page->setIcons(m_theme.icon(QStringLiteral("send")), m_theme.icon(QStringLiteral("stop")), m_theme.icon(QStringLiteral("open")));
}

void InspectController::refreshModels() {
  QStringList paths, adapters;
  for (const OpenModel* m : m_models.readyModels()) {
    paths.append(m->path);
    adapters.append(m->adapter);
  }
  m_page->setModels(paths, adapters);
}

QString InspectController::modelName(const QString& path) const { return QFileInfo(path).fileName(); }

QString InspectController::sideName(bool compare) const {
  const QString path = compare ? m_page->modelB() : m_page->modelA();
  const QString adapter = compare ? m_page->adapterB() : m_page->adapterA();
  if (adapter.isEmpty()) return modelName(path);
  QFileInfo f(adapter);
  const QString name = f.fileName() == u"adapter" ? QFileInfo(f.absolutePath()).fileName() : f.fileName();
  return tr("%1 + %2").arg(modelName(path), name);
}

// ---- jobs ---------------------------------------------------------------------------------------------

int InspectController::begin(const QString& what, InspectRequest& r, bool needPrompt, bool needB) {
  if (m_activeJob) {
    m_page->setStatus(tr("A job is already running; cancel it or wait for it to finish."), true);
    emit jobFailed(0, QStringLiteral("busy"), m_page->status()->text());
    return 0;
  }
  r.modelA = m_page->modelA();
  r.modelB = m_page->modelB();
  r.adapterA = m_page->adapterA();
  r.adapterB = r.modelB.isEmpty() ? QString() : m_page->adapterB();
  r.prompt = m_page->prompt();
  QString refusal;
  if (r.modelA.isEmpty()) refusal = tr("Choose a model to inspect (open one in Models, or browse to a folder).");
  else if (needB && r.modelB.isEmpty()) refusal = tr("Choose a model to compare with.");
  else if (needPrompt && r.prompt.trimmed().isEmpty()) refusal = tr("Type a prompt, or read one from a text file.");
  if (!refusal.isEmpty()) {
    m_page->setStatus(refusal, true);
    emit jobFailed(0, QStringLiteral("invalid_input"), refusal);
    return 0;
  }
  const AttentionPanel* att = m_page->attention();
  r.layer = att->layer();
  r.head = att->head();
  r.windowStart = att->windowStart();
  r.windowSize = att->windowSize();
  r.dbPath = m_dbPath;
  const JobHandle h = m_jobs.begin(QStringLiteral("inspect"), r.modelA, params(r, what), true);
  r.jobId = h.id;
  r.cancel = h.cancel;
  m_activeJob = h.id;
  m_cancel = h.cancel;
  m_page->setRunning(true);
  m_page->setStatus(what + QStringLiteral("…"));
  return h.id;
}

void InspectController::finish(int jobId, const QString& message) {
  m_jobs.succeed(jobId, message);
  if (jobId != m_activeJob) return;
  m_activeJob = 0;
  m_cancel.reset();
  m_page->setRunning(false);
  m_page->setStatus(message);
}

void InspectController::onFailed(int jobId, const QString& code, const QString& message) {
  m_jobs.fail(jobId, code, message);
  if (jobId == m_activeJob) {
    m_activeJob = 0;
    m_cancel.reset();
    m_page->setRunning(false);
    m_page->setStatus(code == u"cancelled" ? tr("Cancelled.") : message, code != u"cancelled");
  }
  emit jobFailed(jobId, code, message);
}

int InspectController::run() {
  QWidget* tab = m_page->tabs()->currentWidget();
  if (tab == m_page->routing()) return runRouting();
  if (tab == m_page->compare()) return runComparison(m_page->compare()->mode());
  if (tab == m_page->dataset()) return runDataset();
  return runAttention();
}

int InspectController::runAttention() {
  InspectRequest r;
  if (!begin(tr("Inspect attention: %1").arg(sideName(false)), r, true, false)) return 0;
  m_lastPrompt = r.prompt;
  m_page->tabs()->setCurrentWidget(m_page->attention());
  QMetaObject::invokeMethod(m_worker, [w = m_worker, r] { w->attention(r); }, Qt::QueuedConnection);
  return r.jobId;
}

int InspectController::runRouting() {
  InspectRequest r;
  if (!begin(tr("Inspect routing: %1").arg(sideName(false)), r, true, false)) return 0;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, r] { w->routing(r); }, Qt::QueuedConnection);
  return r.jobId;
}

int InspectController::runComparison(const QString& mode) {
  InspectRequest r;
  const bool attention = mode != u"routing";
  const QString what = attention ? tr("Compare attention: %1 vs %2") : tr("Compare routing: %1 vs %2");
  if (!begin(what.arg(sideName(false), sideName(true)), r, true, true)) return 0;
  if (attention) QMetaObject::invokeMethod(m_worker, [w = m_worker, r] { w->compareAttention(r); }, Qt::QueuedConnection);
  else QMetaObject::invokeMethod(m_worker, [w = m_worker, r] { w->compareRouting(r); }, Qt::QueuedConnection);
  return r.jobId;
}

int InspectController::runDataset() {
  DatasetPanel* ds = m_page->dataset();
  const QString file = ds->fileEdit()->text().trimmed();
  if (file.isEmpty()) {
    m_page->setStatus(tr("Choose a text or JSONL file for the data-set run."), true);
    emit jobFailed(0, QStringLiteral("invalid_input"), m_page->status()->text());
    return 0;
  }
  if (m_dbPath.isEmpty()) {
    m_page->setStatus(tr("The results database is not open, so a data-set run cannot be stored."), true);
    emit jobFailed(0, QStringLiteral("io"), m_page->status()->text());
    return 0;
  }
  InspectRequest r;
  if (!begin(tr("Routing over %1: %2").arg(QFileInfo(file).fileName(), sideName(false)), r, false, false)) return 0;
  r.file = file;
  r.field = ds->fieldEdit()->text().trimmed();
  r.label = ds->labelEdit()->text();
  r.maxTokens = ds->maxTokensBox()->value();
  m_page->tabs()->setCurrentWidget(ds);
  QMetaObject::invokeMethod(m_worker, [w = m_worker, r] { w->dataset(r); }, Qt::QueuedConnection);
  return r.jobId;
}

int InspectController::compareRoutingOf(const QString& modelA, const QString& adapterA, const QString& modelB, const QString& adapterB,
                                        const QString& prompt) {
  if (m_activeJob) {
    InspectRequest busy;
    return begin(QString(), busy, true, true);  // refused, saying why
  }
  m_page->setModelA(modelA);
  m_page->setAdapterA(adapterA);
  m_page->setModelB(modelB);
  m_page->setAdapterB(adapterB);
  m_page->setPrompt(prompt);
  m_page->compare()->tabs()->setCurrentIndex(1);  // the routing comparison
  m_page->tabs()->setCurrentWidget(m_page->compare());
  return runComparison(QStringLiteral("routing"));
}

void InspectController::cancel() {
  if (m_activeJob) m_jobs.cancel(m_activeJob);
}

// ---- stored runs ----------------------------------------------------------------------------------------

void InspectController::refreshRuns() {
  if (m_dbPath.isEmpty()) return;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, db = m_dbPath] { w->listRuns(db); }, Qt::QueuedConnection);
}

int InspectController::showRun(qint64 id) {
  InspectRequest r;
  r.runA = id;
  if (m_activeJob || m_dbPath.isEmpty()) return 0;
  const JobHandle h = m_jobs.begin(QStringLiteral("inspect"), QString(), JobsController::titled(tr("Show routing run %1").arg(id)), true);
  r.jobId = h.id, r.cancel = h.cancel, r.dbPath = m_dbPath;
  m_activeJob = h.id;
  m_page->setRunning(true);
  QMetaObject::invokeMethod(m_worker, [w = m_worker, r] { w->loadRun(r); }, Qt::QueuedConnection);
  return h.id;
}

int InspectController::compareRuns(qint64 a, qint64 b) {
  InspectRequest r;
  r.runA = a;
  r.runB = b;
  if (m_activeJob || m_dbPath.isEmpty()) return 0;
  const JobHandle h = m_jobs.begin(QStringLiteral("inspect"), QString(), JobsController::titled(tr("Compare routing runs %1 and %2").arg(a).arg(b)), true);
  r.jobId = h.id, r.cancel = h.cancel, r.dbPath = m_dbPath;
  m_activeJob = h.id;
  m_page->setRunning(true);
  QMetaObject::invokeMethod(m_worker, [w = m_worker, r] { w->compareRuns(r); }, Qt::QueuedConnection);
  return h.id;
}

int InspectController::exportRun(qint64 id, const QString& path) {
  InspectRequest r;
  r.runA = id;
  r.exportPath = path;
  if (m_activeJob || m_dbPath.isEmpty()) return 0;
  const JobHandle h = m_jobs.begin(QStringLiteral("inspect"), QString(), JobsController::titled(tr("Export routing run %1").arg(id)), true);
  r.jobId = h.id, r.cancel = h.cancel, r.dbPath = m_dbPath;
  m_activeJob = h.id;
  m_page->setRunning(true);
  QMetaObject::invokeMethod(m_worker, [w = m_worker, r] { w->exportRun(r); }, Qt::QueuedConnection);
  return h.id;
}

QString InspectController::deviceInUse() const {
  if (m_modelInUse.isEmpty()) return QString();
  ModelSummary cpu;
  cpu.device = QStringLiteral("cpu");
  cpu.threads = InspectWorker::threadCount();
  return ModelCard::deviceLabel(cpu);
}

void InspectController::deleteRun(qint64 id) {
  if (m_dbPath.isEmpty()) return;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, db = m_dbPath, id] { w->deleteRun(db, id); }, Qt::QueuedConnection);
}

// ---- charts -------------------------------------------------------------------------------------------

void InspectController::watchCharts() {
  QVector<ChartAdapter*> all{m_page->routing()->loadBars()};
  for (HeatmapView* map : m_page->attention()->charts() + m_page->routing()->charts() + m_page->compare()->charts()) all.append(map);
  for (ChartAdapter* chart : all) {
    chart->setExportMenu(true);
    if (m_watched.contains(chart)) continue;
    m_watched.insert(chart);
    connect(chart, &QObject::destroyed, this, [this, chart] { m_watched.remove(chart); });
    QPointer<ChartAdapter> guard(chart);
    connect(chart, &ChartAdapter::exportImageRequested, this, [this, guard] {
      if (!guard) return;
      const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Save the chart"), QStringLiteral("inspect.png"),
                                                        tr("PNG image (*.png);;SVG drawing (*.svg)"));
      QString error;
      if (!path.isEmpty() && !exportChart(guard, path, &error)) QMessageBox::warning(m_dialogParent, tr("Export failed"), error);
    });
    connect(chart, &ChartAdapter::exportDataRequested, this, [this, guard] {
      if (!guard) return;
      const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Save the chart's data"), QStringLiteral("inspect.csv"),
                                                        tr("CSV (*.csv);;JSON (*.json)"));
      QString error;
      if (!path.isEmpty() && !exportChartData(guard, path, &error)) QMessageBox::warning(m_dialogParent, tr("Export failed"), error);
    });
    connect(chart, &ChartAdapter::addToReportRequested, this, [this, guard] {
      if (guard) addToReport(guard);
    });
  }
}

bool InspectController::exportChart(ChartAdapter* chart, const QString& path, QString* error) {
  const QSize size = chart->widget()->size().expandedTo(QSize(640, 480));
  const bool ok = chart->saveImage(path, size.width(), size.height(), error);
  if (ok) m_page->setStatus(tr("Chart saved to %1").arg(path));
  return ok;
}

bool InspectController::exportChartData(ChartAdapter* chart, const QString& path, QString* error) {
  const bool ok = chart->saveData(path, error);
  if (ok) m_page->setStatus(tr("Data saved to %1").arg(path));
  return ok;
}

void InspectController::addToReport(ChartAdapter* chart) {
  ReportView v;
  v.title = chart->chartTitle().isEmpty() ? tr("Inspect view") : chart->chartTitle();
  QString prompt = m_page->prompt().simplified();
  if (prompt.size() > 120) prompt = prompt.left(117) + QStringLiteral("…");
  v.caption = tr("Inspect · %1 · prompt: “%2”").arg(m_page->modelA(), prompt);
  v.image = chart->renderImage(640, 420, 2.0);
  ++m_reportViews;
  m_page->setReportNote(tr("%n view(s) added to the next benchmark report", nullptr, m_reportViews));
  emit reportViewAdded(v);
}

// ---- inputs -------------------------------------------------------------------------------------------

void InspectController::readPromptFile() {
  const QString path = QFileDialog::getOpenFileName(m_dialogParent, tr("Read the prompt from a text file"), QString(),
                                                    tr("Text files (*.txt *.md *.raw);;All files (*)"));
  if (path.isEmpty()) return;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    m_page->setStatus(tr("%1: cannot open: %2").arg(path, f.errorString()), true);
    return;
  }
  if (f.size() > kMaxPromptFileBytes) {
    m_page->setStatus(tr("%1 is larger than 4 MiB; use the Data set tab for whole data sets.").arg(path), true);
    return;
  }
  m_page->setPrompt(QString::fromUtf8(f.readAll()));
  m_page->setStatus(tr("Prompt read from %1").arg(path));
}

void InspectController::browseAdapter(bool compare) {
  const QString dir = QFileDialog::getExistingDirectory(m_dialogParent, tr("A PEFT adapter folder (adapter_config.json, adapter_model.safetensors)"),
                                                        compare ? m_page->adapterB() : m_page->adapterA());
  if (dir.isEmpty()) return;
  if (compare) m_page->setAdapterB(dir);
  else m_page->setAdapterA(dir);
}

void InspectController::browseModel(bool compare) {
  const QString dir = QFileDialog::getExistingDirectory(m_dialogParent, compare ? tr("The model to compare with") : tr("The model to inspect"));
  if (dir.isEmpty()) return;
  if (compare) m_page->setModelB(dir);
  else m_page->setModelA(dir);
}
