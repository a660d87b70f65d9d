// libFuzzer target: parse_llama2c_tokenizer on arbitrary bytes, both read-to-end and with a vocab
// size taken from the input's first byte.
#include <dsw/llama2c.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  int32_t vocab = data[0] == 0xFF ? -1 : int32_t(data[0]);
  auto r = dsw::parse_llama2c_tokenizer({data + 1, size - 1}, vocab, "fuzz_tok.bin");
  if (r.is_ok()) {
    size_t total = 0;
    for (const auto& p : r->pieces) total += p.size();
    if (r->pieces.size() != r->scores.size() || total > size) __builtin_trap();
  }
  return 0;
}
