// PlaygroundController: runs chats and completions on the open models and streams the result into
// the Playground page without ever blocking the GUI thread.
//
// Per-model state: every open model has its own PlaygroundState (conversation, last reply's
// tokens and speed figures, sampling settings, system prompt, draft). The page shows one model's
// state at a time; choosing another model in the page's list stores the shown one's controls and
// shows the other's — its conversation, its untrained banner, its Speed panel — so nothing on
// screen belongs to a model other than the one named above it. Closing a model drops its state.
//
// Threading: a generation is a queued call to the chosen model's ModelWorker, which runs it on its
// own thread and pushes tokens into the model's TokenStream. The worker's tokensPending signal (sent
// only when the stream goes non-empty) arms a 40 ms single-shot timer here if it is idle; the timer
// drains the whole stream under one lock into the generating model's state, and updates the view
// when that model is the one shown. One generation runs at a time (Send waits while any model
// generates; the user may look at other models meanwhile). Stop sets the job's CancelFlag, which
// the engine checks every token. A failed or stopped generation keeps everything the user wrote.
#pragma once

#include "PlaygroundState.h"
#include "WorkerTypes.h"

#include <QHash>
#include <QObject>
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
  int activeModel() const { return m_activeModel; }
  // The model whose state the page shows (0: none).
  int shownModel() const { return m_shown; }
  // A model's state (nullptr when it has none yet).
  const PlaygroundState* state(int modelId) const;
  // The shown model's conversation, last finished figures and chips of its current reply.
  const QVector<ChatTurn>& conversation() const;
  const GenerationStats& lastStats() const;
  int shownTokens() const;
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
  void shownModelChanged(int modelId);

 private:
  PlaygroundState& stateOf(int modelId);
  void refreshModels();
  void showModel(int modelId);  // stores the shown model's controls, shows `modelId`'s state
  void connectWorker(int modelId);
  void onStarted(int jobId, int promptTokens);
  void onTokensPending(int jobId);
  void drain();
  void onFinished(int jobId, const GenerationStats& stats);
  void onFailed(int jobId, const QString& code, const QString& message);
  void endGeneration();
  void renderTranscript();
  void renderTokens();
  int visibleChipCount(const PlaygroundState& st) const;
  void renderChart();
  void renderStats();
  void updateNotice();
  void updateBusy();
  bool isShownActive() const { return m_activeJob && m_activeModel == m_shown; }
  QString reasonText(const QString& reason) const;
  QString roleName(const QString& role, bool raw) const;

  ModelsController& m_models;
  JobsController& m_jobs;
  ThemeManager& m_theme;
  QWidget* m_dialogParent;
  PlaygroundPage* m_page;
  QTimer* m_drainTimer;
  QSet<int> m_connected;  // models whose worker signals are wired
  QHash<int, PlaygroundState> m_states;
  int m_shown = 0;
  bool m_adoptControls = true;  // until a model has been shown
  int m_activeJob = 0;
  int m_activeModel = 0;
  std::shared_ptr<TokenStream> m_activeStream;
  QString m_lastUserText;
};
