// The Fine-tune area on a tiny random DeepSeek-V3 model (MoE + MLA, 16 routed experts; written by
// the engine's make_model, no downloaded data): the plan shows the "adapter applied?" audit with
// every expert adapted (and warns when a pattern leaves them out), the memory estimate and the
// rendered rows with the prompt tokens shaded; a run started from the form charts every step,
// is cancelled with a checkpoint and resumed to the end with its earlier steps kept; it is recorded
// in the store and listed; its adapter opens beside its base, and one click runs the same prompts
// on both side by side and their perplexity on the run's eval split (stored and compared in
// Benchmarks), and another opens Inspect's routing comparison of the two. A PEFT adapter loaded onto an open model in the Models area shows its audit on the
// card, a malformed one is refused with a message naming the file, and the area speaks Chinese.
#include "GuiHarness.h"

#include "BenchmarksController.h"
#include "ComparePanel.h"
#include "FilterableTableView.h"
#include "FinetuneController.h"
#include "FinetuneForm.h"
#include "FinetunePage.h"
#include "InspectController.h"
#include "InspectPage.h"
#include "JobsController.h"
#include "KeyValueCard.h"
#include "LanguageSwitcher.h"
#include "MainWindow.h"
#include "MaskedTokenView.h"
#include "ModelCard.h"
#include "ModelsController.h"
#include "ModelsPage.h"
#include "SideBySideCompare.h"
#include "StepHeatmap.h"
#include "TrainingChart.h"
#include "tiny_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include <cmath>

using namespace guitest;

namespace {

// 40 short question/answer pairs: prompt-response JSONL (GSM8K's field names).
QString writeData(const QString& dir) {
  const QString path = QDir(dir).filePath(QStringLiteral("qa.jsonl"));
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  for (int i = 0; i < 40; ++i)
    f.write(QStringLiteral("{\"question\": \"What is %1 plus %2?\", \"answer\": \"%1 plus %2 is %3.\"}\n").arg(i).arg(i % 7).arg(i + i % 7).toUtf8());
  return path;
}

QString writeTinyModel(const QString& dir) {
  const QString path = QDir(dir).filePath(QStringLiteral("tiny-v3"));
  auto st = dsw::test::write_tiny_model("deepseek_v3", 3, path.toStdString());
  return st.is_ok() ? path : QString();
}

// Sets the form up for a small LoRA run of `steps` on the tiny model.
void fillForm(FinetuneForm* form, const QString& model, const QString& data, const QString& out, int steps) {
  form->modelBox()->addItem(QStringLiteral("tiny-v3"), model);
  form->modelBox()->setCurrentIndex(form->modelBox()->findData(model));
  form->dataEdit()->setText(data);
  form->formatBox()->setCurrentIndex(form->formatBox()->findData(QStringLiteral("prompt_response")));
  form->seqLenBox()->setValue(64);
  form->evalShareBox()->setValue(10);
  form->presetBox()->setCurrentIndex(int(FinetuneForm::Preset::Quick));
  form->targetsBox()->setCurrentIndex(form->targetsBox()->findData(QStringLiteral("all-linear")));
  form->stepsBox()->setValue(steps);
  form->batchBox()->setValue(2);
  form->evalEveryBox()->setValue(steps / 3);
  form->checkpointEveryBox()->setValue(steps / 3);
  form->threadsBox()->setValue(1);
  form->outputEdit()->setText(out);
}

bool planFor(FinetuneController& ft) {
  QSignalSpy ready(&ft, &FinetuneController::planReady);
  const int id = ft.requestPlan();
  return waitFor([&] { return ft.planCurrent() && ft.plan().requestId == id; }, 60000);
}

QString cardText(const KeyValueCard* card) {
  QString all;
  for (const QLabel* l : card->findChildren<QLabel*>()) all += l->text() + u'\n';
  return all;
}

}  // namespace

class FinetuneTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void planShowsAuditMemoryAndMaskedRows() {
    Harness h;
    const QString model = writeTinyModel(h.dir()), data = writeData(h.dir());
    QVERIFY(!model.isEmpty() && !data.isEmpty());
    FinetuneController& ft = h.wb().finetune();
    FinetuneForm* form = ft.page()->form();
    fillForm(form, model, data, QDir(h.dir()).filePath(QStringLiteral("run-plan")), 30);
    QVERIFY(planFor(ft));
    const FinetunePlan& p = ft.plan();
    QVERIFY2(p.ok(), qPrintable(p.modelError + p.auditError + p.dataError + p.memoryError));
    QVERIFY(p.audit.experts_total > 0);
    QCOMPARE(p.audit.experts_adapted, p.audit.experts_total);
    QVERIFY(ft.page()->planSummary()->text().contains(QStringLiteral("experts adapted %1/%1").arg(p.audit.experts_total)));
    QCOMPARE(ft.page()->auditView()->tableView()->model()->rowCount(), int(p.audit.modules.size()));
    QVERIFY(p.memory.total() > 0);
    QVERIFY(form->startButton()->isEnabled());

    // The preview: rows with the prompt masked and the answer scored, drawn shaded and plain.
    QVERIFY(p.preview.train_rows > 0 && p.preview.eval_rows > 0);
    const MaskedTokenView* view = ft.page()->preview();
    QVERIFY(view->rowCount() > 0);
    const MaskedTokenRow& row = view->row(0);
    QVERIFY(row.scored.contains(true) && row.scored.contains(false));
    QString scoredText;
    for (int i = 0; i < row.tokens.size(); ++i)
      if (row.scored[i]) scoredText += row.tokens[i];
    QVERIFY2(scoredText.contains(QStringLiteral("plus")) && !scoredText.contains(QStringLiteral("What")), qPrintable(scoredText));
    QVERIFY(view->toHtml().contains(QStringLiteral("background-color")));
    QCOMPARE(p.evalPrompts.value(0), QStringLiteral("What is 36 plus 1?"));  // the eval split is the last 10%

    // Targets that leave the routed experts out are called out before anything runs.
    form->targetsBox()->setCurrentIndex(form->targetsBox()->findData(QStringLiteral("attention")));
    QVERIFY(planFor(ft));
    QCOMPARE(ft.plan().audit.experts_adapted, 0);
    QVERIFY(ft.page()->planSummary()->text().contains(QStringLiteral("experts adapted 0/%1").arg(ft.plan().audit.experts_total)));
    // A pattern that matches nothing: no run.
    form->targetsBox()->setCurrentIndex(form->targetsBox()->findData(QStringLiteral("custom")));
    form->customTargetsEdit()->setText(QStringLiteral("no_such_proj"));
    QVERIFY(planFor(ft));
    QCOMPARE(ft.plan().audit.adapted, 0);
    // A missing data file names the file; the audit still shows.
    form->dataEdit()->setText(QDir(h.dir()).filePath(QStringLiteral("missing.jsonl")));
    QVERIFY(planFor(ft));
    QVERIFY(!ft.plan().dataOk);
    QVERIFY(ft.plan().dataError.contains(QStringLiteral("missing.jsonl")));
    QVERIFY(!form->startButton()->isEnabled());
  }

  void trainsCancelsResumesAndCompares() {
    Harness h;
    Workbench& wb = h.wb();
    QSignalSpy store(&wb, &Workbench::storeOpened);
    QVERIFY(waitFor([&] { return store.count() > 0; }));
    const QString model = writeTinyModel(h.dir()), data = writeData(h.dir());
    const QString out = QDir(h.dir()).filePath(QStringLiteral("run-a"));
    FinetuneController& ft = wb.finetune();
    FinetuneForm* form = ft.page()->form();
    fillForm(form, model, data, out, 240);
    QVERIFY(planFor(ft));
    QVERIFY(ft.plan().ok());

    // Start; cancel once steps are on the charts.
    QSignalSpy finished(&ft, &FinetuneController::trainingFinished);
    const int job = ft.start();
    QVERIFY(job);
    QVERIFY(!form->startButton()->isEnabled() && form->cancelButton()->isEnabled());
    QVERIFY(waitFor([&] { return ft.stepsShown() >= 1 || finished.count() > 0; }, 120000));
    ft.cancel();
    QVERIFY(waitFor([&] { return finished.count() > 0; }, 120000));
    QCOMPARE(finished.last().at(0).toBool(), false);
    QCOMPARE(int(wb.jobs().job(job)->state), int(JobItem::State::Cancelled));
    const qint64 stoppedAt = ft.lastStep().step;
    QVERIFY2(stoppedAt > 0 && stoppedAt < 240, qPrintable(QString::number(stoppedAt)));
    QVERIFY(form->resumeButton()->isEnabled());
    QVERIFY(!form->startButton()->isEnabled() || !QDir(out).exists());  // a second run may not reuse the folder

    // Resume: the earlier steps come back from the run's metrics, the rest trains live.
    QSignalSpy ready(&ft, &FinetuneController::resultReady);
    QVERIFY(ft.start(true));
    QVERIFY(waitFor([&] { return finished.count() > 1; }, 300000));
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    TrainingChart* loss = ft.page()->lossChart();
    QVERIFY(waitFor([&] { return loss->pointCount(0) == 240; }, 5000));
    QCOMPARE(loss->point(0, 0).x(), 1.0);
    QVERIFY(loss->pointCount(1) >= 3);  // eval before training, at 80, 160 and 240
    QVERIFY(loss->point(0, 239).y() < loss->point(0, 0).y());
    QCOMPARE(ft.lastStep().step, 240);
    QVERIFY(waitFor([&] { return ft.page()->layerGradMap()->columnCount() > 0; }, 5000));
    QCOMPARE(ft.page()->layerGradMap()->rowCount(), 4);
    QVERIFY(ft.page()->expertPanel()->isVisibleTo(ft.page()));
    QVERIFY(waitFor([&] { return ft.page()->expertLoadMap()->columnCount() > 0; }, 5000));
    QCOMPARE(ft.page()->expertLoadMap()->rowCount(), 16);
    QVERIFY(ft.page()->gradientLabel()->text().startsWith(QStringLiteral("Gradients")));
    QVERIFY(QFileInfo::exists(QDir(out).filePath(QStringLiteral("adapter/adapter_config.json"))));

    // Recorded and listed.
    QVERIFY(ft.lastOutcome().runId > 0);
    QVERIFY(waitFor([&] { return ft.runs().size() == 1; }, 10000));
    QCOMPARE(ft.runs().front().steps, 240);
    QCOMPARE(ft.page()->runsView()->tableView()->model()->rowCount(), 1);

    // The adapter opened beside its base.
    QVERIFY(waitFor([&] { return ready.count() > 0; }, 60000));
    const OpenModel* base = wb.models().model(ft.baseModelId());
    const OpenModel* tuned = wb.models().model(ft.resultModelId());
    QVERIFY(base && tuned && base->adapter.isEmpty() && !tuned->adapter.isEmpty());
    QVERIFY(tuned->summary.adapterExpertsTotal > 0);
    QCOMPARE(tuned->summary.adapterExperts, tuned->summary.adapterExpertsTotal);
    QVERIFY(tuned->summary.adapterAudit.contains(QStringLiteral("experts adapted %1/%1").arg(tuned->summary.adapterExpertsTotal)));
    QVERIFY(tuned->summary.description.contains(QStringLiteral("+ run-a")));

    // The same prompts side by side.
    SideBySideCompare* sbs = ft.sideBySide();
    QSignalSpy compared(sbs, &SideBySideCompare::finished);
    sbs->show(ft.baseModelId(), ft.resultModelId(), {QStringLiteral("What is 3 plus 3?")}, true);
    sbs->window()->maxTokensBox()->setValue(6);
    QVERIFY(sbs->start());
    QVERIFY(waitFor([&] { return compared.count() > 0; }, 120000));
    QVERIFY(compared.first().first().toBool());
    QVERIFY(!sbs->reply(0, 0).isEmpty() && !sbs->reply(0, 1).isEmpty());
    QCOMPARE(sbs->window()->table()->rowCount(), 1);

    // Perplexity on the eval split, stored and compared in Benchmarks.
    QSignalSpy ppl(&ft, &FinetuneController::perplexityCompared);
    QVERIFY(ft.comparePerplexity());
    QVERIFY(waitFor([&] { return ppl.count() > 0; }, 120000));
    QVERIFY(waitFor([&] { return wb.benchmarks().comparison().runs.size() == 2; }, 10000));
    const auto& runs = wb.benchmarks().comparison().runs;
    QCOMPARE(runs[0].label.value_or(""), std::string("base"));
    QCOMPARE(runs[1].label.value_or(""), std::string("run-a"));
    QVERIFY(runs[0].perplexity && runs[1].perplexity);
    QVERIFY2(*runs[1].perplexity < *runs[0].perplexity, "the adapter should fit its own eval split better");
    QVERIFY(runs[0].eval_file.value_or("").find("(eval split)") != std::string::npos);
    QCOMPARE(wb.window()->currentArea(), QStringLiteral("benchmarks"));

    // Routing shift: one click opens Inspect's routing comparison of the base and base + adapter.
    QVERIFY(ft.page()->routingButton()->isEnabled());
    InspectController& inspect = wb.inspect();
    QSignalSpy shown(&inspect, &InspectController::comparisonShown), inspectFailed(&inspect, &InspectController::jobFailed);
    ft.page()->routingButton()->click();
    QCOMPARE(wb.window()->currentArea(), QStringLiteral("inspect"));
    QVERIFY(waitFor([&] { return shown.count() + inspectFailed.count() > 0; }, 120000));
    QVERIFY2(inspectFailed.isEmpty(), qPrintable(inspectFailed.isEmpty() ? QString() : inspectFailed.last().at(2).toString()));
    QCOMPARE(inspect.page()->modelA(), base->path);
    QCOMPARE(inspect.page()->adapterA(), QString());
    QCOMPARE(inspect.page()->adapterB(), tuned->adapter);
    QCOMPARE(inspect.page()->tabs()->currentWidget(), static_cast<QWidget*>(inspect.page()->compare()));
    const RoutingCompareResult& shift = inspect.page()->compare()->routing();
    QVERIFY(shift.a.totalTokens > 0 && shift.a.totalTokens == shift.b.totalTokens);
    QCOMPARE(int(shift.loadShift.size()), shift.a.layers * shift.a.experts);
    bool moved = false;
    for (int l = 0; l < shift.a.layers; ++l)
      if (shift.a.moeLayer.value(l) && std::abs(shift.entropyA.value(l) - shift.entropyB.value(l)) > 1e-9) moved = true;
    QVERIFY2(moved, "240 steps on every linear layer should move the router scores");
  }

  void loadsAdaptersInTheModelsArea() {
    Harness h;
    Workbench& wb = h.wb();
    const QString model = writeTinyModel(h.dir()), data = writeData(h.dir());
    // An adapter made by a quick run in the engine (the same files PEFT reads and writes).
    dsw::TrainConfig c;
    c.model = model.toStdString();
    c.output_dir = QDir(h.dir()).filePath(QStringLiteral("run-b")).toStdString();
    c.data.path = data.toStdString();
    c.data.format = dsw::DataFormat::prompt_response;
    c.data.seq_len = 64;
    c.steps = 2;
    c.micro_batch = 2;
    c.n_threads = 1;
    c.lora.target_modules = {"q_a_proj", "kv_b_proj", "up_proj"};
    auto r = dsw::finetune(c);
    QVERIFY2(r.is_ok(), r.status().message().data());
    const QString adapter = QString::fromStdString(r->adapter_dir.string());

    const int base = h.openAndWait(model);
    QVERIFY(base);
    ModelsPage* page = wb.models().page();
    QVERIFY(page->adapterButton()->isEnabled());
    QSignalSpy readySpy(&wb.models(), &ModelsController::modelReady);
    const int id = wb.models().openModelWithAdapter(model, adapter);
    QVERIFY(waitFor([&] { const OpenModel* m = wb.models().model(id); return m && m->ready; }, 60000));
    const OpenModel* m = wb.models().model(id);
    // up_proj of every routed expert: a third of the experts' Linears (gate, up, down).
    QVERIFY(m->summary.adapterExperts > 0);
    QCOMPARE(m->summary.adapterExpertsTotal, 3 * m->summary.adapterExperts);
    QVERIFY(!page->adapterButton()->isEnabled());  // no adapter on top of an adapter
    const QString card = cardText(page->card());
    QVERIFY2(card.contains(QStringLiteral("experts adapted %1/%2").arg(m->summary.adapterExperts).arg(m->summary.adapterExpertsTotal)), qPrintable(card));
    QCOMPARE(wb.models().readyModels().size(), 2);

    // A malformed adapter: refused with the file named, the base stays open.
    const QString bad = QDir(h.dir()).filePath(QStringLiteral("bad-adapter"));
    QDir().mkpath(bad);
    QFile::copy(adapter + QStringLiteral("/adapter_model.safetensors"), bad + QStringLiteral("/adapter_model.safetensors"));
    QFile cfg(bad + QStringLiteral("/adapter_config.json"));
    QVERIFY(cfg.open(QIODevice::WriteOnly));
    cfg.write(R"({"peft_type": "LORA", "r": 3, "lora_alpha": 8, "target_modules": ["up_proj"]})");
    cfg.close();
    QSignalSpy failed(&wb.models(), &ModelsController::openFailed);
    wb.models().openModelWithAdapter(model, bad);
    QVERIFY(waitFor([&] { return failed.count() > 0; }, 60000));
    QVERIFY2(failed.first().at(1).toString().contains(QStringLiteral("bad-adapter")), qPrintable(failed.first().at(1).toString()));
    QCOMPARE(wb.models().readyModels().size(), 2);
    if (QMessageBox* box = wb.models().errorDialog()) box->close();
  }

  void speaksChinese() {
    Harness h;
    Workbench& wb = h.wb();
    QVERIFY(wb.language().setLanguage(QStringLiteral("zh_CN")));
    QTest::qWait(50);  // LanguageChange reaches the windows through the event loop
    FinetunePage* page = wb.finetune().page();
    const QStringList keys = wb.window()->areaKeys();
    QVERIFY(keys.contains(QStringLiteral("finetune")));
    QCOMPARE(page->tabs()->tabText(FinetunePage::PlanTab), QStringLiteral("计划"));
    QCOMPARE(page->form()->startButton()->text(), QStringLiteral("开始"));
    QVERIFY(wb.language().setLanguage(QStringLiteral("en")));
    QTest::qWait(50);
    QCOMPARE(page->form()->startButton()->text(), QStringLiteral("Start"));
  }
};

QTEST_MAIN(FinetuneTest)
#include "finetune_test.moc"
