// Rotary position embeddings: inverse frequencies for every scaling the family uses
// (architectures.md §0.5, §0.6, §4.3). The rotation itself is a backend op.
#pragma once

#include <dsw/model_config.h>

#include <cstdint>
#include <vector>

namespace dsw {

struct RopeFreqs {
  std::vector<float> inv_freq;     // rot_dim / 2 entries, fp32 as HF computes them
  float attention_factor = 1.0f;   // cos/sin amplitude (YaRN); 1 otherwise
  int64_t rot_dim = 0;
  // GGUF files: the angles as ggml_rope computes them, the file's reference implementation —
  // θ_0 = pos and θ_{j+1} = θ_j·theta_scale, rounded to fp32 at every step (theta_scale =
  // powf(base, −2/rot_dim)), then freq_scale·(θ_j / freq_factor_j). pos·inv_freq_j rounds once,
  // from a differently rounded frequency: the angles differ by up to a few ulps, i.e. ~1e-5 rad at
  // position 250, more than the rest of the attention's rounding. 0 = HF's pos·inv_freq.
  float ggml_theta_scale = 0.0f;
  float ggml_freq_scale = 1.0f;           // linear scaling: 1 / factor
  std::vector<float> ggml_freq_factors;   // rope_freqs.weight divisors; empty: none
};

// cos and sin (times attention_factor) of the rot_dim / 2 angles at `pos`, in the arithmetic the
// frequencies were made for (HF's, or ggml's for GGUF files).
void rope_cos_sin(const RopeFreqs& f, int32_t pos, float* cs, float* sn);

// Frequencies for a rotary part of `rot_dim` dims under the config's rope_theta and rope_scaling,
// divided by config.rope_freq_factors when it has rot_dim / 2 entries (GGUF llama3 files). With
// config.rope_angles == RopeAngles::ggml (GGUF files) and no YaRN, the ggml_* fields are set too.
RopeFreqs make_rope_freqs(const ModelConfig& config, int64_t rot_dim);

// YaRN's get_mscale(scale, m): 1 for scale <= 1, else 0.1·m·ln(scale) + 1.
double yarn_get_mscale(double scale, double mscale);

}  // namespace dsw
