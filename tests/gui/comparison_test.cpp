// Comparison and chart views with synthetic runs: three speed runs (one faster, one whose
// difference is within its noise) and a batch sweep of two labels are written to a temporary
// store; the real window lists them, and comparing them gives the deltas, ratios and verdicts
// dsw::compare_runs computes — "no significant difference" below the noise, better/worse coloured —
// a bar chart with one bar per run (values and noise error bars) and sweep lines whose points are
// the swept values. Widgets are also checked on their own with plain data.
#include "GuiHarness.h"

#include "BarChart.h"
#include "BenchPresentation.h"
#include "BenchTableModel.h"
#include "BenchmarksController.h"
#include "BenchmarksPage.h"
#include "ComparisonPanel.h"
#include "ComparisonTableModel.h"
#include "FilterableTableView.h"
#include "Format.h"
#include "MainWindow.h"
#include "SweepChart.h"

#include <dsw/report.h>
#include <dsw/store.h>

#include <QBrush>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace guitest;

namespace {

dsw::BenchRow speedRow(const std::string& label, double decode, double decodeSpread, double prefill, double ttft, double peak) {
  dsw::BenchRow r;
  r.created_at = "2026-01-02T03:04:05Z";
  r.suite = "speed";
  r.label = label;
  r.model_path = "/models/synthetic-" + label;
  r.architecture = "llama";
  r.precision = "bf16";
  r.device = "cpu";
  r.threads = 4;
  r.prompt_tokens = 64;
  r.gen_tokens = 16;
  r.batch = 1;
  r.reps = 3;
  r.decode_tps = decode;
  r.decode_tps_spread = decodeSpread;
  r.prefill_tps = prefill;
  r.prefill_tps_spread = 20;
  r.decode_cv = 0.01;
  r.ttft_ms = ttft;
  r.peak_host_mb = peak;
  r.noisy = 0;
  return r;
}

dsw::BenchRow sweepRow(const std::string& label, int batch, double decode) {
  dsw::BenchRow r = speedRow(label, decode, 1, 900 + batch, 30, 400);
  r.suite = "sweep";
  r.batch = batch;
  r.notes = "batch=" + std::to_string(batch);
  return r;
}

QString fmt(double v) { return QString::fromStdString(dsw::format_number(v)); }
QString change(double v) { return QString::fromStdString(dsw::format_change(v)); }

}  // namespace

class ComparisonTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void widgetsShowPlainData() {
    QWidget host;
    BarChart bars(&host);
    bars.setBars({{QStringLiteral("a"), 10, 1, BarChart::Tone::Neutral},
                  {QStringLiteral("b"), 12.5, 0.5, BarChart::Tone::Better},
                  {QStringLiteral("c"), 7, 0, BarChart::Tone::Worse}},
                 QStringLiteral("tok/s"));
    QCOMPARE(bars.barCount(), 3);
    QCOMPARE(bars.barValues(), (QVector<double>{10, 12.5, 7}));
    QCOMPARE(bars.errorValues(), (QVector<double>{1, 0.5, 0}));
    QVERIFY(!bars.renderImage(400, 200).isNull());

    SweepChart sweep(&host);
    sweep.setSeries({{QStringLiteral("x"), {{4, 3}, {1, 1}, {2, 2}}}}, QStringLiteral("batch"), QStringLiteral("tok/s"));
    QCOMPARE(sweep.seriesCount(), 1);
    QCOMPARE(sweep.seriesPoints(0), (QVector<QPointF>{{1, 1}, {2, 2}, {4, 3}}));

    BenchTableModel table;
    table.setColumns({{QStringLiteral("id"), QStringLiteral("ID"), true}, {QStringLiteral("noisy"), QStringLiteral("Noisy"), false}});
    table.setRuns({{7, true, {qint64(7), QVariant()}}, {8, false, {qint64(8), QVariant()}}});
    QCOMPARE(table.index(0, 1).data().toString(), QStringLiteral("noisy"));
    QVERIFY(table.index(0, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY(!table.index(1, 0).data(Qt::BackgroundRole).isValid());
  }

  // Time rows read in the unit their largest value fits, every cell of the row alike (a token
  // latency of 0.06702 ms is 67.02 µs; a load of 0.0008064 s is 806.4 µs); other units stay.
  void timeRowsReadInTheUnitThatFits() {
    auto row = [](const char* unit, std::vector<std::optional<double>> values) {
      dsw::MetricRow m;
      m.field = "latency_p50_ms";
      m.unit = unit;
      m.better = dsw::Better::lower;
      m.values = values;
      m.delta = {std::nullopt, *values[1] - *values[0]};
      m.ratio = {std::nullopt, *values[1] / *values[0]};
      m.verdict = {dsw::Verdict::baseline, dsw::Verdict::worse};
      m.noise = {0.001, 0.001};
      return m;
    };
    const auto micro = BenchPresentation::rowUnit(row("ms", {0.06702, 0.1329}));
    QCOMPARE(micro.unit, QStringLiteral("µs"));
    QCOMPARE(micro.scale, 1000.0);
    QCOMPARE(BenchPresentation::comparisonCellText(row("ms", {0.06702, 0.1329}), 1),
             QStringLiteral("Δ %1 · ×%2 · worse").arg(Format::change(65.88), Format::number(0.1329 / 0.06702, 3)));
    QCOMPARE(BenchPresentation::rowUnit(row("s", {0.0008064, 0.001371})).unit, QStringLiteral("ms"));
    QCOMPARE(BenchPresentation::rowUnit(row("s", {0.0008064, 0.0009})).unit, QStringLiteral("µs"));
    QCOMPARE(BenchPresentation::rowUnit(row("ms", {262, 301})).unit, QStringLiteral("ms"));
    QCOMPARE(BenchPresentation::rowUnit(row("ms", {262, 1500})).unit, QStringLiteral("s"));
    QCOMPARE(BenchPresentation::rowUnit(row("tokens/s", {0.5, 53184})).unit, QStringLiteral("tokens/s"));
    QCOMPARE(BenchPresentation::rowUnit(row("tokens/s", {0.5, 53184})).scale, 1.0);
    dsw::Comparison c;
    c.runs.resize(2);
    c.labels = {"a", "b"};
    c.differences.resize(2);
    c.metrics = {row("ms", {0.06702, 0.1329})};
    const auto t = BenchPresentation::comparisonTable(c);
    QCOMPARE(t.rows.size(), 1);
    QCOMPARE(t.rows[0].unit, QStringLiteral("µs"));
    QCOMPARE(t.rows[0].cells[0].text, Format::number(67.02));
    QCOMPARE(t.rows[0].cells[1].text, Format::number(132.9));
  }

  void comparesSyntheticRuns() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("synthetic.db"));
    std::vector<int64_t> ids;
    {
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY(store.is_ok());
      dsw::BenchRow noisy = speedRow("noisy", 101, 8, 800, 50, 500);
      noisy.noisy = 1;
      for (const auto& r : {speedRow("base", 100, 2, 1000, 50, 500), speedRow("fast", 130, 2, 1005, 40, 520), noisy,
                            sweepRow("base", 1, 100), sweepRow("base", 2, 180), sweepRow("base", 4, 300), sweepRow("fast", 1, 130),
                            sweepRow("fast", 2, 240)}) {
        auto id = (*store)->insert_bench(r);
        QVERIFY(id.is_ok());
        ids.push_back(*id);
      }
    }
    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    BenchmarksController& bench = h.wb().benchmarks();
    QVERIFY(waitFor([&] { return bench.runs().size() == ids.size(); }));
    QCOMPARE(bench.resultsModel()->rowCount(), int(ids.size()));
    // The noisy run is marked in the list.
    const int noisyRow = bench.resultsModel()->rowOfRun(ids[2]);
    const int noisyColumn = bench.resultsModel()->columnOf(QStringLiteral("noisy"));
    QCOMPARE(bench.resultsModel()->index(noisyRow, noisyColumn).data().toString(), BenchPresentation::noisyText());
    // The filter finds runs by label.
    h.wb().window()->showArea(QStringLiteral("benchmarks"));
    bench.page()->resultsView()->setFilterText(QStringLiteral("fast"));
    QCOMPARE(bench.page()->resultsView()->visibleRowCount(), 3);
    bench.page()->resultsView()->setFilterText(QString());

    bench.compareRuns({ids[0], ids[1], ids[2]});
    const dsw::Comparison& c = bench.comparison();
    QCOMPARE(int(c.runs.size()), 3);
    QCOMPARE(c.runs[0].id.value_or(0), ids[0]);
    ComparisonTableModel* m = bench.comparisonModel();
    // Columns: metric, unit, base, fast, fast vs, noisy, noisy vs.
    QCOMPARE(m->columnCount(), 7);
    auto cell = [&](const QString& metric, int column) { return m->index(m->rowOfMetric(metric), column); };
    auto tone = [&](const QString& metric, int column) { return ComparisonTableModel::Tone(cell(metric, column).data(ComparisonTableModel::ToneRole).toInt()); };
    QVERIFY(m->rowOfMetric(QStringLiteral("decode_tps")) >= 0);
    QCOMPARE(cell(QStringLiteral("decode_tps"), 2).data().toString(), fmt(100));
    QCOMPARE(cell(QStringLiteral("decode_tps"), 3).data().toString(), fmt(130));
    QCOMPARE(cell(QStringLiteral("decode_tps"), 4).data().toString(), QStringLiteral("Δ +%1 · ×%2 · better").arg(change(30), change(1.3)));
    QCOMPARE(tone(QStringLiteral("decode_tps"), 4), ComparisonTableModel::Tone::Better);
    // +1 tok/s against a spread of 8: within the noise.
    QCOMPARE(cell(QStringLiteral("decode_tps"), 6).data().toString(),
             QStringLiteral("Δ +%1 · ×%2 · no significant difference").arg(change(1), change(1.01)));
    QCOMPARE(tone(QStringLiteral("decode_tps"), 6), ComparisonTableModel::Tone::Neutral);
    QVERIFY(!cell(QStringLiteral("decode_tps"), 6).data(Qt::BackgroundRole).isValid());
    // Prefill: +5 within a spread of 20 is no difference; -200 is worse.
    QVERIFY(cell(QStringLiteral("prefill_tps"), 4).data().toString().endsWith(QStringLiteral("no significant difference")));
    QCOMPARE(cell(QStringLiteral("prefill_tps"), 6).data().toString(), QStringLiteral("Δ %1 · ×%2 · worse").arg(change(-200), change(0.8)));
    QCOMPARE(tone(QStringLiteral("prefill_tps"), 6), ComparisonTableModel::Tone::Worse);
    // Lower is better for time to first token.
    QCOMPARE(tone(QStringLiteral("ttft_ms"), 4), ComparisonTableModel::Tone::Better);
    QCOMPARE(tone(QStringLiteral("peak_host_mb"), 4), ComparisonTableModel::Tone::Worse);
    const QColor better = cell(QStringLiteral("decode_tps"), 4).data(Qt::BackgroundRole).value<QBrush>().color();
    const QColor worse = cell(QStringLiteral("prefill_tps"), 6).data(Qt::BackgroundRole).value<QBrush>().color();
    QVERIFY(better.isValid() && worse.isValid() && better != worse);
    QVERIFY(better.green() > better.red());
    QVERIFY(worse.red() > worse.green());
    // Every delta and ratio shown is compare_runs's.
    for (const auto& metric : c.metrics)
      for (size_t k = 1; k < c.runs.size(); ++k)
        QCOMPARE(cell(QString::fromStdString(metric.field), int(2 + 2 * k)).data().toString(), BenchPresentation::comparisonCellText(metric, k));

    // Bar chart: one bar per run with its value and noise.
    ComparisonPanel* panel = bench.page()->comparison();
    bench.setMetric(QStringLiteral("decode_tps"));
    QCOMPARE(panel->metricBox()->currentData().toString(), QStringLiteral("decode_tps"));
    QCOMPARE(panel->barChart()->barCount(), 3);
    QCOMPARE(panel->barChart()->barValues(), (QVector<double>{100, 130, 101}));
    const auto& decode = c.metrics[size_t(m->rowOfMetric(QStringLiteral("decode_tps")))];
    QCOMPARE(panel->barChart()->errorValues(), (QVector<double>{decode.noise[0], decode.noise[1], decode.noise[2]}));

    // Another baseline.
    bench.setBaseline(ids[1]);
    QCOMPARE(bench.comparison().runs[0].id.value_or(0), ids[1]);
    QCOMPARE(cell(QStringLiteral("decode_tps"), 4).data().toString(), QStringLiteral("Δ %1 · ×%2 · worse").arg(change(-30), change(100.0 / 130.0)));

    // The sweep: x = batch from the notes, one line per label.
    bench.compareRuns({ids[3], ids[4], ids[5], ids[6], ids[7]});
    SweepChart* sweep = panel->sweepChart();
    QCOMPARE(sweep->seriesCount(), 2);
    QCOMPARE(sweep->seriesName(0), QStringLiteral("base"));
    QCOMPARE(sweep->seriesPoints(0), (QVector<QPointF>{{1, 100}, {2, 180}, {4, 300}}));
    QCOMPARE(sweep->seriesName(1), QStringLiteral("fast"));
    QCOMPARE(sweep->seriesPoints(1), (QVector<QPointF>{{1, 130}, {2, 240}}));
  }

  // Runs measured with different settings (a GUI run with 1 thread against a CLI run with 2) are
  // not judged against each other: the cells say "settings differ", the hint names the
  // difference, and only the "Verdicts across different settings" box brings verdicts back.
  void differentSettingsWithholdTheVerdict() {
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("settings.db"));
    std::vector<int64_t> ids;
    {
      auto store = dsw::Store::open(db.toStdString());
      QVERIFY(store.is_ok());
      dsw::BenchRow cli = speedRow("cli", 8600, 50, 20000, 2, 12), gui = speedRow("gui", 1000, 10, 4000, 5, 12);
      cli.threads = 2;
      gui.threads = 1;
      for (const auto& r : {cli, gui}) ids.push_back((*store)->insert_bench(r).value());
    }
    AppOptions o;
    o.dbPath = db;
    Harness h(o);
    BenchmarksController& bench = h.wb().benchmarks();
    QVERIFY(waitFor([&] { return bench.runs().size() == ids.size(); }));
    bench.compareRuns({ids[0], ids[1]});
    ComparisonTableModel* m = bench.comparisonModel();
    ComparisonPanel* panel = bench.page()->comparison();
    auto cell = [&](const QString& metric) { return m->index(m->rowOfMetric(metric), 4); };
    auto tone = [&](const QString& metric) { return ComparisonTableModel::Tone(cell(metric).data(ComparisonTableModel::ToneRole).toInt()); };
    QVERIFY(!panel->verdictsAcrossSettingsBox()->isChecked());
    QVERIFY2(cell(QStringLiteral("decode_tps")).data().toString().endsWith(QStringLiteral("settings differ")),
             qPrintable(cell(QStringLiteral("decode_tps")).data().toString()));
    QVERIFY(cell(QStringLiteral("decode_tps")).data().toString().contains(QStringLiteral("×0.116")));  // the numbers stay
    QCOMPARE(tone(QStringLiteral("decode_tps")), ComparisonTableModel::Tone::Neutral);
    QVERIFY(!cell(QStringLiteral("decode_tps")).data(Qt::BackgroundRole).isValid());
    QVERIFY(cell(QStringLiteral("decode_tps")).data(Qt::ToolTipRole).toString().contains(QStringLiteral("threads 2 vs 1")));
    QVERIFY2(panel->hintLabel()->text().contains(QStringLiteral("settings differ: threads 2 vs 1")), qPrintable(panel->hintLabel()->text()));
    // Memory does not depend on the thread count: that verdict stands.
    QVERIFY(!cell(QStringLiteral("peak_host_mb")).data().toString().endsWith(QStringLiteral("settings differ")));
    // The bar chart does not colour a verdict it was not given.
    for (const auto& b : BenchPresentation::bars(bench.comparison(), "decode_tps")) QCOMPARE(int(b.tone), int(BarChart::Tone::Neutral));
    // Exports say so too.
    const QString md = dir.filePath(QStringLiteral("report.md"));
    QVERIFY(bench.exportReport(md));
    QFile f(md);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains(QStringLiteral("gui: threads 2 vs 1")));
    QVERIFY(text.contains(QStringLiteral("(settings differ)")));

    // Asked for: verdicts across the difference.
    panel->verdictsAcrossSettingsBox()->setChecked(true);
    QVERIFY(cell(QStringLiteral("decode_tps")).data().toString().endsWith(QStringLiteral("worse")));
    QCOMPARE(tone(QStringLiteral("decode_tps")), ComparisonTableModel::Tone::Worse);
    QVERIFY(panel->hintLabel()->text().contains(QStringLiteral("as you asked")));
  }
};

QTEST_MAIN(ComparisonTest)
#include "comparison_test.moc"
