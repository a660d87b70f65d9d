// Stored benchmark rows can be relabelled and deleted: the label changes (empty clears it), an
// unknown row is refused, and deleting a row a job points at clears that link (the job stays).
#include "check.h"

#include <dsw/store.h>

using namespace dsw;
using namespace dsw::test;

DSW_TEST(relabel_and_delete_keep_the_store_consistent) {
  const auto path = temp_dir() / "edit.db";
  auto s = Store::open(path);
  REQUIRE_OK(s);
  BenchRow r;
  r.suite = "speed";
  r.label = "old";
  r.decode_tps = 10;
  auto id = (*s)->insert_bench(r);
  REQUIRE_OK(id);
  REQUIRE_OK((*s)->set_bench_label(*id, "new name"));
  auto rows = (*s)->list_bench({.ids = {*id}});
  REQUIRE_OK(rows);
  CHECK_EQ(rows->at(0).label.value_or(""), std::string("new name"));
  REQUIRE_OK((*s)->set_bench_label(*id, ""));
  rows = (*s)->list_bench({.ids = {*id}});
  REQUIRE_OK(rows);
  CHECK(!rows->at(0).label.has_value());
  CHECK((*s)->set_bench_label(*id + 100, "x").code() == StatusCode::invalid_input);

  JobRecord j;
  j.kind = "bench";
  j.state = JobState::running;
  auto job = (*s)->add_job(j);
  REQUIRE_OK(job);
  REQUIRE_OK((*s)->update_job(*job, JobState::succeeded, "stored", 1.0, *id));
  REQUIRE_OK((*s)->delete_bench(*id));
  auto all = (*s)->list_bench();
  REQUIRE_OK(all);
  CHECK(all->empty());
  auto jobs = (*s)->list_jobs();
  REQUIRE_OK(jobs);
  REQUIRE(jobs->size() == 1);
  CHECK(!jobs->at(0).bench_id.has_value());
  auto check = (*s)->integrity_check();
  REQUIRE_OK(check);
  CHECK_EQ(*check, std::string("ok"));
}
