// The versions tour in the window (docs/versions.md, "The story end to end"): V1 (stories260K), V2
// (its upcycled 8-expert MoE) and V3 (V2 at INT4) side by side in Benchmarks, and in Inspect the
// attention of V2 against V1 (per-head Jensen–Shannon), which experts take which kind of token in
// V2, and V2's routing against V3's. Screenshots go to build/screenshots/versions-*.png.
//
// In CI the versions are made in seconds: V2 is `dsw-cli convert` of stories260K without training,
// V3 its RTN INT4 export, and each gets a short speed and perplexity benchmark. With
// DSW_TOUR_DIR set to the WORK_DIR of tests/scripts/versions/versions_tour.sh, the test shows the
// tour's own trained versions and benchmark rows instead (a copy of its tour.db); that run made the
// copies in docs/screenshots:
//   DSW_TOUR_DIR=/tmp/tour QT_QPA_PLATFORM=offscreen build/tests/gui/gui_versions_tour_screenshots_test
#include "GuiHarness.h"

#include "BenchmarksController.h"
#include "BenchmarksPage.h"
#include "ComparePanel.h"
#include "ComparisonPanel.h"
#include "HeatmapView.h"
#include "InspectController.h"
#include "InspectPage.h"
#include "MainWindow.h"
#include "RoutingPanel.h"

#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace guitest;

namespace {

const QStringList kLabels = {QStringLiteral("V1 dense"), QStringLiteral("V2 MoE 8x top-2"), QStringLiteral("V3 INT4 QAT")};

bool runAndWait(InspectController& c, const std::function<int()>& start) {
  QSignalSpy failed(&c, &InspectController::jobFailed);
  if (!start()) return false;
  return waitFor([&] { return c.activeJob() == 0; }, 180000) && failed.isEmpty();
}

void shoot(Workbench& wb, const QString& file) {
  QTest::qWait(250);  // coalesced replots done
  const QPixmap pm = wb.window()->grab();
  QVERIFY(!pm.isNull());
  QVERIFY2(pm.save(QDir(screenshotDir()).filePath(file)), qPrintable(file));
}

}  // namespace

class VersionsTourScreenshotsTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    applyAppLook();
    QDir().mkpath(screenshotDir());
  }

  void rendersTheTour() {
    if (storiesModel().isEmpty()) QSKIP("stories260K is not in the shared data folder");
    const QString text = dataDir() + QStringLiteral("/eval/tinystories/TinyStories-valid.first22stories.txt");
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("tour.db"));
    QStringList versions = {storiesModel()};
    const QString tour = qEnvironmentVariable("DSW_TOUR_DIR");
    QString log;
    if (!tour.isEmpty()) {
      versions << tour + QStringLiteral("/v2-run/model") << tour + QStringLiteral("/v3-int4");
      QVERIFY2(QFile::copy(tour + QStringLiteral("/tour.db"), db), qPrintable(tour));
    } else {
      const QString v2 = dir.filePath(QStringLiteral("v2")), v3 = dir.filePath(QStringLiteral("v3"));
      QVERIFY2(runCli({QStringLiteral("convert"), storiesModel(), v2, QStringLiteral("--target-arch"), QStringLiteral("moe"), QStringLiteral("--experts"),
                       QStringLiteral("8"), QStringLiteral("--top-k"), QStringLiteral("2"), QStringLiteral("--router-std"), QStringLiteral("0.3")},
                      &log),
               qPrintable(log));
      QVERIFY2(runCli({QStringLiteral("quantize"), v2, v3, QStringLiteral("--method"), QStringLiteral("rtn"), QStringLiteral("--bits"), QStringLiteral("4"),
                       QStringLiteral("--group"), QStringLiteral("32"), QStringLiteral("--format"), QStringLiteral("safetensors")},
                      &log),
               qPrintable(log));
      versions << v2 << v3;
      for (int v = 0; v < 3; ++v) {
        const QStringList common = {QStringLiteral("bench"), versions[v], QStringLiteral("--db"), db, QStringLiteral("--label"), kLabels[v],
                                    QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--no-hash")};
        QVERIFY2(runCli(common + QStringList{QStringLiteral("--prompt-tokens"), QStringLiteral("32"), QStringLiteral("--gen-tokens"),
                                             QStringLiteral("32"), QStringLiteral("--reps"), QStringLiteral("2")},
                        &log),
                 qPrintable(log));
        QVERIFY2(runCli(common + QStringList{QStringLiteral("--suite"), QStringLiteral("perplexity"), QStringLiteral("--file"), text,
                                             QStringLiteral("--ctx"), QStringLiteral("256")},
                        &log),
                 qPrintable(log));
      }
    }

    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    Workbench& wb = h.wb();
    BenchmarksController& bench = wb.benchmarks();
    QVERIFY(waitFor([&] { return bench.runs().size() >= 6; }));
    wb.window()->logDock()->hide();  // the views need the height

    // Benchmarks: the three versions' speed rows, then their perplexity rows.
    QList<qint64> speed, ppl;
    for (const QString& label : kLabels)
      for (const dsw::BenchRow& row : bench.runs()) {
        if (QString::fromStdString(row.label.value_or("")) != label) continue;
        if (row.suite == "speed") speed << *row.id;
        if (row.suite == "perplexity") ppl << *row.id;
      }
    QCOMPARE(speed.size(), 3);
    QCOMPARE(ppl.size(), 3);
    wb.window()->showArea(QStringLiteral("benchmarks"));
    ComparisonPanel* panel = bench.page()->comparison();
    bench.compareRuns(speed);
    panel->tabs()->setCurrentIndex(0);
    shoot(wb, QStringLiteral("versions-benchmarks.png"));
    bench.setMetric(QStringLiteral("decode_tps"));
    panel->tabs()->setCurrentIndex(1);
    shoot(wb, QStringLiteral("versions-benchmarks-decode.png"));
    bench.compareRuns(ppl);
    bench.setMetric(QStringLiteral("perplexity"));
    panel->tabs()->setCurrentIndex(1);
    shoot(wb, QStringLiteral("versions-benchmarks-perplexity.png"));

    // Inspect: V2's attention against V1's, V2's routing by token kind, V2 against V3.
    QFile story(text);
    QVERIFY(story.open(QIODevice::ReadOnly));
    const QString prompt = QString::fromUtf8(story.read(900));
    wb.window()->showArea(QStringLiteral("inspect"));
    InspectController& c = wb.inspect();
    InspectPage* page = c.page();
    page->setPrompt(prompt);
    page->setModelA(versions[0]);
    page->setModelB(versions[1]);
    QVERIFY(runAndWait(c, [&] { return c.runComparison(QStringLiteral("attention")); }));
    QVERIFY(page->compare()->jsMap()->data().rows == 5);
    shoot(wb, QStringLiteral("versions-attention-js.png"));

    page->setModelA(versions[1]);
    QVERIFY(runAndWait(c, [&] { return c.runRouting(); }));
    RoutingPanel* routing = page->routing();
    QVERIFY(routing->result().hasKinds());
    page->tabs()->setCurrentWidget(routing);
    routing->tabs()->setCurrentIndex(3);
    shoot(wb, QStringLiteral("versions-routing-kinds.png"));
    routing->tabs()->setCurrentIndex(1);
    shoot(wb, QStringLiteral("versions-routing-load.png"));

    page->setModelB(versions[2]);
    QVERIFY(runAndWait(c, [&] { return c.runComparison(QStringLiteral("routing")); }));
    page->compare()->routingTabs()->setCurrentIndex(0);
    shoot(wb, QStringLiteral("versions-compare-routing.png"));
  }
};

QTEST_MAIN(VersionsTourScreenshotsTest)
#include "versions_tour_screenshots_test.moc"
