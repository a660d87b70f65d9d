// HeadlessExport: `dsw --export-report` — reads the chosen benchmark runs from the store and
// writes them with ReportExporter, without opening a window.
//
// main() calls it after creating the QApplication (QCustomPlot needs one; with no display main()
// picks the offscreen platform first). It prints the written path on stdout and returns 0, or
// prints why it could not (no database at that path, unknown run ids, no runs, a write error)
// on stderr and returns 1. Threading: GUI thread, blocking (there is no event loop to keep alive).
#pragma once

#include "AppOptions.h"

int runExportReport(const AppOptions& options);
