// Chat formatting for the DeepSeek families, rendered exactly as their Jinja templates do.
//
// Rather than interpreting Jinja, each family's template is implemented directly and verified
// against transformers' apply_chat_template output (tests/fixtures/chat). The family is detected
// from the template text a tokenizer carries, with the architecture as a fallback.
#pragma once

#include <dsw/status.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

enum class ChatFamily {
  deepseek_coder,   // "### Instruction:" / "### Response:" with <|EOT|>
  deepseek_llm,     // deepseek-llm / MoE / V2 chat: "User: ...\n\nAssistant:"
  deepseek_v3,      // <｜User｜> / <｜Assistant｜> markers
  deepseek_r1,      // as V3, generation prompt opens <think>\n
  r1_distill,       // R1-Distill-Qwen/Llama: R1 markers on the distilled vocabularies
  chatml,           // Qwen2: <|im_start|>role\n...<|im_end|>
  plain,            // no template: messages joined as "role: content" lines
};
std::string_view chat_family_name(ChatFamily f) noexcept;
std::optional<ChatFamily> chat_family_from_name(std::string_view name) noexcept;

struct ChatMessage {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

// Picks the family from a template's text (empty -> plain).
ChatFamily detect_chat_family(std::string_view jinja_template) noexcept;

struct ChatRenderOptions {
  bool add_generation_prompt = true;
  std::string bos_token;  // text of BOS, emitted by templates that start with {{ bos_token }}
  std::string eos_token;
};

// The prompt text; it already contains BOS where the template emits it, so tokenize it with
// EncodeOptions{.add_special = false} (tokenizer.md §6).
Result<std::string> render_chat(ChatFamily family, const std::vector<ChatMessage>& messages,
                                const ChatRenderOptions& options);

}  // namespace dsw
