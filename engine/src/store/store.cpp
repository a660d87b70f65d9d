// Store over SqliteDb: schema checks before any write, migrations, jobs, benchmark rows,
// export/import.
#include <dsw/store.h>

#include "core/error.h"
#include "core/utc_time.h"
#include "store/owner_lock.h"
#include "store/sqlite_db.h"
#include "store/store_sql.h"

#include <sqlite3.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

namespace dsw {
namespace {

std::string sql_type(FieldType t) {
  switch (t) {
    case FieldType::integer: return "INTEGER";
    case FieldType::real: return "REAL";
    case FieldType::text: return "TEXT";
  }
  return "TEXT";
}

std::string join_ids(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return out;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::filesystem::path& path, const StoreOpenOptions& o) : db_(path, o.read_only, o.create, o.busy_timeout_ms) {
    {
      Stmt s(db_, "PRAGMA user_version", "read the schema version");
      s.step();
      version_ = int(s.i64(0));
    }
    check_schema();  // a refused database is refused before anything is written to it
    if (db_.read_only()) return;
    db_.exec(sql::kPragmas, "settings");
    migrate();
  }

  int schema_version() const override { return version_; }
  const std::filesystem::path& path() const noexcept override { return db_.path(); }
  bool read_only() const noexcept override { return db_.read_only(); }

  Result<int64_t> add_job(const JobRecord& j) override {
    return guard([&] {
      require_writable("add a job");
      store_detail::hold_owner_lock(db_.path());  // before the row exists: a live owner always holds it
      Stmt s(db_, sql::kInsertJob, "add a job");
      s.bind(1, j.kind).bind(2, std::string(job_state_name(j.state))).bind(3, j.title).bind(4, j.model_path);
      s.bind(5, j.params_json.empty() ? std::string("{}") : j.params_json).bind(6, j.message);
      s.bind(7, j.created_at.empty() ? utc_now() : j.created_at).bind(8, int64_t(getpid()));
      s.step();
      return int64_t(sqlite3_last_insert_rowid(db_.handle()));
    });
  }

  Status update_job(int64_t id, JobState state, const std::string& message, double duration_s,
                    std::optional<int64_t> bench_id) override {
    return guard([&] {
      require_writable("update a job");
      finish_job(id, state, message, duration_s, bench_id);
    });
  }

  Result<std::vector<JobRecord>> list_jobs(int64_t limit) override {
    return guard([&] {
      std::vector<JobRecord> out;
      if (!db_.has_table("jobs")) return out;  // an empty database opened read-only
      // Read-only connections read older schemas as they are.
      const bool has_bench_id = db_.has_column("jobs", "bench_id");
      Stmt s(db_, has_bench_id ? sql::kListJobs : sql::kListJobsV1, "list jobs");
      s.bind(1, limit);
      while (s.step()) {
        JobRecord j;
        j.id = s.i64(0);
        j.kind = s.text(1);
        j.state = job_state_from_name(s.text(2)).value_or(JobState::failed);
        j.title = s.text(3);
        j.model_path = s.text(4);
        j.params_json = s.text(5);
        j.message = s.text(6);
        j.created_at = s.text(7);
        j.finished_at = s.text(8);
        j.duration_s = s.f64(9);
        if (!s.null(10)) j.bench_id = s.i64(10);
        out.push_back(std::move(j));
      }
      return out;
    });
  }

  Result<int64_t> add_train_run(const TrainRunRecord& r, const std::vector<TrainMetricRow>& metrics) override {
    return guard([&] {
      require_writable("add a training run");
      int64_t id = 0;
      transaction([&] {
        Stmt s(db_, sql::kInsertTrainRun, "add a training run");
        if (r.job_id) s.bind(1, *r.job_id);
        else s.bind_null(1);
        s.bind(2, r.source).bind(3, r.model_path).bind(4, r.output_dir).bind(5, r.adapter_dir);
        s.bind(6, r.config_json.empty() ? std::string("{}") : r.config_json).bind(7, r.audit).bind(8, r.steps);
        if (r.final_loss) s.bind(9, *r.final_loss);
        else s.bind_null(9);
        if (r.final_eval_loss) s.bind(10, *r.final_eval_loss);
        else s.bind_null(10);
        s.bind(11, r.created_at.empty() ? utc_now() : r.created_at);
        s.step();
        id = int64_t(sqlite3_last_insert_rowid(db_.handle()));
        for (auto& m : metrics) {
          Stmt q(db_, sql::kInsertTrainMetric, "add training metrics");
          q.bind(1, id).bind(2, m.step);
          int col = 3;
          for (auto* v : {&m.loss, &m.eval_loss, &m.lr, &m.grad_norm, &m.tokens_per_s}) {
            if (*v) q.bind(col, **v);
            else q.bind_null(col);
            ++col;
          }
          q.step();
        }
      });
      return id;
    });
  }

  Result<std::vector<TrainRunRecord>> list_train_runs(int64_t limit) override {
    return guard([&] {
      std::vector<TrainRunRecord> out;
      if (!db_.has_table("train_runs")) return out;  // an older database opened read-only
      Stmt s(db_, sql::kListTrainRuns, "list training runs");
      s.bind(1, limit);
      while (s.step()) {
        TrainRunRecord r;
        r.id = s.i64(0);
        if (!s.null(1)) r.job_id = s.i64(1);
        r.source = s.text(2);
        r.model_path = s.text(3);
        r.output_dir = s.text(4);
        r.adapter_dir = s.text(5);
        r.config_json = s.text(6);
        r.audit = s.text(7);
        r.steps = s.i64(8);
        if (!s.null(9)) r.final_loss = s.f64(9);
        if (!s.null(10)) r.final_eval_loss = s.f64(10);
        r.created_at = s.text(11);
        out.push_back(std::move(r));
      }
      return out;
    });
  }

  Result<std::vector<TrainMetricRow>> train_metrics(int64_t run_id) override {
    return guard([&] {
      std::vector<TrainMetricRow> out;
      if (!db_.has_table("train_metrics")) return out;  // an older database opened read-only
      Stmt s(db_, sql::kTrainMetrics, "read training metrics");
      s.bind(1, run_id);
      while (s.step()) {
        TrainMetricRow m;
        m.step = s.i64(0);
        std::optional<double>* cols[] = {&m.loss, &m.eval_loss, &m.lr, &m.grad_norm, &m.tokens_per_s};
        for (int c = 0; c < 5; ++c)
          if (!s.null(c + 1)) *cols[c] = s.f64(c + 1);
        out.push_back(m);
      }
      return out;
    });
  }

  Result<int64_t> fail_interrupted_jobs() override {
    return guard([&] {
      require_writable("mark interrupted jobs");
      std::vector<int64_t> dead;
      std::map<int64_t, bool> alive_of;
      {
        Stmt s(db_, sql::kUnfinishedJobs, "find interrupted jobs");
        while (s.step()) {
          const int64_t pid = s.i64(1);
          // This process's own pid: it is (re)starting its view, so these are a predecessor's.
          // Otherwise the owner's lock decides (a zombie or a reused pid holds none); rows
          // written by a version without locks fall back to the pid.
          // (Decided once per pid: a dead owner's lock file goes with the first look.)
          if (!alive_of.count(pid)) {
            bool alive = false;
            if (pid != getpid()) {
              const std::optional<bool> locked = store_detail::owner_alive(db_.path(), pid);
              alive = locked ? *locked : pid > 0 && (kill(pid_t(pid), 0) == 0 || errno == EPERM);
            }
            alive_of[pid] = alive;
          }
          if (!alive_of[pid]) dead.push_back(s.i64(0));
        }
      }
      transaction([&] {
        for (int64_t id : dead) {
          Stmt u(db_, sql::kFailInterrupted, "mark interrupted jobs");
          u.bind(1, id);
          u.step();
        }
      });
      return int64_t(dead.size());
    });
  }

  Result<int64_t> insert_bench(const BenchRow& row) override {
    return guard([&] {
      require_writable("insert a benchmark row");
      int64_t id = 0;
      transaction([&] { id = insert_row(row, true); });
      return id;
    });
  }

  Result<std::vector<int64_t>> store_bench_results(const std::vector<BenchRow>& rows, const std::optional<JobFinish>& finish) override {
    return guard([&] {
      require_writable("store benchmark results");
      std::vector<int64_t> ids;
      transaction([&] {
        for (const auto& r : rows) ids.push_back(insert_row(r, true));
        store_test_point("bench rows inserted");
        if (finish) {
          std::string message = finish->message;
          if (auto at = message.find("{rows}"); at != std::string::npos) message.replace(at, 6, join_ids(ids));
          finish_job(finish->job_id, finish->state, message, finish->duration_s,
                     ids.empty() ? std::nullopt : std::optional<int64_t>(ids.front()));
          store_test_point("job finished");
        }
      });
      return ids;
    });
  }

  Result<std::vector<BenchRow>> list_bench(const BenchQuery& q) override {
    return guard([&] {
      std::vector<BenchRow> out;
      if (!db_.has_table("bench_results")) return out;  // an empty database opened read-only
      // The schema's fields this table has (all of them unless an older database is read as is).
      const auto& f = bench_fields();
      std::vector<size_t> present;
      std::string cols;
      for (size_t i = 0; i < f.size(); ++i) {
        if (!db_.has_column("bench_results", std::string(f[i].name))) continue;
        present.push_back(i);
        cols += (cols.empty() ? "" : ", ") + std::string(f[i].name);
      }
      auto read = [&](Stmt& s) {
        while (s.step()) {
          BenchRow r;
          for (size_t k = 0; k < present.size(); ++k) set_field(r, present[k], s.value(int(k)));
          out.push_back(std::move(r));
        }
      };
      if (!q.ids.empty()) {
        for (int64_t id : q.ids) {
          Stmt s(db_, "SELECT " + cols + " FROM bench_results WHERE id = ?", "read a benchmark row");
          s.bind(1, id);
          size_t before = out.size();
          read(s);
          if (out.size() == before) fail_invalid(db_.where("read a benchmark row") + ": no result row " + std::to_string(id));
        }
      } else if (q.last > 0) {
        Stmt s(db_, "SELECT " + cols + " FROM (SELECT * FROM bench_results ORDER BY id DESC LIMIT ?) ORDER BY id", "list benchmark rows");
        s.bind(1, q.last);
        read(s);
      } else {
        Stmt s(db_, "SELECT " + cols + " FROM bench_results ORDER BY id", "list benchmark rows");
        read(s);
      }
      return out;
    });
  }

  Status delete_bench(int64_t id) override {
    return guard([&] {
      require_writable("delete a benchmark row");
      transaction([&] {
        Stmt s(db_, sql::kDeleteBench, "delete a benchmark row");
        s.bind(1, id);
        s.step();
        if (sqlite3_changes(db_.handle()) != 1) fail_invalid(db_.where("delete a benchmark row") + ": no result row " + std::to_string(id));
      });
    });
  }

  Status set_bench_label(int64_t id, const std::string& label) override {
    return guard([&] {
      require_writable("relabel a benchmark row");
      transaction([&] {
        Stmt s(db_, sql::kSetBenchLabel, "relabel a benchmark row");
        if (label.empty()) s.bind_null(1);
        else s.bind(1, label);
        s.bind(2, id);
        s.step();
        if (sqlite3_changes(db_.handle()) != 1) fail_invalid(db_.where("relabel a benchmark row") + ": no result row " + std::to_string(id));
      });
    });
  }

  Result<std::optional<std::string>> find_file_hash(const std::filesystem::path& path, uint64_t size, int64_t mtime_ns) override {
    return guard([&]() -> std::optional<std::string> {
      if (!db_.has_table("file_hashes")) return std::nullopt;
      Stmt s(db_, sql::kFindFileHash, "find a file hash");
      s.bind(1, path.string()).bind(2, int64_t(size)).bind(3, mtime_ns);
      if (s.step()) return s.text(0);
      return std::nullopt;
    });
  }

  Status remember_file_hash(const std::filesystem::path& path, uint64_t size, int64_t mtime_ns, const std::string& sha256) override {
    return guard([&] {
      require_writable("remember a file hash");
      transaction([&] {
        Stmt s(db_, sql::kRememberFileHash, "remember a file hash");
        s.bind(1, path.string()).bind(2, int64_t(size)).bind(3, mtime_ns).bind(4, sha256);
        s.step();
      });
    });
  }

  Status export_database(const std::filesystem::path& file) override {
    return guard([&] {
      std::error_code ec;
      if (std::filesystem::exists(std::filesystem::symlink_status(file, ec)))
        fail_io(file.string() + ": already exists (export never overwrites)");
      Stmt s(db_, "VACUUM INTO ?", "export to " + file.string());
      s.bind(1, file.string());
      s.step();
    });
  }

  Result<int64_t> import_bench(const std::filesystem::path& file) override {
    return guard([&] {
      require_writable("import benchmark rows");
      std::error_code ec;
      if (std::filesystem::equivalent(file, db_.path(), ec)) fail_invalid(file.string() + ": is the database being imported into");
      std::vector<BenchRow> rows;
      if (file.extension() == ".json") {
        rows = unwrap(read_bench_rows_json(file));
      } else {
        // Read-only: the source is checked (a workbench database, intact) and never changed.
        SqliteStore other(file, StoreOpenOptions{.read_only = true});
        if (other.version_ == 0) fail_invalid(file.string() + ": holds no workbench data (an empty database)");
        auto ok = unwrap(other.integrity_check());
        if (ok != "ok") fail_invalid(file.string() + ": failed its integrity check: " + ok.substr(0, 200));
        rows = unwrap(other.list_bench({}));
      }
      transaction([&] {
        for (auto r : rows) {
          r.id.reset();
          insert_row(r, true);  // rows saved as JSON may lack created_at
        }
      });
      return int64_t(rows.size());
    });
  }

  Result<std::string> integrity_check() override {
    return guard([&] {
      Stmt s(db_, "PRAGMA integrity_check", "integrity check");
      std::string out;
      while (s.step()) out += (out.empty() ? "" : "; ") + s.text(0);
      return out;
    });
  }

 private:
  void require_writable(std::string_view what) const {
    if (db_.read_only()) fail_internal(db_.where(what) + ": the database was opened read-only");
  }

  // Refuses, before anything is written, a database from a newer workbench and an SQLite file
  // of another program (which migrating would fill with the workbench's tables).
  void check_schema() {
    constexpr int latest = int(std::size(sql::kMigrations));
    if (version_ > latest)
      fail_unsupported(db_.path().string() + ": the database has schema version " + std::to_string(version_) +
                       ", newer than this workbench understands (" + std::to_string(latest) + "); it was not changed");
    std::vector<std::string> tables;
    {
      Stmt s(db_, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", "read the schema");
      while (s.step()) tables.push_back(s.text(0));
    }
    auto has = [&](const char* t) { return std::find(tables.begin(), tables.end(), t) != tables.end(); };
    const bool ours = version_ == 0 ? tables.empty() : has("jobs") && has("bench_results");
    if (!ours) {
      std::string list;
      for (size_t i = 0; i < tables.size() && i < 5; ++i) list += (i ? ", " : "") + tables[i];
      if (tables.size() > 5) list += ", ...";
      fail_invalid(db_.path().string() + ": is not a workbench database (schema version " + std::to_string(version_) +
                   ", tables: " + (list.empty() ? "none" : list) + "); it was not changed");
    }
  }

  void finish_job(int64_t id, JobState state, const std::string& message, double duration_s, std::optional<int64_t> bench_id) {
    Stmt s(db_, sql::kUpdateJob, "update job " + std::to_string(id));
    s.bind(1, std::string(job_state_name(state))).bind(2, message).bind(3, duration_s).bind(4, utc_now());
    if (bench_id) s.bind(5, *bench_id);
    else s.bind_null(5);
    s.bind(6, id);
    s.step();
    if (sqlite3_changes(db_.handle()) != 1) fail_invalid(db_.where("update a job") + ": no job " + std::to_string(id));
  }

  // One INSERT of the row's set fields; created_at defaults to now when `stamp`.
  int64_t insert_row(const BenchRow& r, bool stamp) {
    const auto& f = bench_fields();
    std::string cols, marks;
    std::vector<std::pair<size_t, FieldValue>> used;
    for (size_t i = 0; i < f.size(); ++i) {
      if (f[i].name == "id") continue;
      FieldValue v = get_field(r, i);
      if (std::holds_alternative<std::monostate>(v)) {
        if (!(stamp && f[i].name == "created_at")) continue;
        v = utc_now();
      }
      cols += (cols.empty() ? "" : ", ") + std::string(f[i].name);
      marks += marks.empty() ? "?" : ", ?";
      used.emplace_back(i, std::move(v));
    }
    Stmt s(db_, "INSERT INTO bench_results(" + cols + ") VALUES(" + marks + ")", "insert a benchmark row");
    int k = 1;
    for (auto& [i, v] : used) s.bind(k++, v);
    s.step();
    return int64_t(sqlite3_last_insert_rowid(db_.handle()));
  }

  template <class Fn>
  void transaction(Fn&& fn) {
    db_.transaction(std::forward<Fn>(fn));
  }

  void migrate() {
    constexpr int latest = int(std::size(sql::kMigrations));
    static_assert(latest == Store::kSchemaVersion, "one migration per schema version");
    while (version_ < latest) {
      // Bench columns come from the schema table, and later migrations may refer to them, so
      // they are brought up to date around every step, inside the step's transaction.
      transaction([&] {
        ensure_bench_columns();
        db_.exec(sql::kMigrations[version_], "migrate to schema version " + std::to_string(version_ + 1));
        ensure_bench_columns();
        db_.exec("PRAGMA user_version = " + std::to_string(version_ + 1), "set the schema version");
      });
      ++version_;
    }
    transaction([&] { ensure_bench_columns(); });
  }

  // Adds columns for schema fields the table lacks (databases written before a field existed).
  // Does nothing before the table exists. Runs inside the caller's transaction.
  void ensure_bench_columns() {
    std::set<std::string> have;
    {
      Stmt s(db_, sql::kTableInfo, "read the benchmark columns");
      while (s.step()) have.insert(s.text(1));
    }
    if (have.empty()) return;
    for (auto& f : bench_fields()) {
      if (have.count(std::string(f.name))) continue;
      db_.exec("ALTER TABLE bench_results ADD COLUMN " + std::string(f.name) + " " + sql_type(f.type), "add a benchmark column");
    }
  }

  SqliteDb db_;
  int version_ = 0;
};

}  // namespace

std::string_view job_state_name(JobState s) noexcept {
  switch (s) {
    case JobState::queued: return "queued";
    case JobState::running: return "running";
    case JobState::succeeded: return "succeeded";
    case JobState::failed: return "failed";
    case JobState::cancelled: return "cancelled";
  }
  return "?";
}

std::optional<JobState> job_state_from_name(std::string_view s) noexcept {
  for (JobState j : {JobState::queued, JobState::running, JobState::succeeded, JobState::failed, JobState::cancelled})
    if (job_state_name(j) == s) return j;
  return std::nullopt;
}

std::filesystem::path Store::default_path() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  std::filesystem::path base;
  if (xdg && *xdg) base = xdg;
  else if (const char* home = std::getenv("HOME"); home && *home) base = std::filesystem::path(home) / ".local" / "share";
  else base = std::filesystem::temp_directory_path();
  return base / "deepseek-workbench" / "workbench.db";
}

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path, const StoreOpenOptions& options) {
  return guard([&]() -> std::unique_ptr<Store> { return std::make_unique<SqliteStore>(path, options); });
}

}  // namespace dsw
