// libFuzzer target: parse_safetensors_index on arbitrary text. Traps when an accepted index names
// a shard that could leave the model folder lexically ('..', absolute, backslash, drive letter),
// or when the shard list disagrees with weight_map.
// Seeds: tests/fuzz/corpus/safetensors_index/; dictionary: tests/fuzz/safetensors.dict.
#include <dsw/safetensors.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto r = dsw::parse_safetensors_index(text, "fuzz.index.json");
  if (!r.is_ok()) return 0;
  const dsw::SafetensorsIndex& index = *r;
  if (index.weight_map.empty() || index.shards.empty()) __builtin_trap();
  for (const auto& [tensor, shard] : index.weight_map) {
    if (tensor.empty() || shard.empty() || shard.front() == '/') __builtin_trap();
    if (shard.find('\\') != std::string::npos || shard.find(':') != std::string::npos) __builtin_trap();
    std::string_view s = shard;
    for (size_t start = 0;;) {
      size_t slash = s.find('/', start);
      std::string_view part = s.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
      if (part.empty() || part == "." || part == "..") __builtin_trap();
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    if (!std::binary_search(index.shards.begin(), index.shards.end(), shard)) __builtin_trap();
  }
  return 0;
}
