// Chat formatting per family, written to render exactly what transformers' apply_chat_template
// renders with each family's real Jinja template (trim_blocks + lstrip_blocks), checked byte for
// byte against tests/fixtures/chat. Messages carry role and content only, so the tool-call
// branches of the DeepSeek templates reduce to their "tool" role handling. Pure functions.
#include <dsw/chat_template.h>

#include <array>
#include <utility>

namespace dsw {
namespace {

constexpr std::string_view kUser = "<\xEF\xBD\x9CUser\xEF\xBD\x9C>";                 // <｜User｜>
constexpr std::string_view kAssistant = "<\xEF\xBD\x9C" "Assistant\xEF\xBD\x9C>";    // <｜Assistant｜>
constexpr std::string_view kEndOfSentence = "<\xEF\xBD\x9C" "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>";
constexpr std::string_view kOutputsBegin = "<\xEF\xBD\x9Ctool\xE2\x96\x81outputs\xE2\x96\x81" "begin\xEF\xBD\x9C>";
constexpr std::string_view kOutputBegin = "<\xEF\xBD\x9Ctool\xE2\x96\x81output\xE2\x96\x81" "begin\xEF\xBD\x9C>";
constexpr std::string_view kOutputEnd = "<\xEF\xBD\x9Ctool\xE2\x96\x81output\xE2\x96\x81" "end\xEF\xBD\x9C>";
constexpr std::string_view kOutputsEnd = "<\xEF\xBD\x9Ctool\xE2\x96\x81outputs\xE2\x96\x81" "end\xEF\xBD\x9C>";

constexpr std::string_view kCoderSystem =
    "You are an AI programming assistant, utilizing the Deepseek Coder model, developed by Deepseek Company, and you "
    "only answer questions related to computer science. For politically sensitive questions, security and privacy "
    "issues, and other non-computer science questions, you will refuse to answer\n";

constexpr std::array<std::pair<ChatFamily, std::string_view>, 7> kNames = {{
    {ChatFamily::deepseek_coder, "deepseek_coder"},
    {ChatFamily::deepseek_llm, "deepseek_llm"},
    {ChatFamily::deepseek_v3, "deepseek_v3"},
    {ChatFamily::deepseek_r1, "deepseek_r1"},
    {ChatFamily::r1_distill, "r1_distill"},
    {ChatFamily::chatml, "chatml"},
    {ChatFamily::plain, "plain"},
}};

// {% set content = content.split('</think>')[-1] %} when '</think>' occurs.
std::string_view after_think(std::string_view content) {
  size_t p = content.rfind("</think>");
  return p == std::string_view::npos ? content : content.substr(p + 8);
}

// DeepSeek V3 / R1 / R1-Distill templates (no tool calls). They differ in how system prompts
// combine (V3/R1: all, joined by a blank line; Distill: the last one), in the separator before a
// second tool output, and in the generation prompt.
std::string render_deepseek(ChatFamily family, const std::vector<ChatMessage>& messages, const ChatRenderOptions& o) {
  const bool distill = family == ChatFamily::r1_distill;
  std::string system;
  bool first_system = true;
  for (const auto& m : messages) {
    if (m.role != "system") continue;
    if (distill || first_system)
      system = distill ? m.content : system + m.content;
    else
      system += "\n\n" + m.content;
    first_system = false;
  }
  std::string out = o.bos_token + system;
  bool is_tool = false, is_output_first = true;
  for (const auto& m : messages) {
    if (m.role == "user") {
      is_tool = false;
      out.append(kUser).append(m.content);
    } else if (m.role == "assistant") {
      if (is_tool) {
        out.append(kOutputsEnd).append(m.content).append(kEndOfSentence);
        is_tool = false;
      } else {
        out.append(kAssistant).append(after_think(m.content)).append(kEndOfSentence);
      }
    } else if (m.role == "tool") {
      is_tool = true;
      if (is_output_first) {
        out.append(kOutputsBegin).append(kOutputBegin).append(m.content).append(kOutputEnd);
        is_output_first = false;
      } else {
        if (distill) out += '\n';
        out.append(kOutputBegin).append(m.content).append(kOutputEnd);
      }
    }
  }
  if (is_tool) out.append(kOutputsEnd);
  if (o.add_generation_prompt && !is_tool) {
    out.append(kAssistant);
    if (family != ChatFamily::deepseek_v3) out += "<think>\n";
  }
  return out;
}

// deepseek-coder-instruct: a default system prompt unless one is given; system text verbatim.
std::string render_coder(const std::vector<ChatMessage>& messages, const ChatRenderOptions& o) {
  bool has_system = false;
  for (const auto& m : messages) has_system = has_system || m.role == "system";
  std::string out = o.bos_token;
  if (!has_system) out += kCoderSystem;
  for (const auto& m : messages) {
    if (m.role == "system")
      out += m.content;
    else if (m.role == "user")
      out += "### Instruction:\n" + m.content + "\n";
    else
      out += "### Response:\n" + m.content + "\n<|EOT|>\n";
  }
  if (o.add_generation_prompt) out += "### Response:\n";
  return out;
}

// deepseek-llm / MoE / V2 chat: "User: ...\n\nAssistant: ...<eos>".
std::string render_llm(const std::vector<ChatMessage>& messages, const ChatRenderOptions& o) {
  std::string out = o.bos_token;
  for (const auto& m : messages) {
    if (m.role == "user")
      out += "User: " + m.content + "\n\n";
    else if (m.role == "assistant")
      out += "Assistant: " + m.content + o.eos_token;
    else if (m.role == "system")
      out += m.content + "\n\n";
  }
  if (o.add_generation_prompt) out += "Assistant:";
  return out;
}

// Qwen2-Instruct ChatML, with its default system prompt when the first message is not one.
std::string render_chatml(const std::vector<ChatMessage>& messages, const ChatRenderOptions& o) {
  std::string out;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (i == 0 && messages[0].role != "system") out += "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n";
    out += "<|im_start|>" + messages[i].role + "\n" + messages[i].content + "<|im_end|>\n";
  }
  if (o.add_generation_prompt) out += "<|im_start|>assistant\n";
  return out;
}

std::string render_plain(const std::vector<ChatMessage>& messages, const ChatRenderOptions& o) {
  std::string out = o.bos_token;
  for (const auto& m : messages) out += m.role + ": " + m.content + "\n";
  if (o.add_generation_prompt) out += "assistant: ";
  return out;
}

bool contains(std::string_view s, std::string_view what) { return s.find(what) != std::string_view::npos; }

}  // namespace

std::string_view chat_family_name(ChatFamily f) noexcept {
  for (auto& [family, name] : kNames)
    if (family == f) return name;
  return "plain";
}

std::optional<ChatFamily> chat_family_from_name(std::string_view name) noexcept {
  for (auto& [family, n] : kNames)
    if (n == name) return family;
  return std::nullopt;
}

ChatFamily detect_chat_family(std::string_view t) noexcept {
  if (t.empty()) return ChatFamily::plain;
  if (contains(t, "<|im_start|>")) return ChatFamily::chatml;
  if (contains(t, "### Instruction:")) return ChatFamily::deepseek_coder;
  if (contains(t, kUser)) {
    std::string opens_think = std::string(kAssistant) + "<think>";
    if (!contains(t, opens_think)) return ChatFamily::deepseek_v3;
    // The distilled models' template keeps only the last system message (no is_first_sp).
    return contains(t, "is_first_sp") ? ChatFamily::deepseek_r1 : ChatFamily::r1_distill;
  }
  if (contains(t, "'User: '") && contains(t, "'Assistant:'")) return ChatFamily::deepseek_llm;
  return ChatFamily::plain;
}

Result<std::string> render_chat(ChatFamily family, const std::vector<ChatMessage>& messages, const ChatRenderOptions& options) {
  switch (family) {
    case ChatFamily::deepseek_coder: return render_coder(messages, options);
    case ChatFamily::deepseek_llm: return render_llm(messages, options);
    case ChatFamily::deepseek_v3:
    case ChatFamily::deepseek_r1:
    case ChatFamily::r1_distill: return render_deepseek(family, messages, options);
    case ChatFamily::chatml: return render_chatml(messages, options);
    case ChatFamily::plain: return render_plain(messages, options);
  }
  return Status(StatusCode::invalid_input, "render_chat: unknown chat family");
}

}  // namespace dsw
