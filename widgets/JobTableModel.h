// JobTableModel: the Jobs list — live jobs of this session on top, history from the store below.
//
// Plain data (JobItem); the app's JobsController owns the truth and pushes changes here. Live jobs
// have a session-local id > 0; history rows read from the database have id 0 and are keyed by
// their store id. Progress updates arrive a few times per second per job and only emit dataChanged
// for the changed row, so selection and scrolling survive. Threading: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <functional>

struct JobItem {
  enum class State { Queued, Running, Succeeded, Failed, Cancelled };
  int id = 0;          // session-local id; 0 for rows read from the history
  qint64 storeId = 0;  // row id in the database, 0 until recorded
  QString kind;        // "load", "hash", "generate", "bench", ...
  QString title;       // as recorded (in the language of the time)
  QString params;      // the job's settings (JSON)
  QString model;       // model path
  State state = State::Queued;
  double progress = -1;     // 0..1; < 0 while unknown
  double etaSeconds = -1;   // < 0 while unknown
  QString detail;           // live progress text
  QString message;          // result summary or the error that ended it
  QDateTime created;
  double durationSeconds = 0;
  // The title and result worded in the current language, where the workbench wrote them (the
  // Jobs list re-asks on every language change); otherwise the recorded text, which is data.
  std::function<QString()> titleText;
  std::function<QString()> messageText;

  QString displayTitle() const { return titleText ? titleText() : title; }
  QString displayMessage() const { return messageText ? messageText() : message; }
  bool finished() const { return state == State::Succeeded || state == State::Failed || state == State::Cancelled; }
};
Q_DECLARE_METATYPE(JobItem)

class JobTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { TitleColumn, KindColumn, StateColumn, ProgressColumn, EtaColumn, StartedColumn, DurationColumn, MessageColumn, ColumnCount };
  static constexpr int ProgressRole = Qt::UserRole + 1;  // double 0..1 (or < 0)
  static constexpr int StateRole = Qt::UserRole + 2;     // int(JobItem::State)
  static constexpr int JobIdRole = Qt::UserRole + 3;     // session-local id

  explicit JobTableModel(QObject* parent = nullptr);

  // Inserts a live job at the top or updates the row with the same id.
  void upsert(const JobItem& job);
  // Replaces the history rows (id 0); rows whose store id belongs to a live job are skipped.
  void setHistory(const QVector<JobItem>& history);
  const JobItem* find(int id) const;
  const JobItem* at(int row) const;
  int rowOf(int id) const;

  static QString stateName(JobItem::State state);
  static QString kindName(const QString& kind);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 public slots:
  // Re-emits every text (after a language change).
  void retranslate();

 private:
  QVector<JobItem> m_jobs;
};
