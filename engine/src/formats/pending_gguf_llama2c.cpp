// Placeholder until the GGUF and llama2.c readers land; delete when implemented.
#include <dsw/gguf.h>
#include <dsw/llama2c.h>

namespace dsw {
Result<GgufFile> GgufFile::open(const std::filesystem::path& p, const GgufLimits&) {
  return Status(StatusCode::unsupported, p.string() + ": GGUF reader not built yet");
}
Result<GgufFile> GgufFile::parse(std::span<const uint8_t>, std::string_view name, const GgufLimits&) {
  return Status(StatusCode::unsupported, std::string(name) + ": GGUF reader not built yet");
}
const GgufValue* GgufFile::find(std::string_view) const { return nullptr; }
std::optional<int64_t> GgufFile::get_int(std::string_view) const { return std::nullopt; }
std::optional<double> GgufFile::get_float(std::string_view) const { return std::nullopt; }
std::optional<std::string_view> GgufFile::get_string(std::string_view) const { return std::nullopt; }
std::optional<bool> GgufFile::get_bool(std::string_view) const { return std::nullopt; }
const GgufTensorInfo* GgufFile::find_tensor(std::string_view) const { return nullptr; }
Tensor GgufFile::tensor_view(const GgufTensorInfo&) const { return {}; }
std::string GgufValue::to_display_string(size_t) const { return {}; }
std::optional<DType> dtype_from_ggml_type(uint32_t) noexcept { return std::nullopt; }
uint32_t ggml_type_from_dtype(DType) noexcept { return 0; }
std::pair<uint32_t, uint32_t> ggml_type_block(uint32_t) noexcept { return {0, 0}; }
std::string_view ggml_type_name(uint32_t) noexcept { return "?"; }
Result<Llama2cCheckpoint> parse_llama2c(std::span<const uint8_t>, std::string_view name, std::shared_ptr<const void>) {
  return Status(StatusCode::unsupported, std::string(name) + ": llama2.c reader not built yet");
}
Result<Llama2cCheckpoint> open_llama2c(const std::filesystem::path& p) {
  return Status(StatusCode::unsupported, p.string() + ": llama2.c reader not built yet");
}
Result<Llama2cVocab> parse_llama2c_tokenizer(std::span<const uint8_t>, int32_t, std::string_view name) {
  return Status(StatusCode::unsupported, std::string(name) + ": not built yet");
}
}  // namespace dsw
