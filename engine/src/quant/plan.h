// The quantisation plan: for every Linear of a model, what it becomes (a Codec, a fallback dtype
// or kept as it is), which tensor holds it, and which Linears share an input (one Hessian).
//
// Defaults (quantization.md §1.3, "ours"): routers never, norms and biases never, the embedding
// only on request, the output head at 8 bits (Q6_K in the mix); a tied embedding is the head.
#pragma once

#include "compute/linear.h"
#include "quant/codec.h"

#include <dsw/model_config.h>
#include <dsw/quantize.h>

#include <optional>
#include <string>
#include <vector>

namespace dsw::quant {

struct LinearPlan {
  const Linear* linear = nullptr;  // in the source model
  std::string tensor;              // the weight tensor's name in ModelFiles
  int64_t layer = -1;
  std::optional<Codec> codec;      // set: quantised with it
  std::optional<DType> convert_to; // set (no codec): stored in this plain dtype (fallback)
  std::string scheme, note;        // report text
  std::string input_key;           // Linears with equal keys read the same input rows
};

// Decides every Linear (decoder layers in order, then the head), `embedding` is the model's
// token embedding Linear (quantised or kept by the embedding/head rules).
std::vector<LinearPlan> make_plan(const ModelConfig& config, const std::vector<const Linear*>& linears, const Linear& embedding,
                                  bool tied, const QuantizeOptions& options);

// "q4_0 g32", "int4 asym per-channel", "q4_k_m": the job's scheme for the report.
std::string scheme_name(const QuantizeOptions& options);
// Bytes a Linear of `rows` takes in the codec's file layout (GPTQ layout for zero-point codes).
uint64_t packed_bytes(const Codec& codec, int64_t rows);

// "model.layers.12.mlp.gate_proj" -> 12; -1 without a layer.
int64_t layer_of_name(const std::string& name);

}  // namespace dsw::quant
