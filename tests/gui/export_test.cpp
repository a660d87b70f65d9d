// Reports of stored benchmark runs: `dsw --export-report` (run with no display at all, so it must
// choose the offscreen platform itself) writes HTML and PDF, `dsw-cli report` writes Markdown.
// The HTML and Markdown metric tables are parsed back and every number must equal the stored
// value as printed with 6 significant digits; the HTML embeds its charts as PNG data; the PDF is a
// complete PDF file and, where poppler's pdftoppm is installed, renders to a PNG. Bad requests
// (unknown extension, missing database, unknown run ids, no runs) fail with a message and a
// non-zero exit code. The runs are real dsw-cli runs on stories260K and the deepseek-coder-shaped
// random model when available, plus synthetic rows (one noisy, one sweep).
#include "GuiHarness.h"

#include <dsw/report.h>
#include <dsw/store.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QTextDocument>

#include <cmath>

using namespace guitest;

namespace {

struct Run {
  int exitCode = -1;
  QString out, err;
};

// dsw with no display: DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM removed from its environment.
Run runDsw(const QStringList& args) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(QLatin1String(v));
  p.setProcessEnvironment(env);
  p.start(guiExecutable(), args);
  Run r;
  if (!p.waitForFinished(180000)) return r;
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}

QString plain(const QString& html) {
  QTextDocument d;
  d.setHtml(html);
  return d.toPlainText().trimmed();
}

// Rows of the HTML table with this id, each a list of cell texts.
QList<QStringList> htmlTable(const QString& html, const QString& id) {
  QList<QStringList> rows;
  const qsizetype start = html.indexOf(QStringLiteral("<table id=\"%1\"").arg(id));
  if (start < 0) return rows;
  const QString table = html.mid(start, html.indexOf(QStringLiteral("</table>"), start) - start);
  static const QRegularExpression tr(QStringLiteral("<tr>(.*?)</tr>"), QRegularExpression::DotMatchesEverythingOption);
  static const QRegularExpression cell(QStringLiteral("<t[dh][^>]*>(.*?)</t[dh]>"), QRegularExpression::DotMatchesEverythingOption);
  for (auto m = tr.globalMatch(table); m.hasNext();) {
    QStringList cells;
    const QString row = m.next().captured(1);
    for (auto c = cell.globalMatch(row); c.hasNext();) cells << plain(c.next().captured(1));
    rows << cells;
  }
  return rows;
}

// Rows of the Markdown table under "## Metrics" (header and separator left out).
QList<QStringList> markdownMetrics(const QString& md) {
  QList<QStringList> rows;
  const QStringList lines = md.mid(md.indexOf(QStringLiteral("## Metrics"))).split(u'\n');
  for (const QString& line : lines) {
    if (!line.startsWith(QStringLiteral("| ")) || line.startsWith(QStringLiteral("| metric"))) continue;
    QStringList cells = line.mid(1, line.size() - 2).split(u'|');
    for (QString& c : cells) c = c.trimmed();
    rows << cells;
  }
  return rows;
}

std::optional<double> number(const dsw::BenchRow& r, const QString& field) {
  const auto i = dsw::field_index(field.toStdString());
  if (!i) return std::nullopt;
  const dsw::FieldValue v = dsw::get_field(r, *i);
  if (std::holds_alternative<double>(v)) return std::get<double>(v);
  if (std::holds_alternative<int64_t>(v)) return double(std::get<int64_t>(v));
  return std::nullopt;
}

// Every metric row's value cells (after metric, unit, better) equal the stored values as printed.
void checkMetricRows(const QList<QStringList>& rows, const std::vector<dsw::BenchRow>& stored, const dsw::Comparison& c, const char* what) {
  QCOMPARE(int(rows.size()), int(c.metrics.size()));
  int checked = 0;
  for (const QStringList& cells : rows) {
    QVERIFY2(cells.size() >= 3 + int(stored.size()), qPrintable(cells.join(u'|')));
    for (size_t k = 0; k < stored.size(); ++k) {
      const auto v = number(stored[k], cells[0]);
      const QString expected = v ? QString::fromStdString(dsw::format_number(*v)) : QString();
      QVERIFY2(cells[int(3 + k)] == expected,
               qPrintable(QStringLiteral("%1: %2 run %3: '%4' != stored '%5'").arg(QLatin1String(what), cells[0]).arg(k).arg(cells[int(3 + k)], expected)));
      if (v) {  // and the printed number reads back to the stored value at that precision
        const double back = cells[int(3 + k)].toDouble();
        QVERIFY(std::fabs(back - *v) <= 1e-5 * std::max(1.0, std::fabs(*v)));
        ++checked;
      }
    }
  }
  QVERIFY(checked > 10);
}

dsw::BenchRow synthetic(const std::string& label, double decode, int noisy, const std::string& notes = {}) {
  dsw::BenchRow r;
  r.created_at = "2026-02-03T04:05:06Z";
  r.suite = notes.empty() ? "speed" : "sweep";
  r.label = label;
  r.model_path = "/models/" + label;
  r.model_sha256 = "ab12cd34";
  r.device = "cpu";
  r.prompt_tokens = 32;
  r.gen_tokens = 8;
  r.batch = 1;
  r.reps = 3;
  r.decode_tps = decode;
  r.decode_tps_spread = decode * 0.02;
  r.prefill_tps = decode * 9.87654321;
  r.decode_cv = noisy ? 0.2 : 0.01;
  r.ttft_ms = 1234.56789;
  r.latency_p50_ms = 1000.0 / decode;
  r.peak_host_mb = 321.123456789;
  r.perplexity = 7.123456789;
  r.noisy = noisy;
  if (!notes.empty()) r.notes = notes;
  return r;
}

}  // namespace

class ExportTest : public QObject {
  Q_OBJECT
 private slots:
  void reportsCarryTheStoredNumbers() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("runs.db"));
    QString out;
    const QStringList tiny = {QStringLiteral("--prompt-tokens"), QStringLiteral("16"), QStringLiteral("--gen-tokens"), QStringLiteral("4"),
                              QStringLiteral("--reps"), QStringLiteral("2"), QStringLiteral("--db"), db};
    if (!storiesModel().isEmpty())
      QVERIFY2(runCli(QStringList{QStringLiteral("bench"), storiesModel(), QStringLiteral("--label"), QStringLiteral("stories")} + tiny, &out),
               qPrintable(out));
    if (!storiesModel().isEmpty()) {
      const QString coder = coderShapedModel(&out);
      QVERIFY2(!coder.isEmpty(), qPrintable(out));
      QVERIFY2(runCli(QStringList{QStringLiteral("bench"), coder, QStringLiteral("--label"), QStringLiteral("coder")} + tiny, &out), qPrintable(out));
    }
    {
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY(store.is_ok());
      for (const auto& r : {synthetic("synthetic", 123.456789, 0), synthetic("noisy", 98.7654321, 1), synthetic("sweep", 55.5, 0, "batch=2")})
        QVERIFY((*store)->insert_bench(r).is_ok());
    }
    auto store = dsw::Store::open(db.toStdString());
    QVERIFY(store.is_ok());
    auto stored = (*store)->list_bench({});
    QVERIFY(stored.is_ok());
    const dsw::Comparison c = dsw::compare_runs(*stored);

    const QString html = dir.filePath(QStringLiteral("report.html")), pdf = dir.filePath(QStringLiteral("report.pdf")),
                  md = dir.filePath(QStringLiteral("report.md"));
    Run r = runDsw({QStringLiteral("--export-report"), QStringLiteral("--db"), db, QStringLiteral("--all"), QStringLiteral("--out"), html});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("report.html")));
    r = runDsw({QStringLiteral("--export-report"), QStringLiteral("--db"), db, QStringLiteral("--all"), QStringLiteral("--out"), pdf});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(runCli({QStringLiteral("report"), QStringLiteral("--db"), db, QStringLiteral("--all"), QStringLiteral("--out"), md}, &out), qPrintable(out));

    // HTML: self-contained, metric values equal the stored ones, run ids and noisy flags listed.
    QFile hf(html);
    QVERIFY(hf.open(QIODevice::ReadOnly));
    const QString page = QString::fromUtf8(hf.readAll());
    QVERIFY(!page.contains(QStringLiteral("src=\"http")));
    checkMetricRows(htmlTable(page, QStringLiteral("metrics")).mid(1), *stored, c, "HTML");
    const auto runsRows = htmlTable(page, QStringLiteral("runs"));
    QVERIFY(!runsRows.isEmpty());
    for (const QStringList& row : runsRows) {
      if (row.value(0) == u"id")
        for (size_t k = 0; k < stored->size(); ++k) QCOMPARE(row.value(int(k + 1)), QString::number((*stored)[k].id.value_or(0)));
      if (row.value(0) == u"noisy")
        for (size_t k = 0; k < stored->size(); ++k) QCOMPARE(row.value(int(k + 1)).startsWith(u"yes"), (*stored)[k].noisy.value_or(0) != 0);
    }
    QVERIFY(page.contains(QStringLiteral("no significant difference")) || page.contains(QStringLiteral("(better)")));
    static const QRegularExpression png(QStringLiteral("data:image/png;base64,([A-Za-z0-9+/=]+)"));
    int charts = 0;
    for (auto m = png.globalMatch(page); m.hasNext(); ++charts) {
      const QImage chart = QImage::fromData(QByteArray::fromBase64(m.next().captured(1).toLatin1()), "PNG");
      QVERIFY(!chart.isNull() && chart.width() > 100);
    }
    QVERIFY2(charts >= int(c.metrics.size()) + 1, qPrintable(QString::number(charts)));  // bars per metric + the sweep

    // Markdown from dsw-cli report: the same numbers.
    QFile mf(md);
    QVERIFY(mf.open(QIODevice::ReadOnly));
    checkMetricRows(markdownMetrics(QString::fromUtf8(mf.readAll())), *stored, c, "Markdown");

    // PDF: a complete file that renders.
    QFile pf(pdf);
    QVERIFY(pf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pf.readAll();
    QVERIFY(bytes.startsWith("%PDF"));
    QVERIFY(bytes.trimmed().endsWith("%%EOF"));
    QVERIFY(bytes.size() > 10000);  // text and chart images
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    if (pdftoppm.isEmpty()) QSKIP("pdftoppm (poppler-utils) is not installed: the PDF was checked structurally but not rendered");
    QProcess render;
    render.start(pdftoppm, {QStringLiteral("-png"), QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"),
                            QStringLiteral("-r"), QStringLiteral("50"), pdf, dir.filePath(QStringLiteral("page"))});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 0);
    QStringList pages = QDir(dir.path()).entryList({QStringLiteral("page*.png")});
    QCOMPARE(pages.size(), 1);
    const QImage first(dir.filePath(pages.first()));
    QVERIFY(!first.isNull() && first.width() > 100 && first.height() > 100);
  }

  void badRequestsFailClearly() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("one.db"));
    {
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY(store.is_ok());
    }
    const QString out = dir.filePath(QStringLiteral("x.html"));
    Run r = runDsw({QStringLiteral("--export-report"), QStringLiteral("--db"), db, QStringLiteral("--all"), QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 1);  // no runs
    QVERIFY2(r.err.contains(QStringLiteral("no benchmark runs")), qPrintable(r.err));
    {
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY((*store)->insert_bench(synthetic("only", 10, 0)).is_ok());
    }
    r = runDsw({QStringLiteral("--export-report"), QStringLiteral("--db"), db, QStringLiteral("--runs"), QStringLiteral("999"), QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("999")), qPrintable(r.err));
    r = runDsw({QStringLiteral("--export-report"), QStringLiteral("--db"), dir.filePath(QStringLiteral("missing.db")), QStringLiteral("--all"),
             QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("no such database")), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("missing.db"))));
    r = runDsw({QStringLiteral("--export-report"), QStringLiteral("--db"), db, QStringLiteral("--all"), QStringLiteral("--out"), dir.filePath(QStringLiteral("x.txt"))});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QStringLiteral("unknown report format")), qPrintable(r.err));
    r = runDsw({QStringLiteral("--export-report"), QStringLiteral("--db"), db, QStringLiteral("--runs"), QStringLiteral("abc"), QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 2);
    r = runDsw({QStringLiteral("--export-report"), QStringLiteral("--db"), db, QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 2);  // no selector
    QVERIFY(!QFileInfo::exists(out));
    // --last 1 works and nothing is left but the report.
    r = runDsw({QStringLiteral("--export-report"), QStringLiteral("--db"), db, QStringLiteral("--last"), QStringLiteral("1"), QStringLiteral("--out"), out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QFileInfo(out).size() > 0);
  }
};

QTEST_MAIN(ExportTest)
#include "export_test.moc"
