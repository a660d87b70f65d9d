// One SQLite connection of the store, with the rules every use of it follows: messages name the
// database file; a writer that waits longer than the busy timeout is told which process holds the
// lock; a read-only connection writes nothing and never waits behind writers.
#pragma once

#include <dsw/bench_schema.h>
#include <dsw/store.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace dsw {

class SqliteDb {
 public:
  // Writable: opens (creating when `create`) read-write. Read-only: the file must exist; a
  // database no connection has open (no -wal file) is read as immutable=1, so reading creates no
  // file beside it; one in use is opened mode=ro (falling back to immutable=1 when its WAL index
  // cannot be created, as in a folder the user cannot write); query_only is set either way.
  // Throws dsw::Error naming the path; a path that is not a regular file (a FIFO, a folder) is
  // refused before SQLite opens it.
  SqliteDb(std::filesystem::path path, bool read_only, bool create, int busy_timeout_ms = kStoreBusyTimeoutMs);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  sqlite3* handle() const noexcept { return db_; }
  const std::filesystem::path& path() const noexcept { return path_; }
  bool read_only() const noexcept { return read_only_; }
  // "<path>: <what>" for messages.
  std::string where(std::string_view what) const;

  // Runs SQL without results; throws naming `what` (invalid_input for a file that is not a
  // database or is corrupt, io otherwise, with the lock holder when busy).
  void exec(const std::string& sql, std::string_view what);
  // Throws the error for SQLite result code `rc` of step `what`.
  [[noreturn]] void fail_sqlite(int rc, std::string_view what) const;
  // Whether `table` exists / has `column`.
  bool has_table(const std::string& table);
  bool has_column(const std::string& table, const std::string& column);

  // Runs fn inside BEGIN IMMEDIATE ... COMMIT, rolled back on any exception; a transaction begun
  // inside fn joins the outer one.
  template <class Fn>
  void transaction(Fn&& fn) {
    if (in_transaction_) {
      fn();
      return;
    }
    exec("BEGIN IMMEDIATE", "begin a transaction");
    in_transaction_ = true;
    try {
      fn();
      exec("COMMIT", "commit");
    } catch (...) {
      rollback();
      in_transaction_ = false;
      throw;
    }
    in_transaction_ = false;
  }

 private:
  void open(bool create, bool immutable);
  void rollback() noexcept;

  std::filesystem::path path_;
  bool read_only_;
  int busy_timeout_ms_;
  sqlite3* db_ = nullptr;
  bool in_transaction_ = false;
};

// A prepared statement that finalizes itself; errors name the database and the step.
class Stmt {
 public:
  Stmt(SqliteDb& db, const std::string& sql, std::string what);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, int64_t v);
  Stmt& bind(int i, double v);
  Stmt& bind(int i, const std::string& v);
  Stmt& bind_null(int i);
  Stmt& bind(int i, const FieldValue& v);
  // n bytes at p as a BLOB (NULL when p is null).
  Stmt& bind_blob(int i, const void* p, size_t n);
  // True while rows come back; throws on errors.
  bool step();

  int64_t i64(int c) const;
  double f64(int c) const;
  bool null(int c) const;
  std::string text(int c) const;
  FieldValue value(int c) const;
  size_t bytes(int c) const;
  // The BLOB column as n values of T; false (out untouched) when its size is not n * sizeof(T).
  template <class T>
  bool blob(int c, std::vector<T>& out, size_t n) const {
    const void* p = blob_data(c);
    if (bytes(c) != n * sizeof(T)) return false;
    out.resize(n);
    if (n) std::memcpy(out.data(), p, n * sizeof(T));
    return true;
  }
  // The connection's rowid of the last INSERT and the rows the last statement changed.
  int64_t last_insert_rowid() const;
  int64_t changes() const;

 private:
  Stmt& check(int rc);
  const void* blob_data(int c) const;
  SqliteDb& db_;
  std::string what_;
  sqlite3_stmt* s_ = nullptr;
};

// Which process holds the write lock of the database at `path` ("process 4321 (dsw-cli bench)"),
// read from the POSIX locks SQLite takes on the WAL index or the database file; empty when no
// other process holds one or it cannot be told.
std::string describe_lock_holder(const std::filesystem::path& path);

// Called at named points inside the store's transactions; tests set it to kill the process
// there and check that nothing half-done survives. Null (the default) does nothing.
using StoreTestHook = void (*)(std::string_view point);
void set_store_test_hook(StoreTestHook hook) noexcept;
void store_test_point(std::string_view point);

}  // namespace dsw
