// Writing safetensors files (random checkpoints, fixtures, merged adapters), streamed and atomic.
#pragma once

#include <dsw/dtype.h>
#include <dsw/job.h>
#include <dsw/status.h>
#include <dsw/tensor.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace dsw {

struct TensorToWrite {
  std::string name;
  DType dtype = DType::f32;
  Shape shape;
  // Fills `bytes` bytes starting at byte `offset` of this tensor's data (called in order, in
  // chunks). Either fill or data is set.
  std::function<void(uint8_t* dst, uint64_t offset, uint64_t bytes)> fill;
  const void* data = nullptr;
};

// safetensors dtype string for an engine dtype ("BF16"); empty when safetensors has none (q8_0...).
std::string_view safetensors_dtype_name(DType t) noexcept;

// Writes tensors in the given order (8-byte aligned data start, offsets contiguous) to `path`
// through a temporary file; progress phase "write", unit "bytes".
Status write_safetensors(const std::filesystem::path& path, const std::vector<TensorToWrite>& tensors,
                         const std::map<std::string, std::string>& metadata = {}, const JobContext& job = no_job());

}  // namespace dsw
