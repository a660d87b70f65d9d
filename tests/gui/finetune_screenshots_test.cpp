// Screenshots of the Fine-tune area for the README and docs/training.md, rendered from real runs
// into <build>/screenshots: the plan of a LoRA run on the bundled demo model (MoE + MLA, the audit
// with every expert adapted) over GSM8K, its data rendered with the DeepSeek-V3 chat template and
// the prompt shaded, a short LoRA run of the trained stories260K model over GSM8K with its live
// charts, the expert load of a tiny MoE run, the same prompts side by side and the stored runs.
// Needs the shared data (stories260K, GSM8K) and the demo model; skips without them.
#include "GuiHarness.h"

#include "FinetuneController.h"
#include "FinetuneForm.h"
#include "FinetunePage.h"
#include "MainWindow.h"
#include "SideBySideCompare.h"
#include "StepHeatmap.h"
#include "TrainingChart.h"
#include "tiny_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>

using namespace guitest;

namespace {

void save(QWidget* w, const QString& file) {
  QTest::qWait(150);  // layouts settle; coalesced charts replot
  const QPixmap pm = w->grab();
  QVERIFY(!pm.isNull());
  QVERIFY2(pm.save(QDir(screenshotDir()).filePath(file)), qPrintable(file));
}

void useModel(FinetuneForm* form, const QString& name, const QString& path) {
  if (form->modelBox()->findData(path) < 0) form->modelBox()->addItem(name, path);
  form->modelBox()->setCurrentIndex(form->modelBox()->findData(path));
}

bool plan(FinetuneController& ft) {
  const int id = ft.requestPlan();
  return waitFor([&] { return ft.planCurrent() && ft.plan().requestId == id; }, 120000);
}

}  // namespace

class FinetuneScreenshotsTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void rendersTheFinetuneArea() {
    const QString gsm8k = dataDir() + QStringLiteral("/eval/gsm8k/train.jsonl");
    if (storiesModel().isEmpty() || !QFile::exists(gsm8k)) QSKIP("needs stories260K-hf and GSM8K under DSW_DATA_DIR");
    if (demoModel().isEmpty()) QSKIP("the bundled demo model was not built");
    QDir().mkpath(screenshotDir());
    Harness h;
    Workbench& wb = h.wb();
    FinetuneController& ft = wb.finetune();
    FinetunePage* page = ft.page();
    FinetuneForm* form = page->form();
    wb.window()->showArea(QStringLiteral("finetune"));

    // The plan and the data of a LoRA run on the demo model (DeepSeek-V3 architecture).
    useModel(form, QStringLiteral("demo-model"), demoModel());
    form->dataEdit()->setText(gsm8k);
    form->maxExamplesBox()->setValue(400);
    form->seqLenBox()->setValue(256);
    form->outputEdit()->setText(QDir(h.dir()).filePath(QStringLiteral("demo-run")));
    QVERIFY(plan(ft));
    QVERIFY2(ft.plan().ok(), qPrintable(ft.plan().dataError + ft.plan().auditError));
    page->tabs()->setCurrentIndex(FinetunePage::PlanTab);
    save(wb.window(), QStringLiteral("finetune-plan.png"));
    page->tabs()->setCurrentIndex(FinetunePage::DataTab);
    save(wb.window(), QStringLiteral("finetune-data.png"));

    // A short LoRA run of stories260K over GSM8K, charted live.
    useModel(form, QStringLiteral("stories260K-hf"), storiesModel());
    form->presetBox()->setCurrentIndex(int(FinetuneForm::Preset::Quick));
    form->stepsBox()->setValue(60);
    form->batchBox()->setValue(2);
    form->seqLenBox()->setValue(256);
    form->evalEveryBox()->setValue(20);
    form->checkpointEveryBox()->setValue(30);
    form->outputEdit()->setText(QDir(h.dir()).filePath(QStringLiteral("stories-gsm8k")));
    QVERIFY(plan(ft));
    QVERIFY(ft.plan().ok());
    QSignalSpy finished(&ft, &FinetuneController::trainingFinished);
    QSignalSpy ready(&ft, &FinetuneController::resultReady);
    QVERIFY(ft.start());
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 600000));
    QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
    QVERIFY(waitFor([&] { return ready.count() > 0; }, 60000));
    wb.window()->showArea(QStringLiteral("finetune"));
    page->tabs()->setCurrentIndex(FinetunePage::TrainingTab);
    save(wb.window(), QStringLiteral("finetune-training.png"));

    // The same GSM8K prompts, base and adapter side by side.
    SideBySideCompare* sbs = ft.sideBySide();
    QSignalSpy compared(sbs, &SideBySideCompare::finished);
    QVERIFY(ft.compareSideBySide());
    QVERIFY(waitFor([&] { return compared.count() > 0; }, 300000));
    save(sbs->window(), QStringLiteral("finetune-side-by-side.png"));
    sbs->window()->close();

    page->tabs()->setCurrentIndex(FinetunePage::RunsTab);
    QVERIFY(waitFor([&] { return !ft.runs().empty(); }, 10000));
    save(wb.window(), QStringLiteral("finetune-runs.png"));

    // The expert load of a tiny MoE run (random DeepSeek-V3 shape, byte-level tokenizer).
    const QString tiny = QDir(h.dir()).filePath(QStringLiteral("tiny-v3"));
    QVERIFY(dsw::test::write_tiny_model("deepseek_v3", 5, tiny.toStdString()).is_ok());
    useModel(form, QStringLiteral("tiny-v3"), tiny);
    form->formatBox()->setCurrentIndex(form->formatBox()->findData(QStringLiteral("text")));  // GSM8K answers, packed
    form->field1Edit()->setText(QStringLiteral("answer"));
    form->maxExamplesBox()->setValue(200);
    form->seqLenBox()->setValue(96);
    form->stepsBox()->setValue(120);
    form->openResultBox()->setChecked(false);
    form->outputEdit()->setText(QDir(h.dir()).filePath(QStringLiteral("tiny-moe")));
    QVERIFY(plan(ft));
    finished.clear();
    QVERIFY(ft.start());
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 600000));
    page->tabs()->setCurrentIndex(FinetunePage::TrainingTab);
    if (auto* scroll = qobject_cast<QScrollArea*>(page->tabs()->currentWidget())) {
      QTest::qWait(100);
      scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
    }
    save(wb.window(), QStringLiteral("finetune-moe.png"));
    for (const char* f : {"finetune-plan.png", "finetune-data.png", "finetune-training.png", "finetune-runs.png", "finetune-moe.png"})
      QVERIFY(QFileInfo::exists(QDir(screenshotDir()).filePath(QLatin1String(f))));
  }
};

QTEST_MAIN(FinetuneScreenshotsTest)
#include "finetune_screenshots_test.moc"
