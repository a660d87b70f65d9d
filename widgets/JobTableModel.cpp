// JobTableModel (see header).
#include "JobTableModel.h"

#include "ItemRoles.h"

#include "Format.h"

#include <QColor>
#include <QLocale>
#include <QSet>

JobTableModel::JobTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void JobTableModel::upsert(const JobItem& job) {
  const int row = rowOf(job.id);
  if (row >= 0) {
    m_jobs[row] = job;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return;
  }
  // A live job whose history copy is already listed replaces it.
  for (int i = 0; i < m_jobs.size(); ++i)
    if (m_jobs[i].id == 0 && job.storeId != 0 && m_jobs[i].storeId == job.storeId) {
      beginRemoveRows({}, i, i);
      m_jobs.removeAt(i);
      endRemoveRows();
      break;
    }
  beginInsertRows({}, 0, 0);
  m_jobs.prepend(job);
  endInsertRows();
}

void JobTableModel::setHistory(const QVector<JobItem>& history) {
  beginResetModel();
  QVector<JobItem> live;
  QSet<qint64> liveStoreIds;
  for (const auto& j : m_jobs)
    if (j.id != 0) {
      live.append(j);
      if (j.storeId) liveStoreIds.insert(j.storeId);
    }
  m_jobs = live;
  for (const auto& h : history)
    if (!liveStoreIds.contains(h.storeId)) m_jobs.append(h);
  endResetModel();
}

const JobItem* JobTableModel::find(int id) const {
  const int row = rowOf(id);
  return row >= 0 ? &m_jobs[row] : nullptr;
}

const JobItem* JobTableModel::at(int row) const { return row >= 0 && row < m_jobs.size() ? &m_jobs[row] : nullptr; }

int JobTableModel::rowOf(int id) const {
  if (id <= 0) return -1;
  for (int i = 0; i < m_jobs.size(); ++i)
    if (m_jobs[i].id == id) return i;
  return -1;
}

QString JobTableModel::stateName(JobItem::State state) {
  switch (state) {
    case JobItem::State::Queued: return tr("Queued");
    case JobItem::State::Running: return tr("Running");
    case JobItem::State::Succeeded: return tr("Succeeded");
    case JobItem::State::Failed: return tr("Failed");
    case JobItem::State::Cancelled: return tr("Cancelled");
  }
  return {};
}

QString JobTableModel::kindName(const QString& kind) {
  if (kind == u"load") return tr("Load");
  if (kind == u"hash") return tr("Hash");
  if (kind == u"generate") return tr("Generate");
  if (kind == u"bench") return tr("Benchmark");
  if (kind == u"perplexity") return tr("Perplexity");
  return kind;
}

int JobTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_jobs.size()); }
int JobTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant JobTableModel::data(const QModelIndex& index, int role) const {
  const JobItem* j = at(index.row());
  if (!j || !index.isValid()) return {};
  switch (role) {
    case ProgressRole: return j->state == JobItem::State::Succeeded ? 1.0 : j->progress;
    case StateRole: return int(j->state);
    case JobIdRole: return j->id;
    case Qt::ToolTipRole:
      if (!j->message.isEmpty()) return j->displayMessage();
      return j->model.isEmpty() ? QVariant() : QVariant(j->model);
    case ItemRoles::IsData:
      if (index.column() == TitleColumn) return !j->titleText;
      if (index.column() == MessageColumn) return !j->messageText;
      return index.column() == StartedColumn;
    case Qt::ForegroundRole:
      if (index.column() != StateColumn) return {};
      if (j->state == JobItem::State::Failed) return QColor(0xd0, 0x3b, 0x3b);
      if (j->state == JobItem::State::Succeeded) return QColor(0x2e, 0x9d, 0x5b);
      if (j->state == JobItem::State::Cancelled) return QColor(0x8a, 0x8f, 0x98);
      return {};
    case Qt::TextAlignmentRole:
      if (index.column() == EtaColumn || index.column() == DurationColumn) return int(Qt::AlignRight | Qt::AlignVCenter);
      return {};
    case Qt::DisplayRole: break;
    default: return {};
  }
  switch (index.column()) {
    case TitleColumn: return j->displayTitle();
    case KindColumn: return kindName(j->kind);
    case StateColumn: return stateName(j->state);
    case ProgressColumn:
      if (j->state == JobItem::State::Running && !j->detail.isEmpty()) return j->detail;
      if (j->progress >= 0 && !j->finished()) return QStringLiteral("%1%").arg(qRound(j->progress * 100));
      return {};
    case EtaColumn: return j->state == JobItem::State::Running && j->etaSeconds >= 0 ? Format::duration(j->etaSeconds) : QString();
    case StartedColumn: return j->created.isValid() ? QLocale().toString(j->created.toLocalTime(), QLocale::ShortFormat) : QString();
    case DurationColumn: return j->finished() || j->state == JobItem::State::Running ? Format::duration(j->durationSeconds) : QString();
    case MessageColumn: return j->displayMessage();
  }
  return {};
}

QVariant JobTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case TitleColumn: return tr("Job");
    case KindColumn: return tr("Kind");
    case StateColumn: return tr("State");
    case ProgressColumn: return tr("Progress");
    case EtaColumn: return tr("ETA");
    case StartedColumn: return tr("Started");
    case DurationColumn: return tr("Duration");
    case MessageColumn: return tr("Result");
  }
  return {};
}

void JobTableModel::retranslate() {
  emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
  if (!m_jobs.isEmpty()) emit dataChanged(index(0, 0), index(int(m_jobs.size()) - 1, ColumnCount - 1));
}
