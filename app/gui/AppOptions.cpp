// AppOptions (see header).
#include "AppOptions.h"

#include <QFileInfo>

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
    else if (a == u"--export-report") o.exportReport = true;
    else if (a == u"--all") o.exportAll = true;
    else if (name == u"--out") value(i, o.exportOut);
    else if (name == u"--last") {
      QString n;
      bool ok = false;
      if (value(i, n)) o.exportLast = n.toLongLong(&ok);
      if (o.error.isEmpty() && (!ok || o.exportLast < 1)) o.error = QStringLiteral("--last needs a positive number, not '%1'").arg(n);
    } else if (name == u"--runs") {
      // "--runs 3 5", "--runs 3,5" or "--runs=3,5": ids until the next option.
      QStringList parts;
      if (const qsizetype eq = a.indexOf(u'='); eq > 0) parts << a.mid(eq + 1);
      while (i + 1 < args.size() && !args[i + 1].startsWith(u'-')) parts << args[++i];
      if (parts.isEmpty()) o.error = QStringLiteral("--runs needs at least one run id");
      for (const QString& part : parts.join(u',').split(u',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (!ok || id < 1) {
          o.error = QStringLiteral("--runs: '%1' is not a run id").arg(part);
          break;
        }
        o.exportRuns << id;
      }
    }
    else if (a.startsWith(u'-') && a.size() > 1) o.error = QStringLiteral("unknown option %1").arg(a);
    else if (o.modelPath.isEmpty()) o.modelPath = a;
    else o.error = QStringLiteral("only one MODEL_PATH may be given");
    if (!o.error.isEmpty()) return o;
  }
  const bool exportOptions = !o.exportRuns.isEmpty() || o.exportLast > 0 || o.exportAll || !o.exportOut.isEmpty();
  if (o.exportReport) {
    const int selectors = int(!o.exportRuns.isEmpty()) + int(o.exportLast > 0) + int(o.exportAll);
    const QString ext = QFileInfo(o.exportOut).suffix().toLower();
    if (selectors != 1) o.error = QStringLiteral("--export-report: choose the runs with exactly one of --runs ID..., --last N or --all");
    else if (o.exportOut.isEmpty()) o.error = QStringLiteral("--export-report needs --out FILE (.html or .pdf)");
    else if (!QStringList{"html", "htm", "pdf", "md", "markdown", "csv", "json"}.contains(ext))
      o.error = QStringLiteral("--out: unknown report format '%1' (use .html or .pdf; .md, .csv and .json also work)").arg(o.exportOut);
    else if (!o.modelPath.isEmpty()) o.error = QStringLiteral("--export-report takes no MODEL_PATH");
    return o;
  }
  if (exportOptions) {
    o.error = QStringLiteral("--runs, --last, --all and --out belong to --export-report");
    return o;
  }
  if (!o.language.isEmpty() && o.language != u"en" && o.language != u"zh_CN")
    o.error = QStringLiteral("--lang must be en or zh_CN");
  else if (!o.theme.isEmpty() && o.theme != u"light" && o.theme != u"dark")
    o.error = QStringLiteral("--theme must be light or dark");
  else if (!o.area.isEmpty() && !QStringList{"models", "playground", "benchmarks", "jobs", "settings"}.contains(o.area))
    o.error = QStringLiteral("--area must be models, playground, benchmarks, jobs or settings");
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
      "  --area NAME          start on models, playground, benchmarks, jobs or settings\n"
      "  --no-model           start without opening a model\n"
      "  --settings FILE      preferences file to use instead of the default\n"
      "  -h, --help           show this help and exit\n"
      "  --version            show the version and exit\n"
      "\n"
      "Reports (no window; works without a display on the offscreen platform):\n"
      "  dsw --export-report [--db PATH] (--runs ID... | --last N | --all) --out FILE\n"
      "                       writes the benchmark runs stored in the database (the first run is the\n"
      "                       baseline) as FILE: .html (self-contained, charts embedded) or .pdf;\n"
      "                       .md, .csv and .json are written as dsw-cli report writes them.\n"
      "                       Prints the path and exits 0, or explains the problem and exits 1.\n"
      "\n"
      "With no display (DISPLAY and WAYLAND_DISPLAY unset) use dsw-cli, or QT_QPA_PLATFORM=offscreen.\n");
}
