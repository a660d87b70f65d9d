// LogView: the log dock's contents — timestamped, coloured lines with a minimum-level filter.
//
// Plain data in (level 0..4 = trace, debug, info, warning, error). Lines are buffered and written
// in one batch per ~40 ms, so a burst of engine messages costs one repaint. The newest 5,000
// entries are kept; changing the filter re-renders them. Threading: GUI thread only.
#pragma once

#include <QDateTime>
#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTimer;
class QToolButton;

class LogView : public QWidget {
  Q_OBJECT
 public:
  enum Level { Trace = 0, Debug, Info, Warning, Error };
  explicit LogView(QWidget* parent = nullptr);

  void setClearIcon(const QIcon& icon);
  int minimumLevel() const { return m_minLevel; }
  int entryCount() const { return int(m_entries.size()); }
  // The text currently shown (after the filter and pending flush). For tests.
  QString visibleText();

 public slots:
  void appendEntry(int level, const QDateTime& time, const QString& text);
  void setMinimumLevel(int level);
  void clear();
  void flush();

 signals:
  void minimumLevelChanged(int level);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Entry {
    int level;
    QDateTime time;
    QString text;
  };
  void retranslateUi();
  void render(const Entry& e);
  void rerender();
  static QString levelName(int level);

  QComboBox* m_levelBox;
  QLabel* m_levelLabel;
  QToolButton* m_clear;
  QPlainTextEdit* m_text;
  QTimer* m_flushTimer;
  QVector<Entry> m_entries;
  QVector<Entry> m_pending;
  int m_minLevel = Info;
};
