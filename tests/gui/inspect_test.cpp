// The Inspect area: the numbers its views show equal dsw-cli's for the same prompt (attention
// statistics of every layer and head on stories260K, routing load and top-1 experts on the MoE demo
// model); malformed requests (an empty prompt, a prompt longer than the context, a layer out of
// range, routing on a dense model, an incompatible pair) end with a clear message and the area stays
// usable; a PEFT adapter attached to the model changes its routing and the view shows dsw-cli's
// numbers with --adapter, and compares the base with the adapted model; which experts take which kind of token (digits, operators, words, code) equals the CLI's
// counts and is shown in English and 简体中文; comparisons, data-set runs kept in the database, chart and data exports, and a view added
// to a benchmark report; Cancel stops a running data-set job, stores nothing and leaves the area
// usable.
#include "GuiHarness.h"

#include "AttentionPanel.h"
#include "BarChart.h"
#include "BenchmarksController.h"
#include "ComparePanel.h"
#include "DatasetPanel.h"
#include "HeatmapView.h"
#include "InspectController.h"
#include "InspectPage.h"
#include "MainWindow.h"
#include "ReportExporter.h"
#include "RoutingPanel.h"
#include "SettingsController.h"

#include <dsw/train.h>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QMenu>
#include <QTimer>
#include <QToolButton>
#include <QFile>
#include <QFileInfo>
#include <QFontMetrics>
#include <QPushButton>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace guitest;

namespace {

const QString kPrompt = QStringLiteral("Once upon a time, there was a little girl named Lily. She loved to play outside.");

bool near(double a, double b, double tol = 1e-6) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::abs(a - b) <= tol * std::max(1.0, std::abs(b));
}

QJsonObject cliJson(const QStringList& args) {
  QString out;
  if (!runCli(args, &out)) return {};
  return QJsonDocument::fromJson(out.toUtf8()).object();
}

// Runs one job of the controller and waits for its outcome; true when it succeeded.
bool runAndWait(InspectController& c, const std::function<int()>& start, QString* failure = nullptr, int timeoutMs = 120000) {
  QSignalSpy failed(&c, &InspectController::jobFailed);
  QSignalSpy a(&c, &InspectController::attentionShown), r(&c, &InspectController::routingShown), cmp(&c, &InspectController::comparisonShown),
      ds(&c, &InspectController::datasetStored);
  const int id = start();
  if (!id) {
    if (failure) *failure = failed.isEmpty() ? QString() : failed.last().at(2).toString();
    return false;
  }
  const bool done = waitFor([&] { return !failed.isEmpty() || a.count() + r.count() + cmp.count() + ds.count() > 0; }, timeoutMs);
  if (!done) return false;
  if (!failed.isEmpty()) {
    if (failure) *failure = failed.last().at(2).toString();
    return false;
  }
  return waitFor([&] { return c.activeJob() == 0; }, 5000);
}

// Opens a chart's right-click menu, triggers the action whose text is `choose` and returns the texts of all its actions; empty when the chart opens no menu.
QStringList useChartMenu(ChartAdapter* chart, const QString& choose) {
  QStringList texts;
  QAction* chosen = nullptr;
  QTimer poll;
  poll.setInterval(10);
  QObject::connect(&poll, &QTimer::timeout, [&] {
    for (QWidget* w : QApplication::topLevelWidgets()) {
      auto* menu = qobject_cast<QMenu*>(w);
      if (!menu || !menu->isVisible()) continue;
      poll.stop();
      for (QAction* a : menu->actions()) {
        if (a->isSeparator()) continue;
        texts << a->text();
        if (a->text() == choose) chosen = a;
      }
      menu->close();  // exec() returns once this handler is done; the menu still exists here
      if (chosen) chosen->trigger();
      return;
    }
  });
  poll.start();
  emit chart->widget()->customContextMenuRequested(QPoint(20, 20));
  poll.stop();
  return texts;
}

// Saves `chart` through the controller as PNG, SVG, CSV and JSON into `dir`; checks the images are
// drawn and returns the CSV lines and the JSON object for the caller to compare with the data.
bool exportAll(InspectController& c, ChartAdapter* chart, const QTemporaryDir& dir, QStringList* csv, QJsonObject* json) {
  QString error;
  const QString png = dir.filePath(QStringLiteral("chart.png")), svgPath = dir.filePath(QStringLiteral("chart.svg"));
  const QString csvPath = dir.filePath(QStringLiteral("chart.csv")), jsonPath = dir.filePath(QStringLiteral("chart.json"));
  if (!c.exportChart(chart, png, &error) || !c.exportChart(chart, svgPath, &error) || !c.exportChartData(chart, csvPath, &error) ||
      !c.exportChartData(chart, jsonPath, &error)) {
    qWarning("%s", qPrintable(error));
    return false;
  }
  const QImage image(png);
  if (image.isNull() || image.width() < 640) return false;
  QFile svg(svgPath), text(csvPath), js(jsonPath);
  if (!svg.open(QIODevice::ReadOnly) || !text.open(QIODevice::ReadOnly) || !js.open(QIODevice::ReadOnly)) return false;
  if (!svg.readAll().contains("<svg")) return false;
  *csv = QString::fromUtf8(text.readAll()).split(u'\n', Qt::SkipEmptyParts);
  *json = QJsonDocument::fromJson(js.readAll()).object();
  return true;
}

}  // namespace

class InspectTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void heatmapDrawsLargeMapsAtScreenResolution() {
    // A 3,000 x 3,000 map: the colour map holds the visible block pooled to about a cell per pixel,
    // while hover and data exports read the full matrix.
    QWidget host;
    host.resize(800, 700);
    HeatmapView view(&host);
    view.widget()->resize(800, 700);
    host.show();
    HeatmapData d;
    d.rows = d.cols = 3000;
    d.values.fill(0.0f, qsizetype(3000) * 3000);
    d.values[1234 * 3000 + 567] = 0.75f;
    view.setData(d);
    QVERIFY(waitFor([&] { return view.replotCount() > 0; }));
    QVERIFY(view.drawnCells() > 0);
    QVERIFY(view.drawnCells() <= 1024 * 1024);
    QVERIFY(view.hoverText(1234, 567).contains(QStringLiteral("0.75")));
    view.zoomTo(1200, 1300, 500, 600);  // 100 x 100 visible: every cell drawn
    QVERIFY(view.drawnCells() >= 100 * 100 && view.drawnCells() <= 104 * 104);
    QCOMPARE(view.cellAt(view.cellCenter(1234, 567)), QPoint(1234, 567));
  }

  void specialTokensHaveShortDrawableLabels() {
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("<｜begin▁of▁sentence｜>")), QStringLiteral("<bos>"));
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("<｜end▁of▁sentence｜>")), QStringLiteral("<eos>"));
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("<｜▁pad▁｜>")), QStringLiteral("<pad>"));
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("<｜User｜>")), QStringLiteral("<User>"));
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("<|begin_of_text|>")), QStringLiteral("<bos>"));
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("<|eot_id|>")), QStringLiteral("<eot_id>"));
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("<｜fim▁hole｜>")), QStringLiteral("<fim_hole>"));
    // Ordinary tokens keep their text; long ones are cut, line breaks are shown as escapes.
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral(" Hello")), QStringLiteral(" Hello"));
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("a\nb")), QStringLiteral("a\\nb"));
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("<｜place▁holder▁no▁12｜>")), QStringLiteral("<place_holder") + QChar(0x2026));
    QCOMPARE(HeatmapView::shortLabel(QStringLiteral("<|>")), QStringLiteral("<|>"));
    // Every character of a special token's label has a glyph in the UI font (no missing-glyph box).
    const QFontMetrics metrics(QApplication::font());
    for (const QString& token : {QStringLiteral("<｜begin▁of▁sentence｜>"), QStringLiteral("<｜end▁of▁sentence｜>"), QStringLiteral("<｜fim▁hole｜>")})
      for (const uint cp : HeatmapView::shortLabel(token).toUcs4()) QVERIFY2(metrics.inFontUcs4(cp), qPrintable(token));
  }

  void attentionViewShowsTheCliNumbers() {
    if (storiesModel().isEmpty()) QSKIP("stories260K is not in the shared data folder");
    Harness h;
    InspectController& c = h.wb().inspect();
    InspectPage* page = c.page();
    page->setModelA(storiesModel());
    page->setPrompt(kPrompt);
    QVERIFY(runAndWait(c, [&] { return c.runAttention(); }));
    const AttentionResult& r = page->attention()->result();
    QCOMPARE(r.layers, 5);
    QCOMPARE(r.heads, 8);
    QVERIFY(!r.split);

    const QJsonObject cli = cliJson({QStringLiteral("attention"), storiesModel(), QStringLiteral("--prompt"), kPrompt, QStringLiteral("--stats"),
                                     QStringLiteral("--json"), QStringLiteral("--window"), QStringLiteral("0:0")});
    QVERIFY(!cli.isEmpty());
    QCOMPARE(cli[QStringLiteral("tokens")].toArray().size(), r.tokenCount());
    const QJsonArray heads = cli[QStringLiteral("stats")].toObject()[QStringLiteral("per_head")].toArray();
    QCOMPARE(heads.size(), r.layers * r.heads);
    for (const QJsonValue& v : heads) {
      const QJsonObject o = v.toObject();
      const int l = o[QStringLiteral("layer")].toInt(), hd = o[QStringLiteral("head")].toInt();
      for (int k = 0; k < kInspectStatCount; ++k) {
        const QString key = QStringList{"entropy", "max_logit", "previous_token", "distance", "first_token", "sink", "position_share"}[k];
        const QJsonValue cv = o[key];
        const double want = cv.isNull() ? std::nan("") : cv.toDouble();
        QVERIFY2(near(r.stat(InspectStat(k), l, hd), want), qPrintable(QStringLiteral("%1 of layer %2 head %3").arg(key).arg(l).arg(hd)));
      }
      QCOMPARE(r.sinkKey.value(l * r.heads + hd), qint64(o[QStringLiteral("sink_key")].toInt()));
    }
    // The statistic map draws those numbers (as floats), one cell per layer and head.
    AttentionPanel* att = page->attention();
    for (int k = 0; k < kInspectStatCount; ++k) {
      att->statBox()->setCurrentIndex(k);
      QVERIFY(waitFor([&] { return att->statMap()->data().values.size() == r.layers * r.heads; }));
      const HeatmapData& d = att->statMap()->data();
      for (int l = 0; l < r.layers; ++l)
        for (int hd = 0; hd < r.heads; ++hd) QVERIFY(near(d.at(l, hd), r.stat(InspectStat(k), l, hd), 1e-6));
    }
    // The head's window (layer 0, head 0) holds the CLI's probabilities, tokens on both axes.
    const QJsonArray probs = cli[QStringLiteral("window")].toObject()[QStringLiteral("probs")].toArray();
    const HeatmapData& w = att->headMap()->data();
    QCOMPARE(w.rows, r.tokenCount());
    QCOMPARE(probs.size(), w.rows * w.cols);
    for (int i = 0; i < probs.size(); ++i)
      QVERIFY(probs[i].isNull() ? std::isnan(w.values[i]) : near(w.values[i], probs[i].toDouble(), 1e-6));
    QCOMPARE(w.rowLabels.value(1), r.tokens.value(1));
    QVERIFY(att->headMap()->hoverText(3, 1).contains(QStringLiteral("probability")));
    QVERIFY(att->statMap()->hoverText(2, 5).contains(QStringLiteral("layer 2 · head 5")));
    QCOMPARE(int(att->smallMultiples().size()), 8);
    // A small multiple has the export menu and saves its own head's map.
    HeatmapView* multiple = att->smallMultiples()[2];
    const QStringList menu = useChartMenu(multiple, QStringLiteral("Add to the benchmark report"));
    QVERIFY2(menu.contains(QStringLiteral("Save image (PNG or SVG)…")) && menu.contains(QStringLiteral("Save data (CSV or JSON)…")),
             qPrintable(menu.join(u'|')));
    QCOMPARE(h.wb().benchmarks().reportViews().size(), 1);
    QCOMPARE(h.wb().benchmarks().reportViews()[0].title, multiple->data().title);
    {
      QTemporaryDir dir;
      QStringList csv;
      QJsonObject json;
      QVERIFY(exportAll(c, multiple, dir, &csv, &json));
      const HeatmapData& d = multiple->data();
      QVERIFY(d.rows > 0 && d.cols > 0);
      QCOMPARE(csv.size(), d.rows + 1);
      QCOMPARE(json[QStringLiteral("title")].toString(), d.title);
      const QJsonArray rows = json[QStringLiteral("values")].toArray();
      QCOMPARE(rows.size(), d.rows);
      for (int row = 0; row < d.rows; ++row) {
        // The row label comes first (quoted when it holds a comma); the values are its last fields.
        const QStringList fields = csv[row + 1].split(u',').mid(csv[row + 1].count(u',') - d.cols);
        QCOMPARE(fields.size(), d.cols + 1);
        for (int col = 0; col < d.cols; ++col) {
          const float v = d.at(row, col);
          const QJsonValue jv = rows[row].toArray()[col];
          QVERIFY(std::isnan(v) ? jv.isNull() && fields[col + 1].isEmpty() : near(jv.toDouble(), v) && near(fields[col + 1].toDouble(), v));
        }
      }
    }

    // Clicking a cell of the statistic map opens that head (a new capture of its layer).
    QSignalSpy shown(&c, &InspectController::attentionShown);
    emit att->statMap()->cellClicked(3, 6);
    QVERIFY(waitFor([&] { return shown.count() > 0 && c.activeJob() == 0; }, 60000));
    QCOMPARE(att->result().layer, 3);
    QCOMPARE(att->result().head, 6);
    QCOMPARE(att->headMap()->data().title, QStringLiteral("Layer 3 · head 6"));
  }

  void routingViewShowsTheCliNumbers() {
    if (demoModel().isEmpty() || randomTinyV3Model().isEmpty()) QSKIP("the demo models are missing");
    Harness h;
    InspectController& c = h.wb().inspect();
    InspectPage* page = c.page();
    page->setModelA(randomTinyV3Model());
    page->setPrompt(QStringLiteral("Hello world, and hello again"));
    // The status bar's device line: nothing is loaded before the run, Inspect's model after it
    // (the Models area has none open here).
    QLabel* device = h.wb().window()->deviceLabel();
    QCOMPARE(device->text(), QStringLiteral("Device: none (no model open)"));
    QVERIFY(runAndWait(c, [&] { return c.runRouting(); }));
    QCOMPARE(c.modelInUse(), randomTinyV3Model());
    QVERIFY2(device->text().startsWith(QStringLiteral("Device: CPU · ")) && device->text().contains(QStringLiteral("Inspect")),
             qPrintable(device->text()));
    QVERIFY(!device->text().contains(QStringLiteral("no model open")));
    const RoutingResult& r = page->routing()->result();
    QVERIFY(r.experts > 0 && r.shared > 0);
    const QJsonObject cli =
        cliJson({QStringLiteral("routing"), randomTinyV3Model(), QStringLiteral("--prompt"), QStringLiteral("Hello world, and hello again"), QStringLiteral("--json")});
    QVERIFY(!cli.isEmpty());
    for (const QJsonValue& lv : cli[QStringLiteral("layers")].toArray()) {
      const QJsonObject o = lv.toObject();
      const int l = o[QStringLiteral("layer")].toInt();
      QCOMPARE(bool(r.moeLayer.value(l)), o[QStringLiteral("moe")].toBool());
      if (!o[QStringLiteral("moe")].toBool()) continue;
      const QJsonArray load = o[QStringLiteral("load")].toArray();
      for (int e = 0; e < r.experts; ++e) QCOMPARE(r.load.value(l * r.experts + e), qint64(load[e].toInt()));
      QVERIFY(near(r.entropy.value(l), o[QStringLiteral("token_entropy")].toDouble()));
    }
    // The grid's top-1 experts are the CLI's first experts.
    const HeatmapData& grid = page->routing()->grid()->data();
    for (const QJsonValue& rv : cli[QStringLiteral("routes")].toArray()) {
      const QJsonObject o = rv.toObject();
      QCOMPARE(grid.at(o[QStringLiteral("position")].toInt(), o[QStringLiteral("layer")].toInt()),
               float(o[QStringLiteral("experts")].toArray()[0].toInt()));
    }
    QVERIFY(std::isnan(grid.at(0, 0)));  // layer 0 is dense
    QVERIFY(page->routing()->grid()->hoverText(1, 1).contains(QStringLiteral("shared expert")));
    // Load map: shared experts are their own columns at 100%.
    const HeatmapData& load = page->routing()->loadMap()->data();
    QCOMPARE(load.cols, r.experts + r.shared);
    QCOMPARE(load.at(1, r.experts), 1.0f);
    QCOMPARE(page->routing()->loadBars()->barCount(), r.experts + r.shared);

    // The load bars have the heatmaps' menu; their exports hold the bars the plot draws.
    BarChart* bars = page->routing()->loadBars();
    const QStringList menu = useChartMenu(bars, QStringLiteral("Add to the benchmark report"));
    QVERIFY2(menu.contains(QStringLiteral("Save image (PNG or SVG)…")) && menu.contains(QStringLiteral("Save data (CSV or JSON)…")),
             qPrintable(menu.join(u'|')));
    QCOMPARE(h.wb().benchmarks().reportViews().size(), 1);
    QCOMPARE(h.wb().benchmarks().reportViews()[0].title, bars->chartTitle());
    QTemporaryDir dir;
    QStringList csv;
    QJsonObject json;
    QVERIFY(exportAll(c, bars, dir, &csv, &json));
    const QVector<double> values = bars->barValues();
    const QStringList labels = bars->barLabels();
    QCOMPARE(int(values.size()), r.experts + r.shared);
    QCOMPARE(csv.size(), values.size() + 1);
    QCOMPARE(csv[0].split(u',').value(1), bars->chartTitle());
    QCOMPARE(json[QStringLiteral("value_title")].toString(), bars->chartTitle());
    for (int i = 0; i < values.size(); ++i) {
      const QStringList fields = csv[i + 1].split(u',');
      QCOMPARE(fields.value(0), labels[i]);
      QCOMPARE(fields.value(1).toDouble(), values[i]);
      QCOMPARE(json[QStringLiteral("labels")].toArray()[i].toString(), labels[i]);
      QCOMPARE(json[QStringLiteral("values")].toArray()[i].toDouble(), values[i]);
    }
  }

  void tokenKindsShowTheCliCounts() {
    if (randomTinyV3Model().isEmpty()) QSKIP("the random tiny DeepSeek-V3 model could not be made");
    Harness h;
    InspectController& c = h.wb().inspect();
    InspectPage* page = c.page();
    const QString prompt = QStringLiteral("Tom has 12 apples + 3 = 15; def add_one(x): return {x}\nLily ate 2 of them.");
    page->setModelA(randomTinyV3Model());
    page->setPrompt(prompt);
    QVERIFY(runAndWait(c, [&] { return c.runRouting(); }));
    RoutingPanel* routing = page->routing();
    const RoutingResult& r = routing->result();
    QVERIFY(r.hasKinds());
    const QJsonObject cli = cliJson({QStringLiteral("routing"), randomTinyV3Model(), QStringLiteral("--prompt"), prompt, QStringLiteral("--json")});
    const QJsonObject kinds = cli[QStringLiteral("token_kinds")].toObject();
    QCOMPARE(kinds[QStringLiteral("kinds")].toArray().size(), kInspectKindCount);
    for (int k = 0; k < kInspectKindCount; ++k) QCOMPARE(r.kindTokens.value(k), kinds[QStringLiteral("tokens")].toArray()[k].toInteger());
    for (int k : {0, 1, 2, 4}) QVERIFY2(r.kindTokens.value(k) > 0, qPrintable(QString::number(k)));  // digits, operators, words, code
    int layers = 0;
    for (const QJsonValue& lv : kinds[QStringLiteral("layers")].toArray()) {
      const QJsonObject o = lv.toObject();
      const int l = o[QStringLiteral("layer")].toInt();
      ++layers;
      QVERIFY(near(r.kindInformation.value(l), o[QStringLiteral("information_bits")].toDouble()));
      const QJsonArray counts = o[QStringLiteral("counts")].toArray();
      QCOMPARE(counts.size(), r.experts);
      for (int e = 0; e < r.experts; ++e)
        for (int k = 0; k < kInspectKindCount; ++k) QCOMPARE(r.kindCount(l, e, k), counts[e].toArray()[k].toInteger());
    }
    QCOMPARE(layers, int(std::count(r.moeLayer.begin(), r.moeLayer.end(), 1)));

    // The map of the chosen layer: the share of each kind's tokens that chose the expert.
    routing->tabs()->setCurrentIndex(3);
    const int l = routing->layerBox()->currentData().toInt();
    const HeatmapData& map = routing->kindMap()->data();
    QCOMPARE(map.rows, kInspectKindCount);
    QCOMPARE(map.cols, r.experts);
    for (int k = 0; k < kInspectKindCount; ++k) {
      qint64 total = 0;
      for (int e = 0; e < r.experts; ++e) total += r.kindCount(l, e, k);
      for (int e = 0; e < r.experts; ++e) {
        if (total == 0) QVERIFY(std::isnan(map.at(k, e)));
        else QVERIFY(near(map.at(k, e), double(r.kindCount(l, e, k)) * r.k / double(total), 1e-6));
      }
    }
    QVERIFY(routing->kindMap()->hoverText(0, 0).contains(QStringLiteral("chose expert 0")));
    QVERIFY(routing->kindSummary()->text().contains(QStringLiteral("layer %1: I = ").arg(l)));

    QVERIFY(h.wb().settingsController().setLanguage(QStringLiteral("zh_CN")));
    QTest::qWait(50);
    QCOMPARE(routing->tabs()->tabText(3), QStringLiteral("词元类型"));
    QVERIFY2(routing->kindMap()->data().rowLabels.value(0).startsWith(QStringLiteral("数字")), qPrintable(routing->kindMap()->data().rowLabels.value(0)));
    QVERIFY(routing->kindSummary()->text().contains(QStringLiteral("第 %1 层：I = ").arg(l)));
    QVERIFY(h.wb().settingsController().setLanguage(QStringLiteral("en")));
  }

  void adapterChangesRoutingAsInTheCli() {
    if (randomTinyV3Model().isEmpty()) QSKIP("the demo models are missing");
    Harness h;
    // An adapter made elsewhere than this area: one engine training step from random A and B (so the
    // adapter is certainly not the identity), written as the PEFT files.
    const QString data = QDir(h.dir()).filePath(QStringLiteral("text.txt"));
    {
      QFile f(data);
      QVERIFY(f.open(QIODevice::WriteOnly));
      for (int i = 0; i < 8; ++i) f.write("The quick brown fox jumps over the lazy dog, and then it sleeps in the sun.\n");
    }
    dsw::TrainConfig tc;
    tc.model = randomTinyV3Model().toStdString();
    tc.output_dir = QDir(h.dir()).filePath(QStringLiteral("run-x")).toStdString();
    tc.data.path = data.toStdString();
    tc.data.format = dsw::DataFormat::text;
    tc.data.seq_len = 32;
    tc.steps = 1;
    tc.micro_batch = 1;
    tc.n_threads = 1;
    tc.lora.target_modules = {"q_a_proj", "kv_b_proj", "o_proj", "up_proj", "down_proj"};
    tc.lora.init = dsw::LoraConfig::Init::random;
    auto run = dsw::finetune(tc);
    QVERIFY2(run.is_ok(), run.status().message().data());
    const QString adapter = QString::fromStdString(run->adapter_dir.string());

    InspectController& c = h.wb().inspect();
    InspectPage* page = c.page();
    const QString prompt = QStringLiteral("Hello world, and hello again");
    page->setModelA(randomTinyV3Model());
    page->setPrompt(prompt);
    QVERIFY(runAndWait(c, [&] { return c.runRouting(); }));
    const RoutingResult base = page->routing()->result();
    page->setAdapterA(adapter);
    QVERIFY(page->adapterButtonA()->text().contains(QStringLiteral("run-x")));
    QVERIFY(runAndWait(c, [&] { return c.runRouting(); }));
    const RoutingResult adapted = page->routing()->result();
    QCOMPARE(adapted.tokensPerLayer, base.tokensPerLayer);
    bool shifted = false;
    for (int l = 0; l < base.layers; ++l)
      if (base.moeLayer.value(l) && !near(base.entropy.value(l), adapted.entropy.value(l), 1e-9)) shifted = true;
    QVERIFY2(shifted, "the adapter should change the router scores");

    // The CLI with --adapter gives the adapted numbers.
    const QJsonObject cli = cliJson({QStringLiteral("routing"), randomTinyV3Model(), QStringLiteral("--adapter"), adapter, QStringLiteral("--prompt"),
                                     prompt, QStringLiteral("--json")});
    QVERIFY(!cli.isEmpty());
    for (const QJsonValue& lv : cli[QStringLiteral("layers")].toArray()) {
      const QJsonObject o = lv.toObject();
      const int l = o[QStringLiteral("layer")].toInt();
      if (!o[QStringLiteral("moe")].toBool()) continue;
      const QJsonArray load = o[QStringLiteral("load")].toArray();
      for (int e = 0; e < adapted.experts; ++e) QCOMPARE(adapted.load.value(l * adapted.experts + e), qint64(load[e].toInt()));
      QVERIFY(near(adapted.entropy.value(l), o[QStringLiteral("token_entropy")].toDouble()));
    }
    // Attention runs on the adapted model too (the adapter touches q_a_proj and kv_b_proj).
    page->setAdapterA({});
    QVERIFY(runAndWait(c, [&] { return c.runAttention(); }));
    const AttentionResult attBase = page->attention()->result();
    page->setAdapterA(adapter);
    QVERIFY(runAndWait(c, [&] { return c.runAttention(); }));
    const AttentionResult attAdapted = page->attention()->result();
    QVERIFY(attBase.stats.value(int(InspectStat::Entropy)) != attAdapted.stats.value(int(InspectStat::Entropy)));

    // The base against base + adapter in the routing comparison.
    QVERIFY(runAndWait(c, [&] { return c.compareRoutingOf(randomTinyV3Model(), QString(), randomTinyV3Model(), adapter, prompt); }));
    const RoutingCompareResult& cmp = page->compare()->routing();
    QCOMPARE(cmp.a.load, base.load);
    QCOMPARE(cmp.b.load, adapted.load);
    for (int l = 0; l < adapted.layers; ++l) QVERIFY(near(cmp.b.entropy.value(l), adapted.entropy.value(l)));  // NaN on dense layers
    QCOMPARE(page->compare()->mode(), QStringLiteral("routing"));
    QVERIFY(!cmp.a.model.contains(adapter) && cmp.b.model.contains(adapter));
    QVERIFY(page->adapterButtonB()->text().contains(QStringLiteral("run-x")));

    // A data-set run with the adapter stores it: the runs table shows it beside the model (a run
    // without one shows the bare model), and so does the stored run when it is shown again.
    DatasetPanel* ds = page->dataset();
    ds->fileEdit()->setText(data);
    page->setAdapterA({});
    ds->labelEdit()->setText(QStringLiteral("plain"));
    QVERIFY(runAndWait(c, [&] { return c.runDataset(); }));
    page->setAdapterA(adapter);
    ds->labelEdit()->setText(QStringLiteral("adapted"));
    QVERIFY(runAndWait(c, [&] { return c.runDataset(); }));
    QVERIFY(waitFor([&] { return ds->runs().size() == 2; }));
    const RoutingRunRow withAdapter = ds->runs()[0], without = ds->runs()[1];
    QCOMPARE(withAdapter.label, QStringLiteral("adapted"));
    QCOMPARE(withAdapter.adapters, QStringList{adapter});
    QVERIFY(without.adapters.isEmpty());
    const int modelColumn = 6;
    QVERIFY(ds->table()->item(0, modelColumn)->text().contains(adapter));
    QCOMPARE(ds->table()->item(1, modelColumn)->text(), randomTinyV3Model());
    QVERIFY(runAndWait(c, [&] { return c.showRun(withAdapter.id); }));
    QVERIFY(page->routing()->result().model.contains(adapter));
  }

  void malformedRequestsLeaveTheAreaUsable() {
    if (storiesModel().isEmpty() || randomTinyV3Model().isEmpty()) QSKIP("needs stories260K and the demo model");
    Harness h;
    InspectController& c = h.wb().inspect();
    InspectPage* page = c.page();
    QString why;
    // Nothing to inspect yet.
    page->setPrompt(QString());
    page->setModelA(storiesModel());
    QVERIFY(!runAndWait(c, [&] { return c.runAttention(); }, &why));
    QVERIFY2(why.contains(QStringLiteral("Type a prompt")), qPrintable(why));
    // A prompt longer than stories260K's context of 512.
    page->setPrompt(QString(QStringLiteral("dog ")).repeated(700));
    QVERIFY(!runAndWait(c, [&] { return c.runAttention(); }, &why));
    QVERIFY2(why.contains(QStringLiteral("more than the model's context of 512 positions")), qPrintable(why));
    QVERIFY(page->status()->property("error").toBool());
    // A layer that does not exist.
    page->setPrompt(kPrompt);
    page->attention()->layerBox()->blockSignals(true);
    page->attention()->layerBox()->setMaximum(99);
    page->attention()->layerBox()->setValue(9);
    page->attention()->layerBox()->blockSignals(false);
    QVERIFY(!runAndWait(c, [&] { return c.runAttention(); }, &why));
    QVERIFY2(why.contains(QStringLiteral("layer 9 does not exist (the model has layers 0..4)")), qPrintable(why));
    page->attention()->layerBox()->blockSignals(true);
    page->attention()->layerBox()->setValue(0);
    page->attention()->layerBox()->blockSignals(false);
    // Routing on a dense model.
    QVERIFY(!runAndWait(c, [&] { return c.runRouting(); }, &why));
    QVERIFY2(why.contains(QStringLiteral("dense")), qPrintable(why));
    // An incompatible pair.
    page->setModelB(randomTinyV3Model());
    QVERIFY(!runAndWait(c, [&] { return c.runComparison(QStringLiteral("attention")); }, &why));
    QVERIFY2(why.contains(QStringLiteral("cannot compare")), qPrintable(why));
    QVERIFY(!runAndWait(c, [&] { return c.runComparison(QStringLiteral("routing")); }, &why));
    QVERIFY2(why.contains(QStringLiteral("cannot compare routing")), qPrintable(why));
    // A model path that is not a model.
    page->setModelA(QDir::tempPath() + QStringLiteral("/no-such-model"));
    QVERIFY(!runAndWait(c, [&] { return c.runAttention(); }, &why));
    QVERIFY(!why.isEmpty());
    // Still usable: a good request works.
    page->setModelA(storiesModel());
    page->setModelB(QString());
    QVERIFY(runAndWait(c, [&] { return c.runAttention(); }));
    QVERIFY(page->runButton()->isEnabled());
    QVERIFY(!page->status()->property("error").toBool());
  }

  void comparisonsDatasetsExportsAndReports() {
    if (demoModel().isEmpty() || randomTinyV3Model().isEmpty()) QSKIP("the demo models are missing");
    QTemporaryDir dir;
    const QString other = dir.filePath(QStringLiteral("seed8"));
    QString out;
    QVERIFY2(runCli({QStringLiteral("make-model"), QStringLiteral("--arch"), QStringLiteral("deepseek_v3"), QStringLiteral("--preset"),
                     QStringLiteral("tiny"), QStringLiteral("--random"), QStringLiteral("--seed"), QStringLiteral("8"), QStringLiteral("--dtype"),
                     QStringLiteral("bf16"), QStringLiteral("--tokenizer"),
                     sourceDir() + QStringLiteral("/tests/fixtures/tokenizers/deepseek-v3/tokenizer.json"), other},
                    &out),
             qPrintable(out));
    Harness h;
    QVERIFY(waitFor([&] { return !h.wb().inspect().databasePath().isEmpty(); }));
    InspectController& c = h.wb().inspect();
    InspectPage* page = c.page();
    page->setModelA(randomTinyV3Model());
    page->setPrompt(QStringLiteral("Hello world, and hello again"));

    // A model against itself: no divergence, every token routed the same.
    page->setModelB(randomTinyV3Model());
    QVERIFY(runAndWait(c, [&] { return c.runComparison(QStringLiteral("attention")); }));
    for (double v : page->compare()->attention().jsMean) QVERIFY(std::abs(v) < 1e-9);
    QVERIFY(runAndWait(c, [&] { return c.runComparison(QStringLiteral("routing")); }));
    QVERIFY(page->compare()->routing().perToken);
    QCOMPARE(page->compare()->routing().changedAny, 0.0);
    // Against another version: the CLI's numbers.
    page->setModelB(other);
    QVERIFY(runAndWait(c, [&] { return c.runComparison(QStringLiteral("attention")); }));
    const QJsonObject cli = cliJson({QStringLiteral("compare-attention"), randomTinyV3Model(), other, QStringLiteral("--prompt"),
                                     QStringLiteral("Hello world, and hello again"), QStringLiteral("--json")});
    const QJsonArray heads = cli[QStringLiteral("per_head")].toArray();
    QCOMPARE(heads.size(), page->compare()->attention().jsMean.size());
    for (int i = 0; i < heads.size(); ++i)
      QVERIFY(near(page->compare()->attention().jsMean[i], heads[i].toObject()[QStringLiteral("js_mean")].toDouble()));
    QCOMPARE(page->compare()->jsMap()->data().rows, 4);
    QVERIFY(runAndWait(c, [&] { return c.runComparison(QStringLiteral("routing")); }));
    QVERIFY(page->compare()->routing().changedAny > 0);
    QVERIFY(page->compare()->summary()->text().contains(QStringLiteral("never hit")));

    // Data-set runs: stored, listed, compared, exported.
    const QString data = dir.filePath(QStringLiteral("docs.jsonl"));
    {
      QFile f(data);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("{\"text\": \"The quick brown fox\"}\n{\"question\": \"2+2?\", \"answer\": \"4\"}\n");
    }
    DatasetPanel* ds = page->dataset();
    ds->fileEdit()->setText(data);
    ds->labelEdit()->setText(QStringLiteral("first"));
    QVERIFY(runAndWait(c, [&] { return c.runDataset(); }));
    ds->labelEdit()->setText(QStringLiteral("second"));
    QVERIFY(runAndWait(c, [&] { return c.runDataset(); }));
    QVERIFY(waitFor([&] { return ds->runs().size() == 2; }));
    const qint64 newest = ds->runs()[0].id, oldest = ds->runs()[1].id;
    QVERIFY(runAndWait(c, [&] { return c.compareRuns(oldest, newest); }));
    QCOMPARE(page->compare()->routing().changedAny, 0.0);
    QVERIFY(runAndWait(c, [&] { return c.showRun(oldest); }));
    QCOMPARE(page->routing()->result().runId, oldest);
    QCOMPARE(page->routing()->result().documents, qint64(2));
    QSignalSpy exported(&c, &InspectController::jobFailed);
    const QString runJson = dir.filePath(QStringLiteral("run.json"));
    QVERIFY(c.exportRun(oldest, runJson));
    QVERIFY(waitFor([&] { return c.activeJob() == 0; }));
    QVERIFY(QFile::exists(runJson));

    // Charts: image and data exports of any chart.
    HeatmapView* load = page->routing()->loadMap();
    for (const char* name : {"load.png", "load.svg", "load.csv", "load.json"}) {
      const QString path = dir.filePath(QLatin1String(name));
      QString error;
      const bool image = path.endsWith(QStringLiteral(".png")) || path.endsWith(QStringLiteral(".svg"));
      QVERIFY2(image ? c.exportChart(load, path, &error) : c.exportChartData(load, path, &error), qPrintable(error));
      QVERIFY(QFileInfo(path).size() > 100);
    }
    QFile svg(dir.filePath(QStringLiteral("load.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray svgText = svg.readAll();
    QVERIFY(svgText.contains("<svg") && svgText.contains("<text") && svgText.contains("data:image/png;base64,"));
    QFile json(dir.filePath(QStringLiteral("load.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(json.readAll()).object();
    QCOMPARE(o[QStringLiteral("values")].toArray().size(), load->data().rows);
    QString error;
    QVERIFY(!c.exportChart(load, dir.filePath(QStringLiteral("load.bmp")), &error));
    QVERIFY(error.contains(QStringLiteral(".png or .svg")));

    // A view joins the benchmark report.
    c.addToReport(page->compare()->jsMap());
    QCOMPARE(h.wb().benchmarks().reportViews().size(), 1);
    BenchRows rows(1);
    rows[0].id = 1;
    rows[0].suite = "speed";
    rows[0].label = "x";
    const QString html = ReportExporter::html(rows, nullptr, {}, h.wb().benchmarks().reportViews());
    QVERIFY(html.contains(QStringLiteral("<h2>Views</h2>")));
    QVERIFY(html.contains(QStringLiteral("JS divergence")));
  }

  void cancelStopsADatasetRunAndStoresNothing() {
    if (demoModel().isEmpty() || randomTinyV3Model().isEmpty()) QSKIP("the demo models are missing");
    QTemporaryDir dir;
    // Thousands of documents: far more than the demo model routes before Cancel arrives.
    const QString data = dir.filePath(QStringLiteral("many.jsonl"));
    {
      QFile f(data);
      QVERIFY(f.open(QIODevice::WriteOnly));
      for (int i = 0; i < 4000; ++i)
        f.write(QStringLiteral("{\"text\": \"Document %1: the workbench routes every token of this line through the experts.\"}\n")
                    .arg(i)
                    .toUtf8());
    }
    Harness h;
    QVERIFY(waitFor([&] { return !h.wb().inspect().databasePath().isEmpty(); }));
    InspectController& c = h.wb().inspect();
    InspectPage* page = c.page();
    page->setModelA(randomTinyV3Model());
    DatasetPanel* ds = page->dataset();
    QVERIFY(waitFor([&] { return ds->runs().isEmpty(); }));
    ds->fileEdit()->setText(data);
    ds->labelEdit()->setText(QStringLiteral("cancelled"));
    QSignalSpy failed(&c, &InspectController::jobFailed), stored(&c, &InspectController::datasetStored);
    const int id = c.runDataset();
    QVERIFY(id);
    QVERIFY(!page->runButton()->isEnabled());
    auto* cancel = page->findChild<QPushButton*>(QStringLiteral("stopButton"));
    QVERIFY(cancel);
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(waitFor([&] { return !failed.isEmpty(); }, 120000));
    QCOMPARE(failed.last().at(0).toInt(), id);
    QCOMPARE(failed.last().at(1).toString(), QStringLiteral("cancelled"));
    QVERIFY(stored.isEmpty());
    QCOMPARE(c.activeJob(), 0);
    QVERIFY(page->runButton()->isEnabled());
    QVERIFY(!cancel->isEnabled());
    QCOMPARE(page->status()->text(), QStringLiteral("Cancelled."));
    QVERIFY(!page->status()->property("error").toBool());
    // Nothing half-stored, and the next run works.
    QTest::qWait(200);
    QVERIFY(ds->runs().isEmpty());
    const QString small = dir.filePath(QStringLiteral("small.txt"));
    {
      QFile f(small);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write("A short text that routes quickly.");
    }
    ds->fileEdit()->setText(small);
    ds->labelEdit()->setText(QStringLiteral("after cancel"));
    QVERIFY(runAndWait(c, [&] { return c.runDataset(); }));
    QVERIFY(waitFor([&] { return ds->runs().size() == 1; }));
    QCOMPARE(ds->runs()[0].label, QStringLiteral("after cancel"));
  }
};

QTEST_MAIN(InspectTest)
#include "inspect_test.moc"
