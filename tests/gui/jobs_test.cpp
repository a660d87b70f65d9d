// Jobs area and the shared store: the history lives in SQLite through dsw::Store, the same
// database dsw-cli writes (rows written by either show in the other); jobs queue on the runner and
// show progress and ETA; a job left running by a dead process is marked failed ("interrupted") on
// the next start; a failed job's row says why.
#include "GuiHarness.h"

#include "JobTableModel.h"
#include "JobsController.h"
#include "ModelsController.h"

#include <dsw/store.h>

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace guitest;

namespace {

const JobItem* findByTitle(JobsController& jobs, const QString& title) {
  for (int r = 0; r < jobs.model()->rowCount(); ++r)
    if (const JobItem* j = jobs.model()->at(r); j && j->title == title) return j;
  return nullptr;
}

}  // namespace

class JobsTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void historyIsSharedWithTheCli() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("shared.db"));
    // A run recorded the way dsw-cli records one (dsw-cli bench writes a job row and a result row).
    {
      QProcess cli;
      cli.start(cliExecutable(), {QStringLiteral("bench"), storiesModel(), QStringLiteral("--prompt-tokens"), QStringLiteral("16"),
                                  QStringLiteral("--gen-tokens"), QStringLiteral("8"), QStringLiteral("--reps"), QStringLiteral("1"),
                                  QStringLiteral("--warmup"), QStringLiteral("0"), QStringLiteral("--label"), QStringLiteral("from-cli"),
                                  QStringLiteral("--db"), db});
      QVERIFY(cli.waitForFinished(120000));
      QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    }
    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    JobsController& jobs = h.wb().jobs();
    QSignalSpy refreshed(&jobs, &JobsController::historyRefreshed);
    QVERIFY(waitFor([&] { return refreshed.count() > 0; }));
    const JobItem* cliRow = findByTitle(jobs, QStringLiteral("Benchmark (speed) from-cli"));
    QVERIFY(cliRow);
    QCOMPARE(cliRow->kind, QStringLiteral("bench"));
    QCOMPARE(int(cliRow->state), int(JobItem::State::Succeeded));

    // A job run in the window lands in the same database, where dsw-cli reads it.
    QVERIFY(h.openAndWait(storiesModel()));
    QVERIFY(waitFor([&] {
      auto store = dsw::Store::open(db.toStdString());
      if (!store.is_ok()) return false;
      auto rows = (*store)->list_jobs(10);
      if (!rows.is_ok()) return false;
      for (const auto& r : *rows)
        if (r.kind == "load" && r.state == dsw::JobState::succeeded) return true;
      return false;
    }));
    QProcess list;
    list.start(cliExecutable(), {QStringLiteral("store"), QStringLiteral("--db"), db, QStringLiteral("jobs")});
    QVERIFY(list.waitForFinished(30000));
    const QString out = QString::fromUtf8(list.readAllStandardOutput());
    QVERIFY2(out.contains(QStringLiteral("Load stories260K-hf")), qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("from-cli")));
  }

  void interruptedJobsAreMarkedFailed() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("crash.db"));
    {
      // A job row left "running" by this process, as a crash would leave it.
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY(store.is_ok());
      dsw::JobRecord r;
      r.kind = "hash";
      r.state = dsw::JobState::running;
      r.title = "left running";
      QVERIFY((*store)->add_job(r).is_ok());
    }
    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    JobsController& jobs = h.wb().jobs();
    QVERIFY(waitFor([&] { return findByTitle(jobs, QStringLiteral("left running")) != nullptr; }));
    const JobItem* row = findByTitle(jobs, QStringLiteral("left running"));
    QCOMPARE(int(row->state), int(JobItem::State::Failed));
    QVERIFY2(row->message.contains(QStringLiteral("interrupted")), qPrintable(row->message));
  }

  void queuedJobsShowProgressEtaAndOutcome() {
    if (storiesModel().isEmpty()) QSKIP("needs stories260K-hf");
    // The first job hashes a model big enough for several 8 MiB progress steps: the random tiny
    // DeepSeek-V3 (~66 MiB BF16; the bundled demo model is only 11 MB).
    QString error;
    const QString big = randomTinyV3Model(&error);
    QVERIFY2(!big.isEmpty(), qPrintable(error));
    Harness h;
    const int demo = h.openAndWait(big);
    const int stories = h.openAndWait(storiesModel());
    QVERIFY(demo && stories);
    JobsController& jobs = h.wb().jobs();
    // Two hash jobs: the runner takes one at a time, so the second waits in the queue.
    const int first = h.wb().models().computeHash(demo);
    const int second = h.wb().models().computeHash(stories);
    QVERIFY(first && second);
    QCOMPARE(int(jobs.job(second)->state), int(JobItem::State::Queued));
    bool sawProgress = false, sawQueuedWhileFirstRan = false;
    QVERIFY(waitFor([&] {
      const JobItem* a = jobs.job(first);
      const JobItem* b = jobs.job(second);
      if (a->state == JobItem::State::Running && a->progress > 0 && a->progress < 1) {
        sawProgress = sawProgress || a->detail.contains(QStringLiteral(" of "));
        sawQueuedWhileFirstRan = sawQueuedWhileFirstRan || b->state == JobItem::State::Queued;
      }
      return a->finished() && b->finished();
    }));
    QVERIFY(sawProgress);
    QVERIFY(sawQueuedWhileFirstRan);
    QCOMPARE(int(jobs.job(first)->state), int(JobItem::State::Succeeded));
    QCOMPARE(int(jobs.job(second)->state), int(JobItem::State::Succeeded));
    QVERIFY(jobs.job(first)->durationSeconds > 0);
    QCOMPARE(jobs.statusText(), QStringLiteral("No jobs running"));
    // Both outcomes reach the database.
    QVERIFY(waitFor([&] {
      auto store = dsw::Store::open(h.dbPath().toStdString());
      if (!store.is_ok()) return false;
      auto rows = (*store)->list_jobs(10);
      int hashed = 0;
      for (const auto& r : *rows) hashed += r.kind == "hash" && r.state == dsw::JobState::succeeded;
      return hashed == 2;
    }));
  }

  void failedJobRowSaysWhy() {
    Harness h;
    QSignalSpy failed(&h.wb().models(), &ModelsController::openFailed);
    h.wb().models().openModel(QDir(sourceDir()).filePath(QStringLiteral("tests/data/malformed/gguf/truncated_header.gguf")));
    QVERIFY(waitFor([&] { return failed.count() > 0; }));
    QVERIFY(waitFor([&] {
      auto store = dsw::Store::open(h.dbPath().toStdString());
      if (!store.is_ok()) return false;
      auto rows = (*store)->list_jobs(10);
      for (const auto& r : *rows)
        if (r.kind == "load" && r.state == dsw::JobState::failed && r.message.find("truncated") != std::string::npos) return true;
      return false;
    }));
  }
};

QTEST_MAIN(JobsTest)
#include "jobs_test.moc"
