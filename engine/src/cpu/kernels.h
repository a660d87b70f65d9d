// Vectorised inner loops of the CPU backend, chosen at run time for the host CPU.
//
// Each ISA variant lives in its own translation units compiled for that ISA (kernels_avx512*.cpp,
// kernels_avx2*.cpp) plus portable ones (kernels_generic*.cpp). Those units include no C++ library
// headers with inline functions, so no AVX-512 code can leak into shared inline symbols and run on
// a CPU without it. This header is plain C++ too.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dsw::cpu {

// Weight element encodings the kernels read directly (ggml block layouts: cpu/quant_blocks.h).
enum class WType : int { f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, q2_k, q3_k, q4_k, q5_k, q6_k };
constexpr int kWTypes = 13;

struct WTypeGeometry {
  const char* name;
  int block_elems;  // 1 for plain types
  int block_bytes;
};
constexpr WTypeGeometry kWTypeGeometry[kWTypes] = {
    {"f32", 1, 4},      {"f16", 1, 2},       {"bf16", 1, 2},      {"q8_0", 32, 34},    {"q4_0", 32, 18},
    {"q4_1", 32, 20},   {"q5_0", 32, 22},    {"q5_1", 32, 24},    {"q2_k", 256, 84},   {"q3_k", 256, 110},
    {"q4_k", 256, 144}, {"q5_k", 256, 176},  {"q6_k", 256, 210},
};
constexpr bool wtype_is_quantized(WType t) { return int(t) >= int(WType::q8_0); }

// Activations of the integer dot products (quantised weight types), quantised to int8 per block
// the way llama.cpp quantises them for each weight type, so that the engine computes the function
// llama.cpp computes (same perplexity on the same GGUF file):
//   ActStyle::q8_0 (Q8_0, Q4_0, Q5_0 weights; ggml's Q8_0): blocks of 32, d = max|x| / 127,
//     q = round-to-nearest-even(x · (127 / max|x|)), d then stored rounded to fp16;
//   ActStyle::q8_1 (Q4_1, Q5_1; ggml's Q8_1): as q8_0, plus the block sum d·Σq rounded to fp16;
//   ActStyle::q8_k (K-quants; ggml's Q8_K): blocks of 256, q as above, d = 1 / (127 / max|x|) in f32.
// These are the x86 quantisers of ggml (quantize_row_q8_0 / _q8_1 with AVX, quantize_row_q8_K_ref),
// operation for operation: given the same x, the codes and scales are llama.cpp's.
// Every table produces the same bytes. Stored per row, 64-byte aligned:
//   int8 q[K] | float d[K/16] (the block's d, once per 16) | float s[K/16] (d · Σq over each 16; for
//   q8_1 the block's rounded sum in the first 16 and 0 in the second)
// The kernels need d and s per 16 because K-quants scale and offset weights per 16 or 32.
// Prefill on quantised weights multiplies the same dequantised activations (d · q), so decode and
// prefill compute one function.
enum class ActStyle : int { q8_0, q8_1, q8_k };
constexpr ActStyle wtype_act_style(WType t) {
  return kWTypeGeometry[int(t)].block_elems == 256          ? ActStyle::q8_k
         : t == WType::q4_1 || t == WType::q5_1 ? ActStyle::q8_1
                                                             : ActStyle::q8_0;
}
constexpr int64_t act_q8_row_bytes(int64_t K) { return (K + 8 * (K / 16) + 63) / 64 * 64; }
static inline const float* act_q8_d(const uint8_t* row, int64_t K) { return reinterpret_cast<const float*>(row + K); }
static inline const float* act_q8_s(const uint8_t* row, int64_t K) { return reinterpret_cast<const float*>(row + K) + K / 16; }

// out[t] = dot(w_row[0..K), x[t*ldx .. t*ldx+K)) for t in [0, T), T <= kMaxDotRows, in f32 on the
// dequantised weights (the reference the integer paths are tested against). For block types K is
// a multiple of the block and w_row points at the row's first block.
using RowDotFn = void (*)(const void* w_row, const float* x, int64_t ldx, int64_t K, int T, float* out);
constexpr int kMaxDotRows = 8;

// Quantises T rows of x (row stride ldx floats) into the activation layout above, one row every
// out_stride bytes (>= act_q8_row_bytes(K)); K a multiple of the style's block.
using QuantizeActFn = void (*)(const float* x, int64_t ldx, int64_t K, int T, ActStyle style, uint8_t* out, size_t out_stride);

// y[t * ldy + r] = dot(row r of w, activation row t) for rows r in [0, n_rows): the decode matmul
// over a block of consecutive weight rows (row_bytes apart), T <= kMaxDotRows. `act` holds f32
// rows for f32/f16/bf16 weights and rows made by quantize_act for quantised weights; act_ld is
// the distance between activation rows in bytes.
using GemvRowsFn = void (*)(const uint8_t* w, size_t row_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K, int T,
                            float* y, int64_t ldy);

// The decode matmul on weights repacked into 16-row groups (cpu/packed_quant.h):
// y[t * ldy + r] = dot(row r, activation row t) for rows [0, n_rows) of the groups at `groups`
// (group_bytes apart; n_rows may end inside the last group, only valid rows are written), T <=
// kMaxDotRows rows made by quantize_act (the type's wtype_act_style) act_ld bytes apart.
using GemvPackedFn = void (*)(const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld, int64_t K,
                              int T, float* y, int64_t ldy);

// out[0..K) = float(w_row[0..K)).
using RowToF32Fn = void (*)(const void* w_row, float* out, int64_t K);

// ln 2^-64: exp_shift_sum_ftz stores 0 below it.
inline constexpr float kExpFlushBelow = -44.3614196f;

struct KernelTable {
  const char* isa;  // "avx512", "avx2", "generic"
  RowDotFn dot[kWTypes];
  GemvRowsFn gemv[kWTypes];
  RowToF32Fn to_f32[kWTypes];
  // Null where the table has none; weights are repacked at load only for types whose row is set.
  GemvPackedFn gemv_packed[kWTypes];
  QuantizeActFn quantize_act;
  // y[i] += x[i]
  void (*add)(float* y, const float* x, int64_t n);
  // g[i] = silu(g[i]) * u[i]
  void (*silu_mul)(float* g, const float* u, int64_t n);
  // The SwiGLU backward of h = silu(a)·b: da = dh·b·σ(a)·(1 + a·(1 − σ(a))), db = dh·silu(a).
  void (*silu_mul_backward)(const float* a, const float* b, const float* dh, float* da, float* db, int64_t n);
  // sum of squares
  float (*sum_squares)(const float* x, int64_t n);
  // Σ x[i]² with each square rounded to f32 and the sum kept in double: inference RMSNorm, as
  // ggml's rms_norm sums (ggml_float), so the norm of a GGUF model's activations is llama.cpp's
  // to the last bit (an f32 sum differs in the last bit of the scale for ~1 row in 5).
  double (*sum_squares_f64)(const float* x, int64_t n);
  // y[i] = x[i] * s * w[i]
  void (*scale_mul)(const float* x, float s, const float* w, float* y, int64_t n);
  // dot product of two f32 vectors
  float (*dot_f32)(const float* a, const float* b, int64_t n);
  // y[i] += a * x[i]
  void (*axpy)(float a, const float* x, float* y, int64_t n);
  // x[i] = exp(x[i] - m); returns the sum (the softmax numerator and denominator)
  float (*exp_shift_sum)(float* x, float m, int64_t n);
  // The same with the sum in double (each vector's f32 lanes reduced, then added in double, as
  // ggml's soft_max does): inference attention, whose probabilities are then scaled by
  // float(1 / sum) as ggml's are.
  double (*exp_shift_sum_f64)(float* x, float m, int64_t n);

  // Small-head causal attention (cpu/causal_attention.cpp): one query row against a head's keys or
  // values stored transposed, m[r·ld + j] = component r of position j, so every vector runs over
  // positions and a head of 8 components is 8 FMAs per 16 scores.
  // out[j] = Σ_{r<rows} a[r]·m[r·ld + j] for j < n; returns the largest out[j].
  float (*columns_dot)(const float* a, int64_t rows, const float* m, int64_t ld, int64_t n, float* out);
  // out[r] = Σ_{j<n} p[j]·m[r·ld + j] for r < rows.
  void (*rows_dot)(const float* p, int64_t n, const float* m, int64_t ld, int64_t rows, float* out);
  // m[r·ld + j] += a[r]·p[j] for r < rows, j < n.
  void (*rank1_add)(const float* a, int64_t rows, const float* p, int64_t n, float* m, int64_t ld);
  // x[j] = p[j]·(x[j] − c) for j < n: the softmax backward dS = P ⊙ (dP − D); a subnormal result
  // (|x[j]| < FLT_MIN) is stored as 0.
  void (*softmax_backward)(const float* p, float c, float* x, int64_t n);
  // As exp_shift_sum, but x[j] = 0 where x[j] − m < kExpFlushBelow (the result would be below 2^-64).
  // Training attention uses it for P: subnormal P and dS (scores far below the row's largest) made
  // every FMA that read them take a microcode assist, about half the stories260K step; terms below
  // 2^-64 of a row whose largest P is 1 change no float sum of that row.
  float (*exp_shift_sum_ftz)(float* x, float m, int64_t n);
  // The same for a block of k query rows at once, so each row of m is loaded (and, for rankk_add,
  // stored) once per block instead of once per query row; each out[i·ldo + r] and each m[r·ld + j]
  // is summed in the same order as k calls of rows_dot / rank1_add, i = 0..k−1.
  // out[i·ldo + r] = Σ_{j<n} p[i·ldp + j]·m[r·ld + j] for i < k, r < rows.
  void (*rows_dot_k)(const float* p, int64_t ldp, int64_t k, int64_t n, const float* m, int64_t ld, int64_t rows, float* out,
                     int64_t ldo);
  // m[r·ld + j] += Σ_{i<k} a[i·lda + r]·p[i·ldp + j] for r < rows, j < n.
  void (*rankk_add)(const float* a, int64_t lda, int64_t k, int64_t rows, const float* p, int64_t ldp, int64_t n, float* m, int64_t ld);
};

// The best table for this CPU (detected once; DSW_CPU_ISA=generic|avx2|avx512|avx512-vnni picks
// another one this CPU can run, for tests and measurements).
const KernelTable& kernels();
// Every table this CPU can run, for tests that compare variants.
int available_kernel_tables(const KernelTable** out, int max);

const KernelTable& kernels_generic();
const KernelTable* kernels_avx2();
// AVX-512 (F, BW, VL, DQ); `vnni` selects the quantised rows that use AVX512_VNNI.
const KernelTable* kernels_avx512(bool vnni);

// Portable rows for the quantised types, shared by every table (kernels_generic_quant.cpp).
extern const RowDotFn kGenericQuantDot[kWTypes];     // entries for quantised types only
extern const GemvRowsFn kGenericQuantGemv[kWTypes];  // likewise
extern const RowToF32Fn kGenericQuantToF32[kWTypes];
void quantize_act_generic(const float* x, int64_t ldx, int64_t K, int T, ActStyle style, uint8_t* out, size_t out_stride);

// Decodes block `blk` of type t into the unsigned-integer form of quant_blocks.h: u[block_elems],
// a[block_elems / 16], b[block_elems / 16] with w = a[g] · u + b[g]. The reference for every
// SIMD unpacking.
void decode_block(WType t, const uint8_t* blk, uint8_t* u, float* a, float* b);

}  // namespace dsw::cpu
