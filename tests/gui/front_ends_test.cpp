// The workbench and dsw-cli run one engine path: for every architecture (tiny random models with a
// byte-level tokenizer and no chat template, so each falls back to its architecture's format), the
// workbench's model worker and `dsw-cli generate --json` build identical prompt ids from the same
// system and user messages, and greedy decoding gives identical tokens.
#include "GuiHarness.h"
#include "ModelWorker.h"
#include "WorkerTypes.h"

#include "tiny_model.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace guitest;

namespace {

QVector<qint32> ids(const QJsonArray& a) {
  QVector<qint32> v;
  for (const auto& x : a) v.append(qint32(x.toInt()));
  return v;
}

}  // namespace

class FrontEndsTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    registerWorkerTypes();
    QVERIFY(m_dir.isValid());
  }

  void samePromptIdsAndTokensInBothFrontEnds_data() {
    QTest::addColumn<QString>("arch");
    for (const auto& a : dsw::test::tiny_architectures()) QTest::newRow(a.c_str()) << QString::fromStdString(a);
  }

  void samePromptIdsAndTokensInBothFrontEnds() {
    QFETCH(QString, arch);
    const QString dir = m_dir.filePath(arch);
    const auto written = dsw::test::write_tiny_model(arch.toStdString(), 5, dir.toStdString());
    QVERIFY2(written.is_ok(), written.message().c_str());
    const QString system = QStringLiteral("You answer briefly.");
    const QString user = QStringLiteral("What is 2 + 3?");

    // The workbench path: a ModelWorker on its own thread, as ModelsController runs it.
    QThread thread;
    auto* worker = new ModelWorker(std::make_shared<TokenStream>());
    worker->moveToThread(&thread);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();
    QSignalSpy loaded(worker, &ModelWorker::loaded);
    QSignalSpy failed(worker, &ModelWorker::failed);
    QSignalSpy finished(worker, &ModelWorker::generationFinished);
    const DeviceChoice oneThread{false, 0, 1};
    QMetaObject::invokeMethod(worker, "load", Qt::QueuedConnection, Q_ARG(int, 1), Q_ARG(QString, dir),
                              Q_ARG(DeviceChoice, oneThread), Q_ARG(CancelFlag, makeCancelFlag()));
    QVERIFY(waitFor([&] { return loaded.count() > 0 || failed.count() > 0; }));
    QCOMPARE(failed.count(), 0);
    GenerationRequest r = GenerationRequest::defaults();
    r.jobId = 2;
    r.cancel = makeCancelFlag();
    r.chat = true;
    r.messages = {{QStringLiteral("system"), system}, {QStringLiteral("user"), user}};
    r.greedy = true;
    r.maxTokens = 6;
    QMetaObject::invokeMethod(worker, "generate", Qt::QueuedConnection, Q_ARG(GenerationRequest, r));
    QVERIFY(waitFor([&] { return finished.count() > 0 || failed.count() > 0; }));
    QCOMPARE(failed.count(), 0);
    const GenerationStats gui = finished.first().at(1).value<GenerationStats>();
    thread.quit();
    thread.wait();

    // The command-line path.
    QString out;
    QVERIFY2(runCli({QStringLiteral("generate"), dir, QStringLiteral("--system"), system, QStringLiteral("--chat"), user,
                     QStringLiteral("--greedy"), QStringLiteral("--max-tokens"), QStringLiteral("6"), QStringLiteral("--threads"),
                     QStringLiteral("1"), QStringLiteral("--json")},
                    &out),
             qPrintable(out));
    const qsizetype open = out.indexOf(u'{'), close = out.lastIndexOf(u'}');
    QVERIFY(open >= 0 && close > open);
    const QJsonObject cli = QJsonDocument::fromJson(out.mid(open, close - open + 1).toUtf8()).object();
    QVERIFY(!gui.promptIds.isEmpty());
    QCOMPARE(ids(cli.value(QStringLiteral("prompt_ids")).toArray()), gui.promptIds);
    QCOMPARE(cli.value(QStringLiteral("text")).toString(), gui.text);
  }

 private:
  QTemporaryDir m_dir;
};

QTEST_MAIN(FrontEndsTest)
#include "front_ends_test.moc"
