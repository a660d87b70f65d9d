// Placeholder until the llama2.c readers land; delete when implemented.
#include <dsw/llama2c.h>

namespace dsw {
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
