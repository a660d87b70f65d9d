// Checkpoint conversions that make a new version of a model: dense -> MoE upcycling, and a change of
// stored dtype. Both read a Hugging Face safetensors model and write a new model folder (config.json,
// model.safetensors, the tokenizer files, README.md saying where it came from) that dsw and
// transformers load. The output folder is built beside its destination and renamed into place, so
// a failure or a cancel leaves nothing half-written.
//
// Upcycling (docs/versions.md; sparse upcycling, Komatsuzaki et al. 2022, with DeepSeekMoE's
// fine-grained segments and shared experts). The dense MLP's intermediate dimension I is cut into
// `segments` equal parts of width w = I / segments (gate/up rows, down columns): f(x) = Σ_s f_s(x)
// exactly. The first `shared_experts` parts become the shared experts (always on, weight 1; DeepSeek's
// shared width n_shared_experts · moe_intermediate_size); the other R = segments − shared_experts
// parts are copied into the routed experts (width w), so that at step 0 the MoE layer computes f(x):
//  - R == 1: every routed expert is a copy of the one routed part, the top-k weights are normalised
//    (norm_topk_prob, routed_scaling_factor 1) and sum to one, so any router gives f(x); the router
//    rows start random (N(0, router_std²), seeded), which breaks the experts' symmetry in training.
//  - R > 1: the experts form `experts / R` groups, each a full copy of the R parts; the router rows
//    of one group start equal, so a token's R experts of a group score alike; the V3 router keeps
//    top_k / R whole groups (topk_group) and routed_scaling_factor R turns the normalised weights
//    back into one per part. Needs the sigmoid router, experts and top_k multiples of R.
// The result is model_type "deepseek" (DeepSeek-MoE: the dense model's attention, unchanged) with
// the V3 sigmoid/noaux_tc router (default) or DeepSeek-MoE 16B's softmax/greedy router (R == 1,
// top_k >= 2). The first `dense_layers` layers keep their dense MLP (first_k_dense_replace).
// transformers has no native "deepseek" class; its Glm4Moe class computes the same function for
// the sigmoid router (tests/scripts/check_upcycle_transformers.py loads the folder with it).
#pragma once

#include <dsw/dtype.h>
#include <dsw/job.h>
#include <dsw/status.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace dsw {

enum class UpcycleRouter { sigmoid, softmax };

struct UpcycleOptions {
  int64_t experts = 8;         // routed experts per MoE layer
  int64_t top_k = 2;           // routed experts per token
  int64_t segments = 1;        // equal parts of the dense MLP (fine-grained experts)
  int64_t shared_experts = 0;  // parts that become always-on shared experts
  int64_t dense_layers = 0;    // first layers that stay dense (first_k_dense_replace)
  UpcycleRouter router = UpcycleRouter::sigmoid;
  double router_std = 0.02;    // initial router weights ~ N(0, router_std²)
  // Drop-Upcycling (Nakamura et al. 2025): the share of each routed expert's intermediate units
  // re-drawn at random (gate/up rows and down columns from N(mean, std²) of the parent's matrix,
  // a different subset per expert), so that the experts differ from step 0 and specialise sooner.
  // 0 keeps exact copies (the dense function at step 0); above 0 that equality is given up.
  double reinit = 0.0;
  uint64_t seed = 1;
  std::optional<DType> dtype;  // stored dtype of the result (default: the source's; f32, bf16, f16)
};

// The MoE shape a dense config becomes (error messages name the option that does not fit).
Status check_upcycle_options(int64_t intermediate_size, int64_t num_hidden_layers, const UpcycleOptions& options);

// Writes the upcycled MoE version of the dense llama/qwen2 model at `dense` into `out_dir` (which
// must not exist or be empty).
Status upcycle_to_moe(const std::filesystem::path& dense, const UpcycleOptions& options, const std::filesystem::path& out_dir,
                      const JobContext& job = no_job());

// Writes `model` with every floating-point weight stored as `dtype` (f32, bf16 or f16; V3's
// e_score_correction_bias stays f32), config torch_dtype updated.
Status convert_dtype(const std::filesystem::path& model, DType dtype, const std::filesystem::path& out_dir,
                     const JobContext& job = no_job());

}  // namespace dsw
