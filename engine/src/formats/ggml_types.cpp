// The ggml tensor type table: ids, names, block geometry and the mapping to engine dtypes.
//
// Ids and block sizes follow ggml's type_traits (formats.md §2.4; ggml-common.h for block sizes).
// Retired ids (4, 5, 31–33, 36–38) have no entry and are refused by the GGUF reader, because ggml
// itself refuses them: their block layouts no longer exist.
#include <dsw/gguf.h>

#include <array>

namespace dsw {
namespace {

struct GgmlTypeInfo {
  std::string_view name;  // empty: retired / unassigned id
  uint32_t block_elems;
  uint32_t block_bytes;
};

constexpr std::array<GgmlTypeInfo, 42> kGgmlTypes = {{
    {"F32", 1, 4},          // 0
    {"F16", 1, 2},          // 1
    {"Q4_0", 32, 18},       // 2
    {"Q4_1", 32, 20},       // 3
    {"", 0, 0},             // 4  Q4_2 (retired)
    {"", 0, 0},             // 5  Q4_3 (retired)
    {"Q5_0", 32, 22},       // 6
    {"Q5_1", 32, 24},       // 7
    {"Q8_0", 32, 34},       // 8
    {"Q8_1", 32, 36},       // 9  ggml: half d, half s, int8 qs[32] (gguf-py still says 40)
    {"Q2_K", 256, 84},      // 10
    {"Q3_K", 256, 110},     // 11
    {"Q4_K", 256, 144},     // 12
    {"Q5_K", 256, 176},     // 13
    {"Q6_K", 256, 210},     // 14
    {"Q8_K", 256, 292},     // 15
    {"IQ2_XXS", 256, 66},   // 16
    {"IQ2_XS", 256, 74},    // 17
    {"IQ3_XXS", 256, 98},   // 18
    {"IQ1_S", 256, 50},     // 19
    {"IQ4_NL", 32, 18},     // 20
    {"IQ3_S", 256, 110},    // 21
    {"IQ2_S", 256, 82},     // 22
    {"IQ4_XS", 256, 136},   // 23
    {"I8", 1, 1},           // 24
    {"I16", 1, 2},          // 25
    {"I32", 1, 4},          // 26
    {"I64", 1, 8},          // 27
    {"F64", 1, 8},          // 28
    {"IQ1_M", 256, 56},     // 29
    {"BF16", 1, 2},         // 30
    {"", 0, 0},             // 31 Q4_0_4_4 (retired)
    {"", 0, 0},             // 32 Q4_0_4_8 (retired)
    {"", 0, 0},             // 33 Q4_0_8_8 (retired)
    {"TQ1_0", 256, 54},     // 34
    {"TQ2_0", 256, 66},     // 35
    {"", 0, 0},             // 36 IQ4_NL_4_4 (retired)
    {"", 0, 0},             // 37 IQ4_NL_4_8 (retired)
    {"", 0, 0},             // 38 IQ4_NL_8_8 (retired)
    {"MXFP4", 32, 17},      // 39
    {"NVFP4", 64, 36},      // 40
    {"Q1_0", 128, 18},      // 41
}};

struct DTypePair {
  uint32_t ggml;
  DType dtype;
};
constexpr std::array<DTypePair, 18> kEngineTypes = {{
    {0, DType::f32},
    {1, DType::f16},
    {2, DType::q4_0},
    {3, DType::q4_1},
    {6, DType::q5_0},
    {7, DType::q5_1},
    {8, DType::q8_0},
    {10, DType::q2_k},
    {11, DType::q3_k},
    {12, DType::q4_k},
    {13, DType::q5_k},
    {14, DType::q6_k},
    {24, DType::i8},
    {25, DType::i16},
    {26, DType::i32},
    {27, DType::i64},
    {28, DType::f64},
    {30, DType::bf16},
}};

}  // namespace

std::optional<DType> dtype_from_ggml_type(uint32_t ggml_type) noexcept {
  for (const auto& p : kEngineTypes)
    if (p.ggml == ggml_type) return p.dtype;
  return std::nullopt;
}

// Types the engine has but ggml does not (f8, u8, bool) map to UINT32_MAX, which no ggml id uses.
uint32_t ggml_type_from_dtype(DType t) noexcept {
  for (const auto& p : kEngineTypes)
    if (p.dtype == t) return p.ggml;
  return UINT32_MAX;
}

std::pair<uint32_t, uint32_t> ggml_type_block(uint32_t ggml_type) noexcept {
  if (ggml_type >= kGgmlTypes.size()) return {0, 0};
  const auto& t = kGgmlTypes[ggml_type];
  return {t.block_elems, t.block_bytes};
}

std::string_view ggml_type_name(uint32_t ggml_type) noexcept {
  if (ggml_type >= kGgmlTypes.size() || kGgmlTypes[ggml_type].name.empty()) return "?";
  return kGgmlTypes[ggml_type].name;
}

}  // namespace dsw
