// LayerRunner: embed once, then run single decoder layers over the stored hidden states.
#include "quant/layer_runner.h"

#include "compute/step_context.h"
#include "core/error.h"
#include "cpu/cpu_compute.h"

#include <algorithm>
#include <numeric>

namespace dsw::quant {

LayerRunner::LayerRunner(const ModelImpl& model, std::vector<std::vector<int32_t>> samples, int n_threads)
    : samples_(std::move(samples)), hidden_(model.config().hidden_size), backend_(cpu::make_cpu_compute(n_threads)) {
  int64_t longest = 1;
  for (const auto& s : samples_) {
    offsets_.push_back(total_);
    total_ += int64_t(s.size());
    longest = std::max<int64_t>(longest, int64_t(s.size()));
  }
  backend_->create_kv_cache(model.decoder().kv_shape(1, longest));
  x_.resize(size_t(total_ * hidden_));
  for (size_t i = 0; i < samples_.size(); ++i)
    backend_->embed(model.embedding(), samples_[i].data(), int64_t(samples_[i].size()), x_.data() + offsets_[i] * hidden_);
}

ThreadPool& LayerRunner::pool() { return cpu::cpu_compute_pool(*backend_); }

void LayerRunner::run_layer(const ModelImpl& model, int64_t layer, std::vector<float>& x, LinearTap* tap, Observer* observer,
                            const std::function<bool()>& cancelled) {
  const Decoder& decoder = model.decoder();
  for (size_t i = 0; i < samples_.size(); ++i) {
    if (cancelled && cancelled()) fail_cancelled("quantization cancelled");
    const int64_t T = int64_t(samples_[i].size());
    std::vector<int32_t> positions(static_cast<size_t>(T)), seq_ids(static_cast<size_t>(T), 0);
    std::iota(positions.begin(), positions.end(), 0);
    std::vector<SeqRun> runs = {SeqRun{0, 0, T, 0}};
    backend_->set_kv_length(0, 0);
    StepContext ctx{*backend_, runs, positions.data(), seq_ids.data(), T, observer, tap, nullptr};
    float* rows = x.data() + offsets_[i] * hidden_;
    // The layer works in backend memory (the CPU's is host memory: the rows themselves).
    decoder.run_layer(layer, rows, ctx);
  }
}

}  // namespace dsw::quant
