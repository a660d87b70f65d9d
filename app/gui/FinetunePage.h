// FinetunePage: the Fine-tune area — the run form on the left; on the right the plan (the
// "adapter applied?" audit, the memory estimate), the data preview (rendered rows with the masked
// prompt tokens shaded), the live training charts with the gradient monitor and the result's
// comparisons, and the runs recorded in the store.
//
// A view only: FinetuneController fills it and decides what every button does. Charts are
// ChartAdapter views fed with plain numbers. Threading: GUI thread only.
#pragma once

#include <QWidget>

class FilterableTableView;
class FinetuneForm;
class MaskedTokenView;
class QComboBox;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTabWidget;
class StepHeatmap;
class TrainingChart;

class FinetunePage : public QWidget {
  Q_OBJECT
 public:
  enum Tab { PlanTab, DataTab, TrainingTab, RunsTab };

  explicit FinetunePage(QWidget* parent = nullptr);

  FinetuneForm* form() const { return m_form; }
  QTabWidget* tabs() const { return m_tabs; }
  // Plan.
  QLabel* planSummary() const { return m_planSummary; }
  FilterableTableView* auditView() const { return m_audit; }
  // Data.
  QLabel* dataSummary() const { return m_dataSummary; }
  MaskedTokenView* preview() const { return m_preview; }
  // Training.
  QLabel* statusLabel() const { return m_status; }
  QLabel* gradientLabel() const { return m_gradient; }
  QListWidget* flagList() const { return m_flags; }
  TrainingChart* lossChart() const { return m_loss; }
  TrainingChart* lrChart() const { return m_lr; }
  TrainingChart* gradChart() const { return m_grad; }
  StepHeatmap* layerGradMap() const { return m_layerGrad; }
  TrainingChart* speedChart() const { return m_speed; }
  TrainingChart* memoryChart() const { return m_memory; }
  StepHeatmap* expertLoadMap() const { return m_expertLoad; }
  QComboBox* expertLayerBox() const { return m_expertLayer; }
  QWidget* expertPanel() const { return m_expertPanel; }
  QGroupBox* resultBox() const { return m_result; }
  QLabel* resultLabel() const { return m_resultText; }
  QPushButton* openResultButton() const { return m_openResult; }
  QPushButton* sideBySideButton() const { return m_sideBySide; }
  QPushButton* perplexityButton() const { return m_perplexity; }
  QPushButton* routingButton() const { return m_routing; }
  // Runs.
  FilterableTableView* runsView() const { return m_runs; }
  QPushButton* refreshRunsButton() const { return m_refreshRuns; }
  QPushButton* loadRunButton() const { return m_loadRun; }
  QPushButton* compareRunButton() const { return m_compareRun; }
  TrainingChart* runChart() const { return m_runChart; }
  // The selected run's store id (0: none).
  qint64 selectedRunId() const;

  void setIcons(const QIcon& refresh, const QIcon& compare);

 signals:
  void retranslated();
  void runSelectionChanged();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QWidget* buildPlanTab();
  QWidget* buildDataTab();
  QWidget* buildTrainingTab();
  QWidget* buildRunsTab();
  void retranslateUi();

  QLabel* m_title;
  QLabel* m_subtitle;
  FinetuneForm* m_form;
  QTabWidget* m_tabs;
  QLabel* m_planSummary;
  FilterableTableView* m_audit;
  QLabel* m_dataSummary;
  QLabel* m_legend;
  MaskedTokenView* m_preview;
  QLabel* m_status;
  QLabel* m_gradient;
  QListWidget* m_flags;
  TrainingChart* m_loss;
  TrainingChart* m_lr;
  TrainingChart* m_grad;
  StepHeatmap* m_layerGrad;
  TrainingChart* m_speed;
  TrainingChart* m_memory;
  QWidget* m_expertPanel;
  QLabel* m_expertLayerLabel;
  QComboBox* m_expertLayer;
  StepHeatmap* m_expertLoad;
  QGroupBox* m_result;
  QLabel* m_resultText;
  QPushButton* m_openResult;
  QPushButton* m_sideBySide;
  QPushButton* m_perplexity;
  QPushButton* m_routing;
  FilterableTableView* m_runs;
  QPushButton* m_refreshRuns;
  QPushButton* m_loadRun;
  QPushButton* m_compareRun;
  TrainingChart* m_runChart;
};
