// Portable kernels for the block-quantised weight types: the reference every SIMD variant is
// tested against, and the rows a table uses where it has no faster one.
//
// Each block is decoded into the unsigned form of quant_blocks.h (u, and a scale a and offset b
// per 16 weights); the integer dot products then follow ggml's scheme: activations quantised to
// int8 per 32 (kernels.h), Σ w·x = Σ_g a_g·d_g·Σ(u·q) + b_g·s_g.
#include "cpu/kernels.h"
#include "cpu/quant_blocks.h"

#include <math.h>

namespace dsw::cpu {
namespace {
#include "cpu/kernels_impl.inc"

void decode_32(const uint8_t* qs16, float d, float off, uint8_t* u, float* a, float* b) {
  for (int j = 0; j < 16; ++j) {
    u[j] = qs16[j] & 15;
    u[j + 16] = qs16[j] >> 4;
  }
  a[0] = a[1] = d;
  b[0] = b[1] = off;
}

void add_fifth_bit(const uint8_t* qh, uint8_t* u) {
  const uint32_t h = uint32_t(qh[0]) | uint32_t(qh[1]) << 8 | uint32_t(qh[2]) << 16 | uint32_t(qh[3]) << 24;
  for (int j = 0; j < 32; ++j) u[j] = uint8_t(u[j] | (((h >> j) & 1) << 4));
}

}  // namespace

void decode_block(WType t, const uint8_t* blk, uint8_t* u, float* a, float* b) {
  switch (t) {
    case WType::q8_0: {
      auto* p = reinterpret_cast<const KBlockQ8_0*>(blk);
      const float d = k_f16_to_f32(p->d);
      for (int j = 0; j < 32; ++j) u[j] = uint8_t(int(p->qs[j]) + 128);
      a[0] = a[1] = d;
      b[0] = b[1] = -128.0f * d;
      break;
    }
    case WType::q4_0: {
      auto* p = reinterpret_cast<const KBlockQ4_0*>(blk);
      const float d = k_f16_to_f32(p->d);
      decode_32(p->qs, d, -8.0f * d, u, a, b);
      break;
    }
    case WType::q4_1: {
      auto* p = reinterpret_cast<const KBlockQ4_1*>(blk);
      decode_32(p->qs, k_f16_to_f32(p->d), k_f16_to_f32(p->m), u, a, b);
      break;
    }
    case WType::q5_0: {
      auto* p = reinterpret_cast<const KBlockQ5_0*>(blk);
      const float d = k_f16_to_f32(p->d);
      decode_32(p->qs, d, -16.0f * d, u, a, b);
      add_fifth_bit(p->qh, u);
      break;
    }
    case WType::q5_1: {
      auto* p = reinterpret_cast<const KBlockQ5_1*>(blk);
      decode_32(p->qs, k_f16_to_f32(p->d), k_f16_to_f32(p->m), u, a, b);
      add_fifth_bit(p->qh, u);
      break;
    }
    case WType::q2_k: {
      auto* p = reinterpret_cast<const KBlockQ2_K*>(blk);
      const float d = k_f16_to_f32(p->d), dmin = k_f16_to_f32(p->dmin);
      for (int e = 0; e < 256; ++e) {
        const int n = e / 128, j = (e % 128) / 32, l = e % 32;
        u[e] = (p->qs[32 * n + l] >> (2 * j)) & 3;
      }
      for (int g = 0; g < 16; ++g) {
        a[g] = d * float(p->scales[g] & 15);
        b[g] = -(dmin * float(p->scales[g] >> 4));
      }
      break;
    }
    case WType::q3_k: {
      auto* p = reinterpret_cast<const KBlockQ3_K*>(blk);
      const float d = k_f16_to_f32(p->d);
      int8_t sc[16];
      k_q3_k_scales(p->scales, sc);
      for (int e = 0; e < 256; ++e) {
        const int n = e / 128, j = (e % 128) / 32, l = e % 32;
        const int low = (p->qs[32 * n + l] >> (2 * j)) & 3;
        const int high = (p->hmask[l] >> (4 * n + j)) & 1;
        u[e] = uint8_t(low | (high << 2));
      }
      for (int g = 0; g < 16; ++g) {
        a[g] = d * float(sc[g]);
        b[g] = -4.0f * a[g];
      }
      break;
    }
    case WType::q4_k:
    case WType::q5_k: {
      const bool five = t == WType::q5_k;
      auto* p4 = reinterpret_cast<const KBlockQ4_K*>(blk);
      auto* p5 = reinterpret_cast<const KBlockQ5_K*>(blk);
      const float d = k_f16_to_f32(five ? p5->d : p4->d), dmin = k_f16_to_f32(five ? p5->dmin : p4->dmin);
      const uint8_t* scales = five ? p5->scales : p4->scales;
      const uint8_t* qs = five ? p5->qs : p4->qs;
      for (int c = 0; c < 4; ++c)
        for (int l = 0; l < 32; ++l) {
          uint8_t lo = qs[32 * c + l] & 15, hi = qs[32 * c + l] >> 4;
          if (five) {
            lo = uint8_t(lo | (((p5->qh[l] >> (2 * c)) & 1) << 4));
            hi = uint8_t(hi | (((p5->qh[l] >> (2 * c + 1)) & 1) << 4));
          }
          u[64 * c + l] = lo;
          u[64 * c + 32 + l] = hi;
        }
      for (int j = 0; j < 8; ++j) {
        uint8_t sc, m;
        k_scale_min_k4(scales, j, &sc, &m);
        a[2 * j] = a[2 * j + 1] = d * float(sc);
        b[2 * j] = b[2 * j + 1] = -(dmin * float(m));
      }
      break;
    }
    case WType::q6_k: {
      auto* p = reinterpret_cast<const KBlockQ6_K*>(blk);
      const float d = k_f16_to_f32(p->d);
      for (int e = 0; e < 256; ++e) {
        const int n = e / 128, r = e % 128, l = r % 64, j = r / 32;
        const uint8_t q = p->ql[64 * n + l];
        const int low = r < 64 ? (q & 15) : (q >> 4);
        const int high = (p->qh[32 * n + r % 32] >> (2 * j)) & 3;
        u[e] = uint8_t(low | (high << 4));
      }
      for (int g = 0; g < 16; ++g) {
        a[g] = d * float(p->scales[g]);
        b[g] = -32.0f * a[g];
      }
      break;
    }
    default:
      break;
  }
}

namespace {

constexpr int geometry_elems(WType t) { return kWTypeGeometry[int(t)].block_elems; }
constexpr int geometry_bytes(WType t) { return kWTypeGeometry[int(t)].block_bytes; }

template <WType W>
void to_f32_q(const void* w, float* out, int64_t K) {
  constexpr int E = geometry_elems(W), B = geometry_bytes(W);
  uint8_t u[256];
  float a[16], b[16];
  for (int64_t i = 0; i < K / E; ++i) {
    decode_block(W, static_cast<const uint8_t*>(w) + i * B, u, a, b);
    // Separate multiply and add (no FMA), as every SIMD variant does, so all tables agree bit for bit.
    for (int e = 0; e < E; ++e) {
      const float p = a[e / 16] * float(u[e]);
      out[i * E + e] = p + b[e / 16];
    }
  }
}

template <WType W>
void dot_q(const void* w, const float* x, int64_t ldx, int64_t K, int T, float* out) {
  constexpr int E = geometry_elems(W), B = geometry_bytes(W);
  float wf[256];
  for (int t = 0; t < T; ++t) out[t] = 0;
  for (int64_t i = 0; i < K / E; ++i) {
    to_f32_q<W>(static_cast<const uint8_t*>(w) + i * B, wf, E);
    for (int t = 0; t < T; ++t) {
      const float* xr = x + t * ldx + i * E;
      float s = 0;
      for (int e = 0; e < E; ++e) s += wf[e] * xr[e];
      out[t] += s;
    }
  }
}

// One weight row against T quantised activation rows.
template <WType W>
void dot_q8(const uint8_t* row, const uint8_t* act, size_t act_ld, int64_t K, int T, float* out) {
  constexpr int E = geometry_elems(W), B = geometry_bytes(W);
  uint8_t u[256];
  float a[16], b[16];
  for (int t = 0; t < T; ++t) out[t] = 0;
  for (int64_t i = 0; i < K / E; ++i) {
    decode_block(W, row + i * B, u, a, b);
    for (int t = 0; t < T; ++t) {
      const uint8_t* ar = act + size_t(t) * act_ld;
      const int8_t* q = reinterpret_cast<const int8_t*>(ar) + i * E;
      const float* d = act_q8_d(ar, K) + i * (E / 16);
      const float* s = act_q8_s(ar, K) + i * (E / 16);
      float acc = 0;
      for (int g = 0; g < E / 16; ++g) {
        int32_t isum = 0;
        for (int e = 0; e < 16; ++e) isum += int32_t(u[16 * g + e]) * int32_t(q[16 * g + e]);
        acc += a[g] * d[g] * float(isum) + b[g] * s[g];
      }
      out[t] += acc;
    }
  }
}

template <WType W>
void gemv_q(const uint8_t* w, size_t rb, int64_t n, const void* act, size_t act_ld, int64_t K, int T, float* y, int64_t ldy) {
  float out[kMaxDotRows];
  for (int64_t r = 0; r < n; ++r) {
    if (r + 1 < n) __builtin_prefetch(w + (r + 1) * rb);
    dot_q8<W>(w + r * rb, static_cast<const uint8_t*>(act), act_ld, K, T, out);
    for (int t = 0; t < T; ++t) y[t * ldy + r] = out[t];
  }
}

}  // namespace

void quantize_act_generic(const float* x, int64_t ldx, int64_t K, int T, ActStyle style, uint8_t* out, size_t out_stride) {
  const int block = style == ActStyle::q8_k ? 256 : 32;
  for (int t = 0; t < T; ++t) {
    const float* xr = x + t * ldx;
    uint8_t* row = out + size_t(t) * out_stride;
    int8_t* q = reinterpret_cast<int8_t*>(row);
    float* d = const_cast<float*>(act_q8_d(row, K));
    float* s = const_cast<float*>(act_q8_s(row, K));
    for (int64_t b0 = 0; b0 < K; b0 += block) {
      float amax = 0;
      for (int j = 0; j < block; ++j) amax = fmaxf(amax, fabsf(xr[b0 + j]));
      // ggml's x86 quantisers: id = 127 / amax (not 1 / d); Q8_0/Q8_1 store d = amax / 127 as fp16,
      // Q8_K d = 1 / id in f32 (quantize_row_q8_K_ref; its sign convention gives the same d·q).
      const float db = amax / 127.0f;
      const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
      const float dq = style == ActStyle::q8_k ? (amax != 0.0f ? 1.0f / id : 0.0f) : k_round_to_f16(db);  // the d the block stores
      int32_t block_sum = 0;
      for (int64_t g = b0 / 16; g < (b0 + block) / 16; ++g) {
        int32_t sum = 0;
        for (int64_t j = 16 * g; j < 16 * g + 16; ++j) {
          const int v = int(nearbyintf(xr[j] * id));
          q[j] = int8_t(v);
          sum += v;
        }
        d[g] = dq;
        s[g] = dq * float(sum);
        block_sum += sum;
      }
      if (style == ActStyle::q8_1) {  // ggml's Q8_1 keeps fp16(d · Σq) per 32 (with d before rounding)
        s[b0 / 16] = k_round_to_f16_signed(db * float(block_sum));
        s[b0 / 16 + 1] = 0.0f;
      }
    }
  }
}

const RowDotFn kGenericQuantDot[kWTypes] = {nullptr,
                                            nullptr,
                                            nullptr,
                                            dot_q<WType::q8_0>,
                                            dot_q<WType::q4_0>,
                                            dot_q<WType::q4_1>,
                                            dot_q<WType::q5_0>,
                                            dot_q<WType::q5_1>,
                                            dot_q<WType::q2_k>,
                                            dot_q<WType::q3_k>,
                                            dot_q<WType::q4_k>,
                                            dot_q<WType::q5_k>,
                                            dot_q<WType::q6_k>};
const GemvRowsFn kGenericQuantGemv[kWTypes] = {nullptr,
                                               nullptr,
                                               nullptr,
                                               gemv_q<WType::q8_0>,
                                               gemv_q<WType::q4_0>,
                                               gemv_q<WType::q4_1>,
                                               gemv_q<WType::q5_0>,
                                               gemv_q<WType::q5_1>,
                                               gemv_q<WType::q2_k>,
                                               gemv_q<WType::q3_k>,
                                               gemv_q<WType::q4_k>,
                                               gemv_q<WType::q5_k>,
                                               gemv_q<WType::q6_k>};
const RowToF32Fn kGenericQuantToF32[kWTypes] = {nullptr,
                                                nullptr,
                                                nullptr,
                                                to_f32_q<WType::q8_0>,
                                                to_f32_q<WType::q4_0>,
                                                to_f32_q<WType::q4_1>,
                                                to_f32_q<WType::q5_0>,
                                                to_f32_q<WType::q5_1>,
                                                to_f32_q<WType::q2_k>,
                                                to_f32_q<WType::q3_k>,
                                                to_f32_q<WType::q4_k>,
                                                to_f32_q<WType::q5_k>,
                                                to_f32_q<WType::q6_k>};

}  // namespace dsw::cpu
