// The one set of range and consistency checks every ModelConfig passes, whatever format it was
// read from (config.json, GGUF metadata, a llama2.c header), so a value config.json may not hold
// cannot reach the engine through another format: a zero context length, a NaN epsilon, a zero rope
// base, a KV head count that does not divide the heads.
//
// The limits are far above any released model and low enough that every tensor size built from
// them fits in 64 bits. Readers that check a field as they parse it (config.json does, for
// messages that point at the exact JSON field) take their bounds from ConfigLimits too.
#pragma once

#include <dsw/model_config.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace dsw {

struct ConfigLimits {
  static constexpr int64_t hidden = 1 << 17;  // 131072
  static constexpr int64_t intermediate = 1 << 20;
  static constexpr int64_t layers = 1024;
  static constexpr int64_t heads = 4096;
  static constexpr int64_t head_dim = 4096;
  static constexpr int64_t vocab = 1 << 23;      // 8.4M
  static constexpr int64_t positions = 1 << 24;  // 16.7M
  static constexpr int64_t experts = 4096;
  static constexpr int64_t shared_experts = 64;
  static constexpr int64_t mtp_layers = 64;
  static constexpr int64_t fp8_block = 4096;
  static constexpr double min_rms_eps = 1e-12, max_rms_eps = 1.0;
  static constexpr double min_rope_theta = 1e-3, max_rope_theta = 1e12;
  static constexpr double min_rope_factor = 1e-6, max_rope_factor = 1e6;
};

// Where a config came from: the file named first in every message, and how that file spells a
// ModelConfig field (config.json: "field 'rms_norm_eps'"; GGUF: "metadata key
// 'llama.attention.layer_norm_rms_epsilon'"; llama2.c: "header field 'seq_len'").
struct ConfigSource {
  std::string file;
  std::function<std::string(std::string_view field)> name_of;
};

// Throws dsw::Error(invalid_input) "<file>: <name of the field> is <value>, outside the accepted
// range [min, max]" (or the rule broken) for the first problem found.
void check_model_config(const ModelConfig& config, const ConfigSource& source);

// The source for config.json fields.
ConfigSource config_json_source(std::string file);

}  // namespace dsw
