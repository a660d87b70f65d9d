// Matmul: one-pass GEMV for decode, tiled f32 conversion + OpenBLAS sgemm for prefill.
#include "cpu/matmul.h"

#include "cpu/kernels.h"

#include <dsw/dtype.h>

#include "cpu/blas.h"
#include "cpu/convert.h"
#include "cpu/gemm_bf16.h"
#include "cpu/gemm_bf16_kernels.h"
#include "cpu/gemv_split.h"
#include "cpu/packed_quant.h"

#include <algorithm>
#include <atomic>
#include <cmath>
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

// x rounded to the nearest f16 value (ties to even), as f32; saturates at ±65504 where a
// conversion to f16 would give ±inf, and keeps f16's subnormal steps (2^-24) below 2^-14. Branch-free
// so that the loop vectorises.
void round_to_f16(const float* x, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const float v = std::clamp(x[i], -65504.0f, 65504.0f);
    uint32_t b;
    std::memcpy(&b, &v, 4);
    b = (b + 0x0FFFu + ((b >> 13) & 1u)) & ~0x1FFFu;  // 23 -> 10 mantissa bits, nearest even
    float normal;
    std::memcpy(&normal, &b, 4);
    const float sub = std::nearbyint(v * 16777216.0f) * 5.9604644775390625e-8f;  // multiples of 2^-24
    out[i] = std::fabs(v) < 6.103515625e-5f ? sub : normal;
  }
}

}  // namespace

void weight_rows_to_f32(const StoredWeight& w, int64_t r0, int64_t n, float* out) {
  const auto& kt = kernels();
  if (w.packed) {  // the mapped pages were released: read the copy
    packed_rows_to_f32(*w.packed, w.packed_row0 + r0, n, out);
    return;
  }
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

// Multiply-adds a prefill task must do to be worth a thread (~10 µs at sgemm rates).
constexpr double kMinTaskMacs = 512 * 1024;

namespace {

// Decode GEMVs split their rows into chunks of whole `grain` items (the work that pays for a
// thread; 16-row groups stay whole), about an eighth of a thread's share each, and share them
// between the threads by gemv_split()'s rule (cpu/gemv_split.h): by default each thread streams one
// contiguous run of them and helps another at the end, so the faster of two cores does not wait
// for the slower at the end of each of the ~170 matmuls of a decoded token. DSW_GEMV_SPLIT=static
// keeps one parallel_for range per thread.
// The threads claim whole chunks, in units of `piece` items (one 16-row group, or 16 rows), and
// the tail of each thread's run one piece at a time (run_chunk_ranges), so that at the end of a
// region the first thread done waits for at most one piece of the other's work, not one chunk.
void gemv_for(ThreadPool& pool, int64_t n, const ThreadPool::RangeFn& fn, int64_t grain, int64_t piece) {
  const int threads = pool.size();
  const GemvSplit rule = gemv_split();
  if (rule == GemvSplit::fixed || threads <= 1 || n < 2 * grain) {
    pool.parallel_for(n, fn, grain);
    return;
  }
  const int64_t chunk = std::max<int64_t>(1, n / (8 * int64_t(threads)) / grain) * grain;  // whole grains
  run_chunk_ranges(pool, (n + piece - 1) / piece, (chunk + piece - 1) / piece, rule,
                   [&](int64_t c0, int64_t c1, int tid) { fn(c0 * piece, std::min(n, c1 * piece), tid); });
}

}  // namespace

Matmul::Matmul(ThreadPool& pool) : pool_(pool), scratch_(size_t(pool.size())) {}

void Matmul::run(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy) {
  if (T <= 0) return;
  if (w.w.dtype() == DType::f16) {  // llama.cpp's f16 activations (header)
    x = f16_activations(x, T, ldx, w.cols);
    ldx = w.cols;
  }
  if (w.packed && kernels().gemv_packed[int(w.packed->type)]) packed(x, T, ldx, w, y, ldy);
  else if (batch_invariant_) invariant(x, T, ldx, w, y, ldy);
  else if (takes_amx_rows(w, T)) amx_rows(x, T, ldx, w, y, ldy);
  else if (T <= kGemvRows) gemv(x, T, ldx, w, y, ldy);
  else tiled(x, T, ldx, w, y, ldy);
}

// One summation order per weight, whatever T (set_batch_invariant). The kernels below sum each
// output of a row the same way for any number of rows up to their limit, so longer calls go in
// passes of that many rows.
void Matmul::invariant(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy) {
  if (amx_rows_on_ && amx_rows_suit(w) && amx_rows_available()) {
    if (T > kAmxRowsMax && prefill_engine(w.w.dtype()) == Bf16Gemm::amx) {
      tiled(x, T, ldx, w, y, ldy);  // the same TDPBF16PS steps as the tile product, one pass over W
      return;
    }
    for (int64_t t0 = 0; t0 < T; t0 += kAmxRowsMax)
      amx_rows(x + t0 * ldx, std::min(kAmxRowsMax, T - t0), ldx, w, y + t0 * ldy, ldy);
    return;
  }
  for (int64_t t0 = 0; t0 < T; t0 += kGemvRows) gemv(x + t0 * ldx, std::min(kGemvRows, T - t0), ldx, w, y + t0 * ldy, ldy);
}

bool Matmul::takes_gemv(const StoredWeight& w, int64_t T) const {
  if (T > kGemvRows) return false;
  if (w.packed) return kernels().gemv_packed[int(w.packed->type)] != nullptr;
  if (wtype_index(w.w.dtype()) < 0) return false;  // FP8: widened row by row
  if (batch_invariant_) return !(amx_rows_on_ && amx_rows_suit(w) && amx_rows_available());
  return !takes_amx_rows(w, T);
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
  gemv_for(pool_, w.rows, [&](int64_t r0, int64_t r1, int tid) {
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
  }, std::max<int64_t>(16, grain_for_work(double(rb), kMinTaskBytes)), 16);
}

bool Matmul::amx_rows_available() {
  // DSW_AMX_ROWS=0 turns the path off for the whole process (side-by-side serving measurements).
  static const bool on = [] {
    const char* off = std::getenv("DSW_AMX_ROWS");
    return bf16_gemm_kind() == Bf16Gemm::amx && !(off && std::strcmp(off, "0") == 0);
  }();
  return on;
}

bool Matmul::takes_amx_rows(const StoredWeight& w, int64_t T) const {
  return amx_rows_on_ && T >= kAmxRowsMin && T <= kAmxRowsMax && amx_rows_suit(w) && amx_rows_available();
}

bool Matmul::amx_rows_suit(const StoredWeight& w) { return !w.packed && w.w.dtype() == DType::bf16 && w.cols % 32 == 0; }


void Matmul::amx_rows(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy) {
  const int64_t K = w.cols, N = w.rows, ldc = (T + 15) / 16 * 16;
  const size_t rb = size_t(w.w.row_bytes());
  if (rows_hi_.size() < size_t(K * ldc)) {
    rows_hi_.resize(size_t(K * ldc));
    rows_lo_.resize(size_t(K * ldc));
  }
  bf16_rows_split_vnni(x, ldx, int(T), K, rows_hi_.data(), rows_lo_.data());
  constexpr int64_t kChunk = 64;  // weight rows per call; their results (≤ 16 KiB) stay in L1
  const int64_t chunks = (N + kChunk - 1) / kChunk;
  pool_.parallel_for(chunks, [&](int64_t c0, int64_t c1, int tid) {
    auto& buf = scratch_[size_t(tid)];
    // kChunk × ldc results, then (for the last rows, fewer than 16) a zero-padded copy of 16 rows.
    const size_t tail_floats = (16 * rb + sizeof(float) - 1) / sizeof(float);
    if (buf.size() < size_t(kChunk * ldc) + tail_floats) buf.resize(size_t(kChunk * ldc) + tail_floats);
    float* c = buf.data();
    amx_rows_begin(int(T));
    for (int64_t ch = c0; ch < c1; ++ch) {
      const int64_t n0 = ch * kChunk, n = std::min(kChunk, N - n0), full = n / 16 * 16;
      if (full) bf16_rows_amx(w.row(n0), rb, full, int(T), rows_hi_.data(), rows_lo_.data(), K, c);
      if (full < n) {  // reading 16 rows in place would run past the weight's end
        auto* pad = reinterpret_cast<uint8_t*>(c + kChunk * ldc);
        std::memcpy(pad, w.row(n0 + full), size_t(n - full) * rb);
        std::memset(pad + size_t(n - full) * rb, 0, size_t(16 - (n - full)) * rb);
        bf16_rows_amx(pad, rb, 16, int(T), rows_hi_.data(), rows_lo_.data(), K, c + full * ldc);
      }
      for (int64_t t = 0; t < T; ++t) {
        float* yr = y + t * ldy + n0;
        for (int64_t i = 0; i < n; ++i) yr[i] = c[i * ldc + t];
      }
    }
    amx_end();
  }, grain_for_work(double(kChunk) * double(rb), kMinTaskBytes));
  if (!w.bias.empty())
    for (int64_t t = 0; t < T; ++t)
      for (int64_t j = 0; j < N; ++j) y[t * ldy + j] += w.bias[size_t(j)];
}

void Matmul::packed(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy) {
  const auto& kt = kernels();
  const PackedWeight& pw = *w.packed;
  const int64_t K = w.cols, N = w.rows;
  const bool prefill = T > kGemvRows;
  // int8 activations as decode quantises them; prefill pads to whole 32-row blocks of zeros.
  const size_t act_ld = size_t(act_q8_row_bytes(K));
  const int64_t rows = prefill ? (T + 31) / 32 * 32 : T;
  if (act_.size() < size_t(rows) * act_ld) act_.resize(size_t(rows) * act_ld);
  // Q8_0 blocks for Q8_0 / Q4_0, Q8_K for Q4_K / Q6_K (wtype_act_style), as the unpacked GEMV takes them.
  const ActStyle style = wtype_act_style(pw.type);
  pool_.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    kt.quantize_act(x + t0 * ldx, ldx, K, int(t1 - t0), style, act_.data() + size_t(t0) * act_ld, act_ld);
  }, grain_for_work(double(K), 64 * 1024));
  if (rows > T) std::memset(act_.data() + size_t(T) * act_ld, 0, size_t(rows - T) * act_ld);
  if (prefill) {
    // AMX int8 tiles read the Q8_0 layout (Q4_0 / Q5_0 panels are unpacked to it); the K-quants and Q5_1
    // run their GEMV on L2 panels.
    const bool amx_layout = pw.type == WType::q8_0 || pw.type == WType::q4_0 || pw.type == WType::q5_0;
    const PackedGemm kind = amx_layout ? packed_gemm_kind() : PackedGemm::gemv_panels;
    packed_gemm(pool_, kind, w, act_.data(), act_ld, T, y, ldy, packed_, kMinTaskMacs);
  } else {
    const GemvPackedFn fn = kt.gemv_packed[int(pw.type)];
    const int64_t G = (N + kPackRows - 1) / kPackRows, g_first = w.packed_row0 / kPackRows;
    gemv_for(pool_, G, [&](int64_t g0, int64_t g1, int) {
      const int64_t n = std::min(kPackRows * g1, N) - kPackRows * g0;
      fn(pw.group(g_first + g0), pw.group_bytes, n, act_.data(), act_ld, K, int(T), y + kPackRows * g0, ldy);
    }, grain_for_work(double(pw.group_bytes), kMinTaskBytes), 1);
  }
  if (!w.bias.empty())
    for (int64_t t = 0; t < T; ++t)
      for (int64_t j = 0; j < N; ++j) y[t * ldy + j] += w.bias[size_t(j)];
}

// DSW_F16_EXACT=0 drops the fourth (lo·lo) AMX pass of F16 weights: products to ~2^-16 relative as
// for the other weight types, no longer exact as llama.cpp's are (speed comparisons of the pass).
bool Matmul::f16_exact_products() {
  static const bool on = [] {
    const char* e = std::getenv("DSW_F16_EXACT");
    return !(e && std::strcmp(e, "0") == 0);
  }();
  return on;
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

const float* Matmul::f16_activations(const float* x, int64_t T, int64_t ldx, int64_t K) {
  if (xh_.size() < size_t(T * K)) xh_.resize(size_t(T * K));
  pool_.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) round_to_f16(x + t * ldx, xh_.data() + t * K, K);
  }, grain_for_work(double(K), 64 * 1024));
  return xh_.data();
}

void Matmul::tiled(const float* x, int64_t T, int64_t ldx, const StoredWeight& w, float* y, int64_t ldy) {
  const int64_t K = w.cols, N = w.rows;
  // Quantised weights multiply the int8 activations decode uses, dequantised (kernels.h).
  bool q8_1 = false;
  if (const int wi = wtype_index(w.w.dtype()); wi >= 0 && wtype_is_quantized(WType(wi))) {
    x = quantised_activations(x, T, ldx, K, WType(wi));
    ldx = K;
    q8_1 = wtype_act_style(WType(wi)) == ActStyle::q8_1;
  }
  if (const Bf16Gemm kind = prefill_engine(w.w.dtype()); kind != Bf16Gemm::none) {
    const WeightRows rows{&w, [](const void* ctx, int64_t r0, int64_t n, float* out) {
                            weight_rows_to_f32(*static_cast<const StoredWeight*>(ctx), r0, n, out);
                          }};
    // F16 weights see f16-rounded activations (run()): both split exactly, so the products can be.
    bf16_gemm(pool_, kind, x, T, ldx, K, N, rows, w.w.dtype() == DType::bf16, y, ldy, bf16_, kMinTaskMacs,
              w.w.dtype() == DType::f16 && f16_exact_products());
    if (q8_1) add_q8_1_sum_rounding(T, w, y, ldy);
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
      if (!w.bias.empty() && !q8_1)
        for (int64_t t = 0; t < T; ++t)
          for (int64_t j = 0; j < n; ++j) y[t * ldy + n0 + j] += w.bias[size_t(n0 + j)];
    }
  }, tile_grain);
  if (q8_1) {
    add_q8_1_sum_rounding(T, w, y, ldy);
    if (!w.bias.empty())
      for (int64_t t = 0; t < T; ++t)
        for (int64_t j = 0; j < N; ++j) y[t * ldy + j] += w.bias[size_t(j)];
  }
}

// ggml multiplies a Q4_1 / Q5_1 block (w = d·u + m) by a Q8_1 block as d·d_x·Σu·q + m·s, where
// s is the block's d·Σq rounded to fp16 (with d before its own fp16 rounding), and decode does the
// same (kernels.h). The tile product on the dequantised activations d_x·q yields m·d_x·Σq instead,
// up to 2^-11 of the offset term per block apart: a difference of function, not of summation
// order. Adding Σ_b m_b·(s_b − d_x,b·Σq_b) makes prefill compute what decode and llama.cpp compute.
// That sum is itself a product, E (T × blocks) times the weight's block offsets Mᵀ (blocks × N):
// one sgemm per tile of output rows, M widened from fp16 once per call (a scalar loop over
// T × N × blocks took half of a Q5_1-heavy prefill).
void Matmul::add_q8_1_sum_rounding(int64_t T, const StoredWeight& w, float* y, int64_t ldy) {
  const int64_t K = w.cols, N = w.rows, nb = K / 32;
  if (nb == 0) return;
  const size_t act_ld = size_t(act_q8_row_bytes(K)), bb = size_t(kWTypeGeometry[wtype_index(w.w.dtype())].block_bytes);
  if (sum_rounding_.size() < size_t(T * nb)) sum_rounding_.resize(size_t(T * nb));
  float* E = sum_rounding_.data();
  pool_.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      const uint8_t* row = act_.data() + size_t(t) * act_ld;
      const auto* q = reinterpret_cast<const int8_t*>(row);
      const float* d = act_q8_d(row, K);
      const float* s = act_q8_s(row, K);
      for (int64_t b = 0; b < nb; ++b) {
        int32_t sum = 0;
        for (int64_t k = 0; k < 32; ++k) sum += q[b * 32 + k];
        E[t * nb + b] = s[2 * b] - d[2 * b] * float(sum);
      }
    }
  }, grain_for_work(double(K), 64 * 1024));
  // Output rows per task: their offsets as f32 within about 1 MiB.
  const int64_t nc = std::clamp<int64_t>((int64_t(1) << 18) / nb, 16, 512) / 16 * 16;
  const int64_t tiles = (N + nc - 1) / nc;
  pool_.parallel_for(tiles, [&](int64_t c0, int64_t c1, int tid) {
    auto& M = scratch_[size_t(tid)];
    if (int64_t(M.size()) < nc * nb) M.resize(size_t(nc * nb));
    for (int64_t c = c0; c < c1; ++c) {
      const int64_t n0 = c * nc, n = std::min(nc, N - n0);
      for (int64_t i = 0; i < n; ++i) {
        const uint8_t* blocks = w.row(n0 + i);
        for (int64_t b = 0; b < nb; ++b) {
          uint16_t m;  // the block's offset, fp16 after d (KBlockQ4_1 / KBlockQ5_1)
          std::memcpy(&m, blocks + size_t(b) * bb + 2, 2);
          M[size_t(i * nb + b)] = f16_to_f32(m);
        }
      }
      blas::sgemm(blas::no_trans, blas::trans, int(T), int(n), int(nb), 1.0f, E, int(nb), M.data(), int(nb), 1.0f, y + n0,
                  int(ldy));
    }
  }, grain_for_work(double(T) * double(nc) * double(nb), kMinTaskMacs));
}

}  // namespace dsw::cpu
