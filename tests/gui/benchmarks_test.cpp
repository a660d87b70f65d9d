// The Benchmarks area on real runs: dsw-cli bench on stories260K and on a random model of
// deepseek-coder-1.3b's shape writes rows into a temporary store; the real window opened on that
// store lists them with the stored numbers; a row another process writes later appears after
// Refresh; and a benchmark started from the area's form on the bundled demo model runs as a job
// in the Jobs queue, adds result rows (a sweep adds one per point) and a job row, and can be
// cancelled without leaving a row.
#include "GuiHarness.h"

#include "Format.h"

#include "BenchPresentation.h"
#include "BenchRunForm.h"
#include "BenchTableModel.h"
#include "BenchmarksController.h"
#include "BenchmarksPage.h"
#include "JobsController.h"
#include "ModelsController.h"

#include <dsw/model_files.h>
#include <dsw/model_hash.h>
#include <dsw/store.h>

#include <QComboBox>
#include <QInputDialog>
#include <QMessageBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <chrono>
#include <filesystem>

using namespace guitest;

namespace {

QStringList tinyBench(const QString& model, const QString& label, const QString& db) {
  return {QStringLiteral("bench"), model, QStringLiteral("--prompt-tokens"), QStringLiteral("16"), QStringLiteral("--gen-tokens"),
          QStringLiteral("4"), QStringLiteral("--reps"), QStringLiteral("2"), QStringLiteral("--label"), label, QStringLiteral("--db"), db};
}

const dsw::BenchRow* byLabel(const BenchRows& rows, const std::string& label) {
  for (const auto& r : rows)
    if (r.label.value_or("") == label) return &r;
  return nullptr;
}

// The text the list shows in `column` for the run `id`.
QString shown(BenchTableModel* m, qint64 id, const QString& column) { return m->index(m->rowOfRun(id), m->columnOf(column)).data().toString(); }

}  // namespace

class BenchmarksTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void listsCliRunsAndRunsBenchmarksAsJobs() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    QString error;
    const QString coder = coderShapedModel(&error);
    QVERIFY2(!coder.isEmpty(), qPrintable(error));
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("bench.db"));
    QString out;
    QVERIFY2(runCli(tinyBench(storiesModel(), QStringLiteral("stories-cli"), db), &out), qPrintable(out));
    QVERIFY2(runCli(tinyBench(coder, QStringLiteral("coder-cli"), db), &out), qPrintable(out));

    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    BenchmarksController& bench = h.wb().benchmarks();
    QVERIFY(waitFor([&] { return bench.runs().size() == 2; }));
    const dsw::BenchRow* stories = byLabel(bench.runs(), "stories-cli");
    const dsw::BenchRow* coderRow = byLabel(bench.runs(), "coder-cli");
    QVERIFY(stories && coderRow);
    QCOMPARE(QString::fromStdString(coderRow->architecture.value_or("")), QStringLiteral("llama"));
    QVERIFY(coderRow->params_total.value_or(0) > 1'000'000'000);  // the 1.3B shape
    // Each row names its weights by SHA-256, the digest dsw::model_sha256 gives for the files.
    for (const auto& [row, path] : {std::pair{stories, storiesModel()}, std::pair{coderRow, coder}}) {
      auto files = dsw::open_model(path.toStdString());
      QVERIFY(files.is_ok());
      auto expected = dsw::model_sha256(*files);
      QVERIFY(expected.is_ok());
      QCOMPARE(QString::fromStdString(row->model_sha256.value_or("")), QString::fromStdString(*expected));
      QCOMPARE(int(expected->size()), 64);
    }
    // The list shows the stored numbers with 4 significant digits (the tooltip keeps them all).
    BenchTableModel* m = bench.resultsModel();
    for (const dsw::BenchRow* r : {stories, coderRow}) {
      const qint64 id = r->id.value_or(0);
      QVERIFY(m->rowOfRun(id) >= 0);
      QCOMPARE(shown(m, id, QStringLiteral("decode_tps")), Format::number(*r->decode_tps));
      QCOMPARE(shown(m, id, QStringLiteral("prefill_tps")), Format::number(*r->prefill_tps));
      const QModelIndex decode = m->index(m->rowOfRun(id), m->columnOf(QStringLiteral("decode_tps")));
      QCOMPARE(decode.data(Qt::ToolTipRole).toString().toDouble(), *r->decode_tps);
      QCOMPARE(shown(m, id, QStringLiteral("prompt_tokens")), QStringLiteral("16"));
      QCOMPARE(shown(m, id, QStringLiteral("suite")), BenchPresentation::suiteName(QStringLiteral("speed")));
    }

    // A run written by another process appears after Refresh.
    QVERIFY2(runCli(tinyBench(storiesModel(), QStringLiteral("later"), db), &out), qPrintable(out));
    QCOMPARE(int(bench.runs().size()), 2);
    QSignalSpy refreshed(&bench, &BenchmarksController::runsRefreshed);
    bench.page()->refreshButton()->click();
    QVERIFY(waitFor([&] { return refreshed.count() > 0; }));
    QCOMPARE(int(bench.runs().size()), 3);
    QVERIFY(byLabel(bench.runs(), "later"));

    // A benchmark from the form on the demo model: a job, then a stored row.
    const int demo = h.openAndWait(demoModel());
    QVERIFY(demo);
    BenchRunForm* form = bench.page()->form();
    QVERIFY(waitFor([&] { return form->modelBox()->findData(demo) >= 0; }));
    form->modelBox()->setCurrentIndex(form->modelBox()->findData(demo));
    form->promptBox()->setValue(8);
    form->genBox()->setValue(4);
    form->repsBox()->setValue(1);
    form->labelEdit()->setText(QStringLiteral("from-gui"));
    QSignalSpy stored(&bench, &BenchmarksController::benchmarkStored);
    QVERIFY(form->runButton()->isEnabled());
    form->runButton()->click();
    const int job = bench.activeJob();
    QVERIFY(job);
    QCOMPARE(h.wb().jobs().job(job)->kind, QStringLiteral("bench"));
    QVERIFY(!form->runButton()->isEnabled());
    QVERIFY(waitFor([&] { return stored.count() > 0; }, 300000));
    QCOMPARE(int(h.wb().jobs().job(job)->state), int(JobItem::State::Succeeded));
    QVERIFY(waitFor([&] { return bench.runs().size() == 4; }));
    const dsw::BenchRow* gui = byLabel(bench.runs(), "from-gui");
    QVERIFY(gui);
    QCOMPARE(gui->prompt_tokens.value_or(0), 8);
    QCOMPARE(QString::fromStdString(gui->suite.value_or("")), QStringLiteral("speed"));
    QVERIFY(gui->decode_tps.value_or(0) > 0);
    QVERIFY(gui->load_s.value_or(-1) >= 0);
    {
      auto files = dsw::open_model(demoModel().toStdString());
      QVERIFY(files.is_ok());
      auto expected = dsw::model_sha256(*files);
      QVERIFY(expected.is_ok());
      QCOMPARE(QString::fromStdString(gui->model_sha256.value_or("")), QString::fromStdString(*expected));
      // The job remembered the digest in the results database, so the next run does not re-read the files.
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY(store.is_ok());
      std::error_code ec;
      const auto& w = files->weight_files.front().path;
      const int64_t mtime =
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::filesystem::last_write_time(w).time_since_epoch()).count();
      auto cached = (*store)->find_file_hash(std::filesystem::absolute(w, ec), files->weight_files.front().size, mtime);
      QVERIFY(cached.is_ok() && cached->has_value());
    }
    // ... and its job row is in the shared database.
    QVERIFY(waitFor([&] {
      auto store = dsw::Store::open(db.toStdString());
      if (!store.is_ok()) return false;
      auto jobs = (*store)->list_jobs(20);
      if (!jobs.is_ok()) return false;
      for (const auto& j : *jobs)
        if (j.kind == "bench" && j.state == dsw::JobState::succeeded && j.title.find("from-gui") != std::string::npos) return true;
      return false;
    }));

    // A sweep from the form: one row per point, suite "sweep", notes naming the point.
    form->sweepBox()->setCurrentIndex(form->sweepBox()->findData(QStringLiteral("batch")));
    form->sweepValuesEdit()->setText(QStringLiteral("1, 2"));
    form->labelEdit()->setText(QStringLiteral("gui-sweep"));
    stored.clear();
    QVERIFY(bench.startBenchmark());
    QVERIFY(waitFor([&] { return stored.count() > 0; }, 300000));
    QCOMPARE(stored.first().at(1).value<QList<qint64>>().size(), 2);
    QVERIFY(waitFor([&] { return bench.runs().size() == 6; }));
    QStringList notes;
    for (const auto& r : bench.runs())
      if (r.label.value_or("") == "gui-sweep") {
        QCOMPARE(QString::fromStdString(r.suite.value_or("")), QStringLiteral("sweep"));
        notes << QString::fromStdString(r.notes.value_or("")).section(u';', 0, 0);
      }
    QCOMPARE(notes, (QStringList{QStringLiteral("batch=1"), QStringLiteral("batch=2")}));

    // Cancelling ends the job as cancelled and stores nothing.
    form->sweepBox()->setCurrentIndex(0);
    form->repsBox()->setValue(100);
    form->labelEdit()->setText(QStringLiteral("cancelled"));
    const int cancelled = bench.startBenchmark();
    QVERIFY(cancelled);
    QVERIFY(form->cancelButton()->isEnabled());
    form->cancelButton()->click();
    QVERIFY(waitFor([&] { return h.wb().jobs().job(cancelled)->finished(); }, 120000));
    QCOMPARE(int(h.wb().jobs().job(cancelled)->state), int(JobItem::State::Cancelled));
    bench.refresh();
    QTest::qWait(300);
    QVERIFY(!byLabel(bench.runs(), "cancelled"));
    QCOMPARE(int(bench.runs().size()), 6);
  }

  // Stored runs can be relabelled and deleted from the window, each after a question; the store
  // stays consistent (a job that produced a deleted row keeps its history, its link is cleared).
  void storedRunsCanBeRelabelledAndDeleted() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("edit.db"));
    QList<qint64> ids;
    {
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY(store.is_ok());
      for (const char* label : {"a", "b", "c"}) {
        dsw::BenchRow r;
        r.suite = "speed";
        r.label = label;
        r.model_path = "/models/m";
        r.decode_tps = 10;
        ids << (*store)->insert_bench(r).value();
      }
      dsw::JobRecord j;
      j.kind = "bench";
      j.state = dsw::JobState::running;
      j.title = "made b";
      const int64_t job = (*store)->add_job(j).value();
      QVERIFY((*store)->update_job(job, dsw::JobState::succeeded, "stored", 1, ids[1]).is_ok());
    }
    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    BenchmarksController& bench = h.wb().benchmarks();
    BenchmarksPage* page = bench.page();
    QVERIFY(waitFor([&] { return bench.runs().size() == 3; }));
    QVERIFY(!page->relabelButton()->isEnabled());
    QVERIFY(!page->deleteButton()->isEnabled());

    // Relabel: one run selected, a dialog, the new label stored and shown.
    bench.compareRuns({ids[0]});
    QVERIFY(page->relabelButton()->isEnabled());
    page->relabelButton()->click();
    auto* dialog = qobject_cast<QInputDialog*>(bench.editDialog());
    QVERIFY(dialog);
    QCOMPARE(dialog->textValue(), QStringLiteral("a"));
    dialog->setTextValue(QStringLiteral("renamed"));
    dialog->accept();
    QVERIFY(waitFor([&] { return byLabel(bench.runs(), "renamed") != nullptr; }));
    QCOMPARE(shown(bench.resultsModel(), ids[0], QStringLiteral("label")), QStringLiteral("renamed"));

    // Delete: asked first; "Keep them" keeps them.
    bench.compareRuns({ids[1], ids[2]});
    QVERIFY(!page->relabelButton()->isEnabled());  // relabel is for one run
    QVERIFY(page->deleteButton()->isEnabled());
    page->deleteButton()->click();
    auto* box = qobject_cast<QMessageBox*>(bench.editDialog());
    QVERIFY(box);
    QVERIFY(box->informativeText().contains(QStringLiteral("b, c")));
    box->reject();
    QTest::qWait(50);
    QCOMPARE(int(bench.runs().size()), 3);
    page->deleteButton()->click();
    box = qobject_cast<QMessageBox*>(bench.editDialog());
    QVERIFY(box);
    box->findChild<QPushButton*>(QStringLiteral("confirmDelete"))->click();
    QVERIFY(waitFor([&] { return bench.runs().size() == 1; }));
    QCOMPARE(bench.resultsModel()->rowCount(), 1);
    QVERIFY(bench.comparison().runs.empty() || bench.comparison().runs.size() == 1);
    auto store = dsw::Store::open(db.toStdString());
    QVERIFY(store.is_ok());
    QCOMPARE(QString::fromStdString((*store)->integrity_check().value()), QStringLiteral("ok"));
    const auto jobs = (*store)->list_jobs();
    QVERIFY(jobs.is_ok());
    QCOMPARE(int(jobs->size()), 1);
    QVERIFY(!jobs->at(0).bench_id.has_value());
  }
};

QTEST_MAIN(BenchmarksTest)
#include "benchmarks_test.moc"
