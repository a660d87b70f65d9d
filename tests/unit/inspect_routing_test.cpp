// Routing inspection: the summary (load, co-activation, entropy) agrees with the per-token trace
// and the router's own scores; data-set runs over text and JSONL files are cancellable, refuse
// malformed lines naming file:line, and round-trip through the store (schema v5) and its exports;
// dense models are refused with a clear message.
#include "check.h"
#include "tiny_model.h"

#include <dsw/inspect.h>
#include <dsw/routing_store.h>
#include <dsw/runner.h>
#include <dsw/store.h>

#include <sqlite3.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <random>

using namespace dsw;

namespace {

std::unique_ptr<Runner> open_tiny(const std::string& arch) {
  RunnerOptions o;
  o.device.n_threads = 2;
  o.n_ctx = 64;
  auto r = Runner::open(test::tiny_model_dir(arch), o);
  REQUIRE_OK(r);
  return std::move(r).value();
}

std::vector<int32_t> prompt(int64_t n) {
  std::mt19937 rng(11);
  std::vector<int32_t> ids;
  for (int64_t i = 0; i < n; ++i) ids.push_back(int32_t(rng() % 250));
  return ids;
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

void exec_sql(const std::filesystem::path& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (err) sqlite3_free(err);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

DSW_TEST(summary_agrees_with_trace_and_scores) {
  for (const std::string arch : {"deepseek", "deepseek_v2", "deepseek_v3"}) {
    auto runner = open_tiny(arch);
    const ModelConfig& c = runner->model()->config();
    auto session = Session::create(runner->model(), {.n_ctx = 32});  // two windows for 50 tokens
    REQUIRE_OK(session);
    const auto ids = prompt(50);
    auto r = inspect_routing(**session, ids, {.keep_trace = true, .keep_scores = true});
    REQUIRE_OK(r);
    const RoutingSummary& s = r->summary;
    const RoutingTrace& tr = r->trace;
    const int64_t L = c.num_hidden_layers, E = c.n_routed_experts, k = c.num_experts_per_tok;
    CHECK_EQ(s.shape.experts, E);
    CHECK_EQ(s.shape.k, k);
    CHECK_EQ(s.shape.shared, c.n_shared_experts);
    CHECK_EQ(tr.tokens, 50);
    for (int64_t l = 0; l < L; ++l) {
      CHECK_EQ(bool(s.shape.moe_layer[size_t(l)]), c.is_moe_layer(l));
      if (!c.is_moe_layer(l)) {
        CHECK_EQ(s.tokens[size_t(l)], 0);
        CHECK_EQ(tr.chosen(0, l)[0], -1);
        continue;
      }
      CHECK_EQ(s.tokens[size_t(l)], 50);
      std::vector<int64_t> load(size_t(E), 0), co(size_t(E * E), 0);
      double entropy = 0;
      for (int64_t t = 0; t < 50; ++t) {
        auto ex = tr.chosen(t, l);
        for (int32_t a : ex) {
          REQUIRE(a >= 0 && a < E);
          ++load[size_t(a)];
          for (int32_t b : ex) ++co[size_t(a * E + b)];
        }
        const float* sc = tr.scores.data() + (t * L + l) * E;
        double total = 0, h = 0;
        for (int64_t e = 0; e < E; ++e) total += sc[e];
        for (int64_t e = 0; e < E; ++e)
          if (sc[e] > 0) h -= sc[e] / total * std::log(sc[e] / total);
        entropy += h;
      }
      for (int64_t e = 0; e < E; ++e) {
        CHECK_EQ(s.load[size_t(l * E + e)], load[size_t(e)]);
        CHECK_NEAR(s.load_share(l, e), double(load[size_t(e)]) / 50.0, 1e-12);
        for (int64_t f = 0; f < E; ++f) CHECK_EQ(s.coactivation[size_t((l * E + e) * E + f)], co[size_t(e * E + f)]);
      }
      CHECK_NEAR(s.token_entropy(l), entropy / 50.0, 1e-9);
      const double balance = s.load_balance(l);
      CHECK(balance > 0 && balance <= 1.0 + 1e-12);
      int64_t never = 0;
      for (int64_t e = 0; e < E; ++e) never += load[size_t(e)] == 0;
      CHECK_EQ(int64_t(s.never_hit(l).size()), never);
    }
  }
}

DSW_TEST(dense_models_have_no_routing) {
  auto runner = open_tiny("llama");
  auto r = inspect_routing(runner->session(), prompt(5));
  CHECK(!r.is_ok());
  CHECK(r.status().code() == StatusCode::invalid_input);
  CHECK(r.status().message().find("dense (it has no MoE layers)") != std::string::npos);
}

DSW_TEST(dataset_over_text_and_jsonl) {
  auto runner = open_tiny("deepseek_v2");
  const auto dir = test::temp_dir();
  write_file(dir / "a.txt", "Once upon a time there was a tiny model that routed every token.");
  write_file(dir / "b.jsonl",
             "{\"question\": \"What is 2+2?\", \"answer\": \"4\"}\n\n{\"text\": \"hello routing\"}\n{\"text\": \"again, a third line\"}\n");
  auto session = Session::create(runner->model(), {.n_ctx = 16});
  REQUIRE_OK(session);
  const Tokenizer& tok = *runner->tokenizer();

  RoutingDatasetOptions o;
  o.file = dir / "a.txt";
  auto text = routing_dataset(**session, tok, o);
  REQUIRE_OK(text);
  const auto ids = *tok.encode("Once upon a time there was a tiny model that routed every token.");
  CHECK_EQ(text->documents, 1);
  CHECK(text->tokens == ids);
  CHECK_EQ(text->summary.total_tokens(), int64_t(ids.size()));
  // The same tokens as a prompt give the same summary (windows of the same size).
  auto direct = inspect_routing(**session, ids);
  REQUIRE_OK(direct);
  CHECK(direct->summary.load == text->summary.load);

  o.file = dir / "b.jsonl";
  auto jl = routing_dataset(**session, tok, o);
  REQUIRE_OK(jl);
  CHECK_EQ(jl->documents, 3);
  auto docs = read_routing_documents(o.file);
  REQUIRE_OK(docs);
  REQUIRE(docs->size() == 3);
  CHECK_EQ((*docs)[0], std::string("What is 2+2?\n4"));
  CHECK_EQ((*docs)[1], std::string("hello routing"));
  int64_t total = 0;
  for (const auto& d : *docs) total += int64_t(tok.encode(d)->size());
  CHECK_EQ(jl->summary.total_tokens(), total);
  o.max_tokens = 7;
  auto capped = routing_dataset(**session, tok, o);
  REQUIRE_OK(capped);
  CHECK_EQ(capped->summary.total_tokens(), 7);

  // Malformed lines name the file and line; a missing field names the field.
  write_file(dir / "bad.jsonl", "{\"text\": \"ok\"}\n{not json}\n");
  o.file = dir / "bad.jsonl";
  auto bad = routing_dataset(**session, tok, o);
  CHECK(!bad.is_ok());
  CHECK(bad.status().message().find("bad.jsonl:2: not a JSON object") != std::string::npos);
  o.file = dir / "b.jsonl";
  o.field = "prompt";
  auto nofield = routing_dataset(**session, tok, o);
  CHECK(!nofield.is_ok());
  CHECK(nofield.status().message().find("b.jsonl:1: no string field \"prompt\"") != std::string::npos);
  o.file = dir / "missing.txt";
  o.field.clear();
  auto missing = routing_dataset(**session, tok, o);
  CHECK(!missing.is_ok() && missing.status().code() == StatusCode::io);

  // Cancelling after the first window ends the job as cancelled.
  o.file = dir / "a.txt";
  o.max_tokens = 0;
  JobContext job;
  int reports = 0;
  job.progress = [&](const ProgressEvent& e) {
    CHECK_EQ(std::string(e.phase), std::string("routing"));
    return ++reports < 1;
  };
  auto cancelled = routing_dataset(**session, tok, o, job);
  CHECK(!cancelled.is_ok());
  CHECK(cancelled.status().code() == StatusCode::cancelled);
  CHECK_EQ(reports, 1);
}

DSW_TEST(runs_round_trip_through_the_store) {
  auto runner = open_tiny("deepseek_v3");
  const auto dir = test::temp_dir();
  write_file(dir / "d.jsonl", "{\"text\": \"first document\"}\n{\"text\": \"second one, a little longer\"}\n");
  RoutingDatasetOptions o;
  o.file = dir / "d.jsonl";
  auto run = routing_dataset(runner->session(), *runner->tokenizer(), o);
  REQUIRE_OK(run);

  const auto db = dir / "w.db";
  auto store = RoutingStore::open(db);
  REQUIRE_OK(store);
  {
    auto plain = Store::open(db);
    REQUIRE_OK(plain);
    CHECK_EQ((*plain)->schema_version(), Store::kSchemaVersion);
    CHECK_EQ(Store::kSchemaVersion, 6);
  }
  RoutingRunInfo info;
  info.label = "base";
  info.model_path = "/models/tiny-v3";
  info.adapters = {"/runs/one/adapter", "/runs/two/adapter"};
  info.architecture = "deepseek_v3";
  info.source = o.file.string();
  info.duration_s = 1.5;
  auto id = (*store)->add(info, *run);
  REQUIRE_OK(id);
  RoutingRunInfo second = info;
  second.label = "no trace";
  second.adapters.clear();
  RoutingCapture summary_only = *run;
  summary_only.trace = {};
  summary_only.tokens.clear();
  auto id2 = (*store)->add(second, summary_only);
  REQUIRE_OK(id2);

  auto list = (*store)->list();
  REQUIRE_OK(list);
  REQUIRE(list->size() == 2);
  CHECK_EQ((*list)[0].id, *id2);  // newest first
  CHECK(!(*list)[0].has_routes);
  CHECK((*list)[1].has_routes);
  CHECK_EQ((*list)[1].label, std::string("base"));
  CHECK_EQ((*list)[1].documents, 2);
  CHECK_EQ((*list)[1].tokens, run->summary.total_tokens());
  CHECK_EQ((*list)[1].shape.experts, run->summary.shape.experts);
  CHECK((*list)[1].adapters == info.adapters);  // in slot order
  CHECK((*list)[0].adapters.empty());

  RoutingRunInfo got_info;
  auto back = (*store)->load(*id, &got_info);
  REQUIRE_OK(back);
  CHECK_EQ(got_info.source, o.file.string());
  CHECK(got_info.adapters == info.adapters);
  CHECK(back->tokens == run->tokens);
  CHECK(back->summary.load == run->summary.load);
  CHECK(back->summary.coactivation == run->summary.coactivation);
  CHECK(back->summary.tokens == run->summary.tokens);
  CHECK(back->trace.expert == run->trace.expert);
  for (size_t i = 0; i < run->summary.weight_mass.size(); ++i) CHECK_NEAR(back->summary.weight_mass[i], run->summary.weight_mass[i], 1e-12);

  // A stored run compared with itself: full agreement, no shift.
  auto self = compare_routing(*back, *run);
  REQUIRE_OK(self);
  CHECK(self->per_token);
  CHECK_NEAR(self->changed_any, 0.0, 0);
  for (double v : self->load_shift) CHECK_NEAR(v, 0.0, 1e-15);
  // Against the run without a trace: aggregates only, and it says why.
  auto partial = compare_routing(*back, *(*store)->load(*id2));
  REQUIRE_OK(partial);
  CHECK(!partial->per_token);
  CHECK(partial->per_token_note.find("B kept no per-token routing") != std::string::npos);

  // Exports.
  REQUIRE_OK(export_routing_run(dir / "run.json", got_info, *back));
  REQUIRE_OK(export_routing_run(dir / "run.csv", got_info, *back));
  CHECK(std::filesystem::file_size(dir / "run.json") > 100);
  {
    std::ifstream in(dir / "run.json");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("\"adapters\":[\"/runs/one/adapter\",\"/runs/two/adapter\"]") != std::string::npos);
  }
  std::ifstream csv(dir / "run.csv");
  std::string header;
  std::getline(csv, header);
  CHECK_EQ(header, std::string("layer,expert,tokens,share,weight_mass"));
  CHECK(!export_routing_run(dir / "run.txt", got_info, *back).is_ok());

  REQUIRE_OK((*store)->remove(*id));
  CHECK(!(*store)->load(*id).is_ok());
  CHECK(!(*store)->remove(*id).is_ok());
  CHECK_EQ((*store)->list()->size(), size_t(1));
}

DSW_TEST(version_4_database_migrates_and_keeps_its_training_runs) {
  // A database as version 4 wrote it (jobs, benchmark rows, file hashes, training runs; no routing
  // tables), holding one training run with a metric row. Opening it for routing runs migrates it
  // to the current version without touching the rows it had.
  const auto dir = test::temp_dir();
  const auto db = dir / "v4.db";
  exec_sql(db,
           "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, state TEXT NOT NULL, title TEXT NOT NULL "
           "DEFAULT '', model_path TEXT NOT NULL DEFAULT '', params_json TEXT NOT NULL DEFAULT '{}', message TEXT NOT NULL DEFAULT '', "
           "created_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT '', duration_s REAL NOT NULL DEFAULT 0, "
           "bench_id INTEGER REFERENCES bench_results(id) ON DELETE SET NULL, owner_pid INTEGER NOT NULL DEFAULT 0);"
           "CREATE TABLE bench_results (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL);"
           "CREATE TABLE file_hashes (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL);"
           "CREATE TABLE train_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL, "
           "source TEXT NOT NULL, model_path TEXT NOT NULL DEFAULT '', output_dir TEXT NOT NULL DEFAULT '', adapter_dir TEXT NOT NULL "
           "DEFAULT '', config_json TEXT NOT NULL DEFAULT '{}', audit TEXT NOT NULL DEFAULT '', steps INTEGER NOT NULL DEFAULT 0, "
           "final_loss REAL, final_eval_loss REAL, created_at TEXT NOT NULL);"
           "CREATE TABLE train_metrics (run_id INTEGER NOT NULL REFERENCES train_runs(id) ON DELETE CASCADE, step INTEGER NOT NULL, "
           "loss REAL, eval_loss REAL, lr REAL, grad_norm REAL, tokens_per_s REAL, PRIMARY KEY(run_id, step));"
           "INSERT INTO train_runs(source, model_path, steps, final_loss, created_at) VALUES('local', '/m', 1, 2.5, '2026-04-01T00:00:00Z');"
           "INSERT INTO train_metrics(run_id, step, loss) VALUES(1, 1, 2.5);"
           "PRAGMA user_version = 4;");
  auto store = RoutingStore::open(db);
  REQUIRE_OK(store);
  auto none = (*store)->list();
  REQUIRE_OK(none);
  CHECK(none->empty());

  auto runner = open_tiny("deepseek_v3");
  auto run = inspect_routing(runner->session(), prompt(12));
  REQUIRE_OK(run);
  RoutingRunInfo info;
  info.label = "after migration";
  auto id = (*store)->add(info, *run);
  REQUIRE_OK(id);
  auto back = (*store)->load(*id);
  REQUIRE_OK(back);
  CHECK(back->summary.load == run->summary.load);

  auto plain = Store::open(db);
  REQUIRE_OK(plain);
  CHECK_EQ((*plain)->schema_version(), Store::kSchemaVersion);
  auto train = (*plain)->list_train_runs();
  REQUIRE_OK(train);
  REQUIRE(train->size() == 1u);
  CHECK_EQ(train->at(0).final_loss.value_or(0), 2.5);
  auto metrics = (*plain)->train_metrics(train->at(0).id);
  REQUIRE_OK(metrics);
  CHECK_EQ(metrics->size(), 1u);
}

DSW_TEST(version_5_routing_runs_migrate_with_no_adapters) {
  // Version 5 stored routing runs without their adapters: the migration adds the column, the old
  // run says it had none and keeps everything else, and new runs keep theirs.
  const auto dir = test::temp_dir();
  const auto db = dir / "v5.db";
  {
    auto fresh = Store::open(db);  // the current schema, then the routing_runs table as version 5 had it
    REQUIRE_OK(fresh);
  }
  exec_sql(db,
           "DROP TABLE routing_tokens; DROP TABLE routing_load; DROP TABLE routing_layers; DROP TABLE routing_runs;"
           "CREATE TABLE routing_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, label TEXT NOT NULL DEFAULT '', "
           "model_path TEXT NOT NULL DEFAULT '', architecture TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', field TEXT NOT "
           "NULL DEFAULT '', documents INTEGER NOT NULL DEFAULT 0, tokens INTEGER NOT NULL DEFAULT 0, shape_json TEXT NOT NULL, "
           "duration_s REAL NOT NULL DEFAULT 0);"
           "CREATE TABLE routing_layers (run_id INTEGER NOT NULL REFERENCES routing_runs(id) ON DELETE CASCADE, layer INTEGER NOT NULL, "
           "tokens INTEGER NOT NULL, entropy_sum REAL NOT NULL, coactivation BLOB NOT NULL, routes BLOB, PRIMARY KEY(run_id, layer));"
           "CREATE TABLE routing_load (run_id INTEGER NOT NULL REFERENCES routing_runs(id) ON DELETE CASCADE, layer INTEGER NOT NULL, "
           "expert INTEGER NOT NULL, tokens INTEGER NOT NULL, weight_mass REAL NOT NULL, PRIMARY KEY(run_id, layer, expert));"
           "CREATE TABLE routing_tokens (run_id INTEGER PRIMARY KEY REFERENCES routing_runs(id) ON DELETE CASCADE, ids BLOB NOT NULL);"
           "INSERT INTO routing_runs(created_at, label, model_path, source, documents, tokens, shape_json) VALUES('2026-05-01T00:00:00Z', "
           "'old', '/models/m', '/data/d.jsonl', 3, 40, '{\"layers\":0,\"experts\":4,\"k\":2,\"shared\":0,\"moe_layer\":[],"
           "\"scoring\":\"softmax\"}');"
           "PRAGMA user_version = 5;");
  auto store = RoutingStore::open(db);
  REQUIRE_OK(store);
  {
    auto plain = Store::open(db);
    REQUIRE_OK(plain);
    CHECK_EQ((*plain)->schema_version(), Store::kSchemaVersion);
  }
  auto old = (*store)->list();
  REQUIRE_OK(old);
  REQUIRE(old->size() == 1u);
  CHECK_EQ(old->at(0).label, std::string("old"));
  CHECK_EQ(old->at(0).model_path, std::string("/models/m"));
  CHECK_EQ(old->at(0).tokens, 40);
  CHECK(old->at(0).adapters.empty());

  auto runner = open_tiny("deepseek_v3");
  auto run = inspect_routing(runner->session(), prompt(12));
  REQUIRE_OK(run);
  RoutingRunInfo info;
  info.label = "with adapter";
  info.adapters = {"/runs/x/adapter"};
  auto id = (*store)->add(info, *run);
  REQUIRE_OK(id);
  RoutingRunInfo back;
  REQUIRE_OK((*store)->load(*id, &back));
  CHECK(back.adapters == info.adapters);

  // A value the store cannot read is reported with the run, not taken as "no adapters".
  exec_sql(db, "UPDATE routing_runs SET adapters = 'not json' WHERE label = 'old';");
  auto bad = (*store)->list();
  CHECK(!bad.is_ok());
  CHECK(bad.status().message().find("adapter list is unreadable") != std::string::npos);
}
