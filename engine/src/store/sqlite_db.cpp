// SqliteDb and Stmt: the store's connection, statements, error messages and lock holders.
#include "store/sqlite_db.h"

#include "core/error.h"
#include "core/input_file.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace dsw {
namespace {

std::atomic<StoreTestHook> g_hook{nullptr};

// file: URI of a path (RFC 3986 percent-encoding of everything but unreserved bytes and '/').
std::string file_uri(const std::filesystem::path& path, const char* query) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "file:";
  for (unsigned char c : std::filesystem::absolute(path).string()) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                 c == '_' || c == '~' || c == '/';
    if (plain) {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + "?" + query;
}

// The command line of a process, shortened ("dsw-cli bench model.gguf").
std::string command_of(long pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string out;
  size_t start = 0;
  for (int arg = 0; arg < 3 && start < raw.size(); ++arg) {
    size_t end = raw.find('\0', start);
    if (end == std::string::npos) end = raw.size();
    std::string a = raw.substr(start, end - start);
    if (arg == 0) a = std::filesystem::path(a).filename().string();
    for (char& c : a)
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // a script given with -c may hold newlines
    out += (out.empty() ? "" : " ") + a;
    start = end + 1;
  }
  if (out.size() > 80) out = out.substr(0, 77) + "...";
  return out;
}

// The pid holding a WRITE lock over any byte of [first, last] of `file`, from /proc/locks (no file
// is opened: closing a descriptor of the database would drop SQLite's own POSIX locks).
long write_lock_holder(const std::filesystem::path& file, unsigned long long first, unsigned long long last) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return 0;
  char dev[64];
  std::snprintf(dev, sizeof dev, "%02x:%02x:%llu", major(st.st_dev), minor(st.st_dev), (unsigned long long)st.st_ino);
  std::ifstream locks("/proc/locks");
  std::string line;
  while (std::getline(locks, line)) {
    // "1: POSIX  ADVISORY  WRITE 4321 08:01:1234567 120 120" (a "->" marks a waiter)
    if (line.find("->") != std::string::npos) continue;
    std::istringstream in(line);
    std::string id, kind, mode, rw, where, start, end;
    long pid = 0;
    if (!(in >> id >> kind >> mode >> rw >> pid >> where >> start >> end)) continue;
    if (rw != "WRITE" || where != dev || pid <= 0 || pid == long(getpid())) continue;
    unsigned long long s = std::strtoull(start.c_str(), nullptr, 10);
    unsigned long long e = end == "EOF" ? ~0ull : std::strtoull(end.c_str(), nullptr, 10);
    if (s <= last && e >= first) return pid;
  }
  return 0;
}

}  // namespace

void set_store_test_hook(StoreTestHook hook) noexcept { g_hook.store(hook); }

void store_test_point(std::string_view point) {
  if (StoreTestHook h = g_hook.load()) h(point);
}

std::string describe_lock_holder(const std::filesystem::path& path) {
  // WAL mode: the write lock is byte 120 of the WAL index (-shm). Rollback mode: the PENDING and
  // RESERVED bytes at 1 GiB of the database file.
  long pid = write_lock_holder(path.string() + "-shm", 120, 120);
  if (!pid) pid = write_lock_holder(path, 0x40000000ull, 0x40000001ull);
  if (!pid) return {};
  std::string cmd = command_of(pid);
  return "process " + std::to_string(pid) + (cmd.empty() ? std::string() : " (" + cmd + ")");
}

SqliteDb::SqliteDb(std::filesystem::path path, bool read_only, bool create, int busy_timeout_ms)
    : path_(std::move(path)), read_only_(read_only), busy_timeout_ms_(busy_timeout_ms) {
  // Checked before SQLite opens it: a FIFO would block, a folder gives a vague message.
  const bool exists = regular_file_exists(path_);
  if (!exists && (read_only || !create)) fail_io(path_.string() + ": no such database file");
  if (!exists && !path_.parent_path().empty()) {
    std::error_code ec;
    std::filesystem::create_directories(path_.parent_path(), ec);
  }
  if (read_only_) {
    // No -wal file: no connection has the database open (WAL connections keep one) and nothing
    // waits to be checkpointed, so it is read as an immutable file — no -shm or -wal is created
    // beside a file the reader was only asked to read.
    std::error_code ec;
    if (!std::filesystem::exists(path_.string() + "-wal", ec)) {
      open(false, true);
      return;
    }
  }
  open(create, false);
  if (!read_only_) return;
  // A WAL database needs its -shm index even to be read; in a folder the user cannot write it
  // cannot be created, and the file is then read as an immutable snapshot instead.
  sqlite3_stmt* probe = nullptr;
  int rc = sqlite3_prepare_v2(db_, "SELECT count(*) FROM sqlite_master", -1, &probe, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(probe);
  sqlite3_finalize(probe);
  if (rc == SQLITE_ROW) return;
  const int primary = rc & 0xFF;
  if (primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    open(false, true);
    return;
  }
  try {
    fail_sqlite(rc, "open");
  } catch (...) {
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

void SqliteDb::open(bool create, bool immutable) {
  int flags = SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI;
  flags |= read_only_ ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  const std::string uri =
      file_uri(path_, read_only_ ? (immutable ? "mode=ro&immutable=1" : "mode=ro") : create ? "mode=rwc" : "mode=rw");
  if (sqlite3_open_v2(uri.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    fail_io(path_.string() + ": cannot open the database: " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms_);
  if (read_only_) sqlite3_exec(db_, "PRAGMA query_only = 1", nullptr, nullptr, nullptr);
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

void SqliteDb::rollback() noexcept { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

std::string SqliteDb::where(std::string_view what) const { return path_.string() + ": " + std::string(what); }

void SqliteDb::fail_sqlite(int rc, std::string_view what) const {
  const int primary = rc & 0xFF;
  const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    std::string holder = describe_lock_holder(path_);
    char waited[32];
    std::snprintf(waited, sizeof waited, "%g s", busy_timeout_ms_ / 1000.0);
    fail_io(where(what) + ": the database stayed locked by another writer for " + waited + " (" + (holder.empty() ? "the holder could not be identified" : "held by " + holder) +
            "); try again when it has finished");
  }
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) fail_invalid(where(what) + ": " + msg);
  if (primary == SQLITE_READONLY)
    fail_io(where(what) + ": " + msg + " (the file or its folder is not writable; read-only commands can still read it)");
  fail_io(where(what) + ": " + msg);
}

void SqliteDb::exec(const std::string& sql, std::string_view what) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  if (rc != SQLITE_OK) fail_sqlite(rc, what);
}

bool SqliteDb::has_table(const std::string& table) {
  Stmt s(*this, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", "read the schema");
  s.bind(1, table);
  return s.step();
}

bool SqliteDb::has_column(const std::string& table, const std::string& column) {
  Stmt s(*this, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", "read the schema");
  s.bind(1, table).bind(2, column);
  return s.step();
}

Stmt::Stmt(SqliteDb& db, const std::string& sql, std::string what) : db_(db), what_(std::move(what)) {
  int rc = sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &s_, nullptr);
  if (rc != SQLITE_OK) db_.fail_sqlite(rc, what_);
}

Stmt::~Stmt() { sqlite3_finalize(s_); }

Stmt& Stmt::check(int rc) {
  if (rc != SQLITE_OK) fail_internal(db_.where(what_) + ": bind: " + sqlite3_errmsg(db_.handle()));
  return *this;
}

Stmt& Stmt::bind(int i, int64_t v) { return check(sqlite3_bind_int64(s_, i, v)); }
Stmt& Stmt::bind(int i, double v) { return check(sqlite3_bind_double(s_, i, v)); }
Stmt& Stmt::bind(int i, const std::string& v) { return check(sqlite3_bind_text(s_, i, v.c_str(), int(v.size()), SQLITE_TRANSIENT)); }
Stmt& Stmt::bind_null(int i) { return check(sqlite3_bind_null(s_, i)); }
Stmt& Stmt::bind(int i, const FieldValue& v) {
  if (std::holds_alternative<int64_t>(v)) return bind(i, std::get<int64_t>(v));
  if (std::holds_alternative<double>(v)) return bind(i, std::get<double>(v));
  if (std::holds_alternative<std::string>(v)) return bind(i, std::get<std::string>(v));
  return bind_null(i);
}

Stmt& Stmt::bind_blob(int i, const void* p, size_t n) {
  if (!p) return bind_null(i);
  return check(sqlite3_bind_blob64(s_, i, n ? p : "", sqlite3_uint64(n), SQLITE_TRANSIENT));
}

bool Stmt::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail_sqlite(rc, what_);
}

int64_t Stmt::i64(int c) const { return sqlite3_column_int64(s_, c); }
double Stmt::f64(int c) const { return sqlite3_column_double(s_, c); }
bool Stmt::null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
std::string Stmt::text(int c) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
  return p ? std::string(p, size_t(sqlite3_column_bytes(s_, c))) : std::string();
}
size_t Stmt::bytes(int c) const { return size_t(sqlite3_column_bytes(s_, c)); }
const void* Stmt::blob_data(int c) const { return sqlite3_column_blob(s_, c); }
int64_t Stmt::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.handle()); }
int64_t Stmt::changes() const { return sqlite3_changes(db_.handle()); }

FieldValue Stmt::value(int c) const {
  switch (sqlite3_column_type(s_, c)) {
    case SQLITE_INTEGER: return i64(c);
    case SQLITE_FLOAT: return f64(c);
    case SQLITE_TEXT: return text(c);
    default: return std::monostate{};
  }
}

}  // namespace dsw
