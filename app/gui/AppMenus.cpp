// AppMenus (see header).
#include "AppMenus.h"

#include "MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QEvent>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>

AppMenus::AppMenus(MainWindow* window, Hooks hooks, QObject* parent)
    : QObject(parent), m_window(window), m_hooks(std::move(hooks)), m_file(new QMenu(window)), m_recent(new QMenu(window)),
      m_view(new QMenu(window)), m_themeMenu(new QMenu(window)), m_help(new QMenu(window)), m_themes(new QActionGroup(this)) {
  QMenuBar* bar = window->menuBar();
  bar->setObjectName(QStringLiteral("menuBar"));
  m_file->setObjectName(QStringLiteral("fileMenu"));
  m_view->setObjectName(QStringLiteral("viewMenu"));
  m_help->setObjectName(QStringLiteral("helpMenu"));
  m_recent->setObjectName(QStringLiteral("recentMenu"));
  m_themeMenu->setObjectName(QStringLiteral("themeMenu"));
  bar->addMenu(m_file);
  bar->addMenu(m_view);
  bar->addMenu(m_help);

  add(m_file, QStringLiteral("openFile"), QKeySequence::Open, [this] { m_hooks.openFile(); });
  add(m_file, QStringLiteral("openFolder"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), [this] { m_hooks.openFolder(); });
  m_file->addMenu(m_recent);
  connect(m_recent, &QMenu::aboutToShow, this, &AppMenus::fillRecent);
  fillRecent();  // so the menu is not empty (and disabled) before it is first opened
  m_file->addSeparator();
  add(m_file, QStringLiteral("exportReport"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { m_hooks.exportReport(); });
  m_file->addSeparator();
  QAction* quit = add(m_file, QStringLiteral("quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), [this] { m_window->close(); });
  quit->setMenuRole(QAction::QuitRole);

  const QStringList keys = window->areaKeys();
  for (int i = 0; i < keys.size(); ++i) {
    const QString key = keys[i];
    const QKeySequence shortcut = i < 9 ? QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)) : QKeySequence();
    add(m_view, QStringLiteral("area:") + key, shortcut, [this, key] { m_window->showArea(key); });
  }
  m_view->addSeparator();
  // The dock's own toggle: checked while it is shown, and it brings a closed dock back.
  QAction* log = window->logDock()->toggleViewAction();
  log->setObjectName(QStringLiteral("log"));
  log->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
  log->setShortcutContext(Qt::WindowShortcut);
  m_view->addAction(log);
  m_actions.insert(QStringLiteral("log"), log);
  m_view->addMenu(m_themeMenu);
  for (const char* theme : {"light", "dark"}) {
    const QString t = QLatin1String(theme);
    QAction* a = add(m_themeMenu, QStringLiteral("theme:") + t, {}, [this, t] { m_hooks.setTheme(t); });
    a->setCheckable(true);
    m_themes->addAction(a);
  }
  connect(m_themeMenu, &QMenu::aboutToShow, this, [this] {
    if (QAction* a = action(QStringLiteral("theme:") + m_hooks.theme())) a->setChecked(true);
  });

  add(m_help, QStringLiteral("documentation"), QKeySequence::HelpContents, [this] { m_hooks.documentation(); });
  m_help->addSeparator();
  add(m_help, QStringLiteral("about"), {}, [this] { m_hooks.about(); })->setMenuRole(QAction::AboutRole);

  window->installEventFilter(this);
  retranslate();
}

QAction* AppMenus::add(QMenu* menu, const QString& name, const QKeySequence& shortcut, std::function<void()> run) {
  auto* a = new QAction(menu);
  a->setObjectName(name);
  a->setShortcut(shortcut);
  a->setShortcutContext(Qt::WindowShortcut);
  connect(a, &QAction::triggered, this, [run = std::move(run)] { run(); });
  menu->addAction(a);
  m_window->addAction(a);  // shortcuts work while the menu bar is hidden or unfocused
  m_actions.insert(name, a);
  return a;
}

void AppMenus::fillRecent() {
  m_recent->clear();
  const QStringList recent = m_hooks.recentModels();
  for (const QString& path : recent) {
    const QFileInfo fi(path);
    QAction* a = m_recent->addAction(fi.fileName().isEmpty() ? path : fi.fileName());
    a->setToolTip(path);
    a->setStatusTip(path);
    connect(a, &QAction::triggered, this, [this, path] { m_hooks.openRecent(path); });
  }
  if (recent.isEmpty()) m_recent->addAction(tr("No recent models"))->setEnabled(false);
}

void AppMenus::retranslate() {
  m_file->setTitle(tr("&File"));
  m_recent->setTitle(tr("Open &recent"));
  m_view->setTitle(tr("&View"));
  m_themeMenu->setTitle(tr("&Theme"));
  m_help->setTitle(tr("&Help"));
  action(QStringLiteral("openFile"))->setText(tr("&Open file…"));
  action(QStringLiteral("openFolder"))->setText(tr("Open &folder…"));
  action(QStringLiteral("exportReport"))->setText(tr("&Export benchmark report…"));
  action(QStringLiteral("quit"))->setText(tr("&Quit"));
  for (const QString& key : m_window->areaKeys()) action(QStringLiteral("area:") + key)->setText(m_hooks.areaTitle(key));
  action(QStringLiteral("log"))->setText(tr("&Log"));
  action(QStringLiteral("theme:light"))->setText(tr("&Light"));
  action(QStringLiteral("theme:dark"))->setText(tr("&Dark"));
  action(QStringLiteral("documentation"))->setText(tr("&Documentation"));
  action(QStringLiteral("about"))->setText(tr("&About DeepSeek Workbench"));
  fillRecent();
}

bool AppMenus::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_window && event->type() == QEvent::LanguageChange) retranslate();
  return QObject::eventFilter(watched, event);
}
