// PlaygroundState: everything the Playground shows for one open model — its conversation, the
// reply being generated, the token chips and speed figures of the last reply, and the settings the
// user chose for it (sampling, mode, system prompt, the unsent draft).
//
// Each open model has its own state (PlaygroundController keeps one per model id), so switching
// models shows that model's conversation, banner and Speed panel, never another model's.
// Plain data; GUI thread only.
#pragma once

#include "TokenView.h"
#include "WorkerTypes.h"

#include <QPointF>
#include <QString>
#include <QVector>

// The Playground's controls for one model.
struct PlaygroundSettings {
  bool chat = true;
  bool greedy = false;
  double temperature = 0;
  int topK = 0;
  double topP = 0;
  double minP = 0;
  double repetitionPenalty = 0;
  int maxTokens = 0;
  int seed = 0;  // 0: random
  QString system;
  QString draft;  // the prompt box's text, not sent yet

  // A model's controls before the user changes them: the engine's sampling defaults (the one
  // definition in dsw/sampling.h, through GenerationRequest::defaults()).
  static PlaygroundSettings defaults() {
    const GenerationRequest r = GenerationRequest::defaults();
    PlaygroundSettings s;
    s.greedy = r.greedy;
    s.temperature = r.temperature;
    s.topK = r.topK;
    s.topP = r.topP;
    s.minP = r.minP;
    s.repetitionPenalty = r.repetitionPenalty;
    s.maxTokens = r.maxTokens;
    s.seed = int(r.seed);
    return s;
  }
};

struct PlaygroundState {
  PlaygroundSettings settings = PlaygroundSettings::defaults();
  QVector<ChatTurn> conversation;
  bool rawMode = false;      // the conversation is a completion (prompt + continuation)
  bool generating = false;
  QString streamingText;     // the reply being generated
  QVector<TokenEntry> tokens;  // chips of the last (or current) reply
  QVector<double> tokenTimes;  // worker timestamps of those chips
  QVector<QPointF> speed;    // decode tokens/s averaged since the first token, per chip (the chart)
  int promptTokens = 0;
  bool finished = false;     // lastStats holds a finished reply's figures
  GenerationStats lastStats;
  QString failure;           // why the last generation failed (shown in the banner)

  // The headline figure: the last point of the chart (the same quantity), 0 before two tokens.
  double decodeRate() const { return speed.isEmpty() ? 0.0 : speed.last().y(); }
};
