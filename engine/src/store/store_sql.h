// Every SQL statement of the store, named, in one place.
#pragma once

namespace dsw::sql {

inline constexpr const char* kPragmas =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;";

// Migrations: kMigrations[i] takes the schema from version i to i + 1.
inline constexpr const char* kMigrations[] = {
    // 0 -> 1: job history and benchmark rows (bench columns are added from the schema table).
    "CREATE TABLE jobs ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  kind TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  title TEXT NOT NULL DEFAULT '',"
    "  model_path TEXT NOT NULL DEFAULT '',"
    "  params_json TEXT NOT NULL DEFAULT '{}',"
    "  message TEXT NOT NULL DEFAULT '',"
    "  created_at TEXT NOT NULL,"
    "  finished_at TEXT NOT NULL DEFAULT '',"
    "  duration_s REAL NOT NULL DEFAULT 0);"
    "CREATE TABLE bench_results (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL);",
    // 1 -> 2: link bench jobs to their result row; index results by model for comparisons.
    "ALTER TABLE jobs ADD COLUMN bench_id INTEGER REFERENCES bench_results(id) ON DELETE SET NULL;"
    "ALTER TABLE jobs ADD COLUMN owner_pid INTEGER NOT NULL DEFAULT 0;"
    "CREATE INDEX IF NOT EXISTS bench_results_by_model ON bench_results(model_path, created_at);",
    // 2 -> 3: SHA-256 of weight files, remembered by path, size and modification time, so a
    // benchmark hashes a multi-gigabyte checkpoint once rather than on every run.
    "CREATE TABLE file_hashes ("
    "  path TEXT PRIMARY KEY,"
    "  size INTEGER NOT NULL,"
    "  mtime_ns INTEGER NOT NULL,"
    "  sha256 TEXT NOT NULL);",
    // 3 -> 4: fine-tuning runs (local, or imported from an exported distributed job) and their
    // per-step metrics, for comparing runs.
    "CREATE TABLE train_runs ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,"
    "  source TEXT NOT NULL,"
    "  model_path TEXT NOT NULL DEFAULT '',"
    "  output_dir TEXT NOT NULL DEFAULT '',"
    "  adapter_dir TEXT NOT NULL DEFAULT '',"
    "  config_json TEXT NOT NULL DEFAULT '{}',"
    "  audit TEXT NOT NULL DEFAULT '',"
    "  steps INTEGER NOT NULL DEFAULT 0,"
    "  final_loss REAL,"
    "  final_eval_loss REAL,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE train_metrics ("
    "  run_id INTEGER NOT NULL REFERENCES train_runs(id) ON DELETE CASCADE,"
    "  step INTEGER NOT NULL,"
    "  loss REAL,"
    "  eval_loss REAL,"
    "  lr REAL,"
    "  grad_norm REAL,"
    "  tokens_per_s REAL,"
    "  PRIMARY KEY(run_id, step));",
    // 4 -> 5: MoE routing runs over data sets (dsw/routing_store.h): per run and layer the tokens,
    // score entropy, co-activation and (when kept) every token's experts; the load per expert as
    // rows so it can be queried; the run's token ids for per-token comparisons.
    "CREATE TABLE routing_runs ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  created_at TEXT NOT NULL,"
    "  label TEXT NOT NULL DEFAULT '',"
    "  model_path TEXT NOT NULL DEFAULT '',"
    "  architecture TEXT NOT NULL DEFAULT '',"
    "  source TEXT NOT NULL DEFAULT '',"
    "  field TEXT NOT NULL DEFAULT '',"
    "  documents INTEGER NOT NULL DEFAULT 0,"
    "  tokens INTEGER NOT NULL DEFAULT 0,"
    "  shape_json TEXT NOT NULL,"
    "  duration_s REAL NOT NULL DEFAULT 0);"
    "CREATE TABLE routing_layers ("
    "  run_id INTEGER NOT NULL REFERENCES routing_runs(id) ON DELETE CASCADE,"
    "  layer INTEGER NOT NULL,"
    "  tokens INTEGER NOT NULL,"
    "  entropy_sum REAL NOT NULL,"
    "  coactivation BLOB NOT NULL,"
    "  routes BLOB,"
    "  PRIMARY KEY(run_id, layer));"
    "CREATE TABLE routing_load ("
    "  run_id INTEGER NOT NULL REFERENCES routing_runs(id) ON DELETE CASCADE,"
    "  layer INTEGER NOT NULL,"
    "  expert INTEGER NOT NULL,"
    "  tokens INTEGER NOT NULL,"
    "  weight_mass REAL NOT NULL,"
    "  PRIMARY KEY(run_id, layer, expert));"
    "CREATE TABLE routing_tokens ("
    "  run_id INTEGER PRIMARY KEY REFERENCES routing_runs(id) ON DELETE CASCADE,"
    "  ids BLOB NOT NULL);",
    // 5 -> 6: the PEFT adapters a routing run had attached to its model (a JSON array of folder
    // paths; runs stored before say none).
    "ALTER TABLE routing_runs ADD COLUMN adapters TEXT NOT NULL DEFAULT '[]';",
};

inline constexpr const char* kInsertJob =
    "INSERT INTO jobs(kind, state, title, model_path, params_json, message, created_at, owner_pid) VALUES(?,?,?,?,?,?,?,?)";
inline constexpr const char* kUpdateJob =
    "UPDATE jobs SET state = ?, message = ?, duration_s = ?, finished_at = ?, bench_id = COALESCE(?, bench_id) WHERE id = ?";
inline constexpr const char* kListJobs =
    "SELECT id, kind, state, title, model_path, params_json, message, created_at, finished_at, duration_s, bench_id "
    "FROM jobs ORDER BY id DESC LIMIT ?";
// The same from a version-1 database read as it is (no bench_id column yet).
inline constexpr const char* kListJobsV1 =
    "SELECT id, kind, state, title, model_path, params_json, message, created_at, finished_at, duration_s, NULL "
    "FROM jobs ORDER BY id DESC LIMIT ?";
inline constexpr const char* kUnfinishedJobs = "SELECT id, owner_pid FROM jobs WHERE state IN ('running', 'queued')";
inline constexpr const char* kFailInterrupted =
    "UPDATE jobs SET state = 'failed', message = 'interrupted: the process ended while the job ran' WHERE id = ?";
inline constexpr const char* kDeleteBench = "DELETE FROM bench_results WHERE id = ?";
inline constexpr const char* kSetBenchLabel = "UPDATE bench_results SET label = ? WHERE id = ?";
inline constexpr const char* kFindFileHash = "SELECT sha256 FROM file_hashes WHERE path = ? AND size = ? AND mtime_ns = ?";
inline constexpr const char* kRememberFileHash =
    "INSERT INTO file_hashes(path, size, mtime_ns, sha256) VALUES(?,?,?,?) "
    "ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, sha256 = excluded.sha256";
inline constexpr const char* kInsertTrainRun =
    "INSERT INTO train_runs(job_id, source, model_path, output_dir, adapter_dir, config_json, audit, steps, final_loss, "
    "final_eval_loss, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)";
inline constexpr const char* kInsertTrainMetric =
    "INSERT OR REPLACE INTO train_metrics(run_id, step, loss, eval_loss, lr, grad_norm, tokens_per_s) VALUES(?,?,?,?,?,?,?)";
inline constexpr const char* kListTrainRuns =
    "SELECT id, job_id, source, model_path, output_dir, adapter_dir, config_json, audit, steps, final_loss, final_eval_loss, "
    "created_at FROM train_runs ORDER BY id DESC LIMIT ?";
inline constexpr const char* kTrainMetrics =
    "SELECT step, loss, eval_loss, lr, grad_norm, tokens_per_s FROM train_metrics WHERE run_id = ? ORDER BY step";
inline constexpr const char* kTableInfo = "PRAGMA table_info(bench_results)";

}  // namespace dsw::sql
