// Models area: the bundled demo model opens by default and is labelled untrained; the stories260K
// fixture opens from MODEL_PATH, a drop, and the recent list; its card and tensor browser show the
// real facts; several models stay open at once; a corrupt or unsupported file shows the engine's
// message in a dialog and the app stays usable; a SHA-256 job computes the right digest and can be
// cancelled mid-way.
#include "GuiHarness.h"

#include "FilterableTableView.h"
#include "JobTableModel.h"
#include "JobsController.h"
#include "JobsPage.h"
#include "KeyValueCard.h"
#include "MainWindow.h"
#include "ModelsController.h"
#include "ModelsPage.h"
#include "PlaygroundController.h"
#include "PlaygroundPage.h"

#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QTimer>
#include <QCryptographicHash>
#include <QPushButton>
#include <QScrollBar>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QUrl>

using namespace guitest;

namespace {

QString malformed(const QString& rel) { return QDir(sourceDir()).filePath(QStringLiteral("tests/data/malformed/") + rel); }

// Finds the job of `kind` in the Jobs model (newest first).
const JobItem* newestJob(JobsController& jobs, const QString& kind) {
  for (int r = 0; r < jobs.model()->rowCount(); ++r)
    if (const JobItem* j = jobs.model()->at(r); j && j->kind == kind) return j;
  return nullptr;
}

}  // namespace

class ModelsTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    applyAppLook();
    QApplication::setAttribute(Qt::AA_DontUseNativeDialogs);  // Qt's own dialogs, which the test can close
  }

  void opensBundledDemoModelByDefault() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    Harness h({}, true);
    const int id = h.waitForFirstModel();
    QVERIFY(id);
    const OpenModel* m = h.wb().models().model(id);
    QCOMPARE(m->summary.architecture, QStringLiteral("deepseek_v3"));
    // The bundled model is trained (resources/demo-model/MODEL_CARD.md): no untrained banner.
    QVERIFY(!m->summary.untrained);
    QVERIFY(m->summary.moe && m->summary.mla);
    KeyValueCard* card = h.wb().models().page()->card();
    QVERIFY2(card->badge().isEmpty(), qPrintable(card->badge()));
    QCOMPARE(card->value(QStringLiteral("Architecture")), QStringLiteral("DeepSeek-V3 (MoE + MLA)"));
    QCOMPARE(card->value(QStringLiteral("Routed experts")), QStringLiteral("16"));
    QCOMPARE(card->value(QStringLiteral("Experts per token")), QStringLiteral("4"));
    QVERIFY(card->value(QStringLiteral("Router")).contains(QStringLiteral("noaux_tc")));
    // Ready to chat: the Playground offers it.
    PlaygroundPage* pg = h.wb().playground().page();
    QCOMPARE(pg->modelBox()->count(), 1);
    QVERIFY(pg->sendButton()->isEnabled());
  }

  void opensStoriesFromModelPathWithCardAndTensors() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    AppOptions o;
    o.modelPath = storiesModel();
    Harness h(o);
    const int id = h.waitForFirstModel();
    QVERIFY(id);
    const OpenModel* m = h.wb().models().model(id);
    QCOMPARE(m->summary.architecture, QStringLiteral("llama"));
    QCOMPARE(m->summary.layers, 5);
    QCOMPARE(m->summary.heads, 8);
    QCOMPARE(m->summary.kvHeads, 4);
    QCOMPARE(m->summary.vocab, 512);
    QVERIFY(!m->summary.untrained);
    KeyValueCard* card = h.wb().models().page()->card();
    QCOMPARE(card->title(), QStringLiteral("stories260K-hf"));
    QCOMPARE(card->value(QStringLiteral("Layers")), QStringLiteral("5"));
    QCOMPARE(card->value(QStringLiteral("Heads")), QStringLiteral("8 query, 4 key/value"));
    QVERIFY(card->badge().isEmpty());
    QCOMPARE(card->value(QStringLiteral("SHA-256")), QStringLiteral("not computed yet"));

    // Tensor browser: every tensor listed; the filter narrows by name.
    FilterableTableView* tensors = h.wb().models().page()->tensorView();
    const int all = tensors->visibleRowCount();
    QCOMPARE(all, int(m->summary.tensors.size()));
    QVERIFY(all > 10);
    tensors->setFilterText(QStringLiteral("q_proj"));
    QCOMPARE(tensors->visibleRowCount(), 5);  // one per layer
    for (int r = 0; r < tensors->visibleRowCount(); ++r)
      QVERIFY(tensors->proxy()->index(r, 0).data().toString().contains(QStringLiteral("q_proj")));
    tensors->setFilterText(QString());
    QCOMPARE(tensors->visibleRowCount(), all);

    // The load was a job and is in the history; the model is in the recent list.
    const JobItem* load = newestJob(h.wb().jobs(), QStringLiteral("load"));
    QVERIFY(load);
    QCOMPARE(int(load->state), int(JobItem::State::Succeeded));
    QListWidget* recent = h.wb().models().page()->recentList();
    QVERIFY(recent->count() >= 1);
    QCOMPARE(QDir(recent->item(0)->data(Qt::UserRole).toString()), QDir(storiesModel()));
  }

  void opensByDropAndRecentListAndKeepsSeveralOpen() {
    if (storiesModel().isEmpty() || demoModel().isEmpty()) QSKIP("needs stories260K-hf and the demo model");
    QTemporaryDir shared;
    {
      Harness h({}, false, shared.path());
      // Drag-and-drop a folder onto the window.
      QMimeData mime;
      mime.setUrls({QUrl::fromLocalFile(storiesModel())});
      QDragEnterEvent enter(QPoint(300, 300), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
      QCoreApplication::sendEvent(h.wb().window(), &enter);
      QVERIFY(enter.isAccepted());
      QDropEvent drop(QPointF(300, 300), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
      QCoreApplication::sendEvent(h.wb().window(), &drop);
      QVERIFY(waitFor([&] { return h.wb().models().readyModels().size() == 1; }));
      // A second model alongside.
      QVERIFY(h.openAndWait(demoModel()));
      QCOMPARE(h.wb().models().readyModels().size(), 2);
      QCOMPARE(h.wb().models().page()->openList()->count(), 2);
      QCOMPARE(h.wb().playground().page()->modelBox()->count(), 2);
    }
    // A new session with the same preferences: both are in the recent list; activating one opens it.
    Harness h({}, false, shared.path());
    QListWidget* recent = h.wb().models().page()->recentList();
    QCOMPARE(recent->count(), 2);
    QListWidgetItem* stories = nullptr;
    for (int i = 0; i < recent->count(); ++i)
      if (QDir(recent->item(i)->data(Qt::UserRole).toString()) == QDir(storiesModel())) stories = recent->item(i);
    QVERIFY(stories);
    emit recent->itemActivated(stories);
    QVERIFY(waitFor([&] { return h.wb().models().readyModels().size() == 1; }));
    QCOMPARE(h.wb().models().readyModels().first()->summary.architecture, QStringLiteral("llama"));
  }

  void corruptFilesShowTheEngineMessageAndTheAppStaysUsable() {
    Harness h;
    ModelsController& models = h.wb().models();
    struct Case {
      QString path, expected;
    };
    QTemporaryDir badFolder;  // a real config.json beside a truncated model.safetensors
    QFile::copy(malformed(QStringLiteral("safetensors/header_len_past_eof.safetensors")), badFolder.filePath(QStringLiteral("model.safetensors")));
    QFile cfg(badFolder.filePath(QStringLiteral("config.json")));
    QVERIFY(cfg.open(QIODevice::WriteOnly));
    cfg.write(R"({"model_type":"llama","hidden_size":64,"intermediate_size":172,"num_hidden_layers":5,"num_attention_heads":8,
                 "num_key_value_heads":4,"vocab_size":512,"max_position_embeddings":512})");
    cfg.close();
    QFile text(badFolder.filePath(QStringLiteral("notes.txt")));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("not a model");
    text.close();
    const QList<Case> cases = {
        {malformed(QStringLiteral("gguf/truncated_header.gguf")), QStringLiteral("truncated")},
        {malformed(QStringLiteral("llama2c/negative_n_layers.bin")), QStringLiteral("n_layers -5 must be positive")},
        {badFolder.path(), QStringLiteral("runs past the end")},
        {text.fileName(), QStringLiteral("unknown model format")},
    };
    for (const Case& c : cases) {
      QSignalSpy failed(&models, &ModelsController::openFailed);
      models.openModel(c.path);
      QVERIFY2(waitFor([&] { return failed.count() > 0; }), qPrintable(c.path));
      QMessageBox* box = models.errorDialog();
      QVERIFY(box);
      QVERIFY(box->isVisible());
      QVERIFY2(box->informativeText().contains(c.expected), qPrintable(box->informativeText()));
      QVERIFY(!box->text().isEmpty());  // the translated headline
      // The failed load is in the Jobs list with the engine's reason.
      const JobItem* job = newestJob(h.wb().jobs(), QStringLiteral("load"));
      QVERIFY(job);
      QCOMPARE(int(job->state), int(JobItem::State::Failed));
      QVERIFY2(job->message.contains(c.expected), qPrintable(job->message));
      box->close();
      QVERIFY(models.readyModels().isEmpty());
    }
    // Still usable: a good model opens afterwards.
    if (!storiesModel().isEmpty()) QVERIFY(h.openAndWait(storiesModel()));
  }

  void hashJobComputesTheDigest() {
    if (storiesModel().isEmpty()) QSKIP("stories260K-hf not found under DSW_DATA_DIR");
    Harness h;
    const int id = h.openAndWait(storiesModel());
    QVERIFY(id);
    QSignalSpy done(&h.wb().models(), &ModelsController::hashCompleted);
    QVERIFY(h.wb().models().computeHash(id));
    QVERIFY(waitFor([&] { return done.count() > 0; }));
    QFile f(QDir(storiesModel()).filePath(QStringLiteral("model.safetensors")));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString expected = QString::fromLatin1(QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex());
    QCOMPARE(h.wb().models().page()->card()->value(QStringLiteral("SHA-256")), expected);
    const JobItem* job = newestJob(h.wb().jobs(), QStringLiteral("hash"));
    QCOMPARE(int(job->state), int(JobItem::State::Succeeded));
    QVERIFY(job->message.contains(expected));
  }

  void hashJobCanBeCancelledMidway() {
    // A model big enough to hash in several 8 MiB progress steps: the random tiny DeepSeek-V3
    // (~66 MiB BF16; the bundled demo model is only 11 MB).
    QString error;
    const QString big = randomTinyV3Model(&error);
    QVERIFY2(!big.isEmpty(), qPrintable(error));
    Harness h;
    const int id = h.openAndWait(big);
    QVERIFY(id);
    // A make-model checkpoint is still flagged untrained (the banner is for such models only).
    QVERIFY(h.wb().models().model(id)->summary.untrained);
    const QString badge = h.wb().models().page()->card()->badge();
    QVERIFY2(badge.contains(QStringLiteral("Untrained demo model (random weights)")), qPrintable(badge));
    JobsController& jobs = h.wb().jobs();
    // Held at its first progress step, so "midway" does not depend on how fast this machine hashes.
    RunnerGate gate(h.wb().jobRunner());
    const int job = h.wb().models().computeHash(id);
    QVERIFY(job);
    QVERIFY(gate.waitHeld());
    // Cancel from the Jobs page once the job has made progress but is not done.
    QVERIFY(waitFor([&] {
      const JobItem* j = jobs.job(job);
      return j && j->state == JobItem::State::Running && j->progress > 0;
    }));
    QVERIFY(jobs.job(job)->progress < 1.0);
    h.wb().window()->showArea(QStringLiteral("jobs"));
    QTableView* table = jobs.page()->findChild<QTableView*>(QStringLiteral("jobsTable"));
    QVERIFY(table);
    table->selectRow(jobs.model()->rowOf(job));
    QPushButton* cancel = jobs.page()->cancelButton();
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QSignalSpy finished(&jobs, &JobsController::jobFinished);
    gate.letGo();
    QVERIFY(waitFor([&] { return jobs.job(job)->finished(); }));
    QCOMPARE(int(jobs.job(job)->state), int(JobItem::State::Cancelled));
    QVERIFY(jobs.job(job)->message.contains(QStringLiteral("cancel")));
    // The card went back to "not computed"; the model is still usable.
    QCOMPARE(h.wb().models().page()->card()->value(QStringLiteral("SHA-256")), QStringLiteral("not computed yet"));
    QVERIFY(h.wb().models().page()->hashButton()->isEnabled());
  }

  // First run: under the bundled (untrained) model's card, a hint says how to open a real model,
  // with Open file / Open folder buttons; a real model's card has none.
  void firstRunHintUnderTheBundledModelsCard() {
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    Harness h;
    ModelsController& models = h.wb().models();
    ModelsPage* page = models.page();
    const int demo = h.openAndWait(demoModel());
    QVERIFY(demo);
    QWidget* hint = page->firstRunHint();
    QVERIFY(hint->isVisible());
    const QString text = hint->findChildren<QLabel*>().value(1)->text();
    QVERIFY2(text.contains(QStringLiteral("Open file")) && text.contains(QStringLiteral("Open folder")) && text.contains(QStringLiteral("drop")),
             qPrintable(text));
    // Its buttons open the file and the folder dialog (closed again here).
    QSignalSpy file(page, &ModelsPage::openFileRequested), folder(page, &ModelsPage::openFolderRequested);
    const auto buttons = hint->findChildren<QPushButton*>();
    QCOMPARE(buttons.size(), 2);
    for (QPushButton* b : buttons) {
      bool dialogShown = false;
      QTimer::singleShot(300, [&] {
        if (auto* d = qobject_cast<QFileDialog*>(QApplication::activeModalWidget())) {
          dialogShown = true;
          d->reject();
        }
      });
      b->click();
      QVERIFY(dialogShown);
    }
    QCOMPARE(file.count(), 1);
    QCOMPARE(folder.count(), 1);
    if (storiesModel().isEmpty()) return;
    const int stories = h.openAndWait(storiesModel());
    QVERIFY(stories);
    models.selectModel(stories);
    QVERIFY(!hint->isVisible());
    models.selectModel(demo);
    QVERIFY(hint->isVisible());
  }

  // Switching models shows the other model's card from its top, not scrolled where the last was.
  void cardScrollsToTheTopOnAModelChange() {
    if (demoModel().isEmpty() || storiesModel().isEmpty()) QSKIP("needs the demo model and stories260K-hf");
    Harness h;
    ModelsController& models = h.wb().models();
    const int demo = h.openAndWait(demoModel());
    const int stories = h.openAndWait(storiesModel());
    QVERIFY(demo && stories);
    h.wb().window()->showArea(QStringLiteral("models"));
    models.selectModel(demo);
    QTest::qWait(50);
    models.page()->card()->setMaximumHeight(220);  // short enough for any card to scroll
    QTest::qWait(50);
    QScrollBar* bar = models.page()->card()->verticalScrollBar();
    QVERIFY2(bar->maximum() > 0, "the card does not scroll");
    bar->setValue(bar->maximum());
    models.selectModel(stories);
    QTest::qWait(20);
    QCOMPARE(bar->value(), 0);
    // The same model's card refreshed (a hash job starting): it stays where the reader is.
    bar->setValue(bar->maximum() / 2);
    const int where = bar->value();
    QSignalSpy hashed(&models, &ModelsController::hashCompleted);
    QVERIFY(models.computeHash(stories));
    QVERIFY(waitFor([&] { return hashed.count() > 0; }));
    QTest::qWait(20);
    QCOMPARE(bar->value(), where);
  }

  // A file that is not a model says so, instead of "uses something not supported yet".
  void aTextFileIsNotAModelFile() {
    Harness h;
    ModelsController& models = h.wb().models();
    QTemporaryDir dir;
    QFile text(dir.filePath(QStringLiteral("notes.txt")));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("just some notes\n");
    text.close();
    QSignalSpy failed(&models, &ModelsController::openFailed);
    models.openModel(text.fileName());
    QVERIFY(waitFor([&] { return failed.count() > 0; }));
    QMessageBox* box = models.errorDialog();
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("notes.txt is not a model file")), qPrintable(box->text()));
    QVERIFY(!box->text().contains(QStringLiteral("does not support")));
  }
};

QTEST_MAIN(ModelsTest)
#include "models_test.moc"
