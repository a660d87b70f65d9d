// Matmul: one-pass GEMV for decode, tiled f32 conversion + OpenBLAS sgemm for prefill.
#include "cpu/matmul.h"

#include "cpu/kernels.h"

#include <dsw/dtype.h>

#include "cpu/blas.h"

#include <algorithm>
#include <cstring>
#include <mutex>

namespace dsw::cpu {
namespace {

int wtype_index(DType t) {
  switch (t) {
    case DType::f32: return int(WType::f32);
    case DType::f16: return int(WType::f16);
    case DType::bf16: return int(WType::bf16);
    case DType::q8_0: return int(WType::q8_0);
    case DType::q4_0: return int(WType::q4_0);
    default: return -1;  // f8_e4m3: widened through weight_rows_to_f32
  }
}

// FP8 e4m3 -> f32 lookup table.
const float* fp8_table() {
  static const auto table = [] {
    std::vector<float> t(256);
    for (int c = 0; c < 256; ++c) t[size_t(c)] = f8_e4m3_to_f32(uint8_t(c));
    return t;
  }();
  return table.data();
}

}  // namespace

void weight_rows_to_f32(const StoredWeight& w, int64_t r0, int64_t n, float* out) {
  const auto& kt = kernels();
  const int64_t K = w.cols;
  if (w.w.dtype() == DType::f8_e4m3) {
    const float* lut = fp8_table();
    const float* scale = w.scale.data_as<const float>();
    const int64_t scale_cols = w.scale.dim(1);
    for (int64_t i = 0; i < n; ++i) {
      const uint8_t* src = w.row(r0 + i);
      const float* srow = scale + ((w.row_offset + r0 + i) / w.block_rows) * scale_cols;
      float* dst = out + i * K;
      for (int64_t k = 0; k < K; ++k) dst[k] = lut[src[k]] * srow[k / w.block_cols];
    }
    return;
  }
  auto fn = kt.to_f32[wtype_index(w.w.dtype())];
  for (int64_t i = 0; i < n; ++i) fn(w.row(r0 + i), out + i * K, K);
}

Matmul::Matmul(ThreadPool& pool) : pool_(pool), scratch_(size_t(pool.size())) {}

void Matmul::run(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy) {
  if (T <= 0) return;
  if (T <= kGemvRows) gemv(x, T, ldx, w, y, ldy);
  else tiled(x, T, ldx, w, y, ldy);
}

void Matmul::gemv(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy) {
  const auto& kt = kernels();
  const int wi = wtype_index(w.w.dtype());
  const int64_t K = w.cols;
  const bool has_bias = !w.bias.empty();
  const size_t rb = size_t(w.w.row_bytes());
  pool_.parallel_for(w.rows, [&](int64_t r0, int64_t r1, int tid) {
    if (wi >= 0) {
      kt.gemv[wi](w.row(r0), rb, r1 - r0, x, ldx, K, int(T), y + r0, ldy);
    } else {  // FP8: widen each row (with its block scales), then an f32 dot
      auto& row_buf = scratch_[size_t(tid)];
      if (int64_t(row_buf.size()) < K) row_buf.resize(size_t(K));
      float out[kMaxDotRows];
      for (int64_t r = r0; r < r1; ++r) {
        weight_rows_to_f32(w, r, 1, row_buf.data());
        kt.dot[int(WType::f32)](row_buf.data(), x, ldx, K, int(T), out);
        for (int64_t t = 0; t < T; ++t) y[t * ldy + r] = out[t];
      }
    }
    if (has_bias)
      for (int64_t t = 0; t < T; ++t)
        for (int64_t r = r0; r < r1; ++r) y[t * ldy + r] += w.bias[size_t(r)];
  }, 16);
}

void Matmul::tiled(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy) {
  const int64_t K = w.cols, N = w.rows;
  // Tile of output rows whose f32 copy fits in about 1 MiB (L2-resident next to the activations).
  int64_t nc = std::clamp<int64_t>((int64_t(1) << 18) / std::max<int64_t>(K, 1), 16, 256) / 16 * 16;
  const int64_t tiles = (N + nc - 1) / nc;
  const bool f32 = w.w.dtype() == DType::f32;
  pool_.parallel_for(tiles, [&](int64_t c0, int64_t c1, int tid) {
    auto& buf = scratch_[size_t(tid)];
    if (!f32 && int64_t(buf.size()) < nc * K) buf.resize(size_t(nc * K));
    for (int64_t c = c0; c < c1; ++c) {
      const int64_t n0 = c * nc, n = std::min(nc, N - n0);
      const float* B;
      if (f32) {
        B = reinterpret_cast<const float*>(w.row(n0));
      } else {
        weight_rows_to_f32(w, n0, n, buf.data());
        B = buf.data();
      }
      blas::sgemm(blas::no_trans, blas::trans, int(T), int(n), int(K), 1.0f, x, int(ldx), B, int(K), 0.0f, y + n0,
                  int(ldy));
      if (!w.bias.empty())
        for (int64_t t = 0; t < T; ++t)
          for (int64_t j = 0; j < n; ++j) y[t * ldy + n0 + j] += w.bias[size_t(n0 + j)];
    }
  });
}

}  // namespace dsw::cpu
