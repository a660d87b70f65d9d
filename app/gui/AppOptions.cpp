// AppOptions (see header).
#include "AppOptions.h"

AppOptions parseArguments(const QStringList& args) {
  AppOptions o;
  auto value = [&](int& i, QString& out) {
    const QString& a = args[i];
    if (const qsizetype eq = a.indexOf(u'='); eq > 0) {
      out = a.mid(eq + 1);
      return true;
    }
    if (i + 1 >= args.size()) {
      o.error = QStringLiteral("%1 needs a value").arg(a);
      return false;
    }
    out = args[++i];
    return true;
  };
  for (int i = 0; i < args.size(); ++i) {
    const QString& a = args[i];
    const QString name = a.section(u'=', 0, 0);
    if (a == u"-h" || a == u"--help") o.showHelp = true;
    else if (a == u"--version") o.showVersion = true;
    else if (a == u"--no-model") o.noModel = true;
    else if (name == u"--db") value(i, o.dbPath);
    else if (name == u"--lang") value(i, o.language);
    else if (name == u"--theme") value(i, o.theme);
    else if (name == u"--area") value(i, o.area);
    else if (name == u"--settings") value(i, o.settingsFile);
    else if (a.startsWith(u'-') && a.size() > 1) o.error = QStringLiteral("unknown option %1").arg(a);
    else if (o.modelPath.isEmpty()) o.modelPath = a;
    else o.error = QStringLiteral("only one MODEL_PATH may be given");
    if (!o.error.isEmpty()) return o;
  }
  if (!o.language.isEmpty() && o.language != u"en" && o.language != u"zh_CN")
    o.error = QStringLiteral("--lang must be en or zh_CN");
  else if (!o.theme.isEmpty() && o.theme != u"light" && o.theme != u"dark")
    o.error = QStringLiteral("--theme must be light or dark");
  else if (!o.area.isEmpty() && !QStringList{"models", "playground", "jobs", "settings"}.contains(o.area))
    o.error = QStringLiteral("--area must be models, playground, jobs or settings");
  return o;
}

QString helpText() {
  return QStringLiteral(
      "DeepSeek Workbench — open, inspect and chat with DeepSeek-family models.\n"
      "\n"
      "Usage: dsw [MODEL_PATH] [options]\n"
      "\n"
      "MODEL_PATH is a Hugging Face folder, a .safetensors file with config.json beside it, a .gguf\n"
      "file or a llama2.c .bin. Without it, dsw opens the bundled untrained demo model (a random-weight\n"
      "DeepSeek-V3-architecture model, MoE + MLA).\n"
      "\n"
      "Options:\n"
      "  --db PATH            job history database (default: the data directory's workbench.db,\n"
      "                       the same file dsw-cli uses)\n"
      "  --lang en|zh_CN      interface language for this run (English, 简体中文)\n"
      "  --theme light|dark   colour theme for this run\n"
      "  --area NAME          start on models, playground, jobs or settings\n"
      "  --no-model           start without opening a model\n"
      "  --settings FILE      preferences file to use instead of the default\n"
      "  -h, --help           show this help and exit\n"
      "  --version            show the version and exit\n"
      "\n"
      "With no display (DISPLAY and WAYLAND_DISPLAY unset) use dsw-cli, or QT_QPA_PLATFORM=offscreen.\n");
}
