// BenchmarksController (see header).
#include "BenchmarksController.h"

#include "BarChart.h"
#include "BenchPresentation.h"
#include "BenchRunForm.h"
#include "BenchTableModel.h"
#include "BenchmarksPage.h"
#include "ComparisonPanel.h"
#include "ComparisonTableModel.h"
#include "FileDialogs.h"
#include "JobsController.h"
#include "ModelWorker.h"
#include "ModelsController.h"
#include "ReportExporter.h"
#include "SweepChart.h"
#include "ThemeManager.h"

#include <QCheckBox>
#include <QComboBox>
#include <QInputDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>

namespace {

QColor blend(const QColor& a, const QColor& b, double t) {
  return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                          float(a.blueF() * (1 - t) + b.blueF() * t));
}

}  // namespace

BenchmarksController::BenchmarksController(ModelsController& models, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                                           QObject* parent)
    : QObject(parent), m_models(models), m_jobs(jobs), m_theme(theme), m_dialogParent(dialogParent), m_results(new BenchTableModel(this)),
      m_comparisonModel(new ComparisonTableModel(this)) {
  m_results->setColumns(BenchPresentation::resultColumns());  // before the view: it sizes the columns
  m_results->setNoisyText(BenchPresentation::noisyText());
  m_page = new BenchmarksPage(m_results, m_comparisonModel);
  BenchRunForm* form = m_page->form();
  ComparisonPanel* panel = m_page->comparison();
  connect(m_page, &BenchmarksPage::refreshRequested, this, &BenchmarksController::refresh);
  connect(m_page, &BenchmarksPage::selectionChanged, this, &BenchmarksController::onSelectionChanged);
  connect(m_page, &BenchmarksPage::retranslated, this, &BenchmarksController::retranslate);
  connect(form, &BenchRunForm::runRequested, this, [this] { startBenchmark(); });
  connect(form, &BenchRunForm::cancelRequested, this, &BenchmarksController::cancelBenchmark);
  connect(form, &BenchRunForm::browseRequested, this, [this, form] {
    const QString path = FileDialogs::openFile(m_dialogParent, m_models.settings(), tr("Text for the perplexity suite"),
                                               tr("Text files (*.txt *.md *.raw);;All files (*)"));
    if (!path.isEmpty()) form->fileEdit()->setText(path);
  });
  connect(panel->baselineBox(), &QComboBox::currentIndexChanged, this, [this, panel] {
    if (!m_updating) setBaseline(panel->baselineBox()->currentData().toLongLong());
  });
  connect(panel->metricBox(), &QComboBox::currentIndexChanged, this, [this, panel] {
    if (!m_updating) setMetric(panel->metricBox()->currentData().toString());
  });
  connect(panel->exportButton(), &QPushButton::clicked, this, &BenchmarksController::exportWithDialog);
  connect(panel->verdictsAcrossSettingsBox(), &QCheckBox::toggled, this, [this] { updateComparison(); });
  connect(m_page, &BenchmarksPage::relabelRequested, this, &BenchmarksController::relabelSelected);
  connect(m_page, &BenchmarksPage::deleteRequested, this, &BenchmarksController::deleteSelected);
  connect(&m_models, &ModelsController::modelReady, this, [this](int id) {
    connectWorker(id);
    refreshModels();
  });
  connect(&m_models, &ModelsController::modelClosed, this, [this](int id) {
    m_connected.remove(id);
    if (m_activeModel == id && m_activeJob) {
      m_jobs.cancel(m_activeJob);  // the engine stops at its next step
      m_jobs.fail(m_activeJob, QStringLiteral("cancelled"), [] { return tr("The model was closed."); });
      m_activeJob = 0;
      m_activeModel = 0;
      m_page->form()->setRunning(false);
    }
    refreshModels();
  });
  connect(&m_models, &ModelsController::currentModelChanged, this, &BenchmarksController::refreshModels);
  connect(&m_theme, &ThemeManager::themeChanged, this, &BenchmarksController::applyTheme);
  applyTheme();
  refreshModels();
  updateComparison();
}

void BenchmarksController::applyTheme() {
  const QColor surface = m_theme.color(QStringLiteral("surface")), success = m_theme.color(QStringLiteral("success")),
               danger = m_theme.color(QStringLiteral("danger"));
  m_comparisonModel->setToneColors(blend(surface, success, 0.28), blend(surface, danger, 0.28), blend(surface, m_theme.color(QStringLiteral("accent")), 0.10));
  m_results->setNoisyColor(m_theme.color(QStringLiteral("warning")));
  ComparisonPanel* panel = m_page->comparison();
  panel->barChart()->setTheme(m_theme.chartTheme());
  panel->barChart()->setToneColors(success, danger);
  panel->sweepChart()->setTheme(m_theme.chartTheme());
  panel->setExportIcon(m_theme.icon(QStringLiteral("export")));
  m_page->setRefreshIcon(m_theme.icon(QStringLiteral("refresh")));
}

void BenchmarksController::setStatus(const Text& text) {
  m_status = text;
  m_page->setStatus(text ? text() : QString());
}

void BenchmarksController::setNotice(const Text& text) {
  m_notice = text;
  m_noticeNeedsModel = false;
  m_page->form()->setNotice(text ? text() : QString());
}

void BenchmarksController::retranslate() {
  // Status and notice are worded again, so a message shown before a language change follows it.
  if (m_status) m_page->setStatus(m_status());
  if (m_notice) m_page->form()->setNotice(m_notice());
  m_results->setColumns(BenchPresentation::resultColumns());
  m_results->setNoisyText(BenchPresentation::noisyText());
  showRows();  // the rows' words (suite names) are presented again in the new language
  refreshModels();
}

// ---- the list ---------------------------------------------------------------------------------------

void BenchmarksController::refresh() { emit requestList(); }

void BenchmarksController::onStoreOpened(const QString& path, bool ok, const QString& message) {
  setStatus(ok ? Text([path] { return tr("Results database: %1").arg(path); }) : Text([message] { return tr("Results are unavailable: %1").arg(message); }));
  m_dbPath = ok ? path : QString();
  if (ok) refresh();
}

void BenchmarksController::onListed(const BenchRows& rows) {
  m_rows = rows;
  showRows();
  emit runsRefreshed(int(rows.size()));
}

void BenchmarksController::showRows() {
  const BenchRows& rows = m_rows;
  const auto columns = m_results->columns();
  QVector<BenchTableModel::Run> runs;
  runs.reserve(qsizetype(rows.size()));
  for (const auto& r : rows) runs.append(BenchPresentation::resultRun(r, columns));
  const QList<qint64> keep = m_selected;
  m_updating = true;
  m_results->setRuns(runs);
  m_page->selectRuns(keep);
  m_updating = false;
  // Runs that disappeared (deleted with dsw-cli store delete) leave the comparison.
  QList<qint64> still;
  for (qint64 id : keep)
    if (m_results->rowOfRun(id) >= 0) still << id;
  m_selected = still;
  if (!m_selected.contains(m_baseline)) m_baseline = m_selected.isEmpty() ? 0 : m_selected.first();
  updateComparison();
}

void BenchmarksController::onStoreFailed(int jobId, const QString& message) {
  if (jobId && m_jobs.job(jobId)) {
    m_jobs.fail(jobId, QStringLiteral("io"), tr("The result could not be stored: %1").arg(message));
    return;
  }
  setStatus([message] { return tr("Results are unavailable: %1").arg(message); });
}

// ---- running -----------------------------------------------------------------------------------------

void BenchmarksController::refreshModels() {
  QComboBox* box = m_page->form()->modelBox();
  const int keep = box->currentData().toInt();
  box->blockSignals(true);
  box->clear();
  for (const OpenModel* m : m_models.readyModels()) box->addItem(m->summary.name, m->id);
  int index = box->findData(keep ? keep : m_models.currentModelId());
  if (index < 0) index = box->findData(m_models.currentModelId());
  box->setCurrentIndex(index >= 0 ? index : 0);
  box->blockSignals(false);
  BenchRunForm* form = m_page->form();
  form->setRunning(m_activeJob != 0);
  if (box->count() == 0) {
    setNotice([] { return tr("Open a model in the Models area to benchmark it."); });
    m_noticeNeedsModel = true;  // cleared once a model is open; other notices stay
  } else if (m_noticeNeedsModel) {
    setNotice({});
  }
}

void BenchmarksController::connectWorker(int modelId) {
  const OpenModel* m = m_models.model(modelId);
  if (!m || !m->worker || m_connected.contains(modelId)) return;
  m_connected.insert(modelId);
  connect(m->worker, &ModelWorker::benchFinished, this, &BenchmarksController::onBenchFinished);
  connect(m->worker, &ModelWorker::failed, this, &BenchmarksController::onWorkerFailed);
}

int BenchmarksController::startBenchmark() {
  if (m_activeJob) return 0;
  BenchRunForm* form = m_page->form();
  const int modelId = form->modelBox()->currentData().toInt();
  const OpenModel* m = m_models.model(modelId);
  if (!m || !m->ready || !m->worker) {
    setNotice([] { return tr("Open a model in the Models area to benchmark it."); });
    return 0;
  }
  connectWorker(modelId);
  BenchRequest r = form->request();
  r.hashCacheDb = m_dbPath;
  if (r.suite == u"perplexity" && !QFileInfo(r.textFile).isFile()) {
    setNotice([] { return tr("Choose the text file to measure perplexity on."); });
    return 0;
  }
  QJsonObject params{{QStringLiteral("suite"), r.suite},        {QStringLiteral("prompt_tokens"), r.promptTokens},
                     {QStringLiteral("gen_tokens"), r.genTokens}, {QStringLiteral("batch"), r.batch},
                     {QStringLiteral("reps"), r.reps},           {QStringLiteral("label"), r.label}};
  if (!r.sweepParameter.isEmpty()) params.insert(QStringLiteral("sweep"), r.sweepParameter + u'=' + r.sweepValues);
  if (r.suite == u"perplexity") params.insert(QStringLiteral("file"), r.textFile);
  // Queued: the model's thread may still be busy with a generation; the first progress starts it.
  const JobHandle job = m_jobs.begin(QStringLiteral("bench"), m->path, QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)), true);
  r.jobId = job.id;
  r.cancel = job.cancel;
  m_activeJob = job.id;
  m_activeModel = modelId;
  m_models.setActivity(modelId, QStringLiteral("bench"), true);
  form->setRunning(true);
  setNotice([name = m->summary.name] { return tr("Running on %1 — see the Jobs area for progress.").arg(name); });
  ModelWorker* worker = m->worker;
  QMetaObject::invokeMethod(worker, [worker, r] { worker->benchmark(r); }, Qt::QueuedConnection);
  return job.id;
}

void BenchmarksController::cancelBenchmark() {
  if (m_activeJob) m_jobs.cancel(m_activeJob);
}

void BenchmarksController::onBenchFinished(int jobId, const BenchRows& rows) {
  if (jobId != m_activeJob || !jobId) return;
  emit requestInsert(jobId, rows);  // the job ends when the rows are stored
}

void BenchmarksController::onWorkerFailed(int jobId, const QString& code, const QString& message) {
  if (jobId != m_activeJob || !jobId) return;
  m_jobs.fail(jobId, code, message);
  m_models.setActivity(m_activeModel, QStringLiteral("bench"), false);
  m_activeJob = 0;
  m_activeModel = 0;
  m_page->form()->setRunning(false);
  if (code == u"cancelled") setNotice([] { return tr("The benchmark was cancelled."); });
  else setNotice([message] { return tr("The benchmark failed: %1").arg(message); });
}

void BenchmarksController::onInserted(int jobId, const QList<qint64>& ids) {
  QStringList list;
  for (qint64 id : ids) list << QString::number(id);
  m_jobs.succeed(jobId, [n = int(ids.size()), rows = list.join(QStringLiteral(", "))] { return tr("Stored as result row(s) %1", nullptr, n).arg(rows); });
  if (jobId == m_activeJob) {
    m_models.setActivity(m_activeModel, QStringLiteral("bench"), false);
    m_activeJob = 0;
    m_activeModel = 0;
    m_page->form()->setRunning(false);
    setNotice([n = int(ids.size()), rows = list.join(QStringLiteral(", "))] { return tr("Stored as result row(s) %1", nullptr, n).arg(rows); });
  }
  emit benchmarkStored(jobId, ids);
  refresh();
}

// ---- comparing ---------------------------------------------------------------------------------------

void BenchmarksController::compareRuns(const QList<qint64>& ids) {
  m_updating = true;
  m_page->selectRuns(ids);
  m_updating = false;
  m_selected = ids;
  m_baseline = ids.isEmpty() ? 0 : ids.first();
  updateComparison();
}

void BenchmarksController::onSelectionChanged() {
  if (m_updating) return;
  const QList<qint64> ids = m_page->selectedRunIds();
  if (ids == m_selected) return;
  m_selected = ids;
  if (!m_selected.contains(m_baseline)) m_baseline = m_selected.isEmpty() ? 0 : m_selected.first();
  updateComparison();
}

void BenchmarksController::setBaseline(qint64 id) {
  if (!m_selected.contains(id) || id == m_baseline) return;
  m_baseline = id;
  updateComparison();
}

void BenchmarksController::setMetric(const QString& field) {
  if (field.isEmpty() || field == m_metric) return;
  m_metric = field;
  updateCharts();
  QComboBox* box = m_page->comparison()->metricBox();
  if (const int i = box->findData(field); i >= 0 && i != box->currentIndex()) {
    m_updating = true;
    box->setCurrentIndex(i);
    m_updating = false;
  }
}

BenchRows BenchmarksController::selectedRows() const {
  BenchRows out;
  auto find = [&](qint64 id) -> const dsw::BenchRow* {
    for (const auto& r : m_rows)
      if (r.id.value_or(0) == id) return &r;
    return nullptr;
  };
  if (const auto* base = find(m_baseline)) out.push_back(*base);
  for (qint64 id : m_selected)
    if (id != m_baseline)
      if (const auto* r = find(id)) out.push_back(*r);
  return out;
}

void BenchmarksController::updateComparison() {
  const BenchRows rows = selectedRows();
  m_comparison = rows.empty() ? dsw::Comparison{} : dsw::compare_runs(rows, compareOptions());
  const auto table = BenchPresentation::comparisonTable(m_comparison);
  m_comparisonModel->setTable(rows.empty() ? QStringList() : table.headers, table.rows);

  ComparisonPanel* panel = m_page->comparison();
  m_updating = true;
  panel->baselineBox()->clear();
  for (size_t k = 0; k < m_comparison.runs.size(); ++k)
    panel->baselineBox()->addItem(QString::fromStdString(m_comparison.labels[k]), QVariant::fromValue(qint64(m_comparison.runs[k].id.value_or(0))));
  panel->baselineBox()->setCurrentIndex(0);
  const QStringList metrics = BenchPresentation::metricNames(m_comparison);
  panel->metricBox()->clear();
  for (const QString& m : metrics) panel->metricBox()->addItem(BenchPresentation::metricName(m), m);
  if (!metrics.isEmpty() && !metrics.contains(m_metric)) m_metric = metrics.contains(QStringLiteral("decode_tps")) ? QStringLiteral("decode_tps") : metrics.first();
  panel->metricBox()->setCurrentIndex(panel->metricBox()->findData(m_metric));
  m_updating = false;
  panel->baselineBox()->setEnabled(m_comparison.runs.size() > 1);
  panel->exportButton()->setEnabled(!m_rows.empty());
  panel->setHint(BenchPresentation::comparisonHint(m_comparison));
  m_page->setEditEnabled(!m_selected.isEmpty(), m_selected.size() == 1);
  updateCharts();
  emit comparisonChanged();
}

void BenchmarksController::updateCharts() {
  ComparisonPanel* panel = m_page->comparison();
  const auto& fields = dsw::bench_fields();
  QString unit;
  if (const auto i = dsw::field_index(m_metric.toStdString())) unit = QString::fromUtf8(fields[*i].unit.data(), qsizetype(fields[*i].unit.size()));
  const QString name = BenchPresentation::metricName(m_metric);
  const QString axis = unit.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, unit);
  panel->barChart()->setBars(BenchPresentation::bars(m_comparison, m_metric.toStdString()), axis);
  // The sweep: the selected sweep rows, or every stored sweep row when none is selected.
  BenchRows sweepRows = selectedRows();
  QString parameter;
  auto series = BenchPresentation::sweepSeries(sweepRows, m_metric.toStdString(), &parameter);
  if (series.isEmpty()) series = BenchPresentation::sweepSeries(m_rows, m_metric.toStdString(), &parameter);
  panel->sweepChart()->setSeries(series, BenchPresentation::sweepAxisTitle(parameter), axis);
  panel->sweepChart()->setEmptyText(tr("No sweep runs yet: run the speed suite with a sweep over batch sizes or prompt lengths."));
}

void BenchmarksController::addReportView(const ReportView& view) { m_reportViews.append(view); }

bool BenchmarksController::exportReport(const QString& path, QString* error) {
  BenchRows rows = selectedRows();
  if (rows.empty()) rows = m_rows;
  QString message;
  const bool ok = ReportExporter::write(rows, path, &message, compareOptions(), m_reportViews);
  if (error) *error = message;
  if (ok) setStatus([path] { return tr("Report written to %1").arg(path); });
  else setStatus([message] { return message; });
  if (ok) FileDialogs::remember(m_models.settings(), path);
  return ok;
}

dsw::CompareOptions BenchmarksController::compareOptions() const {
  dsw::CompareOptions o;
  o.verdicts_across_settings = m_page->comparison()->verdictsAcrossSettingsBox()->isChecked();
  return o;
}

void BenchmarksController::exportWithDialog() {
  const QString path = FileDialogs::saveFile(m_dialogParent, m_models.settings(), tr("Export the benchmark report"),
                                             QStringLiteral("benchmark-report.html"),
                                             tr("HTML with charts (*.html);;PDF with charts (*.pdf);;Markdown (*.md);;CSV (*.csv);;JSON (*.json)"));
  if (path.isEmpty()) return;
  QString error;
  if (!exportReport(path, &error)) QMessageBox::warning(m_dialogParent, tr("Export failed"), error);
}

// ---- editing stored runs -------------------------------------------------------------------------------

void BenchmarksController::relabelSelected() {
  if (m_selected.size() != 1) return;
  const qint64 id = m_selected.first();
  QString current;
  for (const auto& r : m_rows)
    if (r.id.value_or(0) == id) current = QString::fromStdString(r.label.value_or(""));
  // Non-blocking (open(), not exec()): jobs keep running while the user types.
  auto* dialog = new QInputDialog(m_dialogParent);
  dialog->setObjectName(QStringLiteral("relabelDialog"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowModality(Qt::WindowModal);
  dialog->setWindowTitle(tr("Relabel run #%1").arg(id));
  dialog->setLabelText(tr("Label of run #%1 (empty: none). It names the run in comparisons and reports.").arg(id));
  dialog->setTextValue(current);
  connect(dialog, &QInputDialog::textValueSelected, this, [this, id](const QString& label) { emit requestRelabel(id, label); });
  m_editDialog = dialog;
  dialog->open();
}

void BenchmarksController::deleteSelected() {
  if (m_selected.isEmpty()) return;
  const QList<qint64> ids = m_selected;
  QStringList names;
  for (const auto& r : selectedRows()) names << QString::fromStdString(dsw::run_label(r));
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Delete benchmark runs?"),
                              tr("Delete %n stored run(s) from the results database?", nullptr, int(ids.size())), QMessageBox::NoButton,
                              m_dialogParent);
  box->setObjectName(QStringLiteral("deleteRunsDialog"));
  box->setInformativeText(tr("%1\n\nThis cannot be undone; dsw-cli and exported reports no longer see them. Job history keeps the jobs that produced them.")
                              .arg(names.join(QStringLiteral(", "))));
  QPushButton* remove = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
  remove->setObjectName(QStringLiteral("confirmDelete"));
  box->addButton(tr("Keep them"), QMessageBox::RejectRole);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowModality(Qt::WindowModal);
  connect(box, &QMessageBox::finished, this, [this, box, remove, ids] {
    if (box->clickedButton() == remove) emit requestDelete(ids);
  });
  m_editDialog = box;
  box->open();
}

void BenchmarksController::onEdited() {
  setStatus([] { return tr("The results database was updated."); });
  refresh();
}
