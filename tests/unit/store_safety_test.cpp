// What the store refuses and never changes, and what it never loses: a refused database (newer
// schema, another program's SQLite file, not a database) is byte-for-byte untouched with no side
// files; read-only opens write nothing, read older schemas as they are, work for a user who cannot
// write the file and do not wait behind a writer; import refuses missing, foreign, newer, empty
// and corrupt sources without changing them; a busy database names its path and the process that
// holds the lock; a benchmark's rows and its job's end are one transaction, checked by killing the
// writer at the points between them.
#include "check.h"

#include "store/sqlite_db.h"

#include <dsw/store.h>

#include <sqlite3.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <fstream>
#include <iterator>
#include <thread>

using namespace dsw;
using namespace dsw::test;
namespace fs = std::filesystem;

namespace {

BenchRow row(int i) {
  BenchRow r;
  r.suite = "speed";
  r.label = "run" + std::to_string(i);
  r.decode_tps = 10.0 + i;
  return r;
}

void sql(const fs::path& path, const char* text) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, text, nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

std::string bytes_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The folder's entries and every file's bytes (but files whose name starts with `except`):
// "unchanged" means exactly this is equal.
std::string snapshot(const fs::path& dir, const std::string& except = "\x01") {
  std::vector<std::string> entries;
  for (auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name.rfind(except, 0) == 0) continue;
    entries.push_back(name + "=" + bytes_of(e.path()));
  }
  std::sort(entries.begin(), entries.end());
  std::string s;
  for (auto& e : entries) s += e + "\n";
  return s;
}

bool has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// A database at the current schema holding `n` rows, closed (no -wal/-shm left).
fs::path workbench_db(const fs::path& dir, const std::string& name, int n) {
  fs::path p = dir / name;
  auto s = Store::open(p);
  REQUIRE_OK(s);
  for (int i = 0; i < n; ++i) REQUIRE_OK((*s)->insert_bench(row(i)));
  return p;
}

// Runs fn in a child process as user nobody (when root) and returns its exit code.
int as_other_user(const std::function<int()>& fn) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(90);
    _exit(fn());
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

// A child that holds the write lock of `path` (BEGIN IMMEDIATE, one uncommitted insert) until
// it is killed; returns its pid once the lock is held.
pid_t hold_write_lock(const fs::path& path) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) _exit(2);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE; INSERT INTO bench_results(created_at, label) VALUES('x', 'uncommitted');", nullptr,
                     nullptr, nullptr) != SQLITE_OK)
      _exit(3);
    char c = 1;
    if (write(fds[1], &c, 1) != 1) _exit(4);
    for (;;) pause();
  }
  close(fds[1]);
  char c = 0;
  REQUIRE(read(fds[0], &c, 1) == 1);
  close(fds[0]);
  return pid;
}

void stop(pid_t pid) {
  kill(pid, SIGKILL);
  int st = 0;
  waitpid(pid, &st, 0);
}

}  // namespace

DSW_TEST(refused_databases_are_not_written_at_all) {
  struct Case {
    const char* name;
    const char* setup;
    StatusCode code;
    const char* says;
  };
  const Case cases[] = {
      {"future.db", "CREATE TABLE jobs(id); CREATE TABLE bench_results(id); PRAGMA user_version = 99;", StatusCode::unsupported, "newer"},
      {"other_program.db", "CREATE TABLE people(name TEXT); INSERT INTO people VALUES('ann');", StatusCode::invalid_input,
       "is not a workbench database"},
      {"half_ours.db", "CREATE TABLE jobs(id); PRAGMA user_version = 2;", StatusCode::invalid_input, "is not a workbench database"},
  };
  for (const auto& c : cases) {
    fs::path dir = temp_dir();
    sql(dir / c.name, c.setup);
    const std::string before = snapshot(dir);
    for (bool read_only : {false, true}) {
      auto s = Store::open(dir / c.name, {.read_only = read_only});
      REQUIRE(!s.is_ok());
      CHECK(s.status().code() == c.code);
      CHECK(has(s.status().message(), c.says));
      CHECK(has(s.status().message(), (dir / c.name).string()));
      CHECK(snapshot(dir) == before);  // same bytes, no -wal or -shm created
    }
  }
  // Not a database at all.
  fs::path dir = temp_dir();
  std::ofstream(dir / "notes.db") << std::string(4096, 'x');
  const std::string before = snapshot(dir);
  auto s = Store::open(dir / "notes.db");
  CHECK(s.status().code() == StatusCode::invalid_input && has(s.status().message(), "notes.db"));
  CHECK(snapshot(dir) == before);
}

DSW_TEST(read_only_open_writes_nothing_and_reads_old_schemas) {
  fs::path dir = temp_dir();
  // A version-1 database, as the first schema wrote it.
  sql(dir / "v1.db",
      "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, state TEXT NOT NULL, title TEXT NOT NULL "
      "DEFAULT '', model_path TEXT NOT NULL DEFAULT '', params_json TEXT NOT NULL DEFAULT '{}', message TEXT NOT NULL DEFAULT '', "
      "created_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT '', duration_s REAL NOT NULL DEFAULT 0);"
      "CREATE TABLE bench_results (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, label TEXT, decode_tps REAL);"
      "INSERT INTO jobs(kind, state, created_at) VALUES('bench', 'succeeded', '2024-01-01T00:00:00Z');"
      "INSERT INTO bench_results(created_at, label, decode_tps) VALUES('2024-01-01T00:00:00Z', 'old', 12.5);"
      "PRAGMA user_version = 1;");
  const std::string before = snapshot(dir);
  auto s = Store::open(dir / "v1.db", {.read_only = true});
  REQUIRE_OK(s);
  CHECK((*s)->read_only());
  CHECK_EQ((*s)->schema_version(), 1);
  auto rows = (*s)->list_bench();
  REQUIRE_OK(rows);
  REQUIRE(rows->size() == 1);
  CHECK_EQ(*(*rows)[0].label, std::string("old"));
  CHECK_EQ(*(*rows)[0].decode_tps, 12.5);
  auto jobs = (*s)->list_jobs();
  REQUIRE_OK(jobs);
  CHECK_EQ(jobs->size(), 1u);
  REQUIRE_OK((*s)->integrity_check());
  s = Result<std::unique_ptr<Store>>(Status(StatusCode::internal, "closed"));
  CHECK(snapshot(dir) == before);
  // A missing file is an error, not a new database.
  auto missing = Store::open(dir / "missing.db", {.read_only = true});
  CHECK(missing.status().code() == StatusCode::io && has(missing.status().message(), "missing.db"));
  CHECK(!fs::exists(dir / "missing.db"));
}

DSW_TEST(read_only_works_for_a_user_who_cannot_write) {
  fs::path dir = temp_dir();
  fs::path db = workbench_db(dir, "shared.db", 3);
  // The file and its folder read-only for everyone; as root the child switches to nobody, who
  // owns nothing here.
  fs::permissions(db, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
  const std::string before = snapshot(dir);
  int rc = as_other_user([&] {
    auto w = Store::open(db);
    if (w.is_ok()) return 10;  // a writable open must fail here, or the test proves nothing
    auto s = Store::open(db, {.read_only = true});
    if (!s.is_ok()) {
      std::printf("    %s\n", s.status().message().c_str());
      return 11;
    }
    auto rows = (*s)->list_bench();
    return rows.is_ok() && rows->size() == 3 ? 0 : 12;
  });
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
  CHECK_EQ(rc, 0);
  CHECK(snapshot(dir) == before);
}

DSW_TEST(readers_do_not_wait_behind_a_writer) {
  fs::path dir = temp_dir();
  fs::path db = workbench_db(dir, "busy.db", 2);
  pid_t writer = hold_write_lock(db);
  // A reader given no patience at all still reads: it never asks for the write lock.
  auto s = Store::open(db, {.read_only = true, .busy_timeout_ms = 1});
  if (!s.is_ok()) std::printf("    %s\n", s.status().message().c_str());
  REQUIRE_OK(s);
  auto rows = (*s)->list_bench();
  REQUIRE_OK(rows);
  CHECK_EQ(rows->size(), 2u);  // the uncommitted row is not seen
  // A writer waits the busy timeout, then names the database and the process holding the lock.
  auto w = Store::open(db, {.busy_timeout_ms = 100});
  std::string message = w.is_ok() ? (*w)->insert_bench(row(9)).status().message() : w.status().message();
  CHECK(has(message, db.string()));
  CHECK(has(message, "stayed locked by another writer"));
  CHECK(has(message, "process " + std::to_string(writer)));
  stop(writer);
}

DSW_TEST(import_refuses_bad_sources_without_changing_them) {
  fs::path dir = temp_dir();
  auto target = Store::open(dir / "target.db");
  REQUIRE_OK(target);
  sql(dir / "foreign.db", "CREATE TABLE people(name TEXT);");
  sql(dir / "newer.db", "CREATE TABLE jobs(id); CREATE TABLE bench_results(id); PRAGMA user_version = 42;");
  std::ofstream(dir / "empty.db").close();
  std::ofstream(dir / "text.db") << std::string(2048, 'z');
  // A workbench database with a damaged page: its integrity check fails.
  fs::path corrupt = workbench_db(dir, "corrupt.db", 200);
  {
    // Every page after the first gets a broken b-tree header.
    const uint64_t size = fs::file_size(corrupt);
    std::fstream f(corrupt, std::ios::in | std::ios::out | std::ios::binary);
    for (uint64_t page = 4096; page + 16 < size; page += 4096) {
      f.seekp(std::streamoff(page));
      f.write("\x0d\xff\xff\xff\xff\xff\xff\xff", 8);
    }
  }
  struct Case {
    const char* name;
    const char* says;
  };
  const Case cases[] = {{"missing.db", "no such database file"}, {"foreign.db", "is not a workbench database"},
                        {"newer.db", "newer"},                   {"empty.db", "holds no workbench data"},
                        {"text.db", "text.db"},                  {"corrupt.db", "corrupt.db"}};
  for (const auto& c : cases) {
    const std::string before = snapshot(dir, "target.db");
    auto n = (*target)->import_bench(dir / c.name);
    if (n.is_ok() || !has(n.status().message(), c.says)) std::printf("    %s: %s\n", c.name, n.status().message().c_str());
    if (snapshot(dir, "target.db") != before)
      for (auto& e : fs::directory_iterator(dir)) std::printf("      now: %s\n", e.path().filename().c_str());
    CHECK(!n.is_ok());
    CHECK(has(n.status().message(), c.says));
    CHECK(!fs::exists(dir / "missing.db"));
    CHECK_EQ((*target)->list_bench()->size(), 0u);
    CHECK(snapshot(dir, "target.db") == before);  // only the target's own files may change
  }
  // A good source, any older schema included, imports; it stays as it was.
  fs::path good = workbench_db(dir, "good.db", 4);
  const std::string good_bytes = bytes_of(good);
  auto n = (*target)->import_bench(good);
  REQUIRE_OK(n);
  CHECK_EQ(*n, int64_t(4));
  CHECK(bytes_of(good) == good_bytes);
}

DSW_TEST(unsaved_rows_round_trip_through_json) {
  fs::path dir = temp_dir();
  std::vector<BenchRow> rows = {row(1), row(2)};
  rows[1].notes = "two";
  REQUIRE_OK(write_bench_rows_json(rows, dir / "unsaved.json"));
  auto back = read_bench_rows_json(dir / "unsaved.json");
  REQUIRE_OK(back);
  REQUIRE(back->size() == 2);
  CHECK_EQ(*(*back)[1].notes, std::string("two"));
  CHECK_EQ(*(*back)[0].decode_tps, 11.0);
  auto target = Store::open(dir / "t.db");
  REQUIRE_OK(target);
  auto n = (*target)->import_bench(dir / "unsaved.json");
  REQUIRE_OK(n);
  CHECK_EQ(*n, int64_t(2));
  std::ofstream(dir / "bad.json") << R"([{"decode_tps": "fast"}])";
  auto bad = (*target)->import_bench(dir / "bad.json");
  CHECK(!bad.is_ok() && has(bad.status().message(), "bad.json: row 0: 'decode_tps' must be a number"));
}

DSW_TEST(rows_and_job_end_are_one_transaction_under_kills) {
  // The child stores two rows and ends its job in one call, and is killed at each point between
  // the statements; the database must then hold both (a finished job with its rows) or neither
  // (a running job, no rows). Without a kill, both.
  for (const char* point : {"bench rows inserted", "job finished", ""}) {
    fs::path db = temp_dir() / "kill.db";
    int64_t job_id = 0;
    {
      auto s = Store::open(db);
      REQUIRE_OK(s);
      JobRecord j;
      j.kind = "bench";
      j.state = JobState::running;
      auto id = (*s)->add_job(j);
      REQUIRE_OK(id);
      job_id = *id;
    }
    static std::string kill_at;
    kill_at = point;
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      set_store_test_hook([](std::string_view at) {
        if (at == kill_at) raise(SIGKILL);
      });
      auto s = Store::open(db);
      if (!s.is_ok()) _exit(2);
      auto ids = (*s)->store_bench_results({row(1), row(2)}, JobFinish{job_id, JobState::succeeded, "rows {rows}", 1.5});
      _exit(ids.is_ok() ? 0 : 3);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    const bool killed = WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
    CHECK_EQ(killed, *point != '\0');
    auto s = Store::open(db, {.read_only = true});
    REQUIRE_OK(s);
    auto rows = (*s)->list_bench();
    auto jobs = (*s)->list_jobs();
    REQUIRE_OK(rows);
    REQUIRE_OK(jobs);
    REQUIRE(jobs->size() == 1);
    const JobRecord& j = jobs->front();
    if (killed) {
      CHECK_EQ(rows->size(), 0u);
      CHECK(j.state == JobState::running && !j.bench_id);
    } else {
      REQUIRE(rows->size() == 2);
      CHECK(j.state == JobState::succeeded);
      CHECK(j.bench_id && *j.bench_id == *(*rows)[0].id);
      CHECK_EQ(j.message, "rows " + std::to_string(*(*rows)[0].id) + ", " + std::to_string(*(*rows)[1].id));
    }
    CHECK_EQ(*(*s)->integrity_check(), std::string("ok"));
  }
}
