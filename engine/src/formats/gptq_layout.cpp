// GPTQ checkpoint layout <-> Q4_0 / Q8_0 (see header).
#include "formats/gptq_layout.h"

#include "core/error.h"

#include <dsw/dtype.h>

#include <cstring>
#include <vector>

namespace dsw::formats {
namespace {

constexpr int64_t kBlock = 32;
constexpr size_t kQ4Bytes = 2 + 16, kQ8Bytes = 2 + 32;

int bits_of(DType t) { return t == DType::q4_0 ? 4 : t == DType::q8_0 ? 8 : 0; }
size_t block_bytes(int bits) { return bits == 4 ? kQ4Bytes : kQ8Bytes; }

uint16_t block_d(const uint8_t* block) {
  uint16_t d;
  std::memcpy(&d, block, 2);
  return d;
}

// The code u in [0, 2^b) of element k of a block (Q4_0: the nibble; Q8_0: q + 128).
int block_code(const uint8_t* block, int bits, int64_t k) {
  if (bits == 4) return k < 16 ? (block[2 + k] & 0x0F) : (block[2 + k - 16] >> 4);
  return int(int8_t(block[2 + k])) + 128;
}

std::string dims(const Tensor& t) {
  std::string s = "[";
  for (int i = 0; i < t.shape().rank(); ++i) s += (i ? ", " : "") + std::to_string(t.shape()[i]);
  return s + "]";
}

}  // namespace

int64_t shared_scale_group(const Tensor& w) {
  const int bits = bits_of(w.dtype());
  if (!bits || w.shape().rank() != 2) fail_invalid("shared_scale_group: not a Q4_0 / Q8_0 matrix");
  const int64_t out = w.shape()[0], in = w.shape()[1], nb = in / kBlock;
  const size_t bb = block_bytes(bits);
  const auto* base = static_cast<const uint8_t*>(w.data());
  auto shares = [&](int64_t g) {
    const int64_t per = g / kBlock;
    for (int64_t o = 0; o < out; ++o)
      for (int64_t b = 0; b < nb; ++b)
        if (block_d(base + size_t(o * nb + b) * bb) != block_d(base + size_t(o * nb + (b / per) * per) * bb)) return false;
    return true;
  };
  if (shares(in)) return in;
  for (int64_t g : {int64_t(128), int64_t(64)})
    if (in % g == 0 && shares(g)) return g;
  return kBlock;
}

GptqTensors pack_gptq(const std::string& name, const Tensor& w, int64_t group, bool v2) {
  const int bits = bits_of(w.dtype());
  if (!bits || w.shape().rank() != 2) fail_invalid(name + ": only Q4_0 and Q8_0 weights have a GPTQ layout");
  const int64_t out = w.shape()[0], in = w.shape()[1], per_word = 32 / bits;
  if (in % kBlock || group % kBlock || in % group) fail_invalid(name + ": group " + std::to_string(group) + " does not fit " + std::to_string(in) + " columns");
  if (out % per_word) fail_invalid(name + ": " + std::to_string(out) + " output rows are not a multiple of " + std::to_string(per_word));
  const int64_t nb = in / kBlock, groups = in / group, per_group = group / kBlock;
  const size_t bb = block_bytes(bits);
  const auto* base = static_cast<const uint8_t*>(w.data());
  GptqTensors t;
  t.qweight = Tensor::host(DType::i32, Shape{in / per_word, out});
  t.qzeros = Tensor::host(DType::i32, Shape{groups, out / per_word});
  t.scales = Tensor::host(DType::f16, Shape{groups, out});
  t.g_idx = Tensor::host(DType::i32, Shape{in});
  auto* qw = static_cast<uint32_t*>(t.qweight.data());
  auto* qz = static_cast<uint32_t*>(t.qzeros.data());
  auto* sc = static_cast<uint16_t*>(t.scales.data());
  auto* gi = static_cast<int32_t*>(t.g_idx.data());
  std::memset(qw, 0, t.qweight.nbytes());
  for (int64_t o = 0; o < out; ++o) {
    const uint8_t* row = base + size_t(o * nb) * bb;
    for (int64_t g = 0; g < groups; ++g) {
      const uint16_t d = block_d(row + size_t(g * per_group) * bb);
      for (int64_t b = 0; b < per_group; ++b)
        if (block_d(row + size_t(g * per_group + b) * bb) != d)
          fail_invalid(name + ": row " + std::to_string(o) + " has several scales in group " + std::to_string(g) + " of " + std::to_string(group));
      sc[g * out + o] = d;
    }
    for (int64_t j = 0; j < in; ++j) {
      const uint32_t u = uint32_t(block_code(row + size_t(j / kBlock) * bb, bits, j % kBlock));
      qw[(j / per_word) * out + o] |= u << (bits * (j % per_word));
    }
  }
  // Symmetric codes: z = 2^(b−1) everywhere (v1 stores z − 1).
  const uint32_t z = (1u << (bits - 1)) - (v2 ? 0u : 1u);
  uint32_t word = 0;
  for (int64_t k = 0; k < per_word; ++k) word |= z << (bits * k);
  for (int64_t i = 0; i < groups * (out / per_word); ++i) qz[i] = word;
  for (int64_t j = 0; j < in; ++j) gi[j] = int32_t(j / group);
  return t;
}

TensorEntry unpack_gptq(const std::string& name, const Tensor& qweight, const Tensor& qzeros, const Tensor& scales, const Tensor* g_idx,
                        int bits, bool v2) {
  if (bits != 4 && bits != 8) fail_unsupported(name + ": GPTQ with " + std::to_string(bits) + " bits is not supported (4 and 8 are)");
  const int64_t per_word = 32 / bits;
  auto bad = [&](const std::string& what) { fail_invalid(name + ": GPTQ tensors do not fit together: " + what); };
  if (qweight.dtype() != DType::i32 || qweight.shape().rank() != 2) bad("qweight must be I32 [in·bits/32, out], not " + dims(qweight));
  if (qzeros.dtype() != DType::i32 || qzeros.shape().rank() != 2) bad("qzeros must be I32 [groups, out·bits/32], not " + dims(qzeros));
  if (scales.dtype() != DType::f16 || scales.shape().rank() != 2) bad("scales must be F16 [groups, out], not " + dims(scales));
  const int64_t in = qweight.shape()[0] * per_word, out = qweight.shape()[1], groups = scales.shape()[0];
  if (scales.shape()[1] != out) bad("scales " + dims(scales) + " against qweight " + dims(qweight));
  if (qzeros.shape()[0] != groups || qzeros.shape()[1] * per_word != out) bad("qzeros " + dims(qzeros) + " against scales " + dims(scales));
  if (groups < 1 || groups > in) bad(std::to_string(groups) + " groups for " + std::to_string(in) + " columns");
  std::vector<int32_t> group_of(static_cast<size_t>(in));
  bool contiguous = in % groups == 0;
  const int64_t g_size = contiguous ? in / groups : 0;
  if (g_idx) {
    if (g_idx->dtype() != DType::i32 || g_idx->numel() != in) bad("g_idx must be I32 [" + std::to_string(in) + "], not " + dims(*g_idx));
    const auto* gi = static_cast<const int32_t*>(g_idx->data());
    for (int64_t j = 0; j < in; ++j) {
      if (gi[j] < 0 || gi[j] >= groups) bad("g_idx[" + std::to_string(j) + "] = " + std::to_string(gi[j]) + " is not a group");
      group_of[size_t(j)] = gi[j];
      if (!g_size || gi[j] != j / g_size) contiguous = false;
    }
  } else {
    if (!contiguous) bad("no g_idx and " + std::to_string(in) + " columns do not split into " + std::to_string(groups) + " groups");
    for (int64_t j = 0; j < in; ++j) group_of[size_t(j)] = int32_t(j / g_size);
  }
  const auto* qw = static_cast<const uint32_t*>(qweight.data());
  const auto* qz = static_cast<const uint32_t*>(qzeros.data());
  const auto* sc = static_cast<const uint16_t*>(scales.data());
  const uint32_t mask = (1u << bits) - 1;
  auto zero = [&](int64_t g, int64_t o) {
    const uint32_t raw = (qz[g * (out / per_word) + o / per_word] >> (bits * (o % per_word))) & mask;
    return int(v2 ? raw : (raw + 1) & mask);  // v1 stores z − 1 (AutoGPTQ's packing)
  };
  // A block type holds it exactly when every group is whole 32-blocks and every zero is symmetric.
  bool exact = contiguous && in % kBlock == 0 && g_size % kBlock == 0;
  for (int64_t g = 0; exact && g < groups; ++g)
    for (int64_t o = 0; exact && o < out; ++o) exact = zero(g, o) == (1 << (bits - 1));

  TensorEntry e;
  e.name = e.stored_name = name;
  const DType dtype = exact ? (bits == 4 ? DType::q4_0 : DType::q8_0) : DType::f32;
  e.dtype = dtype;
  e.dtype_name = std::string(dtype_name(dtype));
  e.shape = Shape{out, in};
  e.tensor = Tensor::host(dtype, e.shape);
  e.nbytes = e.tensor.nbytes();
  if (exact) {
    const size_t bb = block_bytes(bits);
    const int64_t nb = in / kBlock;
    auto* dst = static_cast<uint8_t*>(e.tensor.data());
    std::memset(dst, 0, e.nbytes);
    for (int64_t o = 0; o < out; ++o)
      for (int64_t b = 0; b < nb; ++b) {
        uint8_t* block = dst + size_t(o * nb + b) * bb;
        const uint16_t d = sc[group_of[size_t(b * kBlock)] * out + o];
        std::memcpy(block, &d, 2);
      }
    for (int64_t r = 0; r < in / per_word; ++r)
      for (int64_t o = 0; o < out; ++o) {
        const uint32_t word = qw[r * out + o];
        for (int64_t k = 0; k < per_word; ++k) {
          const int64_t j = r * per_word + k;
          const uint32_t u = (word >> (bits * k)) & mask;
          uint8_t* block = dst + size_t(o * nb + j / kBlock) * bb;
          const int64_t at = j % kBlock;
          if (bits == 4) block[2 + (at % 16)] |= uint8_t(at < 16 ? u : u << 4);
          else block[2 + at] = uint8_t(int8_t(int(u) - 128));
        }
      }
  } else {
    auto* dst = static_cast<float*>(e.tensor.data());
    for (int64_t r = 0; r < in / per_word; ++r)
      for (int64_t o = 0; o < out; ++o) {
        const uint32_t word = qw[r * out + o];
        for (int64_t k = 0; k < per_word; ++k) {
          const int64_t j = r * per_word + k, g = group_of[size_t(j)];
          dst[o * in + j] = f16_to_f32(sc[g * out + o]) * float(int((word >> (bits * k)) & mask) - zero(g, o));
        }
      }
  }
  return e;
}

}  // namespace dsw::formats
