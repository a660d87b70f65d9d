// Workbench (see header).
#include "Workbench.h"

#include "AppMenus.h"
#include "AppSettings.h"
#include "BenchStoreService.h"
#include "BenchTypes.h"
#include "BenchmarksController.h"
#include "BenchmarksPage.h"
#include "EngineLogBridge.h"
#include "HelpDialogs.h"
#include "FinetuneController.h"
#include "FinetunePage.h"
#include "FinetuneTypes.h"
#include "Format.h"
#include "InspectController.h"
#include "InspectPage.h"
#include "JobRunner.h"
#include "JobsController.h"
#include "JobsPage.h"
#include "LanguageSwitcher.h"
#include "LogView.h"
#include "MainWindow.h"
#include "ModelCard.h"
#include "ModelsController.h"
#include "ModelsPage.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"
#include "ServeController.h"
#include "QuantizeController.h"
#include "QuantizePage.h"
#include "SettingsController.h"
#include "SettingsPage.h"
#include "StoreService.h"
#include "ThemeManager.h"
#include "WheelGuard.h"
#include "WorkerTypes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <QTimer>

#include <spdlog/logger.h>
#include <unistd.h>

Workbench::Workbench(const Config& config, QObject* parent) : QObject(parent), m_config(config) {
  Q_INIT_RESOURCE(dsw);  // icons and stylesheet live in the static dsw_gui library
  registerWorkerTypes();
  registerBenchTypes();
  registerFinetuneTypes();
  const AppOptions& o = m_config.options;
  m_settings = std::make_unique<AppSettings>(o.settingsFile);
  m_log = std::make_unique<EngineLogBridge>();
  m_log->setEngineLevel(m_settings->logLevel());
  m_theme = std::make_unique<ThemeManager>();
  if (!m_theme->apply(o.theme.isEmpty() ? m_settings->theme() : o.theme)) m_theme->apply(QStringLiteral("light"));
  m_language = std::make_unique<LanguageSwitcher>();
  m_language->setLanguage(o.language.isEmpty() ? m_settings->language() : o.language);
  m_dbPath = o.dbPath.isEmpty() ? QDir(m_settings->dataDirectory()).filePath(QStringLiteral("workbench.db")) : o.dbPath;

  m_window = std::make_unique<MainWindow>();
  m_jobs = std::make_unique<JobsController>(*m_theme);
  m_models = std::make_unique<ModelsController>(*m_settings, *m_jobs, *m_theme, m_window.get());
  m_playground = std::make_unique<PlaygroundController>(*m_models, *m_jobs, *m_theme, m_window.get());
  m_benchmarks = std::make_unique<BenchmarksController>(*m_models, *m_jobs, *m_theme, m_window.get());
  m_inspect = std::make_unique<InspectController>(*m_models, *m_jobs, *m_theme, m_window.get());
  m_quantize = std::make_unique<QuantizeController>(*m_models, *m_jobs, *m_theme, m_window.get());
  m_finetune = std::make_unique<FinetuneController>(*m_models, *m_jobs, *m_benchmarks, *m_theme, *m_settings, m_window.get());
  m_finetune->setDatabasePath(m_dbPath);
  m_settingsController = std::make_unique<SettingsController>(*m_settings, *m_language, *m_theme, m_window.get());
  m_settingsController->setAbout(m_config.version);
  m_serve = std::make_unique<ServeController>(*m_models, *m_jobs, *m_theme, m_window.get());
  m_settingsController->setDatabaseInUse(m_dbPath);

  m_storeThread = new QThread(this);
  m_storeThread->setObjectName(QStringLiteral("store"));
  m_store = new StoreService;
  m_store->moveToThread(m_storeThread);
  connect(m_storeThread, &QThread::finished, m_store, &QObject::deleteLater);
  m_benchStore = new BenchStoreService;  // same thread, its own connection to the database
  m_benchStore->moveToThread(m_storeThread);
  connect(m_storeThread, &QThread::finished, m_benchStore, &QObject::deleteLater);
  m_runnerThread = new QThread(this);
  m_runnerThread->setObjectName(QStringLiteral("jobs"));
  m_runner = new JobRunner;
  m_runner->moveToThread(m_runnerThread);
  connect(m_runnerThread, &QThread::finished, m_runner, &QObject::deleteLater);

  buildWindow();
  buildMenus();
  wire();
  m_wheelGuard = new WheelGuard(this);
  m_wheelGuard->install();
  m_storeThread->start();
  m_runnerThread->start();
}

Workbench::~Workbench() {
  // The training job first (cancelled: it writes a checkpoint), then the model threads (their
  // jobs are cancelled), then the inspect, serve, quantize, runner and store threads.
  m_finetune->shutdown();
  m_models->shutdown();
  m_inspect.reset();
  m_serve.reset();  // stops the server (its requests are cancelled) and the serve thread
  m_quantize.reset();  // cancels a running quantization and waits for its thread
  for (auto* t : {m_runnerThread, m_storeThread}) {
    t->quit();
    t->wait();  // blocking at exit only: each finishes at most its current step
  }
  m_menus.reset();
  m_finetune.reset();
  m_benchmarks.reset();
  m_playground.reset();
  m_models.reset();
  m_settingsController.reset();
  m_jobs.reset();
  m_window.reset();
  m_log.reset();  // removes the engine log sink last
}

void Workbench::buildWindow() {
  MainWindow* w = m_window.get();
  w->addArea(QStringLiteral("models"), m_theme->icon(QStringLiteral("models")), [] { return MainWindow::tr("Models"); },
             m_models->page());
  w->addArea(QStringLiteral("playground"), m_theme->icon(QStringLiteral("playground")), [] { return MainWindow::tr("Playground"); },
             m_playground->page());
  w->addArea(QStringLiteral("benchmarks"), m_theme->icon(QStringLiteral("benchmarks")), [] { return MainWindow::tr("Benchmarks"); },
             m_benchmarks->page());
  w->addArea(QStringLiteral("jobs"), m_theme->icon(QStringLiteral("jobs")), [] { return MainWindow::tr("Jobs"); }, m_jobs->page());
  w->addArea(QStringLiteral("settings"), m_theme->icon(QStringLiteral("settings")), [] { return MainWindow::tr("Settings"); },
             m_settingsController->page(), true);
  // Added last so the earlier areas keep their rail indices; it shows in the top group, after Jobs.
  w->addArea(QStringLiteral("inspect"), m_theme->icon(QStringLiteral("inspect")), [] { return MainWindow::tr("Inspect"); },
             m_inspect->page());
  // Added after Settings so the earlier areas keep their rail indices; it shows in the top group.
  w->addArea(QStringLiteral("serve"), m_theme->icon(QStringLiteral("serve")), [] { return MainWindow::tr("Serve"); },
             m_serve->page());
  // Added after the others so their rail indices stay; it shows in the top group.
  w->addArea(QStringLiteral("quantize"), m_theme->icon(QStringLiteral("quantize")), [] { return MainWindow::tr("Quantize"); },
             m_quantize->page());
  w->addArea(QStringLiteral("finetune"), m_theme->icon(QStringLiteral("finetune")), [] { return MainWindow::tr("Fine-tune"); },
             m_finetune->page());
  w->setWindowIcon(m_theme->icon(QStringLiteral("logo")));
  w->logView()->setMinimumLevel(m_settings->logLevel());
  if (!m_settings->windowGeometry().isEmpty()) w->restoreGeometry(m_settings->windowGeometry());
  if (!m_config.options.area.isEmpty()) w->showArea(m_config.options.area);
  w->setJobText(m_jobs->statusText());
  updateDeviceStatus();
  updateMemoryStatus();
}

void Workbench::buildMenus() {
  AppMenus::Hooks hooks;
  hooks.openFile = [this] { emit m_models->page()->openFileRequested(); };
  hooks.openFolder = [this] { emit m_models->page()->openFolderRequested(); };
  hooks.openRecent = [this](const QString& path) {
    m_window->showArea(QStringLiteral("models"));
    m_models->openModel(path);
  };
  hooks.recentModels = [this] { return m_settings->recentModels(); };
  hooks.exportReport = [this] {
    m_window->showArea(QStringLiteral("benchmarks"));
    m_benchmarks->exportWithDialog();
  };
  hooks.setTheme = [this](const QString& theme) { m_settingsController->setTheme(theme); };
  hooks.theme = [this] { return m_settings->theme(); };
  hooks.areaTitle = [this](const QString& key) { return m_window->areaTitle(key); };
  hooks.documentation = [this] { showDocumentation(); };
  hooks.about = [this] { showAbout(); };
  m_menus = std::make_unique<AppMenus>(m_window.get(), std::move(hooks));
}

void Workbench::showAbout() {
  if (auto* open = m_window->findChild<AboutDialog*>()) {
    open->raise();
    return;
  }
  auto* about = new AboutDialog(m_config.version, m_dbPath, m_settings->fileName(), m_window.get());
  about->show();
}

void Workbench::showDocumentation() {
  if (auto* open = m_window->findChild<DocumentationDialog*>()) {
    open->raise();
    return;
  }
  auto* docs = new DocumentationDialog(m_window.get());
  docs->show();
}

void Workbench::wire() {
  MainWindow* w = m_window.get();
  // Logs: engine threads -> queued -> log dock.
  connect(m_log.get(), &EngineLogBridge::messageLogged, w->logView(), &LogView::appendEntry);
  connect(w->logView(), &LogView::minimumLevelChanged, this, [this](int level) {
    m_settings->setLogLevel(level);
    m_log->setEngineLevel(level);
  });

  // Jobs <-> store (queued: the store lives on its own thread).
  connect(m_jobs.get(), &JobsController::storeRecordStart, m_store, &StoreService::recordStart);
  connect(m_jobs.get(), &JobsController::storeRecordFinish, m_store, &StoreService::recordFinish);
  connect(m_jobs.get(), &JobsController::storeRefresh, m_store, &StoreService::refresh);
  connect(m_store, &StoreService::opened, m_jobs.get(), &JobsController::onStoreOpened);
  connect(m_store, &StoreService::opened, this, [this](const QString& path, bool ok, const QString& message, int interrupted) {
    if (ok) m_log->logger().info("job history: {} ({} interrupted job(s) marked failed)", path.toStdString(), interrupted);
    else m_log->logger().error("job history unavailable: {}", message.toStdString());
    if (ok) m_jobs->refreshHistory();
    if (ok) m_inspect->setDatabasePath(m_dbPath);  // routing runs live in the same database
    emit storeOpened(ok);
  });
  connect(m_store, &StoreService::recorded, m_jobs.get(), &JobsController::onRecorded);
  connect(m_store, &StoreService::historyLoaded, m_jobs.get(), &JobsController::onHistoryLoaded);
  connect(m_store, &StoreService::failed, this, [this](const QString& m) { m_log->logger().warn("job history: {}", m.toStdString()); });

  // Benchmarks <-> their store service (queued: it lives on the store thread).
  connect(m_benchmarks.get(), &BenchmarksController::requestList, m_benchStore, &BenchStoreService::list);
  connect(m_benchmarks.get(), &BenchmarksController::requestInsert, m_benchStore, &BenchStoreService::insert);
  connect(m_benchStore, &BenchStoreService::opened, m_benchmarks.get(), &BenchmarksController::onStoreOpened);
  connect(m_benchStore, &BenchStoreService::listed, m_benchmarks.get(), &BenchmarksController::onListed);
  connect(m_benchStore, &BenchStoreService::inserted, m_benchmarks.get(), &BenchmarksController::onInserted);
  connect(m_benchStore, &BenchStoreService::failed, m_benchmarks.get(), &BenchmarksController::onStoreFailed);
  // The job history row of each benchmark job, so its rows and its end are stored together.
  connect(m_store, &StoreService::recorded, m_benchStore, &BenchStoreService::noteJobRow);
  connect(m_benchmarks.get(), &BenchmarksController::requestRelabel, m_benchStore, &BenchStoreService::relabel);
  connect(m_benchmarks.get(), &BenchmarksController::requestDelete, m_benchStore, &BenchStoreService::remove);
  connect(m_benchStore, &BenchStoreService::edited, m_benchmarks.get(), &BenchmarksController::onEdited);

  // The status bar names the device of Inspect's own models too.
  connect(m_inspect.get(), &InspectController::deviceInUseChanged, this, &Workbench::updateDeviceStatus);
  // Inspect views join the next benchmark report.
  connect(m_inspect.get(), &InspectController::reportViewAdded, m_benchmarks.get(), &BenchmarksController::addReportView);

  // Quantize: its quality rows are stored with the benchmark runs and compared in Benchmarks.
  connect(m_quantize.get(), &QuantizeController::requestInsert, m_benchStore, &BenchStoreService::insert);
  connect(m_benchStore, &BenchStoreService::inserted, m_quantize.get(), &QuantizeController::onInserted);
  connect(m_benchStore, &BenchStoreService::opened, m_quantize.get(), [this](const QString& path, bool ok) {
    m_quantize->setDatabasePath(ok ? path : QString());
  });
  connect(m_quantize.get(), &QuantizeController::compareRequested, this, [this](const QList<qint64>& ids, const QString& reference) {
    QList<qint64> compared = ids;  // this result first (the baseline), then earlier quantizations of the same original
    for (const auto& r : m_benchmarks->runs())
      if (r.suite.value_or("") == "quality" && QString::fromStdString(r.reference_path.value_or("")) == reference && r.id &&
          !compared.contains(*r.id))
        compared << *r.id;
    m_benchmarks->compareRuns(compared);
    m_window->showArea(QStringLiteral("benchmarks"));
  });

  // Runner: hash jobs and the device probe.
  connect(m_models.get(), &ModelsController::requestHash, m_runner, &JobRunner::hashFiles);
  connect(m_runner, &JobRunner::started, m_models.get(), &ModelsController::onHashStarted);
  connect(m_runner, &JobRunner::progress, m_jobs.get(), &JobsController::updateProgress);
  connect(m_runner, &JobRunner::hashFinished, m_models.get(), &ModelsController::onHashFinished);
  connect(m_runner, &JobRunner::failed, m_models.get(), &ModelsController::onHashFailed);
  connect(m_runner, &JobRunner::devicesProbed, m_models.get(), &ModelsController::onDevicesProbed);
  connect(m_runner, &JobRunner::devicesProbed, m_settingsController.get(), &SettingsController::onDevicesProbed);

  // Window <-> areas.
  connect(w, &MainWindow::filesDropped, this, [this](const QStringList& paths) {
    m_window->showArea(QStringLiteral("models"));
    m_models->openModels(paths);
  });
  connect(m_models.get(), &ModelsController::chatRequested, this, [this](int id) {
    m_playground->selectModel(id);
    m_window->showArea(QStringLiteral("playground"));
  });
  connect(m_models.get(), &ModelsController::currentModelChanged, this, &Workbench::updateDeviceStatus);
  connect(m_models.get(), &ModelsController::modelReady, this, [this](int id) {
    if (const OpenModel* m = m_models->model(id))
      m_log->logger().info("opened {} ({})", m->path.toStdString(), m->summary.description.toStdString());
  });
  connect(m_models.get(), &ModelsController::openFailed, this, [this](const QString& path, const QString& message) {
    m_log->logger().error("could not open {}: {}", path.toStdString(), message.toStdString());
  });
  connect(m_jobs.get(), &JobsController::statusTextChanged, w, &MainWindow::setJobText);
  connect(m_finetune.get(), &FinetuneController::showAreaRequested, w, &MainWindow::showArea);
  // A run's routing shift: the base against the result in Inspect's routing comparison.
  connect(m_finetune.get(), &FinetuneController::routingShiftRequested, m_inspect.get(),
          [this](const QString& a, const QString& b, const QString& adapterB, const QString& prompt) {
            m_inspect->compareRoutingOf(a, QString(), b, adapterB, prompt);
          });
  connect(w, &MainWindow::closing, this, [this] { m_settings->setWindowGeometry(m_window->saveGeometry()); });
  connect(m_theme.get(), &ThemeManager::themeChanged, this, [this] {
    for (const QString& key : m_window->areaKeys()) m_window->setAreaIcon(key, m_theme->icon(key));
  });
  connect(m_language.get(), &LanguageSwitcher::languageChanged, this, [this] {
    updateDeviceStatus();
    updateMemoryStatus();
  });

  m_memoryTimer = new QTimer(this);
  m_memoryTimer->setInterval(1000);
  connect(m_memoryTimer, &QTimer::timeout, this, &Workbench::updateMemoryStatus);
  m_memoryTimer->start();
}

void Workbench::start() {
  const QString dbDir = QFileInfo(m_dbPath).absolutePath();
  QDir().mkpath(dbDir);
  QMetaObject::invokeMethod(m_store, [store = m_store, path = m_dbPath] { store->open(path); }, Qt::QueuedConnection);
  // After the job store's open (same thread, queued in order): migrations have run by then.
  QMetaObject::invokeMethod(m_benchStore, [store = m_benchStore, path = m_dbPath] { store->open(path); }, Qt::QueuedConnection);
  QMetaObject::invokeMethod(m_runner, [runner = m_runner] { runner->probeDevices(); }, Qt::QueuedConnection);
  const AppOptions& o = m_config.options;
  if (!o.modelPath.isEmpty()) {
    m_models->openModel(o.modelPath);
  } else if (!o.noModel && !m_config.demoModelPath.isEmpty()) {
    m_models->openModel(m_config.demoModelPath);
  }
}

void Workbench::updateDeviceStatus() {
  // Inspect loads its own models (on the CPU), apart from the Models area's: name both when both
  // are loaded, so the line never says "none" while an Inspect model is in memory.
  const OpenModel* m = m_models->model(m_models->currentModelId());
  const QString inspect = m_inspect ? m_inspect->deviceInUse() : QString();
  QString text;
  if (m && !inspect.isEmpty()) text = tr("Device: %1 · Inspect: %2").arg(ModelCard::deviceLabel(m->summary), inspect);
  else if (m) text = tr("Device: %1").arg(ModelCard::deviceLabel(m->summary));
  else if (!inspect.isEmpty()) text = tr("Device: %1 (Inspect's model; none open in Models)").arg(inspect);
  else text = tr("Device: none (no model open)");
  m_window->setDeviceText(text);
}

void Workbench::updateMemoryStatus() {
  // /proc/self/statm is a few bytes produced by the kernel on read: cheap enough for the GUI thread.
  QFile f(QStringLiteral("/proc/self/statm"));
  quint64 rss = 0;
  if (f.open(QIODevice::ReadOnly)) rss = f.readAll().split(' ').value(1).toULongLong() * quint64(sysconf(_SC_PAGESIZE));
  m_window->setMemoryText(rss ? tr("Memory in use: %1").arg(Format::bytes(rss)) : QString());
}
