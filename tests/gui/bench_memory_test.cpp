// A benchmark's peak memory is the run's own: the workbench, with another model open and a chat
// done first (so the process holds far more than the run), records within noise of what dsw-cli
// bench records for the same run — and far below the process's own peak.
#include "GuiHarness.h"

#include "BenchRunForm.h"
#include "BenchmarksController.h"
#include "BenchmarksPage.h"
#include "ModelsController.h"
#include "ModelsPage.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <cmath>

using namespace guitest;

namespace {

// VmHWM of this process, in MiB.
double processPeakMiB() {
  QFile f(QStringLiteral("/proc/self/status"));
  if (!f.open(QIODevice::ReadOnly)) return 0;
  for (const QByteArray& line : f.readAll().split('\n'))
    if (line.startsWith("VmHWM:")) return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
  return 0;
}

}  // namespace

class BenchMemoryTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void guiAndCliRecordTheSamePeakForTheSameRun() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    // The benchmarked model: stories260K (1 MB, where a process-wide figure is all overhead), or
    // the demo model when the shared data is absent.
    const QString model = storiesModel().isEmpty() ? demoModel() : storiesModel();
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("bench.db"));
    const QStringList shape = {QStringLiteral("--prompt-tokens"), QStringLiteral("64"), QStringLiteral("--gen-tokens"), QStringLiteral("16"),
                               QStringLiteral("--reps"), QStringLiteral("2"), QStringLiteral("--threads"), QStringLiteral("1")};
    QString out;
    QVERIFY2(runCli(QStringList{QStringLiteral("bench"), model} + shape +
                        QStringList{QStringLiteral("--label"), QStringLiteral("cli"), QStringLiteral("--db"), db, QStringLiteral("--no-hash"),
                                    QStringLiteral("--json")},
                    &out),
             qPrintable(out));
    const QJsonObject cliRow = QJsonDocument::fromJson(out.mid(out.indexOf(u'{')).toUtf8()).object();
    const double cli = cliRow.value(QStringLiteral("peak_host_mb")).toDouble();
    QVERIFY2(cli > 0, qPrintable(out));

    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    h.wb().models().page()->threadsBox()->setValue(1);
    // Another model open, and a chat on it: memory the process holds that is not the run's.
    const int other = h.openAndWait(model == demoModel() ? storiesModel().isEmpty() ? QString() : storiesModel() : demoModel());
    const int target = h.openAndWait(model);
    QVERIFY(target);
    if (other) {
      PlaygroundController& pg = h.wb().playground();
      pg.selectModel(other);
      pg.page()->greedyBox()->setChecked(true);
      pg.page()->maxTokensBox()->setValue(24);
      QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
      QVERIFY(pg.send(QStringLiteral("Hello")));
      QVERIFY(waitFor([&] { return finished.count() > 0; }, 120000));
    }

    BenchmarksController& bench = h.wb().benchmarks();
    BenchRunForm* form = bench.page()->form();
    QVERIFY(waitFor([&] { return form->modelBox()->findData(target) >= 0; }));
    form->modelBox()->setCurrentIndex(form->modelBox()->findData(target));
    form->promptBox()->setValue(64);
    form->genBox()->setValue(16);
    form->repsBox()->setValue(2);
    form->batchBox()->setValue(1);
    form->labelEdit()->setText(QStringLiteral("gui"));
    QSignalSpy stored(&bench, &BenchmarksController::benchmarkStored);
    QVERIFY(bench.startBenchmark());
    QVERIFY(waitFor([&] { return stored.count() > 0; }, 300000));
    QVERIFY(waitFor([&] {
      for (const auto& r : bench.runs())
        if (r.label.value_or("") == "gui") return true;
      return false;
    }));
    double gui = 0;
    for (const auto& r : bench.runs())
      if (r.label.value_or("") == "gui") gui = r.peak_host_mb.value_or(0);
    const double process = processPeakMiB();
    qInfo("peak_host_mb: gui %.2f MiB, cli %.2f MiB; this process's peak %.1f MiB", gui, cli, process);
    QVERIFY(gui > 0);
    // The same run, the same figure (within noise: allocator pages, thread stacks) ...
    QVERIFY2(std::fabs(gui - cli) <= std::max(2.0, 0.15 * cli), qPrintable(QStringLiteral("gui %1 vs cli %2").arg(gui).arg(cli)));
    // ... and not the process's, which holds Qt, the other model and the chat.
    if (model != demoModel()) QVERIFY2(gui < 0.5 * process, qPrintable(QStringLiteral("gui %1 vs process %2").arg(gui).arg(process)));
  }
};

QTEST_MAIN(BenchMemoryTest)
#include "bench_memory_test.moc"
