// ReportExporter (see header).
#include "ReportExporter.h"

#include "BarChart.h"
#include "BenchPresentation.h"
#include "SweepChart.h"

#include <dsw/build_info.h>
#include <dsw/compare.h>
#include <dsw/report.h>

#include <QBuffer>
#include <QDateTime>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>
#include <QWidget>

#include <memory>

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }
QString esc(const QString& s) { return s.toHtmlEscaped(); }
QString esc(const std::optional<std::string>& s) { return s ? q(*s).toHtmlEscaped() : QString(); }
QString num(const std::optional<int64_t>& v) { return v ? QString::number(*v) : QString(); }

constexpr int kChartWidth = 640, kChartHeight = 260;  // as shown; drawn at twice the resolution

const char* kStyle = R"(
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #1d232c; margin: 24px; font-size: 10pt; }
h1 { font-size: 18pt; margin-bottom: 4px; }
h2 { font-size: 13pt; margin-top: 22px; border-bottom: 1px solid #dde1e8; }
h3 { font-size: 11pt; margin-bottom: 4px; }
p.meta, p.note { color: #68707d; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #dde1e8; padding: 3px 8px; text-align: left; }
th { background-color: #f0f2f6; }
td.num { text-align: right; font-family: "DejaVu Sans Mono", monospace; }
td.better { background-color: #d9f2e3; color: #14663e; }
td.worse { background-color: #f9dcdc; color: #8f1f1f; }
td.same { color: #68707d; }
td.noisy { background-color: #fff5d9; color: #6e4c00; }
)";

// The PDF page (A4 landscape) is narrower than a browser window: smaller type, cells that keep
// numbers on one line.
const char* kPrintStyle = R"(
body { font-size: 8pt; margin: 0; }
h1 { font-size: 15pt; }
h2 { font-size: 11pt; }
h3 { font-size: 9pt; }
td.num { white-space: nowrap; }
)";

QString pngDataUri(const QImage& image) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  image.save(&buffer, "PNG");
  return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(bytes.toBase64());
}

QString verdictClass(dsw::Verdict v) {
  switch (v) {
    case dsw::Verdict::better: return QStringLiteral("better");
    case dsw::Verdict::worse: return QStringLiteral("worse");
    case dsw::Verdict::same: return QStringLiteral("same");
    default: return QString();
  }
}

// The comparison cell as the Markdown report words it, with the delta in front.
QString vsCell(const dsw::MetricRow& m, size_t k) {
  const QString verdict = q(std::string(dsw::verdict_name(m.verdict[k])));
  if (!m.delta[k]) return verdict;
  const double d = *m.delta[k];
  QString text = QStringLiteral("Δ %1%2").arg(d > 0 ? QStringLiteral("+") : QString(), q(dsw::format_change(d)));
  if (m.ratio[k]) text += QStringLiteral(" · x") + q(dsw::format_change(*m.ratio[k]));
  return text + QStringLiteral(" (") + verdict + u')';
}

QString runsTable(const dsw::Comparison& c) {
  auto row = [&](const QString& name, auto&& cell) {
    QString html = QStringLiteral("<tr><th>%1</th>").arg(name);
    for (size_t k = 0; k < c.runs.size(); ++k) html += QStringLiteral("<td>%1</td>").arg(cell(c.runs[k]));
    return html + QStringLiteral("</tr>\n");
  };
  QString html = QStringLiteral("<table id=\"runs\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<tr><th>run</th>");
  for (size_t k = 0; k < c.runs.size(); ++k)
    html += QStringLiteral("<th>%1%2</th>").arg(esc(q(c.labels[k])), k == 0 ? QStringLiteral(" (baseline)") : QString());
  html += QStringLiteral("</tr>\n");
  using R = const dsw::BenchRow&;
  html += row(QStringLiteral("id"), [](R r) { return num(r.id); });
  html += row(QStringLiteral("suite"), [](R r) { return esc(r.suite); });
  html += row(QStringLiteral("model"), [](R r) { return esc(r.model_path); });
  html += row(QStringLiteral("model sha256"), [](R r) { return esc(r.model_sha256); });
  html += row(QStringLiteral("architecture"), [](R r) { return esc(r.architecture); });
  html += row(QStringLiteral("parameters"), [](R r) { return num(r.params_total); });
  html += row(QStringLiteral("precision"), [](R r) { return esc(r.precision); });
  html += row(QStringLiteral("device"), [](R r) {
    return esc(r.device) + (r.device_name && !r.device_name->empty() ? QStringLiteral(" (%1)").arg(esc(r.device_name)) : QString());
  });
  html += row(QStringLiteral("threads"), [](R r) { return num(r.threads); });
  html += row(QStringLiteral("host"), [](R r) { return esc(r.host); });
  html += row(QStringLiteral("prompt / gen / batch / reps"), [](R r) {
    return QStringLiteral("%1 / %2 / %3 / %4").arg(num(r.prompt_tokens), num(r.gen_tokens), num(r.batch), num(r.reps));
  });
  html += row(QStringLiteral("commit"), [](R r) { return esc(r.build_commit); });
  html += row(QStringLiteral("created_at"), [](R r) { return esc(r.created_at); });
  html += row(QStringLiteral("noisy"), [](R r) {
    return r.noisy.value_or(0) ? QStringLiteral("<span class=\"noisy\">yes (spread over repetitions above the threshold)</span>")
                               : QStringLiteral("no");
  });
  html += row(QStringLiteral("notes"), [](R r) { return esc(r.notes); });
  return html + QStringLiteral("</table>\n");
}

// The stored values: metric, unit, better, one column per run.
QString metricsTable(const dsw::Comparison& c) {
  QString html = QStringLiteral(
      "<table id=\"metrics\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<tr><th>metric</th><th>unit</th><th>better</th>");
  for (size_t k = 0; k < c.labels.size(); ++k)
    html += QStringLiteral("<th>%1%2</th>").arg(esc(q(c.labels[k])), k == 0 ? QStringLiteral(" (baseline)") : QString());
  html += QStringLiteral("</tr>\n");
  for (const auto& m : c.metrics) {
    html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td>")
                .arg(esc(q(m.field)), esc(q(m.unit)), m.better == dsw::Better::higher ? QStringLiteral("higher") : QStringLiteral("lower"));
    for (const auto& v : m.values) html += QStringLiteral("<td class=\"num\">%1</td>").arg(v ? q(dsw::format_number(*v)) : QString());
    html += QStringLiteral("</tr>\n");
  }
  return html + QStringLiteral("</table>\n");
}

// Against the baseline: metric, then per later run its delta, ratio and verdict, coloured. A table
// of its own so that a page has room for the words (the values table is narrow).
QString comparisonTable(const dsw::Comparison& c) {
  if (c.runs.size() < 2) return QString();
  QString html = QStringLiteral("<table id=\"comparison\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<tr><th>metric</th>");
  for (size_t k = 1; k < c.labels.size(); ++k) html += QStringLiteral("<th>%1 vs %2</th>").arg(esc(q(c.labels[k])), esc(q(c.labels[0])));
  html += QStringLiteral("</tr>\n");
  for (const auto& m : c.metrics) {
    html += QStringLiteral("<tr><td>%1</td>").arg(esc(q(m.field)));
    for (size_t k = 1; k < m.values.size(); ++k) {
      const QString cls = verdictClass(m.verdict[k]);
      const QString bg = cls == u"better" ? QStringLiteral(" bgcolor=\"#d9f2e3\"") : cls == u"worse" ? QStringLiteral(" bgcolor=\"#f9dcdc\"") : QString();
      html += QStringLiteral("<td class=\"%1\"%2>%3</td>").arg(cls, bg, esc(vsCell(m, k)));
    }
    html += QStringLiteral("</tr>\n");
  }
  return html + QStringLiteral("</table>\n");
}

}  // namespace

bool ReportExporter::isSupported(const QString& path) {
  const QString ext = QFileInfo(path).suffix().toLower();
  return QStringList{"html", "htm", "pdf", "md", "markdown", "csv", "json"}.contains(ext);
}

QString ReportExporter::html(const BenchRows& runs, QHash<QString, QImage>* images, const dsw::CompareOptions& options,
                            const QVector<ReportView>& views) {
  const dsw::Comparison c = dsw::compare_runs(runs, options);
  const QString style = QLatin1String(kStyle) + (images ? QLatin1String(kPrintStyle) : QLatin1String());
  QString out = QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Benchmark report</title>\n<style>%1</style></head>\n<body>\n")
                    .arg(style);
  out += QStringLiteral("<h1>Benchmark report</h1>\n<p class=\"meta\">DeepSeek Workbench %1 (%2) · %3 · %4 run(s) · baseline: %5</p>\n")
             .arg(q(std::string(dsw::build_version())), q(std::string(dsw::build_commit())),
                  QDateTime::currentDateTimeUtc().toString(Qt::ISODate), QString::number(c.runs.size()),
                  c.labels.empty() ? QString() : esc(q(c.labels[0])));
  out += QStringLiteral("<h2>Runs</h2>\n") + runsTable(c);
  out += QStringLiteral("<h2>Metrics</h2>\n") + metricsTable(c);
  out += QStringLiteral("<h2>Against the baseline</h2>\n") + comparisonTable(c);
  if (c.any_differences()) {
    out += QStringLiteral("<h3>Settings that differ from the baseline</h3>\n<ul id=\"differences\">\n");
    for (size_t k = 1; k < c.runs.size(); ++k)
      if (!c.differences[k].empty())
        out += QStringLiteral("<li>%1: %2</li>\n").arg(esc(q(c.labels[k])), esc(q(dsw::describe_differences(c.differences[k]))));
    out += QStringLiteral("</ul>\n<p class=\"note\">%1</p>\n")
               .arg(c.verdicts_across_settings ? QStringLiteral("Verdicts are given across these differences, as asked for.")
                                               : QStringLiteral("No better/worse verdict is given for the metrics these settings affect "
                                                                "(\"settings differ\")."));
  }
  out += QStringLiteral(
      "<p class=\"note\">Ratios and deltas are against the baseline (the first run). A difference within the measured noise "
      "(spread over repetitions, or twice the decode coefficient of variation for timings, at least 1%) is reported as no "
      "significant difference. A noisy run's spread over repetitions exceeded the noise threshold.</p>\n");

  // Charts: one bar chart per metric, and the sweep lines when the runs include a sweep.
  QWidget host;
  host.resize(kChartWidth, kChartHeight);
  int n = 0;
  auto embed = [&](ChartAdapter& chart, const QString& title) {
    const QImage sharp = chart.renderImage(kChartWidth, kChartHeight, 2.0);
    // On paper two charts fill a page; a new page before every other one keeps each title with
    // its chart.
    const QString pageBreak = images && n % 2 == 0 ? QStringLiteral(" style=\"page-break-before: always\"") : QString();
    QString src;
    if (images) {
      src = QStringLiteral("chart-%1.png").arg(++n);
      images->insert(src, sharp);
    } else {
      src = pngDataUri(sharp);
    }
    out += QStringLiteral("<h3%5>%1</h3>\n<p><img src=\"%2\" width=\"%3\" height=\"%4\" alt=\"%1\"></p>\n")
               .arg(esc(title), src)
               .arg(images ? kChartWidth * 4 / 5 : kChartWidth)  // two to a landscape page
               .arg(images ? kChartHeight * 4 / 5 : kChartHeight)
               .arg(pageBreak);
  };
  out += QStringLiteral("<h2>Charts</h2>\n");
  BarChart bars(&host);
  for (const auto& m : c.metrics) {
    bars.setBars(BenchPresentation::bars(c, m.field), q(m.unit.empty() ? m.field : m.field + " (" + m.unit + ")"));
    embed(bars, q(m.field) + (m.better == dsw::Better::higher ? QStringLiteral(" (higher is better)") : QStringLiteral(" (lower is better)")));
  }
  SweepChart sweep(&host);
  for (const char* metric : {"decode_tps", "prefill_tps"}) {
    QString parameter;
    const auto series = BenchPresentation::sweepSeries(runs, metric, &parameter);
    if (series.isEmpty()) continue;
    sweep.setSeries(series, parameter == u"batch" ? QStringLiteral("batch size") : QStringLiteral("prompt tokens"),
                    QStringLiteral("%1 (tokens/s)").arg(QLatin1String(metric)));
    embed(sweep, QStringLiteral("Sweep: %1 over %2").arg(QLatin1String(metric), parameter));
  }
  if (!views.isEmpty()) {
    out += QStringLiteral("<h2>Views</h2>\n");
    for (const ReportView& v : views) {
      const int w = v.image.width() / 2, h = v.image.height() / 2;  // drawn at twice the shown size
      QString src;
      if (images) {
        src = QStringLiteral("view-%1.png").arg(images->size() + 1);
        images->insert(src, v.image);
      } else {
        src = pngDataUri(v.image);
      }
      out += QStringLiteral("<h3>%1</h3>\n<p class=\"note\">%2</p>\n<p><img src=\"%3\" width=\"%4\" height=\"%5\" alt=\"%1\"></p>\n")
                 .arg(esc(v.title), esc(v.caption), src)
                 .arg(images ? w * 4 / 5 : w)
                 .arg(images ? h * 4 / 5 : h);
    }
  }
  return out + QStringLiteral("</body></html>\n");
}

bool ReportExporter::write(const BenchRows& runs, const QString& path, QString* error, const dsw::CompareOptions& options,
                           const QVector<ReportView>& views) {
  auto failWith = [&](const QString& message) {
    if (error) *error = message;
    return false;
  };
  if (runs.empty()) return failWith(tr("%1: there are no benchmark runs to report.").arg(path));
  const QString ext = QFileInfo(path).suffix().toLower();
  if (ext == u"md" || ext == u"markdown" || ext == u"csv" || ext == u"json") {
    const dsw::Status s = dsw::write_report(dsw::compare_runs(runs, options), path.toStdString());
    return s.is_ok() ? true : failWith(q(s.message()));
  }
  if (ext == u"pdf") return writePdf(runs, path, error, options, views);
  if (ext != u"html" && ext != u"htm")
    return failWith(tr("%1: unknown report format (use .html, .pdf, .md, .csv or .json).").arg(path));
  QSaveFile file(path);  // a temporary file renamed on commit
  if (!file.open(QIODevice::WriteOnly)) return failWith(tr("%1: cannot write: %2").arg(path, file.errorString()));
  file.write(html(runs, nullptr, options, views).toUtf8());
  if (!file.commit()) return failWith(tr("%1: cannot write: %2").arg(path, file.errorString()));
  return true;
}

bool ReportExporter::writePdf(const BenchRows& runs, const QString& path, QString* error, const dsw::CompareOptions& options,
                              const QVector<ReportView>& views) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    if (error) *error = tr("%1: cannot write: %2").arg(path, file.errorString());
    return false;
  }
  QHash<QString, QImage> images;
  const QString page = html(runs, &images, options, views);
  {
    QPdfWriter writer(&file);
    writer.setTitle(QStringLiteral("Benchmark report"));
    writer.setCreator(QStringLiteral("DeepSeek Workbench"));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageOrientation(QPageLayout::Landscape);  // room for one column per run
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout::Millimeter);
    writer.setResolution(96);  // lay the page out in screen pixels, like the HTML
    QTextDocument doc;
    for (auto it = images.cbegin(); it != images.cend(); ++it) doc.addResource(QTextDocument::ImageResource, QUrl(it.key()), it.value());
    doc.setHtml(page);
    doc.print(&writer);
  }  // the writer finishes the PDF when destroyed
  if (!file.commit()) {
    if (error) *error = tr("%1: cannot write: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}
