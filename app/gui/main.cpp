// dsw: the DeepSeek Workbench window.
//
// Parses the command line before any Qt GUI object exists (so --help works without a display),
// runs `--export-report` headless (offscreen when there is no display, before any window exists),
// refuses politely when there is no display, then builds one Workbench — the composition root that
// owns every controller, worker thread and window — and runs the event loop.
#include "AppOptions.h"
#include "DemoModel.h"
#include "HeadlessExport.h"
#include "Workbench.h"

#include "MainWindow.h"

#include <dsw/build_info.h>

#include <QApplication>
#include <QFileInfo>
#include <QFont>

#include <cstdio>

namespace {

QString versionText() {
  return QStringLiteral("%1 (%2)").arg(QString::fromUtf8(dsw::build_version().data(), qsizetype(dsw::build_version().size())),
                                       QString::fromUtf8(dsw::build_commit().data(), qsizetype(dsw::build_commit().size())));
}

bool hasDisplay() {
  if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) return true;  // offscreen, vnc, ... chosen explicitly
  return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

}  // namespace

int main(int argc, char** argv) {
  QStringList args;
  for (int i = 1; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
  const AppOptions options = parseArguments(args);
  if (!options.error.isEmpty()) {
    std::fprintf(stderr, "dsw: %s\n\n%s", qPrintable(options.error), qPrintable(helpText()));
    return 2;
  }
  if (options.showHelp) {
    std::fputs(qPrintable(helpText()), stdout);
    return 0;
  }
  if (options.showVersion) {
    // The bundled model's location too: where an installed dsw looks is worth seeing (no Qt
    // application is needed for the path).
    const QString exe = QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget();
    const QString demo = findDemoModel(exe.isEmpty() ? QString() : QFileInfo(exe).absolutePath());
    std::printf("dsw %s\nbundled demo model: %s\n", qPrintable(versionText()), demo.isEmpty() ? "not found" : qPrintable(demo));
    return 0;
  }
  if (options.exportReport) {
    if (!hasDisplay()) qputenv("QT_QPA_PLATFORM", "offscreen");  // no window is ever shown
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("dsw"));
    QApplication::setOrganizationName(QStringLiteral("DeepSeek Workbench"));
    return runExportReport(options);
  }
  if (!hasDisplay()) {
    std::fprintf(stderr,
                 "dsw: no display (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                 "     Use dsw-cli on this machine, or run dsw with QT_QPA_PLATFORM=offscreen.\n");
    return 3;
  }

  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("dsw"));
  QApplication::setOrganizationName(QStringLiteral("DeepSeek Workbench"));
  QApplication::setApplicationVersion(versionText());
  QApplication::setStyle(QStringLiteral("Fusion"));
  QFont font = QApplication::font();
  font.setPointSizeF(10);
  QApplication::setFont(font);

  Workbench::Config config{options, findDemoModel(QApplication::applicationDirPath()), versionText()};
  Workbench workbench(config);
  workbench.window()->show();
  workbench.start();
  return app.exec();
}
