// inspect_attention: the one-pass statistics, window and overview equal a brute-force computation
// from fully captured maps (dense with GQA, MoE with MHA, both MLA architectures); the attention
// op's MLA split equals the two dot products it stands for; malformed requests are refused with a
// message naming what is wrong.
#include "check.h"
#include "tiny_model.h"

#include <dsw/inspect.h>
#include <dsw/observer.h>
#include <dsw/thread_pool.h>

#include "cpu/attention.h"
#include "cpu/kv_cache.h"

#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <random>

using namespace dsw;

namespace {

// Keeps every row of every head: probabilities, scores and (MLA) their rotary part.
class FullCapture final : public Observer {
 public:
  struct Row {
    std::vector<float> p, s, pos;
  };
  std::map<std::tuple<int64_t, int64_t, int64_t>, Row> rows;  // (layer, head, position)

  bool wants_attention(int64_t) const override { return true; }
  bool wants_attention_logits(int64_t) const override { return true; }
  bool wants_attention_split(int64_t) const override { return true; }
  void on_attention_row(const AttentionRowView& r) override {
    Row row;
    row.p.assign(r.probs, r.probs + r.n_keys);
    row.s.assign(r.logits, r.logits + r.n_keys);
    if (r.position_logits) row.pos.assign(r.position_logits, r.position_logits + r.n_keys);
    std::lock_guard lock(m_);
    rows[{r.layer, r.head, r.position}] = std::move(row);
  }

 private:
  std::mutex m_;
};

std::vector<int32_t> prompt(int64_t n, uint32_t seed = 3) {
  std::mt19937 rng(seed);
  std::vector<int32_t> ids;
  for (int64_t i = 0; i < n; ++i) ids.push_back(int32_t(rng() % 250));
  return ids;
}

// The statistics of one head computed the slow, obvious way from its full map.
HeadStats brute_force(const FullCapture& cap, int64_t layer, int64_t head, int64_t T, bool split) {
  HeadStats h;
  std::vector<double> received(size_t(T), 0.0);
  double max_logit = -1e300;
  int64_t share_rows = 0;
  for (int64_t i = 0; i < T; ++i) {
    const auto& r = cap.rows.at({layer, head, i});
    double ent = 0, dist = 0, row_max = -1e300;
    for (int64_t j = 0; j <= i; ++j) {
      const double p = r.p[size_t(j)];
      if (p > 0) ent -= p * std::log(p);
      dist += p * double(i - j);
      received[size_t(j)] += p;
      row_max = std::max(row_max, double(r.s[size_t(j)]));
    }
    h.entropy += ent;
    h.distance += dist;
    h.first_token += r.p[0];
    if (i >= 1) h.previous_token += r.p[size_t(i - 1)];
    h.mean_max_logit += row_max;
    max_logit = std::max(max_logit, row_max);
    if (split) {
      double mp = 0, mc = 0;
      for (int64_t j = 0; j <= i; ++j) {
        mp += r.pos[size_t(j)];
        mc += double(r.s[size_t(j)]) - double(r.pos[size_t(j)]);
      }
      mp /= double(i + 1);
      mc /= double(i + 1);
      double dp = 0, dc = 0, sp = 0, sc = 0;
      for (int64_t j = 0; j <= i; ++j) {
        const double p = r.p[size_t(j)], pos = r.pos[size_t(j)], con = double(r.s[size_t(j)]) - pos;
        dp += p * std::abs(pos - mp);
        dc += p * std::abs(con - mc);
        sp += p * pos;
        sc += p * con;
      }
      h.position_score += sp;
      h.content_score += sc;
      if (i >= 1 && dp + dc > 0) h.position_share += dp / (dp + dc), ++share_rows;
    }
  }
  h.entropy /= double(T);
  h.distance /= double(T);
  h.first_token /= double(T);
  h.previous_token /= double(T - 1);
  h.mean_max_logit /= double(T);
  h.max_logit = max_logit;
  h.sink_key = int64_t(std::max_element(received.begin(), received.end()) - received.begin());
  h.sink = received[size_t(h.sink_key)] / double(T);
  if (split) {
    h.position_share /= double(share_rows);
    h.position_score /= double(T);
    h.content_score /= double(T);
  }
  return h;
}

void check_stats_against_brute_force(const std::string& arch) {
  auto model = test::load_tiny_model(arch, 2);
  const ModelConfig& c = model->config();
  const int64_t T = 39;
  // Chunks of 12 rows: the sgemm path with earlier keys in the cache, and a last chunk of 3 rows
  // on the per-row path.
  auto session = make_inspection_session(model, T, 12);
  REQUIRE_OK(session);
  const auto ids = prompt(T);

  FullCapture cap;
  (*session)->set_observer(&cap);
  std::vector<float> logits;
  REQUIRE_OK((*session)->forward(Batch::sequence(ids, 0), logits));
  (*session)->set_observer(nullptr);

  AttentionInspectRequest req;
  req.window = AttentionWindowSpec{c.num_hidden_layers - 1, 1, 5, 20, 2, 30};
  req.overview = AttentionOverviewSpec{1, {0, 3}, 8};  // tiles of 5 tokens: 8 x 8
  auto r = inspect_attention(**session, ids, req);
  REQUIRE_OK(r);
  REQUIRE(r->stats.has_value());
  const AttentionStats& s = *r->stats;
  const bool split = c.is_mla();
  CHECK_EQ(s.has_split, split);
  CHECK_EQ(s.layers, c.num_hidden_layers);
  CHECK_EQ(s.heads, c.num_attention_heads);
  for (int64_t l = 0; l < s.layers; ++l)
    for (int64_t h = 0; h < s.heads; ++h) {
      const HeadStats want = brute_force(cap, l, h, T, split);
      const HeadStats& got = s.at(l, h);
      CHECK_NEAR(got.entropy, want.entropy, 1e-5);
      CHECK_NEAR(got.max_logit, want.max_logit, 1e-5);
      CHECK_NEAR(got.mean_max_logit, want.mean_max_logit, 1e-5);
      CHECK_NEAR(got.previous_token, want.previous_token, 1e-5);
      CHECK_NEAR(got.distance, want.distance, 1e-5);
      CHECK_NEAR(got.first_token, want.first_token, 1e-5);
      CHECK_NEAR(got.sink, want.sink, 1e-5);
      CHECK_EQ(got.sink_key, want.sink_key);
      if (split) {
        CHECK_NEAR(got.position_share, want.position_share, 1e-5);
        CHECK_NEAR(got.position_score, want.position_score, 1e-5);
        CHECK_NEAR(got.content_score, want.content_score, 1e-5);
        CHECK(got.position_share >= 0 && got.position_share <= 1);
      } else {
        CHECK(std::isnan(got.position_share));
      }
      // Received attention per key: what the sink statistic is taken from.
      auto recv = s.received_by(l, h);
      REQUIRE(int64_t(recv.size()) == T);
      double total = 0;
      for (float v : recv) total += v;
      CHECK_NEAR(total, double(T), 1e-3);  // every row sums to one
    }

  // The window holds exactly the captured cells (NaN above the diagonal).
  REQUIRE(r->window.has_value());
  const AttentionWindow& w = *r->window;
  CHECK_EQ(w.rows(), 15);
  CHECK_EQ(w.cols(), 28);
  for (int64_t q = w.q0; q < w.q1; ++q)
    for (int64_t k = w.k0; k < w.k1; ++k) {
      const size_t at = size_t((q - w.q0) * w.cols() + (k - w.k0));
      if (k > q) {
        CHECK(std::isnan(w.probs[at]));
        continue;
      }
      const auto& row = cap.rows.at({w.layer, w.head, q});
      CHECK_NEAR(w.probs[at], row.p[size_t(k)], 1e-7);
      CHECK_NEAR(w.logits[at], row.s[size_t(k)], 1e-6);
      if (split) CHECK_NEAR(w.position[at], row.pos[size_t(k)], 1e-6);
    }
  CHECK_EQ(w.position.empty(), !split);

  // Overviews: max and mean of the visible cells of each 5 x 5 tile.
  REQUIRE(r->overviews.size() == 2);
  for (const AttentionOverview& o : r->overviews) {
    CHECK_EQ(o.tile, 5);
    CHECK_EQ(o.n_tiles, 8);
    for (int64_t tq = 0; tq < o.n_tiles; ++tq)
      for (int64_t tk = 0; tk < o.n_tiles; ++tk) {
        double mx = -1, sum = 0;
        int64_t n = 0;
        for (int64_t q = tq * 5; q < std::min<int64_t>(T, tq * 5 + 5); ++q)
          for (int64_t k = tk * 5; k < std::min<int64_t>(q + 1, tk * 5 + 5); ++k) {
            const double p = cap.rows.at({o.layer, o.head, q}).p[size_t(k)];
            mx = std::max(mx, p);
            sum += p;
            ++n;
          }
        const size_t at = size_t(tq * o.n_tiles + tk);
        if (n == 0) {
          CHECK(std::isnan(o.max[at]) && std::isnan(o.mean[at]));
        } else {
          CHECK_NEAR(o.max[at], mx, 1e-7);
          CHECK_NEAR(o.mean[at], sum / double(n), 1e-6);
        }
      }
  }
}

}  // namespace

DSW_TEST(statistics_equal_brute_force_dense_gqa) { check_stats_against_brute_force("llama"); }
DSW_TEST(statistics_equal_brute_force_qwen2) { check_stats_against_brute_force("qwen2"); }
DSW_TEST(statistics_equal_brute_force_moe_mha) { check_stats_against_brute_force("deepseek"); }
DSW_TEST(statistics_equal_brute_force_mla_v2) { check_stats_against_brute_force("deepseek_v2"); }
DSW_TEST(statistics_equal_brute_force_mla_v3) { check_stats_against_brute_force("deepseek_v3"); }

DSW_TEST(mla_split_is_the_rotary_dot_and_sums_to_the_score) {
  // The CPU op on a latent-style cache: each score = content (columns < P) + position (columns >= P).
  ThreadPool pool(2);
  cpu::Attention att(pool);
  const int64_t nH = 3, P = 24, R = 8, D = P + R, T = 11;
  const float scale = 0.17f;
  cpu::KvCache cache(KvCacheShape{1, 1, T, 1, D, 0});
  std::mt19937 rng(5);
  std::normal_distribution<float> nd;
  std::vector<float> keys(size_t(T * D)), q(size_t(T * nH * D));
  for (float& v : keys) v = nd(rng);
  for (float& v : q) v = nd(rng);
  std::copy(keys.begin(), keys.end(), cache.k(0, 0, 0));
  AttentionDims dims{nH, 1, D, P, scale, true, P};
  for (int64_t chunk : {T, int64_t(1)}) {  // the sgemm path and the per-row path
    std::mutex m;
    int rows = 0;
    ProbsSink sink;
    sink.want_logits = sink.want_split = true;
    sink.fn = [&](const AttentionRow& r) {
      std::lock_guard lock(m);
      ++rows;
      const float* qi = q.data() + r.batch_row * nH * D + r.head * D;
      double psum = 0;
      for (int64_t j = 0; j < r.n_keys; ++j) {
        double content = 0, pos = 0;
        for (int64_t c = 0; c < P; ++c) content += double(qi[c]) * keys[size_t(j * D + c)];
        for (int64_t c = P; c < D; ++c) pos += double(qi[c]) * keys[size_t(j * D + c)];
        CHECK_NEAR(r.position[j], pos * scale, 1e-5);
        CHECK_NEAR(r.logits[j] - r.position[j], content * scale, 1e-5);
        CHECK_NEAR(r.logits[j], (content + pos) * scale, 1e-5);
        psum += r.probs[j];
      }
      CHECK_NEAR(psum, 1.0, 1e-5);
    };
    std::vector<float> out(size_t(T * nH * P));
    std::vector<SeqRun> runs;
    for (int64_t t0 = 0; t0 < T; t0 += chunk) runs.push_back({0, t0, std::min(chunk, T - t0), t0});
    // One run per call: rows of a later run see the earlier keys.
    for (const SeqRun& run : runs) {
      std::vector<SeqRun> one = {run};
      att.run(q.data(), nH * D, one, cache, 0, dims, out.data(), nH * P, &sink);
    }
    CHECK_EQ(rows, int(T * nH));
  }
}

DSW_TEST(malformed_requests_are_refused_clearly) {
  auto model = test::load_tiny_model("llama", 1);
  const auto ids = prompt(20);
  auto session = make_inspection_session(model, 20);
  REQUIRE_OK(session);
  auto expect = [&](const AttentionInspectRequest& req, const std::string& words) {
    auto r = inspect_attention(**session, ids, req);
    CHECK(!r.is_ok());
    CHECK(r.status().code() == StatusCode::invalid_input);
    if (r.status().message().find(words) == std::string::npos)
      test::record_failure(__FILE__, __LINE__, "message '" + r.status().message() + "' lacks '" + words + "'");
  };
  AttentionInspectRequest req;
  req.window = AttentionWindowSpec{2, 0};
  expect(req, "layer 2 does not exist (the model has layers 0..1)");
  req.window = AttentionWindowSpec{1, 4};
  expect(req, "head 4 does not exist (each layer has heads 0..3)");
  req.window = AttentionWindowSpec{0, 0, 10, 5};
  expect(req, "window queries 10..5");
  req.window.reset();
  req.overview = AttentionOverviewSpec{0, {7}};
  expect(req, "head 7 does not exist");
  // A prompt longer than the session, and than the model's context.
  auto small = make_inspection_session(model, 8);
  REQUIRE_OK(small);
  auto r = inspect_attention(**small, ids, {});
  CHECK(!r.is_ok());
  CHECK(r.status().message().find("the prompt has 20 tokens, more than the context of 8 positions") != std::string::npos);
  auto too_long = make_inspection_session(model, model->config().max_position_embeddings + 1);
  CHECK(!too_long.is_ok());
  CHECK(too_long.status().message().find("more than the model's context of 1024 positions") != std::string::npos);
  // The session still works after the refusals.
  auto ok = inspect_attention(**session, ids, {});
  REQUIRE_OK(ok);
  CHECK(ok->stats.has_value());
}

DSW_TEST(stat_names_round_trip) {
  for (int i = 0; i < kHeadStatCount; ++i) {
    const HeadStat s = HeadStat(i);
    auto back = head_stat_from_name(head_stat_name(s));
    REQUIRE(back.has_value());
    CHECK(*back == s);
  }
  CHECK(!head_stat_from_name("nope").has_value());
}

DSW_TEST(cancelled_runs_end_as_cancelled_and_leave_the_session_usable) {
  auto model = test::load_tiny_model("deepseek_v2", 1);
  const auto ids = prompt(40);
  // Chunks of 8 positions: the forward reports progress between them.
  auto session = make_inspection_session(model, 40, 8);
  REQUIRE_OK(session);
  int reports = 0;
  JobContext stop_at_first;
  stop_at_first.progress = [&](const ProgressEvent&) { return ++reports > 1 ? false : true; };
  auto r = inspect_attention(**session, ids, {}, stop_at_first);
  CHECK(!r.is_ok());
  CHECK(r.status().code() == StatusCode::cancelled);
  CHECK(reports >= 2 && reports < 5);
  // A flag set before the call stops it too.
  std::atomic<bool> flag{true};
  JobContext flagged;
  flagged.cancel = &flag;
  CHECK(inspect_attention(**session, ids, {}, flagged).status().code() == StatusCode::cancelled);
  auto other = make_inspection_session(model, 40, 8);
  REQUIRE_OK(other);
  JobContext compare_stop;
  compare_stop.progress = [](const ProgressEvent&) { return false; };
  auto cmp = compare_attention(**session, **other, ids, uint64_t(256) << 20, compare_stop);
  CHECK(!cmp.is_ok());
  CHECK(cmp.status().code() == StatusCode::cancelled);
  // Afterwards both sessions give the same statistics as a fresh one.
  auto again = inspect_attention(**session, ids, {});
  REQUIRE_OK(again);
  auto fresh_session = make_inspection_session(model, 40, 8);
  REQUIRE_OK(fresh_session);
  auto fresh = inspect_attention(**fresh_session, ids, {});
  REQUIRE_OK(fresh);
  for (size_t i = 0; i < fresh->stats->head.size(); ++i) {
    CHECK_NEAR(again->stats->head[i].entropy, fresh->stats->head[i].entropy, 1e-12);
    CHECK_NEAR(again->stats->head[i].position_share, fresh->stats->head[i].position_share, 1e-12);
  }
  auto self = compare_attention(**session, **other, ids);
  REQUIRE_OK(self);
  for (double v : self->js_mean) CHECK_NEAR(v, 0.0, 1e-9);
}
