// dsw-cli report and dsw-cli store: benchmark results out of the store, and the store itself.
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/report.h>
#include <dsw/store.h>

#include <cstdio>

namespace dsw::cli {
namespace {

std::filesystem::path db_path(const Args& args) { return args.has("db") ? std::filesystem::path(*args.get("db")) : Store::default_path(); }

}  // namespace

int cmd_report(const Argv& argv) {
  Args args(argv, {"all"}, {"db", "runs", "last", "out"});
  auto out = args.get("out");
  if (!out) throw std::invalid_argument("--out FILE is required (.md, .csv or .json)");
  if (!report_format_for(*out)) throw std::invalid_argument("--out: use a .md, .csv or .json file (HTML and PDF: dsw --export-report)");
  BenchQuery q;
  int selectors = 0;
  for (auto& r : args.get_all("runs")) {
    // "--runs 3 --runs 5" or "--runs 3,5"
    size_t start = 0;
    while (start <= r.size()) {
      size_t comma = r.find(',', start);
      std::string part = r.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      char* end = nullptr;
      long long id = std::strtoll(part.c_str(), &end, 10);
      if (part.empty() || *end != '\0' || id <= 0) throw std::invalid_argument("--runs: '" + part + "' is not a run id");
      q.ids.push_back(id);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  for (auto& p : args.positional()) {  // ids may also follow --runs as positionals
    char* end = nullptr;
    long long id = std::strtoll(p.c_str(), &end, 10);
    if (p.empty() || *end != '\0' || id <= 0) throw std::invalid_argument("unexpected argument '" + p + "'");
    q.ids.push_back(id);
  }
  selectors += !q.ids.empty();
  if (args.has("last")) q.last = args.get_int("last", 1, 1, 1 << 30), ++selectors;
  if (args.flag("all")) ++selectors;
  if (selectors != 1) throw std::invalid_argument("choose the runs with exactly one of --runs ID..., --last N or --all");
  // Read-only: works on a database the user cannot write and never waits behind a writer.
  auto store = Store::open(db_path(args), {.read_only = true});
  if (!store.is_ok()) return report(store.status());
  auto rows = (*store)->list_bench(q);
  if (!rows.is_ok()) return report(rows.status());
  if (rows->empty()) return report(Status(StatusCode::invalid_input, "no benchmark runs in " + (*store)->path().string()));
  Status s = write_report(compare_runs(*rows), *out);
  if (!s.is_ok()) return report(s);
  std::printf("wrote %s (%zu runs)\n", out->c_str(), rows->size());
  return 0;
}

int cmd_store(const Argv& argv) {
  Args args(argv, {"json"}, {"db", "busy-timeout"});
  if (args.positional().empty()) throw std::invalid_argument("expected a subcommand: list, jobs, export FILE, import FILE, check, delete ID");
  const std::string what = args.positional()[0];
  // Only import and delete write; the others open the database read-only, so they work on a file
  // the user cannot write, change nothing and never wait behind a writer.
  const bool writes = what == "import" || what == "delete";
  const int busy_ms = int(args.get_double("busy-timeout", kStoreBusyTimeoutMs / 1000.0, 0, 86400) * 1000);
  auto store = Store::open(db_path(args), {.read_only = !writes, .create = what == "import", .busy_timeout_ms = busy_ms});
  if (!store.is_ok()) return report(store.status());
  Store& st = **store;
  if (what == "list") {
    auto rows = st.list_bench({});
    if (!rows.is_ok()) return report(rows.status());
    std::printf("%-5s %-20s %-28s %-8s %-7s %10s %10s %8s\n", "id", "created", "label / model", "device", "prec", "prefill/s", "decode/s", "PPL");
    for (auto& r : *rows)
      std::printf("%-5lld %-20s %-28s %-8s %-7s %10.2f %10.2f %8.3f\n", (long long)r.id.value_or(0), r.created_at.value_or("").c_str(),
                  run_label(r).substr(0, 28).c_str(), r.device.value_or("").c_str(), r.precision.value_or("").c_str(),
                  r.prefill_tps.value_or(0), r.decode_tps.value_or(0), r.perplexity.value_or(0));
    return 0;
  }
  if (what == "jobs") {
    auto jobs = st.list_jobs(100);
    if (!jobs.is_ok()) return report(jobs.status());
    for (auto& j : *jobs)
      std::printf("%-5lld %-10s %-10s %-20s %7.1fs  %s  %s\n", (long long)j.id, j.kind.c_str(), std::string(job_state_name(j.state)).c_str(),
                  j.created_at.c_str(), j.duration_s, j.title.c_str(), j.message.c_str());
    return 0;
  }
  if (what == "export" || what == "import") {
    if (args.positional().size() != 2) throw std::invalid_argument(what + " needs a FILE");
    if (what == "export") {
      Status s = st.export_database(args.positional()[1]);
      if (!s.is_ok()) return report(s);
      std::printf("exported %s to %s\n", st.path().c_str(), args.positional()[1].c_str());
    } else {
      auto n = st.import_bench(args.positional()[1]);
      if (!n.is_ok()) return report(n.status());
      std::printf("imported %lld benchmark runs into %s\n", (long long)*n, st.path().c_str());
    }
    return 0;
  }
  if (what == "check") {
    auto r = st.integrity_check();
    if (!r.is_ok()) return report(r.status());
    std::printf("%s: schema version %d, integrity %s\n", st.path().c_str(), st.schema_version(), r->c_str());
    return *r == "ok" ? 0 : kExitError;
  }
  if (what == "delete") {
    if (args.positional().size() != 2) throw std::invalid_argument("delete needs a run ID");
    Status s = st.delete_bench(std::stoll(args.positional()[1]));
    return report(s);
  }
  throw std::invalid_argument("unknown store subcommand '" + what + "'");
}

}  // namespace dsw::cli
