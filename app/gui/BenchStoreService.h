// BenchStoreService: the benchmark rows of the shared SQLite store (the database dsw-cli bench
// writes to), read and written off the GUI thread.
//
// Threading rules: as StoreService — it lives on the store thread (a second dsw::Store connection
// to the same file, opened in open() on that thread and used only there; the store's WAL mode lets
// both connections and other processes work at once). The GUI reaches it only through queued
// calls to its slots and hears back through signals. list() reads every row anew, so rows another
// process wrote appear on the next refresh. insert() writes a job's rows and marks its history row
// succeeded in one transaction (the row StoreService recorded for that job, learned through
// noteJobRow), so no crash leaves a finished job without its rows or rows without their job.
#pragma once

#include "BenchTypes.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace dsw {
class Store;
}

class BenchStoreService : public QObject {
  Q_OBJECT
 public:
  BenchStoreService();
  ~BenchStoreService() override;

 public slots:
  void open(const QString& path);
  // Every benchmark row, oldest first; answers listed() or failed().
  void list();
  // Stores the rows of a finished benchmark job; answers inserted() (the new ids) or failed().
  void insert(int jobId, const BenchRows& rows);
  // The job history row StoreService wrote for session job `jobId`.
  void noteJobRow(int jobId, qint64 storeId);
  // Edits by the user: a new label for one row, or rows deleted (each in one transaction; jobs
  // that produced a deleted row keep their history, their link is cleared). Answer edited().
  void relabel(qint64 id, const QString& label);
  void remove(const QList<qint64>& ids);
  void close();

 signals:
  void opened(const QString& path, bool ok, const QString& message);
  void listed(const BenchRows& rows);
  void inserted(int jobId, const QList<qint64>& ids);
  void edited();
  // jobId 0: a read failed.
  void failed(int jobId, const QString& message);

 private:
  std::unique_ptr<dsw::Store> m_store;
  QString m_error;
  QHash<int, qint64> m_jobRows;  // session job id -> job history row
};
