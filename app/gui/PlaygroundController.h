// PlaygroundController: runs chats and completions on the open models and streams the result into
// the Playground page without ever blocking the GUI thread.
//
// Threading: a generation is a queued call to the chosen model's ModelWorker, which runs it on its
// own thread and pushes tokens into the model's TokenStream. The worker's tokensPending signal (sent
// only when the stream goes non-empty) arms a 40 ms single-shot timer here if it is idle; the timer
// drains the whole stream under one lock and updates the transcript, token view and chart once.
// Stop sets the job's CancelFlag, which the engine checks every token. The conversation lives here
// (GUI thread); a failed or stopped generation keeps everything the user wrote.
#pragma once

#include "WorkerTypes.h"

#include <QObject>
#include <QPointer>
#include <QSet>

#include <memory>

class JobsController;
class ModelWorker;
class ModelsController;
class PlaygroundPage;
class QTimer;
class ThemeManager;
class TokenStream;

class PlaygroundController : public QObject {
  Q_OBJECT
 public:
  static constexpr int kDrainIntervalMs = 40;

  PlaygroundController(ModelsController& models, JobsController& jobs, ThemeManager& theme, QWidget* dialogParent,
                       QObject* parent = nullptr);

  PlaygroundPage* page() const { return m_page; }
  bool isGenerating() const { return m_activeJob != 0; }
  int activeJob() const { return m_activeJob; }
  const QVector<ChatTurn>& conversation() const { return m_conversation; }
  const GenerationStats& lastStats() const { return m_lastStats; }
  int shownTokens() const { return m_shownTokens; }
  QString conversationText() const;

 public slots:
  void selectModel(int modelId);
  // Sends the prompt box (or `text` when given) as a new turn; false when not possible right now.
  bool send(const QString& text = {});
  void stop();
  void clearConversation();
  void copyConversation();
  bool exportConversation(const QString& path);

 signals:
  void generationStarted(int jobId);
  void tokensShown(int total);
  void generationFinished(const GenerationStats& stats);
  void generationFailed(const QString& message);

 private:
  void refreshModels();
  void connectWorker(int modelId);
  void onStarted(int jobId, int promptTokens);
  void onTokensPending(int jobId);
  void drain();
  void onFinished(int jobId, const GenerationStats& stats);
  void onFailed(int jobId, const QString& code, const QString& message);
  void renderTranscript();
  void updateNotice();
  void showLiveStats();
  int currentModelId() const;
  QString reasonText(const QString& reason) const;

  ModelsController& m_models;
  JobsController& m_jobs;
  ThemeManager& m_theme;
  QWidget* m_dialogParent;
  PlaygroundPage* m_page;
  QTimer* m_drainTimer;
  QSet<int> m_connected;  // models whose worker signals are wired
  QVector<ChatTurn> m_conversation;
  bool m_rawMode = false;
  QString m_streamingText;  // the reply being generated
  int m_activeJob = 0;
  int m_activeModel = 0;
  std::shared_ptr<TokenStream> m_activeStream;
  QString m_lastUserText;
  QVector<double> m_tokenTimes;  // worker timestamps of the chips shown, for tokens/s
  int m_shownTokens = 0;
  int m_promptTokens = 0;
  GenerationStats m_lastStats;
};
