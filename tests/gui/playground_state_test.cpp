// Playground state belongs to its model: switching models shows that model's conversation,
// banner, sampling settings and Speed panel (never the previous model's text under the new
// model's name); closing a model that is generating asks first; the Speed headline is the chart's
// last point; raw special tokens are hidden unless asked for; a completion exported to Markdown is
// a prompt and its continuation, not a user and an assistant.
#include "GuiHarness.h"

#include "ChartAdapter.h"
#include "Format.h"
#include "JobTableModel.h"
#include "JobsController.h"
#include "ModelsController.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"
#include "SpecialTokens.h"
#include "TokenView.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <cmath>

using namespace guitest;

namespace {

void setMode(PlaygroundPage* page, const char* mode, bool greedy, int maxTokens) {
  page->modeBox()->setCurrentIndex(page->modeBox()->findData(QLatin1String(mode)));
  page->greedyBox()->setChecked(greedy);
  page->maxTokensBox()->setValue(maxTokens);
}

bool generate(PlaygroundController& pg, const QString& prompt, int timeoutMs = 120000) {
  QSignalSpy finished(&pg, &PlaygroundController::generationFinished);
  if (!pg.send(prompt)) return false;
  return waitFor([&] { return finished.count() > 0; }, timeoutMs);
}

QString notice(PlaygroundPage* page) {
  for (QLabel* l : page->findChildren<QLabel*>())
    if (l->objectName() == u"cardBadge") return l->isVisibleTo(page) ? l->text() : QString();
  return {};
}

}  // namespace

class PlaygroundStateTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void eachModelKeepsItsOwnConversationSettingsAndSpeed() {
    const QString untrained = randomTinyV3Model();  // an untrained model: its banner and its noise
    if (untrained.isEmpty() || storiesModel().isEmpty()) QSKIP("needs the random tiny V3 model and stories260K-hf");
    Harness h;
    const int demo = h.openAndWait(untrained);
    const int stories = h.openAndWait(storiesModel());
    QVERIFY(demo && stories);
    PlaygroundController& pg = h.wb().playground();
    PlaygroundPage* page = pg.page();

    pg.selectModel(stories);
    QCOMPARE(pg.shownModel(), stories);
    setMode(page, "raw", true, 30);
    page->temperatureBox()->setValue(0.5);
    QVERIFY(generate(pg, QStringLiteral("Once upon a time")));
    const QString storiesText = page->transcript()->toPlainText();
    const QString storiesSpeed = page->tokensPerSecondLabel()->text();
    QVERIFY(storiesText.contains(QStringLiteral("Once upon a time")));
    QVERIFY(storiesSpeed != QStringLiteral("—"));
    QCOMPARE(page->tokenView()->tokenCount(), 30);
    QVERIFY(notice(page).isEmpty());  // a trained model: no banner

    // The demo model shows its own (empty) state, its banner and its own settings.
    pg.selectModel(demo);
    QCOMPARE(pg.shownModel(), demo);
    QVERIFY(!page->transcript()->toPlainText().contains(QStringLiteral("Once upon a time")));
    QCOMPARE(page->tokensPerSecondLabel()->text(), QStringLiteral("—"));
    QCOMPARE(page->tokenView()->tokenCount(), 0);
    QVERIFY2(notice(page).contains(QStringLiteral("untrained")), qPrintable(notice(page)));
    QVERIFY(std::fabs(page->temperatureBox()->value() - PlaygroundSettings::defaults().temperature) < 1e-6);
    QVERIFY(page->chatMode());  // stories' completion mode stayed with stories
    page->temperatureBox()->setValue(1.25);
    page->systemEdit()->setPlainText(QStringLiteral("Be brief."));
    setMode(page, "chat", true, 6);
    QVERIFY(generate(pg, QStringLiteral("Hello")));
    const QString demoText = page->transcript()->toPlainText();
    QVERIFY(demoText.contains(QStringLiteral("Hello")));

    // Back to stories: its conversation, speed, chips and settings, as they were.
    pg.selectModel(stories);
    QCOMPARE(page->transcript()->toPlainText(), storiesText);
    QCOMPARE(page->tokensPerSecondLabel()->text(), storiesSpeed);
    QCOMPARE(page->tokenView()->tokenCount(), 30);
    QCOMPARE(page->temperatureBox()->value(), 0.5);
    QVERIFY(!page->chatMode());
    QVERIFY(page->systemEdit()->toPlainText().isEmpty());
    QVERIFY(notice(page).isEmpty());
    pg.selectModel(demo);
    QCOMPARE(page->transcript()->toPlainText(), demoText);
    QCOMPARE(page->temperatureBox()->value(), 1.25);
    QCOMPARE(page->systemEdit()->toPlainText(), QStringLiteral("Be brief."));
  }

  void closingAGeneratingModelAsksFirst() {
    const QString untrained = randomTinyV3Model();  // an untrained model: its banner and its noise
    if (untrained.isEmpty() || storiesModel().isEmpty()) QSKIP("needs the random tiny V3 model and stories260K-hf");
    Harness h;
    const int stories = h.openAndWait(storiesModel());
    const int demo = h.openAndWait(untrained);
    QVERIFY(demo && stories);
    PlaygroundController& pg = h.wb().playground();
    PlaygroundPage* page = pg.page();
    ModelsController& models = h.wb().models();
    pg.selectModel(stories);
    setMode(page, "raw", true, 20);
    QVERIFY(generate(pg, QStringLiteral("Once upon a time")));
    const QString storiesText = page->transcript()->toPlainText();

    pg.selectModel(demo);
    setMode(page, "raw", true, 4000);
    QSignalSpy shown(&pg, &PlaygroundController::tokensShown);
    QVERIFY(pg.send(QStringLiteral("The")));
    const int job = pg.activeJob();
    QVERIFY(waitFor([&] { return shown.count() > 0; }, 60000));

    // Looking at another model while the demo model generates: that model's state, Send waits.
    pg.selectModel(stories);
    QCOMPARE(page->transcript()->toPlainText(), storiesText);
    QVERIFY(!page->sendButton()->isEnabled());
    QVERIFY(!page->stopButton()->isEnabled());  // Stop belongs to the generating model's view
    QVERIFY2(notice(page).contains(QStringLiteral("is generating")), qPrintable(notice(page)));
    pg.selectModel(demo);
    QVERIFY(page->stopButton()->isEnabled());

    // Closing it asks; "Keep it open" keeps it (and the generation) going.
    models.closeModel(demo);
    QMessageBox* box = models.closeConfirmation();
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(models.model(demo));
    QVERIFY(pg.isGenerating());
    box->findChild<QPushButton*>(QStringLiteral("keepOpen"))->click();
    QVERIFY(waitFor([&] { return !models.closeConfirmation(); }));
    QVERIFY(models.model(demo));
    QVERIFY(pg.isGenerating());

    // Asked again and confirmed: the model closes, the job ends, and what is shown is the
    // remaining model's own state — not the closed model's text under its name.
    models.closeModel(demo);
    box = models.closeConfirmation();
    QVERIFY(box);
    box->findChild<QPushButton*>(QStringLiteral("confirmClose"))->click();
    QVERIFY(waitFor([&] { return !models.model(demo); }));
    QVERIFY(!pg.isGenerating());
    QCOMPARE(pg.shownModel(), stories);
    QCOMPARE(page->transcript()->toPlainText(), storiesText);
    QVERIFY(!notice(page).contains(QStringLiteral("untrained")));
    QVERIFY(!pg.state(demo));
    const JobItem* row = h.wb().jobs().job(job);
    QVERIFY(row);
    QCOMPARE(int(row->state), int(JobItem::State::Cancelled));

    // A model that is not generating closes without a question.
    models.closeModel(stories);
    QVERIFY(!models.closeConfirmation());
    QVERIFY(!models.model(stories));
    QCOMPARE(pg.shownModel(), 0);
    QVERIFY(notice(page).contains(QStringLiteral("Open a model")));
  }

  void headlineIsTheChartsLastPoint() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    Harness h;
    QVERIFY(h.openAndWait(storiesModel()));
    PlaygroundController& pg = h.wb().playground();
    PlaygroundPage* page = pg.page();
    setMode(page, "raw", true, 80);
    QVERIFY(generate(pg, QStringLiteral("Once upon a time")));
    const QPointF last = page->chart()->lastPoint();
    QCOMPARE(int(last.x()), 80);
    QVERIFY(last.y() > 0);
    QCOMPARE(page->tokensPerSecondLabel()->text(), Format::rate(last.y()));
    QCOMPARE(pg.state(pg.shownModel())->decodeRate(), last.y());
    // The figures are formatted (no raw doubles), the first token's time in a unit that fits.
    QVERIFY(!page->tokensPerSecondLabel()->text().contains(QRegularExpression(QStringLiteral("\\.\\d{4,}"))));
  }

  void specialTokensAreHiddenUnlessAsked() {
    QVERIFY(SpecialTokens::isSpecial(QStringLiteral("<|place_holder_no_508|>")));
    QVERIFY(SpecialTokens::isSpecial(QStringLiteral("<｜end▁of▁sentence｜>")));
    QVERIFY(!SpecialTokens::isSpecial(QStringLiteral("a <| b |> c")));
    QCOMPARE(SpecialTokens::hide(QStringLiteral("x<|place_holder_no_1|>y<|im_end|>")), QStringLiteral("xy"));
    const QString untrained = randomTinyV3Model();  // samples placeholders among its noise
    if (untrained.isEmpty()) QSKIP("the random tiny V3 model could not be made");
    Harness h;
    QVERIFY(h.openAndWait(untrained));
    PlaygroundController& pg = h.wb().playground();
    PlaygroundPage* page = pg.page();
    QVERIFY(!page->showSpecialBox()->isChecked());  // hidden by default
    // The untrained model samples placeholders among its noise; this seed yields some.
    setMode(page, "raw", false, 400);
    page->seedBox()->setValue(11);
    page->temperatureBox()->setValue(1.5);
    page->topKBox()->setValue(0);
    page->topPBox()->setValue(1.0);
    page->minPBox()->setValue(0.0);
    QVERIFY(generate(pg, QStringLiteral("The")));
    const PlaygroundState* st = pg.state(pg.shownModel());
    QVERIFY(st);
    int special = 0;
    for (const auto& t : st->tokens) special += SpecialTokens::isSpecial(t.text) ? 1 : 0;
    QVERIFY2(special > 0, "the run produced no special token; choose another seed");
    QCOMPARE(page->tokenView()->tokenCount(), int(st->tokens.size()) - special);
    QVERIFY(!page->transcript()->toPlainText().contains(QStringLiteral("<|")));
    QVERIFY(st->conversation.last().content.contains(QStringLiteral("<|")));  // the conversation keeps them
    page->showSpecialBox()->setChecked(true);
    QCOMPARE(page->tokenView()->tokenCount(), int(st->tokens.size()));
    QVERIFY(page->transcript()->toPlainText().contains(QStringLiteral("<|")));
  }

  void completionExportsAsPromptAndContinuation() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    Harness h;
    QVERIFY(h.openAndWait(demoModel()));
    PlaygroundController& pg = h.wb().playground();
    setMode(pg.page(), "raw", true, 8);
    QVERIFY(generate(pg, QStringLiteral("In the beginning")));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("completion.md"));
    QVERIFY(pg.exportConversation(path));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString md = QString::fromUtf8(f.readAll());
    QVERIFY2(md.contains(QStringLiteral("**Prompt**\n\nIn the beginning")), qPrintable(md));
    QVERIFY(md.contains(QStringLiteral("**Continuation**")));
    QVERIFY(!md.contains(QStringLiteral("**user**")) && !md.contains(QStringLiteral("**assistant**")));
    // A chat is a conversation between you and the assistant.
    setMode(pg.page(), "chat", true, 4);
    QVERIFY(generate(pg, QStringLiteral("Hi")));
    QVERIFY(pg.exportConversation(path));
    f.close();
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString chat = QString::fromUtf8(f.readAll());
    QVERIFY2(chat.contains(QStringLiteral("**You**\n\nHi")) && chat.contains(QStringLiteral("**Assistant**")), qPrintable(chat));
  }
};

QTEST_MAIN(PlaygroundStateTest)
#include "playground_state_test.moc"
