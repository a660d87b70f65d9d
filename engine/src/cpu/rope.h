// Rotary position embeddings: inverse frequencies for every scaling the family uses, and the
// rotation in both pairings (architectures.md §0.5, §0.6, §4.3).
#pragma once

#include <dsw/model_config.h>

#include <cstdint>
#include <vector>

namespace dsw::cpu {

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

// Rotates, for each of n_heads heads at x + h * head_stride + offset, the rot_dim dims at
// position `pos`. interleaved: pairs (2j, 2j+1); otherwise half layout pairs (j, j + rot_dim/2).
void apply_rope(float* x, int64_t n_heads, int64_t head_stride, int64_t offset, int32_t pos, const RopeFreqs& f,
                bool interleaved);

}  // namespace dsw::cpu
