// safetensors: single files and sharded checkpoints (model.safetensors.index.json).
//
// Every rule of the reference reader is enforced (formats.md §1.3): 100 MB header cap, UTF-8 JSON
// object, known dtypes, sorted contiguous offsets starting at 0, shape x dtype = bytes with overflow
// checks, no trailing bytes, no duplicate names, plus an entry-count cap. Sharded indexes may only
// name files inside the model folder. Errors name the file and the tensor or field at fault.
#pragma once

#include <dsw/status.h>
#include <dsw/tensor_store.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

struct SafetensorsLimits {
  uint64_t max_header_bytes = 100'000'000;  // the reference reader's MAX_HEADER_SIZE
  uint64_t max_tensors = 1'000'000;          // far above any real checkpoint (V3: ~92k over 163 shards)
};

// One tensor as the header declares it; offsets are relative to the data buffer.
struct SafetensorsTensorInfo {
  std::string name;
  std::string dtype_name;
  std::optional<DType> dtype;
  Shape shape;
  uint64_t begin = 0, end = 0;
};

struct SafetensorsHeader {
  uint64_t header_bytes = 0;   // N
  uint64_t data_offset = 0;    // 8 + N
  std::vector<SafetensorsTensorInfo> tensors;  // in data_offsets order
  std::map<std::string, std::string> metadata;  // __metadata__
};

// Validates a whole file held in memory. `name` is used in messages.
Result<SafetensorsHeader> parse_safetensors(std::span<const uint8_t> file, std::string_view name,
                                            const SafetensorsLimits& limits = {});

// Maps `path`, validates it and adds its tensors to `store` (file field = file name).
Status load_safetensors(const std::filesystem::path& path, TensorStore& store, const SafetensorsLimits& limits = {});

// A parsed model.safetensors.index.json.
struct SafetensorsIndex {
  uint64_t total_size = 0;                      // informational
  std::map<std::string, std::string> weight_map;  // tensor name -> shard file name
  std::vector<std::string> shards;              // distinct shard names, sorted
};

// Validates the index JSON; shard names must be plain relative paths inside the folder.
Result<SafetensorsIndex> parse_safetensors_index(std::string_view json, std::string_view name);

// Loads every shard of an index, checks each listed tensor is in exactly its shard, refuses shard
// paths that leave `folder` (.., absolute, symlinks), and adds the tensors to `store`.
Status load_sharded_safetensors(const std::filesystem::path& index_path, TensorStore& store,
                                const SafetensorsLimits& limits = {});

}  // namespace dsw
