// GGUF export of a dense llama or qwen2 model, for llama.cpp and for this engine.
//
// Writes what llama.cpp's converter (convert_hf_to_gguf.py) writes for the `llama` and `qwen2`
// architectures: hyper-parameters under <arch>.*, tensors under GGUF names with reversed dims,
// llama q/k rows permuted for llama.cpp's interleaved rope when the source uses the HF half
// layout, llama3 rope scaling baked into a rope_freqs.weight tensor, and the tokenizer as
// tokenizer.ggml.* keys (docs/gguf-export.md, formats.md §2.6, §2.8). 1-D tensors (norms, biases)
// stay F32; 2-D weights get the requested type. Q8_0 needs rows that are a whole number of
// 32-element blocks; other rows fall back to F16 and are listed in the report.
//
// The file is written through a temporary file and renamed at the end: an error or a cancel
// leaves nothing behind. Progress phase "export" in bytes of tensor data.
#pragma once

#include <dsw/job.h>
#include <dsw/model_files.h>
#include <dsw/status.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

enum class GgufExportType { f32, f16, bf16, q8_0 };
std::string_view gguf_export_type_name(GgufExportType t) noexcept;  // "f32", "f16", "bf16", "q8_0"
std::optional<GgufExportType> gguf_export_type_from_name(std::string_view name) noexcept;
// llama.cpp's general.file_type: 0 ALL_F32, 1 MOSTLY_F16, 7 MOSTLY_Q8_0, 32 MOSTLY_BF16.
uint32_t gguf_file_type(GgufExportType t) noexcept;

struct GgufExportOptions {
  GgufExportType type = GgufExportType::f16;
  std::string name;               // general.name; empty: the model's folder or file stem
  bool include_tokenizer = true;  // false (or no tokenizer found): tokenizer.ggml.model "no_vocab"
  // Write every tensor in its stored dtype (a quantised model's mix of Q8_0 / Q4_0 / K types / F16)
  // instead of converting 2-D weights to `type`; general.file_type is then `file_type`.
  bool keep_types = false;
  uint32_t file_type = 0;
};

// A 2-D tensor written in another type than requested.
struct GgufTypeFallback {
  std::string tensor;   // GGUF name, e.g. "blk.0.ffn_down.weight"
  int64_t row_length = 0;  // ne[0]
  std::string written_as;  // "f16"
};

struct GgufExportReport {
  std::filesystem::path path;
  uint64_t bytes = 0;          // size of the file written
  int64_t tensor_count = 0;
  uint32_t file_type = 0;      // general.file_type written
  std::vector<GgufTypeFallback> fallbacks;
  // Where the vocabulary came from: "gguf" (keys copied), "sentencepiece", "llama2c",
  // "hf_bpe" (tokenizer.json byte-level BPE) or "none".
  std::string tokenizer_kind;
  std::string tokenizer_pre;   // tokenizer.ggml.pre written ("" when none)
  bool qk_permuted = false;    // q/k rows were permuted (HF half layout -> llama interleaved)
  std::vector<std::string> warnings;  // also sent to the job's log
};

// Exports `model` (opened with weights; llama or qwen2, dense) to `out`. Fails with unsupported
// for other architectures, FP8 weights and rope scalings GGUF cannot express, with
// invalid_input when the tokenizer does not fit the model's vocabulary.
Result<GgufExportReport> export_gguf(const ModelFiles& model, const std::filesystem::path& out,
                                     const GgufExportOptions& options = {}, const JobContext& job = no_job());

}  // namespace dsw
