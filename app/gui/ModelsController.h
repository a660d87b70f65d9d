// ModelsController: the Models area — opens checkpoints on their own worker threads, shows their
// card and tensors, hashes them as jobs, and reports errors without ever blocking.
//
// Ownership and threading: each open model is a ModelWorker on a QThread that this controller
// creates and owns; the GUI reaches a worker only through queued calls and hears back through its
// signals. Hash jobs go to the shared JobRunner (queued signal requestHash). Closing a model asks
// its thread to quit and lets it delete the worker on that thread; nothing here waits, except
// shutdown() at exit, which is the one blocking hop (it waits for threads that were told to stop).
// Errors from the engine (a corrupt or unsupported file) are shown in a non-modal dialog with the
// engine's own message; the app stays usable.
// Threading: GUI thread only.
#pragma once

#include "ModelCard.h"
#include "TokenStream.h"
#include "WorkerTypes.h"

#include <QHash>
#include <QMessageBox>
#include <QObject>
#include <QPointer>

#include <memory>

class AppSettings;
class JobsController;
class ModelWorker;
class ModelsPage;
class QThread;
class TensorTableModel;
class ThemeManager;

struct OpenModel {
  int id = 0;
  QString path;
  QString adapter;      // PEFT LoRA adapter folder attached to the model (empty: none)
  QString adapterName;
  DeviceChoice device;
  QThread* thread = nullptr;
  ModelWorker* worker = nullptr;
  std::shared_ptr<TokenStream> stream;
  bool ready = false;
  int loadJob = 0;
  ModelSummary summary;
  HashState hash;
  int hashJob = 0;
};

class ModelsController : public QObject {
  Q_OBJECT
 public:
  ModelsController(AppSettings& settings, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                   QObject* parent = nullptr);
  ~ModelsController() override;

  ModelsPage* page() const { return m_page; }
  // Ready models first-opened first.
  QList<const OpenModel*> readyModels() const;
  const OpenModel* model(int id) const;
  int currentModelId() const { return m_current; }
  QMessageBox* errorDialog() const { return m_errorBox; }
  // The question asked before closing a model that is generating or benchmarking (while shown).
  QMessageBox* closeConfirmation() const { return m_closeBox; }
  AppSettings& settings() const { return m_settings; }
  // Other areas say what runs on a model ("generate", "bench"), so closing it asks first.
  void setActivity(int id, const QString& activity, bool running);
  QStringList activities(int id) const { return m_activity.value(id); }
  // Stops every worker thread and waits for them (application exit only).
  void shutdown();

 public slots:
  // Opens `path` on the device chosen on the page; returns the new model's id (0 when refused).
  int openModel(const QString& path);
  void openModels(const QStringList& paths);
  // Closes a model; while it is generating or benchmarking, asks first (`confirm` false: does not).
  void closeModel(int id, bool confirm = true);
  // Opens `path` with the PEFT LoRA adapter in `adapterDir` attached, beside the plain model (the
  // base weights are mapped again, not copied); the adapter's audit shows on the model card.
  int openModelWithAdapter(const QString& path, const QString& adapterDir);
  // Models area, "Load adapter…": asks for an adapter folder and opens it onto the current model.
  void loadAdapter();
  void selectModel(int id);
  // Starts a SHA-256 job over the model's weight files; returns the job id.
  int computeHash(int id);
  void onDevicesProbed(const QVector<DeviceInfo>& devices, const QString& note);
  void onHashStarted(int jobId);
  void onHashFinished(int jobId, const QVector<FileHashInfo>& hashes);
  void onHashFailed(int jobId, const QString& code, const QString& message);

 signals:
  void modelReady(int id);
  void modelClosed(int id);
  void openFailed(const QString& path, const QString& message);
  void currentModelChanged(int id);
  void chatRequested(int id);
  void hashCompleted(int id);
  // Wired (queued) to JobRunner::hashFiles.
  void requestHash(int jobId, const QStringList& files, const CancelFlag& cancel);

 private:
  int open(const QString& path, const QString& adapterDir);
  void onLoaded(int id, int jobId, const ModelSummary& summary);
  void onWorkerFailed(int id, int jobId, const QString& code, const QString& message);
  void showError(const QString& headline, const QString& detail);
  void refreshLists();
  void refreshCard();
  void stopWorker(OpenModel& m);
  void closeNow(int id);
  DeviceChoice chosenDevice() const;
  OpenModel* find(int id);

  AppSettings& m_settings;
  JobsController& m_jobs;
  ThemeManager& m_theme;
  QWidget* m_dialogParent;
  ModelsPage* m_page;
  TensorTableModel* m_tensorModel;
  QList<OpenModel*> m_models;
  QHash<int, int> m_hashJobs;  // job id -> model id
  int m_nextId = 1;
  int m_current = 0;
  int m_tensorsOf = 0;  // model whose tensors the browser holds
  QString m_deviceNote;
  QPointer<QMessageBox> m_errorBox;
  QPointer<QMessageBox> m_closeBox;
  QHash<int, QStringList> m_activity;  // model id -> what runs on it
  int m_cardOf = 0;                    // model whose card is shown (scrolled to the top on a change)
};
