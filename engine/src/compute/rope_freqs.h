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
};

// Frequencies for a rotary part of `rot_dim` dims under the config's rope_theta and rope_scaling,
// divided by config.rope_freq_factors when it has rot_dim / 2 entries (GGUF llama3 files).
RopeFreqs make_rope_freqs(const ModelConfig& config, int64_t rot_dim);

// YaRN's get_mscale(scale, m): 1 for scale <= 1, else 0.1·m·ln(scale) + 1.
double yarn_get_mscale(double scale, double mscale);

}  // namespace dsw
