// Language: the interface switches to Simplified Chinese and back at run time (every page
// retranslates through LanguageChange), no visible interface text stays in English while Chinese
// is on, --lang starts in Chinese, and the shipped translation file has no unfinished entry.
#include "GuiHarness.h"

#include "AppSettings.h"
#include "BenchRunForm.h"
#include "BenchmarksController.h"
#include "BenchmarksPage.h"
#include "BenchTableModel.h"
#include "FilterableTableView.h"
#include "FinetuneController.h"
#include "FinetunePage.h"
#include "HelpDialogs.h"
#include "ItemRoles.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"
#include "KeyValueCard.h"
#include "LanguageSwitcher.h"
#include "MainWindow.h"
#include "ModelsController.h"
#include "ModelsPage.h"
#include "NavigationRail.h"
#include "SettingsController.h"
#include "SettingsPage.h"

#include <dsw/store.h>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QCheckBox>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTest>
#include <QXmlStreamReader>

using namespace guitest;

namespace {

// Interface text (not data such as model names, numbers or paths) that is visibly English: no
// Chinese character and at least two words of three or more Latin letters ("SHA-256" or "CPU"
// alone are fine in Chinese text).
bool looksEnglish(const QString& text) {
  static const QRegularExpression cjk(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
  if (text.contains(cjk)) return false;
  static const QRegularExpression words(QStringLiteral("[A-Za-z]{3,}"));
  int n = 0;
  for (auto it = words.globalMatch(text); it.hasNext(); it.next()) ++n;
  return n >= 2;
}

// Every visible label, button, group title, tab and combo item of the window that is not marked
// as data, with the English-looking ones collected into `english`.
void scan(QWidget* root, QStringList& english, int& checked) {
  const auto consider = [&](QWidget* w, const QString& text) {
    ++checked;
    if (looksEnglish(text)) english << QStringLiteral("%1 '%2'").arg(QString::fromLatin1(w->metaObject()->className()), text);
  };
  for (QWidget* w : root->findChildren<QWidget*>()) {
    if (!w->isVisibleTo(root) || w->property("dswData").toBool()) continue;
    if (auto* l = qobject_cast<QLabel*>(w)) consider(w, l->text());
    else if (auto* b = qobject_cast<QAbstractButton*>(w)) consider(w, b->text());
    else if (auto* g = qobject_cast<QGroupBox*>(w)) consider(w, g->title());
    else if (auto* t = qobject_cast<QTabWidget*>(w))
      for (int i = 0; i < t->count(); ++i) consider(w, t->tabText(i));
    else if (auto* c = qobject_cast<QComboBox*>(w); c && c->objectName() != u"languageBox" && c->objectName() != u"playgroundModel")
      for (int i = 0; i < c->count(); ++i) consider(w, c->itemText(i));
  }
}

// Interface text that is visibly Chinese (after switching back to English nothing may stay so).
bool looksChinese(const QString& text) {
  static const QRegularExpression cjk(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
  return text.contains(cjk);
}

using Judge = bool (*)(const QString&);

// Every visible item view's header sections and cells that are interface text (not marked
// ItemRoles::IsData): job rows, benchmark rows, the comparison table.
void scanViews(QWidget* root, Judge wrong, QStringList& found, int& checked) {
  for (QAbstractItemView* v : root->findChildren<QAbstractItemView*>()) {
    if (!v->isVisible() || !v->model() || v->inherits("QHeaderView") || v->property("dswData").toBool()) continue;
    QAbstractItemModel* m = v->model();
    const QString where = v->objectName().isEmpty() ? QString::fromLatin1(v->metaObject()->className()) : v->objectName();
    for (int c = 0; c < m->columnCount(); ++c) {
      const QString h = m->headerData(c, Qt::Horizontal).toString();
      ++checked;
      if (wrong(h)) found << QStringLiteral("%1 header '%2'").arg(where, h);
    }
    for (int r = 0; r < std::min(m->rowCount(), 40); ++r)
      for (int c = 0; c < m->columnCount(); ++c) {
        const QModelIndex i = m->index(r, c);
        if (i.data(ItemRoles::IsData).toBool()) continue;
        const QString t = i.data().toString();
        ++checked;
        if (wrong(t)) found << QStringLiteral("%1 cell %2,%3 '%4'").arg(where).arg(r).arg(c).arg(t);
      }
  }
}

// The menu bar's menus and their entries (the recent-models list is data).
void scanMenus(QMenuBar* bar, Judge wrong, QStringList& found, int& checked) {
  std::function<void(QMenu*)> walk = [&](QMenu* menu) {
    ++checked;
    if (wrong(menu->title().remove(u'&'))) found << QStringLiteral("menu '%1'").arg(menu->title());
    if (menu->objectName() == u"recentMenu") return;
    for (QAction* a : menu->actions()) {
      if (a->isSeparator()) continue;
      if (a->menu()) {
        walk(a->menu());
        continue;
      }
      ++checked;
      if (wrong(a->text().remove(u'&'))) found << QStringLiteral("menu item '%1'").arg(a->text());
    }
  };
  for (QAction* a : bar->actions())
    if (a->menu()) walk(a->menu());
}

// Labels, buttons, group titles, tabs and combo items of `root` that `wrong` flags.
void scanWidgets(QWidget* root, Judge wrong, QStringList& found, int& checked) {
  const auto consider = [&](QWidget* w, const QString& text) {
    ++checked;
    if (wrong(text)) found << QStringLiteral("%1 '%2'").arg(QString::fromLatin1(w->metaObject()->className()), text);
  };
  if (root->isWindow() && !root->windowTitle().isEmpty()) consider(root, root->windowTitle());
  for (QWidget* w : root->findChildren<QWidget*>()) {
    if (!w->isVisibleTo(root) || w->property("dswData").toBool()) continue;
    if (auto* l = qobject_cast<QLabel*>(w)) consider(w, l->text());
    else if (auto* b = qobject_cast<QAbstractButton*>(w)) consider(w, b->text());
    else if (auto* g = qobject_cast<QGroupBox*>(w)) consider(w, g->title());
    else if (auto* t = qobject_cast<QTabWidget*>(w))
      for (int i = 0; i < t->count(); ++i) consider(w, t->tabText(i));
    else if (auto* c = qobject_cast<QComboBox*>(w); c && c->objectName() != u"languageBox" && c->objectName() != u"playgroundModel")
      for (int i = 0; i < c->count(); ++i) consider(w, c->itemText(i));
    else if (auto* e = qobject_cast<QLineEdit*>(w); e && !e->isReadOnly()) consider(w, e->placeholderText());
  }
}

}  // namespace

class I18nTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void switchesToChineseAndBackAtRunTime() {
    Harness h({}, !demoModel().isEmpty());
    Workbench& wb = h.wb();
    if (!demoModel().isEmpty()) QVERIFY(h.waitForFirstModel());
    MainWindow* w = wb.window();
    NavigationRail* rail = w->rail();
    QCOMPARE(rail->itemText(0), QStringLiteral("Models"));
    QCOMPARE(w->windowTitle(), QStringLiteral("DeepSeek Workbench"));

    // The scanner sees English interface text while English is on (so it can fail below).
    {
      QStringList english;
      int checked = 0;
      scan(w, english, checked);
      QVERIFY(english.size() > 5);
    }

    // Through the Settings page's language box, as a user would.
    QComboBox* language = wb.settingsController().page()->languageBox();
    language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
    QTest::qWait(50);
    QCOMPARE(wb.language().language(), QStringLiteral("zh_CN"));
    QCOMPARE(rail->itemText(0), QStringLiteral("模型"));
    QCOMPARE(rail->itemText(1), QStringLiteral("对话试验场"));
    QCOMPARE(rail->itemText(2), QStringLiteral("基准测试"));
    QCOMPARE(rail->itemText(3), QStringLiteral("任务"));
    QCOMPARE(rail->itemText(4), QStringLiteral("设置"));
    QCOMPARE(w->windowTitle(), QStringLiteral("DeepSeek 工作台"));
    QCOMPARE(w->logDock()->windowTitle(), QStringLiteral("日志"));
    if (!demoModel().isEmpty())  // the model card's keys follow the language; values stay data
      QCOMPARE(wb.models().page()->card()->value(QStringLiteral("路由专家数")), QStringLiteral("16"));

    // Nothing visible stays in English, on any area.
    for (const QString& area : w->areaKeys()) {
      w->showArea(area);
      QTest::qWait(20);
      QStringList english;
      int checked = 0;
      scan(w, english, checked);
      QVERIFY(checked > 10);
      QVERIFY2(english.isEmpty(), qPrintable(area + QStringLiteral(": ") + english.join(QStringLiteral("; "))));
    }
    QCOMPARE(wb.settings().language(), QStringLiteral("zh_CN"));  // remembered

    QVERIFY(wb.settingsController().setLanguage(QStringLiteral("en")));
    QTest::qWait(50);
    QCOMPARE(rail->itemText(0), QStringLiteral("Models"));
    QCOMPARE(rail->itemText(1), QStringLiteral("Playground"));
    QCOMPARE(w->windowTitle(), QStringLiteral("DeepSeek Workbench"));
    if (!demoModel().isEmpty()) QCOMPARE(wb.models().page()->card()->value(QStringLiteral("Routed experts")), QStringLiteral("16"));
  }

  // Every area — including job rows, the benchmark list and comparison table, the menus, the
  // dialogs and the status messages — follows the language, in both directions: nothing stays
  // English while Chinese is on, and nothing stays Chinese after switching back.
  void everyTextFollowsTheLanguageBothWays() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("i18n.db"));
    std::vector<int64_t> ids;
    {
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY(store.is_ok());
      for (int k = 0; k < 2; ++k) {
        dsw::BenchRow r;
        r.suite = "speed";
        r.label = k ? "v2" : "v1";
        r.model_path = "/models/m";
        r.device = "cpu";
        r.threads = k ? 2 : 1;  // settings differ
        r.precision = "bf16";
        r.decode_tps = 10 + k;
        r.prefill_tps = 100;
        r.ttft_ms = 50;
        ids.push_back((*store)->insert_bench(r).value());
      }
    }
    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    Workbench& wb = h.wb();
    MainWindow* w = wb.window();
    const int demo = h.openAndWait(demoModel());
    QVERIFY(demo);
    // Jobs of every kind the workbench words: a load (above), a chat, a benchmark, a hash.
    PlaygroundController& pg = wb.playground();
    pg.page()->greedyBox()->setChecked(true);
    pg.page()->maxTokensBox()->setValue(4);
    QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
    QVERIFY(pg.send(QStringLiteral("Hi")));
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 60000));
    BenchmarksController& bench = wb.benchmarks();
    QVERIFY(waitFor([&] { return bench.runs().size() >= 2; }));
    BenchRunForm* form = bench.page()->form();
    form->promptBox()->setValue(8);
    form->genBox()->setValue(2);
    form->repsBox()->setValue(1);
    QSignalSpy stored(&bench, &BenchmarksController::benchmarkStored);
    QVERIFY(bench.startBenchmark());
    QVERIFY(waitFor([&] { return stored.count() > 0; }, 120000));
    QSignalSpy hashed(&wb.models(), &ModelsController::hashCompleted);
    QVERIFY(wb.models().computeHash(demo));
    QVERIFY(waitFor([&] { return hashed.count() > 0; }, 60000));
    bench.compareRuns({ids[0], ids[1]});
    QVERIFY(bench.exportReport(dir.filePath(QStringLiteral("r.md"))));  // a status message

    auto check = [&](Judge wrong, const QString& direction) {
      QStringList found;
      int checked = 0;
      for (const QString& area : w->areaKeys()) {
        w->showArea(area);
        QTest::qWait(20);
        scanWidgets(w, wrong, found, checked);
        scanViews(w, wrong, found, checked);
      }
      scanMenus(w->menuBar(), wrong, found, checked);
      // Dialogs: closing a busy model, relabel, delete, about, documentation, an unreadable file.
      wb.models().setActivity(demo, QStringLiteral("generate"), true);
      wb.models().closeModel(demo);
      QVERIFY(wb.models().closeConfirmation());
      scanWidgets(wb.models().closeConfirmation(), wrong, found, checked);
      wb.models().closeConfirmation()->findChild<QPushButton*>(QStringLiteral("keepOpen"))->click();
      wb.models().setActivity(demo, QStringLiteral("generate"), false);
      bench.compareRuns({ids[0]});
      bench.relabelSelected();
      QVERIFY(bench.editDialog());
      scanWidgets(bench.editDialog(), wrong, found, checked);
      bench.editDialog()->close();
      bench.deleteSelected();
      QVERIFY(bench.editDialog());
      scanWidgets(bench.editDialog(), wrong, found, checked);
      bench.editDialog()->close();
      bench.compareRuns({ids[0], ids[1]});
      wb.showAbout();
      scanWidgets(w->findChild<AboutDialog*>(), wrong, found, checked);
      w->findChild<AboutDialog*>()->close();
      QSignalSpy failed(&wb.models(), &ModelsController::openFailed);
      wb.models().openModel(QDir(sourceDir()).filePath(QStringLiteral("README.md")));
      QVERIFY(waitFor([&] { return failed.count() > 0; }));
      QVERIFY(wb.models().errorDialog());
      scanWidgets(wb.models().errorDialog(), wrong, found, checked);
      wb.models().errorDialog()->close();
      QTest::qWait(20);
      QVERIFY(checked > 150);
      QVERIFY2(found.isEmpty(), qPrintable(direction + QStringLiteral(": ") + found.join(QStringLiteral("; "))));
    };

    QVERIFY(wb.settingsController().setLanguage(QStringLiteral("zh_CN")));
    QTest::qWait(50);
    check(&looksEnglish, QStringLiteral("English while Chinese is on"));
    QCOMPARE(bench.page()->resultsView()->filterEdit()->placeholderText(), QStringLiteral("按标签、模型、套件、设备筛选…"));
    QVERIFY(bench.page()->statusLabel()->text().startsWith(QStringLiteral("报告已写入")));

    QVERIFY(wb.settingsController().setLanguage(QStringLiteral("en")));
    QTest::qWait(50);
    check(&looksChinese, QStringLiteral("Chinese after switching back"));
    QCOMPARE(bench.page()->resultsView()->filterEdit()->placeholderText(), QStringLiteral("Filter by label, model, suite, device…"));
    QVERIFY(bench.page()->statusLabel()->text().startsWith(QStringLiteral("Report written to")));
  }

  // Words the interface puts into data views follow a switch both ways: the suite names of the
  // stored runs (single words, which looksEnglish's two-word rule lets through, so compared here)
  // and Fine-tune's line for a missing data file (the engine's own message is English).
  void wordsInsideDataViewsFollowTheLanguage() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("words.db"));
    {
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY(store.is_ok());
      dsw::BenchRow r;
      r.suite = "speed";
      r.label = "v1";
      r.model_path = "/models/m";
      r.device = "cpu";
      r.decode_tps = 10;
      QVERIFY((*store)->insert_bench(r).is_ok());
    }
    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    Workbench& wb = h.wb();
    QVERIFY(h.openAndWait(demoModel()));
    BenchmarksController& bench = wb.benchmarks();
    QVERIFY(waitFor([&] { return bench.runs().size() == 1; }));
    const int col = bench.resultsModel()->columnOf(QStringLiteral("suite"));
    QVERIFY(col >= 0);
    auto suite = [&] { return bench.resultsModel()->index(0, col).data().toString(); };
    QLabel* plan = wb.finetune().page()->planSummary();
    wb.window()->showArea(QStringLiteral("finetune"));
    QVERIFY(waitFor([&] { return plan->text().contains(QStringLiteral("choose a data file")); }, 60000));
    QCOMPARE(suite(), QStringLiteral("Speed"));

    QVERIFY(wb.settingsController().setLanguage(QStringLiteral("zh_CN")));
    QTest::qWait(50);
    QVERIFY2(!looksEnglish(suite()) && suite() != u"Speed", qPrintable(suite()));
    QVERIFY2(plan->text().contains(QStringLiteral("请选择数据文件")), qPrintable(plan->text()));
    QVERIFY2(!plan->text().contains(QStringLiteral("data file")), qPrintable(plan->text()));

    QVERIFY(wb.settingsController().setLanguage(QStringLiteral("en")));
    QTest::qWait(50);
    QCOMPARE(suite(), QStringLiteral("Speed"));
    QVERIFY(plan->text().contains(QStringLiteral("choose a data file")));
  }

  void langOptionStartsInChinese() {
    AppOptions o;
    o.language = QStringLiteral("zh_CN");
    Harness h(o);
    QTest::qWait(20);
    QCOMPARE(h.wb().window()->rail()->itemText(0), QStringLiteral("模型"));
    QVERIFY(h.wb().settingsController().setLanguage(QStringLiteral("en")));
  }

  void translationFileIsComplete() {
    QFile f(sourceDir() + QStringLiteral("/translations/dsw_zh_CN.ts"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&f);
    int messages = 0;
    QStringList missing;
    QString source;
    while (!xml.atEnd()) {
      xml.readNext();
      if (!xml.isStartElement()) continue;
      if (xml.name() == u"source") source = xml.readElementText();
      if (xml.name() != u"translation") continue;
      ++messages;
      const bool unfinished = xml.attributes().value(QLatin1String("type")) == u"unfinished";
      const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
      if (unfinished || text.trimmed().isEmpty()) missing << source;
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages > 100);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(" | "))));
  }
};

QTEST_MAIN(I18nTest)
#include "i18n_test.moc"
