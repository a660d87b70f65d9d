// The GPTQ checkpoint layout (AutoGPTQ / transformers "gptq", quantization.md §2.4) and the
// engine's block types: packing a Q4_0 / Q8_0 weight into qweight / qzeros / scales / g_idx, and
// turning those four tensors back into a weight the engine computes with.
//
// Symmetric codes map exactly both ways: Q4_0's ŵ = d·(u − 8) is GPTQ's s·(q − z) with s = d,
// z = 8; Q8_0's ŵ = d·q is s·(u − 128) with u = q + 128 (scales are the blocks' fp16 d, so nothing
// is rounded). A checkpoint whose codes cannot be held by a block type (zero points other than the
// symmetric one, groups that are not whole 32-blocks, act-order g_idx) is dequantised to f32,
// exactly as its formula says.
#pragma once

#include <dsw/tensor.h>
#include <dsw/tensor_store.h>

#include <cstdint>
#include <string>

namespace dsw::formats {

struct GptqTensors {
  Tensor qweight;  // i32 [in·b/32, out]
  Tensor qzeros;   // i32 [groups, out·b/32]
  Tensor scales;   // f16 [groups, out]
  Tensor g_idx;    // i32 [in]
};

// Packs a Q4_0 (b = 4) or Q8_0 (b = 8) weight [out, in] whose 32-blocks share one scale per
// `group` columns (group = in: per channel). v1 ("gptq") stores z − 1 in qzeros, v2 stores z.
// Throws invalid_input naming `name` when the blocks of a group have different scales or out is
// not a multiple of 32/b.
GptqTensors pack_gptq(const std::string& name, const Tensor& weight, int64_t group, bool v2);

// The largest group (in columns, a multiple of 32 dividing `in`, or `in`) whose 32-blocks share
// their scale in every row of a Q4_0 / Q8_0 weight.
int64_t shared_scale_group(const Tensor& weight);

// The weight the four tensors describe, named `name` ([out, in]): Q4_0 / Q8_0 when exact, else
// f32. `bits` 4 or 8; g_idx may be null (then column j is in group j / (in / groups)).
// Throws invalid_input naming the tensor on inconsistent shapes or dtypes.
TensorEntry unpack_gptq(const std::string& name, const Tensor& qweight, const Tensor& qzeros, const Tensor& scales, const Tensor* g_idx,
                        int bits, bool v2);

}  // namespace dsw::formats
