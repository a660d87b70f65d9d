// The workbench's SQLite store: job history and benchmark results, shared by dsw and dsw-cli.
//
// One database file (by default in the user data directory) in WAL mode with a busy timeout, so
// the GUI can read while a job or another process writes. The schema is versioned with
// PRAGMA user_version; opening for writing runs every pending migration, each in its own
// transaction (a killed migration leaves the previous schema intact). A database the store
// refuses — a newer schema, another program's SQLite file, not a database — is not written at
// all: the checks run before the journal mode is set. Opened read-only, a database is never
// written, never migrated, and readers do not wait behind writers (older schemas are read as they
// are). Benchmark columns come from the schema in bench_schema.h; fields added there are added to
// old databases on open. Every write is one transaction: a killed process never leaves a half
// row, and a benchmark job is marked finished in the same transaction that stores its rows.
// Every error names the database file. A Store object is used from one thread at a time.
#pragma once

#include <dsw/bench_schema.h>
#include <dsw/status.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dsw {

enum class JobState { queued, running, succeeded, failed, cancelled };
std::string_view job_state_name(JobState s) noexcept;
std::optional<JobState> job_state_from_name(std::string_view s) noexcept;

struct JobRecord {
  int64_t id = 0;
  std::string kind;         // "load", "hash", "generate", "bench", "perplexity", ...
  JobState state = JobState::queued;
  std::string title;        // what the user sees in the Jobs list
  std::string model_path;
  std::string params_json;  // the job's settings
  std::string message;      // result summary or the error that ended it
  std::string created_at, finished_at;  // ISO 8601 UTC
  double duration_s = 0;
  std::optional<int64_t> bench_id;  // result row, for bench jobs
};

// How long a writer waits for another writer's lock: several times the longest lock taken in
// practice (a large import or export, about 10 s), so a busy database is waited for rather than
// failed, yet a stuck one is reported, naming the process that holds it.
inline constexpr int kStoreBusyTimeoutMs = 60'000;

struct StoreOpenOptions {
  bool read_only = false;  // list/report/check: no write of any kind; a missing file is an error
  bool create = true;      // writable only: create a missing database (and its folder)
  int busy_timeout_ms = kStoreBusyTimeoutMs;
};

// The end of a job, written together with its result rows. In `message`, "{rows}" becomes the
// new row ids ("3, 4"). The first row becomes the job's bench_id.
struct JobFinish {
  int64_t job_id = 0;
  JobState state = JobState::succeeded;
  std::string message;
  double duration_s = 0;
};

// A fine-tuning run: trained here ("local") or brought back from an exported job ("imported").
struct TrainRunRecord {
  int64_t id = 0;
  std::optional<int64_t> job_id;
  std::string source = "local";
  std::string model_path, output_dir, adapter_dir;
  std::string config_json;  // the run's TrainConfig as JSON
  std::string audit;        // the adapter audit summary
  int64_t steps = 0;
  std::optional<double> final_loss, final_eval_loss;
  std::string created_at;
};

struct TrainMetricRow {
  int64_t step = 0;
  std::optional<double> loss, eval_loss, lr, grad_norm, tokens_per_s;
};

struct BenchQuery {
  std::vector<int64_t> ids;  // these rows (in this order); otherwise:
  int64_t last = 0;          // the newest N rows; 0 with no ids: all rows
};

class Store {
 public:
  virtual ~Store() = default;

  static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path, const StoreOpenOptions& options = {});
  // $XDG_DATA_HOME/deepseek-workbench/workbench.db (or ~/.local/share/...).
  static std::filesystem::path default_path();
  static constexpr int kSchemaVersion = 6;

  virtual int schema_version() const = 0;
  virtual const std::filesystem::path& path() const noexcept = 0;
  virtual bool read_only() const noexcept = 0;

  // Jobs.
  virtual Result<int64_t> add_job(const JobRecord& job) = 0;
  virtual Status update_job(int64_t id, JobState state, const std::string& message, double duration_s,
                            std::optional<int64_t> bench_id = std::nullopt) = 0;
  virtual Result<std::vector<JobRecord>> list_jobs(int64_t limit = 200) = 0;
  // Marks jobs left "running" by a process that died as failed ("interrupted").
  virtual Result<int64_t> fail_interrupted_jobs() = 0;

  // Benchmark rows.
  virtual Result<int64_t> insert_bench(const BenchRow& row) = 0;
  // Inserts the rows and, when `finish` is given, ends that job, all in one transaction: a
  // process killed at any point leaves both or neither. Returns the new row ids.
  virtual Result<std::vector<int64_t>> store_bench_results(const std::vector<BenchRow>& rows,
                                                           const std::optional<JobFinish>& finish) = 0;
  virtual Result<std::vector<BenchRow>> list_bench(const BenchQuery& query = {}) = 0;
  virtual Status delete_bench(int64_t id) = 0;
  // Sets a row's label (empty: none); invalid_input when there is no such row.
  virtual Status set_bench_label(int64_t id, const std::string& label) = 0;

  // Remembered SHA-256 of files, valid while path, size and modification time (ns) are unchanged.
  virtual Result<std::optional<std::string>> find_file_hash(const std::filesystem::path& path, uint64_t size, int64_t mtime_ns) = 0;
  virtual Status remember_file_hash(const std::filesystem::path& path, uint64_t size, int64_t mtime_ns, const std::string& sha256) = 0;

  // Fine-tuning runs and their per-step metrics (one transaction).
  virtual Result<int64_t> add_train_run(const TrainRunRecord& run, const std::vector<TrainMetricRow>& metrics) = 0;
  virtual Result<std::vector<TrainRunRecord>> list_train_runs(int64_t limit = 200) = 0;
  virtual Result<std::vector<TrainMetricRow>> train_metrics(int64_t run_id) = 0;

  // Moving results between machines.
  virtual Status export_database(const std::filesystem::path& file) = 0;  // a consistent copy
  // Rows added from another workbench database (opened read-only, checked and never changed; any
  // schema version up to this one) or from a JSON file written by write_bench_rows_json. A
  // missing file, another program's database or a file that fails its integrity check is refused.
  virtual Result<int64_t> import_bench(const std::filesystem::path& file) = 0;
  // PRAGMA integrity_check ("ok" when healthy).
  virtual Result<std::string> integrity_check() = 0;
};

// Benchmark rows as a JSON array of objects keyed by field name (the --json form), written
// atomically: where a finished measurement goes when the store cannot take it.
Status write_bench_rows_json(const std::vector<BenchRow>& rows, const std::filesystem::path& file);
Result<std::vector<BenchRow>> read_bench_rows_json(const std::filesystem::path& file);

}  // namespace dsw
