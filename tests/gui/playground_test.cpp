// Playground: streaming generation on the stories260K fixture reproduces the published greedy
// sample through the GUI; tokens arrive in several batches; Stop ends a long generation mid-way and
// keeps the text; hovering a token shows its probability and top-5 alternatives; chat goes through
// the model's chat template (the demo model's DeepSeek-V3 format); the conversation can be copied
// and exported.
#include "GuiHarness.h"

#include "JobTableModel.h"
#include "JobsController.h"
#include "MainWindow.h"
#include "ModelWorker.h"
#include "ModelsController.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"
#include "TokenView.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QThread>
#include <QSpinBox>
#include <QTest>
#include <QTextBrowser>
#include <QToolTip>
#include <QMouseEvent>
#include <QHelpEvent>

#include <atomic>
#include <memory>

using namespace guitest;

namespace {

void setRawGreedy(PlaygroundPage* page, int maxTokens) {
  page->modeBox()->setCurrentIndex(page->modeBox()->findData(QStringLiteral("raw")));
  page->greedyBox()->setChecked(true);
  page->maxTokensBox()->setValue(maxTokens);
}

}  // namespace

class PlaygroundTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void streamsThePublishedGreedySample() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    Harness h;
    QVERIFY(h.openAndWait(storiesModel()));
    PlaygroundController& pg = h.wb().playground();
    PlaygroundPage* page = pg.page();
    setRawGreedy(page, 60);
    QSignalSpy shown(&pg, &PlaygroundController::tokensShown);
    QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
    // An empty completion prompt starts from BOS, as llama2.c's ./run does.
    QTest::mouseClick(page->sendButton(), Qt::LeftButton);
    QVERIFY(pg.isGenerating());
    QVERIFY(!page->sendButton()->isEnabled());
    QVERIFY(page->stopButton()->isEnabled());
    QVERIFY(waitFor([&] { return finished.count() > 0; }));
    const GenerationStats stats = finished.first().first().value<GenerationStats>();
    QCOMPARE(stats.reason, QStringLiteral("max_tokens"));
    QCOMPARE(stats.generatedTokens, 60);
    QVERIFY2(stats.text.startsWith(QStringLiteral("Once upon a time, there was a little girl named Lily. She loved to play outside in the park.")),
             qPrintable(stats.text));
    // What streamed into the window is what the engine generated.
    QVERIFY(shown.count() >= 1);
    QCOMPARE(page->tokenView()->tokenCount(), 60);
    QVERIFY(page->transcript()->toPlainText().contains(stats.text));
    QVERIFY(page->sendButton()->isEnabled());
    QVERIFY(!page->stopButton()->isEnabled());
    QVERIFY(page->tokensPerSecondLabel()->text() != QStringLiteral("—"));
    const JobItem* job = h.wb().jobs().model()->at(0);
    QCOMPARE(job->kind, QStringLiteral("generate"));
    QCOMPARE(int(job->state), int(JobItem::State::Succeeded));
  }

  void tokensStreamInSeveralBatches() {
    QString error;
    const QString slow = randomTinyV3Model(&error);  // the 11 MB bundled model outruns the 40 ms drains
    QVERIFY2(!slow.isEmpty(), qPrintable(error));
    Harness h;
    QVERIFY(h.openAndWait(slow));
    PlaygroundController& pg = h.wb().playground();
    setRawGreedy(pg.page(), 120);  // ~1 s on one core: many 40 ms drains
    QSignalSpy shown(&pg, &PlaygroundController::tokensShown);
    QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
    QVERIFY(pg.send(QStringLiteral("The capital of France is")));
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 120000));
    QVERIFY2(shown.count() >= 3, qPrintable(QString::number(shown.count())));
    // Each batch shows more tokens than the one before: the view grew while the model ran.
    for (int i = 1; i < shown.count(); ++i) QVERIFY(shown[i].first().toInt() > shown[i - 1].first().toInt());
    QCOMPARE(pg.page()->tokenView()->tokenCount(), finished.first().first().value<GenerationStats>().generatedTokens);
  }

  void stopEndsGenerationMidwayAndKeepsTheText() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    Harness h;
    QVERIFY(h.openAndWait(storiesModel()));
    PlaygroundController& pg = h.wb().playground();
    PlaygroundPage* page = pg.page();
    setRawGreedy(page, 500);  // the whole context
    QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
    // The worker holds after its first token until Stop has been pressed: on a fast machine the
    // 500 tokens would otherwise all be generated before the first 40 ms drain shows any of them.
    auto stopPressed = std::make_shared<std::atomic<bool>>(false);
    const OpenModel* open = h.wb().models().model(pg.shownModel());
    QVERIFY(open && open->worker);
    connect(open->worker, &ModelWorker::tokensPending, open->worker, [stopPressed](int) {
      for (int i = 0; i < 2000 && !stopPressed->load(); ++i) QThread::msleep(5);
    }, Qt::DirectConnection);
    // Press Stop as soon as the first tokens are on screen.
    connect(&pg, &PlaygroundController::tokensShown, page->stopButton(), [page, stopPressed] {
      if (page->stopButton()->isEnabled()) QTest::mouseClick(page->stopButton(), Qt::LeftButton);
      stopPressed->store(true);
    });
    QVERIFY(pg.send(QStringLiteral("Once upon a time")));
    QVERIFY(waitFor([&] { return finished.count() > 0; }));
    const GenerationStats stats = finished.first().first().value<GenerationStats>();
    QVERIFY2(stats.reason == u"callback" || stats.reason == u"cancelled", qPrintable(stats.reason));
    QVERIFY2(stats.generatedTokens > 0 && stats.generatedTokens < 500, qPrintable(QString::number(stats.generatedTokens)));
    // Nothing is lost: the partial continuation is in the conversation and on screen.
    QCOMPARE(pg.conversation().size(), 2);
    QCOMPARE(pg.conversation().last().content, stats.text);
    QVERIFY(page->transcript()->toPlainText().contains(stats.text.left(20)));
    const JobItem* job = h.wb().jobs().model()->at(0);
    QCOMPARE(int(job->state), int(JobItem::State::Cancelled));
    QVERIFY(page->sendButton()->isEnabled());
  }

  void hoveringATokenShowsItsProbabilityAndTopFive() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    Harness h;
    QVERIFY(h.openAndWait(storiesModel()));
    PlaygroundController& pg = h.wb().playground();
    setRawGreedy(pg.page(), 12);
    QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
    QVERIFY(pg.send(QStringLiteral("Once upon a time")));
    QVERIFY(waitFor([&] { return finished.count() > 0; }));
    TokenView* view = pg.page()->tokenView();
    QCOMPARE(view->tokenCount(), 12);
    const TokenEntry& t = view->token(0);
    QVERIFY(t.prob > 0 && t.prob <= 1);
    QCOMPARE(t.top.size(), 5);
    // Greedy: the chosen token is the most likely one.
    QCOMPARE(t.top.first().first, t.text);
    QVERIFY(qAbs(t.top.first().second - t.prob) < 1e-6);
    for (int i = 1; i < 5; ++i) QVERIFY(t.top[i].second <= t.top[i - 1].second);
    // Hover: the chip under the mouse is highlighted and its tooltip lists the alternatives.
    h.wb().window()->showArea(QStringLiteral("playground"));
    QTest::qWait(50);
    QSignalSpy hovered(view, &TokenView::tokenHovered);
    const QPoint centre = view->tokenRect(3).center();
    QMouseEvent move(QEvent::MouseMove, centre, view->viewport()->mapToGlobal(centre), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(view->viewport(), &move);
    QCOMPARE(view->hoveredToken(), 3);
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.first().first().toInt(), 3);
    // The tooltip event shows the rich tooltip for that chip.
    QHelpEvent help(QEvent::ToolTip, centre, view->viewport()->mapToGlobal(centre));
    QCoreApplication::sendEvent(view->viewport(), &help);
    const QString tip = view->toolTipText(3);
    QVERIFY(waitFor([&] { return QToolTip::isVisible(); }, 2000));
    QCOMPARE(QToolTip::text(), tip);
    QVERIFY2(tip.contains(QStringLiteral("probability")), qPrintable(tip));
    QVERIFY(tip.contains(QStringLiteral("Top 5 alternatives")));
    for (const auto& alt : view->token(3).top) QVERIFY(tip.contains(TokenView::displayText(alt.first).toHtmlEscaped()));
  }

  void chatUsesTheTemplateAndCanBeCopiedAndExported() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    Harness h;
    QVERIFY(h.openAndWait(demoModel()));
    PlaygroundController& pg = h.wb().playground();
    PlaygroundPage* page = pg.page();
    QCOMPARE(page->modeBox()->currentData().toString(), QStringLiteral("chat"));
    page->greedyBox()->setChecked(true);
    page->maxTokensBox()->setValue(16);
    page->systemEdit()->setPlainText(QStringLiteral("Be brief."));
    QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
    page->promptEdit()->setPlainText(QStringLiteral("Hello"));
    QTest::keyClick(page->promptEdit(), Qt::Key_Return, Qt::ControlModifier);  // Ctrl+Enter sends
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 60000));
    const GenerationStats stats = finished.first().first().value<GenerationStats>();
    // The DeepSeek-V3 template wraps the turn: BOS, system text, <｜User｜>Hello<｜Assistant｜>.
    QVERIFY2(stats.promptTokens >= 6, qPrintable(QString::number(stats.promptTokens)));
    QCOMPARE(pg.conversation().size(), 2);
    QCOMPARE(pg.conversation().first().content, QStringLiteral("Hello"));
    QVERIFY(page->promptEdit()->toPlainText().isEmpty());

    // A second turn continues the same conversation.
    finished.clear();
    QVERIFY(pg.send(QStringLiteral("And then?")));
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 60000));
    QCOMPARE(pg.conversation().size(), 4);
    QVERIFY(finished.first().first().value<GenerationStats>().promptTokens > stats.promptTokens);

    pg.copyConversation();
    const QString copied = QGuiApplication::clipboard()->text();
    QVERIFY(copied.contains(QStringLiteral("You: Hello")));
    QVERIFY(copied.contains(QStringLiteral("And then?")));
    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("chat.json"));
    QVERIFY(pg.exportConversation(json));
    QFile f(json);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    const QJsonArray messages = root.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 5);  // system + two turns
    QCOMPARE(messages[0].toObject().value(QStringLiteral("role")).toString(), QStringLiteral("system"));
    QCOMPARE(messages[1].toObject().value(QStringLiteral("content")).toString(), QStringLiteral("Hello"));
    QVERIFY(pg.exportConversation(dir.filePath(QStringLiteral("chat.md"))));
    pg.clearConversation();
    QVERIFY(pg.conversation().isEmpty());
    QCOMPARE(page->tokenView()->tokenCount(), 0);
  }
};

QTEST_MAIN(PlaygroundTest)
#include "playground_test.moc"
