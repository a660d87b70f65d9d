// SHA-256 block compression with the x86 SHA extensions.
//
// The state is kept as two vectors, ABEF and CDGH, the layout sha256rnds2 works on. Each group of
// four rounds adds the round constants to four message words and runs sha256rnds2 twice (two
// rounds each); the message schedule W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16] is
// computed four words at a time by sha256msg1 (the σ0 part), an alignr for W[t-7] and
// sha256msg2 (the σ1 part), interleaved with the rounds.
#include "core/sha256_blocks.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

namespace dsw::detail {

bool sha256_shani_supported() noexcept {
  static const bool supported = [] {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    const bool sha = (b >> 29) & 1;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
    const bool ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
    return sha && ssse3 && sse41;
  }();
  return supported;
}

__attribute__((target("sha,ssse3,sse4.1"))) void sha256_blocks_shani(uint32_t state[8], const uint8_t* data,
                                                                      size_t blocks) noexcept {
  if (!sha256_shani_supported()) return;
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state));        // lanes A B C D
  __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(state + 4)); // lanes E F G H
  tmp = _mm_shuffle_epi32(tmp, 0xB1);                                             // B A D C
  state1 = _mm_shuffle_epi32(state1, 0x1B);                                       // H G F E
  __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);                               // ABEF
  state1 = _mm_blend_epi16(state1, tmp, 0xF0);                                    // CDGH

  for (; blocks; --blocks, data += 64) {
    const __m128i abef_saved = state0, cdgh_saved = state1;
    __m128i m[4];
#pragma GCC unroll 16
    for (int g = 0; g < 16; ++g) {
      if (g < 4) m[g] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + 16 * g)), byte_swap);
      __m128i msg = _mm_add_epi32(m[g % 4], _mm_loadu_si128(reinterpret_cast<const __m128i*>(kSha256K + 4 * g)));
      state1 = _mm_sha256rnds2_epu32(state1, state0, msg);
      if (g >= 3 && g <= 14) {  // W for group g + 1 from groups g - 3 .. g
        __m128i& next = m[(g + 1) % 4];
        next = _mm_add_epi32(next, _mm_alignr_epi8(m[g % 4], m[(g + 3) % 4], 4));
        next = _mm_sha256msg2_epu32(next, m[g % 4]);
      }
      msg = _mm_shuffle_epi32(msg, 0x0E);
      state0 = _mm_sha256rnds2_epu32(state0, state1, msg);
      if (g >= 1 && g <= 12) m[(g + 3) % 4] = _mm_sha256msg1_epu32(m[(g + 3) % 4], m[g % 4]);
    }
    state0 = _mm_add_epi32(state0, abef_saved);
    state1 = _mm_add_epi32(state1, cdgh_saved);
  }

  tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
  state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
  state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
  state1 = _mm_alignr_epi8(state1, tmp, 8);     // HGFE
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state), state0);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(state + 4), state1);
}

}  // namespace dsw::detail

#else

namespace dsw::detail {
bool sha256_shani_supported() noexcept { return false; }
void sha256_blocks_shani(uint32_t*, const uint8_t*, size_t) noexcept {}
}  // namespace dsw::detail

#endif
