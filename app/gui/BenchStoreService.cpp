// BenchStoreService: dsw::Store calls on the store thread (see header).
#include "BenchStoreService.h"

#include <dsw/store.h>

BenchStoreService::BenchStoreService() = default;
BenchStoreService::~BenchStoreService() = default;

void BenchStoreService::open(const QString& path) {
  m_store.reset();
  auto store = dsw::Store::open(path.toStdString());
  if (!store.is_ok()) {
    m_error = QString::fromStdString(store.status().message());
    emit opened(path, false, m_error);
    return;
  }
  m_store = std::move(store).value();
  m_error.clear();
  emit opened(path, true, QString());
}

void BenchStoreService::list() {
  if (!m_store) {
    emit failed(0, m_error.isEmpty() ? tr("The database is not open.") : m_error);
    return;
  }
  auto rows = m_store->list_bench({});
  if (!rows.is_ok()) {
    emit failed(0, QString::fromStdString(rows.status().message()));
    return;
  }
  emit listed(*rows);
}

void BenchStoreService::insert(int jobId, const BenchRows& rows) {
  if (!m_store) {
    emit failed(jobId, m_error.isEmpty() ? tr("The database is not open.") : m_error);
    return;
  }
  std::optional<dsw::JobFinish> finish;
  if (auto it = m_jobRows.find(jobId); it != m_jobRows.end()) {
    finish = dsw::JobFinish{*it, dsw::JobState::succeeded, tr("Stored as result row(s) %1").arg(QStringLiteral("{rows}")).toStdString(), 0};
    m_jobRows.erase(it);
  }
  auto stored = m_store->store_bench_results(rows, finish);
  if (!stored.is_ok()) {
    emit failed(jobId, QString::fromStdString(stored.status().message()));
    return;
  }
  QList<qint64> ids;
  for (int64_t id : *stored) ids.append(id);
  emit inserted(jobId, ids);
}

void BenchStoreService::noteJobRow(int jobId, qint64 storeId) { m_jobRows.insert(jobId, storeId); }

void BenchStoreService::relabel(qint64 id, const QString& label) {
  if (!m_store) {
    emit failed(0, m_error.isEmpty() ? tr("The database is not open.") : m_error);
    return;
  }
  const dsw::Status s = m_store->set_bench_label(id, label.trimmed().toStdString());
  if (!s.is_ok()) {
    emit failed(0, QString::fromStdString(s.message()));
    return;
  }
  emit edited();
}

void BenchStoreService::remove(const QList<qint64>& ids) {
  if (!m_store) {
    emit failed(0, m_error.isEmpty() ? tr("The database is not open.") : m_error);
    return;
  }
  for (qint64 id : ids) {
    const dsw::Status s = m_store->delete_bench(id);
    if (!s.is_ok()) {
      emit failed(0, QString::fromStdString(s.message()));
      break;
    }
  }
  emit edited();
}

void BenchStoreService::close() { m_store.reset(); }
