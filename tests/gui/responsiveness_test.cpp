// Responsiveness: the GUI thread is never blocked for more than 50 ms while jobs run. A 10 ms
// QTimer on the GUI thread records the gap between its ticks while the bundled demo model (an MoE +
// MLA model with a 129k vocabulary, the heaviest model a test has) loads, generates 200 tokens that
// stream into the window, is hashed, runs a long attention capture in the Inspect area (every
// layer's statistics, a 1,500-token head map and the layer's overviews, drawn when they arrive),
// and is fine-tuned (a LoRA run charting every step); any gap over 50 ms fails the test. The largest gap is
// printed so regressions show up before they fail.
// On a shared machine the GUI thread is also held up by other processes: the time it waited,
// runnable, for a CPU (the kernel's run delay, /proc/thread-self/schedstat) is the machine's doing,
// not the workbench's, so it is taken out of each gap. Time the thread ran, slept or waited on a
// lock stays in: that is what a blocked GUI would show.
#include "GuiHarness.h"

#include "FinetuneController.h"
#include "FinetuneForm.h"
#include "FinetunePage.h"
#include "JobTableModel.h"
#include "InspectController.h"
#include "InspectPage.h"
#include "JobsController.h"
#include "MainWindow.h"
#include "ModelsController.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"
#include "AttentionPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTimer>

#include <fstream>

using namespace guitest;

namespace {

// Nanoseconds the calling thread has spent runnable but waiting for a CPU; 0 where the kernel
// does not say (then gaps are judged whole).
qint64 runDelayNs() {
  std::ifstream f("/proc/thread-self/schedstat");
  long long onCpu = 0, waiting = 0;
  return f >> onCpu >> waiting ? qint64(waiting) : 0;
}

class Watchdog : public QObject {
 public:
  Watchdog() {
    m_timer.setInterval(10);
    m_timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
      const qint64 now = m_clock.nsecsElapsed();
      const qint64 delay = runDelayNs();
      if (m_last >= 0) {
        const double gapMs = double(now - m_last) / 1e6;
        m_maxRawGapMs = std::max(m_maxRawGapMs, gapMs);
        m_maxGapMs = std::max(m_maxGapMs, gapMs - double(delay - m_lastDelay) / 1e6);
      }
      m_last = now;
      m_lastDelay = delay;
      ++m_ticks;
    });
  }
  void start() {
    m_clock.start();
    m_last = -1;
    m_maxGapMs = m_maxRawGapMs = 0;
    m_ticks = 0;
    m_timer.start();
  }
  void stop() { m_timer.stop(); }
  // The longest gap less the time the thread waited for a CPU in it, and the longest gap as is.
  double maxGapMs() const { return m_maxGapMs; }
  double maxRawGapMs() const { return m_maxRawGapMs; }
  int ticks() const { return m_ticks; }

 private:
  QTimer m_timer;
  QElapsedTimer m_clock;
  qint64 m_last = -1;
  qint64 m_lastDelay = 0;
  double m_maxGapMs = 0;
  double m_maxRawGapMs = 0;
  int m_ticks = 0;
};

constexpr double kLimitMs = 50.0;

}  // namespace

class ResponsivenessTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void uiNeverStallsWhileJobsRun() {
    QString error;
    const QString model = randomTinyV3Model(&error);  // long enough jobs (the bundled model is 11 MB)
    QVERIFY2(!model.isEmpty(), qPrintable(error));
    Harness h;
    Workbench& wb = h.wb();
    wb.window()->showArea(QStringLiteral("playground"));
    QTest::qWait(100);  // first paint of the page done before measuring
    Watchdog dog;

    // 1. Loading.
    dog.start();
    const int id = h.openAndWait(model);
    dog.stop();
    QVERIFY(id);
    const double loadGap = dog.maxGapMs();
    double rawGap = dog.maxRawGapMs();

    // 2. Generating 200 tokens that stream into the transcript, token view and chart.
    PlaygroundController& pg = wb.playground();
    PlaygroundPage* page = pg.page();
    page->greedyBox()->setChecked(true);
    page->maxTokensBox()->setValue(200);
    page->modeBox()->setCurrentIndex(page->modeBox()->findData(QStringLiteral("raw")));
    QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
    QSignalSpy shown(&pg, &PlaygroundController::tokensShown);
    dog.start();
    QVERIFY(pg.send(QStringLiteral("Once upon a time")));
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 180000));
    dog.stop();
    const double generateGap = dog.maxGapMs();
    const int generateTicks = dog.ticks();
    rawGap = std::max(rawGap, dog.maxRawGapMs());
    const GenerationStats stats = finished.first().first().value<GenerationStats>();
    QCOMPARE(stats.generatedTokens, 200);
    QVERIFY(shown.count() >= 3);  // it really streamed while we measured

    // 3. Hashing the weights.
    dog.start();
    const int job = wb.models().computeHash(id);
    QVERIFY(waitFor([&] { return wb.jobs().job(job)->finished(); }, 60000));
    dog.stop();
    const double hashGap = dog.maxGapMs();
    rawGap = std::max(rawGap, dog.maxRawGapMs());

    // 4. A long attention capture in the Inspect area, its results drawn as they arrive.
    wb.window()->showArea(QStringLiteral("inspect"));
    QTest::qWait(100);
    InspectController& inspect = wb.inspect();
    inspect.page()->setModelA(model);
    inspect.page()->setPrompt(QString(QStringLiteral("The quick brown fox jumps over the lazy dog, and the dog sleeps on. ")).repeated(100));
    QSignalSpy captured(&inspect, &InspectController::attentionShown);
    dog.start();
    QVERIFY(inspect.runAttention());
    QVERIFY(waitFor([&] { return captured.count() > 0; }, 300000));
    QTest::qWait(300);  // the coalesced replots of every view
    dog.stop();
    const double inspectGap = dog.maxGapMs();
    const int inspectTicks = dog.ticks();
    rawGap = std::max(rawGap, dog.maxRawGapMs());
    QVERIFY(inspect.page()->attention()->result().tokenCount() > 1000);

    qInfo("max GUI-thread stall less CPU waits: load %.1f ms, generation %.1f ms (%d ticks, %d tokens at %.0f tokens/s), hash %.1f ms, "
          "inspect %.1f ms (%d ticks) (limit %.0f ms); longest gap with CPU waits %.1f ms",
          loadGap, generateGap, generateTicks, stats.generatedTokens, stats.decodeTokensPerSecond, hashGap, inspectGap, inspectTicks,
          kLimitMs, rawGap);
    QVERIFY(generateTicks > 20);
    QVERIFY2(generateGap <= kLimitMs, qPrintable(QStringLiteral("generation stalled the GUI for %1 ms").arg(generateGap)));
    QVERIFY2(loadGap <= kLimitMs, qPrintable(QStringLiteral("loading stalled the GUI for %1 ms").arg(loadGap)));
    QVERIFY2(hashGap <= kLimitMs, qPrintable(QStringLiteral("hashing stalled the GUI for %1 ms").arg(hashGap)));
    QVERIFY(inspectTicks > 20);
    QVERIFY2(inspectGap <= kLimitMs, qPrintable(QStringLiteral("the Inspect capture stalled the GUI for %1 ms").arg(inspectGap)));
  }

  // A training job: LoRA on every Linear of the demo model (MoE + MLA, 129k-token head) charting
  // each step (loss, learning rate, gradient norms per layer, expert load) while it runs.
  void uiNeverStallsWhileTraining() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    Harness h;
    Workbench& wb = h.wb();
    const QString data = QDir(h.dir()).filePath(QStringLiteral("qa.jsonl"));
    {
      QFile f(data);
      QVERIFY(f.open(QIODevice::WriteOnly));
      for (int i = 0; i < 24; ++i) f.write(QStringLiteral("{\"question\": \"What is %1 plus 2?\", \"answer\": \"It is %2.\"}\n").arg(i).arg(i + 2).toUtf8());
    }
    FinetuneController& ft = wb.finetune();
    FinetuneForm* form = ft.page()->form();
    form->modelBox()->addItem(QStringLiteral("demo"), demoModel());
    form->modelBox()->setCurrentIndex(form->modelBox()->findData(demoModel()));
    form->dataEdit()->setText(data);
    form->seqLenBox()->setValue(48);
    form->presetBox()->setCurrentIndex(int(FinetuneForm::Preset::Quick));
    form->stepsBox()->setValue(8);
    form->batchBox()->setValue(1);
    form->evalEveryBox()->setValue(4);
    form->checkpointEveryBox()->setValue(4);
    form->openResultBox()->setChecked(false);
    form->outputEdit()->setText(QDir(h.dir()).filePath(QStringLiteral("run")));
    wb.window()->showArea(QStringLiteral("finetune"));
    const int plan = ft.requestPlan();
    QVERIFY(waitFor([&] { return ft.planCurrent() && ft.plan().requestId == plan; }, 120000));
    QVERIFY2(ft.plan().ok(), qPrintable(ft.plan().dataError + ft.plan().auditError));
    QTest::qWait(100);
    QSignalSpy finished(&ft, &FinetuneController::trainingFinished);
    QSignalSpy drained(&ft, &FinetuneController::stepsDrained);
    Watchdog dog;
    dog.start();
    QVERIFY(ft.start());
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 300000));
    dog.stop();
    QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(ft.stepsShown(), 8);
    QVERIFY(drained.count() >= 2);  // the charts really updated while we measured
    qInfo("max GUI-thread stall while training: %.1f ms (%d ticks, %d chart updates, limit %.0f ms)", dog.maxGapMs(), dog.ticks(),
          int(drained.count()), kLimitMs);
    QVERIFY2(dog.maxGapMs() <= kLimitMs, qPrintable(QStringLiteral("training stalled the GUI for %1 ms").arg(dog.maxGapMs())));
  }
};

QTEST_MAIN(ResponsivenessTest)
#include "responsiveness_test.moc"
