// Codec: fitting, coding and block packing of the stored weight types (see codec.h).
#include "quant/codec.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dsw::quant {
namespace {

constexpr int64_t kBlock = 32;   // Q8_0 / Q4_0 block
constexpr int64_t kSuper = 256;  // K super-block

float f16_round(float v, uint16_t& bits) {
  bits = f32_to_f16(v);
  return f16_to_f32(bits);
}

// Continuous (lo, scale) for 15 levels over w[0..n) minimising the squared error among a few
// shrunk ranges; lo <= 0 (a K-type min is subtracted, so the offset cannot be positive).
void best_range_u4(const float* w, int n, float& lo_out, float& scale_out) {
  float lo = 0, hi = w[0];
  for (int i = 0; i < n; ++i) lo = std::min(lo, w[i]), hi = std::max(hi, w[i]);
  float best = INFINITY;
  lo_out = lo;
  scale_out = (hi - lo) / 15.0f;
  static constexpr float kShrink[] = {1.0f, 0.95f, 0.9f, 0.85f, 0.8f, 0.7f};
  for (float fl : kShrink)
    for (float fh : kShrink) {
      const float l = lo * fl, h = hi >= 0 ? hi * fh : hi;
      const float s = (h - l) / 15.0f;
      if (!(s > 0)) continue;
      float err = 0;
      for (int i = 0; i < n; ++i) {
        const float u = std::clamp(std::nearbyint((w[i] - l) / s), 0.0f, 15.0f);
        const float e = l + s * u - w[i];
        err += e * e;
      }
      if (err < best) best = err, lo_out = l, scale_out = s;
    }
}

}  // namespace

bool codec_fits(CodecKind kind, int64_t group, int64_t n) noexcept {
  if (n <= 0) return false;
  switch (kind) {
    case CodecKind::q8_0:
    case CodecKind::q4_0:
    case CodecKind::q4_1:
      return n % kBlock == 0 && (group <= 0 || (group % kBlock == 0 && n % group == 0));
    case CodecKind::q4_k:
    case CodecKind::q6_k:
      return n % kSuper == 0;
    case CodecKind::zero_point:
      return group <= 0 || n % group == 0;
  }
  return false;
}

Codec::Codec(CodecKind kind, int bits, int64_t group, int64_t n) : kind_(kind), bits_(bits), n_(n) {
  switch (kind) {
    case CodecKind::q8_0: bits_ = 8, sub_ = kBlock; break;
    case CodecKind::q4_0: bits_ = 4, sub_ = kBlock; break;
    case CodecKind::q4_1: bits_ = 4, sub_ = kBlock; break;
    case CodecKind::q4_k: bits_ = 4, sub_ = 32, group = kSuper; break;
    case CodecKind::q6_k: bits_ = 6, sub_ = 16, group = kSuper; break;
    case CodecKind::zero_point:
      if (bits != 4 && bits != 8) fail_invalid("bits must be 4 or 8, not " + std::to_string(bits));
      sub_ = group <= 0 ? n : group;
      break;
  }
  group_ = group <= 0 ? n : group;
  qmax_ = (1 << bits_) - 1;
  if (!codec_fits(kind, group, n))
    fail_invalid("rows of " + std::to_string(n) + " values cannot be stored as " + name());
}

DType Codec::stored_dtype() const noexcept {
  switch (kind_) {
    case CodecKind::q8_0: return DType::q8_0;
    case CodecKind::q4_0: return DType::q4_0;
    case CodecKind::q4_1: return DType::q4_1;
    case CodecKind::q4_k: return DType::q4_k;
    case CodecKind::q6_k: return DType::q6_k;
    case CodecKind::zero_point: return DType::f32;
  }
  return DType::f32;
}

std::string Codec::name() const {
  const std::string g = group_ >= n_ ? " per-channel" : " g" + std::to_string(group_);
  switch (kind_) {
    case CodecKind::q8_0: return "q8_0" + g;
    case CodecKind::q4_0: return "q4_0" + g;
    case CodecKind::q4_1: return "q4_1" + g;
    case CodecKind::q4_k: return "q4_k";
    case CodecKind::q6_k: return "q6_k";
    case CodecKind::zero_point: return "int" + std::to_string(bits_) + " asym" + g;
  }
  return "?";
}

void Codec::fit(const float* row, int64_t c0, SubParams* out) const {
  const float* w = row + c0;
  const int64_t n = group_, n_sub = group_ / sub_;
  switch (kind_) {
    case CodecKind::q8_0: {  // d = max|w| / 127; q = round(w / d) from the fp32 d (ggml)
      float amax = 0;
      for (int64_t i = 0; i < n; ++i) amax = std::max(amax, std::fabs(w[i]));
      SubParams p;
      const float d = amax / 127.0f;
      p.inv = d != 0 ? 1.0f / d : 0.0f;
      p.a = f16_round(d, p.d16);
      p.b = -128.0f * p.a;
      p.zero = 128;
      std::fill(out, out + n_sub, p);
      return;
    }
    case CodecKind::q4_0: {  // d = m / −8 with m the element of largest magnitude (ggml)
      float amax = 0, m = 0;
      for (int64_t i = 0; i < n; ++i)
        if (std::fabs(w[i]) > amax) amax = std::fabs(w[i]), m = w[i];
      SubParams p;
      const float d = m / -8.0f;
      p.inv = d != 0 ? 1.0f / d : 0.0f;
      p.a = f16_round(d, p.d16);
      p.b = -8.0f * p.a;
      p.zero = 8;
      std::fill(out, out + n_sub, p);
      return;
    }
    case CodecKind::q4_1: {  // d = (max − min) / 15, m = min; q from the fp32 d and min (ggml)
      float lo = w[0], hi = w[0];
      for (int64_t i = 0; i < n; ++i) lo = std::min(lo, w[i]), hi = std::max(hi, w[i]);
      SubParams p;
      const float d = (hi - lo) / 15.0f;
      p.inv = d != 0 ? 1.0f / d : 0.0f;
      p.zero = lo;  // the fp32 min the codes are computed from
      p.a = f16_round(d, p.d16);
      p.b = f16_round(lo, p.m16);
      std::fill(out, out + n_sub, p);
      return;
    }
    case CodecKind::q4_k: fit_k4(w, out); return;
    case CodecKind::q6_k: fit_k6(w, out); return;
    case CodecKind::zero_point: {  // s = (max − min) / qmax rounded to fp16 first; z = round(−min / s)
      float lo = w[0], hi = w[0];
      for (int64_t i = 0; i < n; ++i) lo = std::min(lo, w[i]), hi = std::max(hi, w[i]);
      float s = (hi - lo) / float(qmax_);
      if (!(s > 0)) s = lo != 0 ? std::fabs(lo) : 1.0f;
      SubParams p;
      p.a = f16_round(s, p.d16);
      if (!(p.a > 0)) p.a = s;  // below fp16's range: keep the fp32 scale
      p.inv = 1.0f / p.a;
      p.zero = std::clamp(std::nearbyint(-lo / p.a), 0.0f, float(qmax_));
      p.b = -p.a * p.zero;
      out[0] = p;
      return;
    }
  }
}

void Codec::fit_k4(const float* w, SubParams* out) const {
  float scale[8], minv[8], smax = 0, mmax = 0;
  for (int j = 0; j < 8; ++j) {
    float lo, s;
    best_range_u4(w + j * 32, 32, lo, s);
    scale[j] = s, minv[j] = -lo;
    smax = std::max(smax, s), mmax = std::max(mmax, -lo);
  }
  uint16_t d16, m16;
  const float d = f16_round(smax / 63.0f, d16), dmin = f16_round(mmax / 63.0f, m16);
  for (int j = 0; j < 8; ++j) {
    SubParams& p = out[j];
    p.d16 = d16, p.m16 = m16;
    const int sc = d > 0 ? std::clamp(int(std::nearbyint(scale[j] / d)), 0, 63) : 0;
    const int mn = dmin > 0 ? std::clamp(int(std::nearbyint(minv[j] / dmin)), 0, 63) : 0;
    p.sc = int8_t(sc), p.mn = int8_t(mn);
    p.a = d * float(sc);
    p.b = -(dmin * float(mn));
    p.inv = p.a > 0 ? 1.0f / p.a : 0.0f;
  }
}

void Codec::fit_k6(const float* w, SubParams* out) const {
  float scale[16], smax = 0;
  for (int j = 0; j < 16; ++j) {
    float amax = 0, m = 0;
    for (int i = 0; i < 16; ++i)
      if (std::fabs(w[j * 16 + i]) > amax) amax = std::fabs(w[j * 16 + i]), m = w[j * 16 + i];
    scale[j] = m / -32.0f;
    smax = std::max(smax, std::fabs(scale[j]));
  }
  uint16_t d16;
  const float d = f16_round(smax / 127.0f, d16);
  for (int j = 0; j < 16; ++j) {
    SubParams& p = out[j];
    p.d16 = d16;
    const int sc = d > 0 ? std::clamp(int(std::nearbyint(scale[j] / d)), -128, 127) : 0;
    p.sc = int8_t(sc);
    p.a = d * float(sc);
    p.b = -32.0f * p.a;
    p.zero = 32;
    p.inv = p.a != 0 ? 1.0f / p.a : 0.0f;
  }
}

int Codec::code(float w, const SubParams& p) const noexcept {
  switch (kind_) {
    case CodecKind::q8_0: return int(std::clamp(std::round(w * p.inv), -128.0f, 127.0f)) + 128;
    case CodecKind::q4_0: return std::clamp(int(std::floor(w * p.inv + 8.5f)), 0, 15);
    case CodecKind::q4_1: return std::clamp(int(std::floor((w - p.zero) * p.inv + 0.5f)), 0, 15);
    case CodecKind::q4_k: return int(std::clamp(std::nearbyint((w - p.b) * p.inv), 0.0f, 15.0f));
    case CodecKind::q6_k: return int(std::clamp(std::nearbyint(w * p.inv) + 32.0f, 0.0f, 63.0f));
    case CodecKind::zero_point: return int(std::clamp(std::nearbyint(w * p.inv) + p.zero, 0.0f, float(qmax_)));
  }
  return 0;
}

bool Codec::code_in_range(float w, const SubParams& p) const noexcept {
  // The same expressions as code(), before their clamp.
  float u = 0, hi = float(qmax_);
  switch (kind_) {
    case CodecKind::q8_0: u = std::round(w * p.inv) + 128.0f, hi = 255.0f; break;
    case CodecKind::q4_0: u = std::floor(w * p.inv + 8.5f), hi = 15.0f; break;
    case CodecKind::q4_k: u = std::nearbyint((w - p.b) * p.inv), hi = 15.0f; break;
    case CodecKind::q6_k: u = std::nearbyint(w * p.inv) + 32.0f, hi = 63.0f; break;
    case CodecKind::zero_point: u = std::nearbyint(w * p.inv) + p.zero; break;
  }
  return u >= 0.0f && u <= hi;
}

float Codec::value(int u, const SubParams& p) const noexcept {
  switch (kind_) {
    case CodecKind::q8_0: return p.a * float(u - 128);
    case CodecKind::q4_0: return p.a * float(u - 8);
    case CodecKind::q4_1: return p.a * float(u) + p.b;
    case CodecKind::q4_k: return p.a * float(u) + p.b;
    case CodecKind::q6_k: return p.a * float(u - 32);
    case CodecKind::zero_point: return p.a * (float(u) - p.zero);
  }
  return 0;
}

uint64_t Codec::row_bytes() const noexcept {
  if (kind_ == CodecKind::zero_point) return uint64_t(n_) * 4;
  return *dtype_bytes(stored_dtype(), uint64_t(n_));
}

void Codec::pack_row(const uint8_t* u, const SubParams* params, void* dst_v) const {
  auto* dst = static_cast<uint8_t*>(dst_v);
  auto put16 = [](uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); };
  const int64_t per_group = group_ / sub_;
  auto param = [&](int64_t col) -> const SubParams& { return params[(col / group_) * per_group + (col % group_) / sub_]; };
  switch (kind_) {
    case CodecKind::q8_0:
      for (int64_t k = 0; k < n_ / kBlock; ++k, dst += 34) {
        put16(dst, param(k * kBlock).d16);
        for (int j = 0; j < 32; ++j) dst[2 + j] = uint8_t(int8_t(int(u[k * 32 + j]) - 128));
      }
      return;
    case CodecKind::q4_0:
      for (int64_t k = 0; k < n_ / kBlock; ++k, dst += 18) {
        put16(dst, param(k * kBlock).d16);
        for (int j = 0; j < 16; ++j) dst[2 + j] = uint8_t(u[k * 32 + j] | (u[k * 32 + j + 16] << 4));
      }
      return;
    case CodecKind::q4_1:
      for (int64_t k = 0; k < n_ / kBlock; ++k, dst += 20) {
        put16(dst, param(k * kBlock).d16);
        put16(dst + 2, param(k * kBlock).m16);
        for (int j = 0; j < 16; ++j) dst[4 + j] = uint8_t(u[k * 32 + j] | (u[k * 32 + j + 16] << 4));
      }
      return;
    case CodecKind::q4_k:
      for (int64_t k = 0; k < n_ / kSuper; ++k, dst += 144) {
        const SubParams* p = params + k * 8;
        const uint8_t* q = u + k * kSuper;
        put16(dst, p[0].d16);
        put16(dst + 2, p[0].m16);
        uint8_t* s = dst + 4;
        for (int j = 0; j < 4; ++j) {
          const int sc_lo = p[j].sc, mn_lo = p[j].mn, sc_hi = p[j + 4].sc, mn_hi = p[j + 4].mn;
          s[j] = uint8_t(sc_lo | ((sc_hi >> 4) << 6));
          s[j + 4] = uint8_t(mn_lo | ((mn_hi >> 4) << 6));
          s[j + 8] = uint8_t((sc_hi & 15) | ((mn_hi & 15) << 4));
        }
        uint8_t* qs = dst + 16;
        for (int c = 0; c < 4; ++c)
          for (int l = 0; l < 32; ++l) qs[32 * c + l] = uint8_t(q[64 * c + l] | (q[64 * c + 32 + l] << 4));
      }
      return;
    case CodecKind::q6_k:
      for (int64_t k = 0; k < n_ / kSuper; ++k, dst += 210) {
        const SubParams* p = params + k * 16;
        const uint8_t* q = u + k * kSuper;
        uint8_t *ql = dst, *qh = dst + 128;
        std::memset(qh, 0, 64);
        for (int n = 0; n < 2; ++n) {
          for (int l = 0; l < 64; ++l)
            ql[64 * n + l] = uint8_t((q[128 * n + l] & 15) | ((q[128 * n + 64 + l] & 15) << 4));
          for (int j = 0; j < 4; ++j)
            for (int l = 0; l < 32; ++l) qh[32 * n + l] |= uint8_t((q[128 * n + 32 * j + l] >> 4) << (2 * j));
        }
        for (int j = 0; j < 16; ++j) dst[192 + j] = uint8_t(p[j].sc);
        put16(dst + 208, p[0].d16);
      }
      return;
    case CodecKind::zero_point: {
      auto* f = reinterpret_cast<float*>(dst);
      for (int64_t c = 0; c < n_; ++c) {
        const float v = value(u[c], param(c));
        std::memcpy(f + c, &v, 4);
      }
      return;
    }
  }
}

void rtn_rows(const Codec& codec, const float* w, int64_t rows, uint8_t* out, float* deq) {
  const int64_t n = codec.row_length(), per_group = codec.group() / codec.sub();
  std::vector<SubParams> params(static_cast<size_t>(n / codec.group() * per_group));
  std::vector<uint8_t> codes(static_cast<size_t>(n));
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = w + r * n;
    for (int64_t c0 = 0; c0 < n; c0 += codec.group()) codec.fit(row, c0, params.data() + (c0 / codec.group()) * per_group);
    for (int64_t c = 0; c < n; ++c) {
      const SubParams& p = params[size_t((c / codec.group()) * per_group + (c % codec.group()) / codec.sub())];
      const int u = codec.code(row[c], p);
      codes[size_t(c)] = uint8_t(u);
      if (deq) deq[r * n + c] = codec.value(u, p);
    }
    codec.pack_row(codes.data(), params.data(), out + uint64_t(r) * codec.row_bytes());
  }
}

}  // namespace dsw::quant
