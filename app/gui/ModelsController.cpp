// ModelsController (see header).
#include "ModelsController.h"

#include "AppSettings.h"
#include "DemoModel.h"
#include "FileDialogs.h"
#include "FilterableTableView.h"
#include "Format.h"
#include "JobsController.h"
#include "KeyValueCard.h"
#include "ModelWorker.h"
#include "ModelsPage.h"
#include "TensorTableModel.h"
#include "ThemeManager.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>

namespace {

QString displayName(const QString& path) {
  const QFileInfo fi(path);
  return fi.isDir() ? QDir(path).dirName() : fi.fileName();
}

}  // namespace

ModelsController::ModelsController(AppSettings& settings, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                                   QObject* parent)
    : QObject(parent), m_settings(settings), m_jobs(jobs), m_theme(theme), m_dialogParent(dialogParent), m_page(new ModelsPage),
      m_tensorModel(new TensorTableModel(this)) {
  m_page->tensorView()->setSourceModel(m_tensorModel);
  m_page->threadsBox()->setValue(m_settings.threads());
  onDevicesProbed({}, {});

  connect(m_page, &ModelsPage::openFolderRequested, this, [this] {
    const QString dir = FileDialogs::openFolder(m_dialogParent, m_settings, tr("Open a model folder"));
    if (!dir.isEmpty()) openModel(dir);
  });
  connect(m_page, &ModelsPage::openFileRequested, this, [this] {
    const QString file = FileDialogs::openFile(m_dialogParent, m_settings, tr("Open a model file"),
                                               tr("Models (*.safetensors *.gguf *.bin);;All files (*)"));
    if (!file.isEmpty()) openModel(file);
  });
  connect(m_page->openList(), &QListWidget::currentRowChanged, this, [this](int row) {
    const auto ready = readyModels();
    if (row >= 0 && row < ready.size()) selectModel(ready[row]->id);
  });
  connect(m_page->recentList(), &QListWidget::itemActivated, this,
          [this](QListWidgetItem* item) { openModel(item->data(Qt::UserRole).toString()); });
  connect(m_page->closeButton(), &QPushButton::clicked, this, [this] { closeModel(m_current); });
  connect(m_page, &ModelsPage::retranslated, this, [this] {
    if (!m_closeBox) return;  // an open question is re-asked in the new language
    const int id = m_closeBox->property("modelId").toInt();
    if (id) closeModel(id);
  });
  connect(m_page->hashButton(), &QPushButton::clicked, this, [this] { computeHash(m_current); });
  connect(m_page->adapterButton(), &QPushButton::clicked, this, &ModelsController::loadAdapter);
  connect(m_page->chatButton(), &QPushButton::clicked, this, [this] {
    if (m_current) emit chatRequested(m_current);
  });
  connect(m_page, &ModelsPage::retranslated, this, [this] {
    refreshLists();
    refreshCard();
  });
  auto applyTheme = [this] {
    m_page->setIcons(m_theme.icon(QStringLiteral("open")), m_theme.icon(QStringLiteral("hash")),
                     m_theme.icon(QStringLiteral("playground")), m_theme.icon(QStringLiteral("close")));
  };
  connect(&m_theme, &ThemeManager::themeChanged, this, applyTheme);
  applyTheme();
  refreshLists();
  refreshCard();
}

ModelsController::~ModelsController() { shutdown(); }

QList<const OpenModel*> ModelsController::readyModels() const {
  QList<const OpenModel*> out;
  for (const OpenModel* m : m_models)
    if (m->ready) out.append(m);
  return out;
}

const OpenModel* ModelsController::model(int id) const {
  for (const OpenModel* m : m_models)
    if (m->id == id) return m;
  return nullptr;
}

OpenModel* ModelsController::find(int id) {
  for (OpenModel* m : m_models)
    if (m->id == id) return m;
  return nullptr;
}

DeviceChoice ModelsController::chosenDevice() const {
  DeviceChoice d;
  const QString spec = m_page->deviceBox()->currentData().toString();
  if (spec.startsWith(u"cuda")) {
    d.cuda = true;
    d.index = spec.section(u':', 1).toInt();
  }
  d.threads = m_page->threadsBox()->value();
  return d;
}

void ModelsController::openModels(const QStringList& paths) {
  for (const auto& p : paths) openModel(p);
}

int ModelsController::openModel(const QString& rawPath) { return open(rawPath, {}); }

int ModelsController::openModelWithAdapter(const QString& path, const QString& adapterDir) {
  return open(path, adapterDir.isEmpty() ? QString() : QFileInfo(adapterDir).absoluteFilePath());
}

void ModelsController::loadAdapter() {
  const OpenModel* base = model(m_current);
  if (!base || !base->ready) return;
  const QString dir = QFileDialog::getExistingDirectory(m_dialogParent, tr("Load a PEFT LoRA adapter onto %1").arg(base->summary.name));
  if (!dir.isEmpty()) openModelWithAdapter(base->path, dir);
}

int ModelsController::open(const QString& rawPath, const QString& adapter) {
  const QString path = QFileInfo(rawPath).absoluteFilePath();
  const DeviceChoice device = chosenDevice();
  for (OpenModel* m : m_models)
    if (m->path == path && m->adapter == adapter && m->device.spec() == device.spec()) {
      if (m->ready) selectModel(m->id);
      return m->id;
    }
  auto* m = new OpenModel;
  m->id = m_nextId++;
  m->path = path;
  m->adapter = adapter;
  m->adapterName = adapter.isEmpty() ? QString() : displayName(adapter);
  m->device = device;
  m->stream = std::make_shared<TokenStream>();
  m->thread = new QThread(this);
  m->thread->setObjectName(QStringLiteral("model-%1").arg(m->id));
  m->worker = new ModelWorker(m->stream);
  m->worker->moveToThread(m->thread);
  // The worker is deleted on its own thread once the thread's loop ends (engine objects die there).
  connect(m->thread, &QThread::finished, m->worker, &QObject::deleteLater);
  const int id = m->id;
  connect(m->worker, &ModelWorker::loaded, this, [this, id](int job, const ModelSummary& s) { onLoaded(id, job, s); });
  connect(m->worker, &ModelWorker::failed, this,
          [this, id](int job, const QString& code, const QString& msg) { onWorkerFailed(id, job, code, msg); });
  connect(m->worker, &ModelWorker::progress, &m_jobs, &JobsController::updateProgress);
  m->thread->start();
  m_models.append(m);

  // The Jobs area words the title from these settings (JobsController::titleFor): "Load M", or
  // "Load M + adapter A".
  QJsonObject params{{QStringLiteral("device"), device.spec()}, {QStringLiteral("threads"), device.threads}};
  if (!adapter.isEmpty()) params.insert(QStringLiteral("adapter"), adapter);
  const JobHandle job = m_jobs.begin(QStringLiteral("load"), path, QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)));
  m->loadJob = job.id;
  ModelWorker* worker = m->worker;
  QMetaObject::invokeMethod(worker, [worker, job, path, device, adapter] { worker->load(job.id, path, device, job.cancel, adapter); },
                            Qt::QueuedConnection);
  return id;
}

void ModelsController::onLoaded(int id, int jobId, const ModelSummary& summary) {
  OpenModel* m = find(id);
  if (!m) return;
  m->ready = true;
  m->summary = summary;
  ModelSummary where;  // the little the message needs, not the tensor list
  where.device = summary.device;
  where.threads = summary.threads;
  m_jobs.succeed(jobId, [where, total = summary.paramsTotal] {
    return tr("%1 parameters on %2").arg(Format::count(double(total)), ModelCard::deviceLabel(where));
  });
  if (m->adapter.isEmpty()) m_settings.addRecentModel(m->path);
  m_current = id;
  refreshLists();
  refreshCard();
  emit modelReady(id);
  emit currentModelChanged(id);
}

void ModelsController::onWorkerFailed(int id, int jobId, const QString& code, const QString& message) {
  OpenModel* m = find(id);
  if (!m || jobId != m->loadJob || m->ready) return;  // generation failures belong to the Playground
  m_jobs.fail(jobId, code, message);
  const QString path = m->path;
  m_models.removeAll(m);
  stopWorker(*m);
  delete m;
  refreshLists();
  if (code == u"cancelled") return;
  QString headline;
  const QFileInfo fi(path);
  static const QStringList modelSuffixes = {QStringLiteral("safetensors"), QStringLiteral("gguf"), QStringLiteral("bin"), QStringLiteral("json")};
  if (fi.isFile() && !modelSuffixes.contains(fi.suffix().toLower()) && code != u"io")
    headline = tr("%1 is not a model file. Open a Hugging Face model folder, or a .safetensors, .gguf or llama2.c .bin file.")
                   .arg(fi.fileName());
  else if (code == u"invalid_input") headline = tr("The file is damaged or is not a model the workbench understands.");
  else if (code == u"unsupported") headline = tr("This model uses something the workbench does not support yet.");
  else if (code == u"io") headline = tr("The model's files could not be read.");
  else if (code == u"out_of_memory") headline = tr("There is not enough memory to load this model.");
  else if (code == u"device_error" || code == u"device_lost") headline = tr("The device reported an error.");
  else headline = tr("The model could not be opened.");
  showError(headline, message);
  emit openFailed(path, message);
}

void ModelsController::showError(const QString& headline, const QString& detail) {
  // Non-modal to the event loop (open(), not exec()): jobs keep streaming while it is shown.
  if (m_errorBox) m_errorBox->close();
  auto* box = new QMessageBox(QMessageBox::Critical, tr("Could not open the model"), headline, QMessageBox::Ok, m_dialogParent);
  box->setObjectName(QStringLiteral("errorDialog"));
  box->setInformativeText(detail);
  // The detail is the engine's own message (data, in English); the headline is interface text.
  if (auto* info = box->findChild<QLabel*>(QStringLiteral("qt_msgbox_informativelabel"))) info->setProperty("dswData", true);
  box->setTextInteractionFlags(Qt::TextSelectableByMouse);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowModality(Qt::WindowModal);
  m_errorBox = box;
  box->open();
}

void ModelsController::setActivity(int id, const QString& activity, bool running) {
  QStringList& list = m_activity[id];
  list.removeAll(activity);
  if (running) list.append(activity);
  if (list.isEmpty()) m_activity.remove(id);
}

void ModelsController::closeModel(int id, bool confirm) {
  const OpenModel* m = find(id);
  if (!m) return;
  const QStringList running = m_activity.value(id);
  if (!confirm || running.isEmpty()) {
    closeNow(id);
    return;
  }
  // Window-modal and asynchronous (open(), not exec()): tokens keep streaming while it asks.
  if (m_closeBox) m_closeBox->close();
  const QString what = running.contains(QStringLiteral("generate")) && running.contains(QStringLiteral("bench"))
                           ? tr("generating text and running a benchmark")
                       : running.contains(QStringLiteral("generate")) ? tr("generating text")
                                                                       : tr("running a benchmark");
  auto* box = new QMessageBox(QMessageBox::Question, tr("Close the model?"),
                              tr("%1 is %2.").arg(m->ready ? m->summary.name : QFileInfo(m->path).fileName(), what), QMessageBox::NoButton,
                              m_dialogParent);
  box->setObjectName(QStringLiteral("closeConfirmDialog"));
  box->setProperty("modelId", id);
  box->setInformativeText(tr("Closing it stops that work; what it produced so far is kept."));
  QPushButton* close = box->addButton(tr("Close model"), QMessageBox::DestructiveRole);
  close->setObjectName(QStringLiteral("confirmClose"));
  QPushButton* keep = box->addButton(tr("Keep it open"), QMessageBox::RejectRole);
  keep->setObjectName(QStringLiteral("keepOpen"));
  box->setDefaultButton(keep);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setWindowModality(Qt::WindowModal);
  connect(box, &QMessageBox::finished, this, [this, box, close, id] {
    if (m_closeBox == box) m_closeBox = nullptr;  // answered: no longer on screen
    if (box->clickedButton() == close) closeNow(id);
  });
  m_closeBox = box;
  box->open();
}

void ModelsController::closeNow(int id) {
  OpenModel* m = find(id);
  if (!m) return;
  m_activity.remove(id);
  if (m->loadJob) m_jobs.cancel(m->loadJob);
  if (m->hashJob) m_jobs.cancel(m->hashJob);
  m_models.removeAll(m);
  stopWorker(*m);
  delete m;
  if (m_current == id) {
    const auto ready = readyModels();
    m_current = ready.isEmpty() ? 0 : ready.last()->id;
    emit currentModelChanged(m_current);
  }
  refreshLists();
  refreshCard();
  emit modelClosed(id);
}

void ModelsController::stopWorker(OpenModel& m) {
  // Whatever is running stops at its next cancellation point; the thread then ends and deletes the
  // worker. The QThread object itself is deleted when it has finished.
  if (!m.thread) return;
  connect(m.thread, &QThread::finished, m.thread, &QObject::deleteLater);
  m.thread->quit();
  m.thread = nullptr;
  m.worker = nullptr;
}

void ModelsController::shutdown() {
  for (OpenModel* m : m_models) {
    if (m->loadJob) m_jobs.cancel(m->loadJob);
    stopWorker(*m);
    delete m;
  }
  m_models.clear();
  // The one blocking hop: at exit, wait for every model thread told to stop above (and any closed
  // earlier that is still finishing a step) so no engine object outlives the application.
  for (QThread* t : findChildren<QThread*>()) {
    t->quit();
    t->wait();
  }
}

void ModelsController::selectModel(int id) {
  if (!model(id)) return;
  if (m_current != id) {
    m_current = id;
    emit currentModelChanged(id);
  }
  refreshLists();
  refreshCard();
}

int ModelsController::computeHash(int id) {
  OpenModel* m = find(id);
  if (!m || !m->ready || m->hash.stage == HashState::Stage::Running) return 0;
  const JobHandle job = m_jobs.begin(QStringLiteral("hash"), m->path, {}, true);
  m->hashJob = job.id;
  m->hash = HashState{HashState::Stage::Running, {}, {}};
  m_hashJobs.insert(job.id, id);
  refreshCard();
  emit requestHash(job.id, m->summary.files, job.cancel);
  return job.id;
}

void ModelsController::onHashStarted(int jobId) {
  if (m_hashJobs.contains(jobId)) m_jobs.markStarted(jobId);
}

void ModelsController::onHashFinished(int jobId, const QVector<FileHashInfo>& hashes) {
  const int id = m_hashJobs.take(jobId);
  QStringList parts;
  for (const auto& h : hashes) parts << QStringLiteral("%1 %2").arg(h.sha256, QFileInfo(h.path).fileName());
  m_jobs.succeed(jobId, parts.join(QStringLiteral("; ")));
  if (OpenModel* m = find(id)) {
    m->hash = HashState{HashState::Stage::Done, hashes, {}};
    m->hashJob = 0;
    if (id == m_current) refreshCard();
    emit hashCompleted(id);
  }
}

void ModelsController::onHashFailed(int jobId, const QString& code, const QString& message) {
  if (!m_hashJobs.contains(jobId)) return;
  const int id = m_hashJobs.take(jobId);
  m_jobs.fail(jobId, code, message);
  if (OpenModel* m = find(id)) {
    m->hash = code == u"cancelled" ? HashState{} : HashState{HashState::Stage::Failed, {}, message};
    m->hashJob = 0;
    if (id == m_current) refreshCard();
  }
}

void ModelsController::onDevicesProbed(const QVector<DeviceInfo>& devices, const QString& note) {
  QComboBox* box = m_page->deviceBox();
  const QString wanted = box->count() ? box->currentData().toString() : m_settings.defaultDevice();
  box->clear();
  if (devices.isEmpty()) box->addItem(tr("CPU"), QStringLiteral("cpu"));
  for (const auto& d : devices) {
    if (!d.choice.cuda) box->addItem(tr("CPU"), QStringLiteral("cpu"));
    else box->addItem(tr("%1 · %2 free").arg(d.name, Format::bytes(d.freeBytes)), d.choice.spec());
    box->setItemData(box->count() - 1, d.name, Qt::ToolTipRole);
  }
  m_deviceNote = note;
  box->setToolTip(note);
  const int i = box->findData(wanted);
  box->setCurrentIndex(i >= 0 ? i : 0);
}

void ModelsController::refreshLists() {
  QListWidget* open = m_page->openList();
  const QSignalBlocker block(open);
  open->clear();
  const auto ready = readyModels();
  for (const OpenModel* m : ready) {
    auto* item = new QListWidgetItem(m_theme.icon(QStringLiteral("models")),
                                     QStringLiteral("%1\n%2 · %3").arg(m->summary.name, ModelCard::architectureLabel(m->summary.architecture),
                                                                       m->device.spec()),
                                     open);
    item->setToolTip(m->path);
    if (m->id == m_current) open->setCurrentItem(item);
  }
  m_page->closeButton()->setEnabled(m_current != 0);
  m_page->setHasModels(!ready.isEmpty());

  QListWidget* recent = m_page->recentList();
  recent->clear();
  for (const QString& p : m_settings.recentModels()) {
    auto* item = new QListWidgetItem(QStringLiteral("%1\n%2").arg(displayName(p), QFileInfo(p).absolutePath()), recent);
    item->setData(Qt::UserRole, p);
    item->setToolTip(p);
  }
}

namespace {
bool isBundledDemoModel(const QString& path) {
  const QString demo = findDemoModel(QCoreApplication::applicationDirPath());
  return !demo.isEmpty() && QFileInfo(demo).canonicalFilePath() == QFileInfo(path).canonicalFilePath();
}
}  // namespace

void ModelsController::refreshCard() {
  const OpenModel* m = model(m_current);
  KeyValueCard* card = m_page->card();
  if (!m || !m->ready) {
    card->clear();
    m_cardOf = 0;
    m_page->setFirstRunHintVisible(false);
    m_tensorModel->setRows({});
    m_tensorsOf = 0;
    m_page->hashButton()->setEnabled(false);
    m_page->chatButton()->setEnabled(false);
    m_page->adapterButton()->setEnabled(false);
    return;
  }
  // Under the bundled demo model (and any untrained one): how to open a real checkpoint.
  m_page->setFirstRunHintVisible(m->summary.untrained || isBundledDemoModel(m->path));
  const bool sameModel = m_cardOf == m->id;  // a refresh (a hash job's progress): the reader stays put
  card->setTitle(ModelCard::title(m->summary));
  card->setSubtitle(ModelCard::subtitle(m->summary));
  card->setBadge(ModelCard::untrainedBadge(m->summary));
  card->setSections(ModelCard::sections(m->summary, m->hash), sameModel);
  if (!sameModel) {  // another model: its card starts at the top
    m_cardOf = m->id;
    card->verticalScrollBar()->setValue(0);
  }
  if (m_tensorsOf != m->id) {  // re-filling a large tensor list on every card refresh would be wasteful
    m_tensorModel->setRows(m->summary.tensors);
    m_tensorsOf = m->id;
  }
  m_page->hashButton()->setEnabled(m->hash.stage != HashState::Stage::Running);
  m_page->chatButton()->setEnabled(!m->summary.tokenizer.isEmpty());
  m_page->adapterButton()->setEnabled(m->adapter.isEmpty());
}
