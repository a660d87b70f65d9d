// RoPE inverse frequencies for every scaling the family uses, in HF's fp32 arithmetic (inv_freq
// from powf).
#include "compute/rope_freqs.h"

#include <algorithm>
#include <cmath>

namespace dsw {

double yarn_get_mscale(double scale, double mscale) {
  return scale <= 1.0 ? 1.0 : 0.1 * mscale * std::log(scale) + 1.0;
}

RopeFreqs make_rope_freqs(const ModelConfig& c, int64_t rot_dim) {
  RopeFreqs f;
  f.rot_dim = rot_dim;
  const int64_t half = rot_dim / 2;
  const float base = float(c.rope_theta);
  std::vector<float> inv(static_cast<size_t>(half));
  for (int64_t j = 0; j < half; ++j) inv[size_t(j)] = 1.0f / std::pow(base, float(2 * j) / float(rot_dim));
  const auto& s = c.rope_scaling;
  switch (s.type) {
    case RopeScalingType::none:
      break;
    case RopeScalingType::linear:
      for (auto& v : inv) v = v / float(s.factor);
      break;
    case RopeScalingType::llama3: {
      // fp32 throughout, in HF's operation order (_compute_llama3_parameters).
      const float orig = float(s.original_max_position_embeddings), factor = float(s.factor);
      const float lo = float(s.low_freq_factor), hi = float(s.high_freq_factor);
      const float lo_wl = orig / lo, hi_wl = orig / hi;
      for (auto& v : inv) {
        const float wavelen = float(2 * M_PI) / v;
        const float llama = wavelen > lo_wl ? v / factor : v;
        if (wavelen < hi_wl || wavelen > lo_wl) {
          v = llama;
          continue;
        }
        const float smooth = (orig / wavelen - lo) / (hi - lo);
        v = (1 - smooth) * llama / factor + smooth * llama;
      }
      break;
    }
    case RopeScalingType::yarn: {
      const double dim = double(rot_dim), b = c.rope_theta, L0 = double(s.original_max_position_embeddings);
      auto corr_dim = [&](double n) { return dim * std::log(L0 / (n * 2 * M_PI)) / (2 * std::log(b)); };
      double low = std::floor(corr_dim(s.beta_fast)), high = std::ceil(corr_dim(s.beta_slow));
      low = std::max(low, 0.0);
      high = std::min(high, dim - 1);
      if (low == high) high += 0.001;
      for (int64_t j = 0; j < half; ++j) {
        const float pos_freq = std::pow(base, float(2 * j) / float(rot_dim));
        const float extra = 1.0f / pos_freq, inter = 1.0f / (float(s.factor) * pos_freq);
        const float ramp = std::clamp((float(j) - float(low)) / (float(high) - float(low)), 0.0f, 1.0f);
        const float extrapolation = 1.0f - ramp;
        inv[size_t(j)] = inter * (1.0f - extrapolation) + extra * extrapolation;
      }
      if (s.attention_factor) {
        f.attention_factor = float(*s.attention_factor);
      } else if (s.mscale > 0 && s.mscale_all_dim > 0) {  // HF: `if mscale and mscale_all_dim`
        f.attention_factor = float(yarn_get_mscale(s.factor, s.mscale) / yarn_get_mscale(s.factor, s.mscale_all_dim));
      } else {
        f.attention_factor = float(yarn_get_mscale(s.factor, 1.0));
      }
      break;
    }
  }
  // GGUF llama3 files: theta_j = pos * inv_freq_j / factor_j (ggml_rope_ext's freq_factors).
  if (c.rope_freq_factors.size() == size_t(half))
    for (int64_t j = 0; j < half; ++j) inv[size_t(j)] /= c.rope_freq_factors[size_t(j)];
  f.inv_freq = std::move(inv);
  if (c.rope_angles == RopeAngles::ggml && (s.type == RopeScalingType::none || s.type == RopeScalingType::linear)) {
    f.ggml_theta_scale = std::pow(base, -2.0f / float(rot_dim));
    if (s.type == RopeScalingType::linear) f.ggml_freq_scale = 1.0f / float(s.factor);
    if (c.rope_freq_factors.size() == size_t(half)) f.ggml_freq_factors = c.rope_freq_factors;
  }
  return f;
}

void rope_cos_sin(const RopeFreqs& f, int32_t pos, float* cs, float* sn) {
  const int64_t half = f.rot_dim / 2;
  if (f.ggml_theta_scale > 0.0f) {
    float theta = float(pos);
    for (int64_t j = 0; j < half; ++j) {
      const float ff = f.ggml_freq_factors.empty() ? 1.0f : f.ggml_freq_factors[size_t(j)];
      const float angle = f.ggml_freq_scale * (theta / ff);
      cs[j] = std::cos(angle) * f.attention_factor;
      sn[j] = std::sin(angle) * f.attention_factor;
      theta *= f.ggml_theta_scale;
    }
    return;
  }
  for (int64_t j = 0; j < half; ++j) {
    const float angle = float(pos) * f.inv_freq[size_t(j)];
    cs[j] = std::cos(angle) * f.attention_factor;
    sn[j] = std::sin(angle) * f.attention_factor;
  }
}

}  // namespace dsw
