// merge_adapter: W' = W + s·B·A into a new model folder (training.md §3 "Merge").
#include "arch/architecture.h"
#include "core/error.h"
#include "core/input_file.h"
#include "cpu/matmul.h"

#include <dsw/safetensors_writer.h>
#include <dsw/train.h>

#include <cstring>
#include <map>
#include <unistd.h>

namespace dsw {

Status merge_adapter(const std::filesystem::path& model_path, const std::filesystem::path& adapter_dir,
                     const std::filesystem::path& out_dir, const JobContext& job) {
  return guard([&] {
    ModelFiles files = unwrap(open_model(model_path));
    if (files.format != ModelFormat::hf_folder && files.format != ModelFormat::safetensors_file)
      fail_unsupported(model_path.string() + ": merging needs a safetensors model (this one is " +
                       std::string(model_format_name(files.format)) + ")");
    LoadedAdapter ad = unwrap(load_peft_adapter(files, adapter_dir));
    std::map<std::string, const LoraTensor*> by_weight;
    for (auto& t : ad.tensors) by_weight[t.module + ".weight"] = &t;
    if (std::filesystem::exists(out_dir) && !std::filesystem::is_empty(out_dir))
      fail_invalid(out_dir.string() + ": the output folder exists and is not empty");
    const auto tmp = out_dir.string() + ".partial-" + std::to_string(::getpid());
    std::filesystem::remove_all(tmp);
    std::filesystem::create_directories(tmp);
    try {
      std::vector<TensorToWrite> out;
      std::vector<std::vector<uint8_t>> merged;  // replaced tensors' bytes
      for (auto& e : files.tensors.entries()) {
        if (!e.dtype) fail_unsupported(model_path.string() + ": tensor '" + e.name + "' has dtype " + e.dtype_name + ", which cannot be rewritten");
        TensorToWrite w{e.stored_name, *e.dtype, e.shape, {}, e.tensor.data()};
        auto it = by_weight.find(e.name);
        if (it != by_weight.end()) {
          const LoraTensor& t = *it->second;
          const DType dt = *e.dtype;
          if (dt != DType::f32 && dt != DType::bf16 && dt != DType::f16)
            fail_unsupported(model_path.string() + ": tensor '" + e.name + "' is " + e.dtype_name + "; merging supports F32, BF16 and F16 weights");
          const int64_t R = t.out_features, C = t.in_features, r = t.rank;
          const Linear base = load_linear(files, e.name, LinearRole::attention, -1, false);
          std::vector<float> W(size_t(R * C));
          cpu::weight_rows_to_f32(base.base(), 0, R, W.data());
          for (int64_t i = 0; i < R; ++i)
            for (int64_t k = 0; k < r; ++k) {
              const float bk = float(t.scale) * t.b[size_t(i * r + k)];
              const float* a = t.a.data() + k * C;
              float* row = W.data() + i * C;
              for (int64_t j = 0; j < C; ++j) row[j] += bk * a[j];
            }
          std::vector<uint8_t> bytes(size_t(R * C) * (dt == DType::f32 ? 4 : 2));
          if (dt == DType::f32) {
            std::memcpy(bytes.data(), W.data(), bytes.size());
          } else {
            auto* p = reinterpret_cast<uint16_t*>(bytes.data());
            for (size_t i = 0; i < W.size(); ++i) p[i] = dt == DType::bf16 ? f32_to_bf16(W[i]) : f32_to_f16(W[i]);
          }
          merged.push_back(std::move(bytes));
          w.data = merged.back().data();
        }
        out.push_back(std::move(w));
      }
      throw_if_error(write_safetensors(std::filesystem::path(tmp) / "model.safetensors", out, {{"format", "pt"}}, job));
      for (const char* name : {"config.json", "generation_config.json", "tokenizer.json", "tokenizer.model", "tokenizer_config.json",
                               "special_tokens_map.json"})
        if (regular_file_exists(files.folder / name)) std::filesystem::copy_file(files.folder / name, std::filesystem::path(tmp) / name);
      if (std::filesystem::exists(out_dir)) std::filesystem::remove(out_dir);
      std::filesystem::rename(tmp, out_dir);
    } catch (...) {
      std::error_code ec;
      std::filesystem::remove_all(tmp, ec);
      throw;
    }
  });
}

}  // namespace dsw
