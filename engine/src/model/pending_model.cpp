// Placeholder until config parsing and model opening land; delete when implemented.
#include <dsw/model_config.h>
#include <dsw/model_files.h>

namespace dsw {
Result<ModelConfig> parse_model_config(std::string_view, std::string_view name) {
  return Status(StatusCode::unsupported, std::string(name) + ": not built yet");
}
Result<ModelConfig> load_model_config(const std::filesystem::path& p) {
  return Status(StatusCode::unsupported, p.string() + ": not built yet");
}
ParameterCount count_parameters(const ModelConfig&) { return {}; }
Result<ModelFiles> open_model(const std::filesystem::path& p, const OpenModelOptions&) {
  return Status(StatusCode::unsupported, p.string() + ": not built yet");
}
Status validate_model_tensors(const ModelFiles&) { return Status(StatusCode::unsupported, "not built yet"); }
bool ModelConfig::is_moe_layer(int64_t) const noexcept { return false; }
uint64_t ModelFiles::weight_bytes() const noexcept { return 0; }
std::string_view architecture_name(Architecture) noexcept { return "?"; }
std::string_view model_format_name(ModelFormat) noexcept { return "?"; }
}  // namespace dsw
