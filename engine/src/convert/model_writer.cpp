// Conversion helpers (see model_writer.h) and convert_dtype.
#include "convert/model_writer.h"

#include "core/atomic_file.h"
#include "core/error.h"
#include "cpu/convert.h"

#include <dsw/convert.h>

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace dsw::convert {

ModelFiles open_float_model(const std::filesystem::path& path) {
  ModelFiles files = unwrap(open_model(path));
  if (files.format != ModelFormat::hf_folder && files.format != ModelFormat::safetensors_file)
    fail_unsupported(path.string() + ": converting needs a safetensors model (this one is " +
                     std::string(model_format_name(files.format)) + ")");
  throw_if_error(validate_model_tensors(files));
  for (auto& e : files.tensors.entries())
    if (!e.dtype || (*e.dtype != DType::f32 && *e.dtype != DType::bf16 && *e.dtype != DType::f16))
      fail_unsupported(path.string() + ": tensor '" + e.name + "' is " + e.dtype_name + "; converting supports F32, BF16 and F16 weights");
  return files;
}

std::vector<float> tensor_f32(const ModelFiles& files, const std::string& name) {
  const TensorEntry* e = files.tensors.find(name);
  if (!e) fail_invalid(files.path.string() + ": tensor '" + name + "' is missing");
  std::vector<float> v(size_t(e->shape.numel()));
  cpu::to_f32(*e->dtype, e->tensor.data(), v.data(), int64_t(v.size()));
  return v;
}

std::vector<uint8_t> store_as(const std::vector<float>& v, DType dtype) {
  std::vector<uint8_t> out(v.size() * (dtype == DType::f32 ? 4 : 2));
  cpu::from_f32(v.data(), dtype, out.data(), int64_t(v.size()));
  return out;
}

std::string torch_dtype_name(DType dtype) {
  return dtype == DType::f32 ? "float32" : dtype == DType::bf16 ? "bfloat16" : "float16";
}

OutputFolder::OutputFolder(std::filesystem::path destination) : dest_(std::move(destination)) {
  if (std::filesystem::exists(dest_) && !(std::filesystem::is_directory(dest_) && std::filesystem::is_empty(dest_)))
    fail_invalid(dest_.string() + ": the output folder exists and is not empty");
  tmp_ = dest_.string() + ".partial-" + std::to_string(::getpid());
  std::error_code ec;
  std::filesystem::remove_all(tmp_, ec);
  std::filesystem::create_directories(tmp_, ec);
  if (ec) fail_io(tmp_.string() + ": cannot create folder: " + ec.message());
}

OutputFolder::~OutputFolder() {
  if (committed_) return;
  std::error_code ec;
  std::filesystem::remove_all(tmp_, ec);
}

void OutputFolder::write_text(const std::string& name, const std::string& text) const {
  AtomicFile f(tmp_ / name);
  f.write(text);
  f.commit();
}

void OutputFolder::copy_side_files(const ModelFiles& source) const {
  for (const char* name : {"generation_config.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json",
                           "special_tokens_map.json"}) {
    std::error_code ec;
    if (std::filesystem::exists(source.folder / name))
      std::filesystem::copy_file(source.folder / name, tmp_ / name, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) fail_io((source.folder / name).string() + ": cannot copy: " + ec.message());
  }
}

void OutputFolder::commit() {
  std::error_code ec;
  if (std::filesystem::exists(dest_)) std::filesystem::remove(dest_, ec);  // an empty folder (checked above)
  std::filesystem::rename(tmp_, dest_, ec);
  if (ec) fail_io(dest_.string() + ": cannot move the converted model into place: " + ec.message());
  committed_ = true;
}

}  // namespace dsw::convert

namespace dsw {

Status convert_dtype(const std::filesystem::path& model, DType dtype, const std::filesystem::path& out_dir, const JobContext& job) {
  return guard([&] {
    if (dtype != DType::f32 && dtype != DType::bf16 && dtype != DType::f16)
      fail_invalid("convert: the stored dtype can be f32, bf16 or f16");
    ModelFiles files = convert::open_float_model(model);
    convert::OutputFolder out(out_dir);
    std::vector<TensorToWrite> tensors;
    std::vector<std::vector<uint8_t>> bytes;
    bytes.reserve(files.tensors.size());
    for (auto& e : files.tensors.entries()) {
      // V3's correction bias is float32 in every released checkpoint (and in transformers).
      const DType dt = e.name.ends_with("e_score_correction_bias") ? DType::f32 : dtype;
      bytes.push_back(convert::store_as(convert::tensor_f32(files, e.name), dt));
      tensors.push_back({e.stored_name, dt, e.shape, {}, bytes.back().data()});
    }
    throw_if_error(write_safetensors(out.dir() / "model.safetensors", tensors, {{"format", "pt"}}, job));
    std::ifstream in(files.folder / "config.json", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto cfg = nlohmann::ordered_json::parse(ss.str(), nullptr, false);
    if (cfg.is_discarded() || !cfg.is_object()) fail_invalid((files.folder / "config.json").string() + ": not a JSON object");
    cfg["torch_dtype"] = convert::torch_dtype_name(dtype);
    out.write_text("config.json", cfg.dump(2) + "\n");
    out.copy_side_files(files);
    for (const char* name : {"README.md", "README.txt"})
      if (std::filesystem::exists(files.folder / name)) std::filesystem::copy_file(files.folder / name, out.dir() / name);
    out.commit();
  });
}

}  // namespace dsw
