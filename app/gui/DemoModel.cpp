// findDemoModel (see header).
#include "DemoModel.h"

#include <QDir>
#include <QFileInfo>

QString findDemoModel(const QString& applicationDir) {
  QStringList candidates;
  if (const QString env = qEnvironmentVariable("DSW_DEMO_MODEL"); !env.isEmpty()) candidates << env;
  if (!applicationDir.isEmpty()) {
    candidates << QDir(applicationDir).filePath(QStringLiteral("../share/deepseek-workbench/demo-model"));
    candidates << QDir(applicationDir).filePath(QStringLiteral("demo-model"));
  }
#ifdef DSW_BUILD_DEMO_MODEL_DIR
  candidates << QStringLiteral(DSW_BUILD_DEMO_MODEL_DIR);
#endif
  for (const QString& c : candidates)
    if (QFileInfo::exists(QDir(c).filePath(QStringLiteral("config.json")))) return QDir(c).canonicalPath();
  return {};
}
