// QuantizeWorker: engine calls on the worker's thread only (see header).
#include "QuantizeWorker.h"

#include <dsw/runner.h>
#include <dsw/store.h>

#include <QFileInfo>

#include <chrono>
#include <exception>

namespace {

QString q(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

}  // namespace

void QuantizeWorker::run(const QuantizeRequest& r) {
  if (r.cancel && r.cancel->load()) {
    emit failed(r.jobId, QStringLiteral("cancelled"), tr("Cancelled before it started."));
    return;
  }
  emit started(r.jobId);
  try {
    auto last = std::chrono::steady_clock::time_point{};
    std::string lastPhase;
    dsw::JobContext job;
    job.cancel = r.cancel.get();
    job.progress = [&](const dsw::ProgressEvent& e) {
      const auto now = std::chrono::steady_clock::now();
      const bool end = e.total > 0 && e.step >= e.total;
      if (!end && e.phase == lastPhase && now - last < std::chrono::milliseconds(50)) return true;
      last = now;
      lastPhase = std::string(e.phase);
      double eta = -1;
      for (const auto& m : e.metrics)
        if (m.name == "eta_s") eta = m.value;
      emit progress(r.jobId, JobProgress{q(e.phase), e.step, e.total, q(e.unit), q(e.message)}, eta);
      return true;
    };

    dsw::QuantizeJobRequest request;
    request.model = r.model.toStdString();
    request.out = r.out.toStdString();
    request.format = dsw::quant_format_from_name(r.format.toStdString()).value_or(dsw::QuantFormat::gguf);
    request.options = r.options();
    auto report = dsw::run_quantize_job(request, job);
    if (!report.is_ok()) {
      emit failed(r.jobId, q(dsw::status_code_name(report.status().code())), q(report.status().message()));
      return;
    }
    QuantizeOutcome outcome;
    outcome.jobId = r.jobId;
    outcome.report = std::move(report).value();

    if (!r.evalFile.isEmpty()) {
      // The written model against the original, as dsw-cli bench --suite quality measures it.
      dsw::RunnerOptions ro;
      ro.device.n_threads = r.threads;
      ro.n_ctx = 8;  // the suite makes its own sessions
      ro.require_tokenizer = true;
      auto runner = dsw::Runner::open(request.out, ro, job);
      dsw::Status status = runner.status();
      if (runner.is_ok()) {
        std::unique_ptr<dsw::Store> cache;
        if (!r.hashCacheDb.isEmpty())
          if (auto opened = dsw::Store::open(r.hashCacheDb.toStdString()); opened.is_ok()) cache = std::move(opened).value();
        dsw::BenchRequest br;
        br.suite = "quality";
        br.quality.file = r.evalFile.toStdString();
        br.quality.ctx = r.evalCtx;
        br.reference = request.model;
        br.label = QFileInfo(r.out).fileName().toStdString();
        br.hash_cache = cache.get();
        auto rows = (*runner)->bench(br, job);
        status = rows.status();
        if (rows.is_ok() && !rows->empty()) outcome.quality = rows->front();
      }
      if (!status.is_ok()) outcome.qualityError = q(status.message());
    }
    emit finished(outcome);
  } catch (const std::exception& e) {
    emit failed(r.jobId, QStringLiteral("internal"), QString::fromUtf8(e.what()));
  }
}
