// Matmul: one-pass GEMV for decode, tiled f32 conversion + OpenBLAS sgemm for prefill.
#include "cpu/matmul.h"

#include "cpu/kernels.h"

#include <dsw/dtype.h>

#include "cpu/blas.h"
#include "cpu/convert.h"
#include "cpu/gemm_bf16.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace dsw::cpu {
namespace {

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

// Weight bytes a GEMV task must read to be worth a thread: waking a worker costs several µs (tens
// when the machine is busy), 128 KiB take ~8 µs at 15 GB/s. Small models then decode on one
// thread whatever the pool size, so a second thread never makes them slower.
constexpr double kMinTaskBytes = 128 * 1024;
// Multiply-adds a prefill task must do to be worth a thread (~10 µs at sgemm rates).
constexpr double kMinTaskMacs = 512 * 1024;

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
  // Quantised weights take int8 activations (quantised once here, shared by every thread).
  const void* act = x;
  size_t act_ld = size_t(ldx) * sizeof(float);
  if (wi >= 0 && wtype_is_quantized(WType(wi))) {
    act_ld = size_t(act_q8_row_bytes(K));
    if (act_.size() < size_t(T) * act_ld) act_.resize(size_t(T) * act_ld);
    kt.quantize_act(x, ldx, K, int(T), wtype_act_style(WType(wi)), act_.data(), act_ld);
    act = act_.data();
  }
  pool_.parallel_for(w.rows, [&](int64_t r0, int64_t r1, int tid) {
    if (wi >= 0) {
      kt.gemv[wi](w.row(r0), rb, r1 - r0, act, act_ld, K, int(T), y + r0, ldy);
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
  }, std::max<int64_t>(16, grain_for_work(double(rb), kMinTaskBytes)));
}

// The prefill engine for a weight type: bf16 hardware where it keeps the weights' precision
// (gemm_bf16.h), else tiles widened to f32 for OpenBLAS sgemm. DSW_PREFILL=sgemm forces the latter
// (accuracy comparisons). F32 weights always take sgemm: they are the exact reference path.
Bf16Gemm Matmul::prefill_engine(DType dt) {
  static const Bf16Gemm kind = [] {
    const char* force = std::getenv("DSW_PREFILL");
    return force && std::strcmp(force, "sgemm") == 0 ? Bf16Gemm::none : bf16_gemm_kind();
  }();
  if (kind == Bf16Gemm::amx && dt != DType::f32) return kind;
  if (kind == Bf16Gemm::avx512bf16 && dt == DType::bf16) return kind;
  return Bf16Gemm::none;
}

const float* Matmul::quantised_activations(const float* x, int64_t T, int64_t ldx, int64_t K, WType wt) {
  const auto& kt = kernels();
  const size_t act_ld = size_t(act_q8_row_bytes(K));
  if (act_.size() < size_t(T) * act_ld) act_.resize(size_t(T) * act_ld);
  if (xq_.size() < size_t(T * K)) xq_.resize(size_t(T * K));
  pool_.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    kt.quantize_act(x + t0 * ldx, ldx, K, int(t1 - t0), wtype_act_style(wt), act_.data() + size_t(t0) * act_ld, act_ld);
    for (int64_t t = t0; t < t1; ++t) {
      const uint8_t* row = act_.data() + size_t(t) * act_ld;
      const auto* q = reinterpret_cast<const int8_t*>(row);
      const float* d = act_q8_d(row, K);
      float* out = xq_.data() + t * K;
      for (int64_t k = 0; k < K; ++k) out[k] = d[k / 16] * float(q[k]);
    }
  }, grain_for_work(double(K), 64 * 1024));
  return xq_.data();
}

void Matmul::tiled(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy) {
  const int64_t K = w.cols, N = w.rows;
  // Quantised weights multiply the int8 activations decode uses, dequantised (kernels.h).
  if (const int wi = wtype_index(w.w.dtype()); wi >= 0 && wtype_is_quantized(WType(wi))) {
    x = quantised_activations(x, T, ldx, K, WType(wi));
    ldx = K;
  }
  if (const Bf16Gemm kind = prefill_engine(w.w.dtype()); kind != Bf16Gemm::none) {
    const WeightRows rows{&w, [](const void* ctx, int64_t r0, int64_t n, float* out) {
                            weight_rows_to_f32(*static_cast<const StoredWeight*>(ctx), r0, n, out);
                          }};
    bf16_gemm(pool_, kind, x, T, ldx, K, N, rows, w.w.dtype() == DType::bf16, y, ldy, bf16_, kMinTaskMacs);
    if (!w.bias.empty())
      for (int64_t t = 0; t < T; ++t)
        for (int64_t j = 0; j < N; ++j) y[t * ldy + j] += w.bias[size_t(j)];
    return;
  }
  // Tile of output rows whose f32 copy fits in about 1 MiB (L2-resident next to the activations).
  int64_t nc = std::clamp<int64_t>((int64_t(1) << 18) / std::max<int64_t>(K, 1), 16, 256) / 16 * 16;
  const int64_t tiles = (N + nc - 1) / nc;
  const bool f32 = w.w.dtype() == DType::f32;
  const int64_t tile_grain = grain_for_work(double(T) * double(nc) * double(K), kMinTaskMacs);
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
  }, tile_grain);
}

}  // namespace dsw::cpu
