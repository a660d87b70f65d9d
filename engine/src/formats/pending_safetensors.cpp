// Placeholder until the safetensors reader lands; delete when implemented.
#include <dsw/safetensors.h>

namespace dsw {
Result<SafetensorsHeader> parse_safetensors(std::span<const uint8_t>, std::string_view name, const SafetensorsLimits&) {
  return Status(StatusCode::unsupported, std::string(name) + ": safetensors reader not built yet");
}
Status load_safetensors(const std::filesystem::path& p, TensorStore&, const SafetensorsLimits&) {
  return Status(StatusCode::unsupported, p.string() + ": safetensors reader not built yet");
}
Result<SafetensorsIndex> parse_safetensors_index(std::string_view, std::string_view name) {
  return Status(StatusCode::unsupported, std::string(name) + ": not built yet");
}
Status load_sharded_safetensors(const std::filesystem::path& p, TensorStore&, const SafetensorsLimits&) {
  return Status(StatusCode::unsupported, p.string() + ": not built yet");
}
}  // namespace dsw
