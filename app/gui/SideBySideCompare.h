// SideBySideCompare: the Playground's side-by-side comparison — the same prompts sent to two open
// models (a base and the same base with an adapter, or a merged model), greedy, one reply per
// model and prompt in two columns, so what fine-tuning changed reads at a glance.
//
// Threading: GUI thread only. Each reply is a queued generate() on that model's ModelWorker, one
// at a time (the next is sent when the previous one finishes); only the finished text is used, so
// the streamed tokens are discarded. Its generations use negative job ids, which no other area's
// filters match, and the whole comparison is one entry in the Jobs area (progress, cancel).
#pragma once

#include "WorkerTypes.h"

#include <QObject>
#include <QPointer>
#include <QVector>

class JobsController;
class ModelsController;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

// The window: two model names, the prompts (one per line), the reply length, Run / Stop and the
// replies table (prompt | model A | model B). A view only.
class SideBySideWindow : public QWidget {
  Q_OBJECT
 public:
  explicit SideBySideWindow(QWidget* parent = nullptr);
  QLabel* modelsLabel() const { return m_models; }
  QPlainTextEdit* promptsEdit() const { return m_prompts; }
  QSpinBox* maxTokensBox() const { return m_maxTokens; }
  QPushButton* runButton() const { return m_run; }
  QPushButton* stopButton() const { return m_stop; }
  QTableWidget* table() const { return m_table; }
  QLabel* statusLabel() const { return m_status; }
  void setColumnTitles(const QString& a, const QString& b);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  QLabel* m_models;
  QLabel* m_promptsLabel;
  QPlainTextEdit* m_prompts;
  QLabel* m_maxLabel;
  QSpinBox* m_maxTokens;
  QPushButton* m_run;
  QPushButton* m_stop;
  QTableWidget* m_table;
  QLabel* m_status;
  QString m_a, m_b;
};

class SideBySideCompare : public QObject {
  Q_OBJECT
 public:
  SideBySideCompare(ModelsController& models, JobsController& jobs, QWidget* windowParent, QObject* parent = nullptr);
  ~SideBySideCompare() override;

  // Shows the window for models a and b (ids of open models) with these prompts; chat: send each
  // prompt as a user turn in the model's chat format (else as raw text to continue).
  void show(int modelA, int modelB, const QStringList& prompts, bool chat);
  SideBySideWindow* window() const { return m_window; }
  bool isRunning() const { return m_current >= 0; }
  int jobId() const { return m_job; }
  // The reply of prompt i by model side (0: a, 1: b); empty until it arrives.
  QString reply(int prompt, int side) const;

 public slots:
  bool start();
  void stop();

 signals:
  void finished(bool completed);

 private:
  void connectWorker(int modelId);
  void sendNext();
  void onFinished(int jobId, const GenerationStats& stats);
  void onFailed(int jobId, const QString& code, const QString& message);
  void end(bool completed, const QString& message);

  ModelsController& m_models;
  JobsController& m_jobs;
  QWidget* m_windowParent;
  QPointer<SideBySideWindow> m_window;
  int m_a = 0, m_b = 0;
  bool m_chat = true;
  QStringList m_prompts;
  QVector<QString> m_replies;  // prompt * 2 + side
  int m_current = -1;          // index into m_replies being generated; -1: idle
  int m_genId = 0;             // negative id of the running generation
  int m_nextGenId = -1;
  int m_job = 0;
  CancelFlag m_cancel;
  QList<int> m_connected;
};
