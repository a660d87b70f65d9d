// QuantizeForm: the Quantize area's job form — which open model, the method (RTN or GPTQ), the
// stored type (INT8 as Q8_0, INT4 as Q4_0, or the Q4_K_M-style mix), the group size, zero-point
// codes, AWQ scaling, the calibration file and its size, which tensors are quantised (defaults:
// attention and MLP projections and the output head; embedding and routers kept), the output
// format and path, and an evaluation text for the quality figures; then Quantize / Cancel and the
// running job's progress per layer with its ETA.
//
// A view only: request() reads the fields; QuantizeController fills the model list, suggests the
// output path, starts the job and feeds setProgress(). Fields that do not apply are disabled
// (group and zero point under the mix, act-order without GPTQ). Threading: GUI thread only.
#pragma once

#include "QuantizeTypes.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

class QuantizeForm : public QGroupBox {
  Q_OBJECT
 public:
  explicit QuantizeForm(QWidget* parent = nullptr);

  // The fields as a request (model path, job id and cancel flag are filled in by the controller).
  QuantizeRequest request() const;
  // "q4_0 g32", "q8_0 per-channel", "q4_k_m", "int4 asym g128": the scheme the fields describe,
  // used in suggested file names and job titles.
  QString schemeTag() const;

  QComboBox* modelBox() const { return m_model; }
  QComboBox* methodBox() const { return m_method; }
  QComboBox* typeBox() const { return m_type; }
  QComboBox* groupBox() const { return m_group; }
  QCheckBox* asymmetricBox() const { return m_asym; }
  QCheckBox* actOrderBox() const { return m_actOrder; }
  QCheckBox* awqBox() const { return m_awq; }
  QLineEdit* calibEdit() const { return m_calib; }
  QSpinBox* calibSamplesBox() const { return m_samples; }
  QSpinBox* calibLengthBox() const { return m_length; }
  QCheckBox* attentionBox() const { return m_attention; }
  QCheckBox* mlpBox() const { return m_mlp; }
  QCheckBox* headBox() const { return m_head; }
  QCheckBox* embeddingBox() const { return m_embedding; }
  QLineEdit* keepEdit() const { return m_keep; }
  QComboBox* formatBox() const { return m_format; }
  QLineEdit* outEdit() const { return m_out; }
  QLineEdit* evalEdit() const { return m_eval; }
  QSpinBox* evalCtxBox() const { return m_evalCtx; }
  QCheckBox* openResultBox() const { return m_openResult; }
  QPushButton* runButton() const { return m_run; }
  QPushButton* cancelButton() const { return m_cancel; }
  QProgressBar* progressBar() const { return m_progress; }
  QString progressText() const;

  void setRunning(bool running);
  void setNotice(const QString& text);
  QString notice() const;
  // Layer progress of the running job: `step` of `total` layers, the engine's ETA (< 0: unknown),
  // and what it is doing; total <= 0 shows a busy bar with `text` only.
  void setProgress(qint64 step, qint64 total, double etaSeconds, const QString& text);
  void clearProgress();
  // Whether AWQ scaling and the safetensors output can be chosen in this build.
  void setAvailability(bool awq, bool safetensors);

 signals:
  void runRequested();
  void cancelRequested();
  void browseCalibRequested();
  void browseOutRequested();
  void browseEvalRequested();
  // The fields that decide the suggested output name changed (model, type, group, method, format).
  void schemeChanged();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void updateEnabled();

  QComboBox* m_model;
  QComboBox* m_method;
  QComboBox* m_type;
  QComboBox* m_group;
  QCheckBox* m_asym;
  QCheckBox* m_actOrder;
  QCheckBox* m_awq;
  QLineEdit* m_calib;
  QPushButton* m_browseCalib;
  QSpinBox* m_samples;
  QSpinBox* m_length;
  QCheckBox* m_attention;
  QCheckBox* m_mlp;
  QCheckBox* m_head;
  QCheckBox* m_embedding;
  QLineEdit* m_keep;
  QComboBox* m_format;
  QLineEdit* m_out;
  QPushButton* m_browseOut;
  QLineEdit* m_eval;
  QPushButton* m_browseEval;
  QSpinBox* m_evalCtx;
  QCheckBox* m_openResult;
  QPushButton* m_run;
  QPushButton* m_cancel;
  QProgressBar* m_progress;
  QLabel* m_progressLabel;
  QLabel* m_notice;
  QList<QLabel*> m_labels;
  qint64 m_step = 0, m_total = 0;
  double m_eta = -1;
  QString m_progressWhat;
  bool m_running = false;
  bool m_awqAvailable = true, m_safetensorsAvailable = true;
};
