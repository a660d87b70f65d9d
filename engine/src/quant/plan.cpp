// make_plan: the per-Linear decisions of a quantisation job.
#include "quant/plan.h"

#include <algorithm>

namespace dsw::quant {
namespace {

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Linears reading the same tensor: attention inputs (the normed hidden state), an MLP's gate and
// up; everything else reads its own input.
std::string input_key(const std::string& name) {
  const size_t dot = name.rfind('.');
  const std::string parent = dot == std::string::npos ? "" : name.substr(0, dot);
  const std::string leaf = dot == std::string::npos ? name : name.substr(dot + 1);
  if (leaf == "q_proj" || leaf == "k_proj" || leaf == "v_proj" || leaf == "q_a_proj" || leaf == "kv_a_proj_with_mqa")
    return parent + "/in";
  if (leaf == "gate_proj" || leaf == "up_proj") return parent + "/in";
  return name;
}

// llama.cpp's Q4_K_M rule for attn_v / ffn_down: more bits in the first and last eighth of the
// layers and every third layer between.
bool more_bits(int64_t i, int64_t n) { return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2; }

DType fallback_dtype(DType source) {
  if (source == DType::f16 || source == DType::bf16) return source;
  return DType::f16;
}

}  // namespace

std::string scheme_name(const QuantizeOptions& o) {
  if (!o.mix.empty()) return o.mix;
  return std::string(o.symmetric ? (o.bits == 8 ? "q8_0" : "q4_0") : (o.bits == 8 ? "int8 asym" : "q4_1")) +
         (o.group <= 0 ? " per-channel" : " g" + std::to_string(o.group));
}

uint64_t packed_bytes(const Codec& codec, int64_t rows) {
  if (codec.kind() != CodecKind::zero_point) return uint64_t(rows) * codec.row_bytes();
  // GPTQ layout: packed codes, an fp16 scale and a packed zero per (row, group).
  const uint64_t n = uint64_t(codec.row_length()), groups = n / uint64_t(codec.group());
  return uint64_t(rows) * (n * uint64_t(codec.bits()) / 8 + groups * (2 + uint64_t(codec.bits()) / 8));
}

namespace {

// The codec for `kind`/`group` on rows of n, falling back per tensor to what fits.
void choose(LinearPlan& p, CodecKind kind, int bits, int64_t group, int64_t n, DType source) {
  auto fits = [&](CodecKind k, int64_t g) { return codec_fits(k, g, n); };
  if (fits(kind, group)) {
    p.codec.emplace(kind, bits, group, n);
    p.scheme = p.codec->name();
    return;
  }
  const std::string why = std::to_string(n) + " columns";
  if ((kind == CodecKind::q8_0 || kind == CodecKind::q4_0 || kind == CodecKind::q4_1 || kind == CodecKind::zero_point) && group > 32 &&
      fits(kind, 32)) {
    p.codec.emplace(kind, bits, 32, n);
    p.scheme = p.codec->name();
    p.note = why + " are not whole groups of " + std::to_string(group) + ": group 32";
    return;
  }
  const CodecKind k_fallback = kind == CodecKind::q6_k ? CodecKind::q8_0 : CodecKind::q4_0;
  if ((kind == CodecKind::q4_k || kind == CodecKind::q6_k) && fits(k_fallback, 32)) {
    p.codec.emplace(k_fallback, 0, 32, n);
    p.scheme = p.codec->name();
    p.note = why + " are not whole 256-blocks: " + p.scheme;
    return;
  }
  p.convert_to = fallback_dtype(source);
  p.scheme = std::string(dtype_name(*p.convert_to)) + " (fallback)";
  p.note = why + " are not whole 32-blocks: " + std::string(dtype_name(*p.convert_to));
}

}  // namespace

int64_t layer_of_name(const std::string& name) {
  const std::string prefix = "model.layers.";
  if (name.rfind(prefix, 0) != 0) return -1;
  int64_t v = 0;
  for (size_t i = prefix.size(); i < name.size() && name[i] >= '0' && name[i] <= '9'; ++i) v = v * 10 + (name[i] - '0');
  return v;
}

std::vector<LinearPlan> make_plan(const ModelConfig& c, const std::vector<const Linear*>& linears, const Linear& embedding, bool tied,
                                  const QuantizeOptions& o) {
  const bool mix = !o.mix.empty();
  // Zero-point 4-bit codes are stored as Q4_1 (d, min); 8-bit ones have no GGUF weight type and
  // are held dequantised.
  const CodecKind main_kind = mix ? CodecKind::q4_k
                              : !o.symmetric ? (o.bits == 4 ? CodecKind::q4_1 : CodecKind::zero_point)
                              : o.bits == 8  ? CodecKind::q8_0
                                             : CodecKind::q4_0;
  std::vector<LinearPlan> plan;
  auto decide = [&](const Linear& l, const std::string& tensor, bool is_head) {
    LinearPlan p;
    p.linear = &l;
    p.tensor = tensor;
    p.layer = layer_of_name(l.name());
    p.input_key = input_key(l.name());
    const DType src = l.dtype();
    auto keep = [&](std::string why) {
      p.scheme = "kept";
      p.note = std::move(why);
    };
    const bool kept_by_pattern =
        std::any_of(o.keep.begin(), o.keep.end(), [&](const std::string& k) { return !k.empty() && l.name().find(k) != std::string::npos; });
    if (l.role() == LinearRole::router) keep("router (kept in full precision)");
    else if (kept_by_pattern) keep("kept by --keep");
    else if (is_head && !o.head) keep("output head not selected");
    else if (l.role() == LinearRole::embedding && !is_head && !o.embedding) keep("embedding not selected");
    else if (l.role() == LinearRole::attention && !o.attention) keep("attention not selected");
    else if ((l.role() == LinearRole::mlp || l.role() == LinearRole::shared_expert || l.role() == LinearRole::routed_expert) && !o.mlp)
      keep("MLP / experts not selected");
    else if (is_head) choose(p, mix ? CodecKind::q6_k : CodecKind::q8_0, 8, mix ? 0 : 32, l.in_features(), src);
    else if (mix && (ends_with(l.name(), ".v_proj") || ends_with(l.name(), ".down_proj")) && more_bits(p.layer, c.num_hidden_layers))
      choose(p, CodecKind::q6_k, 6, 0, l.in_features(), src);
    else choose(p, main_kind, o.bits, mix ? 0 : o.group, l.in_features(), src);
    plan.push_back(std::move(p));
  };
  for (const Linear* l : linears) {
    const bool head = l->role() == LinearRole::output;
    if (head && tied) continue;  // the tied head is the embedding, decided below
    decide(*l, l->name() + ".weight", head);
  }
  decide(embedding, "model.embed_tokens.weight", tied);
  return plan;
}

}  // namespace dsw::quant
