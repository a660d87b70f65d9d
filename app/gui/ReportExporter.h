// ReportExporter: writes a comparison of benchmark runs as a report file — a self-contained HTML
// page (inline CSS, charts as embedded PNG data URIs), a PDF of the same page, or, through the
// engine's dsw::write_report, Markdown, CSV or JSON. The format follows the file's extension.
//
// The first run is the baseline; deltas, ratios and verdicts are dsw::compare_runs's, and every
// number is printed with dsw::format_number, exactly as the Markdown report prints it, so a
// reader (or a test) finds the stored values in any of the formats. Charts are QCustomPlot
// renderings (BarChart per metric, SweepChart when the runs include a sweep) drawn into images
// without a window, so this works on the offscreen platform (dsw --export-report). Files are
// written to a temporary file and renamed: a failed export never leaves half a report.
//
// Threading: GUI thread (QCustomPlot is a QWidget); a QApplication must exist.
#pragma once

#include "BenchTypes.h"
#include "ReportView.h"

#include <dsw/compare.h>

#include <QCoreApplication>
#include <QHash>
#include <QImage>
#include <QString>

class ReportExporter {
  Q_DECLARE_TR_FUNCTIONS(ReportExporter)
 public:
  // True for the extensions write() understands (.html/.htm, .pdf, .md/.markdown, .csv, .json).
  static bool isSupported(const QString& path);
  // Writes the report; false with a message naming the file on failure.
  // `options`: whether verdicts are given across runs whose settings differ (as the view shows).
  // `views` (charts from other areas, e.g. Inspect) follow the charts in HTML and PDF reports.
  static bool write(const BenchRows& runs, const QString& path, QString* error, const dsw::CompareOptions& options = {},
                    const QVector<ReportView>& views = {});

  // The HTML page. With `images` given, charts are referenced by name ("chart-N.png") and the
  // images are returned there (for QTextDocument resources); otherwise they are embedded.
  static QString html(const BenchRows& runs, QHash<QString, QImage>* images = nullptr, const dsw::CompareOptions& options = {},
                      const QVector<ReportView>& views = {});

 private:
  static bool writePdf(const BenchRows& runs, const QString& path, QString* error, const dsw::CompareOptions& options,
                       const QVector<ReportView>& views);
};
