// Owner locks: how a store tells a job whose process is still running from one whose process died.
//
// A job row records its process id. "Is that pid alive?" (kill(pid, 0)) is not a liveness check a
// dead process fails: a process killed with SIGKILL stays a zombie until its parent reaps it, and a
// pid is reused. So every process that records jobs in a database holds an exclusive flock(2) on
// <database>-owners/<pid>.lock for as long as it lives; the kernel releases it the moment the
// process dies, however it dies. A job is interrupted when nobody holds its owner's lock.
// Processes of earlier versions left no lock file; for those the pid check remains.
// Threading: any thread; the held locks are per process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace dsw::store_detail {

// Takes this process's lock for `db` (once; later calls return at once). Best effort: a folder
// that cannot be written leaves the jobs to the pid check.
void hold_owner_lock(const std::filesystem::path& db);

// Whether process `pid` still holds its lock for `db`: true/false, or nullopt when it left no
// lock file. A dead owner's lock file is removed.
std::optional<bool> owner_alive(const std::filesystem::path& db, int64_t pid);

// <db>-owners
std::filesystem::path owner_lock_dir(const std::filesystem::path& db);

}  // namespace dsw::store_detail
