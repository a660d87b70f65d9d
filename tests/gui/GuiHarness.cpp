// GuiHarness (see header).
#include "GuiHarness.h"

#include "JobRunner.h"
#include "MainWindow.h"
#include "ModelsController.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QFont>
#include <QLockFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

namespace guitest {

QString dataDir() {
  const QString env = qEnvironmentVariable("DSW_DATA_DIR");
  return env.isEmpty() ? QStringLiteral(DSW_TEST_DATA_DIR) : env;
}

QString storiesModel() {
  const QString p = QDir(dataDir()).filePath(QStringLiteral("models/stories260K-hf"));
  return QFileInfo::exists(p + QStringLiteral("/config.json")) ? p : QString();
}

QString demoModel() {
  const QString p = QStringLiteral(DSW_TEST_DEMO_MODEL_DIR);
  return QFileInfo::exists(p + QStringLiteral("/model.safetensors")) ? p : QString();
}

QString sourceDir() { return QStringLiteral(DSW_TEST_SOURCE_DIR); }
QString screenshotDir() { return QStringLiteral(DSW_TEST_SCREENSHOT_DIR); }
QString cliExecutable() { return QStringLiteral(DSW_TEST_CLI); }
QString guiExecutable() { return QStringLiteral(DSW_TEST_GUI); }

bool runCli(const QStringList& args, QString* output, int timeoutMs) {
  QProcess cli;
  cli.setProcessChannelMode(QProcess::MergedChannels);
  cli.start(cliExecutable(), args);
  const bool finished = cli.waitForFinished(timeoutMs);
  if (output) *output = QString::fromUtf8(cli.readAll());
  if (!finished) cli.kill();
  return finished && cli.exitStatus() == QProcess::NormalExit && cli.exitCode() == 0;
}

namespace {

// <build>/test-models/NAME written by `dsw-cli make-model ARGS` on first use and kept.
QString madeModel(const QString& name, const QStringList& args, QString* error) {
  const QString dir = QStringLiteral(DSW_TEST_BUILD_DIR "/test-models/") + name;
  if (QFileInfo::exists(dir + QStringLiteral("/model.safetensors"))) return dir;
  // One writer per model: tests running at once (ctest -j) wait for the first one instead of each
  // writing its own copy (the 1.3B-shaped model is 2.7 GB; two copies at once have filled a disk).
  QDir().mkpath(QFileInfo(dir).path());
  QLockFile lock(dir + QStringLiteral(".lock"));
  lock.setStaleLockTime(0);  // a holder that died (kill -9) leaves a lock whose PID is gone: taken over
  if (!lock.tryLock(15 * 60 * 1000)) {
    if (error) *error = QStringLiteral("timed out waiting for %1.lock").arg(dir);
    return {};
  }
  if (QFileInfo::exists(dir + QStringLiteral("/model.safetensors"))) return dir;
  // Written to a side folder of this process and renamed, so an interrupted run never leaves half
  // a model.
  const QString partial = dir + QStringLiteral(".partial-%1").arg(QCoreApplication::applicationPid());
  QDir(partial).removeRecursively();
  QString out;
  const bool made = runCli(QStringList{QStringLiteral("make-model")} + args + QStringList{partial}, &out);
  if (made && QDir().rename(partial, dir)) return dir;
  QDir(partial).removeRecursively();
  // Another test may have finished the same deterministic model first.
  if (made && QFileInfo::exists(dir + QStringLiteral("/model.safetensors"))) return dir;
  if (error) *error = made ? QStringLiteral("could not rename %1 to %2").arg(partial, dir) : out;
  return {};
}

}  // namespace

QString coderShapedModel(QString* error) {
  return madeModel(QStringLiteral("coder-1.3b-random"),
                   {QStringLiteral("--arch"), QStringLiteral("llama"), QStringLiteral("--preset"), QStringLiteral("deepseek-coder-1.3b"),
                    QStringLiteral("--random"), QStringLiteral("--seed"), QStringLiteral("3"), QStringLiteral("--dtype"), QStringLiteral("bf16")},
                   error);
}

QString randomTinyV3Model(QString* error) {
  return madeModel(QStringLiteral("deepseek-v3-tiny-random"),
                   {QStringLiteral("--arch"), QStringLiteral("deepseek_v3"), QStringLiteral("--preset"), QStringLiteral("tiny"),
                    QStringLiteral("--random"), QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--dtype"), QStringLiteral("bf16"),
                    QStringLiteral("--tokenizer"), sourceDir() + QStringLiteral("/tests/fixtures/tokenizers/deepseek-v3/tokenizer.json")},
                   error);
}

bool waitFor(const std::function<bool()>& done, int timeoutMs) {
  QDeadlineTimer deadline(timeoutMs);
  while (!done()) {
    if (deadline.hasExpired()) return false;
    QTest::qWait(5);
  }
  return true;
}

RunnerGate::RunnerGate(JobRunner* runner) {
  m_gate = QObject::connect(
      runner, &JobRunner::progress, runner,
      [this](int, const JobProgress& p) {
        int armed = 0;
        if (p.step > 0 && p.step < p.total && m_state.compare_exchange_strong(armed, 1)) {
          m_held.release();
          m_resume.acquire();
        }
      },
      Qt::DirectConnection);
}

RunnerGate::~RunnerGate() {
  QObject::disconnect(m_gate);
  letGo();
}

bool RunnerGate::waitHeld(int timeoutMs) {
  return waitFor([&] { return m_held.available() > 0; }, timeoutMs);
}

void RunnerGate::letGo() {
  if (m_state.exchange(2) == 1) m_resume.release();
}

void applyAppLook() {
  QApplication::setStyle(QStringLiteral("Fusion"));
  QFont font = QApplication::font();
  font.setPointSizeF(10);
  QApplication::setFont(font);
}

Harness::Harness(AppOptions options, bool openDemoByDefault, const QString& reuseDir) {
  if (reuseDir.isEmpty()) {
    m_tmp = std::make_unique<QTemporaryDir>();
    m_dirPath = m_tmp->path();
  } else {
    m_dirPath = reuseDir;
  }
  if (options.settingsFile.isEmpty()) options.settingsFile = m_dirPath + QStringLiteral("/settings.ini");
  if (options.dbPath.isEmpty()) options.dbPath = m_dirPath + QStringLiteral("/workbench.db");
  if (options.modelPath.isEmpty() && !openDemoByDefault) options.noModel = true;
  Workbench::Config config{options, demoModel(), QStringLiteral("test")};
  m_wb = std::make_unique<Workbench>(config);
  m_wb->window()->resize(1360, 860);
  m_wb->window()->show();
  m_wb->start();
}

Harness::~Harness() { m_wb.reset(); }

int Harness::openAndWait(const QString& path, int timeoutMs) {
  ModelsController& models = m_wb->models();
  QSignalSpy ready(&models, &ModelsController::modelReady);
  QSignalSpy failed(&models, &ModelsController::openFailed);
  const int id = models.openModel(path);
  if (const OpenModel* m = models.model(id); m && m->ready) return id;
  if (!waitFor([&] { return ready.count() > 0 || failed.count() > 0; }, timeoutMs)) return 0;
  return ready.count() > 0 ? ready.first().first().toInt() : 0;
}

int Harness::waitForFirstModel(int timeoutMs) {
  ModelsController& models = m_wb->models();
  if (!waitFor([&] { return !models.readyModels().isEmpty(); }, timeoutMs)) return 0;
  return models.readyModels().first()->id;
}

}  // namespace guitest
