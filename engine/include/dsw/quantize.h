// Weight quantisation as a job: RTN or GPTQ (optionally AWQ-scaled) to 8 or 4 bits, with a report
// of what happened to every Linear (quantization.md §1–§3).
//
// quantize_model() takes a loaded model and returns the quantised model in memory (it shares every
// unchanged byte with the source) plus the report; save_quantized() writes it as GGUF (dense llama
// and qwen2; Q8_0, Q4_0 or the Q4_K_M-style mix) or as a GPTQ-layout safetensors folder. Both are
// jobs: progress phase "quantize" (unit "layers", with an "eta_s" metric) and "write" (bytes);
// cancel stops between Linears and leaves nothing on disk; files are written atomically and an
// interrupted process (even kill -9) leaves no partial output.
//
// Stored types (quantization.md §1; which scheme decides bit-exactness):
//   8-bit symmetric -> Q8_0 blocks, 4-bit symmetric -> Q4_0 blocks, for any group that is a
//   multiple of 32 (64, 128 and per-channel repeat the group's scale in every 32-block);
//   asymmetric (zero point) -> held dequantised in memory, GPTQ layout on disk;
//   mix "q4_k_m" -> Q4_K with Q6_K for the output head and for attn_v / ffn_down of the first and
//   last eighth of the layers and every third layer between (llama.cpp's documented Q4_K_M rule).
// A Linear whose input width the scheme cannot store (stories260K's 172-wide ffn_down) keeps a
// higher precision: K types fall back to Q4_0 / Q8_0 when the row is whole 32-blocks, everything
// else to F16; every fallback is listed in the report.
//
// Thread: any; the call owns its own sessions and thread pool (options.n_threads).
#pragma once

#include <dsw/job.h>
#include <dsw/model.h>
#include <dsw/status.h>
#include <dsw/tokenizer.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dsw {

enum class QuantMethod { rtn, gptq };
enum class QuantFormat { gguf, safetensors };

std::string_view quant_method_name(QuantMethod m) noexcept;  // "rtn", "gptq"
std::optional<QuantMethod> quant_method_from_name(std::string_view s) noexcept;
std::string_view quant_format_name(QuantFormat f) noexcept;  // "gguf", "safetensors"
std::optional<QuantFormat> quant_format_from_name(std::string_view s) noexcept;

struct QuantizeOptions {
  QuantMethod method = QuantMethod::rtn;
  int bits = 4;                 // 4 or 8
  int64_t group = 32;           // 32, 64, 128, or 0 = per channel (one scale per output row)
  bool symmetric = true;        // false: zero-point (asymmetric) codes
  std::string mix;              // "" or "q4_k_m" (GGUF K-quant mix; bits/group/symmetric ignored)

  // Calibration (GPTQ needs it; RTN uses it only to report the output error per Linear).
  std::filesystem::path calib_file;  // .txt (plain text) or .jsonl (one JSON object per line)
  int64_t calib_samples = 32;        // sequences
  int64_t calib_length = 256;        // tokens per sequence (BOS included)
  uint64_t seed = 1;                 // which windows when the text has more than needed

  // GPTQ (quantization.md §2.3).
  double damp = 0.01;
  bool act_order = false;
  int64_t block_size = 128;
  // AWQ-style activation-aware scaling before quantising (quantization.md §3; needs calib_file):
  // per group of Linears reading one tensor, input columns × s and the preceding norm (or up_proj
  // rows) ÷ s, s from a grid search on the calibration activations (engine/src/quant/awq.h).
  bool awq = false;

  // What is quantised. Routers are never quantised; norms and biases stay f32.
  bool attention = true;        // attention projections (MLA: q/q_a/q_b, kv_a, kv_b, o)
  bool mlp = true;              // dense MLPs, shared and routed experts
  bool embedding = false;       // token embedding (a tied embedding follows `head`)
  bool head = true;             // output head at 8 bits (Q8_0; Q6_K in the mix)
  std::vector<std::string> keep;  // Linears whose name contains one of these stay as they are

  int n_threads = 0;            // <= 0: default_thread_count()
};

// Checks the options on their own (bits, group, mix, damping, block, calibration sizes); the
// message names the option at fault.
Status validate_quantize_options(const QuantizeOptions& options);

// What happened to one Linear.
struct LinearQuantInfo {
  std::string name;             // "model.layers.3.mlp.experts.7.up_proj", "lm_head"
  std::string role;             // as LinearInfo::role
  int64_t layer = -1, expert = -1;
  int64_t in_features = 0, out_features = 0;
  std::string dtype_before, dtype_after;  // "bf16" -> "q4_0"
  std::string scheme;           // "q4_0 g32", "q6_k", "f16 (fallback)", "kept"
  std::string method;           // "gptq", "rtn", "rtn (no calibration tokens)", "kept", "fallback"
  std::string note;             // why it was kept / fell back
  uint64_t bytes_before = 0, bytes_after = 0;
  int64_t tokens = 0;           // calibration rows that reached it
  double weight_error = 0;      // ‖W − Ŵ‖ / ‖W‖
  double output_error = -1;     // ‖X(W − Ŵ)ᵀ‖ / ‖XWᵀ‖ on calibration inputs; −1 without calibration
  double damp = 0;              // percdamp GPTQ needed
};

struct QuantizeReport {
  std::string model_path;
  std::string architecture;
  std::string method, scheme;   // "gptq", "int4 sym g32" / "q4_k_m"
  std::string calib_file;
  int64_t calib_tokens = 0;
  int64_t layers = 0, experts = 0;
  uint64_t bytes_before = 0, bytes_after = 0;  // weight bytes of all tensors
  double seconds = 0;
  std::vector<LinearQuantInfo> linears;
  // MoE: calibration tokens per (layer, routed expert), layers × experts row-major (-1 for dense layers).
  std::vector<int64_t> expert_tokens;
  std::vector<std::string> rtn_fallback_experts;  // "layer 3 expert 7" (no tokens reached them)
  std::vector<std::string> type_fallbacks;        // "model.layers.0.mlp.down_proj: 172 columns -> f16"
  // Written by save_quantized:
  std::string output_path, output_format;
  uint64_t output_bytes = 0;
};

// The quantised model in memory (opens in sessions like any model) and its report.
struct QuantizedModel {
  std::shared_ptr<Model> model;        // computes with the stored types (Ŵ in f32 where it cannot)
  std::shared_ptr<const ModelFiles> stored_files;  // the tensors as they are written
  QuantizeReport report;
};

// Quantises `model`. The tokenizer is needed with a calibration file. Refuses (invalid_input) a
// model whose Linears are already block-quantised, naming the tensor.
Result<QuantizedModel> quantize_model(const std::shared_ptr<const Model>& model, const Tokenizer* tokenizer,
                                      const QuantizeOptions& options, const JobContext& job = no_job());

// Writes the quantised model: GGUF file or a folder (config.json, model.safetensors, tokenizer
// files). Checks that the output can be written before any work when called through
// run_quantize_job. Fills report.output_*.
Status save_quantized(QuantizedModel& quantized, const std::filesystem::path& out, QuantFormat format,
                      const JobContext& job = no_job());

// The whole job as both front ends run it: open MODEL (with its tokenizer), check the output
// location, quantise, write OUT and OUT's report (`<OUT>.quant.json`), all atomically.
struct QuantizeJobRequest {
  std::filesystem::path model;
  std::filesystem::path out;
  QuantFormat format = QuantFormat::gguf;
  QuantizeOptions options;
  std::optional<std::filesystem::path> tokenizer;
};
Result<QuantizeReport> run_quantize_job(const QuantizeJobRequest& request, const JobContext& job = no_job());

// The report as JSON (the file written beside the output) and back.
std::string quantize_report_to_json(const QuantizeReport& report);
Result<QuantizeReport> quantize_report_from_json(std::string_view json);
// Path of the report written beside an output.
std::filesystem::path quantize_report_path(const std::filesystem::path& out);

}  // namespace dsw
