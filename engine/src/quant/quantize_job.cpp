// Option names and checks, writing the quantised model, and the whole job as the front ends run it.
#include <dsw/gguf_export.h>
#include <dsw/quantize.h>
#include <dsw/runner.h>

#include "core/atomic_file.h"
#include "core/error.h"
#include "quant/calibration.h"
#include "quant/gptq_folder.h"

#include <unistd.h>

#include <algorithm>

namespace dsw {
namespace {

namespace fs = std::filesystem;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return std::tolower(x) == std::tolower(y); });
}

// The output must be creatable before hours of work are spent: its folder exists and is
// writable, and a GGUF output is not a folder.
void check_output(const fs::path& out, QuantFormat format) {
  if (out.empty()) fail_invalid("no output path given");
  std::error_code ec;
  const fs::path folder = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  if (!fs::is_directory(folder, ec)) fail_io(out.string() + ": cannot write the output: folder " + folder.string() + " does not exist");
  if (::access(folder.c_str(), W_OK) != 0) fail_io(out.string() + ": cannot write the output: folder " + folder.string() + " is not writable");
  if (format == QuantFormat::gguf && fs::is_directory(out, ec)) fail_io(out.string() + ": is a folder; give a .gguf file name");
  if (format == QuantFormat::safetensors && fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec)))
    fail_io(out.string() + ": already exists; the safetensors output is a new folder");
}

}  // namespace

std::string_view quant_method_name(QuantMethod m) noexcept { return m == QuantMethod::gptq ? "gptq" : "rtn"; }
std::optional<QuantMethod> quant_method_from_name(std::string_view s) noexcept {
  if (iequals(s, "rtn")) return QuantMethod::rtn;
  if (iequals(s, "gptq")) return QuantMethod::gptq;
  return std::nullopt;
}
std::string_view quant_format_name(QuantFormat f) noexcept { return f == QuantFormat::gguf ? "gguf" : "safetensors"; }
std::optional<QuantFormat> quant_format_from_name(std::string_view s) noexcept {
  if (iequals(s, "gguf")) return QuantFormat::gguf;
  if (iequals(s, "safetensors")) return QuantFormat::safetensors;
  return std::nullopt;
}

std::filesystem::path quantize_report_path(const std::filesystem::path& out) {
  fs::path p = out;
  p += ".quant.json";
  return p;
}

Status validate_quantize_options(const QuantizeOptions& o) {
  auto bad = [](std::string m) { return Status(StatusCode::invalid_input, std::move(m)); };
  if (!o.mix.empty() && !iequals(o.mix, "q4_k_m")) return bad("--mix must be q4_k_m, not '" + o.mix + "'");
  if (o.mix.empty()) {
    if (o.bits != 4 && o.bits != 8) return bad("--bits must be 4 or 8, not " + std::to_string(o.bits));
    if (o.group != 0 && o.group != 32 && o.group != 64 && o.group != 128)
      return bad("--group must be 32, 64, 128 or 0 (per channel), not " + std::to_string(o.group));
  }
  if (!(o.damp > 0 && o.damp <= 1)) return bad("--damp must be in (0, 1], not " + std::to_string(o.damp));
  if (o.block_size < 32 || o.block_size > 4096 || o.block_size % 32)
    return bad("--block must be a multiple of 32 in 32..4096, not " + std::to_string(o.block_size));
  if (o.mix.empty() && o.group > 0 && o.block_size % o.group != 0 && o.group % o.block_size != 0)
    return bad("--block " + std::to_string(o.block_size) + " and --group " + std::to_string(o.group) + " must divide one another");
  if (o.calib_samples < 1 || o.calib_samples > 100000) return bad("--calib-samples must be in 1..100000");
  if (o.calib_length < 2 || o.calib_length > 65536) return bad("--calib-length must be in 2..65536");
  if (o.awq && o.calib_file.empty()) return bad("--awq needs a calibration file (--calib FILE): the scales come from its activations");
  if (o.method == QuantMethod::gptq && o.calib_file.empty()) return bad("--method gptq needs a calibration file (--calib FILE)");
  if (!o.attention && !o.mlp && !o.head && !o.embedding) return bad("nothing to quantize: every tensor group is deselected");
  return Status::ok();
}

Status save_quantized(QuantizedModel& q, const std::filesystem::path& out, QuantFormat format, const JobContext& job) {
  return guard([&] {
    if (!q.stored_files) fail_invalid("save_quantized: no quantized tensors");
    if (format == QuantFormat::safetensors) {
      quant::write_gptq_folder(q, out, job);
      return;
    }
    for (const auto& l : q.report.linears)
      if (l.dtype_after.find("zero") != std::string::npos)
        fail_unsupported(out.string() + ": GGUF has no block type for " + l.scheme +
                         " (zero-point codes); quantize symmetrically (Q8_0 / Q4_0) for GGUF");
    GgufExportOptions eo;
    eo.keep_types = true;
    // general.file_type: MOSTLY_Q4_K_M 15, Q8_0 7, Q4_1 3, Q4_0 2.
    eo.file_type = q.report.scheme == "q4_k_m" ? 15 : q.report.scheme.rfind("q8_0", 0) == 0 ? 7 : q.report.scheme.rfind("q4_1", 0) == 0 ? 3 : 2;
    auto r = export_gguf(*q.stored_files, out, eo, job);
    throw_if_error(r.status());
    q.report.output_path = out.string();
    q.report.output_format = "gguf";
    q.report.output_bytes = r->bytes;
  });
}

Result<QuantizeReport> run_quantize_job(const QuantizeJobRequest& r, const JobContext& job) {
  return guard([&] {
    throw_if_error(validate_quantize_options(r.options));
    check_output(r.out, r.format);
    QuantizeOptions options = r.options;
    if (r.format == QuantFormat::safetensors) {
      // The GPTQ layout covers the decoder's Linears at one bit width: the mix's K blocks and
      // zero points held as f32 have none, and the head and embedding stay as the original has them
      // (as GPTQ checkpoints keep lm_head).
      if (!options.mix.empty()) fail_unsupported(r.out.string() + ": the " + options.mix + " mix is GGUF only; use --format gguf");
      if (!options.symmetric)
        fail_unsupported(r.out.string() + ": zero-point codes cannot be written to safetensors yet; quantize symmetrically or write GGUF");
      if (options.embedding) fail_invalid(r.out.string() + ": the GPTQ layout keeps the embedding as it is; leave out --embedding");
      options.head = false;
    }
    if (!options.calib_file.empty()) quant::check_calibration_file(options.calib_file);
    RunnerOptions ro;
    ro.tokenizer = r.tokenizer;
    ro.require_tokenizer = !options.calib_file.empty();
    ro.device.n_threads = options.n_threads;
    ro.n_ctx = 8;
    auto runner = unwrap(Runner::open(r.model, ro, job));
    auto q = unwrap(quantize_model(runner->model(), runner->tokenizer(), options, job));
    throw_if_error(job.check());
    throw_if_error(save_quantized(q, r.out, r.format, job));
    AtomicFile report(quantize_report_path(r.out));
    report.write(quantize_report_to_json(q.report));
    report.commit();
    return q.report;
  });
}

}  // namespace dsw
