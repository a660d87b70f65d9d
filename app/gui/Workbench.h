// Workbench: the composition root of the dsw application — it builds every service, worker thread,
// controller and the main window, wires them together, and tears them down in order.
//
// There are no app-wide singletons: main() (or a test) creates one Workbench and everything else
// receives what it needs through its constructor. Ownership and threads:
//   GUI thread     MainWindow, the controllers, ThemeManager, LanguageSwitcher, EngineLogBridge
//   store thread   StoreService (the SQLite job history), BenchStoreService (benchmark rows)
//   runner thread  JobRunner (hash jobs, device probe)
//   inspect thread InspectWorker (attention, routing and comparison jobs), owned by InspectController
//   serve thread   ServeWorker (opens and swaps served models), owned by ServeController; the HTTP
//                  server's own threads belong to the engine's dsw::HttpServer
//   model threads  one ModelWorker per open model, owned by ModelsController
//   quantize       QuantizeWorker (quantisation jobs), owned by QuantizeController
// Destruction stops the model threads (cancelling their jobs), then the runner and store threads,
// and only then removes the engine log sink, so no engine thread outlives what it calls into.
#pragma once

#include "AppOptions.h"

#include <QObject>
#include <QString>

#include <memory>

class AppMenus;
class AppSettings;
class BenchStoreService;
class BenchmarksController;
class EngineLogBridge;
class InspectController;
class FinetuneController;
class JobRunner;
class JobsController;
class LanguageSwitcher;
class MainWindow;
class ModelsController;
class PlaygroundController;
class QuantizeController;
class QThread;
class QTimer;
class ServeController;
class SettingsController;
class StoreService;
class ThemeManager;
class WheelGuard;

class Workbench : public QObject {
  Q_OBJECT
 public:
  struct Config {
    AppOptions options;
    QString demoModelPath;  // the bundled demo model, opened when no MODEL_PATH is given
    QString version;        // "0.1.0 (abc1234)"
  };

  explicit Workbench(const Config& config, QObject* parent = nullptr);
  ~Workbench() override;

  // Opens the database, probes devices and opens the initial model (all asynchronous).
  void start();

  MainWindow* window() const { return m_window.get(); }
  AppSettings& settings() const { return *m_settings; }
  ThemeManager& theme() const { return *m_theme; }
  LanguageSwitcher& language() const { return *m_language; }
  EngineLogBridge& logBridge() const { return *m_log; }
  JobsController& jobs() const { return *m_jobs; }
  ModelsController& models() const { return *m_models; }
  PlaygroundController& playground() const { return *m_playground; }
  BenchmarksController& benchmarks() const { return *m_benchmarks; }
  InspectController& inspect() const { return *m_inspect; }
  QuantizeController& quantize() const { return *m_quantize; }
  FinetuneController& finetune() const { return *m_finetune; }
  SettingsController& settingsController() const { return *m_settingsController; }
  AppMenus& menus() const { return *m_menus; }
  ServeController& serve() const { return *m_serve; }
  // The runner-thread worker (hash jobs, device probe); tests hold it at a chosen progress step.
  JobRunner* jobRunner() const { return m_runner; }
  QString databasePath() const { return m_dbPath; }
  QString demoModelPath() const { return m_config.demoModelPath; }

 public slots:
  void showAbout();
  void showDocumentation();

 signals:
  void storeOpened(bool ok);

 private:
  void buildWindow();
  void buildMenus();
  void wire();
  void updateDeviceStatus();
  void updateMemoryStatus();

  Config m_config;
  QString m_dbPath;
  std::unique_ptr<AppSettings> m_settings;
  std::unique_ptr<EngineLogBridge> m_log;
  std::unique_ptr<ThemeManager> m_theme;
  std::unique_ptr<LanguageSwitcher> m_language;
  std::unique_ptr<MainWindow> m_window;
  std::unique_ptr<JobsController> m_jobs;
  std::unique_ptr<ModelsController> m_models;
  std::unique_ptr<PlaygroundController> m_playground;
  std::unique_ptr<BenchmarksController> m_benchmarks;
  std::unique_ptr<InspectController> m_inspect;
  std::unique_ptr<QuantizeController> m_quantize;
  std::unique_ptr<FinetuneController> m_finetune;
  std::unique_ptr<SettingsController> m_settingsController;
  std::unique_ptr<AppMenus> m_menus;
  WheelGuard* m_wheelGuard = nullptr;
  std::unique_ptr<ServeController> m_serve;
  QThread* m_storeThread = nullptr;
  StoreService* m_store = nullptr;
  BenchStoreService* m_benchStore = nullptr;
  QThread* m_runnerThread = nullptr;
  JobRunner* m_runner = nullptr;
  QTimer* m_memoryTimer = nullptr;
};
