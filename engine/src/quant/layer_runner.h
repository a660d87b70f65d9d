// LayerRunner: one decoder layer at a time over every calibration sequence — the sequential
// driver of quantization.md §2.1 (capture the inputs of layer 0, then per layer: observe it,
// quantise it, re-run the quantised layer to make the next layer's inputs).
//
// Hidden states of all sequences are kept ([tokens, hidden] f32), so the cost is two layer
// passes per layer (float for the Hessians, quantised for the next inputs) instead of a full
// forward per layer. Owns a CPU backend whose thread pool the quantisers share. Single thread.
#pragma once

#include "compute/compute_backend.h"
#include "compute/linear.h"
#include "runtime/model_impl.h"

#include <dsw/observer.h>
#include <dsw/thread_pool.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace dsw::quant {

class LayerRunner {
 public:
  LayerRunner(const ModelImpl& model, std::vector<std::vector<int32_t>> samples, int n_threads);

  int64_t tokens() const noexcept { return total_; }
  int64_t hidden() const noexcept { return hidden_; }
  // The current hidden states (the inputs of the next layer to run), [tokens, hidden].
  std::vector<float>& states() noexcept { return x_; }
  ThreadPool& pool();

  // Runs decoder layer `layer` of `model` on every sequence of `x` ([tokens, hidden], in place),
  // with the tap and observer installed. Polls `cancelled` between sequences.
  void run_layer(const ModelImpl& model, int64_t layer, std::vector<float>& x, LinearTap* tap, Observer* observer,
                 const std::function<bool()>& cancelled);

 private:
  std::vector<std::vector<int32_t>> samples_;
  std::vector<int64_t> offsets_;  // first row of each sequence
  int64_t total_ = 0, hidden_ = 0;
  std::unique_ptr<ComputeBackend> backend_;
  std::vector<float> x_;
};

}  // namespace dsw::quant
