// Screenshots of every Inspect view, rendered under the offscreen platform into
// build/screenshots/inspect-*.png (docs/screenshots keeps a copy): attention of the trained
// stories260K (statistic map, head window with a hovered cell, small multiples; the tile overview of
// a long prompt), the MLA split on the trained MoE demo model, routing on it (per token, load,
// co-activation), its comparison with the same architecture at its random initialisation (the
// demo model's recipe starts from `make-model --config config.json --random --seed 7`; attention
// and routing), and stored data-set runs of both. Tooltips are their own windows: they are composed into the
// picture as the main screenshot test does.
#include "GuiHarness.h"

#include "AttentionPanel.h"
#include "ComparePanel.h"
#include "DatasetPanel.h"
#include "HeatmapView.h"
#include "InspectController.h"
#include "InspectPage.h"
#include "MainWindow.h"
#include "RoutingPanel.h"
#include "SettingsController.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace guitest;

namespace {

bool runAndWait(InspectController& c, const std::function<int()>& start) {
  QSignalSpy failed(&c, &InspectController::jobFailed);
  if (!start()) return false;
  return waitFor([&] { return c.activeJob() == 0; }, 180000) && failed.isEmpty();
}

// Grabs the window, with the tooltip of the hovered cell of `chart` (when given) composed in.
void shoot(Workbench& wb, const QString& file, HeatmapView* chart = nullptr, int row = -1, int col = -1) {
  QTest::qWait(250);  // coalesced replots done
  if (chart) {
    QWidget* w = chart->widget();
    const QPoint at = chart->cellCenter(row, col);
    QMouseEvent move(QEvent::MouseMove, at, w->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(w, &move);
    QTest::qWait(200);
  }
  QPixmap pm = wb.window()->grab();
  if (chart)
    for (QWidget* top : QApplication::topLevelWidgets())
      if (top->inherits("QTipLabel") && top->isVisible()) {
        QPainter p(&pm);
        p.drawPixmap(wb.window()->mapFromGlobal(top->pos()), top->grab());
      }
  QVERIFY2(pm.save(QDir(screenshotDir()).filePath(file)), qPrintable(file));
}

}  // namespace

class InspectScreenshotsTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    applyAppLook();
    QDir().mkpath(screenshotDir());
  }

  void rendersAttention() {
    if (storiesModel().isEmpty()) QSKIP("stories260K is not in the shared data folder");
    Harness h;
    Workbench& wb = h.wb();
    wb.window()->showArea(QStringLiteral("inspect"));
    wb.window()->logDock()->hide();  // the views get the window's height
    InspectController& c = wb.inspect();
    InspectPage* page = c.page();
    page->setModelA(storiesModel());
    page->setPrompt(QStringLiteral("Once upon a time, there was a little girl named Lily. She loved to play outside in the sun."));
    page->attention()->layerBox()->blockSignals(true);
    page->attention()->headBox()->blockSignals(true);
    page->attention()->layerBox()->setMaximum(4);
    page->attention()->headBox()->setMaximum(7);
    page->attention()->layerBox()->setValue(2);
    page->attention()->headBox()->setValue(3);
    page->attention()->layerBox()->blockSignals(false);
    page->attention()->headBox()->blockSignals(false);
    QVERIFY(runAndWait(c, [&] { return c.runAttention(); }));
    shoot(wb, QStringLiteral("inspect-attention.png"), page->attention()->headMap(), 16, 9);
    page->attention()->statBox()->setCurrentIndex(int(InspectStat::PreviousToken));
    shoot(wb, QStringLiteral("inspect-attention-stats.png"), page->attention()->statMap(), 2, 3);

    // A long prompt on a copy of stories260K with a 2,048-token context: the tile overview.
    QTemporaryDir dir;
    const QString longModel = dir.filePath(QStringLiteral("stories-2k"));
    QDir().mkpath(longModel);
    for (const char* f : {"model.safetensors", "tokenizer.model"})
      QVERIFY(QFile::link(storiesModel() + u'/' + QLatin1String(f), longModel + u'/' + QLatin1String(f)));
    QFile in(storiesModel() + QStringLiteral("/config.json")), out(longModel + QStringLiteral("/config.json"));
    QVERIFY(in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly));
    out.write(in.readAll().replace("\"max_position_embeddings\": 512", "\"max_position_embeddings\": 2048"));
    out.close();
    QFile story(dataDir() + QStringLiteral("/eval/tinystories/TinyStories-valid.first22stories.txt"));
    QVERIFY(story.open(QIODevice::ReadOnly));  // ~1,700 tokens
    page->setModelA(longModel);
    page->setPrompt(QString::fromUtf8(story.read(3500)));
    page->attention()->windowStartBox()->blockSignals(true);
    page->attention()->layerBox()->blockSignals(true);
    page->attention()->headBox()->blockSignals(true);
    page->attention()->layerBox()->setValue(1);
    page->attention()->headBox()->setValue(0);
    page->attention()->windowStartBox()->setValue(0);
    page->attention()->layerBox()->blockSignals(false);
    page->attention()->headBox()->blockSignals(false);
    page->attention()->windowStartBox()->blockSignals(false);
    page->attention()->findChild<QSpinBox*>(QStringLiteral("inspectWindowSize"))->setValue(256);
    QVERIFY(runAndWait(c, [&] { return c.runAttention(); }));
    page->attention()->mapBox()->setCurrentIndex(1);
    shoot(wb, QStringLiteral("inspect-attention-overview.png"), page->attention()->headMap(), 100, 3);
  }

  void rendersMoeViews() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model is missing");
    const QString gsm8k = dataDir() + QStringLiteral("/eval/gsm8k/test.jsonl");
    if (!QFileInfo::exists(gsm8k)) QSKIP(qPrintable(gsm8k + QStringLiteral(" is not in the shared data folder")));
    QTemporaryDir dir;
    // The demo model under a short, build-independent path (the pickers show it).
    const QString demo = dir.filePath(QStringLiteral("demo-model"));
    QVERIFY(QFile::link(demoModel(), demo));
    const QString other = dir.filePath(QStringLiteral("demo-random-init"));
    QString log;
    QVERIFY2(runCli({QStringLiteral("make-model"), QStringLiteral("--config"), demoModel() + QStringLiteral("/config.json"), QStringLiteral("--random"),
                     QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--dtype"), QStringLiteral("bf16"), QStringLiteral("--tokenizer"),
                     demoModel() + QStringLiteral("/tokenizer.json"), other},
                    &log),
             qPrintable(log));
    Harness h;
    Workbench& wb = h.wb();
    QVERIFY(waitFor([&] { return !wb.inspect().databasePath().isEmpty(); }));
    wb.window()->showArea(QStringLiteral("inspect"));
    wb.window()->logDock()->hide();
    InspectController& c = wb.inspect();
    InspectPage* page = c.page();
    page->setModelA(demo);
    const QString prompt = QStringLiteral("Tom has 12 apples. He gives 5 to Ann and buys 3 more. How many apples does he have now?");
    page->setPrompt(prompt);

    // MLA: the hover splits each score into its position and content parts.
    QVERIFY(runAndWait(c, [&] { return c.runAttention(); }));
    shoot(wb, QStringLiteral("inspect-attention-mla.png"), page->attention()->headMap(), 9, 4);

    QVERIFY(runAndWait(c, [&] { return c.runRouting(); }));
    RoutingPanel* routing = page->routing();
    routing->tabs()->setCurrentIndex(0);
    shoot(wb, QStringLiteral("inspect-routing.png"), routing->grid(), 6, 2);
    routing->tabs()->setCurrentIndex(1);
    shoot(wb, QStringLiteral("inspect-routing-load.png"), routing->loadMap(), 2, 5);
    routing->tabs()->setCurrentIndex(2);
    shoot(wb, QStringLiteral("inspect-routing-coactivation.png"));

    page->setModelB(other);
    QVERIFY(runAndWait(c, [&] { return c.runComparison(QStringLiteral("attention")); }));
    // Open the head that differs most, as a click on its cell of the divergence map does.
    const auto& js = page->compare()->attention().jsMean;
    const int heads = page->compare()->attention().a.heads;
    const int worst = int(std::max_element(js.begin(), js.end()) - js.begin());
    QVERIFY(runAndWait(c, [&] {
      emit page->compare()->jsMap()->cellClicked(worst / heads, worst % heads);
      return c.activeJob();
    }));
    QCOMPARE(page->compare()->attention().a.layer, worst / heads);
    shoot(wb, QStringLiteral("inspect-compare-attention.png"), page->compare()->jsMap(), worst / heads, worst % heads);
    QVERIFY(runAndWait(c, [&] { return c.runComparison(QStringLiteral("routing")); }));
    for (int i = 0; i < 3; ++i) {
      page->compare()->routingTabs()->setCurrentIndex(i);
      static const char* names[] = {"inspect-compare-routing.png", "inspect-compare-load.png", "inspect-compare-coactivation.png"};
      shoot(wb, QLatin1String(names[i]));
    }

    // Data-set runs of both versions over the same file, listed and compared.
    DatasetPanel* ds = page->dataset();
    ds->fileEdit()->setText(gsm8k);
    ds->maxTokensBox()->setValue(600);
    for (const QString& model : {demo, other}) {
      page->setModelA(model);
      ds->labelEdit()->setText(model == other ? QStringLiteral("random init") : QStringLiteral("demo, trained"));
      QVERIFY(runAndWait(c, [&] { return c.runDataset(); }));
    }
    QVERIFY(waitFor([&] { return ds->runs().size() == 2; }));
    ds->selectRuns({ds->runs()[0].id, ds->runs()[1].id});
    page->tabs()->setCurrentWidget(ds);
    shoot(wb, QStringLiteral("inspect-dataset.png"));
    QVERIFY(runAndWait(c, [&] { return c.compareRuns(ds->runs()[1].id, ds->runs()[0].id); }));
    page->compare()->routingTabs()->setCurrentIndex(1);
    shoot(wb, QStringLiteral("inspect-compare-runs.png"), page->compare()->loadShift(), 1, 3);

    QVERIFY(wb.settingsController().setTheme(QStringLiteral("dark")));
    page->tabs()->setCurrentWidget(routing);
    routing->tabs()->setCurrentIndex(1);
    shoot(wb, QStringLiteral("inspect-routing-dark.png"));
  }
};

QTEST_MAIN(InspectScreenshotsTest)
#include "inspect_screenshots_test.moc"
