// libFuzzer target: parse_llama2c on arbitrary bytes; every tensor view is read at both ends.
#include <dsw/llama2c.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The parser refuses bytes that are not 4-byte aligned (views are float arrays): copy into an
  // aligned buffer so the fuzzer explores the format, not the address.
  std::vector<uint32_t> aligned((size + 3) / 4);
  if (size) std::memcpy(aligned.data(), data, size);
  auto r = dsw::parse_llama2c({reinterpret_cast<const uint8_t*>(aligned.data()), size}, "fuzz.bin");
  if (!r.is_ok()) return 0;
  volatile float sink = 0;
  for (const auto& e : r->tensors.entries()) {
    const float* p = e.tensor.data_as<const float>();
    int64_t n = e.tensor.numel();
    if (n > 0) sink = sink + p[0] + p[n - 1];
  }
  return 0;
}
