// open_model: detect the format of MODEL, parse its config and map its weights.
#include <dsw/llama2c.h>
#include <dsw/model_files.h>
#include <dsw/safetensors.h>

#include "core/error.h"
#include "core/input_file.h"
#include "formats/gptq_layout.h"
#include "core/json_strict.h"
#include "model/gguf_model.h"
#include "model/tensor_specs.h"

#include <dsw/log.h>
#include <dsw/tokenizer.h>

#include <algorithm>
#include <map>
#include <set>

namespace dsw {
namespace fs = std::filesystem;
namespace {

bool has_suffix(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::optional<fs::path> first_existing(const fs::path& folder, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (regular_file_exists(folder / n)) return folder / n;
  return std::nullopt;
}

// The tokenizer beside a checkpoint: tokenizer.json > tokenizer.model > tokenizer.gguf (a GGUF vocabulary)
// > tokenizer.bin > tok*.model|bin.
std::optional<fs::path> find_tokenizer(const fs::path& folder) {
  if (auto p = first_existing(folder, {"tokenizer.json", "tokenizer.model", "tokenizer.gguf", "tokenizer.bin"})) return p;
  std::vector<fs::path> candidates;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(folder, ec)) {
    auto n = e.path().filename().string();
    if (n.rfind("tok", 0) == 0 && (has_suffix(n, ".model") || has_suffix(n, ".bin")) && e.is_regular_file(ec))
      candidates.push_back(e.path());
  }
  std::sort(candidates.begin(), candidates.end());
  // Prefer the SentencePiece model over the llama2.c export of the same vocabulary.
  for (auto& c : candidates)
    if (has_suffix(c.string(), ".model")) return c;
  if (!candidates.empty()) return candidates.front();
  return std::nullopt;
}

std::vector<int64_t> read_generation_eos(const fs::path& folder) {
  auto path = folder / "generation_config.json";
  if (!regular_file_exists(path)) return {};
  auto j = read_json_file(path, InputKind::generation_config);
  std::vector<int64_t> ids;
  if (!j.is_object() || !j.contains("eos_token_id")) return ids;
  auto& e = j["eos_token_id"];
  auto take = [&](const nlohmann::json& v) {
    if (!v.is_number_integer() || v.get<int64_t>() < 0)
      fail_invalid(path.string() + ": field 'eos_token_id' must hold non-negative integers");
    ids.push_back(v.get<int64_t>());
  };
  if (e.is_array())
    for (auto& v : e) take(v);
  else if (!e.is_null())
    take(e);
  return ids;
}

// "model.layers.<N>.": N, or -1 for a model-level name.
int64_t layer_of(const std::string& name) {
  if (name.rfind("model.layers.", 0) != 0) return -1;
  const char* p = name.c_str() + 13;
  if (*p < '0' || *p > '9') return -1;
  return std::atoll(p);
}

// What a tensor the architecture does not expect is: something the checkpoint may carry without
// the engine reading it (the multi-token-prediction layers the config declares after the main
// ones, rotary caches of old exports), or a weight the config does not account for. A layer in
// the MTP range counts as MTP only when it has the MTP projection eh_proj: an ordinary layer
// there means the config claims fewer layers than the weights hold.
enum class Extra { unread, unexpected };
Extra classify_extra(const ModelConfig& c, const TensorStore& tensors, const std::string& name) {
  if (name.find("rotary_emb.inv_freq") != std::string::npos) return Extra::unread;
  int64_t layer = layer_of(name);
  if (layer >= c.num_hidden_layers && layer < c.num_hidden_layers + c.num_nextn_predict_layers &&
      tensors.find("model.layers." + std::to_string(layer) + ".eh_proj.weight"))
    return Extra::unread;
  return Extra::unexpected;
}

void add_file(ModelFiles& m, const fs::path& p) {
  std::error_code ec;
  m.weight_files.push_back({p, fs::file_size(p, ec)});
}

// A GPTQ checkpoint (quantization.md §2.4): each Linear's qweight / qzeros / scales / g_idx become
// one `.weight` entry in Q4_0 / Q8_0 (exact for symmetric codes) or f32, in the same place.
void convert_gptq(ModelFiles& m) {
  if (!m.config.gptq || m.tensors.size() == 0) return;
  const auto& g = *m.config.gptq;
  auto ends = [](const std::string& s, std::string_view t) { return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0; };
  std::set<std::string> consumed;
  std::map<std::string, TensorEntry> made;
  for (const TensorEntry& e : m.tensors.entries()) {
    if (!ends(e.name, ".qweight")) continue;
    const std::string prefix = e.name.substr(0, e.name.size() - 8);
    auto part = [&](const char* suffix, bool required) -> const TensorEntry* {
      const TensorEntry* p = m.tensors.find(prefix + suffix);
      if (!p && required) fail_invalid(e.file + ": GPTQ tensor " + e.name + " has no " + prefix + suffix);
      if (p && !p->dtype) fail_invalid(p->file + ": GPTQ tensor " + p->name + " has dtype " + p->dtype_name);
      if (p) consumed.insert(p->name);
      return p;
    };
    if (!e.dtype) fail_invalid(e.file + ": GPTQ tensor " + e.name + " has dtype " + e.dtype_name);
    const TensorEntry* zeros = part(".qzeros", true);
    const TensorEntry* scales = part(".scales", true);
    const TensorEntry* g_idx = part(".g_idx", false);
    if (m.tensors.contains(prefix + ".weight")) fail_invalid(e.file + ": " + prefix + " has both a weight and GPTQ tensors");
    TensorEntry w = formats::unpack_gptq(prefix + ".weight", e.tensor, zeros->tensor, scales->tensor, g_idx ? &g_idx->tensor : nullptr,
                                         g.bits, g.v2);
    w.file = e.file;
    made.emplace(prefix, std::move(w));
    consumed.insert(e.name);
  }
  TensorStore out;
  for (const TensorEntry& e : m.tensors.entries()) {
    if (ends(e.name, ".qweight")) out.add(made.at(e.name.substr(0, e.name.size() - 8)));
    else if (!consumed.count(e.name)) out.add(e);
  }
  m.tensors = std::move(out);
}

void open_hf_folder(ModelFiles& m, const fs::path& folder, const OpenModelOptions& o) {
  auto config_path = folder / "config.json";
  if (!regular_file_exists(config_path))
    fail_io(folder.string() + ": no config.json (a Hugging Face model folder needs one)");
  m.config = unwrap(load_model_config(config_path));
  m.generation_eos_ids = read_generation_eos(folder);
  m.tokenizer_path = find_tokenizer(folder);
  if (o.config_only) return;
  if (auto index = first_existing(folder, {"model.safetensors.index.json"})) {
    throw_if_error(load_sharded_safetensors(*index, m.tensors));
    std::set<std::string> files;
    for (auto& e : m.tensors.entries()) files.insert(e.file);
    for (auto& f : files) add_file(m, folder / f);
    return;
  }
  if (auto single = first_existing(folder, {"model.safetensors"})) {
    throw_if_error(load_safetensors(*single, m.tensors));
    add_file(m, *single);
    return;
  }
  std::vector<fs::path> shards;
  std::error_code ec;
  for (auto& e : fs::directory_iterator(folder, ec))
    if (e.is_regular_file(ec) && has_suffix(e.path().string(), ".safetensors")) shards.push_back(e.path());
  if (shards.empty()) {
    for (auto& e : fs::directory_iterator(folder, ec)) {
      auto n = e.path().filename().string();
      if (has_suffix(n, ".bin") || has_suffix(n, ".pt") || has_suffix(n, ".pth") || has_suffix(n, ".ckpt"))
        fail_unsupported(e.path().string() + ": PyTorch pickle checkpoints are never loaded (they can run code); "
                         "convert the model to safetensors");
    }
    fail_io(folder.string() + ": no .safetensors weights found (use --config-only to read just config.json)");
  }
  if (shards.size() > 1)
    fail_invalid(folder.string() + ": several .safetensors files but no model.safetensors.index.json to say which to use");
  throw_if_error(load_safetensors(shards.front(), m.tensors));
  add_file(m, shards.front());
}

}  // namespace

std::string_view model_format_name(ModelFormat f) noexcept {
  switch (f) {
    case ModelFormat::hf_folder: return "hf_folder";
    case ModelFormat::safetensors_file: return "safetensors";
    case ModelFormat::gguf: return "gguf";
    case ModelFormat::llama2c: return "llama2c";
  }
  return "?";
}

uint64_t ModelFiles::weight_bytes() const noexcept {
  uint64_t n = 0;
  for (auto& f : weight_files) n += f.size;
  return n;
}

Result<ModelFiles> open_model(const fs::path& path, const OpenModelOptions& o) {
  return guard([&] {
    ModelFiles m;
    m.path = path;
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (!fs::exists(st)) fail_io(path.string() + ": no such file or folder");
    if (!fs::is_directory(st)) regular_file_exists(path);  // a FIFO, device or socket: said so
    const std::string name = path.filename().string();
    if (fs::is_directory(st)) {
      m.format = ModelFormat::hf_folder;
      m.folder = path;
      open_hf_folder(m, path, o);
    } else if (name == "config.json") {
      m.format = ModelFormat::hf_folder;
      m.folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
      open_hf_folder(m, m.folder, o);
    } else if (has_suffix(name, ".safetensors") || has_suffix(name, ".index.json")) {
      m.format = ModelFormat::safetensors_file;
      m.folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
      auto config_path = m.folder / "config.json";
      if (!regular_file_exists(config_path))
        fail_io(path.string() + ": no config.json beside it; a bare .safetensors file does not say its architecture");
      m.config = unwrap(load_model_config(config_path));
      m.generation_eos_ids = read_generation_eos(m.folder);
      m.tokenizer_path = find_tokenizer(m.folder);
      if (!o.config_only) {
        if (has_suffix(name, ".index.json")) {
          throw_if_error(load_sharded_safetensors(path, m.tensors));
          std::set<std::string> files;
          for (auto& e : m.tensors.entries()) files.insert(e.file);
          for (auto& f : files) add_file(m, m.folder / f);
        } else {
          throw_if_error(load_safetensors(path, m.tensors));
          add_file(m, path);
        }
      }
    } else if (has_suffix(name, ".gguf")) {
      m.format = ModelFormat::gguf;
      m.folder = path.parent_path();
      auto g = std::make_shared<const GgufFile>(unwrap(GgufFile::open(path)));
      m.gguf = g;
      m.config = config_from_gguf(*g);
      m.tokenizer_path = path;
      if (!o.config_only) add_gguf_tensors(g, m.tensors);
      add_file(m, path);
    } else if (has_suffix(name, ".bin")) {
      m.format = ModelFormat::llama2c;
      m.folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
      auto ckpt = unwrap(open_llama2c(path));
      m.config = ckpt.config;
      m.tensors = std::move(ckpt.tensors);
      m.tokenizer_path = find_tokenizer(m.folder);
      add_file(m, path);
    } else {
      fail_unsupported(path.string() + ": unknown model format (expected a folder, .safetensors, .gguf or llama2.c .bin)");
    }
    if (!o.config_only) convert_gptq(m);
    if (o.tokenizer) m.tokenizer_path = *o.tokenizer;
    return m;
  });
}

Status validate_model_tensors(const ModelFiles& m) {
  return guard([&] {
    const auto& c = m.config;
    auto specs = expected_tensors(c);
    std::set<std::string> expected;
    for (auto& s : specs) {
      expected.insert(s.name);
      const TensorEntry* e = m.tensors.find(s.name);
      if (!e) fail_invalid(m.path.string() + ": tensor '" + s.name + "' is missing (expected shape " + s.shape.to_string() + ")");
      if (!(e->shape == s.shape))
        fail_invalid(m.path.string() + ": tensor '" + s.name + "' has shape " + e->shape.to_string() + ", the config implies " +
                     s.shape.to_string() + " (" + e->file + ")");
      if (!e->dtype)
        fail_unsupported(m.path.string() + ": tensor '" + s.name + "' has dtype " + e->dtype_name + ", which the engine cannot compute with");
      if (c.fp8_weights && *e->dtype == DType::f8_e4m3) {
        auto scale = fp8_scale_name(s.name);
        expected.insert(scale);
        const TensorEntry* se = m.tensors.find(scale);
        if (!se) fail_invalid(m.path.string() + ": FP8 tensor '" + s.name + "' has no '" + scale + "'");
        if (!(se->shape == fp8_scale_shape(c, s.shape)))
          fail_invalid(m.path.string() + ": tensor '" + scale + "' has shape " + se->shape.to_string() + ", expected " +
                       fp8_scale_shape(c, s.shape).to_string());
      }
    }
    std::vector<const TensorEntry*> unexpected;
    std::vector<std::string> unread;
    for (auto& e : m.tensors.entries()) {
      if (expected.count(e.name)) continue;
      switch (classify_extra(c, m.tensors, e.name)) {
        case Extra::unread: unread.push_back(e.stored_name); break;
        case Extra::unexpected: unexpected.push_back(&e); break;
      }
    }
    if (!unexpected.empty()) {
      // Name them all (up to a handful): a checkpoint with one layer more than its config says
      // must not run with that layer silently dropped.
      std::string list;
      for (size_t i = 0; i < unexpected.size() && i < 5; ++i)
        list += (i ? ", '" : "'") + unexpected[i]->stored_name + "' (" + unexpected[i]->file + ")";
      if (unexpected.size() > 5) list += " and " + std::to_string(unexpected.size() - 5) + " more";
      std::string hint;
      int64_t layer = layer_of(unexpected.front()->name);
      if (layer >= c.num_hidden_layers)
        hint = "; the config says " + std::to_string(c.num_hidden_layers) + " layers (num_hidden_layers)" +
               (c.num_nextn_predict_layers ? " plus " + std::to_string(c.num_nextn_predict_layers) + " MTP layers" : std::string()) +
               " but the weights have layer " + std::to_string(layer);
      fail_invalid(m.path.string() + ": " + std::to_string(unexpected.size()) + " unexpected tensor" +
                   (unexpected.size() == 1 ? "" : "s") + " for a " + c.model_type + " model with this config: " + list + hint);
    }
    if (!unread.empty())
      log_message(LogLevel::warn, m.path.string() + ": " + std::to_string(unread.size()) + " tensor" + (unread.size() == 1 ? " is" : "s are") +
                                      " not read by the " + c.model_type + " architecture (first: '" + unread.front() + "')" +
                                      (c.num_nextn_predict_layers ? "; multi-token-prediction layers are not run" : ""));
  });
}

Status attach_tokenizer(const ModelFiles& m, Tokenizer& tok, const std::filesystem::path& tokenizer_path) {
  return guard([&] {
    const int64_t model_vocab = m.config.vocab_size;
    const std::string both = "tokenizer " + tokenizer_path.string() + " and model " + m.path.string();
    if (tok.vocab_size() > model_vocab)
      fail_invalid(both + " do not match: the tokenizer has " + std::to_string(tok.vocab_size()) +
                   " token ids but the model's vocabulary (vocab_size) has " + std::to_string(model_vocab) +
                   ", so ids from " + std::to_string(model_vocab) + " on would be outside its embedding");
    auto add = [&](int64_t id, const char* from) {
      if (id < 0 || id >= tok.vocab_size())
        fail_invalid(both + " do not match: " + from + " eos_token_id " + std::to_string(id) +
                     " is not a token of the tokenizer (" + std::to_string(tok.vocab_size()) + " ids)");
      tok.add_stop_id(int32_t(id));
    };
    for (int64_t id : m.generation_eos_ids) add(id, "generation_config.json");
    for (int64_t id : m.config.eos_token_ids) add(id, "the config's");
  });
}

std::vector<std::string> unread_tensors(const ModelFiles& m) {
  std::vector<std::string> out;
  if (m.tensors.entries().empty()) return out;
  std::set<std::string> expected;
  for (auto& s : expected_tensors(m.config)) {
    expected.insert(s.name);
    if (m.config.fp8_weights) expected.insert(fp8_scale_name(s.name));
  }
  for (auto& e : m.tensors.entries())
    if (!expected.count(e.name) && classify_extra(m.config, m.tensors, e.name) == Extra::unread) out.push_back(e.stored_name);
  return out;
}

}  // namespace dsw
