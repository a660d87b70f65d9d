// StoreService: the workbench's job history in the shared SQLite store (the same database dsw-cli
// writes to), on its own QThread.
//
// Threading rules: a dsw::Store is used from one thread at a time, so the service opens it in
// open() on its own thread and keeps it there; the GUI reaches it only through queued calls to the
// slots and hears back through signals. Job rows are keyed by the session-local job id the
// JobsController hands out; the service remembers which database row each id became, and since
// the calls for one job arrive in order on one thread, a finish always finds its row. Every write
// is one transaction (the store's rule), so a crash mid-job leaves a "running" row that the next
// start marks as failed ("interrupted") — nothing the user ran disappears from the history.
#pragma once

#include "JobTableModel.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace dsw {
class Store;
}

class StoreService : public QObject {
  Q_OBJECT
 public:
  StoreService();
  ~StoreService() override;

 public slots:
  // Opens (creating if needed) the database; marks jobs a dead process left running as failed.
  void open(const QString& path);
  void recordStart(int jobId, const JobItem& job, const QString& paramsJson);
  void recordFinish(int jobId, int state, const QString& message, double durationSeconds);
  void refresh(int limit);
  // Closes the database on this thread (called before the thread stops).
  void close();

 signals:
  void opened(const QString& path, bool ok, const QString& message, int interruptedJobs);
  void recorded(int jobId, qint64 storeId);
  void historyLoaded(const QVector<JobItem>& history);
  void failed(const QString& message);

 private:
  std::unique_ptr<dsw::Store> m_store;
  QHash<int, qint64> m_rows;  // session job id -> database row
};

