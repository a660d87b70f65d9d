// Quantisation-aware training (training.md §13): every Linear the INT4/INT8 export would quantise
// runs its forward on fake-quantised weights Ŵ = dequant(quant(W)) and its backward with the
// straight-through estimator: dx = dy·Ŵ, dW = (dyᵀ·x) ⊙ 1[code of w inside the code range].
//
// The fake quantiser is the export's own: the quantisation plan and Codec of `dsw-cli quantize
// --method rtn` with the same bits and group (Q4_0 / Q8_0 blocks, the head at Q8_0, routers and
// norms kept), so the RTN export of a QAT-trained model stores exactly the Ŵ it was trained with.
// (torchao's IntxFakeQuantizer fits s = amax/7.5 and rounds half to even; training.md §13 says to
// emulate the target format's exact quantiser instead, which is what this does.)
//
// Full fine-tuning: W is the f32 master, Ŵ and the mask are recomputed after every optimizer step.
// LoRA (torchtune's QATLoRALinear form): the frozen base is fake-quantised once, the adapter path
// stays in full precision; ship the adapter unmerged over the quantised base.
#pragma once

#include "quant/codec.h"
#include "train/ops/linear.h"

#include <dsw/model_config.h>
#include <dsw/train.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace dsw::train {

// Ŵ = dequant(quant(W)) of W [rows, codec.row_length()] and the STE mask (1: the gradient passes).
void fake_quantize(const quant::Codec& codec, const float* w, int64_t rows, float* wq, uint8_t* mask);

class QatState {
 public:
  // Plans which of `linears` are fake-quantised (head: the Linear with role output; `embedding` is
  // the token embedding, kept unless tied) and points them at their Ŵ. With a tied embedding,
  // `tied_head` is the head TrainLinear over the embedding's parameter: the export stores one
  // quantised table, so the lookup (`embedding`) and the head both read its Ŵ.
  QatState(const QatConfig& config, const ModelConfig& model, const std::vector<TrainLinear*>& linears, Linear& embedding,
           TrainLinear* tied_head = nullptr);

  // Recomputes Ŵ and the masks from the current weights (after each optimizer step).
  void refresh();
  // dW ⊙= mask for every fake-quantised trainable weight (before the gradient norm and clipping).
  void mask_gradients();
  int64_t linears() const noexcept { return int64_t(entries_.size()); }

 private:
  struct Entry {
    TrainLinear* l = nullptr;
    std::optional<quant::Codec> codec;  // unset: stored as `fallback` (plain rounding, mask all ones)
    DType fallback = DType::f32;
    std::vector<float> source;          // frozen base (LoRA): its f32 values; full FT reads l->full
    std::vector<float> wq;
    std::vector<uint8_t> mask;
  };
  std::vector<Entry> entries_;
};

}  // namespace dsw::train
