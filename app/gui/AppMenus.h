// AppMenus: the main window's menu bar and its standard shortcuts.
//
//   File   Open file… (Ctrl+O), Open folder… (Ctrl+Shift+O), Open recent ▸, Export report…
//          (Ctrl+Shift+E), Quit (Ctrl+Q)
//   View   one entry per area (Ctrl+1 … Ctrl+N), Log (Ctrl+L; the dock can always be reopened),
//          Theme ▸ Light / Dark
//   Help   Documentation (F1), About DeepSeek Workbench
//
// The menus know no controller: the Workbench passes what each entry does (Hooks). Texts follow
// the language (re-worded on LanguageChange). Threading: GUI thread only.
#pragma once

#include <QHash>
#include <QObject>

#include <functional>

class MainWindow;
class QAction;
class QActionGroup;
class QMenu;

class AppMenus : public QObject {
  Q_OBJECT
 public:
  struct Hooks {
    std::function<void()> openFile, openFolder, exportReport, documentation, about;
    std::function<void(const QString&)> openRecent;
    std::function<QStringList()> recentModels;
    std::function<void(const QString&)> setTheme;
    std::function<QString()> theme;
    std::function<QString(const QString&)> areaTitle;  // area key -> its title in the current language
  };

  AppMenus(MainWindow* window, Hooks hooks, QObject* parent = nullptr);

  // By name: "openFile", "openFolder", "exportReport", "quit", "area:<key>", "log", "theme:light",
  // "theme:dark", "documentation", "about".
  QAction* action(const QString& name) const { return m_actions.value(name); }
  QMenu* recentMenu() const { return m_recent; }
  QList<QMenu*> menus() const { return {m_file, m_view, m_help}; }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QAction* add(QMenu* menu, const QString& name, const QKeySequence& shortcut, std::function<void()> run);
  void fillRecent();
  void retranslate();

  MainWindow* m_window;
  Hooks m_hooks;
  QMenu* m_file;
  QMenu* m_recent;
  QMenu* m_view;
  QMenu* m_themeMenu;
  QMenu* m_help;
  QActionGroup* m_themes;
  QHash<QString, QAction*> m_actions;
};
