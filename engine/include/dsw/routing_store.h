// Routing runs kept in the workbench's SQLite store (the same file as dsw/store.h), so that any two
// data-set routing runs — of two versions of a model, or of one model on two data sets — can be
// compared later (dsw::compare_routing) and exported as CSV or JSON.
//
// The tables come from the store's own migrations (migration 4 -> 5; 5 -> 6 added the adapters):
// RoutingStore::open opens the file as a dsw::Store first, which migrates it, then keeps its own
// connection. Every write is one transaction; deleting a run deletes its rows. Like Store, a
// RoutingStore is used from one thread at a time; open one per thread.
#pragma once

#include <dsw/inspect.h>
#include <dsw/status.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace dsw {

struct RoutingRunInfo {
  int64_t id = 0;
  std::string created_at;    // ISO 8601 UTC; filled in when empty
  std::string label;
  std::string model_path;
  std::vector<std::string> adapters;  // PEFT adapter folders attached to the model, in slot order
  std::string architecture;  // model_type
  std::string source;        // the data file
  std::string field;         // JSONL field read ("" : text / every string)
  int64_t documents = 0, tokens = 0;
  double duration_s = 0;
  RoutingShape shape;
  bool has_routes = false;   // per-token experts were kept (per-token comparison possible)
};

class RoutingStore {
 public:
  virtual ~RoutingStore() = default;
  static Result<std::unique_ptr<RoutingStore>> open(const std::filesystem::path& path);

  // Stores a run (its summary; the token ids and per-token experts when the capture kept them).
  virtual Result<int64_t> add(const RoutingRunInfo& info, const RoutingCapture& run) = 0;
  // Newest first.
  virtual Result<std::vector<RoutingRunInfo>> list(int64_t limit = 200) = 0;
  // The run as captured (trace: experts only, no weights). invalid_input when there is no such run.
  virtual Result<RoutingCapture> load(int64_t id, RoutingRunInfo* info = nullptr) = 0;
  virtual Status remove(int64_t id) = 0;
};

// Writes a run to `file` atomically: .json (routing_capture_json plus the run's details) or .csv
// (routing_summary_csv); any other extension is invalid_input.
Status export_routing_run(const std::filesystem::path& file, const RoutingRunInfo& info, const RoutingCapture& run);

}  // namespace dsw
