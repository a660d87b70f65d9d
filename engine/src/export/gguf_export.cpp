// export_gguf: a dense llama/qwen2 model -> GGUF v3 as llama.cpp's converter writes it.
//
// Plan first (names, types, dims, q/k permutation), then metadata, then the tensor data streamed
// row chunk by row chunk: each source row is copied when its dtype is the target's, otherwise
// widened to f32 and converted (f16/bf16 round to nearest even, q8_0 with ggml's reference
// quantiser). Rows of q_proj/k_proj (and their biases) are reordered per head for llama when the
// source uses the HF half layout (formats.md §2.6): new row 2i <- old row i, 2i+1 <- i + d/2.
#include <dsw/gguf_export.h>

#include "core/atomic_file.h"
#include "core/error.h"
#include "cpu/convert.h"
#include "export/gguf_vocab.h"
#include "export/gguf_writer.h"
#include "model/gguf_model.h"
#include "model/tensor_specs.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dsw {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kChunkBytes = 4ull << 20;  // output bytes converted between cancel checks

struct PlannedTensor {
  std::string name;                 // GGUF name
  const TensorEntry* src = nullptr;  // null: `values` holds the data (rope_freqs)
  std::vector<float> values;
  DType out = DType::f32;
  std::vector<int64_t> ne;          // ggml order
  int64_t rows = 1, row_len = 1;    // the tensor as rows x row_len for conversion
  int64_t perm_head_dim = 0;        // > 0: permute rows within heads of this size
};

DType dtype_of(GgufExportType t) {
  switch (t) {
    case GgufExportType::f32: return DType::f32;
    case GgufExportType::f16: return DType::f16;
    case GgufExportType::bf16: return DType::bf16;
    case GgufExportType::q8_0: return DType::q8_0;
  }
  return DType::f32;
}

void check_supported(const ModelConfig& c, const std::string& where) {
  if (c.arch != Architecture::llama && c.arch != Architecture::qwen2)
    fail_unsupported(where + ": GGUF export handles dense llama and qwen2 models, not " + c.model_type);
  if (c.is_moe() || c.is_mla()) fail_unsupported(where + ": GGUF export of MoE/MLA models is not supported");
  if (c.fp8_weights) fail_unsupported(where + ": GGUF export of FP8 block-quantised weights is not supported");
  if (c.hidden_act != "silu") fail_unsupported(where + ": hidden_act '" + c.hidden_act + "' (llama.cpp assumes silu)");
  switch (c.rope_scaling.type) {
    case RopeScalingType::none:
    case RopeScalingType::linear:
      break;
    case RopeScalingType::llama3:
      if (c.arch != Architecture::llama) fail_unsupported(where + ": llama3 rope scaling on a " + c.model_type + " model");
      break;
    case RopeScalingType::yarn:
      fail_unsupported(where + ": yarn rope scaling is not written by the GGUF export");
  }
  if (c.arch == Architecture::qwen2 && c.rope_layout != RopeLayout::half)
    fail_unsupported(where + ": a qwen2 model with interleaved q/k rows cannot be written as GGUF qwen2");
  if (c.head_dim <= 0 || c.head_dim % 2) fail_invalid(where + ": head_dim " + std::to_string(c.head_dim) + " is not even");
}

// llama.cpp's rope_freqs for llama3 scaling: per frequency, inv_freq_default / inv_freq_llama3
// (1 for high frequencies, `factor` for low ones, smoothed in between), as the converter computes it.
std::vector<float> llama3_freq_factors(const ModelConfig& c) {
  const auto& s = c.rope_scaling;
  const int64_t dim = c.head_dim, half = dim / 2;
  const double lo_wl = double(s.original_max_position_embeddings) / s.low_freq_factor;
  const double hi_wl = double(s.original_max_position_embeddings) / s.high_freq_factor;
  std::vector<float> f(static_cast<size_t>(half));
  for (int64_t j = 0; j < half; ++j) {
    const float inv = 1.0f / std::pow(float(c.rope_theta), float(2 * j) / float(dim));  // fp32, as torch
    const double wavelen = 2 * M_PI / double(inv);
    double factor;
    if (wavelen < hi_wl) {
      factor = 1.0;
    } else if (wavelen > lo_wl) {
      factor = s.factor;
    } else {
      const double smooth = (double(s.original_max_position_embeddings) / wavelen - s.low_freq_factor) /
                            (s.high_freq_factor - s.low_freq_factor);
      factor = 1.0 / ((1 - smooth) / s.factor + smooth);
    }
    f[size_t(j)] = float(factor);
  }
  return f;
}

std::string default_name(const ModelFiles& m) {
  fs::path p = m.path.lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  if (m.format == ModelFormat::hf_folder) {
    if (p.filename() == "config.json") p = p.parent_path();
    return p.filename().string();
  }
  return p.stem().string();
}

std::vector<PlannedTensor> plan_tensors(const ModelFiles& m, DType requested, bool keep_types, bool permute_qk,
                                        GgufExportReport& report) {
  const ModelConfig& c = m.config;
  std::vector<PlannedTensor> plan;
  if (c.rope_scaling.type == RopeScalingType::llama3 || !c.rope_freq_factors.empty()) {
    PlannedTensor t;
    t.name = "rope_freqs.weight";
    t.values = c.rope_freq_factors.empty() ? llama3_freq_factors(c) : c.rope_freq_factors;
    if (int64_t(t.values.size()) != c.head_dim / 2)
      fail_invalid(m.path.string() + ": rope frequency factors have " + std::to_string(t.values.size()) + " entries, expected " +
                   std::to_string(c.head_dim / 2));
    t.ne = {int64_t(t.values.size())};
    t.row_len = t.ne[0];
    plan.push_back(std::move(t));
  }
  for (const TensorSpec& spec : expected_tensors(c)) {
    const TensorEntry* e = m.tensors.find(spec.name);
    if (!e) fail_invalid(m.path.string() + ": tensor '" + spec.name + "' is missing");
    if (!e->dtype || !e->tensor.defined())
      fail_unsupported(m.path.string() + ": tensor '" + e->stored_name + "' has dtype " + e->dtype_name + ", which cannot be exported");
    PlannedTensor t;
    t.src = e;
    t.name = gguf_tensor_name(spec.name);
    if (t.name.empty()) fail_internal("no GGUF name for tensor '" + spec.name + "'");
    const Shape& s = e->shape;
    for (int i = s.rank() - 1; i >= 0; --i) t.ne.push_back(s[i]);
    const bool qk = spec.name.find("self_attn.q_proj.") != std::string::npos ||
                    spec.name.find("self_attn.k_proj.") != std::string::npos;
    if (permute_qk && qk) t.perm_head_dim = c.head_dim;
    if (s.rank() == 1) {
      t.out = DType::f32;
      // A permuted bias is reordered element by element: one-element rows.
      t.rows = t.perm_head_dim ? s[0] : 1;
      t.row_len = t.perm_head_dim ? 1 : s[0];
    } else {
      t.rows = s[0];
      t.row_len = s[1];
      t.out = keep_types && e->dtype ? *e->dtype : requested;
      if (!keep_types && requested == DType::q8_0 && t.row_len % 32) {
        t.out = DType::f16;
        report.fallbacks.push_back({t.name, t.row_len, "f16"});
      }
    }
    const DType in = *e->dtype;
    if (in != t.out && !cpu::can_convert_to_f32(in))
      fail_unsupported(m.path.string() + ": tensor '" + e->stored_name + "' of dtype " + e->dtype_name + " cannot be converted to " +
                       std::string(dtype_name(t.out)));
    if (in == DType::f8_e4m3) fail_unsupported(m.path.string() + ": tensor '" + e->stored_name + "' is FP8 (needs its block scales)");
    if (!dtype_bytes(in, uint64_t(t.row_len)))
      fail_unsupported(m.path.string() + ": tensor '" + e->stored_name + "' (" + e->dtype_name +
                       ") cannot be split into rows of " + std::to_string(t.row_len));
    if (t.perm_head_dim && t.rows % t.perm_head_dim)
      fail_invalid(m.path.string() + ": tensor '" + spec.name + "' has " + std::to_string(t.rows) + " rows, not whole heads of " +
                   std::to_string(t.perm_head_dim));
    plan.push_back(std::move(t));
  }
  return plan;
}

// Source row for output row r: llama.cpp's permute(), per head of d rows [heads, 2, d/2] -> [heads, d/2, 2].
int64_t source_row(int64_t r, int64_t d) {
  if (!d) return r;
  const int64_t head = r / d, within = r % d;
  return head * d + (within % 2) * (d / 2) + within / 2;
}

void write_tensor(GgufWriter& w, AtomicFile& file, const PlannedTensor& t, const JobContext& job, uint64_t& done,
                  uint64_t total) {
  if (!t.src) {
    w.write_tensor_data(file, {reinterpret_cast<const uint8_t*>(t.values.data()), t.values.size() * sizeof(float)});
    done += t.values.size() * sizeof(float);
    return;
  }
  const DType in = *t.src->dtype;
  const uint64_t in_row = *dtype_bytes(in, uint64_t(t.row_len));
  const uint64_t out_row = *dtype_bytes(t.out, uint64_t(t.row_len));
  const auto* base = static_cast<const uint8_t*>(t.src->tensor.data());
  const int64_t chunk_rows = std::max<int64_t>(1, int64_t(kChunkBytes / out_row));
  std::vector<uint8_t> buf(size_t(std::min(chunk_rows, t.rows) * int64_t(out_row)));
  std::vector<float> row(in == t.out ? 0 : size_t(t.row_len));
  for (int64_t r0 = 0; r0 < t.rows; r0 += chunk_rows) {
    throw_if_error(job.check());
    const int64_t n = std::min(chunk_rows, t.rows - r0);
    for (int64_t i = 0; i < n; ++i) {
      const uint8_t* src = base + uint64_t(source_row(r0 + i, t.perm_head_dim)) * in_row;
      uint8_t* dst = buf.data() + uint64_t(i) * out_row;
      if (in == t.out) {
        std::memcpy(dst, src, out_row);
        continue;
      }
      cpu::to_f32(in, src, row.data(), t.row_len);
      if (t.out == DType::q8_0) cpu::quantize_q8_0(row.data(), reinterpret_cast<cpu::BlockQ8_0*>(dst), t.row_len);
      else cpu::from_f32(row.data(), t.out, dst, t.row_len);
    }
    w.write_tensor_data(file, {buf.data(), size_t(uint64_t(n) * out_row)});
    done += uint64_t(n) * out_row;
    if (!job.report({.phase = "export", .step = int64_t(done), .total = int64_t(total), .unit = "bytes", .message = t.name}))
      throw_if_error(job.check());
  }
}

void add_hparams(GgufWriter& w, const ModelConfig& c, const std::string& arch) {
  const std::string p = arch + ".";
  auto u32 = [&](const std::string& key, int64_t v) { w.add_u32(p + key, uint32_t(v)); };
  u32("vocab_size", c.vocab_size);
  u32("context_length", c.max_position_embeddings);
  u32("embedding_length", c.hidden_size);
  u32("block_count", c.num_hidden_layers);
  u32("feed_forward_length", c.intermediate_size);
  u32("attention.head_count", c.num_attention_heads);
  u32("attention.head_count_kv", c.num_key_value_heads);
  w.add_f32(p + "attention.layer_norm_rms_epsilon", float(c.rms_norm_eps));
  u32("rope.dimension_count", c.head_dim);
  w.add_f32(p + "rope.freq_base", float(c.rope_theta));
  if (c.head_dim * c.num_attention_heads != c.hidden_size) {
    u32("attention.key_length", c.head_dim);
    u32("attention.value_length", c.head_dim);
  }
  if (c.rope_scaling.type == RopeScalingType::linear) {
    w.add_string(p + "rope.scaling.type", "linear");
    w.add_f32(p + "rope.scaling.factor", float(c.rope_scaling.factor));
  }
}

}  // namespace

std::string_view gguf_export_type_name(GgufExportType t) noexcept {
  switch (t) {
    case GgufExportType::f32: return "f32";
    case GgufExportType::f16: return "f16";
    case GgufExportType::bf16: return "bf16";
    case GgufExportType::q8_0: return "q8_0";
  }
  return "?";
}

std::optional<GgufExportType> gguf_export_type_from_name(std::string_view name) noexcept {
  for (auto t : {GgufExportType::f32, GgufExportType::f16, GgufExportType::bf16, GgufExportType::q8_0}) {
    std::string_view n = gguf_export_type_name(t);
    if (name.size() == n.size() &&
        std::equal(name.begin(), name.end(), n.begin(), [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
      return t;
  }
  return std::nullopt;
}

uint32_t gguf_file_type(GgufExportType t) noexcept {
  switch (t) {
    case GgufExportType::f32: return 0;
    case GgufExportType::f16: return 1;
    case GgufExportType::q8_0: return 7;
    case GgufExportType::bf16: return 32;
  }
  return 0;
}

Result<GgufExportReport> export_gguf(const ModelFiles& model, const fs::path& out, const GgufExportOptions& options,
                                     const JobContext& job) {
  return guard([&] {
    const ModelConfig& c = model.config;
    const std::string where = model.path.string();
    check_supported(c, where);
    throw_if_error(validate_model_tensors(model));
    throw_if_error(job.check());

    GgufExportReport report;
    report.path = out;
    report.file_type = options.keep_types ? options.file_type : gguf_file_type(options.type);
    const std::string arch(architecture_name(c.arch));
    // llama.cpp's llama graph applies interleaved ("NORM") rope: HF half-layout q/k rows are permuted.
    report.qk_permuted = c.arch == Architecture::llama && c.rope_layout == RopeLayout::half;
    const DType requested = dtype_of(options.type);
    std::vector<PlannedTensor> plan = plan_tensors(model, requested, options.keep_types, report.qk_permuted, report);

    GgufWriter w(out.string());
    w.add_string("general.architecture", arch);
    w.add_string("general.name", options.name.empty() ? default_name(model) : options.name);
    add_hparams(w, c, arch);
    w.add_u32("general.file_type", report.file_type);
    const bool quantised = std::any_of(plan.begin(), plan.end(), [](const PlannedTensor& t) { return dtype_info(t.out).is_quantized; });
    if (quantised) w.add_u32("general.quantization_version", 2);
    GgufVocabResult vocab = add_gguf_vocab(w, model, options.include_tokenizer);
    report.tokenizer_kind = vocab.kind;
    report.tokenizer_pre = vocab.pre;
    report.warnings = std::move(vocab.warnings);
    for (const auto& msg : report.warnings) job.log_message(LogLevel::warn, msg);

    for (const auto& t : plan) w.add_tensor(t.name, ggml_type_from_dtype(t.out), t.ne);
    report.tensor_count = int64_t(plan.size());

    AtomicFile file(out);
    w.write_header(file);
    uint64_t done = 0, total = 0;
    for (const auto& t : plan) total += t.src ? *dtype_bytes(t.out, uint64_t(t.rows * t.row_len)) : t.values.size() * sizeof(float);
    for (const auto& t : plan) write_tensor(w, file, t, job, done, total);
    w.finish();
    throw_if_error(job.check());
    report.bytes = file.written();
    file.commit();
    return report;
  });
}

}  // namespace dsw
