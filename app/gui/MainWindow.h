// MainWindow: the frame only — navigation rail, one page per area, status bar (device, memory in
// use, current job) and the log dock. It knows no engine and no area's logic: the Workbench adds
// each controller's page as an area and feeds the status bar.
//
// Dropping files anywhere on the window emits filesDropped (the Models area opens them).
// Threading: GUI thread only.
#pragma once

#include <QMainWindow>

#include <functional>

class LogView;
class NavigationRail;
class QDockWidget;
class QLabel;
class QStackedWidget;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

  // Adds an area; `title` is called again on every language change. Returns its index.
  int addArea(const QString& key, const QIcon& icon, std::function<QString()> title, QWidget* page, bool pinnedBottom = false);
  void setAreaIcon(const QString& key, const QIcon& icon);
  QStringList areaKeys() const { return m_keys; }
  // The area's title in the current language.
  QString areaTitle(const QString& key) const;
  QLabel* deviceLabel() const { return m_device; }
  QLabel* memoryLabel() const { return m_memory; }
  QLabel* jobLabel() const { return m_job; }
  QString currentArea() const;
  QWidget* areaPage(const QString& key) const;
  NavigationRail* rail() const { return m_rail; }
  LogView* logView() const { return m_log; }
  QDockWidget* logDock() const { return m_logDock; }

 public slots:
  void showArea(const QString& key);
  void setDeviceText(const QString& text);
  void setMemoryText(const QString& text);
  void setJobText(const QString& text);

 signals:
  void filesDropped(const QStringList& paths);
  void areaChanged(const QString& key);
  void closing();

 protected:
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;
  void changeEvent(QEvent* event) override;
  void closeEvent(QCloseEvent* event) override;

 private:
  void retranslateUi();

  NavigationRail* m_rail;
  QStackedWidget* m_stack;
  LogView* m_log;
  QDockWidget* m_logDock;
  QLabel* m_device;
  QLabel* m_memory;
  QLabel* m_job;
  QStringList m_keys;
  QList<std::function<QString()>> m_titles;
};
