// Numbers are shown with 3-4 significant digits and a unit that fits, never raw: the formatting
// helpers, the token tooltip (a tiny probability reads "< 0.0001", not 0.0000), the benchmark
// list (its tooltip keeps the stored value), the Playground's figures after a real generation,
// and the engine's model description in the log ("260K", not "0.00B").
#include "GuiHarness.h"

#include "BenchTableModel.h"
#include "Format.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"
#include "ServePage.h"
#include "TokenView.h"

#include <dsw/model.h>
#include <dsw/model_files.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QTextDocument>

using namespace guitest;

class FormatTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void helpers() {
    QCOMPARE(Format::number(0.0651941), QStringLiteral("0.06519"));
    QCOMPARE(Format::number(12345.6), QStringLiteral("12346"));
    QCOMPARE(Format::number(2.5), QStringLiteral("2.5"));
    QCOMPARE(Format::number(9.99996), QStringLiteral("10"));
    QCOMPARE(Format::number(3e-7), QStringLiteral("< 0.0001"));
    QCOMPARE(Format::number(0), QStringLiteral("0"));
    QCOMPARE(Format::duration(0.00579118), QStringLiteral("5.79 ms"));
    QCOMPARE(Format::duration(0.00042), QStringLiteral("420 µs"));
    QCOMPARE(Format::duration(3.256), QStringLiteral("3.26 s"));
    QCOMPARE(Format::duration(75.2), QStringLiteral("1 min 15 s"));
    QCOMPARE(Format::milliseconds(5.79118), QStringLiteral("5.79 ms"));
    QCOMPARE(Format::count(260000), QStringLiteral("260K"));
    QCOMPARE(Format::count(1346471936), QStringLiteral("1.35B"));
    QCOMPARE(Format::count(999700), QStringLiteral("1M"));
    QCOMPARE(Format::count(999), QStringLiteral("999"));
    QCOMPARE(Format::rate(12.345), QStringLiteral("12.3"));
    QCOMPARE(Format::rate(0.0651941), QStringLiteral("0.0652"));
    QCOMPARE(Format::rate(1234.5), QStringLiteral("1235"));
    QCOMPARE(Format::probability(0.98765), QStringLiteral("0.9877"));
    QCOMPARE(Format::probability(3e-7), QStringLiteral("< 0.0001"));
    QCOMPARE(Format::bytes(1536), QStringLiteral("1.5 KiB"));
    QCOMPARE(Format::mebibytes(2790), QStringLiteral("2.72 GiB"));
    QCOMPARE(Format::change(-200), QStringLiteral("-200"));
    QCOMPARE(Format::change(0.8123), QStringLiteral("+0.812"));
  }

  void viewsShowFormattedNumbers() {
    TokenView view;
    TokenEntry t;
    t.id = 5;
    t.text = QStringLiteral("<|place_holder_no_508|>");
    t.prob = 3.2e-6;
    t.top = {{QStringLiteral("the"), 0.51234}, {QStringLiteral("a"), 1e-9}};
    view.appendTokens({t});
    const QString tip = view.toolTipText(0);
    QVERIFY2(tip.contains(QStringLiteral("&lt; 0.0001")), qPrintable(tip));  // escaped: shown, not taken for a tag
    QVERIFY(!tip.contains(QStringLiteral("0.0000")));
    QTextDocument shown;  // what the tooltip shows: both tiny probabilities, as text
    shown.setHtml(tip);
    QCOMPARE(shown.toPlainText().count(QStringLiteral("< 0.0001")), 2);
    QVERIFY(tip.contains(QStringLiteral("0.5123")));

    BenchTableModel model;
    model.setColumns({{QStringLiteral("decode_tps"), QStringLiteral("Decode"), true}});
    BenchTableModel::Run run;
    run.id = 1;
    run.values = {QVariant(0.0651941)};
    model.setRuns({run});
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("0.06519"));
    QCOMPARE(model.index(0, 0).data(Qt::ToolTipRole).toString().toDouble(), 0.0651941);  // the stored value

    // Serve's live figures: significant digits and a fitting unit, not fixed decimals.
    ServePage serve;
    ServeFigures f;
    f.qps = 33.6049;
    f.tokensPerS = 1612.84;
    f.p50Ms = 0.42;
    f.p99Ms = 5.79118;
    f.batch = 7.04166;
    serve.setFigures(f);
    QCOMPARE(serve.figureLabel(0)->text(), Format::rate(33.6049));
    QCOMPARE(serve.figureLabel(1)->text(), Format::rate(1612.84));
    QCOMPARE(serve.figureLabel(2)->text(), Format::milliseconds(0.42));
    QVERIFY2(serve.figureLabel(2)->text().contains(QStringLiteral("µs")), qPrintable(serve.figureLabel(2)->text()));
    QCOMPARE(serve.figureLabel(3)->text(), QStringLiteral("5.79 ms"));
    QCOMPARE(serve.figureLabel(4)->text(), QStringLiteral("7.04"));
  }

  void playgroundAndLogFigures() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    // The engine's own description, which the log shows when a model opens.
    auto files = dsw::open_model(storiesModel().toStdString());
    QVERIFY(files.is_ok());
    auto model = dsw::Model::load(std::move(files).value());
    QVERIFY(model.is_ok());
    const QString description = QString::fromStdString((*model)->description());
    QVERIFY2(QRegularExpression(QStringLiteral("^llama \\d{1,3}(\\.\\d+)?K ")).match(description).hasMatch(), qPrintable(description));

    Harness h;
    QVERIFY(h.openAndWait(storiesModel()));
    PlaygroundController& pg = h.wb().playground();
    PlaygroundPage* page = pg.page();
    page->modeBox()->setCurrentIndex(page->modeBox()->findData(QStringLiteral("raw")));
    page->greedyBox()->setChecked(true);
    page->maxTokensBox()->setValue(40);
    QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
    QVERIFY(pg.send(QStringLiteral("Once upon a time")));
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 60000));
    // The Speed panel: no raw doubles, and the first token's time in a unit that fits (not "0 ms").
    QStringList figures{page->tokensPerSecondLabel()->text()};
    for (QLabel* l : page->findChildren<QLabel*>())
      if (l->parentWidget() == page->tokensPerSecondLabel()->parentWidget()) figures << l->text();
    for (const QString& f : figures) QVERIFY2(!f.contains(QRegularExpression(QStringLiteral("\\d\\.\\d{5,}"))), qPrintable(f));
    QVERIFY(!figures.contains(QStringLiteral("0 ms")));
    QVERIFY(figures.filter(QRegularExpression(QStringLiteral("^\\d+(\\.\\d+)? (µs|ms|s)$"))).size() >= 1);
  }
};

QTEST_MAIN(FormatTest)
#include "format_test.moc"
