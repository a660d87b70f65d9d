// The Serve area: start a server from the window on a tiny model, load it (the engine's load
// generator in a background thread), see the figures and the four live charts move, hot-swap to
// another version under load with every request answered, refuse a non-loopback address without
// an API key, stop; the area in Chinese; and build/screenshots/serve.png of the area under load.
#include "GuiHarness.h"

#include "JobsController.h"
#include "LanguageSwitcher.h"
#include "LiveSeriesChart.h"
#include "MainWindow.h"
#include "NavigationRail.h"
#include "ServeController.h"
#include "ServePage.h"
#include "tiny_model.h"

#include <dsw/loadtest.h>

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <thread>

using namespace guitest;

namespace {

// A tiny random llama (seed 1 or 2) written once per process into a temporary folder.
QString tinyModel(int seed) {
  static QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("tiny-llama-%1").arg(seed));
  if (!QFileInfo::exists(path)) {
    const auto written = dsw::test::write_tiny_model("llama", uint64_t(seed), path.toStdString());
    if (!written.is_ok()) qFatal("cannot write the tiny model: %s", written.message().c_str());
  }
  return path;
}

ServeConfig tinyConfig(const QString& model) {
  ServeConfig c;
  c.modelPath = model;
  c.port = 0;  // any free port
  c.maxBatch = 8;
  c.maxWaitMs = 5;
  c.contextPerRequest = 256;
  c.threads = 1;
  return c;
}

// Load from a background thread while the test's event loop runs.
class Load {
 public:
  Load(const QString& url, int concurrency, int requests, int maxTokens = 16) {
    dsw::LoadTestOptions o;
    o.url = url.toStdString();
    o.concurrency = concurrency;
    o.requests = requests;
    o.max_tokens = maxTokens;
    o.prompts = {"Once upon a time", "The little dog ran", "Tom and Lily"};
    o.max_seconds = 120;
    m_thread = std::thread([this, o] {
      auto r = dsw::run_loadtest(o);
      if (r.is_ok()) {
        m_completed = int(r->completed);
        m_failed = int(r->failed);
      } else {
        m_failed = -1;
      }
      m_done = true;
    });
  }
  ~Load() {
    if (m_thread.joinable()) m_thread.join();
  }
  bool done() const { return m_done; }
  int completed() const { return m_completed; }
  int failed() const { return m_failed; }

 private:
  std::thread m_thread;
  std::atomic<bool> m_done{false};
  std::atomic<int> m_completed{0}, m_failed{0};
};

}  // namespace

class ServeTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void servesSwapsAndStopsFromTheWindow() {
    Harness h;
    Workbench& wb = h.wb();
    ServeController& serve = wb.serve();
    ServePage* page = serve.page();
    wb.window()->showArea(QStringLiteral("serve"));
    QCOMPARE(wb.window()->currentArea(), QStringLiteral("serve"));
    QVERIFY(page->startButton()->isEnabled());
    QVERIFY(!page->stopButton()->isEnabled());

    // Refused: another address without a key; nothing starts.
    ServeConfig open = tinyConfig(tinyModel(1));
    open.host = QStringLiteral("0.0.0.0");
    page->setConfig(open);
    serve.start();
    QVERIFY(page->statusText().contains(QStringLiteral("API key")));
    QVERIFY(!serve.isServing());

    page->setConfig(tinyConfig(tinyModel(1)));
    QSignalSpy started(&serve, &ServeController::serverStarted);
    QTest::mouseClick(page->startButton(), Qt::LeftButton);
    QVERIFY(waitFor([&] { return started.count() == 1; }, 60000));
    QVERIFY(serve.isServing());
    QVERIFY(serve.url().startsWith(QStringLiteral("http://127.0.0.1:")));
    QVERIFY(page->statusText().contains(serve.url()));
    QVERIFY(!page->startButton()->isEnabled());
    QVERIFY(page->swapButton()->isEnabled());
    QVERIFY(wb.jobs().runningCount() == 0);  // the load job finished

    {
      Load load(serve.url(), 6, 400, 24);
      QVERIFY(waitFor([&] { return serve.figures().finished >= 20 && serve.samples() >= 3; }, 120000));
      // The swap happens under load; every request still completes.
      page->setConfig([&] {
        ServeConfig c = page->config();
        c.modelPath = tinyModel(2);
        return c;
      }());
      QSignalSpy swapped(&serve, &ServeController::swapFinished);
      QTest::mouseClick(page->swapButton(), Qt::LeftButton);
      QVERIFY(waitFor([&] { return swapped.count() == 1; }, 60000));
      QVERIFY(swapped.at(0).at(1).toDouble() >= 0);
      QVERIFY(page->statusText().contains(QStringLiteral("no request dropped")));
      QVERIFY(waitFor([&] { return load.done(); }, 120000));
      QCOMPARE(load.failed(), 0);
      QCOMPARE(load.completed(), 400);
    }
    QVERIFY(waitFor([&] { return serve.figures().finished >= 400 && serve.figures().swaps == 1; }, 10000));
    QCOMPARE(serve.figures().failed, qint64(0));
    QVERIFY(serve.figures().qps > 0);
    QVERIFY(serve.figures().p99Ms >= serve.figures().p50Ms);
    // Every chart drew samples (coalesced: far fewer replots than appends is fine, none is not).
    QVERIFY(waitFor([&] {
      return page->qpsChart()->pointCount() > 0 && page->latencyChart()->pointCount(1) > 0 && page->batchChart()->pointCount() > 0 &&
             page->queueChart()->pointCount() > 0;
    }));
    QVERIFY(page->figureLabel(0)->text() != QStringLiteral("–"));

    QSignalSpy stopped(&serve, &ServeController::serverStopped);
    QTest::mouseClick(page->stopButton(), Qt::LeftButton);
    QVERIFY(waitFor([&] { return stopped.count() == 1; }, 30000));
    QVERIFY(!serve.isServing());
    QVERIFY(page->startButton()->isEnabled());
  }

  void theAreaSpeaksChinese() {
    Harness h;
    Workbench& wb = h.wb();
    wb.language().setLanguage(QStringLiteral("zh_CN"));
    wb.window()->showArea(QStringLiteral("serve"));
    ServePage* page = wb.serve().page();
    QVERIFY(waitFor([&] { return page->startButton()->text() == QStringLiteral("启动"); }, 5000));
    const int area = int(wb.window()->areaKeys().indexOf(QStringLiteral("serve")));
    QCOMPARE(wb.window()->rail()->itemText(area), QStringLiteral("服务"));
    wb.language().setLanguage(QStringLiteral("en"));
    QVERIFY(waitFor([&] { return page->startButton()->text() == QStringLiteral("Start"); }, 5000));
  }

  void rendersTheAreaUnderLoad() {
    // The README picture: the trained stories260K when the shared data is there, else a tiny model.
    const QString model = storiesModel().isEmpty() ? tinyModel(1)
                                                   : storiesModel();
    QDir().mkpath(screenshotDir());
    Harness h;
    Workbench& wb = h.wb();
    wb.window()->resize(1360, 900);
    wb.window()->logDock()->hide();
    wb.window()->showArea(QStringLiteral("serve"));
    ServeController& serve = wb.serve();
    ServeConfig c = tinyConfig(model);
    c.maxBatch = 16;
    c.maxWaitMs = 20;
    c.threads = 2;
    serve.page()->setConfig(c);
    QSignalSpy started(&serve, &ServeController::serverStarted);
    serve.start();
    QVERIFY(waitFor([&] { return started.count() == 1; }, 60000));
    // Load in phases (rising, then falling concurrency) so the charts have a shape.
    for (const auto& [clients, requests] : std::vector<std::pair<int, int>>{{2, 24}, {6, 72}, {16, 192}, {4, 48}}) {
      Load phase(serve.url(), clients, requests, 48);
      QVERIFY(waitFor([&] { return phase.done(); }, 120000));
      QCOMPARE(phase.failed(), 0);
      QTest::qWait(ServeController::kPollIntervalMs);
    }
    QTest::qWait(ServeController::kPollIntervalMs * 2);
    QTest::qWait(150);
    const QPixmap pm = wb.window()->grab();
    QVERIFY(!pm.isNull());
    QVERIFY(pm.save(QDir(screenshotDir()).filePath(QStringLiteral("serve.png"))));
    serve.stop();
  }
};

QTEST_MAIN(ServeTest)
#include "serve_test.moc"
