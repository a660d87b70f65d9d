// AppOptions: the dsw command line.
//
//   dsw [MODEL_PATH] [--db PATH] [--lang en|zh_CN] [--theme light|dark] [--area NAME] [--no-model]
//       [--settings FILE] [--help] [--version]
//   dsw --export-report [--db PATH] (--runs ID... | --last N | --all) --out report.html|.pdf
//
// Parsed by hand before QApplication exists, so --help and --version work with no display. New
// options (e.g. --export-report) are added to the table in AppOptions.cpp and a field here.
// Threading: any (pure function).
#pragma once

#include <QString>
#include <QStringList>

struct AppOptions {
  bool showHelp = false;
  bool showVersion = false;
  QString modelPath;     // open this model at start (default: the bundled demo model)
  bool noModel = false;  // start with nothing open
  QString dbPath;        // job history database (default: <data directory>/workbench.db)
  QString language;      // overrides the saved language for this run
  QString theme;         // overrides the saved theme for this run
  QString area;          // start on this area: models, playground, jobs, settings
  QString settingsFile;  // preferences file (default: the platform's location)
  // --export-report: write a report of stored benchmark runs and exit, with no window.
  bool exportReport = false;
  QList<qint64> exportRuns;  // --runs ID... (in this order)
  qint64 exportLast = 0;     // --last N
  bool exportAll = false;    // --all
  QString exportOut;         // --out FILE (.html, .pdf; .md, .csv, .json also work)
  QString error;         // non-empty: bad usage, print it with the help
};

AppOptions parseArguments(const QStringList& arguments);  // without the program name
QString helpText();
