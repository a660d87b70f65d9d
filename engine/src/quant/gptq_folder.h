// The quantised model as a safetensors folder in the GPTQ checkpoint layout (quantization.md §2.4):
// config.json (the original's, with quantization_config {quant_method "gptq", ...}),
// model.safetensors (every Q4_0 / Q8_0 Linear as qweight / qzeros / scales / g_idx, everything else
// as stored), and the original's tokenizer files. The engine opens it back (open_model turns the
// GPTQ tensors into the same Q4_0 / Q8_0 blocks), and so it is how MoE and MLA models, which the
// GGUF export does not take, are written.
//
// The folder is written under `<out>.partial-<pid>` and renamed to `out` only when complete.
#pragma once

#include <dsw/job.h>
#include <dsw/quantize.h>

#include <filesystem>

namespace dsw::quant {

// Throws (unsupported) for what the layout cannot hold — K-type blocks, zero-point codes held as
// f32, FP8 weights left in place, Q4_0 and Q8_0 Linears in one model — naming the tensor; (io) when
// the original has no config.json or `out` exists and is not an empty folder.
void write_gptq_folder(QuantizedModel& q, const std::filesystem::path& out, const JobContext& job);

}  // namespace dsw::quant
