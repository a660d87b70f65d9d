// JobsPage: the Jobs area — the queue of running jobs with progress bars and ETA, and the history
// read from the shared database (this app's and dsw-cli's runs).
//
// A view only: JobsController owns the model and decides what Cancel and Refresh do.
// Threading: GUI thread only.
#pragma once

#include <QWidget>

class JobTableModel;
class ProgressDelegate;
class QLabel;
class QPushButton;
class QTableView;

class JobsPage : public QWidget {
  Q_OBJECT
 public:
  explicit JobsPage(JobTableModel* model, QWidget* parent = nullptr);

  QTableView* table() const { return m_table; }
  QPushButton* cancelButton() const { return m_cancel; }
  QPushButton* refreshButton() const { return m_refresh; }
  ProgressDelegate* progressDelegate() const { return m_delegate; }
  // Session id of the selected job (0 for a history row or none).
  int selectedJobId() const;
  int selectedRow() const;
  void setDetails(const QString& html);
  void setStoreLocation(const QString& text);
  void setIcons(const QIcon& cancel, const QIcon& refresh);

 signals:
  void cancelRequested(int jobId);
  void refreshRequested();
  void selectionChanged(int row);
  // After the page's own texts were retranslated: the controller re-renders dynamic texts.
  void retranslated();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();

  JobTableModel* m_model;
  QLabel* m_title;
  QLabel* m_subtitle;
  QLabel* m_store;
  QTableView* m_table;
  ProgressDelegate* m_delegate;
  QPushButton* m_cancel;
  QPushButton* m_refresh;
  QLabel* m_details;
};
