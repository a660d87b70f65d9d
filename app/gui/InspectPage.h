// InspectPage: the Inspect area — which model (and which to compare it with), the prompt (typed or
// read from a text file), Run and Cancel, the job's progress, and the four views: Attention,
// Routing, Compare and Data set (each its own panel).
//
// A view only: InspectController decides what Run does on each tab and fills the panels.
// Threading: GUI thread only.
#pragma once

#include <QColor>
#include <QWidget>

class AttentionPanel;
class ComparePanel;
class DatasetPanel;
class QAction;
class QComboBox;
class QToolButton;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class RoutingPanel;

class InspectPage : public QWidget {
  Q_OBJECT
 public:
  explicit InspectPage(QWidget* parent = nullptr);

  // Model paths: the ready models first, then any path typed or browsed to. `adapters` (optional,
  // one per path): the PEFT adapter a ready model has attached; choosing it attaches the same.
  void setModels(const QStringList& paths, const QStringList& adapters = {});
  QString modelA() const;
  QString modelB() const;  // empty: no comparison
  void setModelA(const QString& path);
  void setModelB(const QString& path);
  // PEFT LoRA adapter folders attached to A and B (empty: none); shown on the Adapter buttons.
  QString adapterA() const { return m_adapterPathA; }
  QString adapterB() const { return m_adapterPathB; }
  void setAdapterA(const QString& dir);
  void setAdapterB(const QString& dir);
  QString prompt() const;
  void setPrompt(const QString& text);
  void setRunning(bool running);
  void setStatus(const QString& text, bool error = false);
  void setErrorColor(const QColor& color);
  void setProgress(const QString& text);
  void setReportNote(const QString& text);
  void setIcons(const QIcon& run, const QIcon& cancel, const QIcon& open);

  QComboBox* modelBox() const { return m_modelA; }
  QComboBox* compareBox() const { return m_modelB; }
  QToolButton* adapterButtonA() const { return m_adapterA; }
  QToolButton* adapterButtonB() const { return m_adapterB; }
  QPlainTextEdit* promptEdit() const { return m_prompt; }
  QPushButton* runButton() const { return m_run; }
  QPushButton* cancelButton() const { return m_cancel; }
  QTabWidget* tabs() const { return m_tabs; }
  QLabel* status() const { return m_status; }
  AttentionPanel* attention() const { return m_attention; }
  RoutingPanel* routing() const { return m_routing; }
  ComparePanel* compare() const { return m_compare; }
  DatasetPanel* dataset() const { return m_dataset; }

 signals:
  void runRequested();
  void cancelRequested();
  void browseModelRequested(bool compare);
  void browseAdapterRequested(bool compare);
  void promptFileRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void showAdapter(bool compare);

  QLabel* m_title;
  QLabel* m_subtitle;
  QLabel* m_modelLabel;
  QComboBox* m_modelA;
  QPushButton* m_browseA;
  QLabel* m_compareLabel;
  QComboBox* m_modelB;
  QPushButton* m_browseB;
  QToolButton* m_adapterA;
  QToolButton* m_adapterB;
  QAction* m_attachA;
  QAction* m_detachA;
  QAction* m_attachB;
  QAction* m_detachB;
  QString m_adapterPathA, m_adapterPathB;
  QPlainTextEdit* m_prompt;
  QPushButton* m_promptFile;
  QPushButton* m_run;
  QPushButton* m_cancel;
  QLabel* m_progress;
  QLabel* m_status;
  QLabel* m_reportNote;
  QTabWidget* m_tabs;
  AttentionPanel* m_attention;
  RoutingPanel* m_routing;
  ComparePanel* m_compare;
  DatasetPanel* m_dataset;
  QColor m_errorColor{0xcc, 0x3a, 0x3a};
};
