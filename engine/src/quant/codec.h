// Codec: one stored weight type as a quantiser sees it (quantization.md §1).
//
// A row of W [out, in] is coded along the input dimension in *groups* — the span whose parameters
// are fitted together (g = 32/64/128 or the whole row for Q8_0/Q4_0, 256 for the K types) — made of
// *sub-blocks* that share one affine map  ŵ = a·u + b  from an integer code u in [0, qmax]:
//
//   q8_0  (sym 8-bit)  u = q + 128, a = d, b = −128·d      d = max|w|/127   (ggml convention A)
//   q4_0  (sym 4-bit)  u = nibble,  a = d, b = −8·d        d = m/−8, m the signed max (convention B)
//   q4_k  (mix)        per 32: a = d·sc, b = −dmin·mn      6-bit sc, mn under fp16 d, dmin per 256
//   q6_k  (mix)        per 16: a = d·sc, b = −32·a         int8 sc under an fp16 d per 256
//   q4_1  (asym 4-bit) u = nibble,  a = d, b = m           d = (max − min)/15, m = min (ggml's Q4_1)
//   zero_point (asym)  u = round(w/s) + z, a = s, b = −s·z  (§1.2; 8-bit: stored dequantised as f32)
//
// With a group larger than the 32-element block (g 64/128, per channel) every block of the group
// stores the same scale (and Q4_1 the same min), so any symmetric grouping is still an ordinary Q8_0/Q4_0 tensor that the
// kernels and llama.cpp read. For g = 32 the fit and the rounding are ggml's (quantize_row_q8_0_ref /
// quantize_row_q4_0_ref): RTN output is byte-identical to llama-quantize's. value() returns what the
// engine's dequantisation computes, so GPTQ feeds back the error of the stored weight.
#pragma once

#include <dsw/dtype.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dsw::quant {

enum class CodecKind : uint8_t { q8_0, q4_0, q4_k, q6_k, zero_point, q4_1 };

struct SubParams {
  float a = 0, b = 0;   // ŵ = a·u + b
  float inv = 0;        // rounding helper: 1/scale as the type's reference computes it
  float zero = 0;       // zero_point: z; q8_0 / q4_0: the code of 0 (128 / 8)
  uint16_t d16 = 0, m16 = 0;  // stored fp16 scale / min for the block writers
  int8_t sc = 0, mn = 0;      // K types: the quantised sub-block scale and min
};

class Codec {
 public:
  // bits and group apply to q8_0 / q4_0 / zero_point; group <= 0 means the whole row.
  Codec(CodecKind kind, int bits, int64_t group, int64_t row_length);

  CodecKind kind() const noexcept { return kind_; }
  int bits() const noexcept { return bits_; }
  int qmax() const noexcept { return qmax_; }
  int64_t group() const noexcept { return group_; }  // columns per fit
  int64_t sub() const noexcept { return sub_; }      // columns per SubParams
  int64_t row_length() const noexcept { return n_; }
  // The dtype rows are stored in (zero_point: f32, dequantised).
  DType stored_dtype() const noexcept;
  std::string name() const;  // "q4_0 g128", "q8_0 per-channel", "int4 asym g32", "q4_k"

  // Fits the sub-block parameters of the group starting at column c0 of a row (w = that row).
  // out: group()/sub() entries.
  void fit(const float* row, int64_t c0, SubParams* out) const;
  int code(float w, const SubParams& p) const noexcept;
  float value(int u, const SubParams& p) const noexcept;
  float quant_dequant(float w, const SubParams& p) const noexcept { return value(code(w, p), p); }
  // Whether w's code lies inside the code range before clamping: the straight-through estimator's
  // mask in QAT (training.md §13: dW = dŴ ⊙ 1[qmin ≤ q ≤ qmax]).
  bool code_in_range(float w, const SubParams& p) const noexcept;

  // Writes one row in the stored layout from its codes (one per column) and its sub-block params.
  void pack_row(const uint8_t* codes, const SubParams* params, void* dst) const;
  uint64_t row_bytes() const noexcept;

 private:
  void fit_k4(const float* w, SubParams* out) const;
  void fit_k6(const float* w, SubParams* out) const;

  CodecKind kind_;
  int bits_, qmax_;
  int64_t group_, sub_, n_;
};

// Whether `row_length` can be stored with this kind/group (whole blocks and whole groups).
bool codec_fits(CodecKind kind, int64_t group, int64_t row_length) noexcept;

// RTN: quantises rows [0, rows) of w (row-major [rows, cols]) into `out` (rows · row_bytes) and,
// when deq is not null, writes the dequantised values there.
void rtn_rows(const Codec& codec, const float* w, int64_t rows, uint8_t* out, float* deq);

}  // namespace dsw::quant
