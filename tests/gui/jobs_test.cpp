// Jobs area and the shared store: the history lives in SQLite through dsw::Store, the same
// database dsw-cli writes (rows written by either show in the other); jobs queue on the runner and
// show progress and ETA; a job left running by a dead process is marked failed ("interrupted") on
// the next start; a failed job's row says why.
#include "GuiHarness.h"

#include "JobTableModel.h"
#include "JobsController.h"
#include "JobsPage.h"
#include "MainWindow.h"
#include "ModelsController.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"

#include <dsw/store.h>

#include <QApplication>
#include <QCheckBox>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QSignalSpy>
#include <QTest>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

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
    // Two hash jobs: the runner takes one at a time, so the second waits in the queue. The first is
    // held at its first progress step until the window has shown it part done.
    RunnerGate gate(h.wb().jobRunner());
    const int first = h.wb().models().computeHash(demo);
    const int second = h.wb().models().computeHash(stories);
    QVERIFY(first && second);
    QCOMPARE(int(jobs.job(second)->state), int(JobItem::State::Queued));
    QVERIFY(gate.waitHeld());
    bool sawProgress = false, sawQueuedWhileFirstRan = false;
    QVERIFY(waitFor([&] {
      const JobItem* a = jobs.job(first);
      const JobItem* b = jobs.job(second);
      if (a->state == JobItem::State::Running && a->progress > 0 && a->progress < 1) {
        sawProgress = sawProgress || a->detail.contains(QStringLiteral(" of "));
        sawQueuedWhileFirstRan = sawQueuedWhileFirstRan || b->state == JobItem::State::Queued;
      }
      if (sawProgress && sawQueuedWhileFirstRan) gate.letGo();
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

  // A job whose process was killed with SIGKILL — and is still a zombie its parent has not reaped,
  // so kill(pid, 0) says it exists — shows as failed ("interrupted") at the very next start.
  void killedJobIsInterruptedAtTheFirstStart() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("killed.db"));
    int ready[2];
    QVERIFY(pipe(ready) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, ready[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, ready[0]);
    QByteArray self = QCoreApplication::applicationFilePath().toLocal8Bit(), flag("--hold-running-job"), path = db.toLocal8Bit();
    char* argv[] = {self.data(), flag.data(), path.data(), nullptr};
    pid_t child = 0;
    QCOMPARE(posix_spawn(&child, self.constData(), &actions, nullptr, argv, environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(ready[1]);
    char c = 0;
    QCOMPARE(::read(ready[0], &c, 1), ssize_t(1));  // the job row is written and its owner lives
    ::close(ready[0]);
    QCOMPARE(::kill(child, SIGKILL), 0);
    siginfo_t info{};
    QCOMPARE(waitid(P_PID, id_t(child), &info, WEXITED | WNOWAIT), 0);  // dead, not reaped
    QCOMPARE(::kill(child, 0), 0);
    {
      AppOptions o;
      o.dbPath = db;
      Harness h(o);
      JobsController& jobs = h.wb().jobs();
      QVERIFY(waitFor([&] { return findByTitle(jobs, QStringLiteral("held by a killed process")) != nullptr; }));
      const JobItem* row = findByTitle(jobs, QStringLiteral("held by a killed process"));
      QCOMPARE(int(row->state), int(JobItem::State::Failed));
      QVERIFY2(row->message.contains(QStringLiteral("interrupted")), qPrintable(row->message));
    }
    waitpid(child, nullptr, 0);
  }

  // "Cancel job" is enabled only for a running job, and a disabled one looks disabled (not red).
  void cancelIsDisabledAndLooksItForFinishedJobs() {
    // A random-weight model, so the 3,000-token generation is still running when it is selected
    // (the trained demo model may end its answer within a few tokens).
    QString error;
    const QString model = randomTinyV3Model(&error);
    QVERIFY2(!model.isEmpty(), qPrintable(error));
    Harness h;
    QVERIFY(h.openAndWait(model));
    Workbench& wb = h.wb();
    JobsController& jobs = wb.jobs();
    wb.window()->showArea(QStringLiteral("jobs"));
    QPushButton* cancel = jobs.page()->cancelButton();
    auto select = [&](int jobId) {
      jobs.page()->table()->selectRow(jobs.model()->rowOf(jobId));
      QTest::qWait(20);
    };
    // Red text: how far the reddest pixel's red channel stands above its green and blue.
    auto redness = [](QWidget* w) {
      const QImage img = w->grab().toImage();
      int best = 0;
      for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
          const QColor p = img.pixelColor(x, y);
          best = std::max(best, p.red() - std::max(p.green(), p.blue()));
        }
      return best;
    };
    PlaygroundController& pg = wb.playground();
    pg.page()->greedyBox()->setChecked(true);
    pg.page()->maxTokensBox()->setValue(3000);
    QVERIFY(pg.send(QStringLiteral("Count to a thousand")));
    const int running = pg.activeJob();
    select(running);
    QVERIFY(cancel->isEnabled());
    const int liveRed = redness(cancel);
    QVERIFY2(liveRed > 60, qPrintable(QString::number(liveRed)));
    QSignalSpy finished(&jobs, &JobsController::jobFinished);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 60000));
    select(running);
    QCOMPARE(int(jobs.job(running)->state), int(JobItem::State::Cancelled));
    QVERIFY(!cancel->isEnabled());
    const int deadRed = redness(cancel);
    QVERIFY2(deadRed < 25, qPrintable(QStringLiteral("a disabled Cancel is still red: %1").arg(deadRed)));
    // The finished load job, and a history row, likewise.
    select(jobs.model()->find(running - 1) ? running - 1 : running);
    QVERIFY(!cancel->isEnabled());
  }
};

// The test binary doubles as the process that dies holding a job: with --hold-running-job DB it
// records a running job in DB, says so on stdout and waits to be killed.
int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--hold-running-job") == 0) {
    auto store = dsw::Store::open(argv[2]);
    if (!store.is_ok()) return 2;
    dsw::JobRecord r;
    r.kind = "hash";
    r.state = dsw::JobState::running;
    r.title = "held by a killed process";
    if (!(*store)->add_job(r).is_ok()) return 3;
    if (::write(STDOUT_FILENO, "x", 1) != 1) return 4;
    for (;;) pause();
  }
  QApplication app(argc, argv);
  JobsTest test;
  QTEST_SET_MAIN_SOURCE_PATH
  return QTest::qExec(&test, argc, argv);
}
#include "jobs_test.moc"
