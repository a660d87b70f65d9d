// dtype table, checked sizes and scalar conversions.
#include <dsw/dtype.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <string>

namespace dsw {
namespace {

constexpr std::array<DTypeInfo, size_t(DType::count_)> kInfo = {{
    {"f32", 1, 4, true, false},
    {"f16", 1, 2, true, false},
    {"bf16", 1, 2, true, false},
    {"f64", 1, 8, true, false},
    {"f8_e4m3", 1, 1, true, false},
    {"f8_e5m2", 1, 1, true, false},
    {"i8", 1, 1, false, false},
    {"u8", 1, 1, false, false},
    {"i16", 1, 2, false, false},
    {"i32", 1, 4, false, false},
    {"i64", 1, 8, false, false},
    {"bool", 1, 1, false, false},
    {"q8_0", 32, 34, false, true},
    {"q4_0", 32, 18, false, true},
    {"q4_k", 256, 144, false, true},
    {"q6_k", 256, 210, false, true},
    {"q4_1", 32, 20, false, true},
    {"q5_0", 32, 22, false, true},
    {"q5_1", 32, 24, false, true},
    {"q2_k", 256, 84, false, true},
    {"q3_k", 256, 110, false, true},
    {"q5_k", 256, 176, false, true},
}};

uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
float float_of(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

}  // namespace

const DTypeInfo& dtype_info(DType t) noexcept {
  size_t i = size_t(t);
  return kInfo[i < kInfo.size() ? i : 0];
}

std::optional<uint64_t> dtype_bytes(DType t, uint64_t elems) noexcept {
  const auto& info = dtype_info(t);
  if (elems % info.block_elems != 0) return std::nullopt;
  uint64_t blocks = elems / info.block_elems;
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(blocks, uint64_t(info.block_bytes), &bytes)) return std::nullopt;
  return bytes;
}

std::optional<DType> dtype_from_name(std::string_view name) noexcept {
  std::string lower(name);
  for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  for (size_t i = 0; i < kInfo.size(); ++i)
    if (kInfo[i].name == lower) return DType(i);
  if (lower == "float32") return DType::f32;
  if (lower == "float16") return DType::f16;
  if (lower == "bfloat16") return DType::bf16;
  return std::nullopt;
}

float f16_to_f32(uint16_t h) noexcept {
  uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  if (exp == 0) {
    if (mant == 0) return float_of(sign);
    // subnormal: value = mant * 2^-24
    float v = float(mant) * 5.9604644775390625e-08f;
    return sign ? -v : v;
  }
  if (exp == 31) return float_of(sign | 0x7f800000u | (mant << 13));
  return float_of(sign | ((exp + 112) << 23) | (mant << 13));
}

uint16_t f32_to_f16(float f) noexcept {
  uint32_t x = bits_of(f);
  uint32_t sign = (x >> 16) & 0x8000;
  uint32_t absx = x & 0x7fffffff;
  if (absx >= 0x7f800000) return uint16_t(sign | 0x7c00 | (absx > 0x7f800000 ? 0x200 : 0));
  if (absx >= 0x477ff000) return uint16_t(sign | 0x7c00);  // rounds to inf
  if (absx < 0x38800000) {  // result is subnormal or zero
    // value / 2^-24 rounded to nearest even
    float v = float_of(absx) * 16777216.0f;
    uint32_t m = uint32_t(std::nearbyint(v));
    return uint16_t(sign | m);
  }
  uint32_t mant = absx & 0x7fffff;
  uint32_t exp = (absx >> 23) - 112;
  uint32_t h = (exp << 10) | (mant >> 13);
  uint32_t rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (h & 1))) ++h;
  return uint16_t(sign | h);
}

uint16_t f32_to_bf16(float f) noexcept {
  uint32_t x = bits_of(f);
  if ((x & 0x7fffffff) > 0x7f800000) return uint16_t((x >> 16) | 0x40);  // quiet NaN
  x += 0x7fff + ((x >> 16) & 1);
  return uint16_t(x >> 16);
}

float f8_e4m3_to_f32(uint8_t v) noexcept {
  uint32_t sign = uint32_t(v & 0x80) << 24;
  uint32_t exp = (v >> 3) & 0xf;
  uint32_t mant = v & 0x7;
  if (exp == 0xf && mant == 0x7) return float_of(sign | 0x7fc00000u);  // NaN (no inf in e4m3fn)
  if (exp == 0) {
    float r = float(mant) * 0.001953125f;  // mant * 2^-9
    return sign ? -r : r;
  }
  return float_of(sign | ((exp + 120) << 23) | (mant << 20));
}

uint8_t f32_to_f8_e4m3(float f) noexcept {
  if (std::isnan(f)) return 0x7f;
  uint8_t sign = std::signbit(f) ? 0x80 : 0;
  float a = std::fabs(f);
  if (a >= 448.0f) return uint8_t(sign | 0x7e);  // saturate to max finite
  // Brute force over the 127 non-negative finite codes: exact round-to-nearest-even, used only in
  // tests and fixture tooling, never on a hot path.
  uint8_t best = 0;
  float best_err = a;
  for (uint8_t c = 1; c <= 0x7e; ++c) {
    float e = std::fabs(f8_e4m3_to_f32(c) - a);
    if (e < best_err || (e == best_err && (c & 1) == 0)) {
      best = c;
      best_err = e;
    }
  }
  return uint8_t(sign | best);
}

}  // namespace dsw
