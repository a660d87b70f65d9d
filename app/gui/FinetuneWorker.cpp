// FinetuneWorker: engine calls of the Fine-tune area, on the worker's thread only (see header).
#include "FinetuneWorker.h"

#include <dsw/devices.h>
#include <dsw/model_files.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cmath>
#include <exception>

namespace {

QString q(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

// At most ~20 progress signals a second (plus each phase's last step), as ModelWorker does.
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

TrainMetricRows metricRows(const std::vector<dsw::TrainStepReport>& history) {
  TrainMetricRows rows;
  for (const auto& h : history) {
    dsw::TrainMetricRow m;
    m.step = h.step;
    if (h.step > 0) {
      m.loss = h.loss;
      m.lr = h.lr;
      m.grad_norm = h.grad_norm;
      m.tokens_per_s = h.tokens_per_s;
    }
    m.eval_loss = h.eval_loss;
    rows.push_back(m);
  }
  return rows;
}

}  // namespace

FinetuneWorker::FinetuneWorker(std::shared_ptr<TrainStepBuffer> steps) : m_steps(std::move(steps)) {}

QStringList FinetuneWorker::evalPrompts(const dsw::TrainConfig& c, int n) {
  QFile f(QString::fromStdString(c.data.path.string()));
  if (n <= 0 || !f.open(QIODevice::ReadOnly)) return {};
  const QList<QByteArray> lines = f.readAll().split('\n');
  const bool jsonl = c.data.path.extension() == ".jsonl" || c.data.path.extension() == ".json";
  // The examples as finetune() reads them (data.h): JSONL lines, or blank-line separated documents.
  QStringList examples;
  if (c.data.format == dsw::DataFormat::text && !jsonl) {
    QString cur;
    for (const QByteArray& raw : lines) {
      const QString l = QString::fromUtf8(raw).remove(u'\r');
      if (l.isEmpty() || l == u"<|endoftext|>") {
        if (!cur.isEmpty()) examples << cur;
        cur.clear();
      } else {
        cur += cur.isEmpty() ? l : u'\n' + l;
      }
    }
    if (!cur.isEmpty()) examples << cur;
  } else {
    for (const QByteArray& raw : lines) {
      if (raw.trimmed().isEmpty()) continue;
      const QJsonObject o = QJsonDocument::fromJson(raw).object();
      QString text;
      if (c.data.format == dsw::DataFormat::prompt_response) {
        text = o.value(q(c.data.prompt_field)).toString();
      } else if (c.data.format == dsw::DataFormat::chat) {
        for (const QJsonValue& m : o.value(q(c.data.messages_field)).toArray())
          if (m.toObject().value(QStringLiteral("role")).toString() == u"user") {
            text = m.toObject().value(QStringLiteral("content")).toString();
            break;
          }
      } else {
        text = o.value(q(c.data.text_field)).toString();
      }
      examples << text;
    }
  }
  if (c.data.max_examples > 0 && examples.size() > c.data.max_examples) examples = examples.mid(0, qsizetype(c.data.max_examples));
  qsizetype nEval = qsizetype(std::ceil(double(examples.size()) * c.data.eval_fraction));
  if (c.data.eval_fraction > 0 && examples.size() - nEval < 1) nEval = examples.size() - 1;
  QStringList out;
  for (qsizetype i = examples.size() - nEval; i < examples.size() && out.size() < n; ++i) {
    QString t = examples[i].trimmed();
    if (c.data.format == dsw::DataFormat::text) t = t.left(80);  // a continuation prompt: the start of the document
    if (!t.isEmpty()) out << t;
  }
  return out;
}

void FinetuneWorker::plan(int requestId, const dsw::TrainConfig& config) {
  FinetunePlan p;
  p.requestId = requestId;
  p.config = config;
  try {
    auto files = dsw::open_model(config.model);
    if (!files.is_ok()) {
      p.modelError = q(files.status().message());
      emit planned(p);
      return;
    }
    const dsw::ModelConfig& mc = files->config;
    p.architecture = q(mc.model_type);
    p.layers = mc.num_hidden_layers;
    p.routedExperts = mc.n_routed_experts;
    for (int64_t l = 0; l < mc.num_hidden_layers; ++l)
      if (mc.is_moe_layer(l)) p.moeLayers.append(int(l));
    if (config.mode == dsw::TrainMode::lora) {
      auto audit = dsw::plan_lora(mc, config.lora);
      p.auditOk = audit.is_ok();
      if (audit.is_ok()) p.audit = *audit;
      else p.auditError = q(audit.status().message());
    } else {
      p.auditOk = true;
      p.audit.trainable_parameters = int64_t(files->tensors.total_elements());
    }
    auto preview = dsw::preview_training_data(config);
    p.dataOk = preview.is_ok();
    if (preview.is_ok()) p.preview = std::move(preview).value();
    else p.dataError = q(preview.status().message());
    p.dataMissing = config.data.path.empty();
    p.evalPrompts = evalPrompts(config, 4);
    // The estimate for the rows the run will really have (prompt-response rows shrink to the longest).
    dsw::TrainConfig sized = config;
    if (p.dataOk && p.preview.seq_len > 0) sized.data.seq_len = p.preview.seq_len;
    auto mem = dsw::estimate_training_memory(*files, sized);
    p.memoryOk = mem.is_ok();
    if (mem.is_ok()) p.memory = *mem;
    else p.memoryError = q(mem.status().message());
    p.availableBytes = config.memory_limit_bytes ? config.memory_limit_bytes : dsw::host_memory_info().free_bytes;
  } catch (const std::exception& e) {
    p.modelError = QString::fromUtf8(e.what());
  }
  emit planned(p);
}

void FinetuneWorker::train(const FinetuneRequest& r) {
  try {
    emit started(r.jobId);
    if (r.config.resume) {
      auto before = dsw::read_run_metrics(r.config.output_dir);
      if (before.is_ok() && !before->empty()) emit historyLoaded(r.jobId, *before);
    }
    ProgressThrottle throttle;
    dsw::JobContext job;
    job.cancel = r.cancel.get();
    job.progress = [&](const dsw::ProgressEvent& e) {
      if (throttle.due(e)) emit progress(r.jobId, JobProgress{q(e.phase), e.step, e.total, q(e.unit), q(e.message)});
      return true;
    };
    auto result = dsw::finetune(r.config, job, [&](const dsw::TrainStepReport& s) {
      if (m_steps && m_steps->push(s)) emit stepsPending(r.jobId);
    });
    if (!result.is_ok()) {
      emit failed(r.jobId, q(dsw::status_code_name(result.status().code())), q(result.status().message()));
      return;
    }
    FinetuneOutcome o;
    o.jobId = r.jobId;
    o.config = r.config;
    o.steps = result->steps_done;
    o.finalLoss = result->final_loss;
    o.firstEvalLoss = result->first_eval_loss;
    o.finalEvalLoss = result->final_eval_loss;
    o.resultDir = QString::fromStdString(std::filesystem::absolute(result->adapter_dir).string());
    o.checkpointDir = QString::fromStdString(result->checkpoint_dir.string());
    o.audit = r.config.mode == dsw::TrainMode::lora ? q(result->audit.summary()) : QString();
    o.memory = q(result->memory.to_string());
    if (!r.dbPath.isEmpty()) {
      auto store = dsw::Store::open(r.dbPath.toStdString());
      if (store.is_ok()) {
        dsw::TrainRunRecord run;
        run.model_path = std::filesystem::absolute(r.config.model).string();
        run.output_dir = std::filesystem::absolute(r.config.output_dir).string();
        run.adapter_dir = o.resultDir.toStdString();
        run.config_json = dsw::train_config_to_json(r.config);
        run.audit = o.audit.toStdString();
        run.steps = o.steps;
        run.final_loss = o.finalLoss;
        run.final_eval_loss = o.finalEvalLoss;
        auto history = dsw::read_run_metrics(r.config.output_dir);  // the whole run, resumed parts included
        auto id = (*store)->add_train_run(run, history.is_ok() ? metricRows(*history) : TrainMetricRows{});
        if (id.is_ok()) o.runId = *id;
        else o.storeError = q(id.status().message());
      } else {
        o.storeError = q(store.status().message());
      }
    }
    emit finished(o);
  } catch (const std::exception& e) {
    emit failed(r.jobId, QStringLiteral("internal"), QString::fromUtf8(e.what()));
  }
}

void FinetuneWorker::listRuns(const QString& dbPath) {
  auto store = dsw::Store::open(dbPath.toStdString());
  if (!store.is_ok()) {
    emit runsListed({}, q(store.status().message()));
    return;
  }
  auto runs = (*store)->list_train_runs(200);
  emit runsListed(runs.is_ok() ? *runs : TrainRuns{}, runs.is_ok() ? QString() : q(runs.status().message()));
}

void FinetuneWorker::loadRunMetrics(const QString& dbPath, qint64 runId) {
  auto store = dsw::Store::open(dbPath.toStdString());
  if (!store.is_ok()) return;
  auto rows = (*store)->train_metrics(runId);
  if (rows.is_ok()) emit runMetricsLoaded(runId, *rows);
}
