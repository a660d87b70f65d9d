// The dsw command line: --help and --version work with no display, bad usage exits 2 with the
// help, no display exits 3 with advice instead of Qt aborting, and parseArguments understands
// MODEL_PATH, --db, --lang, --theme, --area, --no-model and --settings (both "--x v" and "--x=v").
#include "GuiHarness.h"

#include "AppOptions.h"
#include "ModelsController.h"

#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using namespace guitest;

namespace {

struct Run {
  int code = -1;
  QString out, err;
};

Run runDsw(const QStringList& args, bool withDisplay) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.remove(QStringLiteral("DISPLAY"));
  env.remove(QStringLiteral("WAYLAND_DISPLAY"));
  if (!withDisplay) env.remove(QStringLiteral("QT_QPA_PLATFORM"));
  p.setProcessEnvironment(env);
  p.start(guiExecutable(), args);
  p.waitForFinished(30000);
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace

class CliTest : public QObject {
  Q_OBJECT
 private slots:
  void helpAndVersionNeedNoDisplay() {
    const Run help = runDsw({QStringLiteral("--help")}, false);
    QCOMPARE(help.code, 0);
    QVERIFY(help.out.contains(QStringLiteral("Usage: dsw [MODEL_PATH]")));
    QVERIFY(help.out.contains(QStringLiteral("--db PATH")));
    QVERIFY(help.out.contains(QStringLiteral("--lang en|zh_CN")));
    const Run version = runDsw({QStringLiteral("--version")}, false);
    QCOMPARE(version.code, 0);
    QVERIFY(version.out.startsWith(QStringLiteral("dsw ")));
    // Where the bundled model is (an installed dsw finds it in ../share/deepseek-workbench).
    if (!demoModel().isEmpty())
      QVERIFY2(version.out.contains(QStringLiteral("bundled demo model: ") + QFileInfo(demoModel()).canonicalFilePath()), qPrintable(version.out));
  }

  void badUsageExitsTwo() {
    const Run r = runDsw({QStringLiteral("--lang"), QStringLiteral("fr")}, false);
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(QStringLiteral("--lang must be en or zh_CN")));
    QCOMPARE(runDsw({QStringLiteral("--frobnicate")}, false).code, 2);
  }

  void noDisplayExitsWithAdvice() {
    const Run r = runDsw({}, false);
    QCOMPARE(r.code, 3);
    QVERIFY(r.err.contains(QStringLiteral("no display")));
    QVERIFY(r.err.contains(QStringLiteral("dsw-cli")));
  }

  void parsesOptions() {
    AppOptions o = parseArguments({QStringLiteral("/m/x"), QStringLiteral("--db"), QStringLiteral("/tmp/a.db"), QStringLiteral("--lang=zh_CN"),
                                   QStringLiteral("--theme"), QStringLiteral("dark"), QStringLiteral("--area=jobs"),
                                   QStringLiteral("--settings"), QStringLiteral("/tmp/s.ini")});
    QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
    QCOMPARE(o.modelPath, QStringLiteral("/m/x"));
    QCOMPARE(o.dbPath, QStringLiteral("/tmp/a.db"));
    QCOMPARE(o.language, QStringLiteral("zh_CN"));
    QCOMPARE(o.theme, QStringLiteral("dark"));
    QCOMPARE(o.area, QStringLiteral("jobs"));
    QCOMPARE(o.settingsFile, QStringLiteral("/tmp/s.ini"));
    QVERIFY(parseArguments({QStringLiteral("--no-model")}).noModel);
    QVERIFY(!parseArguments({QStringLiteral("--db")}).error.isEmpty());
    QVERIFY(!parseArguments({QStringLiteral("a"), QStringLiteral("b")}).error.isEmpty());
    QVERIFY(!parseArguments({QStringLiteral("--area=attention")}).error.isEmpty());
  }

  void modelPathOpensDirectly() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    AppOptions o = parseArguments({storiesModel(), QStringLiteral("--area"), QStringLiteral("models")});
    QVERIFY(o.error.isEmpty());
    Harness h(o);
    QVERIFY(h.waitForFirstModel());
    QCOMPARE(h.wb().models().readyModels().size(), 1);
  }
};

QTEST_MAIN(CliTest)
#include "cli_test.moc"
