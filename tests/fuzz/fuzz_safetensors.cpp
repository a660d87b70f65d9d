// libFuzzer target: parse_safetensors on arbitrary bytes (the whole file held in memory).
// Besides crashes and sanitizer reports it traps when an accepted file breaks an invariant the
// loader relies on to build views: offsets sorted and contiguous from 0, sizes matching shapes,
// and the data buffer ending exactly at the end of the input.
// Seeds: tests/fuzz/corpus/safetensors/; dictionary: tests/fuzz/safetensors.dict.
#include <dsw/safetensors.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = dsw::parse_safetensors(std::span<const uint8_t>(data, size), "fuzz.safetensors");
  if (!r.is_ok()) {
    if (r.status().message().rfind("fuzz.safetensors: ", 0) != 0) __builtin_trap();  // messages name the file
    return 0;
  }
  const dsw::SafetensorsHeader& h = *r;
  if (h.data_offset != h.header_bytes + 8 || h.data_offset > size) __builtin_trap();
  uint64_t start = 0;
  for (const auto& t : h.tensors) {
    if (t.name.empty() || t.begin != start || t.end < t.begin) __builtin_trap();
    if (t.shape.checked_numel() < 0) __builtin_trap();
    start = t.end;
  }
  if (start != size - h.data_offset) __builtin_trap();
  return 0;
}
