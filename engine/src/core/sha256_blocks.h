// SHA-256 compression over whole 64-byte blocks: a portable version and one using the x86 SHA
// extensions (SHA-NI, about ten times faster: hashing a multi-gigabyte checkpoint goes from
// minutes to seconds). sha256_blocks picks the fastest the CPU supports, once.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsw::detail {

extern const uint32_t kSha256K[64];

void sha256_blocks_portable(uint32_t state[8], const uint8_t* data, size_t blocks) noexcept;
// Only callable when sha256_shani_supported(); otherwise does nothing.
void sha256_blocks_shani(uint32_t state[8], const uint8_t* data, size_t blocks) noexcept;
bool sha256_shani_supported() noexcept;

void sha256_blocks(uint32_t state[8], const uint8_t* data, size_t blocks) noexcept;

}  // namespace dsw::detail
