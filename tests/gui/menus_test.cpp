// The menu bar and its standard shortcuts (File: open file/folder, recent, export report, quit;
// View: each area, the log dock — which can be reopened once closed —, theme; Help: documentation,
// about), file dialogs that open in the last-used folder or home (never the working directory),
// Settings → About showing its values in both languages, and a mouse wheel that changes a spin box
// or combo box only when it has the focus.
#include "GuiHarness.h"

#include "AppMenus.h"
#include "AppSettings.h"
#include "FileDialogs.h"
#include "HelpDialogs.h"
#include "MainWindow.h"
#include "ModelsController.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"
#include "SettingsController.h"
#include "SettingsPage.h"
#include "ThemeManager.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTest>
#include <QtTest/qtestspontaneevent.h>
#include <QTextBrowser>
#include <QTimer>
#include <QWheelEvent>

using namespace guitest;

namespace {

// Sends one wheel notch (up) to the widget under the pointer, as the window system would.
void wheelOver(QWidget* target) {
  const QPointF pos(target->width() / 2.0, target->height() / 2.0);
  QWheelEvent ev(pos, target->mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
  QSpontaneKeyEvent::setSpontaneous(&ev);  // as from the window system: Qt passes it up to the parents
  QApplication::sendEvent(target, &ev);
}

// The directory a file dialog opened by `open` starts in (the dialog is then cancelled).
QString dialogDirectory(const std::function<void()>& open) {
  QString dir;
  QTimer::singleShot(300, [&] {
    if (auto* d = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
      dir = d->directory().absolutePath();
      d->reject();
    }
  });
  open();
  return dir;
}

}  // namespace

class MenusTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    applyAppLook();
    QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);  // Qt's own dialog, which the test can see
  }

  void menusAndShortcuts() {
    Harness h;
    Workbench& wb = h.wb();
    MainWindow* w = wb.window();
    QVERIFY(QTest::qWaitForWindowActive(w));
    QStringList titles;
    for (QAction* a : w->menuBar()->actions()) titles << a->text().remove(u'&');
    QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("View"), QStringLiteral("Help")}));
    AppMenus& menus = wb.menus();
    QCOMPARE(menus.action(QStringLiteral("openFile"))->shortcut(), QKeySequence(QKeySequence::Open));
    QCOMPARE(menus.action(QStringLiteral("openFolder"))->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+O")));
    QCOMPARE(menus.action(QStringLiteral("quit"))->shortcut(), QKeySequence(QStringLiteral("Ctrl+Q")));
    QCOMPARE(menus.action(QStringLiteral("documentation"))->shortcut(), QKeySequence(QKeySequence::HelpContents));
    QVERIFY(menus.action(QStringLiteral("exportReport")));
    QVERIFY(menus.action(QStringLiteral("about")));

    // Ctrl+1 … Ctrl+N choose the areas.
    const QStringList areas = w->areaKeys();
    for (int i = 0; i < areas.size(); ++i) {
      QTest::keyClick(w, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
      QCOMPARE(w->currentArea(), areas[i]);
      QCOMPARE(menus.action(QStringLiteral("area:") + areas[i])->text(), w->areaTitle(areas[i]));
    }

    // The log dock, once closed, comes back from View → Log (and Ctrl+L).
    w->logDock()->close();
    QVERIFY(!w->logDock()->isVisible());
    menus.action(QStringLiteral("log"))->trigger();
    QVERIFY(w->logDock()->isVisible());
    QTest::keyClick(w, Qt::Key_L, Qt::ControlModifier);
    QVERIFY(!w->logDock()->isVisible());
    QTest::keyClick(w, Qt::Key_L, Qt::ControlModifier);
    QVERIFY(w->logDock()->isVisible());

    // View → Theme.
    menus.action(QStringLiteral("theme:dark"))->trigger();
    QCOMPARE(wb.theme().currentTheme(), QStringLiteral("dark"));
    QCOMPARE(wb.settings().theme(), QStringLiteral("dark"));
    menus.action(QStringLiteral("theme:light"))->trigger();
    QCOMPARE(wb.theme().currentTheme(), QStringLiteral("light"));

    // Help: F1 opens the documentation (the README, rendered); About names version and files.
    QTest::keyClick(w, Qt::Key_F1);
    auto* docs = w->findChild<DocumentationDialog*>();
    QVERIFY(docs);
    QVERIFY(docs->isVisible());
    QVERIFY2(docs->browser()->toPlainText().contains(QStringLiteral("DeepSeek Workbench")), qPrintable(docs->browser()->toPlainText().left(200)));
    docs->close();
    menus.action(QStringLiteral("about"))->trigger();
    auto* about = w->findChild<AboutDialog*>();
    QVERIFY(about && about->isVisible());
    const QString aboutText = about->findChild<QLabel*>()->text();
    QVERIFY(aboutText.contains(QStringLiteral("test")));  // the harness's version
    QVERIFY(aboutText.contains(h.dbPath().toHtmlEscaped()));
    about->close();

    // File → Open recent lists what was opened and opens it again.
    if (!demoModel().isEmpty()) {
      const int demo = h.openAndWait(demoModel());
      QVERIFY(demo);
      emit menus.recentMenu()->aboutToShow();
      QVERIFY(!menus.recentMenu()->actions().isEmpty());
      QCOMPARE(menus.recentMenu()->actions().first()->toolTip(), QFileInfo(demoModel()).canonicalFilePath());
    }

    // File → Quit (Ctrl+Q) closes the window.
    w->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(w));
    QTest::keyClick(w, Qt::Key_Q, Qt::ControlModifier);
    QVERIFY(waitFor([&] { return !w->isVisible(); }));
  }

  void fileDialogsStartInTheLastUsedFolderOrHome() {
    Harness h;
    Workbench& wb = h.wb();
    QVERIFY(QDir::setCurrent(QDir::tempPath()));  // the working directory is never where a dialog opens
    // Nothing used yet: home.
    QCOMPARE(dialogDirectory([&] { wb.menus().action(QStringLiteral("openFile"))->trigger(); }), QDir::homePath());
    QCOMPARE(dialogDirectory([&] { wb.menus().action(QStringLiteral("openFolder"))->trigger(); }), QDir::homePath());
    // After a file was saved somewhere, the dialogs open there.
    QTemporaryDir elsewhere;
    FileDialogs::remember(wb.settings(), QDir(elsewhere.path()).filePath(QStringLiteral("report.md")));
    const QString there = QFileInfo(elsewhere.path()).canonicalFilePath();
    QCOMPARE(QFileInfo(dialogDirectory([&] { wb.menus().action(QStringLiteral("openFile"))->trigger(); })).canonicalFilePath(), there);
    QCOMPARE(QFileInfo(dialogDirectory([&] { wb.menus().action(QStringLiteral("exportReport"))->trigger(); })).canonicalFilePath(), there);
  }

  void aboutShowsItsValuesInBothLanguages() {
    Harness h;
    Workbench& wb = h.wb();
    SettingsPage* page = wb.settingsController().page();
    wb.window()->showArea(QStringLiteral("settings"));
    for (const char* language : {"en", "zh_CN", "en"}) {
      QVERIFY(wb.settingsController().setLanguage(QLatin1String(language)));
      QTest::qWait(30);
      QCOMPARE(page->versionField()->text(), QStringLiteral("test"));
      QCOMPARE(page->settingsFileField()->text(), wb.settings().fileName());
      QCOMPARE(page->databaseField()->text(), h.dbPath());
      for (QLineEdit* field : {page->versionField(), page->settingsFileField(), page->databaseField()}) {
        QVERIFY(field->isVisible());
        // Wide enough to read: at least the version, or 180 pixels of a long path.
        QVERIFY2(field->width() >= std::min(180, field->fontMetrics().horizontalAdvance(field->text())),
                 qPrintable(QStringLiteral("%1: %2 px").arg(field->text()).arg(field->width())));
      }
    }
  }

  void wheelChangesOnlyAFocusedSpinOrComboBox() {
    Harness h;
    Workbench& wb = h.wb();
    QVERIFY(QTest::qWaitForWindowActive(wb.window()));
    wb.window()->showArea(QStringLiteral("playground"));
    PlaygroundPage* page = wb.playground().page();
    QDoubleSpinBox* temperature = page->temperatureBox();
    QSpinBox* topK = page->topKBox();
    QComboBox* mode = page->modeBox();
    const double t0 = temperature->value();
    const int k0 = topK->value();
    const int m0 = mode->currentIndex();
    page->promptEdit()->setFocus();
    QTest::qWait(20);
    // Scrolling over the sampling panel: nothing changes.
    wheelOver(temperature);
    wheelOver(topK);
    wheelOver(mode);
    QCOMPARE(temperature->value(), t0);
    QCOMPARE(topK->value(), k0);
    QCOMPARE(mode->currentIndex(), m0);
    QVERIFY(!temperature->hasFocus());  // and the wheel did not hand them the focus
    QCOMPARE(temperature->focusPolicy(), Qt::StrongFocus);
    // Focused (clicked or tabbed into), the wheel steps the value as usual.
    temperature->setFocus();
    QVERIFY(waitFor([&] { return temperature->hasFocus(); }, 2000));
    wheelOver(temperature);
    QVERIFY(temperature->value() > t0);
  }
};

QTEST_MAIN(MenusTest)
#include "menus_test.moc"
