// TrainModel: a model's weights arranged for training, and one micro-batch's forward + backward.
//
// Reads top to bottom like llm.c's trainer: parameters (frozen stored views, trainable f32
// tensors in a ParamSet) -> forward (embedding, layers saving the activations of blocks.h, final
// norm, chunked head + cross-entropy over the shifted targets) -> backward (the same in reverse,
// gradients += into the ParamSet). The optimizer lives outside (adamw.h).
#pragma once

#include "compute/compute_backend.h"
#include "train/blocks.h"
#include "train/params.h"
#include "train/qat.h"

#include <dsw/model_files.h>
#include <dsw/thread_pool.h>
#include <dsw/train.h>

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace dsw::train {

struct ModelSetup {
  TrainMode mode = TrainMode::lora;
  LoraConfig lora;
  bool checkpointing = false;
  double aux_alpha = 0.0;
  bool seq_aux = true;
  uint64_t seed = 42;
  // Attach this adapter's A/B (its ranks and scales) instead of planning new ones (mode lora).
  const LoadedAdapter* adapter = nullptr;
  QatConfig qat;  // bits 0: off
  double router_lr_scale = 1.0;  // lr_scale of the routers' trainable tensors
  bool moe_only = false;         // full: only MoE routers and experts train
};

struct MicroResult {
  double loss_sum = 0;   // Σ cross-entropy over the micro-batch's targets
  int64_t targets = 0;
  double aux_loss = 0;   // Σ over MoE layers
};

class TrainModel {
 public:
  TrainModel(const ModelFiles& files, const ModelSetup& setup, int n_threads);

  // tokens [B·S]; targets [B·S]: the label each position predicts (the next token) or -1.
  // Gradients of (c · Σ loss + aux) are added to the trainable parameters.
  MicroResult forward_backward(const int32_t* tokens, const int32_t* targets, int64_t B, int64_t S, double c);
  // Loss only (no dropout, nothing kept).
  MicroResult evaluate(const int32_t* tokens, const int32_t* targets, int64_t B, int64_t S);
  // Logits [B·S, V] of every position (tests: the training forward against inference).
  std::vector<float> logits(const int32_t* tokens, int64_t B, int64_t S);

  ParamSet& params() noexcept { return params_; }
  const ModelConfig& config() const noexcept { return config_; }
  const AdapterAudit& audit() const noexcept { return audit_; }
  std::mt19937_64& rng() noexcept { return rng_; }
  ThreadPool& pool() noexcept { return pool_; }
  // After an optimizer step: values that live inside Linears (trainable biases, QAT's Ŵ) follow their Params.
  void after_update();
  // QAT: the straight-through mask on the weight gradients of the step (no-op without QAT).
  void mask_qat_gradients();
  const QatState* qat() const noexcept { return qat_.get(); }
  // Per MoE layer (in layer order), assignments per expert in the last forward.
  const std::vector<std::vector<int64_t>>& expert_counts() const noexcept { return expert_counts_; }
  // V3: b_i += rate·sign(mean − load_i) over the loads accumulated since the last call.
  void update_score_bias(double rate);
  // σ of the N(0, σ²) noise added to router logits in the following training forwards (0: none).
  void set_router_noise(double sigma) noexcept { router_noise_ = sigma; }
  std::vector<TrainLayer>& layers() noexcept { return layers_; }

 private:
  void build(const ModelFiles& files);
  TrainLinear make_linear(const ModelFiles& f, const std::string& module, int64_t layer, LinearRole role, int64_t expert = -1,
                          bool bias = true);
  OpContext op(bool train);
  Param* make_vector(const ModelFiles& f, const std::string& name, int64_t layer);
  void forward_layers(std::vector<LayerActs>& acts, const BlockParams& bp, Vec& x, bool keep);
  void embed(const int32_t* tokens, int64_t T, float* x) const;

  ModelConfig config_;
  ModelSetup setup_;
  std::unique_ptr<ComputeBackend> backend_;  // the CPU ComputeBackend: Linears run through the seam
  ThreadPool& pool_;
  std::mt19937_64 rng_;
  ParamSet params_;
  AdapterAudit audit_;
  std::vector<TrainLayer> layers_;
  Linear embedding_;
  Param* embedding_param_ = nullptr;
  Param* final_norm_ = nullptr;
  TrainLinear head_;
  std::vector<std::vector<int64_t>> expert_counts_, load_since_update_;
  std::vector<TrainLinear*> with_bias_;  // trainable biases to sync after updates
  std::unique_ptr<QatState> qat_;
  double router_noise_ = 0.0;
};

}  // namespace dsw::train
