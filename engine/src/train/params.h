// Parameters of a training run: one named f32 tensor each, with its gradient when it trains.
//
// Trainable tensors (LoRA A/B, or every weight in full fine-tuning) and the frozen vectors the
// forward needs (norm weights) live here; frozen matrices stay as stored views of the checkpoint.
// Gradients accumulate (+=) over the micro-batches of one optimizer step, llm.c's convention for
// parameter gradients; activations' gradients are overwritten. `touched` marks a tensor that
// received a gradient in this step: an expert no token reached gets none, and AdamW skips it as
// torch does for a parameter whose .grad is None (training.md §8.3, §11).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace dsw::train {

struct Param {
  std::string name;            // PEFT / HF key, e.g. "model.layers.0.self_attn.q_proj.lora_A.weight"
  std::vector<int64_t> shape;  // PyTorch order
  std::vector<float> data;     // never reallocated after creation: Linears and adapters view it
  std::vector<float> grad;     // empty when frozen
  bool trainable = false;
  bool decay = true;           // AdamW weight decay applies (not to norms, biases, embeddings)
  bool touched = false;        // got a gradient in the current step
  float lr_scale = 1.0f;       // this tensor's learning rate = the step's lr × lr_scale (routers: TrainConfig::router_lr_scale)
  int64_t layer = -1;          // decoder layer, -1 for embedding / final norm / head

  int64_t numel() const noexcept { return int64_t(data.size()); }
  float* g() noexcept { return grad.data(); }
};

// Owns every Param; addresses stay valid as more are added (deque).
class ParamSet {
 public:
  Param& add(std::string name, std::vector<int64_t> shape, std::vector<float> data, bool trainable, bool decay, int64_t layer) {
    Param& p = params_.emplace_back();
    p.name = std::move(name);
    p.shape = std::move(shape);
    p.data = std::move(data);
    p.trainable = trainable;
    p.decay = decay;
    p.layer = layer;
    if (trainable) p.grad.assign(p.data.size(), 0.0f);
    return p;
  }
  std::deque<Param>& all() noexcept { return params_; }
  const std::deque<Param>& all() const noexcept { return params_; }
  void zero_grad() {
    for (auto& p : params_)
      if (p.trainable) {
        std::fill(p.grad.begin(), p.grad.end(), 0.0f);
        p.touched = false;
      }
  }
  int64_t trainable_count() const {
    int64_t n = 0;
    for (auto& p : params_)
      if (p.trainable) n += p.numel();
    return n;
  }

 private:
  std::deque<Param> params_;
};

}  // namespace dsw::train
