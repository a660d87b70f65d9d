// ModelWorker: engine calls for one model, on the worker's thread only (see header).
#include "ModelWorker.h"

#include "BenchSuites.h"
#include "ModelSummaryBuilder.h"

#include <dsw/chat_template.h>
#include <dsw/generate.h>
#include <dsw/model.h>
#include <dsw/model_files.h>
#include <dsw/session.h>
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

int defaultThreads() { return std::max(1, QThread::idealThreadCount() - 1); }

}  // namespace

struct ModelWorker::Engine {
  std::shared_ptr<dsw::Model> model;
  std::unique_ptr<dsw::Tokenizer> tokenizer;
  std::unique_ptr<dsw::Session> session;
  dsw::ChatFamily family = dsw::ChatFamily::plain;
  std::string tokenizerName;  // the file the tokenizer came from (benchmark rows record it)
  double loadSeconds = 0;     // open + load, recorded as a benchmark row's load_s
};

ModelWorker::ModelWorker(std::shared_ptr<TokenStream> stream) : m_engine(std::make_unique<Engine>()), m_stream(std::move(stream)) {}

ModelWorker::~ModelWorker() = default;

void ModelWorker::load(int jobId, const QString& path, const DeviceChoice& device, const CancelFlag& cancel) {
  try {
    const auto loadStarted = std::chrono::steady_clock::now();
    ProgressThrottle throttle;
    dsw::JobContext job;
    job.cancel = cancel.get();
    job.progress = [&](const dsw::ProgressEvent& e) {
      throttle.offer(e, [&](const JobProgress& p) { emit progress(jobId, p); });
      return true;
    };
    emit progress(jobId, JobProgress{QStringLiteral("open"), 0, 3, QStringLiteral("steps"), path});
    auto files = dsw::open_model(path.toStdString());
    if (!files.is_ok()) {
      emit failed(jobId, q(dsw::status_code_name(files.status().code())), q(files.status().message()));
      return;
    }
    if (job.cancelled()) {
      emit failed(jobId, QStringLiteral("cancelled"), tr("Loading was cancelled."));
      return;
    }
    ModelSummary summary = summarizeModelFiles(*files);
    std::unique_ptr<dsw::Tokenizer> tokenizer;
    std::string tokenizerName;
    if (files->tokenizer_path) {
      tokenizerName = files->tokenizer_path->string();
      auto tok = dsw::load_tokenizer(*files->tokenizer_path);
      dsw::Status paired = tok.is_ok() ? dsw::attach_tokenizer(*files, **tok, *files->tokenizer_path) : tok.status();
      if (paired.is_ok()) {
        tokenizer = std::move(tok).value();
      } else {
        summary.tokenizer.clear();
        summary.tokenizerError = q(paired.message());
      }
    }
    const dsw::ChatFamily family = chooseChatFamily(tokenizer.get(), files->config);
    summary.chatFamily = q(dsw::chat_family_name(family));
    summary.chatTemplateFromFile = tokenizer && !tokenizer->chat_template().empty();
    const quint64 weightBytes = files->weight_bytes();

    dsw::LoadOptions lo;
    lo.device.kind = device.cuda ? dsw::DeviceKind::cuda : dsw::DeviceKind::cpu;
    lo.device.index = device.index;
    lo.device.n_threads = device.threads > 0 ? device.threads : defaultThreads();
    auto model = dsw::Model::load(std::move(files).value(), lo, job);
    if (!model.is_ok()) {
      emit failed(jobId, q(dsw::status_code_name(model.status().code())), q(model.status().message()));
      return;
    }
    // The Playground's session: the model's context, capped so the cache stays modest.
    dsw::SessionOptions so;
    so.n_ctx = std::min<int64_t>((*model)->config().max_position_embeddings, 4096);
    auto session = dsw::Session::create(*model, so);
    if (!session.is_ok()) {
      emit failed(jobId, q(dsw::status_code_name(session.status().code())), q(session.status().message()));
      return;
    }
    summary.device = q(lo.device.to_string());
    summary.threads = device.cuda ? 0 : lo.device.n_threads;
    summary.description = q((*model)->description());
    summary.sessionContext = (*session)->n_ctx();
    summary.kvBytesPerToken = (*session)->kv_bytes_per_token();
    estimateMemory(summary, weightBytes, summary.kvBytesPerToken, summary.sessionContext);

    m_engine->model = std::move(model).value();
    m_engine->tokenizer = std::move(tokenizer);
    m_engine->session = std::move(session).value();
    m_engine->family = family;
    m_engine->tokenizerName = m_engine->tokenizer ? tokenizerName : std::string();
    m_engine->loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStarted).count();
    emit loaded(jobId, summary);
  } catch (const std::exception& e) {
    // Qt conversions or allocation failures outside the engine's own error handling.
    emit failed(jobId, QStringLiteral("internal"), QString::fromUtf8(e.what()));
  }
}

void ModelWorker::generate(const GenerationRequest& r) {
  try {
    Engine& e = *m_engine;
    if (!e.model || !e.session) {
      emit failed(r.jobId, QStringLiteral("invalid_input"), tr("The model is not loaded."));
      return;
    }
    if (!e.tokenizer) {
      emit failed(r.jobId, QStringLiteral("unsupported"), tr("This model has no tokenizer, so it cannot generate text."));
      return;
    }
    const dsw::Tokenizer& tok = *e.tokenizer;
    dsw::JobContext encodeJob;  // the job's Cancel also stops tokenizing a long prompt
    encodeJob.cancel = r.cancel.get();
    std::vector<int32_t> prompt;
    if (r.chat) {
      std::vector<dsw::ChatMessage> messages;
      for (const auto& m : r.messages) messages.push_back({m.role.toStdString(), m.content.toStdString()});
      dsw::ChatRenderOptions ro;
      if (tok.bos_id()) ro.bos_token = tok.token_text(*tok.bos_id());
      if (tok.eos_id()) ro.eos_token = tok.token_text(*tok.eos_id());
      auto rendered = dsw::render_chat(e.family, messages, ro);
      if (!rendered.is_ok()) {
        emit failed(r.jobId, q(dsw::status_code_name(rendered.status().code())), q(rendered.status().message()));
        return;
      }
      auto ids = tok.encode(*rendered, {.add_special = false, .parse_special = true, .job = &encodeJob});
      if (!ids.is_ok()) {
        emit failed(r.jobId, q(dsw::status_code_name(ids.status().code())), q(ids.status().message()));
        return;
      }
      prompt = std::move(ids).value();
    } else if (r.prompt.isEmpty()) {
      if (!tok.bos_id()) {
        emit failed(r.jobId, QStringLiteral("invalid_input"), tr("An empty prompt needs a tokenizer with a beginning-of-text token."));
        return;
      }
      prompt = {*tok.bos_id()};
    } else {
      auto ids = tok.encode(r.prompt.toStdString(), {.job = &encodeJob});
      if (!ids.is_ok()) {
        emit failed(r.jobId, q(dsw::status_code_name(ids.status().code())), q(ids.status().message()));
        return;
      }
      prompt = std::move(ids).value();
    }
    if (prompt.empty() && tok.bos_id()) prompt = {*tok.bos_id()};

    // Each turn re-runs the whole conversation: the cache starts empty, so regenerating or
    // editing earlier turns needs no bookkeeping.
    e.session->clear();
    const int64_t room = e.session->n_ctx() - int64_t(prompt.size());
    if (room <= 0) {
      emit failed(r.jobId, QStringLiteral("invalid_input"),
                  tr("The prompt (%1 tokens) does not fit the context of %2 tokens.").arg(prompt.size()).arg(e.session->n_ctx()));
      return;
    }
    dsw::GenerateOptions go;
    go.max_tokens = std::min<int64_t>(r.maxTokens, room);
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
    emit generationStarted(r.jobId, int(prompt.size()));
    int32_t previous = prompt.back();
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
    auto result = dsw::generate(*e.session, tok, prompt, go, onToken, job);
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
    Engine& e = *m_engine;
    if (!e.model) {
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
    auto rows = runBenchRequest(e.model, e.tokenizer.get(), e.tokenizerName, e.loadSeconds, r, job);
    if (!rows.is_ok()) {
      emit failed(r.jobId, q(dsw::status_code_name(rows.status().code())), q(rows.status().message()));
      return;
    }
    emit benchFinished(r.jobId, *rows);
  } catch (const std::exception& ex) {
    emit failed(r.jobId, QStringLiteral("internal"), QString::fromUtf8(ex.what()));
  }
}
