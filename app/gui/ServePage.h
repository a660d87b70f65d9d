// ServePage: the Serve area — a form for the server (model, address, key, policy and limits),
// Start / Stop / Swap, the live figures and four live charts (requests per second, latency P50 and
// P99, batch size, queue depth).
//
// A plain view: the ServeController reads the form, drives the buttons' state and feeds the figures
// and charts. Threading: GUI thread only (the charts accept samples from any thread).
#pragma once

#include "ServeWorker.h"

#include <QWidget>

class LiveSeriesChart;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// The figures the page shows, already computed (plain data).
struct ServeFigures {
  double qps = 0, tokensPerS = 0, p50Ms = 0, p99Ms = 0, batch = 0;
  qint64 queue = 0, running = 0, finished = 0, failed = 0, rejected = 0, swaps = 0;
  QString model;
};

class ServePage : public QWidget {
  Q_OBJECT
 public:
  explicit ServePage(QWidget* parent = nullptr);

  ServeConfig config() const;
  void setConfig(const ServeConfig& config);
  // Paths offered in the model box (the models open in the workbench); the text typed stays.
  void setModelPaths(const QStringList& paths);
  QString modelPath() const;

  // idle: the form is editable; starting: a load is running; serving: Stop and Swap are enabled.
  enum class State { idle, starting, serving, swapping };
  void setState(State state);
  State state() const { return m_state; }
  void setStatus(const QString& text);
  QString statusText() const;
  void setFigures(const ServeFigures& figures);

  LiveSeriesChart* qpsChart() const { return m_qps; }
  LiveSeriesChart* latencyChart() const { return m_latency; }
  LiveSeriesChart* batchChart() const { return m_batch; }
  LiveSeriesChart* queueChart() const { return m_queue; }
  QPushButton* startButton() const { return m_start; }
  QPushButton* stopButton() const { return m_stop; }
  QPushButton* swapButton() const { return m_swap; }
  QLabel* figureLabel(int i) const { return m_values.value(i); }

 signals:
  void startRequested();
  void stopRequested();
  void swapRequested();
  void browseRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();

  State m_state = State::idle;
  QLabel* m_title;
  QLabel* m_subtitle;
  QComboBox* m_model;
  QPushButton* m_browse;
  QLineEdit* m_host;
  QSpinBox* m_port;
  QLineEdit* m_apiKey;
  QComboBox* m_policy;
  QSpinBox* m_maxBatch;
  QSpinBox* m_maxWait;
  QSpinBox* m_tokenCap;
  QSpinBox* m_context;
  QSpinBox* m_threads;
  QPushButton* m_start;
  QPushButton* m_stop;
  QPushButton* m_swap;
  QLabel* m_status;
  QLabel* m_endpoints;
  QList<QLabel*> m_formLabels;
  QList<QLabel*> m_names;
  QList<QLabel*> m_values;
  LiveSeriesChart* m_qps;
  LiveSeriesChart* m_latency;
  LiveSeriesChart* m_batch;
  LiveSeriesChart* m_queue;
  QList<QLabel*> m_chartTitles;
};
