// Placeholder until the tokenizers land; delete when implemented.
#include <dsw/chat_template.h>
#include <dsw/tokenizer.h>

namespace dsw {
Result<std::unique_ptr<Tokenizer>> load_tokenizer(const std::filesystem::path& p) {
  return Status(StatusCode::unsupported, p.string() + ": tokenizers not built yet");
}
Result<std::unique_ptr<Tokenizer>> tokenizer_from_gguf(const GgufFile&) {
  return Status(StatusCode::unsupported, "tokenizers not built yet");
}
Result<std::unique_ptr<Tokenizer>> tokenizer_from_json(std::string_view, std::string_view name) {
  return Status(StatusCode::unsupported, std::string(name) + ": tokenizers not built yet");
}
}  // namespace dsw
