// JobsController: the Jobs area — every long job of the session (load, hash, generate, ...) is
// registered here, shown with progress and ETA, cancellable, and recorded in the shared database.
//
// Other controllers call begin() when they start work and report progress and the outcome; the
// controller keeps the JobTableModel, computes ETA from the observed rate, and forwards each start
// and finish to the StoreService (queued, on the store's thread). Cancel sets the job's CancelFlag,
// which the engine polls: a running job stops at its next step, a queued one never starts.
// Threading: GUI thread only.
#pragma once

#include "JobTableModel.h"
#include "WorkerTypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <functional>

class JobsPage;
class ThemeManager;
class QTimer;

struct JobHandle {
  int id = 0;
  CancelFlag cancel;
};

class JobsController : public QObject {
  Q_OBJECT
 public:
  JobsController(ThemeManager& theme, QObject* parent = nullptr);

  JobsPage* page() const { return m_page; }
  JobTableModel* model() const { return m_model; }

  // A text worded when it is shown, so it follows the language (job titles and results).
  using Text = std::function<QString()>;

  // Registers a job; `queued` jobs wait until markStarted(). Its title follows from the kind, the
  // model and the settings (titleFor), in the current language.
  JobHandle begin(const QString& kind, const QString& modelPath, const QString& paramsJson = {}, bool queued = false);
  void markStarted(int id);
  void updateProgress(int id, const JobProgress& progress);
  // The result: interface text (a Text, re-worded on language changes) or data (engine messages,
  // digests: a QString, shown as is).
  void succeed(int id, const Text& message);
  void succeed(int id, const QString& message);
  // `code` is the engine's status name; "cancelled" ends the job as cancelled, anything else failed.
  void fail(int id, const QString& code, const Text& message);
  void fail(int id, const QString& code, const QString& message);
  // "Load stories260K-hf", "Benchmark (Speed) base", ... in the current language; empty for a
  // kind the workbench does not know (a row dsw-cli wrote keeps its recorded title).
  static QString titleFor(const QString& kind, const QString& modelPath, const QString& paramsJson);
  // `paramsJson` with "title" set: for jobs whose title the kind, model and settings cannot word
  // (recorded in the language of the moment).
  static QString titled(const QString& title, const QString& paramsJson = {});
  void cancel(int id);
  const JobItem* job(int id) const { return m_model->find(id); }
  int runningCount() const;
  // One line for the status bar: the newest running job and its progress.
  QString statusText() const;

 public slots:
  void refreshHistory();
  void onStoreOpened(const QString& path, bool ok, const QString& message, int interruptedJobs);
  void onRecorded(int jobId, qint64 storeId);
  void onHistoryLoaded(const QVector<JobItem>& history);

 signals:
  void statusTextChanged(const QString& text);
  void jobFinished(int id, int state);
  void historyRefreshed(int rows);
  // Wired (queued) to StoreService.
  void storeRecordStart(int jobId, const JobItem& job, const QString& paramsJson);
  void storeRecordFinish(int jobId, int state, const QString& message, double durationSeconds);
  void storeRefresh(int limit);

 private:
  void finish(int id, JobItem::State state, const QString& message, const Text& text);
  void updateDetails();
  void emitStatus();
  QString progressText(const JobProgress& p) const;

  ThemeManager& m_theme;
  JobTableModel* m_model;
  JobsPage* m_page;
  QTimer* m_clock;
  int m_nextId = 1;
  QHash<int, QElapsedTimer> m_elapsed;
  QHash<int, CancelFlag> m_cancel;
  QHash<int, JobProgress> m_lastProgress;
  QString m_storePath, m_storeError;
  int m_interrupted = 0;
  bool m_storeOk = false;
};
