// ModelsPage: the Models area — open checkpoints by dialog, drag-and-drop or the recent list;
// read a model's card and browse its tensors; choose the device new models open on.
//
// A view only: ModelsController fills it and reacts to its signals. Several models can be open at
// once; the list on the left selects which one the card and tensor browser show.
// Threading: GUI thread only.
#pragma once

#include <QWidget>

class FilterableTableView;
class KeyValueCard;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;

class ModelsPage : public QWidget {
  Q_OBJECT
 public:
  explicit ModelsPage(QWidget* parent = nullptr);

  KeyValueCard* card() const { return m_card; }
  FilterableTableView* tensorView() const { return m_tensors; }
  QListWidget* openList() const { return m_openList; }
  QListWidget* recentList() const { return m_recentList; }
  QComboBox* deviceBox() const { return m_device; }
  QSpinBox* threadsBox() const { return m_threads; }
  QPushButton* hashButton() const { return m_hash; }
  QPushButton* chatButton() const { return m_chat; }
  QPushButton* adapterButton() const { return m_adapter; }
  QPushButton* closeButton() const { return m_close; }
  QTabWidget* tabs() const { return m_tabs; }
  QWidget* firstRunHint() const { return m_hintBox; }
  // Shows the empty state (no model open) or the details.
  void setHasModels(bool any);
  // The hint under the bundled demo model's card: how to open a real model.
  void setFirstRunHintVisible(bool visible);
  void setIcons(const QIcon& open, const QIcon& hash, const QIcon& chat, const QIcon& close);

 signals:
  void openFolderRequested();
  void openFileRequested();
  void retranslated();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslateUi();

  QLabel* m_title;
  QLabel* m_subtitle;
  QLabel* m_deviceLabel;
  QComboBox* m_device;
  QLabel* m_threadsLabel;
  QSpinBox* m_threads;
  QPushButton* m_openFolder;
  QPushButton* m_openFile;
  QLabel* m_openTitle;
  QListWidget* m_openList;
  QPushButton* m_close;
  QLabel* m_recentTitle;
  QListWidget* m_recentList;
  QStackedWidget* m_stack;
  QLabel* m_emptyTitle;
  QLabel* m_emptyText;
  QPushButton* m_emptyOpenFolder;
  QPushButton* m_emptyOpenFile;
  QTabWidget* m_tabs;
  KeyValueCard* m_card;
  QPushButton* m_hash;
  QPushButton* m_chat;
  QWidget* m_hintBox;
  QLabel* m_hintTitle;
  QLabel* m_hintText;
  QPushButton* m_hintOpenFile;
  QPushButton* m_hintOpenFolder;
  QPushButton* m_adapter;
  FilterableTableView* m_tensors;
};
