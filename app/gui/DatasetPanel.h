// DatasetPanel: routing statistics over a whole text or JSONL file, kept in the results database.
//
// A form (file, JSONL field, token limit, label) starts a data-set run as a job on the model chosen
// at the top of the Inspect area; the table lists the stored runs (this app's and dsw-cli's),
// newest first. Show puts a run into the Routing views (load, co-activation, entropy, experts never
// hit), Compare puts two runs into the Compare views, Export writes a run as CSV or JSON and
// Delete removes it. A view only: InspectController does the work. Threading: GUI thread only.
#pragma once

#include "InspectTypes.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

class DatasetPanel : public QWidget {
  Q_OBJECT
 public:
  explicit DatasetPanel(QWidget* parent = nullptr);

  void setRuns(const QVector<RoutingRunRow>& runs);
  const QVector<RoutingRunRow>& runs() const { return m_runs; }
  // Run ids selected in the table, in table order.
  QList<qint64> selectedRuns() const;
  void selectRuns(const QList<qint64>& ids);
  void setRunning(bool running);
  void setStatus(const QString& text);

  QLineEdit* fileEdit() const { return m_file; }
  QLineEdit* fieldEdit() const { return m_field; }
  QLineEdit* labelEdit() const { return m_label; }
  QSpinBox* maxTokensBox() const { return m_maxTokens; }
  QPushButton* runButton() const { return m_run; }
  QTableWidget* table() const { return m_table; }
  QLabel* status() const { return m_status; }

 signals:
  void browseRequested();
  void runRequested();
  void refreshRequested();
  void showRequested(qint64 id);
  void compareRequested(qint64 a, qint64 b);
  void exportRequested(qint64 id);
  void deleteRequested(qint64 id);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();
  void updateButtons();

  QVector<RoutingRunRow> m_runs;
  QLabel* m_intro;
  QLabel* m_fileLabel;
  QLineEdit* m_file;
  QPushButton* m_browse;
  QLabel* m_fieldLabel;
  QLineEdit* m_field;
  QLabel* m_maxLabel;
  QSpinBox* m_maxTokens;
  QLabel* m_labelLabel;
  QLineEdit* m_label;
  QPushButton* m_run;
  QTableWidget* m_table;
  QPushButton *m_refresh, *m_show, *m_compare, *m_export, *m_delete;
  QLabel* m_status;
};
