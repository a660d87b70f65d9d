// HeadlessExport (see header).
#include "HeadlessExport.h"

#include "AppSettings.h"
#include "ReportExporter.h"

#include <dsw/store.h>

#include <QDir>
#include <QFileInfo>

#include <cstdio>

int runExportReport(const AppOptions& o) {
  auto fail = [](const QString& message) {
    std::fprintf(stderr, "dsw: %s\n", qPrintable(message));
    return 1;
  };
  const QString db = o.dbPath.isEmpty() ? QDir(AppSettings(o.settingsFile).dataDirectory()).filePath(QStringLiteral("workbench.db"))
                                        : o.dbPath;
  // A report of a file that is not there is a mistake; reading never writes or waits for writers.
  if (!QFileInfo(db).isFile()) return fail(QStringLiteral("%1: no such database (give the one dsw-cli bench wrote with --db PATH)").arg(db));
  auto store = dsw::Store::open(db.toStdString(), {.read_only = true});
  if (!store.is_ok()) return fail(QString::fromStdString(store.status().message()));
  dsw::BenchQuery query;
  for (qint64 id : o.exportRuns) query.ids.push_back(id);
  query.last = o.exportLast;
  auto rows = (*store)->list_bench(query);
  if (!rows.is_ok()) return fail(QString::fromStdString(rows.status().message()));
  if (rows->empty()) return fail(QStringLiteral("%1: no benchmark runs to report").arg(db));
  QString error;
  if (!ReportExporter::write(*rows, o.exportOut, &error)) return fail(error);
  std::printf("%s\n", qPrintable(QFileInfo(o.exportOut).absoluteFilePath()));
  return 0;
}
