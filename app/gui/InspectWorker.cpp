// InspectWorker: engine calls of the Inspect area, on the worker's thread only (see header).
#include "InspectWorker.h"

#include <dsw/inspect.h>
#include <dsw/routing_store.h>
#include <dsw/runner.h>
#include <dsw/token_kinds.h>

#include <QThread>

#include <chrono>
#include <cmath>
#include <deque>
#include <exception>
#include <functional>
#include <map>

namespace {

QString q(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

// An engine error on its way to failed(): the status name and the engine's own message.
struct Failure {
  QString code, message;
};

template <class T>
T need(dsw::Result<T>&& r) {
  if (!r.is_ok()) throw Failure{q(dsw::status_code_name(r.status().code())), q(r.status().message())};
  return std::move(r).value();
}

void need(const dsw::Status& s) {
  if (!s.is_ok()) throw Failure{q(dsw::status_code_name(s.code())), q(s.message())};
}

// At most ~20 progress signals a second (plus each phase's last step).
class ProgressThrottle {
 public:
  bool due(const dsw::ProgressEvent& e) {
    const auto now = std::chrono::steady_clock::now();
    const bool last = e.total > 0 && e.step >= e.total;
    if (!last && e.phase == m_phase && now - m_last < std::chrono::milliseconds(50)) return false;
    m_last = now;
    m_phase = std::string(e.phase);
    return true;
  }

 private:
  std::chrono::steady_clock::time_point m_last{};
  std::string m_phase;
};

QStringList labelsOf(const dsw::Tokenizer* tok, const std::vector<int32_t>& ids) {
  QStringList out;
  out.reserve(qsizetype(ids.size()));
  for (int32_t id : ids) out.append(tok ? q(dsw::utf8_lossy(tok->token_bytes(id))) : QString::number(id));
  return out;
}

template <class T>
QVector<T> vec(const std::vector<T>& v) {
  return QVector<T>(v.begin(), v.end());
}

QVector<QVector<int>> lists(const std::vector<std::vector<int32_t>>& v) {
  QVector<QVector<int>> out;
  for (const auto& l : v) out.append(QVector<int>(l.begin(), l.end()));
  return out;
}

AttentionResult toResult(const dsw::AttentionInspection& r, const QStringList& labels, const QString& model) {
  AttentionResult out;
  out.model = model;
  out.tokens = labels;
  out.seconds = r.seconds;
  if (r.stats) {
    const dsw::AttentionStats& s = *r.stats;
    out.layers = int(s.layers);
    out.heads = int(s.heads);
    out.split = s.has_split;
    out.stats.resize(kInspectStatCount);
    for (int k = 0; k < kInspectStatCount; ++k) {
      auto& plane = out.stats[k];
      for (const auto& h : s.head) plane.append(h.value(dsw::HeadStat(k)));
    }
    for (const auto& h : s.head) {
      out.sinkKey.append(h.sink_key);
      out.positionScore.append(h.position_score);
      out.contentScore.append(h.content_score);
    }
  }
  if (r.window) {
    const dsw::AttentionWindow& w = *r.window;
    out.layer = int(w.layer);
    out.head = int(w.head);
    out.q0 = int(w.q0), out.q1 = int(w.q1), out.k0 = int(w.k0), out.k1 = int(w.k1);
    out.probs = vec(w.probs);
    out.logits = vec(w.logits);
    out.position = vec(w.position);
  }
  for (const auto& o : r.overviews) {
    out.tile = int(o.tile);
    out.tiles = int(o.n_tiles);
    out.overviewMax.append(vec(o.max));
    out.overviewMean.append(vec(o.mean));
  }
  return out;
}

static_assert(kInspectKindCount == dsw::token_kind_count);

// Routing counted by token kind, when the capture has its per-token trace and a tokenizer is at hand.
void addKinds(RoutingResult& r, const dsw::RoutingCapture& c, const dsw::Tokenizer* tok) {
  if (!tok || c.trace.tokens == 0 || int64_t(c.tokens.size()) != c.trace.tokens) return;
  const auto k = need(dsw::routing_by_kind(c, dsw::token_kinds(*tok, c.tokens)));
  r.kindTokens = QVector<qint64>(k.tokens.begin(), k.tokens.end());
  r.kindCounts = QVector<qint64>(k.counts.begin(), k.counts.end());
  r.kindInformation = vec(k.information);
  r.kindEntropy = vec(k.kind_entropy);
}

RoutingResult toResult(const dsw::RoutingCapture& c, const QStringList& labels) {
  const dsw::RoutingSummary& s = c.summary;
  RoutingResult r;
  r.documents = c.documents;
  r.totalTokens = s.total_tokens();
  r.layers = int(s.shape.layers);
  r.experts = int(s.shape.experts);
  r.k = int(s.shape.k);
  r.shared = int(s.shape.shared);
  for (uint8_t m : s.shape.moe_layer) r.moeLayer.append(m);
  r.scoring = q(s.shape.scoring);
  if (c.trace.tokens > 0) {
    r.tokens = labels;
    r.expert = vec(c.trace.expert);
    r.weight = vec(c.trace.weight);
  }
  r.tokensPerLayer = QVector<qint64>(s.tokens.begin(), s.tokens.end());
  r.load = QVector<qint64>(s.load.begin(), s.load.end());
  r.weightMass = vec(s.weight_mass);
  const int64_t E = s.shape.experts;
  r.coactivation.resize(qsizetype(s.coactivation.size()));
  for (int64_t l = 0; l < s.shape.layers; ++l) {
    for (int64_t a = 0; a < E; ++a)
      for (int64_t b = 0; b < E; ++b) r.coactivation[qsizetype((l * E + a) * E + b)] = s.coactivation_share(l, a, b);
    r.entropy.append(s.token_entropy(l));
    r.balance.append(s.load_balance(l));
    r.neverHit.append(vec(s.never_hit(l)));
  }
  return r;
}

RoutingCompareResult toResult(const dsw::RoutingComparison& c, const dsw::RoutingCapture& a, const dsw::RoutingCapture& b,
                              RoutingResult ra, RoutingResult rb) {
  RoutingCompareResult out;
  out.a = std::move(ra);
  out.b = std::move(rb);
  out.perToken = c.per_token;
  out.note = q(c.per_token_note);
  out.changedAny = c.changed_any;
  out.jaccard = vec(c.jaccard);
  out.changed = vec(c.changed);
  out.entropyA = vec(c.entropy_a);
  out.entropyB = vec(c.entropy_b);
  out.loadShift = vec(c.load_shift);
  out.coactivationChange = vec(c.coactivation_change);
  out.neverA = lists(c.never_hit_a);
  out.neverB = lists(c.never_hit_b);
  if (c.per_token) {
    const int64_t T = a.trace.tokens, L = a.trace.layers;
    out.tokenJaccard.resize(qsizetype(T * L));
    for (int64_t t = 0; t < T; ++t)
      for (int64_t l = 0; l < L; ++l) {
        float j = std::numeric_limits<float>::quiet_NaN();
        if (c.shape.moe_layer[size_t(l)]) {
          auto x = a.trace.chosen(t, l), y = b.trace.chosen(t, l);
          int inter = 0;
          for (int32_t e : x)
            if (std::find(y.begin(), y.end(), e) != y.end()) ++inter;
          const int uni = int(x.size() + y.size()) - inter;
          j = uni ? float(inter) / float(uni) : 1.0f;
        }
        out.tokenJaccard[qsizetype(t * L + l)] = j;
      }
  }
  return out;
}

// What the views call a side: its model path, and the adapter attached to it when there is one.
QString sideLabel(const QString& model, const QString& adapter) {
  return adapter.isEmpty() ? model : InspectWorker::tr("%1 + adapter %2").arg(model, adapter);
}

// The same for a stored run: its model and the adapters it was run with.
QString runLabel(const dsw::RoutingRunInfo& info) {
  QStringList adapters;
  for (const auto& a : info.adapters) adapters.append(q(a));
  return sideLabel(q(info.model_path), adapters.join(QStringLiteral(", ")));
}

}  // namespace

struct InspectWorker::Engine {
  // Open models by path and adapter, most recently used last (two kept: a comparison's pair, which
  // may be one base with and without an adapter).
  std::deque<std::pair<QString, std::unique_ptr<dsw::Runner>>> runners;
  std::function<void(const QString&)> opened;  // after a model is loaded

  dsw::Runner& open(const QString& path, const QString& adapter, const dsw::JobContext& job) {
    const QString key = path + QChar(0) + adapter;
    for (auto it = runners.begin(); it != runners.end(); ++it)
      if (it->first == key) {
        auto entry = std::move(*it);
        runners.erase(it);
        runners.push_back(std::move(entry));
        return *runners.back().second;
      }
    if (path.isEmpty()) throw Failure{QStringLiteral("invalid_input"), InspectWorker::tr("Choose a model to inspect.")};
    dsw::RunnerOptions o;
    o.n_ctx = 1;  // inspection sizes its own sessions to the prompt
    // Captures are long prefills that keep every engine thread busy: leave the GUI a core.
    o.device.n_threads = InspectWorker::threadCount();
    // The adapter is attached as in the Playground (Runner::open checks it against the model), so
    // attention and routing are the adapted model's.
    if (!adapter.isEmpty()) o.adapters.push_back(adapter.toStdString());
    auto runner = need(dsw::Runner::open(path.toStdString(), o, job));
    if (!runner->tokenizer())
      throw Failure{QStringLiteral("unsupported"),
                    InspectWorker::tr("%1 has no tokenizer, so it cannot take a text prompt: %2").arg(path, q(runner->tokenizer_error()))};
    while (runners.size() >= 2) runners.pop_front();
    runners.emplace_back(key, std::move(runner));
    if (opened) opened(path);
    return *runners.back().second;
  }
};

namespace {

// Runs one job: started(), a JobContext wired to the request's cancel flag and to progress(), and
// every failure turned into failed().
template <class Body>
void runJob(InspectWorker* w, const InspectRequest& r, Body&& body) {
  if (r.cancel && r.cancel->load()) {
    emit w->failed(r.jobId, QStringLiteral("cancelled"), InspectWorker::tr("Cancelled before it started."));
    return;
  }
  emit w->started(r.jobId);
  try {
    ProgressThrottle throttle;
    dsw::JobContext job;
    job.cancel = r.cancel.get();
    job.progress = [&](const dsw::ProgressEvent& e) {
      if (throttle.due(e)) emit w->progress(r.jobId, JobProgress{q(e.phase), e.step, e.total, q(e.unit), q(e.message)});
      return true;
    };
    body(job);
  } catch (const Failure& f) {
    emit w->failed(r.jobId, f.code, f.message);
  } catch (const std::exception& e) {
    emit w->failed(r.jobId, QStringLiteral("internal"), QString::fromUtf8(e.what()));
  }
}

dsw::AttentionInspectRequest attentionRequest(const InspectRequest& r, int64_t T) {
  dsw::AttentionInspectRequest req;
  req.keep_received = false;
  const int64_t start = std::clamp<int64_t>(r.windowStart, 0, std::max<int64_t>(T - 1, 0));
  const int64_t end = std::min<int64_t>(T, start + std::max(1, r.windowSize));
  req.window = dsw::AttentionWindowSpec{r.layer, r.head, start, end, start, end};
  req.overview = dsw::AttentionOverviewSpec{r.layer, {}, std::max(1, r.tiles)};
  return req;
}

std::unique_ptr<dsw::Session> sessionFor(dsw::Runner& runner, int64_t tokens, int64_t cap = 0) {
  const int64_t n = cap > 0 ? std::min(tokens, cap) : tokens;
  return need(dsw::make_inspection_session(runner.model(), n));
}

}  // namespace

InspectWorker::InspectWorker() : m_engine(std::make_unique<Engine>()) {
  m_engine->opened = [this](const QString& path) { emit modelOpened(path); };
}

int InspectWorker::threadCount() { return std::max(1, QThread::idealThreadCount() - 1); }

InspectWorker::~InspectWorker() = default;

void InspectWorker::attention(const InspectRequest& r) {
  runJob(this, r, [&](const dsw::JobContext& job) {
    dsw::Runner& runner = m_engine->open(r.modelA, r.adapterA, job);
    const auto ids = need(runner.text_prompt(r.prompt.toStdString()));
    auto session = sessionFor(runner, int64_t(ids.size()));
    auto res = need(dsw::inspect_attention(*session, ids, attentionRequest(r, int64_t(ids.size())), job));
    emit attentionFinished(r.jobId, toResult(res, labelsOf(runner.tokenizer(), ids), sideLabel(r.modelA, r.adapterA)));
  });
}

void InspectWorker::routing(const InspectRequest& r) {
  runJob(this, r, [&](const dsw::JobContext& job) {
    dsw::Runner& runner = m_engine->open(r.modelA, r.adapterA, job);
    const auto ids = need(runner.text_prompt(r.prompt.toStdString()));
    auto session = sessionFor(runner, int64_t(ids.size()), std::min<int64_t>(4096, runner.model()->config().max_position_embeddings));
    auto res = need(dsw::inspect_routing(*session, ids, {}, job));
    RoutingResult out = toResult(res, labelsOf(runner.tokenizer(), ids));
    addKinds(out, res, runner.tokenizer());
    out.model = sideLabel(r.modelA, r.adapterA);
    emit routingFinished(r.jobId, out);
  });
}

void InspectWorker::compareAttention(const InspectRequest& r) {
  runJob(this, r, [&](const dsw::JobContext& job) {
    dsw::Runner& a = m_engine->open(r.modelA, r.adapterA, job);
    dsw::Runner& b = m_engine->open(r.modelB, r.adapterB, job);
    need(dsw::attention_comparable(a.model()->config(), b.model()->config()));
    need(dsw::same_tokens(*a.tokenizer(), *b.tokenizer(), r.prompt.toStdString()));
    const auto ids = need(a.text_prompt(r.prompt.toStdString()));
    const int64_t T = int64_t(ids.size());
    auto sa = sessionFor(a, T);
    auto sb = sessionFor(b, T);
    const QStringList labels = labelsOf(a.tokenizer(), ids);
    AttentionCompareResult out;
    out.a = toResult(need(dsw::inspect_attention(*sa, ids, attentionRequest(r, T), job)), labels, sideLabel(r.modelA, r.adapterA));
    out.b = toResult(need(dsw::inspect_attention(*sb, ids, attentionRequest(r, T), job)), labels, sideLabel(r.modelB, r.adapterB));
    const auto c = need(dsw::compare_attention(*sa, *sb, ids, uint64_t(256) << 20, job));
    out.jsMean = vec(c.js_mean);
    out.jsMax = vec(c.js_max);
    out.jsToken = vec(c.js_token);
    emit attentionCompared(r.jobId, out);
  });
}

void InspectWorker::compareRouting(const InspectRequest& r) {
  runJob(this, r, [&](const dsw::JobContext& job) {
    dsw::Runner& a = m_engine->open(r.modelA, r.adapterA, job);
    dsw::Runner& b = m_engine->open(r.modelB, r.adapterB, job);
    need(dsw::routing_comparable(dsw::RoutingShape::of(a.model()->config()), dsw::RoutingShape::of(b.model()->config())));
    need(dsw::same_tokens(*a.tokenizer(), *b.tokenizer(), r.prompt.toStdString()));
    const auto ids = need(a.text_prompt(r.prompt.toStdString()));
    const QStringList labels = labelsOf(a.tokenizer(), ids);
    auto capture = [&](dsw::Runner& m) {
      auto s = sessionFor(m, int64_t(ids.size()), std::min<int64_t>(4096, m.model()->config().max_position_embeddings));
      return need(dsw::inspect_routing(*s, ids, {}, job));
    };
    const auto ca = capture(a), cb = capture(b);
    const auto c = need(dsw::compare_routing(ca, cb));
    RoutingResult ra = toResult(ca, labels), rb = toResult(cb, labels);
    addKinds(ra, ca, a.tokenizer());
    addKinds(rb, cb, b.tokenizer());
    ra.model = sideLabel(r.modelA, r.adapterA);
    rb.model = sideLabel(r.modelB, r.adapterB);
    emit routingCompared(r.jobId, toResult(c, ca, cb, std::move(ra), std::move(rb)));
  });
}

void InspectWorker::dataset(const InspectRequest& r) {
  runJob(this, r, [&](const dsw::JobContext& job) {
    const auto started = std::chrono::steady_clock::now();
    dsw::Runner& runner = m_engine->open(r.modelA, r.adapterA, job);
    const auto& c = runner.model()->config();
    auto session = need(dsw::Session::create(runner.model(), {.n_ctx = std::min<int64_t>(1024, c.max_position_embeddings)}));
    dsw::RoutingDatasetOptions o;
    o.file = r.file.toStdString();
    o.field = r.field.toStdString();
    o.max_tokens = r.maxTokens;
    o.trace_limit = int64_t(1) << 18;
    auto run = need(dsw::routing_dataset(*session, *runner.tokenizer(), o, job));
    auto store = need(dsw::RoutingStore::open(r.dbPath.toStdString()));
    dsw::RoutingRunInfo info;
    info.label = r.label.trimmed().toStdString();
    info.model_path = r.modelA.toStdString();
    for (const auto& a : runner.adapters()) info.adapters.push_back(a.path.string());
    info.architecture = c.model_type;
    info.source = r.file.toStdString();
    info.field = r.field.toStdString();
    info.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const int64_t id = need(store->add(info, run));
    RoutingResult out = toResult(run, labelsOf(runner.tokenizer(), run.tokens));
    addKinds(out, run, runner.tokenizer());
    out.runId = id;
    out.model = sideLabel(r.modelA, r.adapterA);
    out.source = r.file;
    out.label = r.label.trimmed();
    emit datasetStored(r.jobId, out);
  });
}

void InspectWorker::loadRun(const InspectRequest& r) {
  runJob(this, r, [&](const dsw::JobContext&) {
    auto store = need(dsw::RoutingStore::open(r.dbPath.toStdString()));
    dsw::RoutingRunInfo info;
    auto run = need(store->load(r.runA, &info));
    QStringList labels;
    for (int32_t id : run.tokens) labels.append(QString::number(id));  // no tokenizer needed to show a stored run
    RoutingResult out = toResult(run, labels);
    out.runId = info.id;
    out.model = runLabel(info);
    out.source = q(info.source);
    out.label = q(info.label);
    emit routingFinished(r.jobId, out);
  });
}

void InspectWorker::compareRuns(const InspectRequest& r) {
  runJob(this, r, [&](const dsw::JobContext&) {
    auto store = need(dsw::RoutingStore::open(r.dbPath.toStdString()));
    dsw::RoutingRunInfo ia, ib;
    const auto a = need(store->load(r.runA, &ia));
    const auto b = need(store->load(r.runB, &ib));
    const auto c = need(dsw::compare_routing(a, b));
    QStringList labels;
    for (int32_t id : a.tokens) labels.append(QString::number(id));
    RoutingResult ra = toResult(a, labels), rb = toResult(b, labels);
    ra.runId = ia.id, ra.label = q(ia.label), ra.model = runLabel(ia), ra.source = q(ia.source);
    rb.runId = ib.id, rb.label = q(ib.label), rb.model = runLabel(ib), rb.source = q(ib.source);
    emit routingCompared(r.jobId, toResult(c, a, b, std::move(ra), std::move(rb)));
  });
}

void InspectWorker::exportRun(const InspectRequest& r) {
  runJob(this, r, [&](const dsw::JobContext&) {
    auto store = need(dsw::RoutingStore::open(r.dbPath.toStdString()));
    dsw::RoutingRunInfo info;
    const auto run = need(store->load(r.runA, &info));
    need(dsw::export_routing_run(r.exportPath.toStdString(), info, run));
    emit runExported(r.jobId, r.exportPath);
  });
}

void InspectWorker::deleteRun(const QString& dbPath, qint64 id) {
  try {
    auto store = need(dsw::RoutingStore::open(dbPath.toStdString()));
    need(store->remove(id));
  } catch (const Failure& f) {
    emit runsListed({}, f.message);
    return;
  }
  listRuns(dbPath);
}

void InspectWorker::listRuns(const QString& dbPath) {
  QVector<RoutingRunRow> rows;
  try {
    auto store = need(dsw::RoutingStore::open(dbPath.toStdString()));
    for (const auto& i : need(store->list())) {
      RoutingRunRow row;
      row.id = i.id;
      row.created = q(i.created_at);
      row.label = q(i.label);
      row.model = runLabel(i);
      for (const auto& a : i.adapters) row.adapters.append(q(a));
      row.architecture = q(i.architecture);
      row.source = q(i.source);
      row.documents = i.documents;
      row.tokens = i.tokens;
      row.hasRoutes = i.has_routes;
      row.seconds = i.duration_s;
      rows.append(row);
    }
  } catch (const Failure& f) {
    emit runsListed({}, f.message);
    return;
  }
  emit runsListed(rows, QString());
}
