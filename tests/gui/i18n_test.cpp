// Language: the interface switches to Simplified Chinese and back at run time (every page
// retranslates through LanguageChange), no visible interface text stays in English while Chinese
// is on, --lang starts in Chinese, and the shipped translation file has no unfinished entry.
#include "GuiHarness.h"

#include "AppSettings.h"
#include "KeyValueCard.h"
#include "LanguageSwitcher.h"
#include "MainWindow.h"
#include "ModelsController.h"
#include "ModelsPage.h"
#include "NavigationRail.h"
#include "SettingsController.h"
#include "SettingsPage.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTest>
#include <QXmlStreamReader>

using namespace guitest;

namespace {

// Interface text (not data such as model names, numbers or paths) that is visibly English: no
// Chinese character and at least two words of three or more Latin letters ("SHA-256" or "CPU"
// alone are fine in Chinese text).
bool looksEnglish(const QString& text) {
  static const QRegularExpression cjk(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
  if (text.contains(cjk)) return false;
  static const QRegularExpression words(QStringLiteral("[A-Za-z]{3,}"));
  int n = 0;
  for (auto it = words.globalMatch(text); it.hasNext(); it.next()) ++n;
  return n >= 2;
}

// Every visible label, button, group title, tab and combo item of the window that is not marked
// as data, with the English-looking ones collected into `english`.
void scan(QWidget* root, QStringList& english, int& checked) {
  const auto consider = [&](QWidget* w, const QString& text) {
    ++checked;
    if (looksEnglish(text)) english << QStringLiteral("%1 '%2'").arg(QString::fromLatin1(w->metaObject()->className()), text);
  };
  for (QWidget* w : root->findChildren<QWidget*>()) {
    if (!w->isVisibleTo(root) || w->property("dswData").toBool()) continue;
    if (auto* l = qobject_cast<QLabel*>(w)) consider(w, l->text());
    else if (auto* b = qobject_cast<QAbstractButton*>(w)) consider(w, b->text());
    else if (auto* g = qobject_cast<QGroupBox*>(w)) consider(w, g->title());
    else if (auto* t = qobject_cast<QTabWidget*>(w))
      for (int i = 0; i < t->count(); ++i) consider(w, t->tabText(i));
    else if (auto* c = qobject_cast<QComboBox*>(w); c && c->objectName() != u"languageBox" && c->objectName() != u"playgroundModel")
      for (int i = 0; i < c->count(); ++i) consider(w, c->itemText(i));
  }
}

}  // namespace

class I18nTest : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { applyAppLook(); }

  void switchesToChineseAndBackAtRunTime() {
    Harness h({}, !demoModel().isEmpty());
    Workbench& wb = h.wb();
    if (!demoModel().isEmpty()) QVERIFY(h.waitForFirstModel());
    MainWindow* w = wb.window();
    NavigationRail* rail = w->rail();
    QCOMPARE(rail->itemText(0), QStringLiteral("Models"));
    QCOMPARE(w->windowTitle(), QStringLiteral("DeepSeek Workbench"));

    // The scanner sees English interface text while English is on (so it can fail below).
    {
      QStringList english;
      int checked = 0;
      scan(w, english, checked);
      QVERIFY(english.size() > 5);
    }

    // Through the Settings page's language box, as a user would.
    QComboBox* language = wb.settingsController().page()->languageBox();
    language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
    QTest::qWait(50);
    QCOMPARE(wb.language().language(), QStringLiteral("zh_CN"));
    QCOMPARE(rail->itemText(0), QStringLiteral("模型"));
    QCOMPARE(rail->itemText(1), QStringLiteral("对话试验场"));
    QCOMPARE(rail->itemText(2), QStringLiteral("基准测试"));
    QCOMPARE(rail->itemText(3), QStringLiteral("任务"));
    QCOMPARE(rail->itemText(4), QStringLiteral("设置"));
    QCOMPARE(w->windowTitle(), QStringLiteral("DeepSeek 工作台"));
    QCOMPARE(w->logDock()->windowTitle(), QStringLiteral("日志"));
    if (!demoModel().isEmpty())  // the model card's keys follow the language; values stay data
      QCOMPARE(wb.models().page()->card()->value(QStringLiteral("路由专家数")), QStringLiteral("16"));

    // Nothing visible stays in English, on any area.
    for (const QString& area : w->areaKeys()) {
      w->showArea(area);
      QTest::qWait(20);
      QStringList english;
      int checked = 0;
      scan(w, english, checked);
      QVERIFY(checked > 10);
      QVERIFY2(english.isEmpty(), qPrintable(area + QStringLiteral(": ") + english.join(QStringLiteral("; "))));
    }
    QCOMPARE(wb.settings().language(), QStringLiteral("zh_CN"));  // remembered

    QVERIFY(wb.settingsController().setLanguage(QStringLiteral("en")));
    QTest::qWait(50);
    QCOMPARE(rail->itemText(0), QStringLiteral("Models"));
    QCOMPARE(rail->itemText(1), QStringLiteral("Playground"));
    QCOMPARE(w->windowTitle(), QStringLiteral("DeepSeek Workbench"));
    if (!demoModel().isEmpty()) QCOMPARE(wb.models().page()->card()->value(QStringLiteral("Routed experts")), QStringLiteral("16"));
  }

  void langOptionStartsInChinese() {
    AppOptions o;
    o.language = QStringLiteral("zh_CN");
    Harness h(o);
    QTest::qWait(20);
    QCOMPARE(h.wb().window()->rail()->itemText(0), QStringLiteral("模型"));
    QVERIFY(h.wb().settingsController().setLanguage(QStringLiteral("en")));
  }

  void translationFileIsComplete() {
    QFile f(sourceDir() + QStringLiteral("/translations/dsw_zh_CN.ts"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&f);
    int messages = 0;
    QStringList missing;
    QString source;
    while (!xml.atEnd()) {
      xml.readNext();
      if (!xml.isStartElement()) continue;
      if (xml.name() == u"source") source = xml.readElementText();
      if (xml.name() != u"translation") continue;
      ++messages;
      const bool unfinished = xml.attributes().value(QLatin1String("type")) == u"unfinished";
      const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
      if (unfinished || text.trimmed().isEmpty()) missing << source;
    }
    QVERIFY(!xml.hasError());
    QVERIFY(messages > 100);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(" | "))));
  }
};

QTEST_MAIN(I18nTest)
#include "i18n_test.moc"
