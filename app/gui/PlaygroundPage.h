// PlaygroundPage: the Playground area — a chat (through the model's chat template) or a raw
// completion, streamed token by token, with sampling controls, live tokens/s and a token view
// whose chips show each token's probability and top-5 alternatives on hover.
//
// A view only: PlaygroundController drives it. Threading: GUI thread only.
#pragma once

#include "PlaygroundState.h"

#include <QWidget>

class LineSeriesChart;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;
class TokenView;

class PlaygroundPage : public QWidget {
  Q_OBJECT
 public:
  explicit PlaygroundPage(QWidget* parent = nullptr);

  QComboBox* modelBox() const { return m_model; }
  QComboBox* modeBox() const { return m_mode; }
  QTextBrowser* transcript() const { return m_transcript; }
  TokenView* tokenView() const { return m_tokens; }
  QPlainTextEdit* promptEdit() const { return m_prompt; }
  QPlainTextEdit* systemEdit() const { return m_system; }
  QPushButton* sendButton() const { return m_send; }
  QPushButton* stopButton() const { return m_stop; }
  QPushButton* copyButton() const { return m_copy; }
  QPushButton* exportButton() const { return m_export; }
  QPushButton* clearButton() const { return m_clear; }
  QCheckBox* greedyBox() const { return m_greedy; }
  QDoubleSpinBox* temperatureBox() const { return m_temperature; }
  QSpinBox* topKBox() const { return m_topK; }
  QDoubleSpinBox* topPBox() const { return m_topP; }
  QDoubleSpinBox* minPBox() const { return m_minP; }
  QDoubleSpinBox* repetitionBox() const { return m_repetition; }
  QSpinBox* maxTokensBox() const { return m_maxTokens; }
  QSpinBox* seedBox() const { return m_seed; }
  QCheckBox* shadeBox() const { return m_shade; }
  QCheckBox* showSpecialBox() const { return m_showSpecial; }
  LineSeriesChart* chart() const { return m_chart; }
  QLabel* tokensPerSecondLabel() const { return m_tps; }

  bool chatMode() const;
  // The controls of the shown model, and putting another model's back.
  PlaygroundSettings settings() const;
  void setSettings(const PlaygroundSettings& settings);
  // `shownGenerating`: the shown model is generating (Stop applies); `anyGenerating`: some model
  // is (one generation at a time, so Send waits).
  void setBusy(bool shownGenerating, bool anyGenerating);
  // Figures under the tokens/s headline; empty strings show "—".
  void setStats(const QString& tokensPerSecond, const QString& firstToken, const QString& promptTokens, const QString& generated,
                const QString& reason);
  void setNotice(const QString& text);
  void setIcons(const QIcon& send, const QIcon& stop, const QIcon& copy, const QIcon& exportIcon, const QIcon& clear);

 signals:
  void sendRequested();
  void stopRequested();
  void showSpecialChanged(bool show);
  void retranslated();

 protected:
  void changeEvent(QEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QWidget* buildSidePanel();
  void retranslateUi();
  void updateSamplingEnabled();

  QLabel* m_title;
  QLabel* m_subtitle;
  QLabel* m_modelLabel;
  QComboBox* m_model;
  QLabel* m_modeLabel;
  QComboBox* m_mode;
  QLabel* m_notice;
  QTextBrowser* m_transcript;
  QLabel* m_tokensTitle;
  QCheckBox* m_shade;
  QCheckBox* m_showSpecial;
  TokenView* m_tokens;
  QPlainTextEdit* m_prompt;
  QPushButton* m_send;
  QPushButton* m_stop;
  QLabel* m_hint;
  QGroupBox* m_samplingGroup;
  QCheckBox* m_greedy;
  QLabel* m_temperatureLabel;
  QDoubleSpinBox* m_temperature;
  QLabel* m_topKLabel;
  QSpinBox* m_topK;
  QLabel* m_topPLabel;
  QDoubleSpinBox* m_topP;
  QLabel* m_minPLabel;
  QDoubleSpinBox* m_minP;
  QLabel* m_repetitionLabel;
  QDoubleSpinBox* m_repetition;
  QLabel* m_maxTokensLabel;
  QSpinBox* m_maxTokens;
  QLabel* m_seedLabel;
  QSpinBox* m_seed;
  QGroupBox* m_systemGroup;
  QPlainTextEdit* m_system;
  QGroupBox* m_statsGroup;
  QLabel* m_tps;
  QLabel* m_tpsCaption;
  QLabel* m_statNames[4];
  QLabel* m_statValues[4];
  LineSeriesChart* m_chart;
  QGroupBox* m_conversationGroup;
  QPushButton* m_copy;
  QPushButton* m_export;
  QPushButton* m_clear;
};
