// ModelWorker: engine calls for one model, on the worker's thread only (see header).
#include "ModelWorker.h"

#include "ModelSummaryBuilder.h"

#include <dsw/model.h>
#include <dsw/runner.h>
#include <dsw/store.h>
#include <dsw/tokenizer.h>

#include <QThread>

#include <chrono>
#include <exception>

namespace {

QString q(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

// Turns engine progress callbacks into at most ~20 signals a second (plus the last step of each
// phase), so a fast job cannot flood the GUI thread's event queue.
class ProgressThrottle {
 public:
  template <class Emit>
  bool offer(const dsw::ProgressEvent& e, Emit&& emitFn) {
    const auto now = std::chrono::steady_clock::now();
    const bool last = e.total > 0 && e.step >= e.total;
    if (!last && e.phase == m_phase && now - m_last < std::chrono::milliseconds(50)) return false;
    m_last = now;
    m_phase = std::string(e.phase);
    emitFn(JobProgress{q(e.phase), e.step, e.total, q(e.unit), q(e.message)});
    return true;
  }

 private:
  std::chrono::steady_clock::time_point m_last{};
  std::string m_phase;
};

}  // namespace

struct ModelWorker::Engine {
  std::unique_ptr<dsw::Runner> runner;  // the engine's model, tokenizer and session (dsw/runner.h)
};

namespace {

void emitFailure(ModelWorker* w, int jobId, const dsw::Status& s) {
  emit w->failed(jobId, q(dsw::status_code_name(s.code())), q(s.message()));
}

// The Benchmarks area's request in the engine's terms (the same struct dsw-cli bench fills).
dsw::Result<dsw::BenchRequest> engineRequest(const BenchRequest& r) {
  dsw::BenchRequest e;
  e.suite = r.suite.toStdString();
  e.speed.prompt_tokens = r.promptTokens;
  e.speed.gen_tokens = r.genTokens;
  e.speed.batch = r.batch;
  e.speed.reps = r.reps;
  e.speed.warmup = r.warmup;
  if (!r.sweepParameter.isEmpty()) {
    auto parsed = dsw::parse_bench_sweep((r.sweepParameter + u'=' + QString(r.sweepValues).remove(u' ')).toStdString());
    if (!parsed.is_ok()) return parsed.status();
    e.sweep = std::move(parsed).value();
  }
  e.perplexity.file = r.textFile.toStdString();
  e.perplexity.ctx = r.ctx;
  if (!r.prompt.isEmpty()) e.diversity.prompt = r.prompt.toStdString();
  e.diversity.samples = std::max(1, r.samples);
  e.diversity.tokens = std::max(2, r.genTokens);
  e.label = r.label.toStdString();
  e.train_run = r.trainRun.toStdString();
  return e;
}

}  // namespace

ModelWorker::ModelWorker(std::shared_ptr<TokenStream> stream) : m_engine(std::make_unique<Engine>()), m_stream(std::move(stream)) {}

ModelWorker::~ModelWorker() = default;

void ModelWorker::load(int jobId, const QString& path, const DeviceChoice& device, const CancelFlag& cancel, const QString& adapter) {
  try {
    ProgressThrottle throttle;
    dsw::JobContext job;
    job.cancel = cancel.get();
    job.progress = [&](const dsw::ProgressEvent& e) {
      throttle.offer(e, [&](const JobProgress& p) { emit progress(jobId, p); });
      return true;
    };
    dsw::RunnerOptions o;
    o.device.kind = device.cuda ? dsw::DeviceKind::cuda : dsw::DeviceKind::cpu;
    o.device.index = device.index;
    o.device.n_threads = device.threads;  // <= 0: the engine's default, as in dsw-cli
    if (!adapter.isEmpty()) o.adapters.push_back(adapter.toStdString());
    auto opened = dsw::Runner::open(path.toStdString(), o, job);
    if (!opened.is_ok()) {
      emitFailure(this, jobId, opened.status());
      return;
    }
    dsw::Runner& r = **opened;
    const dsw::Model& model = *r.model();
    ModelSummary summary = summarizeModelFiles(model.files());
    if (!r.tokenizer()) summary.tokenizer.clear();
    summary.tokenizerError = q(r.tokenizer_error());
    summary.chatFamily = q(dsw::chat_family_name(r.chat_family()));
    summary.chatTemplateFromFile = r.chat_template_from_file();
    summary.device = q(model.device().to_string());
    summary.threads = device.cuda ? 0 : model.device().n_threads;
    summary.description = q(model.description());
    summary.sessionContext = r.session().n_ctx();
    summary.kvBytesPerToken = r.session().kv_bytes_per_token();
    estimateMemory(summary, model.files().weight_bytes(), summary.kvBytesPerToken, summary.sessionContext);
    for (const dsw::AttachedAdapter& a : r.adapters()) {
      summary.adapterPath = QString::fromStdString(a.path.string());
      summary.adapterName = QString::fromStdString(a.name);
      summary.adapterBase = QString::fromStdString(a.base_model);
      summary.adapterAudit = QString::fromStdString(a.audit.summary());
      summary.adapterModules = a.audit.adapted;
      summary.adapterLinears = a.audit.linear_total;
      summary.adapterExperts = a.audit.experts_adapted;
      summary.adapterExpertsTotal = a.audit.experts_total;
      summary.adapterParameters = a.audit.trainable_parameters;
      summary.name += QStringLiteral(" + ") + summary.adapterName;
    }
    m_engine->runner = std::move(opened).value();
    emit loaded(jobId, summary);
  } catch (const std::exception& e) {
    // Qt conversions or allocation failures outside the engine's own error handling.
    emit failed(jobId, QStringLiteral("internal"), QString::fromUtf8(e.what()));
  }
}

void ModelWorker::generate(const GenerationRequest& r) {
  try {
    if (!m_engine->runner) {
      emit failed(r.jobId, QStringLiteral("invalid_input"), tr("The model is not loaded."));
      return;
    }
    dsw::Runner& runner = *m_engine->runner;
    if (!runner.tokenizer()) {
      emit failed(r.jobId, QStringLiteral("unsupported"), tr("This model has no tokenizer, so it cannot generate text."));
      return;
    }
    const dsw::Tokenizer& tok = *runner.tokenizer();
    dsw::JobContext encodeJob;  // the job's Cancel also stops tokenizing a long prompt
    encodeJob.cancel = r.cancel.get();
    dsw::Result<std::vector<int32_t>> prompt = std::vector<int32_t>{};
    if (r.chat) {
      std::vector<dsw::ChatMessage> messages;
      for (const auto& m : r.messages) messages.push_back({m.role.toStdString(), m.content.toStdString()});
      prompt = runner.chat_prompt(messages, std::nullopt, &encodeJob);
    } else {
      prompt = runner.text_prompt(r.prompt.toStdString(), &encodeJob);
    }
    if (!prompt.is_ok()) {
      emitFailure(this, r.jobId, prompt.status());
      return;
    }
    dsw::GenerateOptions go;
    go.max_tokens = r.maxTokens;
    go.sampling.greedy = r.greedy;
    go.sampling.temperature = float(r.temperature);
    go.sampling.top_k = r.topK;
    go.sampling.top_p = float(r.topP);
    go.sampling.min_p = float(r.minP);
    go.sampling.repetition_penalty = float(r.repetitionPenalty);
    go.sampling.seed = r.seed;
    go.top_alternatives = 5;

    ProgressThrottle throttle;
    dsw::JobContext job;
    job.cancel = r.cancel.get();
    job.progress = [&](const dsw::ProgressEvent& ev) {
      throttle.offer(ev, [&](const JobProgress& p) { emit progress(r.jobId, p); });
      return true;
    };
    emit generationStarted(r.jobId, int(prompt->size()));
    int32_t previous = prompt->back();
    const auto started = std::chrono::steady_clock::now();
    auto onToken = [&](const dsw::GeneratedToken& g) {
      StreamedToken st;
      st.text = QString::fromStdString(g.text);
      st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (g.id >= 0) {
        st.token.id = g.id;
        st.token.text = q(dsw::utf8_lossy(tok.token_bytes(g.id, previous)));
        st.token.prob = g.probs.token >= 0 ? double(g.probs.prob) : -1.0;
        for (const auto& [id, p] : g.probs.top) st.token.top.append({q(dsw::utf8_lossy(tok.token_bytes(id, previous))), double(p)});
        previous = g.id;
      }
      if (m_stream->push(std::move(st))) emit tokensPending(r.jobId);
      return !(r.cancel && r.cancel->load());
    };
    auto result = runner.generate(*prompt, go, onToken, job);
    if (!result.is_ok()) {
      emit failed(r.jobId, q(dsw::status_code_name(result.status().code())), q(result.status().message()));
      return;
    }
    GenerationStats s;
    s.reason = q(dsw::stop_reason_name(result->reason));
    s.promptTokens = int(result->prompt_tokens);
    s.generatedTokens = int(result->tokens.size());
    s.prefillSeconds = result->prefill_seconds;
    s.timeToFirstToken = result->time_to_first_token;
    s.decodeSeconds = result->decode_seconds;
    s.decodeTokensPerSecond = result->token_latencies.empty() || result->decode_seconds <= 0
                                  ? 0.0
                                  : double(result->token_latencies.size()) / result->decode_seconds;
    s.seed = result->seed;
    s.text = QString::fromStdString(result->text);
    s.promptIds = QVector<qint32>(prompt->begin(), prompt->end());
    emit generationFinished(r.jobId, s);
  } catch (const std::exception& ex) {
    emit failed(r.jobId, QStringLiteral("internal"), QString::fromUtf8(ex.what()));
  }
}

void ModelWorker::benchmark(const BenchRequest& r) {
  try {
    if (r.cancel && r.cancel->load()) {
      emit failed(r.jobId, QStringLiteral("cancelled"), tr("Cancelled before it started."));
      return;
    }
    if (!m_engine->runner) {
      emit failed(r.jobId, QStringLiteral("invalid_input"), tr("The model is not loaded."));
      return;
    }
    ProgressThrottle throttle;
    dsw::JobContext job;
    job.cancel = r.cancel.get();
    job.progress = [&](const dsw::ProgressEvent& ev) {
      throttle.offer(ev, [&](const JobProgress& p) { emit progress(r.jobId, p); });
      return true;
    };
    auto request = engineRequest(r);
    if (!request.is_ok()) {
      emitFailure(this, r.jobId, request.status());
      return;
    }
    // The results database remembers weight-file hashes, so a checkpoint is read once; without it
    // the files are simply hashed.
    std::unique_ptr<dsw::Store> cache;
    if (!r.hashCacheDb.isEmpty()) {
      auto opened = dsw::Store::open(r.hashCacheDb.toStdString());
      if (opened.is_ok()) cache = std::move(opened).value();
    }
    request->hash_cache = cache.get();
    auto rows = m_engine->runner->bench(*request, job);
    if (!rows.is_ok()) {
      emit failed(r.jobId, q(dsw::status_code_name(rows.status().code())), q(rows.status().message()));
      return;
    }
    emit benchFinished(r.jobId, *rows);
  } catch (const std::exception& ex) {
    emit failed(r.jobId, QStringLiteral("internal"), QString::fromUtf8(ex.what()));
  }
}
