// RoutingStore on the store's SQLite connection and statements (store/sqlite_db.h).
//
// Arrays are stored as little-endian BLOBs (co-activation: int64 [E x E]; routes: uint16 [tokens x k];
// token ids: int32 [tokens]); a BLOB of the wrong size is reported as a damaged run, never read past.
#include <dsw/routing_store.h>
#include <dsw/store.h>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/utc_time.h"
#include "store/routing_store_sql.h"
#include "store/sqlite_db.h"

#include <nlohmann/json.hpp>

#include <cstring>

namespace dsw {
namespace {

nlohmann::json shape_to_json(const RoutingShape& s) {
  return {{"layers", s.layers}, {"experts", s.experts}, {"k", s.k}, {"shared", s.shared}, {"moe_layer", s.moe_layer}, {"scoring", s.scoring}};
}

RoutingShape shape_from_json(const std::string& text, const std::string& where) {
  RoutingShape s;
  try {
    auto j = nlohmann::json::parse(text);
    s.layers = j.at("layers").get<int64_t>();
    s.experts = j.at("experts").get<int64_t>();
    s.k = j.at("k").get<int64_t>();
    s.shared = j.at("shared").get<int64_t>();
    s.moe_layer = j.at("moe_layer").get<std::vector<uint8_t>>();
    s.scoring = j.at("scoring").get<std::string>();
  } catch (const std::exception& e) {
    fail_invalid(where + ": the run's shape is unreadable (" + e.what() + ")");
  }
  if (s.layers < 0 || s.experts < 0 || s.k < 0 || s.layers > 4096 || s.experts > 65535 || s.k > s.experts ||
      int64_t(s.moe_layer.size()) != s.layers)
    fail_invalid(where + ": the run's shape is inconsistent");
  return s;
}

// The adapters column: a JSON array of folder paths ("[]" for runs stored before it existed).
std::vector<std::string> adapters_from_json(const std::string& text, const std::string& where) {
  try {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
  } catch (const std::exception& e) {
    fail_invalid(where + ": the run's adapter list is unreadable (" + e.what() + ")");
  }
}

class SqliteRoutingStore final : public RoutingStore {
 public:
  explicit SqliteRoutingStore(const std::filesystem::path& path) : db_(migrated(path), /*read_only=*/false, /*create=*/false) {
    db_.exec("PRAGMA foreign_keys=ON;", "settings");
  }

  Result<int64_t> add(const RoutingRunInfo& info, const RoutingCapture& run) override {
    return guard([&] {
      const RoutingSummary& s = run.summary;
      const int64_t L = s.shape.layers, E = s.shape.experts, k = s.shape.k;
      const bool routes = run.trace.tokens > 0 && !run.tokens.empty() && run.trace.tokens == int64_t(run.tokens.size());
      int64_t id = 0;
      db_.transaction([&] {
        {
          Stmt st(db_, sql::kInsertRoutingRun, "add routing run");
          st.bind(1, info.created_at.empty() ? utc_now() : info.created_at).bind(2, info.label).bind(3, info.model_path);
          st.bind(4, info.architecture).bind(5, info.source).bind(6, info.field).bind(7, run.documents);
          st.bind(8, s.total_tokens()).bind(9, shape_to_json(s.shape).dump()).bind(10, info.duration_s);
          st.bind(11, nlohmann::json(info.adapters).dump());
          st.step();
          id = st.last_insert_rowid();
        }
        std::vector<uint16_t> packed;
        for (int64_t l = 0; l < L; ++l) {
          if (!s.shape.moe_layer[size_t(l)]) continue;
          Stmt st(db_, sql::kInsertRoutingLayer, "add routing layer");
          st.bind(1, id).bind(2, l).bind(3, s.tokens[size_t(l)]).bind(4, s.entropy_sum[size_t(l)]);
          st.bind_blob(5, s.coactivation.data() + l * E * E, size_t(E * E) * sizeof(int64_t));
          if (routes) {
            const int64_t T = run.trace.tokens;
            packed.resize(size_t(T * k));
            for (int64_t t = 0; t < T; ++t) {
              auto ex = run.trace.chosen(t, l);
              for (int64_t i = 0; i < k; ++i) packed[size_t(t * k + i)] = uint16_t(ex[size_t(i)]);
            }
            st.bind_blob(6, packed.data(), packed.size() * sizeof(uint16_t));
          } else {
            st.bind_blob(6, nullptr, 0);
          }
          st.step();
          for (int64_t e = 0; e < E; ++e) {
            Stmt ld(db_, sql::kInsertRoutingLoad, "add routing load");
            ld.bind(1, id).bind(2, l).bind(3, e).bind(4, s.load[size_t(l * E + e)]).bind(5, s.weight_mass[size_t(l * E + e)]);
            ld.step();
          }
        }
        if (routes) {
          Stmt st(db_, sql::kInsertRoutingTokens, "add routing tokens");
          st.bind(1, id).bind_blob(2, run.tokens.data(), run.tokens.size() * sizeof(int32_t));
          st.step();
        }
      });
      return id;
    });
  }

  Result<std::vector<RoutingRunInfo>> list(int64_t limit) override {
    return guard([&] {
      std::vector<RoutingRunInfo> out;
      const std::string q = std::string(sql::kListRoutingRuns) + " ORDER BY r.id DESC LIMIT ?";
      Stmt st(db_, q, "list routing runs");
      st.bind(1, limit);
      while (st.step()) out.push_back(read_info(st));
      return out;
    });
  }

  Result<RoutingCapture> load(int64_t id, RoutingRunInfo* info_out) override {
    return guard([&] {
      const std::string what = "routing run " + std::to_string(id);
      const std::string here = db_.where(what);
      RoutingRunInfo info;
      {
        const std::string q = std::string(sql::kListRoutingRuns) + " WHERE r.id = ?";
        Stmt st(db_, q, what);
        st.bind(1, id);
        if (!st.step()) fail_invalid(db_.where("no routing run " + std::to_string(id)));
        info = read_info(st);
      }
      const RoutingShape& shape = info.shape;
      const int64_t E = shape.experts, k = shape.k;
      RoutingCapture run;
      run.documents = info.documents;
      run.summary = RoutingSummary::empty(shape);
      std::vector<int32_t> ids;
      if (info.has_routes) {
        Stmt st(db_, sql::kRoutingTokens, what);
        st.bind(1, id);
        if (st.step()) {
          if (st.bytes(0) % sizeof(int32_t) || !st.blob(0, ids, st.bytes(0) / sizeof(int32_t)))
            fail_invalid(here + ": damaged token ids");
        }
      }
      const int64_t T = int64_t(ids.size());
      if (T > 0) {
        run.trace.tokens = T;
        run.trace.layers = shape.layers;
        run.trace.k = k;
        run.trace.experts = E;
        run.trace.expert.assign(size_t(T * shape.layers * k), -1);
        run.trace.weight.assign(size_t(T * shape.layers * k), 0.0f);
      }
      {
        Stmt st(db_, sql::kRoutingLayers, what);
        st.bind(1, id);
        std::vector<int64_t> co;
        std::vector<uint16_t> routes;
        while (st.step()) {
          const int64_t l = st.i64(0);
          if (l < 0 || l >= shape.layers || !shape.moe_layer[size_t(l)]) fail_invalid(here + ": layer " + std::to_string(l) + " is not an MoE layer");
          run.summary.tokens[size_t(l)] = st.i64(1);
          run.summary.entropy_sum[size_t(l)] = st.f64(2);
          if (!st.blob(3, co, size_t(E * E))) fail_invalid(here + ": damaged co-activation of layer " + std::to_string(l));
          std::copy(co.begin(), co.end(), run.summary.coactivation.begin() + l * E * E);
          if (T > 0 && !st.null(4)) {
            if (!st.blob(4, routes, size_t(T * k))) fail_invalid(here + ": damaged routes of layer " + std::to_string(l));
            for (int64_t t = 0; t < T; ++t)
              for (int64_t i = 0; i < k; ++i) {
                const int32_t e = routes[size_t(t * k + i)];
                if (e >= E) fail_invalid(here + ": expert " + std::to_string(e) + " out of range in layer " + std::to_string(l));
                run.trace.expert[size_t((t * shape.layers + l) * k + i)] = e;
              }
          }
        }
      }
      {
        Stmt st(db_, sql::kRoutingLoad, what);
        st.bind(1, id);
        while (st.step()) {
          const int64_t l = st.i64(0), e = st.i64(1);
          if (l < 0 || l >= shape.layers || e < 0 || e >= E) fail_invalid(here + ": load row out of range");
          run.summary.load[size_t(l * E + e)] = st.i64(2);
          run.summary.weight_mass[size_t(l * E + e)] = st.f64(3);
        }
      }
      if (T > 0) run.tokens = std::move(ids);
      if (info_out) *info_out = info;
      return run;
    });
  }

  Status remove(int64_t id) override {
    return guard([&] {
      db_.transaction([&] {
        Stmt st(db_, sql::kDeleteRoutingRun, "delete routing run");
        st.bind(1, id);
        st.step();
        if (st.changes() != 1) fail_invalid(db_.where("delete routing run") + ": no routing run " + std::to_string(id));
      });
    });
  }

 private:
  RoutingRunInfo read_info(const Stmt& st) const {
    RoutingRunInfo i;
    i.id = st.i64(0);
    i.created_at = st.text(1);
    i.label = st.text(2);
    i.model_path = st.text(3);
    i.architecture = st.text(4);
    i.source = st.text(5);
    i.field = st.text(6);
    i.documents = st.i64(7);
    i.tokens = st.i64(8);
    i.shape = shape_from_json(st.text(9), db_.where("routing run " + std::to_string(i.id)));
    i.duration_s = st.f64(10);
    i.has_routes = st.i64(11) != 0;
    i.adapters = adapters_from_json(st.text(12), db_.where("routing run " + std::to_string(i.id)));
    return i;
  }

  // Opening as a Store runs the schema migrations (and refuses newer or foreign files).
  static const std::filesystem::path& migrated(const std::filesystem::path& path) {
    unwrap(Store::open(path));
    return path;
  }

  SqliteDb db_;
};

}  // namespace

Result<std::unique_ptr<RoutingStore>> RoutingStore::open(const std::filesystem::path& path) {
  return guard([&]() -> std::unique_ptr<RoutingStore> { return std::make_unique<SqliteRoutingStore>(path); });
}

Status export_routing_run(const std::filesystem::path& file, const RoutingRunInfo& info, const RoutingCapture& run) {
  return guard([&] {
    const std::string ext = file.extension().string();
    std::string text;
    if (ext == ".json") {
      auto j = nlohmann::json::parse(routing_capture_json(run, {}));
      j["run"] = {{"id", info.id},         {"created_at", info.created_at}, {"label", info.label},
                  {"model_path", info.model_path}, {"architecture", info.architecture}, {"source", info.source},
                  {"field", info.field},   {"documents", info.documents}, {"tokens", info.tokens},
                  {"duration_s", info.duration_s}, {"adapters", info.adapters}};
      text = j.dump();
    } else if (ext == ".csv") {
      text = routing_summary_csv(run.summary);
    } else {
      fail_invalid(file.string() + ": export as .json or .csv");
    }
    AtomicFile out(file);
    out.write(text);
    out.commit();
  });
}

}  // namespace dsw
