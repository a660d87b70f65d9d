// Printing benchmark rows (table, JSON) and storing them, shared by the bench commands.
#pragma once

#include <dsw/bench_schema.h>
#include <dsw/store.h>

#include <memory>
#include <vector>

#include <string>

namespace dsw::cli {

void print_bench_table(const BenchRow& row);
void print_bench_json(const BenchRow& row);
// Where a dsw-cli bench run stores its results. Opened before measuring, so a store that cannot
// take the results stops the run before it measures for nothing; the run is a "running" job in
// the store meanwhile. save() writes the rows and ends the job in one transaction; when that
// fails, the rows go to a JSON file (beside the database, else the current folder, else the
// temporary folder) that `dsw-cli store import` reads, and the message says where.
class BenchStorage {
 public:
  BenchStorage(std::string db_path, std::string title, std::string model_path, int busy_timeout_ms = kStoreBusyTimeoutMs);
  ~BenchStorage();
  BenchStorage(const BenchStorage&) = delete;
  BenchStorage& operator=(const BenchStorage&) = delete;

  // Not ok when the database could not be opened or written before measuring.
  const Status& status() const { return error_; }
  // The store, for the weights' hash cache (null when not opened).
  Store* store() const { return store_.get(); }
  // Ends the job as failed or cancelled.
  void fail(const Status& why, double duration_s);
  // Sets each row's id. Returns 0, or kExitError after reporting (the rows then saved to a file).
  int save(std::vector<BenchRow>& rows, double duration_s);

 private:
  std::string db_path_;
  std::unique_ptr<Store> store_;
  int64_t job_id_ = 0;
  bool finished_ = false;
  Status error_;
};

}  // namespace dsw::cli
