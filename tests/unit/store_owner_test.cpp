// Jobs left running by a process that died are marked interrupted at the next open, even when the
// dead process is still a zombie (killed with SIGKILL and not yet reaped, so kill(pid, 0) says it
// exists): the owner's flock, which the kernel drops at death, decides. A live owner's jobs stay.
#include "check.h"

#include "store/owner_lock.h"

#include <dsw/store.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

using namespace dsw;
using namespace dsw::test;

namespace {

// A child that records `jobs` running jobs in `db`, says so on the pipe, and waits to be killed.
pid_t spawn_job_owner(const std::filesystem::path& db, int jobs) {
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(ready[0]);
    auto s = Store::open(db);
    if (!s.is_ok()) _exit(2);
    for (int i = 0; i < jobs; ++i) {
      JobRecord j;
      j.kind = "bench";
      j.state = JobState::running;
      j.title = "owned by the child";
      if (!(*s)->add_job(j).is_ok()) _exit(3);
    }
    if (::write(ready[1], "x", 1) != 1) _exit(4);
    for (;;) pause();
  }
  ::close(ready[1]);
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  ::close(ready[0]);
  return child;
}

int64_t count_state(Store& s, JobState state) {
  int64_t n = 0;
  const auto jobs = s.list_jobs();
  for (const auto& j : *jobs) n += j.state == state ? 1 : 0;
  return n;
}

}  // namespace

DSW_TEST(a_live_owners_jobs_stay_running) {
  const auto db = temp_dir() / "live.db";
  REQUIRE_OK(Store::open(db));
  const pid_t child = spawn_job_owner(db, 1);
  auto s = Store::open(db);
  REQUIRE_OK(s);
  CHECK_EQ(*(*s)->fail_interrupted_jobs(), int64_t(0));
  CHECK_EQ(count_state(**s, JobState::running), int64_t(1));
  CHECK(store_detail::owner_alive(db, child) == std::optional<bool>(true));
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
}

DSW_TEST(a_killed_unreaped_owners_jobs_are_interrupted_at_the_first_open) {
  const auto db = temp_dir() / "zombie.db";
  REQUIRE_OK(Store::open(db));
  const pid_t child = spawn_job_owner(db, 2);
  REQUIRE(kill(child, SIGKILL) == 0);
  // Wait for the death without reaping: the child stays a zombie, as under a parent that has not
  // reaped it yet; its pid still "exists" for kill(pid, 0).
  siginfo_t info{};
  REQUIRE(waitid(P_PID, id_t(child), &info, WEXITED | WNOWAIT) == 0);
  CHECK(kill(child, 0) == 0);
  auto s = Store::open(db);
  REQUIRE_OK(s);
  CHECK_EQ(*(*s)->fail_interrupted_jobs(), int64_t(2));  // both of its jobs, at this first open
  CHECK_EQ(count_state(**s, JobState::running), int64_t(0));
  const auto jobs = (*s)->list_jobs();
  REQUIRE_OK(jobs);
  for (const auto& j : *jobs) CHECK(j.message.find("interrupted") != std::string::npos);
  // The dead owner's lock file is gone; nothing is left to mislead a later process with its pid.
  CHECK(!std::filesystem::exists(store_detail::owner_lock_dir(db) / (std::to_string(child) + ".lock")));
  waitpid(child, nullptr, 0);
}

DSW_TEST(rows_without_a_lock_file_fall_back_to_the_pid) {
  const auto db = temp_dir() / "old.db";
  CHECK(!store_detail::owner_alive(db, 12345678).has_value());
}
