// write_gptq_folder (see header).
#include "quant/gptq_folder.h"

#include "core/atomic_file.h"
#include "core/error.h"
#include "cpu/convert.h"
#include "formats/gptq_layout.h"

#include <dsw/safetensors_writer.h>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <sstream>

namespace dsw::quant {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, std::string_view t) { return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0; }

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) fail_io(p.string() + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The decoder Linear of a tensor name: "model.layers.3.self_attn.q_proj.weight" -> {3, "self_attn.q_proj"}.
std::optional<std::pair<int64_t, std::string>> block_linear(const std::string& name) {
  constexpr std::string_view kPrefix = "model.layers.";
  if (name.compare(0, kPrefix.size(), kPrefix) != 0 || !ends_with(name, ".weight")) return std::nullopt;
  const size_t dot = name.find('.', kPrefix.size());
  if (dot == std::string::npos) return std::nullopt;
  const std::string layer = name.substr(kPrefix.size(), dot - kPrefix.size());
  if (layer.empty() || layer.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::pair{std::stoll(layer), name.substr(dot + 1, name.size() - dot - 1 - 7)};
}

// `modules_in_block_to_quantize` when some decoder Linear is not in the GPTQ layout (a fallback
// kept as f16/f32): without it GPTQ loaders (transformers + optimum) replace every Linear of every
// block and find no qweight for those. Names are matched as suffixes, so a module packed in some
// layers only is named with its layer ("layers.3.mlp.down_proj"). Null when every Linear is packed.
// Routers (`mlp.gate`) are not Linears there and never count.
nlohmann::json quantized_modules(const ModelFiles& files, const std::vector<std::pair<const TensorEntry*, int64_t>>& packed) {
  std::set<const TensorEntry*> is_packed;
  for (const auto& p : packed) is_packed.insert(p.first);
  std::map<std::string, std::pair<std::set<int64_t>, std::set<int64_t>>> by_suffix;  // packed layers, other layers
  std::vector<std::string> order;
  for (const TensorEntry& e : files.tensors.entries()) {
    auto bl = block_linear(e.name);
    if (!bl || e.shape.rank() != 2 || bl->second == "mlp.gate") continue;
    auto [it, fresh] = by_suffix.try_emplace(bl->second);
    if (fresh) order.push_back(bl->second);
    (is_packed.count(&e) ? it->second.first : it->second.second).insert(bl->first);
  }
  bool all = true;
  for (const auto& [suffix, layers] : by_suffix) all = all && layers.second.empty();
  if (all) return nullptr;
  nlohmann::json names = nlohmann::json::array();
  for (const std::string& suffix : order) {
    const auto& [in, out] = by_suffix[suffix];
    if (in.empty()) continue;
    if (out.empty()) names.push_back(suffix);
    else
      for (int64_t l : in) names.push_back("layers." + std::to_string(l) + "." + suffix);
  }
  return nlohmann::json::array({names});
}

}  // namespace

void write_gptq_folder(QuantizedModel& q, const fs::path& out, const JobContext& job) {
  const ModelFiles& files = *q.stored_files;
  if (files.format != ModelFormat::hf_folder && files.format != ModelFormat::safetensors_file)
    fail_unsupported(out.string() + ": safetensors output needs a Hugging Face model (a folder with config.json) as the original");
  const fs::path config_path = files.folder / "config.json";
  if (!fs::is_regular_file(config_path)) fail_io(config_path.string() + ": the original's config.json is missing");

  // What the layout holds: Q4_0 or Q8_0 Linears (one bit width), plain tensors as they are.
  int bits = 0;
  std::vector<std::pair<const TensorEntry*, int64_t>> packed;  // with each tensor's own scale group
  std::vector<const TensorEntry*> widened;  // rows the layout cannot pack (32/b rows to a word): exact f32
  for (const TensorEntry& e : files.tensors.entries()) {
    if (!e.dtype) fail_unsupported(e.name + ": dtype " + e.dtype_name + " cannot be written to safetensors");
    const DType t = *e.dtype;
    if (t == DType::q4_0 || t == DType::q8_0) {
      const int b = t == DType::q4_0 ? 4 : 8;
      if (bits && b != bits)
        fail_unsupported(e.name + ": a GPTQ checkpoint has one bit width, and this model holds both 4- and 8-bit Linears; "
                         "keep the output head out of the job (--no-head) or write GGUF");
      if (!ends_with(e.name, ".weight")) fail_unsupported(e.name + ": only Linear weights have a GPTQ layout");
      bits = b;
      if (e.shape[0] % (32 / b)) {
        widened.push_back(&e);
        continue;
      }
      packed.emplace_back(&e, formats::shared_scale_group(e.tensor));
    } else if (dtype_info(t).is_quantized) {
      fail_unsupported(e.name + ": " + std::string(dtype_name(t)) + " blocks have no GPTQ layout (the Q4_K_M mix is GGUF only); use --format gguf");
    } else if (t == DType::f8_e4m3 || t == DType::f8_e5m2) {
      fail_unsupported(e.name + ": FP8 weights left in place cannot share a checkpoint with GPTQ ones; quantize every Linear or write GGUF");
    } else if (safetensors_dtype_name(t).empty()) {
      fail_unsupported(e.name + ": dtype " + std::string(dtype_name(t)) + " has no safetensors name");
    }
  }
  for (const auto& l : q.report.linears)
    if (l.scheme.find("asym") != std::string::npos)
      fail_unsupported(out.string() + ": zero-point codes (" + l.scheme + ") are held dequantised; quantize symmetrically for safetensors");
  if (!bits) fail_invalid(out.string() + ": nothing was quantized");
  // GPTQ loaders size every Linear's scales from the one group_size of the config, so every tensor
  // is written at the largest group that divides all of theirs (a coarser group repeats its scale);
  // −1 (per channel) when every tensor has one scale per row.
  int64_t group = 0;
  bool per_channel = true;
  for (const auto& [e, g] : packed) {
    group = std::gcd(group, g);
    per_channel = per_channel && g == e->shape[1];
  }
  for (auto& p : packed) p.second = per_channel ? p.first->shape[1] : group;
  if (per_channel) group = -1;

  std::error_code ec;
  if (fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec)))
    fail_io(out.string() + ": already exists; choose a new folder name");
  fs::path tmp = out;
  tmp += ".partial-" + std::to_string(::getpid());
  fs::remove_all(tmp, ec);
  if (!fs::create_directory(tmp, ec)) fail_io(tmp.string() + ": cannot create the output folder: " + ec.message());
  try {
    // model.safetensors: the tensors in the original's order, each Linear's four GPTQ tensors in its place.
    std::map<const TensorEntry*, formats::GptqTensors> gptq;
    for (const auto& [e, g] : packed) gptq.emplace(e, formats::pack_gptq(e->name, e->tensor, g, /*v2=*/false));
    std::map<const TensorEntry*, Tensor> wide;
    for (const TensorEntry* e : widened) {
      Tensor t = Tensor::host(DType::f32, e->shape);
      cpu::to_f32(*e->dtype, e->tensor.data(), static_cast<float*>(t.data()), e->shape.numel());
      wide.emplace(e, std::move(t));
      q.report.type_fallbacks.push_back(e->name + ": " + std::to_string(e->shape[0]) + " rows (not a multiple of " +
                                        std::to_string(32 / bits) + ") -> written as f32 (the exact dequantised values)");
    }
    std::vector<TensorToWrite> tensors;
    for (const TensorEntry& e : files.tensors.entries()) {
      if (auto w = wide.find(&e); w != wide.end()) {
        tensors.push_back({e.name, DType::f32, e.shape, {}, w->second.data()});
      } else if (auto it = gptq.find(&e); it != gptq.end()) {
        const std::string prefix = e.name.substr(0, e.name.size() - 7);
        for (const auto& [suffix, t] : {std::pair<const char*, const Tensor*>{".qweight", &it->second.qweight},
                                        {".qzeros", &it->second.qzeros}, {".scales", &it->second.scales}, {".g_idx", &it->second.g_idx}})
          tensors.push_back({prefix + suffix, t->dtype(), t->shape(), {}, t->data()});
      } else {
        tensors.push_back({e.name, *e.dtype, e.shape, {}, e.tensor.data()});
      }
    }
    throw_if_error(write_safetensors(tmp / "model.safetensors", tensors, {{"format", "pt"}, {"quantized_by", "dsw"}}, job));

    nlohmann::json config = nlohmann::json::parse(read_text(config_path));
    const nlohmann::json modules = quantized_modules(files, packed);
    config["quantization_config"] = {{"quant_method", "gptq"}, {"bits", bits},         {"group_size", group},
                                     {"desc_act", false},      {"sym", true},          {"checkpoint_format", "gptq"},
                                     {"static_groups", false}, {"true_sequential", true}, {"damp_percent", 0.01},
                                     {"lm_head", false},       {"method", q.report.method}};
    if (!modules.is_null()) config["quantization_config"]["modules_in_block_to_quantize"] = modules;
    AtomicFile cfg(tmp / "config.json");
    cfg.write(config.dump(2) + "\n");
    cfg.commit();
    for (const char* name : {"tokenizer.json", "tokenizer_config.json", "tokenizer.model", "special_tokens_map.json",
                             "generation_config.json", "chat_template.jinja"}) {
      const fs::path src = files.folder / name;
      if (fs::is_regular_file(src, ec)) fs::copy_file(src, tmp / name, fs::copy_options::overwrite_existing);
    }
    throw_if_error(job.check());
    if (fs::exists(out, ec)) fs::remove(out);  // an empty folder (checked above)
    fs::rename(tmp, out);
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
  uint64_t bytes = 0;
  for (const auto& entry : fs::directory_iterator(out, ec))
    if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
  q.report.output_path = out.string();
  q.report.output_format = "safetensors";
  q.report.output_bytes = bytes;
}

}  // namespace dsw::quant
