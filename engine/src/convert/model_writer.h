// Helpers shared by the checkpoint conversions (dsw/convert.h): reading a source tensor as f32,
// storing f32 values in an output dtype, and an output folder that appears complete or not at all.
#pragma once

#include <dsw/dtype.h>
#include <dsw/model_files.h>
#include <dsw/safetensors_writer.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dsw::convert {

// The opened model, refused unless it is safetensors (folder or file) with float weights.
ModelFiles open_float_model(const std::filesystem::path& path);

// Tensor `name` of the model as f32 values (errors name the file and tensor).
std::vector<float> tensor_f32(const ModelFiles& files, const std::string& name);

// f32 values stored as `dtype` (f32, bf16, f16).
std::vector<uint8_t> store_as(const std::vector<float>& v, DType dtype);

// An output folder written beside its destination ("OUT.partial-PID") and renamed into place by
// commit(); destroyed without commit() it removes what was written. The destination must not exist
// or be an empty folder.
class OutputFolder {
 public:
  explicit OutputFolder(std::filesystem::path destination);
  ~OutputFolder();
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  const std::filesystem::path& dir() const noexcept { return tmp_; }
  void write_text(const std::string& name, const std::string& text) const;
  // Copies generation_config.json and the tokenizer files found beside the source model.
  void copy_side_files(const ModelFiles& source) const;
  void commit();

 private:
  std::filesystem::path dest_, tmp_;
  bool committed_ = false;
};

// config.json "torch_dtype" for a stored dtype.
std::string torch_dtype_name(DType dtype);

}  // namespace dsw::convert
