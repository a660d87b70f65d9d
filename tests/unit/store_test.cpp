// The SQLite store: migrations from every earlier schema version, newer versions refused, jobs and
// benchmark rows round-trip, a concurrent reader while a writer commits, export/import, and
// crash safety (a writer killed with SIGKILL mid-transaction 20 times leaves an intact database
// with no partial row).
#include "check.h"

#include <dsw/bench.h>
#include <dsw/compare.h>
#include <dsw/model_hash.h>
#include <dsw/report.h>
#include <dsw/store.h>

#include <sqlite3.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

using namespace dsw;
using namespace dsw::test;

namespace {

BenchRow sample_row(int i) {
  BenchRow r;
  r.suite = "speed";
  r.label = "run" + std::to_string(i);
  r.model_path = "/models/m" + std::to_string(i % 3);
  r.architecture = "llama";
  r.precision = "bf16";
  r.device = "cpu";
  r.threads = 2;
  r.prompt_tokens = 512;
  r.gen_tokens = 128;
  r.batch = 1;
  r.reps = 5;
  r.prefill_tps = 100.0 + i;
  r.decode_tps = 10.0 + 0.1 * i;
  r.decode_tps_spread = 0.05;
  r.decode_cv = 0.01;
  r.notes = "row " + std::to_string(i);
  return r;
}

void exec_sql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

// The digest, or the error it ended with (so a failing check shows why).
std::string digest(const Result<std::string>& r) { return r.is_ok() ? *r : "error: " + std::string(r.status().message()); }

}  // namespace

DSW_TEST(fresh_database_gets_the_latest_schema) {
  auto path = temp_dir() / "w.db";
  auto s = Store::open(path);
  REQUIRE_OK(s);
  CHECK_EQ((*s)->schema_version(), Store::kSchemaVersion);
  auto ok = (*s)->integrity_check();
  REQUIRE_OK(ok);
  CHECK_EQ(*ok, std::string("ok"));
}

DSW_TEST(version_1_database_migrates_and_keeps_its_rows) {
  // A database as version 1 of the schema wrote it (before jobs.bench_id, owner_pid and the
  // model index), holding one job and one benchmark row with the columns of that time.
  auto path = (temp_dir() / "v1.db").string();
  exec_sql(path,
           "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, state TEXT NOT NULL, title TEXT NOT NULL "
           "DEFAULT '', model_path TEXT NOT NULL DEFAULT '', params_json TEXT NOT NULL DEFAULT '{}', message TEXT NOT NULL DEFAULT '', "
           "created_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT '', duration_s REAL NOT NULL DEFAULT 0);"
           "CREATE TABLE bench_results (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, model_path TEXT, "
           "decode_tps REAL);"
           "INSERT INTO jobs(kind, state, created_at) VALUES('hash', 'succeeded', '2026-01-01T00:00:00Z');"
           "INSERT INTO bench_results(created_at, model_path, decode_tps) VALUES('2026-01-01T00:00:00Z', '/m', 12.5);"
           "PRAGMA user_version = 1;");
  auto s = Store::open(path);
  REQUIRE_OK(s);
  CHECK_EQ((*s)->schema_version(), Store::kSchemaVersion);
  auto rows = (*s)->list_bench();
  REQUIRE_OK(rows);
  REQUIRE(rows->size() == 1u);
  CHECK_EQ(rows->at(0).decode_tps.value_or(0), 12.5);
  CHECK_EQ(rows->at(0).model_path.value_or(""), std::string("/m"));
  auto jobs = (*s)->list_jobs();
  REQUIRE_OK(jobs);
  CHECK_EQ(jobs->size(), 1u);
  // New fields are writable after the migration.
  auto id = (*s)->insert_bench(sample_row(1));
  REQUIRE_OK(id);
}

DSW_TEST(version_2_database_migrates_and_keeps_its_rows) {
  // A database as version 2 wrote it: before the file-hash cache.
  auto path = (temp_dir() / "v2.db").string();
  exec_sql(path,
           "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, state TEXT NOT NULL, title TEXT NOT NULL "
           "DEFAULT '', model_path TEXT NOT NULL DEFAULT '', params_json TEXT NOT NULL DEFAULT '{}', message TEXT NOT NULL DEFAULT '', "
           "created_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT '', duration_s REAL NOT NULL DEFAULT 0, "
           "bench_id INTEGER REFERENCES bench_results(id) ON DELETE SET NULL, owner_pid INTEGER NOT NULL DEFAULT 0);"
           "CREATE TABLE bench_results (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, model_path TEXT, "
           "model_sha256 TEXT, decode_tps REAL);"
           "CREATE INDEX bench_results_by_model ON bench_results(model_path, created_at);"
           "INSERT INTO bench_results(created_at, model_path, model_sha256, decode_tps) VALUES('2026-02-01T00:00:00Z', '/m', 'ab', 7.5);"
           "INSERT INTO jobs(kind, state, created_at, bench_id) VALUES('bench', 'succeeded', '2026-02-01T00:00:00Z', 1);"
           "PRAGMA user_version = 2;");
  auto s = Store::open(path);
  REQUIRE_OK(s);
  CHECK_EQ((*s)->schema_version(), Store::kSchemaVersion);
  auto rows = (*s)->list_bench();
  REQUIRE_OK(rows);
  REQUIRE(rows->size() == 1u);
  CHECK_EQ(rows->at(0).decode_tps.value_or(0), 7.5);
  CHECK_EQ(rows->at(0).model_sha256.value_or(""), std::string("ab"));
  auto jobs = (*s)->list_jobs();
  REQUIRE_OK(jobs);
  REQUIRE(jobs->size() == 1u);
  CHECK_EQ(jobs->at(0).bench_id.value_or(0), int64_t(1));
  REQUIRE_OK((*s)->remember_file_hash("/m/model.safetensors", 10, 20, "cd"));  // the new table works
}

DSW_TEST(version_3_database_migrates_and_records_training_runs) {
  // A database as version 3 wrote it: before the fine-tuning tables.
  auto path = (temp_dir() / "v3.db").string();
  exec_sql(path,
           "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, state TEXT NOT NULL, title TEXT NOT NULL "
           "DEFAULT '', model_path TEXT NOT NULL DEFAULT '', params_json TEXT NOT NULL DEFAULT '{}', message TEXT NOT NULL DEFAULT '', "
           "created_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT '', duration_s REAL NOT NULL DEFAULT 0, "
           "bench_id INTEGER REFERENCES bench_results(id) ON DELETE SET NULL, owner_pid INTEGER NOT NULL DEFAULT 0);"
           "CREATE TABLE bench_results (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL);"
           "CREATE TABLE file_hashes (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL);"
           "INSERT INTO jobs(kind, state, created_at) VALUES('finetune', 'succeeded', '2026-03-01T00:00:00Z');"
           "PRAGMA user_version = 3;");
  auto s = Store::open(path);
  REQUIRE_OK(s);
  CHECK_EQ((*s)->schema_version(), Store::kSchemaVersion);
  TrainRunRecord run;
  run.job_id = 1;
  run.source = "imported";
  run.model_path = "/m";
  run.steps = 3;
  run.final_loss = 1.5;
  std::vector<TrainMetricRow> m(3);
  for (int i = 0; i < 3; ++i) m[size_t(i)].step = i + 1, m[size_t(i)].loss = 3.0 - i;
  m[2].eval_loss = 1.25;
  auto id = (*s)->add_train_run(run, m);
  REQUIRE_OK(id);
  auto runs = (*s)->list_train_runs();
  REQUIRE_OK(runs);
  REQUIRE(runs->size() == 1u);
  CHECK_EQ(runs->at(0).source, std::string("imported"));
  CHECK_EQ(runs->at(0).final_loss.value_or(0), 1.5);
  CHECK(!runs->at(0).final_eval_loss);
  auto rows = (*s)->train_metrics(*id);
  REQUIRE_OK(rows);
  REQUIRE(rows->size() == 3u);
  CHECK_EQ(rows->at(2).loss.value_or(0), 1.0);
  CHECK_EQ(rows->at(2).eval_loss.value_or(0), 1.25);
  CHECK(!rows->at(0).eval_loss);
}

DSW_TEST(file_hashes_are_remembered_by_path_size_and_time) {
  auto s = Store::open(temp_dir() / "h.db");
  REQUIRE_OK(s);
  auto none = (*s)->find_file_hash("/m/a.safetensors", 100, 5);
  REQUIRE_OK(none);
  CHECK(!none->has_value());
  REQUIRE_OK((*s)->remember_file_hash("/m/a.safetensors", 100, 5, "aa"));
  CHECK_EQ((*s)->find_file_hash("/m/a.safetensors", 100, 5)->value_or(""), std::string("aa"));
  CHECK(!(*s)->find_file_hash("/m/a.safetensors", 101, 5)->has_value());  // resized
  CHECK(!(*s)->find_file_hash("/m/a.safetensors", 100, 6)->has_value());  // rewritten
  REQUIRE_OK((*s)->remember_file_hash("/m/a.safetensors", 101, 6, "bb"));  // replaces the old entry
  CHECK_EQ((*s)->find_file_hash("/m/a.safetensors", 101, 6)->value_or(""), std::string("bb"));
  CHECK(!(*s)->find_file_hash("/m/a.safetensors", 100, 5)->has_value());
}

DSW_TEST(model_sha256_combines_files_and_uses_the_cache) {
  auto dir = temp_dir();
  auto write = [&](const char* name, const std::string& text) {
    std::FILE* f = std::fopen((dir / name).c_str(), "wb");
    REQUIRE(f);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  };
  write("a.bin", "abc");
  write("b.bin", "");
  ModelFiles one;
  one.path = dir / "a.bin";
  one.weight_files = {{dir / "a.bin", 3}};
  // One file: its own SHA-256, as sha256sum prints it.
  CHECK_EQ(digest(model_sha256(one)), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  // Two files: SHA-256 of the sha256sum lines (reference value from Python's hashlib).
  ModelFiles two;
  two.path = dir;
  two.weight_files = {{dir / "a.bin", 3}, {dir / "b.bin", 0}};
  CHECK_EQ(digest(model_sha256(two)), std::string("df17065e8da522f959088d4f4476f9d9f9e70606534bff6097cd2b7fbb14a04e"));
  // With a store: the first call remembers, a later call reads the remembered value (a planted
  // one proves the file was not read again), and a rewritten file is hashed afresh.
  auto s = Store::open(dir / "cache.db");
  REQUIRE_OK(s);
  CHECK_EQ(digest(model_sha256(one, s->get())), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  const auto abs = std::filesystem::absolute(dir / "a.bin");
  const int64_t mtime =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::filesystem::last_write_time(abs).time_since_epoch()).count();
  CHECK_EQ((*s)->find_file_hash(abs, 3, mtime)->value_or(""), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  REQUIRE_OK((*s)->remember_file_hash(abs, 3, mtime, "planted"));
  CHECK_EQ(digest(model_sha256(one, s->get())), std::string("planted"));
  std::filesystem::last_write_time(abs, std::filesystem::last_write_time(abs) + std::chrono::seconds(1));
  CHECK_EQ(digest(model_sha256(one, s->get())), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  // A missing file is an io error naming it.
  ModelFiles gone;
  gone.path = dir / "gone.bin";
  gone.weight_files = {{dir / "gone.bin", 1}};
  auto err = model_sha256(gone);
  CHECK(err.status().code() == StatusCode::io);
  CHECK(std::string(err.status().message()).find("gone.bin") != std::string::npos);
}

DSW_TEST(newer_schema_is_refused_untouched) {
  auto path = (temp_dir() / "future.db").string();
  exec_sql(path, "CREATE TABLE x(y); PRAGMA user_version = 99;");
  auto s = Store::open(path);
  CHECK(s.status().code() == StatusCode::unsupported);
  CHECK(s.status().message().find("newer") != std::string::npos);
}

DSW_TEST(not_a_database_is_an_input_error) {
  auto path = temp_dir() / "junk.db";
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("this is not sqlite at all, just text that is long enough to have a header.....", f);
    std::fclose(f);
  }
  auto s = Store::open(path);
  CHECK(!s.is_ok());
  CHECK(s.status().message().find(path.filename().string()) != std::string::npos);
}

DSW_TEST(jobs_and_rows_round_trip) {
  auto s = Store::open(temp_dir() / "w.db");
  REQUIRE_OK(s);
  JobRecord j;
  j.kind = "bench";
  j.state = JobState::running;
  j.title = "speed of m0";
  auto jid = (*s)->add_job(j);
  REQUIRE_OK(jid);
  BenchRow r = sample_row(7);
  auto rid = (*s)->insert_bench(r);
  REQUIRE_OK(rid);
  REQUIRE_OK((*s)->update_job(*jid, JobState::succeeded, "done", 1.5, *rid));
  auto jobs = (*s)->list_jobs();
  REQUIRE_OK(jobs);
  CHECK(jobs->at(0).state == JobState::succeeded);
  CHECK_EQ(jobs->at(0).bench_id.value_or(0), *rid);
  auto rows = (*s)->list_bench({.ids = {*rid}});
  REQUIRE_OK(rows);
  const auto& got = rows->at(0);
  // Every field written comes back equal.
  const auto& fields = bench_fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == "id" || fields[i].name == "created_at") continue;
    CHECK(get_field(got, i) == get_field(r, i));
  }
  CHECK((*s)->list_bench({.ids = {9999}}).status().code() == StatusCode::invalid_input);
}

DSW_TEST(interrupted_jobs_are_marked_failed) {
  auto path = temp_dir() / "w.db";
  {
    auto s = Store::open(path);
    REQUIRE_OK(s);
    JobRecord j;
    j.kind = "generate";
    j.state = JobState::running;
    REQUIRE_OK((*s)->add_job(j));
  }
  auto s = Store::open(path);
  REQUIRE_OK(s);
  auto n = (*s)->fail_interrupted_jobs();  // the job's owner is this process, which restarted its view
  REQUIRE_OK(n);
  CHECK_EQ(*n, int64_t(1));
  auto jobs = (*s)->list_jobs();
  CHECK(jobs->at(0).state == JobState::failed);
  CHECK(jobs->at(0).message.find("interrupted") != std::string::npos);
}

DSW_TEST(reader_sees_committed_rows_while_a_writer_writes) {
  auto path = temp_dir() / "w.db";
  REQUIRE_OK(Store::open(path));
  std::atomic<bool> done{false};
  std::atomic<int> reader_errors{0}, reads{0};
  std::thread reader([&] {
    auto s = Store::open(path);
    if (!s.is_ok()) {
      reader_errors++;
      return;
    }
    while (!done) {
      auto rows = (*s)->list_bench();
      if (!rows.is_ok()) reader_errors++;
      reads++;
    }
  });
  auto w = Store::open(path);
  REQUIRE_OK(w);
  while (reads.load() == 0 && reader_errors.load() == 0) std::this_thread::yield();  // reader is in its loop
  const int before = reads.load();
  for (int i = 0; i < 200; ++i) REQUIRE_OK((*w)->insert_bench(sample_row(i)));
  while (reads.load() < before + 3 && reader_errors.load() == 0) std::this_thread::yield();  // reads after the writes too
  done = true;
  reader.join();
  CHECK_EQ(reader_errors.load(), 0);
  CHECK(reads.load() > 0);
  CHECK_EQ((*w)->list_bench()->size(), 200u);
}

DSW_TEST(export_and_import_move_results) {
  auto dir = temp_dir();
  auto a = Store::open(dir / "a.db");
  REQUIRE_OK(a);
  for (int i = 0; i < 5; ++i) REQUIRE_OK((*a)->insert_bench(sample_row(i)));
  REQUIRE_OK((*a)->export_database(dir / "copy.db"));
  CHECK((*a)->export_database(dir / "copy.db").code() == StatusCode::io);  // never overwrites
  auto b = Store::open(dir / "b.db");
  REQUIRE_OK(b);
  REQUIRE_OK((*b)->insert_bench(sample_row(100)));
  auto n = (*b)->import_bench(dir / "copy.db");
  REQUIRE_OK(n);
  CHECK_EQ(*n, int64_t(5));
  CHECK_EQ((*b)->list_bench()->size(), 6u);
}

DSW_TEST(sigkill_mid_write_never_corrupts_or_leaves_a_partial_row) {
  auto path = temp_dir() / "crash.db";
  REQUIRE_OK(Store::open(path));
  for (int trial = 0; trial < 20; ++trial) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      // Child: write rows as fast as possible until killed.
      auto s = Store::open(path);
      if (!s.is_ok()) _exit(3);
      for (int i = 0;; ++i) (void)(*s)->insert_bench(sample_row(i));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + (trial * 7) % 40));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    auto s = Store::open(path);
    REQUIRE_OK(s);
    auto ok = (*s)->integrity_check();
    REQUIRE_OK(ok);
    CHECK_EQ(*ok, std::string("ok"));
    auto rows = (*s)->list_bench();
    REQUIRE_OK(rows);
    // Every row has every field the writer sets: no half row.
    for (auto& r : *rows) {
      CHECK(r.label.has_value() && r.notes.has_value() && r.decode_cv.has_value() && r.reps.has_value());
      if (!(r.label && r.notes && r.decode_cv && r.reps)) break;
    }
  }
  auto rows = (*Store::open(path))->list_bench();
  std::printf("    %zu complete rows after 20 killed writers\n", rows->size());
  CHECK(rows->size() > 0u);
}

DSW_TEST(comparison_marks_noise_as_no_difference) {
  BenchRow a = sample_row(0), b = sample_row(0), c = sample_row(0);
  a.id = 1, b.id = 2, c.id = 3;
  b.decode_tps = *a.decode_tps + 0.03;  // within the 0.05 spread
  c.decode_tps = *a.decode_tps * 1.5;
  auto cmp = compare_runs({a, b, c});
  const MetricRow* decode = nullptr;
  for (auto& m : cmp.metrics)
    if (m.field == "decode_tps") decode = &m;
  REQUIRE(decode);
  CHECK(decode->verdict[0] == Verdict::baseline);
  CHECK(decode->verdict[1] == Verdict::same);
  CHECK(decode->verdict[2] == Verdict::better);
  CHECK_NEAR(*decode->ratio[2], 1.5, 1e-12);
  auto md = render_report(cmp, ReportFormat::markdown);
  CHECK(md.find("no significant difference") != std::string::npos);
}

DSW_TEST(diversity_metrics_count_ngrams) {
  std::vector<std::vector<int32_t>> s = {{1, 2, 3, 1}, {1, 2, 4}};
  // unigrams: 7 in total, distinct {1,2,3,4} = 4
  CHECK_NEAR(distinct_n(s, 1), 4.0 / 7.0, 1e-12);
  // bigrams: (1,2) (2,3) (3,1) (1,2) (2,4) = 5, distinct 4
  CHECK_NEAR(distinct_n(s, 2), 4.0 / 5.0, 1e-12);
  // repeats: the second 1 in the first sample only
  CHECK_NEAR(repetition_rate(s), 1.0 / 7.0, 1e-12);
}
