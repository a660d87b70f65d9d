// GuiHarness: builds a real Workbench (the same composition root main() uses) for Qt Test GUI
// tests, isolated from the user's files: preferences and the job database live in a temporary
// folder. Helpers find the shared test data (DSW_DATA_DIR), the bundled demo model and the
// malformed-file corpus, and wait on conditions while the event loop runs.
//
// Tests run with QT_QPA_PLATFORM=offscreen (set by CTest); a test needing shared data that is
// absent calls QSKIP with the path it looked for.
#pragma once

#include "AppOptions.h"
#include "Workbench.h"

#include <QMetaObject>
#include <QSemaphore>
#include <QString>
#include <QTemporaryDir>

#include <atomic>
#include <functional>
#include <memory>

class JobRunner;

namespace guitest {

QString dataDir();          // $DSW_DATA_DIR, else the configured default
QString storiesModel();     // <data>/models/stories260K-hf, or empty when absent
QString demoModel();        // the build tree's bundled demo model, or empty
QString sourceDir();        // the repository root
QString screenshotDir();    // <build>/screenshots
QString cliExecutable();    // the dsw-cli built beside the tests
QString guiExecutable();    // the dsw built beside the tests
// <build>/test-models/coder-1.3b-random: a random-weight model of deepseek-coder-1.3b-base's
// shape (llama preset deepseek-coder-1.3b, BF16, ~2.7 GB), written by dsw-cli make-model on first
// use and kept for later runs; empty (with `error` set) when it cannot be made.
QString coderShapedModel(QString* error = nullptr);
// <build>/test-models/deepseek-v3-tiny-random: the random tiny DeepSeek-V3 (~66 MiB BF16, the real
// DeepSeek-V3 tokenizer), flagged untrained; big and slow enough that hashing and generation take
// several progress steps (the bundled trained demo model is only 11 MB). Made like coderShapedModel.
QString randomTinyV3Model(QString* error = nullptr);
// Runs dsw-cli with `args`; true on exit code 0, otherwise `output` holds what it printed.
bool runCli(const QStringList& args, QString* output = nullptr, int timeoutMs = 600000);

// Runs the event loop until `done` is true or `timeoutMs` passes; returns done().
bool waitFor(const std::function<bool()>& done, int timeoutMs = 30000);

// The look main() sets up (Fusion style, 10 pt font), so screenshots match the real app.
void applyAppLook();

// Holds the runner thread's worker (hash jobs) inside its first progress report past the start,
// until the test lets it go, so a check of "running, part done" does not depend on how fast this
// machine hashes. The slot is connected directly, after the window's own (queued) connection, so
// the window has the report when the worker stops. The destructor lets go in any case.
class RunnerGate {
 public:
  explicit RunnerGate(JobRunner* runner);
  ~RunnerGate();
  RunnerGate(const RunnerGate&) = delete;
  RunnerGate& operator=(const RunnerGate&) = delete;

  // Waits (running the event loop) until the worker is held; false on timeout.
  bool waitHeld(int timeoutMs = 30000);
  void letGo();

 private:
  QSemaphore m_held, m_resume;
  std::atomic<int> m_state{0};  // 0 armed, 1 holding the worker, 2 let go
  QMetaObject::Connection m_gate;
};

class Harness {
 public:
  // `options.settingsFile` and `options.dbPath` default to files in a fresh temporary folder;
  // `options.noModel` defaults to true unless a model is named (tests open what they need).
  explicit Harness(AppOptions options = {}, bool openDemoByDefault = false, const QString& reuseDir = {});
  ~Harness();

  Workbench& wb() { return *m_wb; }
  QString dir() const { return m_dirPath; }
  QString dbPath() const { return m_wb->databasePath(); }
  // Opens `path` and waits until it is ready; returns the model id (0 on failure or timeout).
  int openAndWait(const QString& path, int timeoutMs = 60000);
  // Waits for the model opened at start (MODEL_PATH or the demo model).
  int waitForFirstModel(int timeoutMs = 60000);

 private:
  std::unique_ptr<QTemporaryDir> m_tmp;
  QString m_dirPath;
  std::unique_ptr<Workbench> m_wb;
};

}  // namespace guitest
