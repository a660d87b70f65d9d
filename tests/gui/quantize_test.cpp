// The Quantize area on real jobs: stories260K quantised from the form (INT8 RTN, then INT4 GPTQ
// with a calibration text) runs as a job with per-layer progress, writes the GGUF and its report,
// measures the quality suite against the original, stores that row with the benchmark runs (where
// "Compare in Benchmarks" selects it) and opens the result beside the original; the result page
// shows the figures of the stored row and one error bar per layer. A cancelled job and refused
// input leave nothing on disk and say why. The MoE result page (coverage map of the bundled
// DeepSeek-V3-architecture demo model quantised in memory) marks exactly the starved experts.
// rendersScreenshots() writes quantize.png, quantize-layers.png and quantize-coverage.png.
#include "GuiHarness.h"

#include "BarChart.h"
#include "BenchmarksController.h"
#include "CoverageHeatmap.h"
#include "FilterableTableView.h"
#include "JobsController.h"
#include "KeyValueCard.h"
#include "MainWindow.h"
#include "ModelsController.h"
#include "QuantizeController.h"
#include "QuantizeForm.h"
#include "QuantizePage.h"
#include "QuantizePresentation.h"
#include "QuantizeResultView.h"

#include <dsw/runner.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace guitest;

namespace {

QString storiesText() {
  const QString p = QDir(dataDir()).filePath(QStringLiteral("eval/tinystories/TinyStories-valid.first22stories.txt"));
  return QFileInfo::exists(p) ? p : QString();
}

// A calibration text made of the evaluation text's second half (the suite scores windows of the
// whole file; this only has to be real English of the model's domain).
QString writeCalibration(const QString& dir) {
  QFile in(storiesText());
  if (!in.open(QIODevice::ReadOnly)) return {};
  const QByteArray all = in.readAll();
  QFile out(QDir(dir).filePath(QStringLiteral("calib.txt")));
  if (!out.open(QIODevice::WriteOnly)) return {};
  out.write(all.mid(all.size() / 2));
  return out.fileName();
}

void choose(QComboBox* box, const QVariant& data) {
  const int i = box->findData(data);
  QVERIFY2(i >= 0, qPrintable(data.toString()));
  box->setCurrentIndex(i);
}

const dsw::BenchRow* storedRow(BenchmarksController& bench, qint64 id) {
  for (const auto& r : bench.runs())
    if (r.id.value_or(0) == id) return &r;
  return nullptr;
}

// The newest quantize job in the Jobs list.
const JobItem* quantizeJob(Workbench& wb) {
  for (int r = 0; r < wb.jobs().model()->rowCount(); ++r)
    if (const JobItem* j = wb.jobs().model()->at(r); j && j->kind == u"quantize") return j;
  return nullptr;
}

// Runs the form's job and waits for its end; records the progress texts the form showed.
bool runJob(Workbench& wb, QStringList* progressTexts, int timeoutMs = 300000) {
  QuantizeController& qc = wb.quantize();
  QSignalSpy done(&qc, &QuantizeController::quantizeFinished);
  const int job = qc.startQuantize();
  if (!job) return false;
  QString last;
  waitFor(
      [&] {
        const QString t = qc.page()->form()->progressText();
        if (!t.isEmpty() && t != last && progressTexts) progressTexts->append(t);
        last = t;
        return done.count() > 0;
      },
      timeoutMs);
  return done.count() > 0 && done.first().at(1).toBool();
}

}  // namespace

class QuantizeTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void presentationOfASyntheticReport() {
    dsw::QuantizeReport r;
    r.model_path = "/m";
    r.scheme = "q4_0 g32";
    r.method = "rtn";
    r.bytes_before = 4000;
    r.bytes_after = 1000;
    r.layers = 3;
    for (int layer = 0; layer < 3; ++layer)
      for (const char* name : {"q_proj", "down_proj"}) {
        dsw::LinearQuantInfo l;
        l.name = "model.layers." + std::to_string(layer) + "." + name;
        l.layer = layer;
        l.method = "rtn";
        l.weight_error = 0.01 * (layer + 1) + (name[0] == 'd' ? 0.001 : 0);
        r.linears.push_back(l);
      }
    const auto errors = QuantizeView::layerErrors(r, std::nullopt);
    QCOMPARE(errors.bars.size(), 3);
    for (int layer = 0; layer < 3; ++layer) QVERIFY(qAbs(errors.bars[layer].value - (0.01 * (layer + 1) + 0.001)) < 1e-12);
    // With quality figures the bars are the suite's per-layer errors.
    dsw::BenchRow q;
    q.quality_layers = R"({"error":[0.5,-1,0.25],"jaccard":[],"changed":[]})";
    q.delta_ppl_pct = -0.03;
    const auto measured = QuantizeView::layerErrors(r, q);
    QCOMPARE(measured.bars.size(), 2);
    QCOMPARE(measured.bars[1].label, QStringLiteral("2"));
    QCOMPARE(measured.bars[1].value, 0.25);
    QCOMPARE(QuantizeView::signedPercent(-0.03), QStringLiteral("−0.03%"));
    QVERIFY(QuantizeView::headline(r, q).contains(QStringLiteral("4.00×")));
    QCOMPARE(QuantizeView::coverage(r).layers, 0);  // dense: no map
    QCOMPARE(QuantizeView::linearRows(r).size(), 6);
  }

  void quantizesStoriesFromTheForm() {
    if (storiesModel().isEmpty() || storiesText().isEmpty()) QSKIP("stories260K-hf or the TinyStories excerpt not found under DSW_DATA_DIR");
    Harness h;
    Workbench& wb = h.wb();
    const int original = h.openAndWait(storiesModel());
    QVERIFY(original);
    QuantizeController& qc = wb.quantize();
    QuantizeForm* form = qc.page()->form();
    QVERIFY(waitFor([&] { return form->modelBox()->count() == 1; }));
    QVERIFY(form->outEdit()->text().endsWith(QStringLiteral("stories260K-hf-q4_0-g32-rtn.gguf")));  // suggested beside the original
    QTemporaryDir dir;
    choose(form->typeBox(), QStringLiteral("8"));
    form->outEdit()->setText(dir.filePath(QStringLiteral("s-q8.gguf")));
    form->evalEdit()->setText(storiesText());
    form->evalCtxBox()->setValue(256);
    QStringList progress;
    QSignalSpy layerSpy(&qc, &QuantizeController::layerProgress);
    QVERIFY(runJob(wb, &progress));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("s-q8.gguf"))));
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("s-q8.gguf.quant.json"))));
    // Progress per layer (throttled, the last step always), then the quality windows.
    QVERIFY(!layerSpy.isEmpty());
    qint64 previous = 0;
    for (const auto& args : layerSpy) {
      QCOMPARE(args.at(1).toLongLong(), 6);  // 5 decoder layers and the output head
      QVERIFY(args.at(0).toLongLong() > previous);
      previous = args.at(0).toLongLong();
    }
    QCOMPARE(previous, 6);
    QVERIFY2(!progress.filter(QStringLiteral("Measuring quality")).isEmpty(), qPrintable(progress.join(u'|')));
    const JobItem* job = quantizeJob(wb);
    QVERIFY(job);
    QCOMPARE(job->state, JobItem::State::Succeeded);
    QVERIFY(job->message.contains(QStringLiteral("s-q8.gguf")));

    // The result: the report's sizes and the quality row's figures, one bar per layer.
    QVERIFY(qc.hasResult());
    const auto& report = qc.report();
    QCOMPARE(report.layers, 5);
    QVERIFY(report.bytes_after < report.bytes_before);
    QVERIFY(qc.quality().has_value());
    const dsw::BenchRow& row = *qc.quality();
    QVERIFY(row.delta_ppl_pct && std::abs(*row.delta_ppl_pct) < 0.5);  // INT8: within half a percent
    QVERIFY(row.top1_agreement && *row.top1_agreement > 0.9);
    QuantizeResultView* view = qc.page()->result();
    QCOMPARE(view->card()->value(QStringLiteral("Δppl")), QuantizeView::signedPercent(*row.delta_ppl_pct));
    QCOMPARE(view->errorChart()->barCount(), 5);
    const auto layers = dsw::quality_layers_from_json(row.quality_layers.value_or(""));
    QCOMPARE(view->errorChart()->barValues().first(), layers.error.front());
    QCOMPARE(view->linearsView()->visibleRowCount(), int(report.linears.size()));

    // Stored with the benchmark runs; Compare in Benchmarks selects it there.
    QVERIFY(waitFor([&] { return !qc.storedRows().isEmpty(); }));
    BenchmarksController& bench = wb.benchmarks();
    QVERIFY(waitFor([&] { return storedRow(bench, qc.storedRows().first()) != nullptr; }));
    const dsw::BenchRow* stored = storedRow(bench, qc.storedRows().first());
    QCOMPARE(QString::fromStdString(stored->suite.value_or("")), QStringLiteral("quality"));
    QCOMPARE(*stored->delta_ppl_pct, *row.delta_ppl_pct);
    QVERIFY(QFileInfo(QString::fromStdString(stored->reference_path.value_or(""))) == QFileInfo(storiesModel()));
    QVERIFY(view->compareButton()->isEnabled());
    view->compareButton()->click();
    QCOMPARE(wb.window()->currentArea(), QStringLiteral("benchmarks"));
    QVERIFY(!bench.comparison().runs.empty());
    QCOMPARE(bench.comparison().runs.front().id.value_or(0), qc.storedRows().first());

    // Opened beside the original.
    QVERIFY(waitFor([&] { return wb.models().readyModels().size() == 2; }, 60000));
    QVERIFY(QFileInfo(wb.models().readyModels().last()->path) == QFileInfo(dir.filePath(QStringLiteral("s-q8.gguf"))));
    QCOMPARE(qc.openResult(), wb.models().readyModels().last()->id);  // not opened twice

    // GPTQ INT4 with a calibration text: every Linear the plan quantises went through GPTQ.
    wb.window()->showArea(QStringLiteral("quantize"));
    form->modelBox()->setCurrentIndex(form->modelBox()->findData(original));
    choose(form->methodBox(), QStringLiteral("gptq"));
    choose(form->typeBox(), QStringLiteral("4"));
    form->calibEdit()->setText(writeCalibration(dir.path()));
    form->calibSamplesBox()->setValue(8);
    form->calibLengthBox()->setValue(64);
    form->evalEdit()->clear();
    form->openResultBox()->setChecked(false);
    form->outEdit()->setText(dir.filePath(QStringLiteral("s-q4-gptq.gguf")));
    QVERIFY(runJob(wb, nullptr));
    QVERIFY(!qc.quality().has_value());
    int gptq = 0;
    for (const auto& l : qc.report().linears) gptq += l.method == "gptq";
    QVERIFY(gptq >= 5 * 7 - 5);  // all but the 172-wide down_proj fallbacks
    QVERIFY(view->card()->value(QStringLiteral("Not measured")).contains(QStringLiteral("evaluation text")));
    QCOMPARE(wb.models().readyModels().size(), 2);  // not opened this time

    // The report written beside the output loads back into the page.
    QVERIFY(qc.loadReport(dir.filePath(QStringLiteral("s-q8.gguf.quant.json"))));
    QCOMPARE(qc.report().scheme, report.scheme);
    QCOMPARE(qc.report().linears.size(), report.linears.size());
  }

  void cancelAndBadInputLeaveNothing() {
    if (demoModel().isEmpty() || storiesText().isEmpty()) QSKIP("the demo model or the TinyStories excerpt is missing");
    Harness h;
    Workbench& wb = h.wb();
    QVERIFY(h.openAndWait(demoModel()));
    QuantizeController& qc = wb.quantize();
    QuantizeForm* form = qc.page()->form();
    QVERIFY(waitFor([&] { return form->modelBox()->count() == 1; }));
    QTemporaryDir dir;

    // GPTQ without calibration text: refused before any job.
    choose(form->methodBox(), QStringLiteral("gptq"));
    form->outEdit()->setText(dir.filePath(QStringLiteral("x")));
    QCOMPARE(qc.startQuantize(), 0);
    QVERIFY2(form->notice().contains(QStringLiteral("calibration")), qPrintable(form->notice()));

    // A folder that does not exist: the engine's message names it; nothing is written.
    choose(form->methodBox(), QStringLiteral("rtn"));
    choose(form->formatBox(), QStringLiteral("safetensors"));
    form->outEdit()->setText(dir.filePath(QStringLiteral("missing/x")));
    QVERIFY(!runJob(wb, nullptr));
    const JobItem* failed = quantizeJob(wb);
    QCOMPARE(failed->state, JobItem::State::Failed);
    QVERIFY2(failed->message.contains(dir.filePath(QStringLiteral("missing"))), qPrintable(failed->message));

    // The MoE model as GGUF: refused with the reason (the GGUF export takes dense models).
    choose(form->formatBox(), QStringLiteral("gguf"));
    form->outEdit()->setText(dir.filePath(QStringLiteral("x.gguf")));
    QVERIFY(!runJob(wb, nullptr));
    QCOMPARE(quantizeJob(wb)->state, JobItem::State::Failed);
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());

    // A GPTQ job (seconds) cancelled at once: it ends cancelled and the folder stays empty.
    choose(form->methodBox(), QStringLiteral("gptq"));
    choose(form->formatBox(), QStringLiteral("safetensors"));
    QTemporaryDir calibDir;
    form->calibEdit()->setText(writeCalibration(calibDir.path()));
    form->calibSamplesBox()->setValue(16);
    form->calibLengthBox()->setValue(256);
    form->outEdit()->setText(dir.filePath(QStringLiteral("c")));
    QSignalSpy done(&qc, &QuantizeController::quantizeFinished);
    QVERIFY(qc.startQuantize());
    qc.cancelQuantize();
    QVERIFY(waitFor([&] { return done.count() > 0; }));
    QCOMPARE(done.first().at(1).toBool(), false);
    QCOMPARE(quantizeJob(wb)->state, JobItem::State::Cancelled);
    QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());
    QVERIFY(form->runButton()->isEnabled());
  }

  void moeCoverageMarksStarvedExperts() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    if (storiesText().isEmpty()) QSKIP("the TinyStories excerpt not found under DSW_DATA_DIR");
    // The bundled DeepSeek-V3-architecture model (MoE + MLA) quantised from the form with GPTQ on a
    // deliberately short calibration text, written as a GPTQ-layout safetensors folder (the GGUF
    // export takes dense models only), measured against the original and opened beside it.
    Harness h;
    Workbench& wb = h.wb();
    QVERIFY(h.openAndWait(demoModel()));
    QuantizeController& qc = wb.quantize();
    QuantizeForm* form = qc.page()->form();
    QVERIFY(waitFor([&] { return form->modelBox()->count() == 1; }));
    QTemporaryDir dir;
    choose(form->methodBox(), QStringLiteral("gptq"));
    choose(form->formatBox(), QStringLiteral("safetensors"));
    QVERIFY(form->outEdit()->text().endsWith(QStringLiteral("demo-model-q4_0-g32-gptq")));  // a folder name
    form->calibEdit()->setText(writeCalibration(dir.path()));
    form->calibSamplesBox()->setValue(1);
    form->calibLengthBox()->setValue(6);
    form->evalEdit()->setText(storiesText());
    form->evalCtxBox()->setValue(128);
    form->outEdit()->setText(dir.filePath(QStringLiteral("demo-q4")));
    QVERIFY(runJob(wb, nullptr));
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("demo-q4/model.safetensors"))).isFile());
    QVERIFY(qc.quality().has_value());
    QVERIFY(qc.quality()->routing_jaccard.has_value());  // MoE: routing agreement measured
    QVERIFY(qc.page()->result()->card()->value(QStringLiteral("Routing agreement (Jaccard)")).endsWith(u'%'));
    QVERIFY(waitFor([&] { return wb.models().readyModels().size() == 2; }, 60000));  // opened beside the original
    const auto& report = qc.report();
    QVERIFY(report.experts > 0);
    CoverageHeatmap* map = qc.page()->result()->coverageMap();
    QCOMPARE(map->rows(), int(report.layers));
    QCOMPARE(map->columns(), int(report.experts));
    QCOMPARE(map->zeroCells(), int(report.rtn_fallback_experts.size()));
    QVERIFY(map->zeroCells() > 0);
    // Exactly the starved experts are drawn in the "missing" colour.
    int zeroColoured = 0;
    QColor zeroColour;
    for (int layer = 0; layer < map->rows(); ++layer)
      for (int e = 0; e < map->columns(); ++e)
        if (report.expert_tokens[size_t(layer) * size_t(report.experts) + size_t(e)] == 0) {
          zeroColour = map->cellColor(layer, e);
          ++zeroColoured;
        }
    for (int layer = 0; layer < map->rows(); ++layer)
      for (int e = 0; e < map->columns(); ++e) {
        const int64_t n = report.expert_tokens[size_t(layer) * size_t(report.experts) + size_t(e)];
        QCOMPARE(map->cellColor(layer, e) == zeroColour, n == 0);
      }
    QCOMPARE(zeroColoured, map->zeroCells());
    QVERIFY(qc.page()->result()->card()->value(QStringLiteral("Experts without calibration tokens (RTN)")) ==
            QString::number(report.rtn_fallback_experts.size()));
  }

  // The area as the README shows it: stories260K quantised to INT4 with GPTQ and measured against
  // the original (quantize.png: the form and the summary; quantize-layers.png: the error bars), and
  // the coverage map of the MoE demo model with a deliberately short calibration text.
  void rendersScreenshots() {
    if (storiesModel().isEmpty() || storiesText().isEmpty() || demoModel().isEmpty())
      QSKIP("stories260K-hf, the TinyStories excerpt or the demo model is missing");
    QDir().mkpath(screenshotDir());
    Harness h;
    Workbench& wb = h.wb();
    QVERIFY(h.openAndWait(storiesModel()));
    wb.window()->logDock()->hide();  // the area needs the height
    wb.window()->showArea(QStringLiteral("quantize"));
    QuantizeController& qc = wb.quantize();
    QuantizeForm* form = qc.page()->form();
    QVERIFY(waitFor([&] { return form->modelBox()->count() == 1; }));
    QTemporaryDir dir;
    choose(form->methodBox(), QStringLiteral("gptq"));
    form->calibEdit()->setText(writeCalibration(dir.path()));
    form->calibSamplesBox()->setValue(16);
    form->calibLengthBox()->setValue(128);
    form->evalEdit()->setText(storiesText());
    form->openResultBox()->setChecked(false);
    form->outEdit()->setText(dir.filePath(QStringLiteral("stories260K-q4_0-g32-gptq.gguf")));
    QVERIFY(runJob(wb, nullptr));
    QVERIFY(qc.quality().has_value());
    QuantizeResultView* view = qc.page()->result();
    auto shoot = [&](const QString& file) {
      QTest::qWait(150);
      const QPixmap pm = wb.window()->grab();
      QVERIFY(!pm.isNull());
      QVERIFY2(pm.save(QDir(screenshotDir()).filePath(file)), qPrintable(file));
    };
    view->tabs()->setCurrentIndex(0);
    shoot(QStringLiteral("quantize.png"));
    view->tabs()->setCurrentIndex(1);
    shoot(QStringLiteral("quantize-layers.png"));

    auto runner = dsw::Runner::open(demoModel().toStdString());
    QVERIFY(runner.is_ok());
    dsw::QuantizeOptions o;
    o.method = dsw::QuantMethod::gptq;
    o.calib_file = writeCalibration(dir.path()).toStdString();
    o.calib_samples = 2;
    o.calib_length = 24;
    auto q = dsw::quantize_model((*runner)->model(), (*runner)->tokenizer(), o);
    QVERIFY(q.is_ok());
    QuantizeOutcome outcome;
    outcome.report = q->report;
    outcome.report.model_path = demoModel().toStdString();
    outcome.report.output_path = (demoModel() + QStringLiteral("-q4_0-g32-gptq")).toStdString();
    qc.showOutcome(outcome);
    view->tabs()->setCurrentIndex(2);
    shoot(QStringLiteral("quantize-coverage.png"));
  }
};

QTEST_MAIN(QuantizeTest)
#include "quantize_test.moc"
