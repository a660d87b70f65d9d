// FinetuneController (see header).
#include "FinetuneController.h"

#include "AppSettings.h"
#include "BenchmarksController.h"
#include "FilterableTableView.h"
#include "FinetuneForm.h"
#include "FinetunePage.h"
#include "FinetunePresentation.h"
#include "FinetuneWorker.h"
#include "Format.h"
#include "JobsController.h"
#include "MaskedTokenView.h"
#include "ModelWorker.h"
#include "ModelsController.h"
#include "SideBySideCompare.h"
#include "StepHeatmap.h"
#include "ThemeManager.h"
#include "TrainingChart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>

#include <algorithm>

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString absolutePath(const std::filesystem::path& p) { return QFileInfo(q(p.string())).absoluteFilePath(); }

// Loss and eval-loss series of the loss charts, and the flagged points of the gradient chart.
enum { TrainSeries = 0, EvalSeries = 1, FlaggedSeries = 1 };

}  // namespace

FinetuneController::FinetuneController(ModelsController& models, JobsController& jobs, BenchmarksController& benchmarks,
                                       ThemeManager& theme, AppSettings& settings, QWidget* dialogParent, QObject* parent)
    : QObject(parent), m_models(models), m_jobs(jobs), m_benchmarks(benchmarks), m_theme(theme), m_settings(settings),
      m_dialogParent(dialogParent), m_page(new FinetunePage), m_audit(new AuditTableModel(this)), m_runsModel(new QStandardItemModel(this)),
      m_sideBySide(new SideBySideCompare(models, jobs, dialogParent, this)), m_steps(std::make_shared<TrainStepBuffer>()),
      m_trainThread(new QThread(this)), m_planThread(new QThread(this)), m_trainWorker(new FinetuneWorker(m_steps)),
      m_planWorker(new FinetuneWorker), m_planTimer(new QTimer(this)), m_drainTimer(new QTimer(this)) {
  m_trainThread->setObjectName(QStringLiteral("finetune"));
  m_planThread->setObjectName(QStringLiteral("finetune-plan"));
  m_trainWorker->moveToThread(m_trainThread);
  m_planWorker->moveToThread(m_planThread);
  connect(m_trainThread, &QThread::finished, m_trainWorker, &QObject::deleteLater);
  connect(m_planThread, &QThread::finished, m_planWorker, &QObject::deleteLater);
  connect(m_planWorker, &FinetuneWorker::planned, this, &FinetuneController::onPlanned);
  connect(m_planWorker, &FinetuneWorker::runsListed, this, &FinetuneController::onRunsListed);
  connect(m_planWorker, &FinetuneWorker::runMetricsLoaded, this, &FinetuneController::onRunMetrics);
  connect(m_trainWorker, &FinetuneWorker::started, this, &FinetuneController::onStarted);
  connect(m_trainWorker, &FinetuneWorker::historyLoaded, this, &FinetuneController::onHistory);
  connect(m_trainWorker, &FinetuneWorker::stepsPending, this, &FinetuneController::onStepsPending);
  connect(m_trainWorker, &FinetuneWorker::progress, &m_jobs, &JobsController::updateProgress);
  connect(m_trainWorker, &FinetuneWorker::finished, this, &FinetuneController::onFinished);
  connect(m_trainWorker, &FinetuneWorker::failed, this, &FinetuneController::onFailed);
  m_trainThread->start();
  m_planThread->start();

  m_planTimer->setSingleShot(true);
  m_planTimer->setInterval(kPlanDelayMs);
  connect(m_planTimer, &QTimer::timeout, this, &FinetuneController::requestPlan);
  m_drainTimer->setSingleShot(true);
  m_drainTimer->setInterval(kDrainIntervalMs);
  connect(m_drainTimer, &QTimer::timeout, this, &FinetuneController::drain);

  FinetuneForm* form = m_page->form();
  m_page->auditView()->setSourceModel(m_audit);
  m_page->auditView()->tableView()->horizontalHeader()->setSectionResizeMode(AuditTableModel::Module, QHeaderView::Stretch);
  m_runsModel->setHorizontalHeaderLabels(runColumns());  // the view sizes its first column on attach
  m_page->runsView()->setSourceModel(m_runsModel);
  m_page->runsView()->tableView()->sortByColumn(0, Qt::DescendingOrder);
  connect(m_page->runsView()->tableView()->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
    const qint64 id = m_page->selectedRunId();
    m_page->loadRunButton()->setEnabled(id != 0 && !isTraining());
    m_page->compareRunButton()->setEnabled(id != 0);
    m_page->runChart()->clear();
    if (id && !m_dbPath.isEmpty()) {
      FinetuneWorker* w = m_planWorker;
      const QString db = m_dbPath;
      QMetaObject::invokeMethod(w, [w, db, id] { w->loadRunMetrics(db, id); }, Qt::QueuedConnection);
    }
  });

  connect(form, &FinetuneForm::changed, this, [this] {
    m_page->form()->setCanStart(false);
    m_page->form()->setResumable(outputResumable());
    m_planTimer->start();
  });
  connect(form->modelBox(), &QComboBox::currentIndexChanged, this, &FinetuneController::suggestOutputDir);
  connect(form->outputEdit(), &QLineEdit::textChanged, this, [this] { m_page->form()->setResumable(outputResumable()); });
  connect(form, &FinetuneForm::browseModelRequested, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(m_dialogParent, tr("Base model folder"));
    if (dir.isEmpty()) return;
    QComboBox* box = m_page->form()->modelBox();
    if (box->findData(dir) < 0) box->addItem(QDir(dir).dirName(), dir);
    box->setCurrentIndex(box->findData(dir));
  });
  connect(form, &FinetuneForm::browseDataRequested, this, [this] {
    const QString file = QFileDialog::getOpenFileName(m_dialogParent, tr("Training data"), m_page->form()->dataEdit()->text(),
                                                      tr("Training data (*.jsonl *.json *.txt);;All files (*)"));
    if (!file.isEmpty()) m_page->form()->dataEdit()->setText(file);
  });
  connect(form, &FinetuneForm::browseOutputRequested, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(m_dialogParent, tr("Output folder for the run"));
    if (!dir.isEmpty()) m_page->form()->outputEdit()->setText(dir);
  });
  connect(form, &FinetuneForm::startRequested, this, [this] { start(false); });
  connect(form, &FinetuneForm::resumeRequested, this, [this] { start(true); });
  connect(form, &FinetuneForm::cancelRequested, this, &FinetuneController::cancel);
  connect(m_page->expertLayerBox(), &QComboBox::currentIndexChanged, this, &FinetuneController::selectExpertLayer);
  connect(m_page->openResultButton(), &QPushButton::clicked, this, &FinetuneController::openResult);
  connect(m_page->sideBySideButton(), &QPushButton::clicked, this, &FinetuneController::compareSideBySide);
  connect(m_page->perplexityButton(), &QPushButton::clicked, this, &FinetuneController::comparePerplexity);
  connect(m_page->routingButton(), &QPushButton::clicked, this, &FinetuneController::compareRouting);
  connect(m_page->refreshRunsButton(), &QPushButton::clicked, this, &FinetuneController::refreshRuns);
  connect(m_page->loadRunButton(), &QPushButton::clicked, this, [this] { useRunSettings(m_page->selectedRunId()); });
  connect(m_page->compareRunButton(), &QPushButton::clicked, this, [this] { openRun(m_page->selectedRunId()); });
  connect(m_page, &FinetunePage::retranslated, this, &FinetuneController::retranslate);

  connect(&m_models, &ModelsController::modelReady, this, &FinetuneController::onModelReady);
  connect(&m_models, &ModelsController::modelClosed, this, [this](int id) {
    m_connectedWorkers.removeAll(id);
    if (id == m_baseModel) m_baseModel = 0;
    if (id == m_resultModel) m_resultModel = 0;
    refreshModels();
    updateResultButtons();
  });
  connect(&m_benchmarks, &BenchmarksController::benchmarkStored, this, &FinetuneController::onBenchStored);
  connect(&m_benchmarks, &BenchmarksController::runsRefreshed, this, &FinetuneController::comparePending);
  connect(&m_theme, &ThemeManager::themeChanged, this, &FinetuneController::applyTheme);

  setupCharts();
  applyTheme();
  refreshModels();
  retranslate();
  updateButtons();
}

FinetuneController::~FinetuneController() { shutdown(); }

void FinetuneController::shutdown() {
  if (m_activeJob) m_jobs.cancel(m_activeJob);
  // The one blocking hop: at exit, wait for a cancelled run to write its checkpoint and stop.
  for (QThread* t : {m_trainThread, m_planThread}) {
    if (!t || !t->isRunning()) continue;
    t->quit();
    t->wait();
  }
}

void FinetuneController::setDatabasePath(const QString& path) {
  m_dbPath = path;
  refreshRuns();
}

// ---- the form and the plan ------------------------------------------------------------------------

void FinetuneController::refreshModels() {
  QComboBox* box = m_page->form()->modelBox();
  const QString keep = box->currentData().toString();
  QList<QPair<QString, QString>> items;  // name, path
  for (const OpenModel* m : m_models.readyModels())
    if (m->adapter.isEmpty() && QFileInfo(m->path).isDir()) items.append({m->summary.name, m->path});
  for (int i = 0; i < box->count(); ++i) {  // folders chosen with Browse… stay
    const QString p = box->itemData(i).toString();
    if (std::none_of(items.begin(), items.end(), [&](const auto& it) { return it.second == p; })) items.append({box->itemText(i), p});
  }
  {
    const QSignalBlocker block(box);
    box->clear();
    for (const auto& [name, path] : items) box->addItem(name, path);
    box->setItemData(0, QVariant(), Qt::ToolTipRole);
    for (int i = 0; i < box->count(); ++i) box->setItemData(i, box->itemData(i), Qt::ToolTipRole);
    int i = box->findData(keep);
    if (i < 0 && !items.isEmpty()) {
      const OpenModel* current = m_models.model(m_models.currentModelId());
      i = current ? box->findData(current->path) : -1;
      if (i < 0) i = 0;
    }
    box->setCurrentIndex(i);
  }
  if (box->currentData().toString() != keep) {
    suggestOutputDir();
    emit m_page->form()->changed();
  }
  m_page->form()->setNotice(box->count() == 0 ? tr("Open a model folder in the Models area (or choose one with Browse…) to fine-tune it.")
                                              : QString());
}

void FinetuneController::suggestOutputDir() {
  QLineEdit* out = m_page->form()->outputEdit();
  if (!out->text().isEmpty() && out->text() != m_suggestedOutput) return;  // the user's own choice stays
  const QString model = m_page->form()->modelBox()->currentText().section(u' ', 0, 0);
  if (model.isEmpty()) return;
  m_suggestedOutput = QDir(m_settings.dataDirectory())
                          .filePath(QStringLiteral("runs/%1-%2").arg(model, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
  out->setText(m_suggestedOutput);
}

bool FinetuneController::outputResumable() const {
  const QString out = m_page->form()->outputEdit()->text().trimmed();
  if (out.isEmpty()) return false;
  return !QDir(QDir(out).filePath(QStringLiteral("checkpoints"))).entryList({QStringLiteral("step-*")}, QDir::Dirs).isEmpty();
}

int FinetuneController::requestPlan() {
  m_planTimer->stop();
  const dsw::TrainConfig c = m_page->form()->config();
  const int id = ++m_planRequested;
  FinetuneWorker* w = m_planWorker;
  QMetaObject::invokeMethod(w, [w, id, c] { w->plan(id, c); }, Qt::QueuedConnection);
  m_page->planSummary()->setText(tr("Checking the plan…"));
  return id;
}

void FinetuneController::onPlanned(const FinetunePlan& p) {
  if (p.requestId != m_planRequested) return;  // an older request; a newer answer is coming
  m_planReceived = p.requestId;
  m_plan = p;
  m_page->planSummary()->setText(FinetunePresentation::planSummary(p, m_theme.color(QStringLiteral("warningText")), m_theme.color(QStringLiteral("danger"))));
  m_audit->setAudit(p.auditOk ? p.audit : dsw::AdapterAudit{});
  m_page->dataSummary()->setText(FinetunePresentation::dataSummary(p));
  m_page->preview()->setRows(p.dataOk ? FinetunePresentation::previewRows(p.preview) : QVector<MaskedTokenRow>{});
  const bool fits = !p.memoryOk || p.availableBytes == 0 || p.memory.total() <= p.availableBytes;
  m_page->form()->setCanStart(p.ok() && fits && !m_page->form()->outputEdit()->text().trimmed().isEmpty());
  m_page->form()->setResumable(outputResumable());
  emit planReady(p);
}

// ---- running -----------------------------------------------------------------------------------------

int FinetuneController::start(bool resume) {
  if (m_activeJob) return 0;
  FinetuneForm* form = m_page->form();
  dsw::TrainConfig c = form->config();
  if (c.model.empty() || c.data.path.empty() || c.output_dir.empty()) {
    form->setNotice(tr("Choose a base model, a data file and an output folder."));
    return 0;
  }
  if (!resume && outputResumable()) {
    form->setNotice(tr("The output folder holds a run already: Resume it, or choose another folder."));
    return 0;
  }
  if (resume && !outputResumable()) {
    form->setNotice(tr("The output folder has no checkpoint to resume from."));
    return 0;
  }
  c.resume = resume;
  const QString model = QFileInfo(q(c.model.string())).fileName();
  const QString title = (c.mode == dsw::TrainMode::lora ? tr("Fine-tune %1 (LoRA r%2)").arg(model).arg(c.lora.rank) : tr("Fine-tune %1 (all weights)").arg(model)) +
                        (resume ? tr(" — resumed") : QString());
  const JobHandle job = m_jobs.begin(QStringLiteral("finetune"), absolutePath(c.model), JobsController::titled(title, q(dsw::train_config_to_json(c))), true);
  m_activeJob = job.id;
  m_activeConfig = c;
  resetCharts();
  if (planCurrent() && m_plan.auditOk)
    m_monitor.setTrainableLayers(FinetunePresentation::trainableLayers(m_plan.audit, m_plan.layers, c.mode == dsw::TrainMode::full));
  form->setRunning(true);
  form->setNotice(resume ? tr("Resuming from the newest checkpoint…") : tr("Starting — see the Training tab."));
  m_page->resultBox()->setVisible(false);
  m_page->tabs()->setCurrentIndex(FinetunePage::TrainingTab);
  m_page->statusLabel()->setText(tr("Preparing: opening the model and tokenizing the data…"));
  updateButtons();
  FinetuneRequest r{job.id, job.cancel, c, m_dbPath};
  FinetuneWorker* w = m_trainWorker;
  QMetaObject::invokeMethod(w, [w, r] { w->train(r); }, Qt::QueuedConnection);
  return job.id;
}

void FinetuneController::cancel() {
  if (m_activeJob) m_jobs.cancel(m_activeJob);
}

void FinetuneController::onStarted(int jobId) {
  if (jobId != m_activeJob) return;
  m_jobs.markStarted(jobId);
  emit trainingStarted(jobId);
}

void FinetuneController::onHistory(int jobId, const TrainSteps& steps) {
  if (jobId != m_activeJob) return;
  for (const auto& s : steps) showStep(s, false);
}

void FinetuneController::onStepsPending(int jobId) {
  // Coalescing: one drain per 40 ms however fast the steps come.
  if (jobId == m_activeJob && !m_drainTimer->isActive()) m_drainTimer->start();
}

void FinetuneController::drain() {
  m_drainTimer->stop();
  const TrainSteps steps = m_steps->drain();
  if (steps.empty()) return;
  if (m_firstStepOfRun < 0) {
    m_firstStepOfRun = steps.front().step - 1;
    m_clock.start();
  }
  for (const auto& s : steps) showStep(s, true);
  m_lastStep = steps.back();
  const qint64 done = m_lastStep.step - m_firstStepOfRun;
  const double perStep = done > 0 ? double(m_clock.elapsed()) / 1000.0 / double(done) : 0;
  m_page->statusLabel()->setText(FinetunePresentation::statusLine(m_lastStep, m_lastEval, perStep * double(m_lastStep.total_steps - m_lastStep.step)));
  m_page->gradientLabel()->setText(FinetunePresentation::gradientLine(m_monitor));
  emit stepsDrained(m_stepsShown);
}

void FinetuneController::showStep(const dsw::TrainStepReport& s, bool live) {
  if (s.step > 0) {
    m_page->lossChart()->append(TrainSeries, double(s.step), s.loss);
    m_page->lrChart()->append(0, double(s.step), s.lr);
    m_page->gradChart()->append(0, double(s.step), s.grad_norm);
    m_page->speedChart()->append(0, double(s.step), s.tokens_per_s);
    if (s.memory_bytes) m_page->memoryChart()->append(0, double(s.step), double(s.memory_bytes) / double(1 << 20));
  }
  if (s.eval_loss) {
    m_page->lossChart()->append(EvalSeries, double(s.step), *s.eval_loss);
    m_lastEval = s.eval_loss;
  }
  if (live) {
    ++m_stepsShown;
    for (const GradientFlag& f : m_monitor.observe(s.step, s.grad_norm, s.layer_grad_norm)) {
      if (f.layer < 0) m_page->gradChart()->append(FlaggedSeries, double(f.step), f.value > 0 ? f.value : 1e-12);
      auto* item = new QListWidgetItem(FinetunePresentation::flagText(f), m_page->flagList());
      item->setForeground(m_theme.color(QStringLiteral("danger")));
      m_page->flagList()->setVisible(true);
      m_page->flagList()->scrollToBottom();
    }
    if (!s.layer_grad_norm.empty()) m_page->layerGradMap()->appendColumn(double(s.step), QVector<double>(s.layer_grad_norm.begin(), s.layer_grad_norm.end()));
    if (!s.expert_load.empty()) {
      if (m_expertHistory.empty()) {
        QComboBox* box = m_page->expertLayerBox();
        const QSignalBlocker block(box);
        box->clear();
        for (size_t i = 0; i < s.expert_load.size(); ++i)
          box->addItem(tr("layer %1").arg(planCurrent() && qsizetype(i) < m_plan.moeLayers.size() ? m_plan.moeLayers[qsizetype(i)] : int(i)));
        box->setCurrentIndex(std::clamp(m_expertLayer, 0, box->count() - 1));
        m_expertLayer = box->currentIndex();
        m_page->expertPanel()->setVisible(true);
      }
      m_expertHistory.push_back(s.expert_load);
      m_expertSteps.push_back(double(s.step));
      const auto& load = s.expert_load[size_t(std::min<int>(m_expertLayer, int(s.expert_load.size()) - 1))];
      m_page->expertLoadMap()->appendColumn(double(s.step), QVector<double>(load.begin(), load.end()));
      if (m_expertHistory.size() > 4000) {  // keep every other step of long runs
        for (size_t i = 0; i < m_expertHistory.size() / 2; ++i) {
          m_expertHistory[i] = std::move(m_expertHistory[2 * i]);
          m_expertSteps[i] = m_expertSteps[2 * i];
        }
        m_expertHistory.resize(m_expertHistory.size() / 2);
        m_expertSteps.resize(m_expertSteps.size() / 2);
      }
    }
  }
}

void FinetuneController::selectExpertLayer(int index) {
  if (index < 0) return;
  m_expertLayer = index;
  StepHeatmap* map = m_page->expertLoadMap();
  map->clear();
  for (size_t i = 0; i < m_expertHistory.size(); ++i)
    if (size_t(index) < m_expertHistory[i].size()) {
      const auto& load = m_expertHistory[i][size_t(index)];
      map->appendColumn(m_expertSteps[i], QVector<double>(load.begin(), load.end()));
    }
}

void FinetuneController::onFinished(const FinetuneOutcome& o) {
  if (o.jobId != m_activeJob) return;
  drain();
  m_jobs.succeed(o.jobId, FinetunePresentation::outcomeText(o));
  m_activeJob = 0;
  m_outcome = o;
  m_haveOutcome = true;
  FinetuneForm* form = m_page->form();
  form->setRunning(false);
  form->setNotice(tr("Finished: %1").arg(QFileInfo(o.resultDir).fileName()));
  m_page->resultLabel()->setText(FinetunePresentation::outcomeText(o));
  m_page->resultBox()->setVisible(true);
  m_page->statusLabel()->setText(m_stepsShown ? FinetunePresentation::statusLine(m_lastStep, m_lastEval, 0) : tr("Finished."));
  // The next run gets a folder of its own; this one stays resumable from the Runs tab.
  suggestOutputDir();
  form->setResumable(outputResumable());
  if (form->openResultBox()->isChecked()) openResult();
  updateButtons();
  refreshRuns();
  emit trainingFinished(true, FinetunePresentation::outcomeText(o));
}

void FinetuneController::onFailed(int jobId, const QString& code, const QString& message) {
  if (jobId != m_activeJob) return;
  drain();
  m_jobs.fail(jobId, code, message);
  m_activeJob = 0;
  FinetuneForm* form = m_page->form();
  form->setRunning(false);
  form->setResumable(outputResumable());
  const QString text = code == u"cancelled" ? tr("Cancelled: %1. Resume continues from the checkpoint, exactly.").arg(message)
                       : code == u"out_of_memory" ? tr("Refused before starting: %1").arg(message)
                                                  : tr("The run stopped: %1").arg(message);
  form->setNotice(text);
  m_page->statusLabel()->setText(text);
  updateButtons();
  emit trainingFinished(false, message);
}

void FinetuneController::updateButtons() {
  m_page->loadRunButton()->setEnabled(m_page->selectedRunId() != 0 && !isTraining());
  updateResultButtons();
}

// ---- the result beside its base --------------------------------------------------------------------

void FinetuneController::openResult() {
  if (!m_haveOutcome) return;
  const dsw::TrainConfig& c = m_outcome.config;
  m_pairRunDir = absolutePath(c.output_dir);
  m_pairChat = c.data.format != dsw::DataFormat::text;
  m_pairPrompts = planCurrent() && m_plan.config.data.path == c.data.path ? m_plan.evalPrompts : FinetuneWorker::evalPrompts(c, 4);
  openPair(absolutePath(c.model), m_outcome.resultDir, c.mode == dsw::TrainMode::lora);
}

void FinetuneController::openPair(const QString& base, const QString& result, bool adapter) {
  m_pairBase = base;
  m_pairResult = result;
  m_pairAdapter = adapter;
  m_baseModel = m_models.openModel(base);
  m_resultModel = adapter ? m_models.openModelWithAdapter(base, result) : m_models.openModel(result);
  updateResultButtons();
  const OpenModel* a = m_models.model(m_baseModel);
  const OpenModel* b = m_models.model(m_resultModel);
  if (a && b && a->ready && b->ready) emit resultReady(m_baseModel, m_resultModel);
}

void FinetuneController::onModelReady(int id) {
  refreshModels();
  if (id != m_baseModel && id != m_resultModel) return;
  updateResultButtons();
  const OpenModel* a = m_models.model(m_baseModel);
  const OpenModel* b = m_models.model(m_resultModel);
  if (a && b && a->ready && b->ready) emit resultReady(m_baseModel, m_resultModel);
}

void FinetuneController::updateResultButtons() {
  const OpenModel* a = m_models.model(m_baseModel);
  const OpenModel* b = m_models.model(m_resultModel);
  const bool pair = a && b && a->ready && b->ready;
  m_page->openResultButton()->setEnabled(m_haveOutcome && !pair);
  m_page->sideBySideButton()->setEnabled(pair && !a->summary.tokenizer.isEmpty() && !m_sideBySide->isRunning());
  m_page->perplexityButton()->setEnabled(pair && !m_pairRunDir.isEmpty() && m_pplJobs.isEmpty() && !a->summary.tokenizer.isEmpty());
  // Routing exists only where the model has MoE layers.
  m_page->routingButton()->setEnabled(pair && a->summary.moe && !a->summary.tokenizer.isEmpty());
}

bool FinetuneController::compareRouting() {
  const OpenModel* a = m_models.model(m_baseModel);
  const OpenModel* b = m_models.model(m_resultModel);
  if (!a || !b || !a->ready || !b->ready || !a->summary.moe) return false;
  // The run's eval prompts (the text it was measured on), else a short default.
  QString prompt = m_pairPrompts.join(QStringLiteral("\n\n"));
  if (prompt.trimmed().isEmpty()) prompt = m_pairChat ? tr("Explain what you were trained to do.") : QStringLiteral("Once upon a time");
  emit routingShiftRequested(a->path, b->path, b->adapter, prompt);
  emit showAreaRequested(QStringLiteral("inspect"));
  return true;
}

bool FinetuneController::compareSideBySide() {
  const OpenModel* a = m_models.model(m_baseModel);
  const OpenModel* b = m_models.model(m_resultModel);
  if (!a || !b || !a->ready || !b->ready) return false;
  QStringList prompts = m_pairPrompts;
  if (prompts.isEmpty()) prompts << (m_pairChat ? tr("Explain what you were trained to do.") : QStringLiteral("Once upon a time"));
  m_sideBySide->show(m_baseModel, m_resultModel, prompts, m_pairChat);
  return m_sideBySide->start();
}

bool FinetuneController::comparePerplexity() {
  const OpenModel* models[2] = {m_models.model(m_baseModel), m_models.model(m_resultModel)};
  if (!models[0] || !models[1] || !models[0]->ready || !models[1]->ready || m_pairRunDir.isEmpty() || !m_pplJobs.isEmpty()) return false;
  m_pplRows.clear();
  const QString runName = QFileInfo(m_pairRunDir).fileName();
  for (int side = 0; side < 2; ++side) {
    const OpenModel* m = models[side];
    if (!m_connectedWorkers.contains(m->id)) {
      m_connectedWorkers.append(m->id);
      connect(m->worker, &ModelWorker::benchFinished, this, &FinetuneController::onBenchFinished);
      connect(m->worker, &ModelWorker::failed, this, &FinetuneController::onBenchFailed);
    }
    BenchRequest r;
    r.suite = QStringLiteral("eval-split");
    r.trainRun = m_pairRunDir;
    r.label = side == 0 ? tr("base") : runName;
    r.hashCacheDb = m_dbPath;
    const JobHandle job = m_jobs.begin(QStringLiteral("bench"), m->path,
                                       JobsController::titled(tr("Perplexity on the eval split (%1)").arg(r.label),
                                                              QStringLiteral("{\"suite\":\"eval-split\",\"run\":\"%1\"}").arg(m_pairRunDir)),
                                       true);
    r.jobId = job.id;
    r.cancel = job.cancel;
    m_pplJobs.insert(job.id, side);
    ModelWorker* worker = m->worker;
    QMetaObject::invokeMethod(worker, [worker, r] { worker->benchmark(r); }, Qt::QueuedConnection);
  }
  updateResultButtons();
  return true;
}

void FinetuneController::onBenchFinished(int jobId, const BenchRows& rows) {
  if (!m_pplJobs.contains(jobId)) return;
  // Stored through the Benchmarks area's own store service; its answer ends the job.
  emit m_benchmarks.requestInsert(jobId, rows);
}

void FinetuneController::onBenchFailed(int jobId, const QString& code, const QString& message) {
  if (!m_pplJobs.contains(jobId)) return;
  m_jobs.fail(jobId, code, message);
  for (auto it = m_pplJobs.begin(); it != m_pplJobs.end(); ++it)
    if (it.key() != jobId) m_jobs.cancel(it.key());
  m_pplJobs.clear();
  m_page->resultLabel()->setText(tr("The perplexity comparison failed: %1").arg(message));
  updateResultButtons();
}

void FinetuneController::onBenchStored(int jobId, const QList<qint64>& ids) {
  if (!m_pplJobs.contains(jobId) || ids.isEmpty()) return;
  m_pplRows.insert(m_pplJobs.take(jobId), ids.first());
  if (!m_pplJobs.isEmpty()) return;
  m_pendingCompare = {m_pplRows.value(0), m_pplRows.value(1)};
  comparePending();
}

void FinetuneController::comparePending() {
  if (m_pendingCompare.isEmpty()) return;
  // Both rows must be in the Benchmarks list first (a list asked for before the second row was
  // stored would drop it from the comparison): otherwise the next refresh comes back here.
  for (qint64 id : m_pendingCompare) {
    const auto& rows = m_benchmarks.runs();
    if (std::none_of(rows.begin(), rows.end(), [id](const dsw::BenchRow& r) { return r.id.value_or(0) == id; })) return;
  }
  const QList<qint64> pair = m_pendingCompare;
  m_pendingCompare.clear();
  m_benchmarks.compareRuns(pair);
  m_benchmarks.setMetric(QStringLiteral("perplexity"));
  updateResultButtons();
  emit perplexityCompared(pair);
  emit showAreaRequested(QStringLiteral("benchmarks"));
}

// ---- stored runs -----------------------------------------------------------------------------------

void FinetuneController::refreshRuns() {
  if (m_dbPath.isEmpty()) return;
  FinetuneWorker* w = m_planWorker;
  const QString db = m_dbPath;
  QMetaObject::invokeMethod(w, [w, db] { w->listRuns(db); }, Qt::QueuedConnection);
}

QStringList FinetuneController::runColumns() const {
  return {tr("Run"), tr("Finished"), tr("Source"), tr("Model"), tr("Steps"), tr("Final loss"), tr("Eval loss"), tr("Result"), tr("Audit")};
}

void FinetuneController::onRunsListed(const TrainRuns& runs, const QString& error) {
  m_runs = runs;
  const qint64 keep = m_page->selectedRunId();
  m_runsModel->clear();
  m_runsModel->setHorizontalHeaderLabels(runColumns());
  for (const auto& r : runs) {
    QList<QStandardItem*> row;
    auto* id = new QStandardItem;
    id->setData(qlonglong(r.id), Qt::DisplayRole);
    id->setData(qlonglong(r.id), Qt::UserRole);
    row << id << new QStandardItem(q(r.created_at)) << new QStandardItem(r.source == "imported" ? tr("imported") : tr("local"))
        << new QStandardItem(QFileInfo(q(r.model_path)).fileName()) << new QStandardItem(QString::number(r.steps))
        << new QStandardItem(r.final_loss ? QLocale().toString(*r.final_loss, 'f', 4) : QString())
        << new QStandardItem(r.final_eval_loss ? QLocale().toString(*r.final_eval_loss, 'f', 4) : QString())
        << new QStandardItem(q(r.adapter_dir)) << new QStandardItem(q(r.audit));
    row[3]->setToolTip(q(r.model_path));
    row[7]->setToolTip(q(r.adapter_dir));
    for (auto* it : row) it->setEditable(false);
    m_runsModel->appendRow(row);
  }
  QTableView* table = m_page->runsView()->tableView();
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  for (int r = 0; r < m_runsModel->rowCount(); ++r)
    if (m_runsModel->item(r, 0)->data(Qt::UserRole).toLongLong() == keep) {
      const QModelIndex i = m_page->runsView()->proxy()->mapFromSource(m_runsModel->index(r, 0));
      table->selectionModel()->select(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
  if (!error.isEmpty()) m_page->runsView()->filterEdit()->setPlaceholderText(tr("Runs are unavailable: %1").arg(error));
  updateButtons();
  emit runsRefreshed(int(runs.size()));
}

void FinetuneController::onRunMetrics(qint64 runId, const TrainMetricRows& rows) {
  if (runId != m_page->selectedRunId()) return;
  TrainingChart* chart = m_page->runChart();
  chart->clear();
  for (const auto& r : rows) {
    if (r.loss) chart->append(TrainSeries, double(r.step), *r.loss);
    if (r.eval_loss) chart->append(EvalSeries, double(r.step), *r.eval_loss);
  }
}

const dsw::TrainRunRecord* FinetuneController::findRun(qint64 id) const {
  for (const auto& r : m_runs)
    if (r.id == id) return &r;
  return nullptr;
}

void FinetuneController::useRunSettings(qint64 runId) {
  const dsw::TrainRunRecord* r = findRun(runId);
  if (!r || isTraining()) return;
  auto c = dsw::train_config_from_json(r->config_json, "run " + std::to_string(runId));
  if (!c.is_ok()) {
    m_page->form()->setNotice(tr("The run's settings cannot be read: %1").arg(q(std::string(c.status().message()))));
    return;
  }
  if (c->model.empty()) c->model = r->model_path;
  m_page->form()->setConfig(*c);
  m_page->form()->setResumable(outputResumable());
  m_page->form()->setNotice(outputResumable() ? tr("Settings of run %1 loaded: Resume continues it, or choose a new output folder for a new run.").arg(runId)
                                              : tr("Settings of run %1 loaded.").arg(runId));
  requestPlan();
}

void FinetuneController::openRun(qint64 runId) {
  const dsw::TrainRunRecord* r = findRun(runId);
  if (!r || r->adapter_dir.empty() || r->model_path.empty()) return;
  auto c = dsw::train_config_from_json(r->config_json, "run");
  const bool full = c.is_ok() && c->mode == dsw::TrainMode::full;
  m_pairRunDir = q(r->output_dir);
  if (!QFileInfo::exists(QDir(m_pairRunDir).filePath(QStringLiteral("run.json")))) m_pairRunDir.clear();
  m_pairChat = !c.is_ok() || c->data.format != dsw::DataFormat::text;
  m_pairPrompts = c.is_ok() ? FinetuneWorker::evalPrompts(*c, 4) : QStringList{};
  m_page->tabs()->setCurrentIndex(FinetunePage::TrainingTab);
  m_page->resultLabel()->setText(tr("Run %1: %2").arg(runId).arg(q(r->adapter_dir)));
  m_page->resultBox()->setVisible(true);
  openPair(q(r->model_path), q(r->adapter_dir), !full);
}

// ---- charts, theme, language ----------------------------------------------------------------------

void FinetuneController::setupCharts() {
  m_page->lossChart()->addSeries(QString(), TrainingChart::Style::Line);
  m_page->lossChart()->addSeries(QString(), TrainingChart::Style::Markers);
  m_page->lrChart()->addSeries(QString());
  m_page->gradChart()->addSeries(QString());
  m_page->gradChart()->addSeries(QString(), TrainingChart::Style::Markers, m_theme.color(QStringLiteral("danger")));
  m_page->gradChart()->setLogY(true);
  m_page->speedChart()->addSeries(QString());
  m_page->memoryChart()->addSeries(QString());
  m_page->layerGradMap()->setLogValues(true);
  m_page->runChart()->addSeries(QString(), TrainingChart::Style::Line);
  m_page->runChart()->addSeries(QString(), TrainingChart::Style::Markers);
}

void FinetuneController::resetCharts() {
  for (TrainingChart* c : {m_page->lossChart(), m_page->lrChart(), m_page->gradChart(), m_page->speedChart(), m_page->memoryChart()}) c->clear();
  m_page->layerGradMap()->clear();
  m_page->expertLoadMap()->clear();
  m_page->expertPanel()->setVisible(false);
  m_page->flagList()->clear();
  m_page->flagList()->setVisible(false);
  m_page->gradientLabel()->clear();
  m_monitor.reset();
  m_monitor.setTrainableLayers({});
  m_expertHistory.clear();
  m_expertSteps.clear();
  m_stepsShown = 0;
  m_lastStep = {};
  m_lastEval.reset();
  m_firstStepOfRun = -1;
  m_steps->drain();
}

void FinetuneController::applyTheme() {
  const ChartTheme t = m_theme.chartTheme();
  for (TrainingChart* c : {m_page->lossChart(), m_page->lrChart(), m_page->gradChart(), m_page->speedChart(), m_page->memoryChart(), m_page->runChart()})
    c->setTheme(t);
  m_page->layerGradMap()->setTheme(t);
  m_page->expertLoadMap()->setTheme(t);
  m_audit->setAdaptedColor(m_theme.color(QStringLiteral("success")), m_theme.color(QStringLiteral("muted")));
  m_page->preview()->setColors(m_theme.color(QStringLiteral("sunken")).darker(108), m_theme.color(QStringLiteral("muted")), m_theme.color(QStringLiteral("text")));
  m_page->setIcons(m_theme.icon(QStringLiteral("refresh")), m_theme.icon(QStringLiteral("models")));
  if (m_planReceived) onPlanned(m_plan);
}

void FinetuneController::retranslate() {
  const QString step = tr("step");
  m_page->lossChart()->setTitle(tr("Loss"));
  m_page->lossChart()->setSeriesName(TrainSeries, tr("train"));
  m_page->lossChart()->setSeriesName(EvalSeries, tr("eval"));
  m_page->lrChart()->setTitle(tr("Learning rate"));
  m_page->lrChart()->setSeriesName(0, tr("learning rate"));
  m_page->gradChart()->setTitle(tr("Gradient norm before clipping (log scale)"));
  m_page->gradChart()->setSeriesName(0, tr("global norm"));
  m_page->gradChart()->setSeriesName(FlaggedSeries, tr("flagged"));
  m_page->speedChart()->setTitle(tr("Tokens per second"));
  m_page->memoryChart()->setTitle(tr("Resident memory (MiB)"));
  m_page->layerGradMap()->setTitle(tr("Gradient norm per layer"));
  m_page->layerGradMap()->setAxisLabels(step, tr("layer"), tr("log10 norm"));
  m_page->expertLoadMap()->setTitle(tr("Expert load: share of routed assignments"));
  m_page->expertLoadMap()->setAxisLabels(step, tr("expert"), tr("share"));
  m_page->runChart()->setTitle(tr("Loss of the selected run"));
  m_page->runChart()->setSeriesName(TrainSeries, tr("train"));
  m_page->runChart()->setSeriesName(EvalSeries, tr("eval"));
  for (TrainingChart* c : {m_page->lossChart(), m_page->lrChart(), m_page->gradChart(), m_page->speedChart(), m_page->memoryChart(), m_page->runChart()})
    c->setAxisLabels(step, QString());
  m_page->routingButton()->setToolTip(tr("Compares where the MoE layers send the eval prompts' tokens in the base and in the result (Inspect's routing comparison)"));
  m_page->preview()->setEmptyText(tr("Choose a base model and a data file: the first rows appear here as the run will see them."));
  m_audit->retranslate();
  if (m_planReceived) onPlanned(m_plan);
  if (!m_runs.empty()) onRunsListed(m_runs, {});
  if (m_haveOutcome) m_page->resultLabel()->setText(FinetunePresentation::outcomeText(m_outcome));
}
