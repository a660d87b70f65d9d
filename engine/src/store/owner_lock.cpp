// Owner locks (see owner_lock.h).
#include "store/owner_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace dsw::store_detail {
namespace {

std::mutex g_mutex;
std::map<std::string, int> g_held;  // database -> descriptor holding its lock, open until the process ends

std::string key_of(const std::filesystem::path& db) {
  std::error_code ec;
  const auto abs = std::filesystem::absolute(db, ec);
  return (ec ? db : abs).lexically_normal().string();
}

std::filesystem::path lock_file(const std::filesystem::path& db, int64_t pid) {
  return owner_lock_dir(db) / (std::to_string(pid) + ".lock");
}

bool same_file(int fd, const std::filesystem::path& path) {
  struct stat a {}, b {};
  return fstat(fd, &a) == 0 && stat(path.c_str(), &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

std::filesystem::path owner_lock_dir(const std::filesystem::path& db) { return std::filesystem::path(db.string() + "-owners"); }

void hold_owner_lock(const std::filesystem::path& db) {
  if (db.empty() || db == ":memory:") return;
  const std::string key = key_of(db);
  const std::lock_guard<std::mutex> lock(g_mutex);
  if (g_held.count(key)) return;
  std::error_code ec;
  std::filesystem::create_directories(owner_lock_dir(db), ec);
  const auto file = lock_file(db, int64_t(getpid()));
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;  // not writable: the pid check stands in
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
      // A checker may have removed the file (a dead process with this pid left it) between the
      // open and the lock: hold the file that is on disk, not an unlinked one.
      if (same_file(fd, file)) {
        g_held.emplace(key, fd);
        return;
      }
    }
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a checker holds it for a moment
  }
}

std::optional<bool> owner_alive(const std::filesystem::path& db, int64_t pid) {
  if (pid <= 0 || db.empty()) return std::nullopt;
  const auto file = lock_file(db, pid);
  const int fd = ::open(file.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
    // Nobody holds it: its process is gone. Remove the file while holding the lock, so a new
    // process with the same pid never mistakes it for its own (it checks the inode it locked).
    if (same_file(fd, file)) ::unlink(file.c_str());
    ::close(fd);
    return false;
  }
  const bool held = errno == EWOULDBLOCK;
  ::close(fd);
  if (held) return true;
  return std::nullopt;
}

}  // namespace dsw::store_detail
