// Files named by users, opened the one safe way: the file type is checked without blocking before
// anything is read, and whole-file reads are capped by one table of size limits.
//
// A FIFO, a character device or a socket given as a model or tokenizer path would block open()
// forever (a FIFO waits for a writer) or never reach end of file (/dev/zero), so every path is
// opened with O_NONBLOCK and refused unless fstat says it is a regular file; the message says what
// the path is instead. The limits below are the only place a whole-file read is sized.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace dsw {

// Every kind of file the engine reads whole, with its size limit (far above any real file of
// that kind, low enough that reading one cannot exhaust memory).
enum class InputKind {
  model_config,         // config.json (a few KB)
  generation_config,    // generation_config.json
  tokenizer_json,       // tokenizer.json (DeepSeek-V3's is 7.8 MB)
  tokenizer_config,     // tokenizer_config.json (may list 10^5 added tokens)
  chat_template,        // chat_template.jinja
  sentencepiece_model,  // tokenizer.model
  llama2c_tokenizer,    // tokenizer.bin
  safetensors_index,    // model.safetensors.index.json (DeepSeek-V3's is about 9 MB)
  text,                 // evaluation and prompt text
  bench_rows,           // benchmark rows saved as JSON
  calibration_text,     // quantization calibration text or JSON lines
  training_data,        // fine-tuning data (text or JSON lines)
  train_state,          // a checkpoint's state.json, an exported run's trainer_state.json
  run_config,           // a fine-tuning config or an exported run's job.json
  adapter_config,       // a PEFT adapter_config.json
};

struct InputKindInfo {
  std::string_view name;  // for messages: "a config.json"
  uint64_t max_bytes;
};
const InputKindInfo& input_kind_info(InputKind kind) noexcept;

// "a FIFO (named pipe)", "a character device", "a socket", "a folder", ... for a st_mode.
std::string_view file_type_name(unsigned mode) noexcept;

// A file opened read-only, checked to be a regular file; closes itself.
class InputFile {
 public:
  // Throws dsw::Error(io) naming the path: missing, unreadable, or not a regular file (saying
  // what it is). Never blocks on a FIFO or a device.
  explicit InputFile(const std::filesystem::path& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  int fd() const noexcept { return fd_; }
  uint64_t size() const noexcept { return size_; }
  const std::filesystem::path& path() const noexcept { return path_; }
  // Reads all of it (throws when it is larger than `max_bytes`, naming the limit's `what`).
  std::string read_all(uint64_t max_bytes, std::string_view what);

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

// Reads a whole file of `kind`, refusing non-regular files and files over the kind's limit.
std::string read_input_file(const std::filesystem::path& path, InputKind kind);

// True when `path` is a regular file, false when nothing is there; throws dsw::Error(io) naming
// the path when something else is (a FIFO named config.json must not pass for "no config.json").
// Follows symlinks; never opens the file.
bool regular_file_exists(const std::filesystem::path& path);

}  // namespace dsw
