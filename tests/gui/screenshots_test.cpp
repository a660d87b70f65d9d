// Screenshot test: renders every area of the real window under the offscreen platform into
// build/screenshots/{models,playground,jobs,settings}.png (plus dark-theme variants of Models and
// Playground), with the bundled demo model open, a short chat and a finished hash job, so the
// README's pictures always show the current interface. With the shared data present it also
// renders playground-stories.png: a completion by the (trained) stories260K model with a hovered
// token's top-5 tooltip. rendersBenchmarks() renders the Benchmarks area with synthetic runs
// compared (benchmarks.png: the table; benchmarks-bars.png and benchmarks-sweep.png: the charts).
#include "GuiHarness.h"
#include "LayoutCheck.h"

#include "BenchmarksController.h"
#include "BenchmarksPage.h"
#include "ComparisonPanel.h"
#include "FinetuneController.h"
#include "FinetunePage.h"

#include "JobsController.h"
#include "MainWindow.h"
#include "ModelsController.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"
#include "LanguageSwitcher.h"
#include "SettingsController.h"
#include "SettingsPage.h"
#include "TokenView.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QDir>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>

#include <dsw/store.h>

using namespace guitest;

namespace {

// Synthetic speed runs of a 1.3B model, written to `db`: plausible CPU numbers chosen to show every
// verdict — a pruned version better in decode and memory but worse in time to first token, its
// prefill within the noise, and a q8_0 run whose different precision withholds the verdicts
// ("settings differ") — plus batch sweeps of two of them.
bool seedBenchRuns(const QString& db, QList<qint64>& compared, QList<qint64>& sweep) {
  auto store = dsw::Store::open(db.toStdString());
  if (!store.is_ok()) return false;
  struct Spec { const char* label; const char* model; const char* precision; double prefill, decode, spread, ttft, peak; bool sweep; };
  const Spec specs[] = {{"base", "deepseek-coder-1.3b-base", "bf16", 61.2, 4.81, 0.06, 262, 2790, true},
                        {"pruned-v2", "deepseek-coder-1.3b-pruned-v2", "bf16", 61.9, 5.62, 0.08, 301, 2410, false},
                        {"q8_0", "deepseek-coder-1.3b-base", "q8_0", 55.4, 8.92, 0.09, 289, 1460, true}};
  for (const Spec& s : specs) {
    dsw::BenchRow r;
    r.created_at = "2026-03-14T09:26:53Z";
    r.suite = "speed";
    r.label = s.label;
    r.model_path = std::string("/models/") + s.model;
    r.architecture = "llama";
    r.precision = s.precision;
    r.device = "cpu";
    r.threads = 16;
    r.prompt_tokens = 512;
    r.gen_tokens = 128;
    r.batch = 1;
    r.reps = 5;
    r.prefill_tps = s.prefill;
    r.prefill_tps_spread = s.prefill * 0.015;
    r.decode_tps = s.decode;
    r.decode_tps_spread = s.spread;
    r.decode_cv = s.spread / s.decode / 2;
    r.ttft_ms = s.ttft;
    r.latency_p50_ms = 1000 / s.decode;
    r.latency_p95_ms = 1040 / s.decode;
    r.latency_p99_ms = 1080 / s.decode;
    r.peak_host_mb = s.peak;
    r.noisy = 0;
    auto id = (*store)->insert_bench(r);
    if (!id.is_ok()) return false;
    compared << *id;
    if (!s.sweep) continue;
    for (int batch : {1, 2, 4, 8}) {
      r.suite = "sweep";
      r.batch = batch;
      r.decode_tps = s.decode * batch / (1 + 0.08 * (batch - 1));
      r.decode_tps_spread = r.decode_tps.value() * 0.02;
      r.notes = "batch=" + std::to_string(batch);
      auto sid = (*store)->insert_bench(r);
      if (!sid.is_ok()) return false;
      sweep << *sid;
    }
  }
  return true;
}

}  // namespace

class ScreenshotsTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void rendersBenchmarks() {
    QDir().mkpath(screenshotDir());
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("bench.db"));
    QList<qint64> compared, sweep;
    QVERIFY(seedBenchRuns(db, compared, sweep));
    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    BenchmarksController& bench = h.wb().benchmarks();
    QVERIFY(waitFor([&] { return int(bench.runs().size()) == compared.size() + sweep.size(); }));
    if (!demoModel().isEmpty()) QVERIFY(h.openAndWait(demoModel()));  // so the form has a model
    h.wb().window()->logDock()->hide();  // the area needs the height
    h.wb().window()->showArea(QStringLiteral("benchmarks"));
    bench.compareRuns(compared);
    bench.setMetric(QStringLiteral("decode_tps"));
    ComparisonPanel* panel = bench.page()->comparison();
    auto shoot = [&](const QString& file) {
      QTest::qWait(150);
      const QPixmap pm = h.wb().window()->grab();
      QVERIFY(!pm.isNull());
      QVERIFY2(pm.save(QDir(screenshotDir()).filePath(file)), qPrintable(file));
    };
    panel->tabs()->setCurrentIndex(0);
    shoot(QStringLiteral("benchmarks.png"));
    panel->tabs()->setCurrentIndex(1);
    shoot(QStringLiteral("benchmarks-bars.png"));
    bench.compareRuns(sweep);
    panel->tabs()->setCurrentIndex(2);
    shoot(QStringLiteral("benchmarks-sweep.png"));
  }

  // Item: nothing clips at 1280x720 (log dock closed), at the default 1360x860 with the log dock
  // open, and at 1920x1080 (dock open), in English and in Chinese (whose words have other widths):
  // every area, every tab of it, is rendered at each size into build/screenshots/sizes/
  // (Chinese ones end in -zh_CN) and no widget gets less than its minimum size hint or is cut off
  // by a column that cannot scroll.
  void nothingIsSqueezedAtCommonSizes() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("bench.db"));
    QList<qint64> compared, sweep;
    QVERIFY(seedBenchRuns(db, compared, sweep));
    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    Workbench& wb = h.wb();
    QVERIFY(waitFor([&] { return int(wb.benchmarks().runs().size()) == compared.size() + sweep.size(); }));
    if (!demoModel().isEmpty()) QVERIFY(h.openAndWait(demoModel()));
    wb.benchmarks().compareRuns(compared);
    // Fine-tune's Training tab as after a run of a mixture-of-experts model: the result with its
    // four buttons and the expert-load panel are shown, so their widths count too.
    FinetunePage* tune = wb.finetune().page();
    tune->resultLabel()->setText(QStringLiteral("Adapter saved to /tmp/run/adapter. 120 steps, final loss 5.0816. "
                                                "Eval loss 5.7252 → 5.0278. Recorded as run 2."));
    tune->resultBox()->setVisible(true);
    tune->expertPanel()->setVisible(true);
    const QString out = QDir(screenshotDir()).filePath(QStringLiteral("sizes"));
    QDir().mkpath(out);
    struct Size { int w, h; bool dock; };
    QStringList problems;
    QComboBox* language = wb.settingsController().page()->languageBox();
    for (const QString& lang : {QStringLiteral("en"), QStringLiteral("zh_CN")}) {
    language->setCurrentIndex(language->findData(lang));
    QTest::qWait(50);
    QCOMPARE(wb.language().language(), lang);
    const QString suffix = lang == u"en" ? QString() : QStringLiteral("-") + lang;
    for (const Size& size : {Size{1280, 720, false}, Size{1360, 860, true}, Size{1920, 1080, true}}) {
      wb.window()->logDock()->setVisible(size.dock);
      wb.window()->resize(size.w, size.h);
      QTest::qWait(50);
      QCOMPARE(wb.window()->size(), QSize(size.w, size.h));  // the window's own minimum allows it
      for (const QString& area : wb.window()->areaKeys()) {
        wb.window()->showArea(area);
        QTest::qWait(20);
        // Every tab of the area's outermost tab widget (Models' card and tensors, Inspect's four,
        // Fine-tune's four, the comparison's table and charts), each shown in turn.
        QTabWidget* tabs = nullptr;
        for (QTabWidget* t : wb.window()->findChildren<QTabWidget*>())
          if (t->isVisible() && (!tabs || t->isAncestorOf(tabs))) tabs = t;
        const int count = tabs ? tabs->count() : 1;
        for (int tab = 0; tab < count; ++tab) {
          if (tabs) tabs->setCurrentIndex(tab);
          QTest::qWait(60);
          const QString name = QStringLiteral("%1%2-%3x%4").arg(area, tab ? QStringLiteral("-tab%1").arg(tab) : QString()).arg(size.w).arg(size.h) + suffix;
          wb.window()->grab().save(QDir(out).filePath(name + QStringLiteral(".png")));
          for (const QString& p : squeezedWidgets(wb.window())) problems << name + QStringLiteral(": ") + p;
        }
        if (tabs) tabs->setCurrentIndex(0);
      }
    }
    }
    for (const QString& p : problems) qWarning().noquote() << p;  // the whole list (a QVERIFY message is cut short)
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
  }

  void rendersEveryArea() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    QDir().mkpath(screenshotDir());
    Harness h({}, true);
    Workbench& wb = h.wb();
    const int id = h.waitForFirstModel();
    QVERIFY(id);

    // A finished hash job for the card and the Jobs list.
    QSignalSpy hashed(&wb.models(), &ModelsController::hashCompleted);
    QVERIFY(wb.models().computeHash(id));
    QVERIFY(waitFor([&] { return hashed.count() > 0; }));

    // A short greedy chat for the Playground.
    PlaygroundPage* page = wb.playground().page();
    page->greedyBox()->setChecked(true);
    page->maxTokensBox()->setValue(48);
    QSignalSpy finished(&wb.playground(), &PlaygroundController::generationFinished);
    QVERIFY(wb.playground().send(QStringLiteral("Hello! Which model are you?")));
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 120000));

    auto shoot = [&](const QString& area, const QString& file) {
      wb.window()->showArea(area);
      QTest::qWait(120);  // let layouts settle and the coalesced chart replot
      const QPixmap pm = wb.window()->grab();
      QVERIFY(!pm.isNull());
      QVERIFY2(pm.save(QDir(screenshotDir()).filePath(file)), qPrintable(file));
      // A rendered window is not blank: sample that it has several colours.
      const QImage img = pm.toImage();
      QSet<QRgb> colours;
      for (int y = 0; y < img.height(); y += 23)
        for (int x = 0; x < img.width(); x += 31) colours.insert(img.pixel(x, y));
      QVERIFY2(colours.size() > 8, qPrintable(file + QStringLiteral(" looks blank")));
    };
    shoot(QStringLiteral("models"), QStringLiteral("models.png"));
    shoot(QStringLiteral("playground"), QStringLiteral("playground.png"));
    shoot(QStringLiteral("benchmarks"), QStringLiteral("benchmarks-empty.png"));
    shoot(QStringLiteral("jobs"), QStringLiteral("jobs.png"));
    shoot(QStringLiteral("settings"), QStringLiteral("settings.png"));
    // A real (tiny, trained) model for a Playground picture whose probabilities mean something,
    // with the tooltip of a hovered token composed into the picture (tooltips are own windows).
    if (!storiesModel().isEmpty()) {
      const int stories = h.openAndWait(storiesModel());
      QVERIFY(stories);
      wb.playground().selectModel(stories);
      wb.playground().clearConversation();
      page->modeBox()->setCurrentIndex(page->modeBox()->findData(QStringLiteral("raw")));
      page->greedyBox()->setChecked(false);
      page->seedBox()->setValue(7);
      page->maxTokensBox()->setValue(150);
      finished.clear();
      QVERIFY(wb.playground().send(QStringLiteral("Once upon a time, there was a little dog")));
      QVERIFY(waitFor([&] { return finished.count() > 0; }, 120000));
      wb.window()->showArea(QStringLiteral("playground"));
      QTest::qWait(120);
      TokenView* view = page->tokenView();
      const int chip = std::min(9, view->tokenCount() - 1);
      const QPoint centre = view->tokenRect(chip).center();
      QMouseEvent move(QEvent::MouseMove, centre, view->viewport()->mapToGlobal(centre), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
      QCoreApplication::sendEvent(view->viewport(), &move);
      QHelpEvent help(QEvent::ToolTip, centre, view->viewport()->mapToGlobal(centre));
      QCoreApplication::sendEvent(view->viewport(), &help);
      QTest::qWait(150);
      QPixmap pm = wb.window()->grab();
      for (QWidget* top : QApplication::topLevelWidgets())
        if (top->inherits("QTipLabel") && top->isVisible()) {
          QPainter p(&pm);
          p.drawPixmap(wb.window()->mapFromGlobal(top->pos()), top->grab());
        }
      QVERIFY(pm.save(QDir(screenshotDir()).filePath(QStringLiteral("playground-stories.png"))));
    }

    QVERIFY(wb.settingsController().setTheme(QStringLiteral("dark")));
    shoot(QStringLiteral("models"), QStringLiteral("models-dark.png"));
    shoot(QStringLiteral("playground"), QStringLiteral("playground-dark.png"));
    for (const char* f : {"models.png", "playground.png", "jobs.png", "settings.png"})
      QVERIFY(QFileInfo::exists(QDir(screenshotDir()).filePath(QLatin1String(f))));
  }
};

QTEST_MAIN(ScreenshotsTest)
#include "screenshots_test.moc"
