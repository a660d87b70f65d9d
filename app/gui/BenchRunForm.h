// BenchRunForm: the Benchmarks area's "Run a benchmark" form — which open model, which suite
// (speed, perplexity on a text file, diversity), the shapes (prompt and generated tokens, batch,
// repetitions), an optional sweep over batch sizes or prompt lengths, and a label for the run.
//
// A view only: request() reads the fields into a BenchRequest; BenchmarksController fills the
// model list, starts the job and says whether one is running (setRunning). Fields that do not
// apply to the chosen suite are disabled. Threading: GUI thread only.
#pragma once

#include "BenchTypes.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

class BenchRunForm : public QGroupBox {
  Q_OBJECT
 public:
  explicit BenchRunForm(QWidget* parent = nullptr);

  // The fields as a request (no job id or cancel flag yet).
  BenchRequest request() const;
  QComboBox* modelBox() const { return m_model; }
  QComboBox* suiteBox() const { return m_suite; }
  QSpinBox* promptBox() const { return m_prompt; }
  QSpinBox* genBox() const { return m_gen; }
  QSpinBox* batchBox() const { return m_batch; }
  QSpinBox* repsBox() const { return m_reps; }
  QComboBox* sweepBox() const { return m_sweep; }
  QLineEdit* sweepValuesEdit() const { return m_sweepValues; }
  QLineEdit* fileEdit() const { return m_file; }
  QLineEdit* labelEdit() const { return m_label; }
  QPushButton* runButton() const { return m_run; }
  QPushButton* cancelButton() const { return m_cancel; }
  void setRunning(bool running);
  void setNotice(const QString& text);

 signals:
  void runRequested();
  void cancelRequested();
  void browseRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void updateEnabled();

  QComboBox* m_model;
  QComboBox* m_suite;
  QSpinBox* m_prompt;
  QSpinBox* m_gen;
  QSpinBox* m_batch;
  QSpinBox* m_reps;
  QComboBox* m_sweep;
  QLineEdit* m_sweepValues;
  QLineEdit* m_file;
  QPushButton* m_browse;
  QLineEdit* m_label;
  QPushButton* m_run;
  QPushButton* m_cancel;
  QLabel* m_notice;
  QList<QLabel*> m_labels;
  bool m_running = false;
};
