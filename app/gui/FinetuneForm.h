// FinetuneForm: the Fine-tune area's run settings — base model and data, hyper-parameters with
// presets, LoRA targets, output folder — and the Start / Cancel / Resume buttons.
//
// A view only: config() reads the fields into the engine's TrainConfig (the same struct dsw-cli
// finetune fills, so both front ends run identical jobs); FinetuneController fills the model list,
// checks the plan whenever a field changes (changed()), and says whether a run is going
// (setRunning). Choosing a preset sets its fields; editing one of them shows "Custom".
// Threading: GUI thread only.
#pragma once

#include <dsw/train.h>

#include <QGroupBox>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

class FinetuneForm : public QWidget {
  Q_OBJECT
 public:
  enum class Preset { Quick, Balanced, Thorough, Custom };

  explicit FinetuneForm(QWidget* parent = nullptr);

  dsw::TrainConfig config() const;
  // Fills every field from `config` (a stored run's, for Resume or a second run like it).
  void setConfig(const dsw::TrainConfig& config);
  void applyPreset(Preset preset);
  Preset preset() const;

  QComboBox* modelBox() const { return m_model; }
  QLineEdit* dataEdit() const { return m_data; }
  QComboBox* formatBox() const { return m_format; }
  QLineEdit* field1Edit() const { return m_field1; }
  QLineEdit* field2Edit() const { return m_field2; }
  QSpinBox* seqLenBox() const { return m_seqLen; }
  QSpinBox* maxExamplesBox() const { return m_maxExamples; }
  QDoubleSpinBox* evalShareBox() const { return m_evalShare; }
  QComboBox* presetBox() const { return m_preset; }
  QComboBox* methodBox() const { return m_method; }
  QSpinBox* rankBox() const { return m_rank; }
  QDoubleSpinBox* alphaBox() const { return m_alpha; }
  QCheckBox* rsloraBox() const { return m_rslora; }
  QDoubleSpinBox* dropoutBox() const { return m_dropout; }
  QComboBox* targetsBox() const { return m_targets; }
  QLineEdit* customTargetsEdit() const { return m_customTargets; }
  QLineEdit* excludeEdit() const { return m_exclude; }
  QCheckBox* routerBox() const { return m_router; }
  QLineEdit* lrEdit() const { return m_lr; }
  QComboBox* scheduleBox() const { return m_schedule; }
  QSpinBox* warmupBox() const { return m_warmup; }
  QSpinBox* stepsBox() const { return m_steps; }
  QSpinBox* batchBox() const { return m_batch; }
  QSpinBox* accumBox() const { return m_accum; }
  QSpinBox* seedBox() const { return m_seed; }
  QCheckBox* checkpointingBox() const { return m_gradCkpt; }
  QSpinBox* evalEveryBox() const { return m_evalEvery; }
  QSpinBox* checkpointEveryBox() const { return m_ckptEvery; }
  QSpinBox* threadsBox() const { return m_threads; }
  QDoubleSpinBox* auxLossBox() const { return m_aux; }
  QDoubleSpinBox* biasRateBox() const { return m_biasRate; }
  QDoubleSpinBox* routerLrBox() const { return m_routerLr; }
  QLineEdit* outputEdit() const { return m_output; }
  QCheckBox* openResultBox() const { return m_openResult; }
  QPushButton* startButton() const { return m_start; }
  QPushButton* cancelButton() const { return m_cancel; }
  QPushButton* resumeButton() const { return m_resume; }

  // The targets preset lists (module-name patterns as the engine reads them).
  static QStringList attentionTargets();
  static QStringList attentionMlpTargets();

  void setRunning(bool running);
  void setResumable(bool resumable);
  void setCanStart(bool can);
  void setNotice(const QString& text);

 signals:
  void changed();  // any field that changes the plan
  void browseModelRequested();
  void browseDataRequested();
  void browseOutputRequested();
  void startRequested();
  void cancelRequested();
  void resumeRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void updateEnabled();
  void onPresetField();

  QGroupBox* m_dataGroup;
  QGroupBox* m_hyperGroup;
  QGroupBox* m_targetGroup;
  QGroupBox* m_outputGroup;
  QComboBox* m_model;
  QPushButton* m_browseModel;
  QLineEdit* m_data;
  QPushButton* m_browseData;
  QComboBox* m_format;
  QLineEdit* m_field1;
  QLineEdit* m_field2;
  QSpinBox* m_seqLen;
  QSpinBox* m_maxExamples;
  QDoubleSpinBox* m_evalShare;
  QComboBox* m_preset;
  QComboBox* m_method;
  QSpinBox* m_rank;
  QDoubleSpinBox* m_alpha;
  QCheckBox* m_rslora;
  QDoubleSpinBox* m_dropout;
  QComboBox* m_targets;
  QLineEdit* m_customTargets;
  QLineEdit* m_exclude;
  QCheckBox* m_router;
  QLineEdit* m_lr;
  QComboBox* m_schedule;
  QSpinBox* m_warmup;
  QDoubleSpinBox* m_weightDecay;
  QDoubleSpinBox* m_clip;
  QSpinBox* m_steps;
  QSpinBox* m_batch;
  QSpinBox* m_accum;
  QSpinBox* m_seed;
  QCheckBox* m_gradCkpt;
  QSpinBox* m_evalEvery;
  QSpinBox* m_ckptEvery;
  QSpinBox* m_threads;
  QDoubleSpinBox* m_aux;
  QDoubleSpinBox* m_biasRate;
  QDoubleSpinBox* m_routerLr;
  QLineEdit* m_output;
  QPushButton* m_browseOutput;
  QCheckBox* m_openResult;
  QPushButton* m_start;
  QPushButton* m_cancel;
  QPushButton* m_resume;
  QLabel* m_notice;
  QList<QPair<QLabel*, const char*>> m_labels;  // label and its untranslated text
  QLabel* m_field1Label = nullptr;
  QLabel* m_field2Label = nullptr;
  bool m_running = false;
  bool m_resumable = false;
  bool m_canStart = false;
  bool m_applyingPreset = false;
};
