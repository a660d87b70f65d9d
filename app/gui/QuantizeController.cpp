// QuantizeController (see header).
#include "QuantizeController.h"

#include "BarChart.h"
#include "CoverageHeatmap.h"
#include "JobsController.h"
#include "ModelsController.h"
#include "QuantizeForm.h"
#include "QuantizePage.h"
#include "QuantizePresentation.h"
#include "QuantizeResultView.h"
#include "QuantizeWorker.h"
#include "ThemeManager.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QThread>

QuantizeController::QuantizeController(ModelsController& models, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                                       QObject* parent)
    : QObject(parent), m_models(models), m_jobs(jobs), m_theme(theme), m_dialogParent(dialogParent), m_page(new QuantizePage) {
  registerQuantizeTypes();
  m_thread = new QThread(this);
  m_thread->setObjectName(QStringLiteral("quantize"));
  m_worker = new QuantizeWorker;
  m_worker->moveToThread(m_thread);
  connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  connect(m_worker, &QuantizeWorker::started, this, &QuantizeController::onStarted);
  connect(m_worker, &QuantizeWorker::progress, this, &QuantizeController::onProgress);
  connect(m_worker, &QuantizeWorker::finished, this, &QuantizeController::onFinished);
  connect(m_worker, &QuantizeWorker::failed, this, &QuantizeController::onFailed);
  m_thread->start();

  QuantizeForm* form = m_page->form();
  QuantizeResultView* result = m_page->result();
  form->setAvailability(/*awq=*/true, /*safetensors=*/true);
  connect(form, &QuantizeForm::runRequested, this, [this] { startQuantize(); });
  connect(form, &QuantizeForm::cancelRequested, this, &QuantizeController::cancelQuantize);
  connect(form, &QuantizeForm::schemeChanged, this, &QuantizeController::suggestOutput);
  connect(form, &QuantizeForm::browseCalibRequested, this, [this, form] {
    const QString path = QFileDialog::getOpenFileName(m_dialogParent, tr("Calibration text"), form->calibEdit()->text(),
                                                      tr("Text or JSONL (*.txt *.jsonl *.md);;All files (*)"));
    if (!path.isEmpty()) form->calibEdit()->setText(path);
  });
  connect(form, &QuantizeForm::browseEvalRequested, this, [this, form] {
    const QString path = QFileDialog::getOpenFileName(m_dialogParent, tr("Evaluation text"), form->evalEdit()->text(),
                                                      tr("Text files (*.txt *.md *.raw);;All files (*)"));
    if (!path.isEmpty()) form->evalEdit()->setText(path);
  });
  connect(form, &QuantizeForm::browseOutRequested, this, [this, form] {
    const bool folder = form->formatBox()->currentData().toString() == u"safetensors";
    const QString path = folder ? QFileDialog::getSaveFileName(m_dialogParent, tr("Output folder"), form->outEdit()->text())
                                : QFileDialog::getSaveFileName(m_dialogParent, tr("Output file"), form->outEdit()->text(),
                                                               tr("GGUF (*.gguf)"));
    if (!path.isEmpty()) form->outEdit()->setText(path);
  });
  connect(result, &QuantizeResultView::openRequested, this, [this] { openResult(); });
  connect(result, &QuantizeResultView::compareRequested, this, [this] {
    if (!m_storedRows.isEmpty()) emit compareRequested(m_storedRows, QString::fromStdString(m_report.model_path));
  });
  connect(result, &QuantizeResultView::loadReportRequested, this, [this] {
    const QString path = QFileDialog::getOpenFileName(m_dialogParent, tr("Quantization report"), QString(),
                                                      tr("Quantization reports (*.quant.json);;JSON (*.json)"));
    if (!path.isEmpty()) loadReport(path);
  });
  connect(m_page, &QuantizePage::retranslated, this, &QuantizeController::retranslate);
  connect(&m_models, &ModelsController::modelReady, this, &QuantizeController::refreshModels);
  connect(&m_models, &ModelsController::modelClosed, this, &QuantizeController::refreshModels);
  connect(&m_models, &ModelsController::currentModelChanged, this, &QuantizeController::refreshModels);
  connect(&m_theme, &ThemeManager::themeChanged, this, &QuantizeController::applyTheme);
  applyTheme();
  refreshModels();
}

QuantizeController::~QuantizeController() {
  if (m_activeJob) m_jobs.cancel(m_activeJob);  // the engine stops at its next Linear
  m_thread->quit();
  m_thread->wait();
}

void QuantizeController::applyTheme() {
  QuantizeResultView* result = m_page->result();
  result->errorChart()->setTheme(m_theme.chartTheme());
  result->errorChart()->setToneColors(m_theme.color(QStringLiteral("success")), m_theme.color(QStringLiteral("danger")));
  result->coverageMap()->setTheme(m_theme.chartTheme());
  result->coverageMap()->setMissingColor(m_theme.color(QStringLiteral("danger")));
}

void QuantizeController::retranslate() {
  refreshModels();
  if (m_hasResult) {
    QuantizeOutcome o;
    o.jobId = m_resultJob;
    o.report = m_report;
    o.quality = m_quality;
    o.qualityError = m_qualityNote;
    const QList<qint64> stored = m_storedRows;
    showOutcome(o);
    m_storedRows = stored;
    m_page->result()->compareButton()->setEnabled(!stored.isEmpty());
  }
}

// ---- the form ----------------------------------------------------------------------------------------

QString QuantizeController::modelPathFor(int modelId) const {
  const OpenModel* m = m_models.model(modelId);
  return m ? m->path : QString();
}

void QuantizeController::refreshModels() {
  QComboBox* box = m_page->form()->modelBox();
  const int keep = box->currentData().toInt();
  box->blockSignals(true);
  box->clear();
  for (const OpenModel* m : m_models.readyModels()) box->addItem(m->summary.name, m->id);
  int index = box->findData(keep ? keep : m_models.currentModelId());
  if (index < 0) index = box->findData(m_models.currentModelId());
  box->setCurrentIndex(index >= 0 ? index : 0);
  box->blockSignals(false);
  QuantizeForm* form = m_page->form();
  form->setRunning(m_activeJob != 0);
  if (!m_activeJob) form->setNotice(box->count() == 0 ? tr("Open the model to quantize in the Models area.") : QString());
  suggestOutput();
}

void QuantizeController::suggestOutput() {
  QuantizeForm* form = m_page->form();
  QLineEdit* out = form->outEdit();
  if (!out->text().isEmpty() && out->text() != m_suggestedOut) return;  // the user chose a path
  const QString model = modelPathFor(form->modelBox()->currentData().toInt());
  if (model.isEmpty()) return;
  const QFileInfo info(model);
  // Beside the original: <folder>-<scheme>.gguf for a model folder, <name>-<scheme>.gguf for a file.
  const QString base = info.isDir() ? QDir::cleanPath(info.absoluteFilePath()) : info.absolutePath() + u'/' + info.completeBaseName();
  const bool folder = form->formatBox()->currentData().toString() == u"safetensors";
  m_suggestedOut = base + u'-' + form->schemeTag() + (folder ? QString() : QStringLiteral(".gguf"));
  out->setText(m_suggestedOut);
}

// ---- running -----------------------------------------------------------------------------------------

int QuantizeController::startQuantize() {
  if (m_activeJob) return 0;
  QuantizeForm* form = m_page->form();
  const int modelId = form->modelBox()->currentData().toInt();
  const OpenModel* m = m_models.model(modelId);
  if (!m || !m->ready) {
    form->setNotice(tr("Open the model to quantize in the Models area."));
    return 0;
  }
  QuantizeRequest r = form->request();
  r.model = m->path;
  r.hashCacheDb = m_dbPath;
  r.threads = std::max(1, QThread::idealThreadCount() - 1);  // the GUI keeps a core
  if (r.out.isEmpty()) {
    form->setNotice(tr("Choose where to write the quantized model."));
    return 0;
  }
  if (QFileInfo(r.out).absoluteFilePath() == QFileInfo(r.model).absoluteFilePath()) {
    form->setNotice(tr("The output would replace the original; choose another path."));
    return 0;
  }
  if ((r.method == u"gptq" || r.awq) && r.calibFile.isEmpty()) {
    form->setNotice(tr("GPTQ and AWQ scaling need a calibration text: choose a .txt or .jsonl file."));
    return 0;
  }
  if (!r.evalFile.isEmpty() && !QFileInfo(r.evalFile).isFile()) {
    form->setNotice(tr("The evaluation text %1 does not exist.").arg(r.evalFile));
    return 0;
  }
  QJsonObject params{{QStringLiteral("method"), r.method}, {QStringLiteral("bits"), r.bits},   {QStringLiteral("group"), r.group},
                     {QStringLiteral("symmetric"), r.symmetric}, {QStringLiteral("mix"), r.mix}, {QStringLiteral("format"), r.format},
                     {QStringLiteral("out"), r.out},         {QStringLiteral("calib"), r.calibFile}, {QStringLiteral("eval"), r.evalFile},
                     {QStringLiteral("scheme"), form->schemeTag()}};
  // The Jobs area words the title from these settings (JobsController::titleFor, kind "quantize").
  const JobHandle job = m_jobs.begin(QStringLiteral("quantize"), m->path, QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)), true);
  r.jobId = job.id;
  r.cancel = job.cancel;
  m_activeJob = job.id;
  m_openWhenDone = form->openResultBox()->isChecked();
  form->setRunning(true);
  form->setNotice(QString());
  form->setProgress(0, 0, -1, tr("Waiting to start…"));
  QuantizeWorker* worker = m_worker;
  QMetaObject::invokeMethod(worker, [worker, r] { worker->run(r); }, Qt::QueuedConnection);
  return job.id;
}

void QuantizeController::cancelQuantize() {
  if (!m_activeJob) return;
  m_jobs.cancel(m_activeJob);
  m_page->form()->setNotice(tr("Cancelling… the job stops after the Linear it is working on."));
}

void QuantizeController::onStarted(int jobId) {
  if (jobId != m_activeJob) return;
  m_jobs.markStarted(jobId);
  m_page->form()->setProgress(0, 0, -1, tr("Opening the model…"));
}

void QuantizeController::onProgress(int jobId, const JobProgress& p, double etaSeconds) {
  if (jobId != m_activeJob) return;
  JobProgress shown = p;
  QString text;
  if (p.phase == u"quantize") {
    shown.phase = tr("Quantizing");
    text = tr("Layer %1 of %2 quantized").arg(p.step).arg(p.total - 1);  // the last step is the output head
    if (p.step >= p.total) text = tr("All layers quantized");
    emit layerProgress(p.step, p.total, etaSeconds);
  } else if (p.phase == u"export") {
    shown.phase = tr("Writing");
    text = tr("Writing %1").arg(QFileInfo(m_page->form()->outEdit()->text()).fileName());
  } else if (p.phase == u"quality") {
    shown.phase = tr("Measuring quality");
    text = tr("Measuring quality: window %1 of %2").arg(p.step).arg(p.total);
  } else if (p.phase == u"open" || p.phase == u"load") {
    text = tr("Opening the model…");
  } else if (p.phase == u"hash") {
    text = tr("Hashing the written model…");
  } else {
    text = p.phase;
  }
  m_jobs.updateProgress(jobId, shown);
  m_page->form()->setProgress(p.step, p.total, p.phase == u"quantize" ? etaSeconds : -1, text);
}

void QuantizeController::endJob() {
  m_activeJob = 0;
  QuantizeForm* form = m_page->form();
  form->setRunning(false);
  form->clearProgress();
}

void QuantizeController::onFailed(int jobId, const QString& code, const QString& message) {
  if (jobId != m_activeJob) return;
  m_jobs.fail(jobId, code, message);
  endJob();
  m_page->form()->setNotice(code == u"cancelled" ? tr("The quantization was cancelled; nothing was written.")
                                                 : tr("The quantization failed: %1").arg(message));
  emit quantizeFinished(jobId, false);
}

void QuantizeController::onFinished(const QuantizeOutcome& outcome) {
  const int jobId = outcome.jobId;
  if (jobId != m_activeJob) return;
  const QString out = QString::fromStdString(outcome.report.output_path);
  QString message = tr("Wrote %1").arg(out);
  if (outcome.quality && outcome.quality->delta_ppl_pct)
    message += QStringLiteral(" · ") + tr("Δppl %1").arg(QuantizeView::signedPercent(*outcome.quality->delta_ppl_pct));
  m_jobs.succeed(jobId, message);
  endJob();
  showOutcome(outcome);
  m_page->form()->setNotice(outcome.qualityError.isEmpty() ? message
                                                           : tr("Wrote %1, but the quality measurement failed: %2").arg(out, outcome.qualityError));
  if (outcome.quality) emit requestInsert(jobId, {*outcome.quality});  // the job has ended; storing is a side effect
  if (m_openWhenDone) openResult();
  emit quantizeFinished(jobId, true);
}

// ---- the result --------------------------------------------------------------------------------------

void QuantizeController::showOutcome(const QuantizeOutcome& outcome) {
  m_hasResult = true;
  m_resultJob = outcome.jobId;
  m_report = outcome.report;
  m_quality = outcome.quality;
  m_qualityNote = outcome.qualityError;
  m_storedRows.clear();
  QuantizeResultView* view = m_page->result();
  const QString name = QFileInfo(QString::fromStdString(m_report.output_path.empty() ? m_report.model_path : m_report.output_path)).fileName();
  view->setHeadline(name, QuantizeView::headline(m_report, m_quality));
  view->setSummary(QuantizeView::summary(m_report, m_quality, m_qualityNote));
  const QuantizeLayerErrors errors = QuantizeView::layerErrors(m_report, m_quality);
  view->setLayerErrors(errors.bars, errors.axisTitle);
  const QuantizeCoverage coverage = QuantizeView::coverage(m_report);
  view->setCoverage(coverage.layers, coverage.experts, coverage.counts, coverage.starved);
  view->setLinears(QuantizeView::linearColumns(), QuantizeView::linearRows(m_report));
  view->compareButton()->setEnabled(false);  // until the quality row is stored
  view->openButton()->setEnabled(!m_report.output_path.empty() && QFileInfo::exists(QString::fromStdString(m_report.output_path)));
}

void QuantizeController::onInserted(int jobId, const QList<qint64>& ids) {
  if (!jobId || jobId != m_resultJob) return;
  m_storedRows = ids;
  m_page->result()->compareButton()->setEnabled(!ids.isEmpty());
}

bool QuantizeController::loadReport(const QString& path) {
  QFile f(path);
  QuantizeForm* form = m_page->form();
  if (!f.open(QIODevice::ReadOnly)) {
    form->setNotice(tr("Could not read %1: %2").arg(path, f.errorString()));
    return false;
  }
  const QByteArray bytes = f.read(64 << 20);
  auto report = dsw::quantize_report_from_json(std::string_view(bytes.constData(), size_t(bytes.size())));
  if (!report.is_ok()) {
    form->setNotice(tr("%1 is not a quantization report: %2").arg(path, QString::fromStdString(report.status().message())));
    return false;
  }
  QuantizeOutcome o;
  o.report = std::move(report).value();
  if (o.report.output_path.empty()) {  // the report sits beside its output: OUT.quant.json
    QString out = path;
    if (out.endsWith(QStringLiteral(".quant.json"))) out.chop(int(QStringLiteral(".quant.json").size()));
    o.report.output_path = out.toStdString();
  }
  o.qualityError = tr("Loaded from a report; run the quality suite in Benchmarks or quantize again with an evaluation text.");
  showOutcome(o);
  form->setNotice(tr("Showing the report %1").arg(path));
  return true;
}

int QuantizeController::openResult() {
  if (!m_hasResult || m_report.output_path.empty()) return 0;
  const QString out = QString::fromStdString(m_report.output_path);
  const QString abs = QFileInfo(out).absoluteFilePath();
  for (const OpenModel* m : m_models.readyModels())
    if (QFileInfo(m->path).absoluteFilePath() == abs) return m->id;
  return m_models.openModel(out);
}
