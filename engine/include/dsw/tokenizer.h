// Tokenizers behind one interface.
//
// Implementations: Hugging Face tokenizer.json byte-level BPE (exactly as the `tokenizers` package
// encodes), the same BPE built from a GGUF vocabulary (tokenizer.ggml.model "gpt2"), SentencePiece
// tokenizer.model through libsentencepiece, and score-based SentencePiece-BPE from a GGUF "llama"
// vocabulary or a llama2.c tokenizer.bin. A Tokenizer is immutable after loading; encode/decode are
// safe to call from several threads at once.
#pragma once

#include <dsw/status.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace dsw {

class GgufFile;
class JobContext;

struct EncodeOptions {
  // Add BOS (and EOS) as the tokenizer's configuration says (HF add_special_tokens=True).
  bool add_special = true;
  // Recognise special/added-token text inside the input (HF default). False treats it as plain
  // text: llama.cpp's test setting, `dsw-cli tokenize --no-special`.
  bool parse_special = true;
  // Optional: its cancel flag (Ctrl-C, a job's Cancel) is polled while a long input is encoded;
  // encode then returns StatusCode::cancelled.
  const JobContext* job = nullptr;
};

struct DecodeOptions {
  bool skip_special = false;  // drop tokens marked special
};

enum class TokenizerKind { byte_level_bpe, sentencepiece, spm_scores };
std::string_view tokenizer_kind_name(TokenizerKind k) noexcept;

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;

  virtual TokenizerKind kind() const noexcept = 0;
  virtual int32_t vocab_size() const noexcept = 0;

  // Fails (invalid_input) only when a file-supplied regex exceeds its match limits or its
  // look-ahead budget (time that would grow with the square of the input), and (cancelled) when
  // options.job asks to stop. Time grows linearly with the input.
  virtual Result<std::vector<int32_t>> encode(std::string_view text, const EncodeOptions& options = {}) const = 0;
  // Concatenated text; invalid UTF-8 sequences become U+FFFD.
  virtual std::string decode(std::span<const int32_t> ids, const DecodeOptions& options = {}) const = 0;
  // Raw bytes one token contributes when decoded in sequence (may be part of a UTF-8 character).
  // `previous` is the preceding id or -1 (SentencePiece drops the leading space after BOS).
  virtual std::string token_bytes(int32_t id, int32_t previous = -1) const = 0;
  // The vocabulary string of a token (ByteLevel/▁ form), for display and lookups.
  virtual std::string token_text(int32_t id) const = 0;
  virtual std::optional<int32_t> token_id(std::string_view text) const = 0;
  virtual bool is_special(int32_t id) const noexcept = 0;

  std::optional<int32_t> bos_id() const noexcept { return bos_id_; }
  std::optional<int32_t> eos_id() const noexcept { return eos_id_; }
  bool adds_bos() const noexcept { return add_bos_; }
  bool adds_eos() const noexcept { return add_eos_; }
  // Every id that ends generation (eos, GGUF extras like <|EOT|>, and the model's
  // generation_config.json / config.json eos ids once a Runner opened it), each once, in the order
  // added. Adding is O(1), so a file listing 10^5 ids costs no more than reading it.
  const std::vector<int32_t>& stop_ids() const noexcept { return stop_ids_; }
  void add_stop_id(int32_t id);
  bool is_stop_id(int32_t id) const noexcept { return stop_set_.count(id) != 0; }
  const std::string& chat_template() const noexcept { return chat_template_; }
  void set_chat_template(std::string t) { chat_template_ = std::move(t); }

 protected:
  std::optional<int32_t> bos_id_, eos_id_;
  bool add_bos_ = false, add_eos_ = false;
  std::vector<int32_t> stop_ids_;
  std::unordered_set<int32_t> stop_set_;  // the same ids, for de-duplication
  std::string chat_template_;
};

// Streams decoded text token by token, holding back incomplete UTF-8 sequences.
class StreamDecoder {
 public:
  // `previous`: the token before the first one pushed (a prompt's last token), so a SentencePiece
  // piece after BOS drops its leading space exactly as full decoding does.
  explicit StreamDecoder(const Tokenizer& tokenizer, int32_t previous = -1) : tok_(tokenizer), previous_(previous) {}
  // Text that became complete with this token (possibly empty).
  std::string push(int32_t id);
  // Whatever is still buffered (incomplete bytes become U+FFFD).
  std::string flush();

 private:
  const Tokenizer& tok_;
  std::string pending_;
  int32_t previous_;
};

// Loads from a model folder (tokenizer.json, else tokenizer.model; tokenizer_config.json beside it
// adds BOS/EOS settings and the chat template), a tokenizer.json,
// a tokenizer.model, a llama2.c tokenizer.bin, or a .gguf vocabulary.
Result<std::unique_ptr<Tokenizer>> load_tokenizer(const std::filesystem::path& path);
// A model's tokenizer file with its folder's tokenizer_config.json and chat_template.jinja applied,
// as transformers reads a model folder (what Runner::open uses).
Result<std::unique_ptr<Tokenizer>> load_model_tokenizer(const std::filesystem::path& file);
Result<std::unique_ptr<Tokenizer>> tokenizer_from_gguf(const GgufFile& gguf);
// tokenizer.json text (already read); `name` for messages.
Result<std::unique_ptr<Tokenizer>> tokenizer_from_json(std::string_view json, std::string_view name);

// Replaces invalid UTF-8 sequences with U+FFFD (like Rust's from_utf8_lossy).
std::string utf8_lossy(std::string_view bytes);

}  // namespace dsw
