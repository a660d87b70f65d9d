// Store over the sqlite3 C API: migrations, jobs, benchmark rows, export/import.
#include <dsw/store.h>

#include "core/error.h"
#include "store/owner_lock.h"
#include "store/store_sql.h"

#include <sqlite3.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

namespace dsw {
namespace {

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::string sql_type(FieldType t) {
  switch (t) {
    case FieldType::integer: return "INTEGER";
    case FieldType::real: return "REAL";
    case FieldType::text: return "TEXT";
  }
  return "TEXT";
}

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql, const std::string& where) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) != SQLITE_OK)
      fail(StatusCode::io, where + ": " + sqlite3_errmsg(db));
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, int64_t v) { return check(sqlite3_bind_int64(s_, i, v)); }
  Stmt& bind(int i, double v) { return check(sqlite3_bind_double(s_, i, v)); }
  Stmt& bind(int i, const std::string& v) { return check(sqlite3_bind_text(s_, i, v.c_str(), int(v.size()), SQLITE_TRANSIENT)); }
  Stmt& bind_null(int i) { return check(sqlite3_bind_null(s_, i)); }
  Stmt& bind(int i, const FieldValue& v) {
    if (std::holds_alternative<int64_t>(v)) return bind(i, std::get<int64_t>(v));
    if (std::holds_alternative<double>(v)) return bind(i, std::get<double>(v));
    if (std::holds_alternative<std::string>(v)) return bind(i, std::get<std::string>(v));
    return bind_null(i);
  }
  // True while rows come back; throws on errors.
  bool step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(rc == SQLITE_FULL ? StatusCode::io : StatusCode::io, std::string("database: ") + sqlite3_errmsg(db_));
  }
  int64_t i64(int c) const { return sqlite3_column_int64(s_, c); }
  double f64(int c) const { return sqlite3_column_double(s_, c); }
  bool null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::string text(int c) const {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string(p, size_t(sqlite3_column_bytes(s_, c))) : std::string();
  }
  FieldValue value(int c) const {
    switch (sqlite3_column_type(s_, c)) {
      case SQLITE_INTEGER: return i64(c);
      case SQLITE_FLOAT: return f64(c);
      case SQLITE_TEXT: return text(c);
      default: return std::monostate{};
    }
  }
  int columns() const { return sqlite3_column_count(s_); }
  std::string column_name(int c) const { return sqlite3_column_name(s_, c); }

 private:
  Stmt& check(int rc) {
    if (rc != SQLITE_OK) fail(StatusCode::internal, std::string("database bind: ") + sqlite3_errmsg(db_));
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::filesystem::path path) : path_(std::move(path)) {
    if (!path_.parent_path().empty()) {
      std::error_code ec;
      std::filesystem::create_directories(path_.parent_path(), ec);
    }
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      fail_io(path_.string() + ": cannot open the database: " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
    try {
      exec(sql::kPragmas, "settings");
      migrate();
    } catch (...) {
      // The destructor does not run when the constructor throws: close here.
      sqlite3_close_v2(db_);
      db_ = nullptr;
      throw;
    }
  }
  ~SqliteStore() override { sqlite3_close_v2(db_); }

  int schema_version() const override { return version_; }
  const std::filesystem::path& path() const noexcept override { return path_; }

  Result<int64_t> add_job(const JobRecord& j) override {
    return guard([&] {
      store_detail::hold_owner_lock(path_);  // before the row exists: a live owner always holds it
      Stmt s(db_, sql::kInsertJob, where("add job"));
      s.bind(1, j.kind).bind(2, std::string(job_state_name(j.state))).bind(3, j.title).bind(4, j.model_path);
      s.bind(5, j.params_json.empty() ? std::string("{}") : j.params_json).bind(6, j.message);
      s.bind(7, j.created_at.empty() ? utc_now() : j.created_at).bind(8, int64_t(getpid()));
      s.step();
      return int64_t(sqlite3_last_insert_rowid(db_));
    });
  }

  Status update_job(int64_t id, JobState state, const std::string& message, double duration_s,
                    std::optional<int64_t> bench_id) override {
    return guard([&] {
      Stmt s(db_, sql::kUpdateJob, where("update job"));
      s.bind(1, std::string(job_state_name(state))).bind(2, message).bind(3, duration_s).bind(4, utc_now());
      if (bench_id) s.bind(5, *bench_id);
      else s.bind_null(5);
      s.bind(6, id);
      s.step();
      if (sqlite3_changes(db_) != 1) fail_invalid(where("update job") + ": no job " + std::to_string(id));
    });
  }

  Result<std::vector<JobRecord>> list_jobs(int64_t limit) override {
    return guard([&] {
      Stmt s(db_, sql::kListJobs, where("list jobs"));
      s.bind(1, limit);
      std::vector<JobRecord> out;
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
      int64_t id = 0;
      transaction([&] {
        Stmt s(db_, sql::kInsertTrainRun, where("add training run"));
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
        id = int64_t(sqlite3_last_insert_rowid(db_));
        for (auto& m : metrics) {
          Stmt q(db_, sql::kInsertTrainMetric, where("add training metrics"));
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
      Stmt s(db_, sql::kListTrainRuns, where("list training runs"));
      s.bind(1, limit);
      std::vector<TrainRunRecord> out;
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
      Stmt s(db_, sql::kTrainMetrics, where("training metrics"));
      s.bind(1, run_id);
      std::vector<TrainMetricRow> out;
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
      std::vector<int64_t> dead;
      std::map<int64_t, bool> alive_of;
      {
        Stmt s(db_, sql::kUnfinishedJobs, where("interrupted jobs"));
        while (s.step()) {
          const int64_t pid = s.i64(1);
          // This process's own pid: it is (re)starting its view, so these are a predecessor's.
          // Otherwise the owner's lock decides (a zombie or a reused pid holds none); rows
          // written by a version without locks fall back to the pid.
          // (Decided once per pid: a dead owner's lock file goes with the first look.)
          if (!alive_of.count(pid)) {
            bool alive = false;
            if (pid != getpid()) {
              const std::optional<bool> locked = store_detail::owner_alive(path_, pid);
              alive = locked ? *locked : pid > 0 && (kill(pid_t(pid), 0) == 0 || errno == EPERM);
            }
            alive_of[pid] = alive;
          }
          if (!alive_of[pid]) dead.push_back(s.i64(0));
        }
      }
      transaction([&] {
        for (int64_t id : dead) {
          Stmt u(db_, sql::kFailInterrupted, where("interrupted jobs"));
          u.bind(1, id);
          u.step();
        }
      });
      return int64_t(dead.size());
    });
  }

  Result<int64_t> insert_bench(const BenchRow& row) override {
    return guard([&] {
      const auto& f = bench_fields();
      std::string cols, marks;
      std::vector<size_t> used;
      for (size_t i = 0; i < f.size(); ++i) {
        if (f[i].name == "id") continue;
        FieldValue v = get_field(row, i);
        if (std::holds_alternative<std::monostate>(v) && f[i].name != "created_at") continue;
        cols += (cols.empty() ? "" : ", ") + std::string(f[i].name);
        marks += marks.empty() ? "?" : ", ?";
        used.push_back(i);
      }
      int64_t id = 0;
      transaction([&] {
        Stmt s(db_, "INSERT INTO bench_results(" + cols + ") VALUES(" + marks + ")", where("insert bench row"));
        int k = 1;
        for (size_t i : used) {
          FieldValue v = get_field(row, i);
          if (f[i].name == "created_at" && std::holds_alternative<std::monostate>(v)) v = utc_now();
          s.bind(k++, v);
        }
        s.step();
        id = sqlite3_last_insert_rowid(db_);
      });
      return id;
    });
  }

  Result<std::vector<BenchRow>> list_bench(const BenchQuery& q) override {
    return guard([&] {
      const auto& f = bench_fields();
      std::string cols;
      for (auto& fd : f) cols += (cols.empty() ? "" : ", ") + std::string(fd.name);
      std::vector<BenchRow> out;
      auto read = [&](Stmt& s) {
        while (s.step()) {
          BenchRow r;
          for (size_t i = 0; i < f.size(); ++i) set_field(r, i, s.value(int(i)));
          out.push_back(std::move(r));
        }
      };
      if (!q.ids.empty()) {
        for (int64_t id : q.ids) {
          Stmt s(db_, "SELECT " + cols + " FROM bench_results WHERE id = ?", where("read bench row"));
          s.bind(1, id);
          size_t before = out.size();
          read(s);
          if (out.size() == before) fail_invalid(where("read bench row") + ": no result row " + std::to_string(id));
        }
      } else if (q.last > 0) {
        Stmt s(db_, "SELECT " + cols + " FROM (SELECT * FROM bench_results ORDER BY id DESC LIMIT ?) ORDER BY id", where("list bench"));
        s.bind(1, q.last);
        read(s);
      } else {
        Stmt s(db_, "SELECT " + cols + " FROM bench_results ORDER BY id", where("list bench"));
        read(s);
      }
      return out;
    });
  }

  Status delete_bench(int64_t id) override {
    return guard([&] {
      transaction([&] {
        Stmt s(db_, sql::kDeleteBench, where("delete bench row"));
        s.bind(1, id);
        s.step();
      });
    });
  }

  Status set_bench_label(int64_t id, const std::string& label) override {
    return guard([&] {
      transaction([&] {
        Stmt s(db_, sql::kSetBenchLabel, where("relabel bench row"));
        if (label.empty()) s.bind_null(1);
        else s.bind(1, label);
        s.bind(2, id);
        s.step();
        if (sqlite3_changes(db_) != 1) fail_invalid(where("relabel bench row") + ": no benchmark row " + std::to_string(id));
      });
    });
  }

  Result<std::optional<std::string>> find_file_hash(const std::filesystem::path& path, uint64_t size, int64_t mtime_ns) override {
    return guard([&]() -> std::optional<std::string> {
      Stmt s(db_, sql::kFindFileHash, where("find file hash"));
      s.bind(1, path.string()).bind(2, int64_t(size)).bind(3, mtime_ns);
      if (s.step()) return s.text(0);
      return std::nullopt;
    });
  }

  Status remember_file_hash(const std::filesystem::path& path, uint64_t size, int64_t mtime_ns, const std::string& sha256) override {
    return guard([&] {
      transaction([&] {
        Stmt s(db_, sql::kRememberFileHash, where("remember file hash"));
        s.bind(1, path.string()).bind(2, int64_t(size)).bind(3, mtime_ns).bind(4, sha256);
        s.step();
      });
    });
  }

  Status export_database(const std::filesystem::path& file) override {
    return guard([&] {
      if (std::filesystem::exists(file)) fail_io(file.string() + ": already exists (export never overwrites)");
      Stmt s(db_, "VACUUM INTO ?", where("export"));
      s.bind(1, file.string());
      s.step();
    });
  }

  Result<int64_t> import_bench(const std::filesystem::path& file) override {
    return guard([&] {
      // Validate the other database by opening it as a store (migrating a copy would modify it,
      // so only the current schema version is accepted for import).
      {
        SqliteStore other(file);
        if (other.schema_version() != version_) fail_invalid(file.string() + ": schema version differs");
        auto ok = other.integrity_check();
        if (!ok.is_ok() || *ok != "ok") fail_invalid(file.string() + ": failed its integrity check");
      }
      auto rows = [&] {
        SqliteStore other(file);
        return unwrap(other.list_bench({}));
      }();
      int64_t n = 0;
      transaction([&] {
        for (auto r : rows) {
          r.id.reset();
          insert_bench_raw(r);
          ++n;
        }
      });
      return n;
    });
  }

  Result<std::string> integrity_check() override {
    return guard([&] {
      Stmt s(db_, "PRAGMA integrity_check", where("integrity check"));
      std::string out;
      while (s.step()) out += (out.empty() ? "" : "; ") + s.text(0);
      return out;
    });
  }

 private:
  std::string where(const std::string& what) const { return path_.string() + ": " + what; }

  void exec(const char* sql_text, const std::string& what) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql_text, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      const bool bad_file = msg.find("not a database") != std::string::npos || msg.find("malformed") != std::string::npos;
      fail(bad_file ? StatusCode::invalid_input : StatusCode::io, where(what) + ": " + msg);
    }
  }

  // Runs fn inside BEGIN IMMEDIATE ... COMMIT (rolled back on any exception).
  template <class Fn>
  void transaction(Fn&& fn) {
    if (in_transaction_) {
      fn();
      return;
    }
    exec("BEGIN IMMEDIATE", "begin");
    in_transaction_ = true;
    try {
      fn();
      exec("COMMIT", "commit");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      in_transaction_ = false;
      throw;
    }
    in_transaction_ = false;
  }

  void insert_bench_raw(const BenchRow& r) {
    const auto& f = bench_fields();
    std::string cols, marks;
    std::vector<size_t> used;
    for (size_t i = 0; i < f.size(); ++i) {
      if (f[i].name == "id" || std::holds_alternative<std::monostate>(get_field(r, i))) continue;
      cols += (cols.empty() ? "" : ", ") + std::string(f[i].name);
      marks += marks.empty() ? "?" : ", ?";
      used.push_back(i);
    }
    Stmt s(db_, "INSERT INTO bench_results(" + cols + ") VALUES(" + marks + ")", where("import bench row"));
    int k = 1;
    for (size_t i : used) s.bind(k++, get_field(r, i));
    s.step();
  }

  void migrate() {
    {
      Stmt s(db_, "PRAGMA user_version", where("schema version"));
      s.step();
      version_ = int(s.i64(0));
    }
    constexpr int latest = int(std::size(sql::kMigrations));
    static_assert(latest == Store::kSchemaVersion, "one migration per schema version");
    if (version_ > latest)
      fail_unsupported(path_.string() + ": the database has schema version " + std::to_string(version_) +
                       ", newer than this workbench understands (" + std::to_string(latest) + "); refusing to modify it");
    while (version_ < latest) {
      // Bench columns come from the schema table, and later migrations may refer to them, so
      // they are brought up to date around every step, inside the step's transaction.
      transaction([&] {
        ensure_bench_columns();
        exec(sql::kMigrations[version_], "migration to version " + std::to_string(version_ + 1));
        ensure_bench_columns();
        exec(("PRAGMA user_version = " + std::to_string(version_ + 1)).c_str(), "schema version");
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
      Stmt s(db_, sql::kTableInfo, where("bench columns"));
      while (s.step()) have.insert(s.text(1));
    }
    if (have.empty()) return;
    for (auto& f : bench_fields()) {
      if (have.count(std::string(f.name))) continue;
      exec(("ALTER TABLE bench_results ADD COLUMN " + std::string(f.name) + " " + sql_type(f.type)).c_str(), "add bench column");
    }
  }

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  int version_ = 0;
  bool in_transaction_ = false;
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

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path) {
  return guard([&]() -> std::unique_ptr<Store> { return std::make_unique<SqliteStore>(path); });
}

}  // namespace dsw
