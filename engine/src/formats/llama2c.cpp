// llama2.c checkpoints (legacy v0 and "ak42" v1) and tokenizer.bin (formats.md §4).
//
// A checkpoint is a header followed by fp32 arrays whose sizes follow from the header alone, so
// the header is validated and capped first, the whole layout is sized with checked arithmetic, and
// the file must hold exactly those bytes: a shorter file names the array it ends in, a longer one
// the number of extra bytes. Tensors are zero-copy views under Hugging Face names; q/k rows keep
// llama2.c's interleaved RoPE order, which the config records as RopeLayout::interleaved.
// Nothing is allocated in proportion to a header value before it has been checked against the
// bytes present. Parsing is pure and thread-safe.
#include <dsw/llama2c.h>

#include "core/error.h"
#include "core/mapped_file.h"
#include "formats/config_check.h"

#include <cmath>
#include <cstring>

namespace dsw {
namespace {

constexpr uint32_t kMagicV1 = 0x616b3432;  // "ak42"
constexpr uint64_t kHeaderV0 = 7 * 4;
constexpr uint64_t kHeaderV1 = 256;

// Caps on header values: far above any llama2.c model, low enough that every product below fits
// in 64 bits by construction (the arithmetic is checked anyway).
constexpr int32_t kMaxDim = 65536;
constexpr int32_t kMaxHiddenDim = 1 << 20;
constexpr int32_t kMaxLayers = 1024;
constexpr int32_t kMaxVocab = 10'000'000;
constexpr int32_t kMaxSeqLen = 10'000'000;
constexpr int32_t kMaxTokenLength = 1 << 20;

template <class T>
T load(const uint8_t* p) noexcept {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

uint64_t checked_mul(uint64_t a, uint64_t b, const std::string& name) {
  uint64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) fail_invalid(name + ": tensor sizes overflow");
  return r;
}

// A run of fp32 arrays of the same kind in file order: one array, or one per layer ("wq[0]",
// "wq[1]", ...). The file has at most a dozen groups, so sizing a layout allocates almost nothing
// whatever n_layers says; names are built only for tensor entries and messages.
struct Group {
  const char* stored;  // llama2.c name (run.c's TransformerWeights field)
  const char* hf;      // HF name, or the leaf under model.layers.L. for per-layer groups; null: skipped
  bool per_layer;
  Shape shape;
  uint64_t floats;  // per array
};

std::string stored_name(const Group& g, int layer) {
  return g.per_layer ? std::string(g.stored) + "[" + std::to_string(layer) + "]" : std::string(g.stored);
}
std::string hf_name(const Group& g, int layer) {
  return g.per_layer ? "model.layers." + std::to_string(layer) + "." + g.hf : std::string(g.hf);
}

void check_header(Llama2cHeader& h, const std::string& name) {
  auto positive = [&](const char* field, int32_t v, int32_t cap) {
    if (v <= 0) fail_invalid(name + ": " + field + " " + std::to_string(v) + " must be positive");
    if (v > cap)
      fail_invalid(name + ": " + field + " " + std::to_string(v) + " is implausibly large (limit " + std::to_string(cap) + ")");
  };
  positive("dim", h.dim, kMaxDim);
  positive("hidden_dim", h.hidden_dim, kMaxHiddenDim);
  positive("n_layers", h.n_layers, kMaxLayers);
  positive("n_heads", h.n_heads, kMaxDim);  // the divisibility checks below bound both by dim
  positive("n_kv_heads", h.n_kv_heads, kMaxDim);
  positive("vocab_size", h.vocab_size, kMaxVocab);
  positive("seq_len", h.seq_len, kMaxSeqLen);
  if (h.dim % h.n_heads != 0)
    fail_invalid(name + ": n_heads " + std::to_string(h.n_heads) + " does not divide dim " + std::to_string(h.dim));
  if (h.n_heads % h.n_kv_heads != 0)
    fail_invalid(name + ": n_kv_heads " + std::to_string(h.n_kv_heads) + " does not divide n_heads " +
                 std::to_string(h.n_heads));
  if ((h.dim / h.n_heads) % 2 != 0)
    fail_invalid(name + ": head size " + std::to_string(h.dim / h.n_heads) + " is odd; RoPE rotates pairs");
}

// The arrays of the file in order (formats.md §4.1 for v0, §4.2 for v1). Header values are
// already capped, so the products below cannot overflow; they are checked anyway.
std::vector<Group> layout(const Llama2cHeader& h, const std::string& name) {
  const uint64_t dim = uint64_t(h.dim), hidden = uint64_t(h.hidden_dim), vocab = uint64_t(h.vocab_size);
  const uint64_t head_size = dim / uint64_t(h.n_heads), kv_dim = uint64_t(h.n_kv_heads) * head_size;
  const int64_t D = h.dim, H = h.hidden_dim, V = h.vocab_size, KV = int64_t(kv_dim);
  const uint64_t embed_n = checked_mul(vocab, dim, name), ffn_n = checked_mul(hidden, dim, name);
  const Group embed{"token_embedding_table", "model.embed_tokens.weight", false, Shape{V, D}, embed_n};
  const Group attn_norm{"rms_att_weight", "input_layernorm.weight", true, Shape{D}, dim};
  const Group ffn_norm{"rms_ffn_weight", "post_attention_layernorm.weight", true, Shape{D}, dim};
  const Group final_norm{"rms_final_weight", "model.norm.weight", false, Shape{D}, dim};
  const Group attention[] = {
      {"wq", "self_attn.q_proj.weight", true, Shape{D, D}, dim * dim},
      {"wk", "self_attn.k_proj.weight", true, Shape{KV, D}, kv_dim * dim},
      {"wv", "self_attn.v_proj.weight", true, Shape{KV, D}, kv_dim * dim},
      {"wo", "self_attn.o_proj.weight", true, Shape{D, D}, dim * dim},
  };
  const Group ffn[] = {
      {"w1", "mlp.gate_proj.weight", true, Shape{H, D}, ffn_n},
      {"w2", "mlp.down_proj.weight", true, Shape{D, H}, ffn_n},
      {"w3", "mlp.up_proj.weight", true, Shape{H, D}, ffn_n},
  };
  std::vector<Group> groups;
  if (h.version == 0) {
    groups.push_back(embed);
    groups.push_back(attn_norm);
    groups.insert(groups.end(), std::begin(attention), std::end(attention));
    groups.push_back(ffn_norm);
    groups.insert(groups.end(), std::begin(ffn), std::end(ffn));
    groups.push_back(final_norm);
    // cos and sin tables written by the exporter and recomputed by run.c: present, not exposed.
    const uint64_t table = checked_mul(uint64_t(h.seq_len), head_size / 2, name);
    const Shape table_shape{h.seq_len, int64_t(head_size / 2)};
    groups.push_back({"freq_cis_real", nullptr, false, table_shape, table});
    groups.push_back({"freq_cis_imag", nullptr, false, table_shape, table});
  } else {
    // v1 writes each kind for all layers, norms first (export.py version1_export).
    groups.push_back(attn_norm);
    groups.push_back(ffn_norm);
    groups.push_back(final_norm);
    groups.push_back(embed);
    groups.insert(groups.end(), std::begin(attention), std::end(attention));
    groups.insert(groups.end(), std::begin(ffn), std::end(ffn));
  }
  if (!h.shared_classifier) groups.push_back({"wcls", "lm_head.weight", false, Shape{V, D}, embed_n});
  return groups;
}

Llama2cHeader read_header(std::span<const uint8_t> bytes, const std::string& name, uint64_t& data_start) {
  Llama2cHeader h;
  const uint8_t* p = bytes.data();
  if (bytes.size() >= 4 && load<uint32_t>(p) == kMagicV1) {
    if (bytes.size() < kHeaderV1)
      fail_invalid(name + ": truncated: the llama2.c v1 header needs 256 bytes, the file has " + std::to_string(bytes.size()));
    int32_t version = load<int32_t>(p + 4);
    if (version == 2)
      fail_unsupported(name + ": llama2.c version 2 (int8 Q8_0) checkpoints are not supported; export version 1 (fp32) instead");
    if (version != 1) fail_invalid(name + ": unknown llama2.c checkpoint version " + std::to_string(version));
    h.version = 1;
    int32_t f[7];
    std::memcpy(f, p + 8, sizeof f);
    h.dim = f[0], h.hidden_dim = f[1], h.n_layers = f[2], h.n_heads = f[3], h.n_kv_heads = f[4], h.vocab_size = f[5], h.seq_len = f[6];
    uint8_t shared = p[36];
    if (shared > 1) fail_invalid(name + ": shared_classifier flag " + std::to_string(shared) + " is neither 0 nor 1");
    h.shared_classifier = shared == 1;
    data_start = kHeaderV1;
    return h;
  }
  if (bytes.size() < kHeaderV0)
    fail_invalid(name + ": truncated: a llama2.c header needs 28 bytes, the file has " + std::to_string(bytes.size()));
  int32_t f[7];
  std::memcpy(f, p, sizeof f);
  h.version = 0;
  h.dim = f[0], h.hidden_dim = f[1], h.n_layers = f[2], h.n_heads = f[3], h.n_kv_heads = f[4], h.seq_len = f[6];
  // Sign trick: a negative vocab_size flags a separate classifier matrix at the end.
  h.shared_classifier = f[5] > 0;
  if (f[5] == INT32_MIN) fail_invalid(name + ": vocab_size " + std::to_string(f[5]) + " is implausibly large");
  h.vocab_size = f[5] < 0 ? -f[5] : f[5];
  data_start = kHeaderV0;
  return h;
}

ModelConfig make_config(const Llama2cHeader& h) {
  ModelConfig c;
  c.arch = Architecture::llama;
  c.model_type = "llama";
  c.hidden_size = h.dim;
  c.intermediate_size = h.hidden_dim;
  c.num_hidden_layers = h.n_layers;
  c.num_attention_heads = h.n_heads;
  c.num_key_value_heads = h.n_kv_heads;
  c.head_dim = h.dim / h.n_heads;
  c.vocab_size = h.vocab_size;
  c.max_position_embeddings = h.seq_len;
  c.rms_norm_eps = 1e-5;
  c.rope_theta = 10000.0;
  c.rope_layout = RopeLayout::interleaved;
  c.tie_word_embeddings = h.shared_classifier;
  c.hidden_act = "silu";
  c.torch_dtype = "float32";
  if (h.vocab_size > 1) c.bos_token_id = 1;  // run.c's BOS and EOS, when the vocabulary has them
  if (h.vocab_size > 2) c.eos_token_ids = {2};
  return c;
}

// How a llama2.c header spells each ModelConfig field, for check_model_config's messages.
ConfigSource header_source(const std::string& name) {
  return {name, [](std::string_view field) -> std::string {
            static constexpr std::pair<std::string_view, std::string_view> kFields[] = {
                {"hidden_size", "dim"},          {"intermediate_size", "hidden_dim"}, {"num_hidden_layers", "n_layers"},
                {"num_attention_heads", "n_heads"}, {"num_key_value_heads", "n_kv_heads"}, {"vocab_size", "vocab_size"},
                {"max_position_embeddings", "seq_len"}, {"head_dim", "dim / n_heads"},
            };
            for (auto [f, h] : kFields)
              if (f == field) return "header field '" + std::string(h) + "'";
            return "value '" + std::string(field) + "'";
          }};
}

Llama2cCheckpoint parse_checkpoint(std::span<const uint8_t> bytes, const std::string& name, std::shared_ptr<const void> owner) {
  if (reinterpret_cast<uintptr_t>(bytes.data()) % 4 != 0)
    fail_invalid(name + ": the checkpoint bytes are not 4-byte aligned in memory");
  uint64_t offset = 0;
  Llama2cCheckpoint ck;
  ck.header = read_header(bytes, name, offset);
  check_header(ck.header, name);
  // The rules every config source shares, before anything is sized from the header.
  check_model_config(make_config(ck.header), header_source(name));
  const std::vector<Group> groups = layout(ck.header, name);
  const int n_layers = ck.header.n_layers;

  // Size the whole layout first: a header declaring petabytes is refused before any tensor entry.
  uint64_t expected = offset;
  for (const auto& g : groups) {
    const uint64_t array_bytes = checked_mul(g.floats, 4, name);
    const uint64_t bytes_total = checked_mul(array_bytes, g.per_layer ? uint64_t(n_layers) : 1, name);
    uint64_t end = 0;
    if (__builtin_add_overflow(expected, bytes_total, &end)) fail_invalid(name + ": tensor sizes overflow");
    if (end > bytes.size()) {
      // Name the array the file ends in.
      const uint64_t layer = (bytes.size() - expected) / array_bytes;
      const uint64_t begin = expected + layer * array_bytes;
      fail_invalid(name + ": truncated: " + stored_name(g, int(layer)) + " needs bytes [" + std::to_string(begin) + ", " +
                   std::to_string(begin + array_bytes) + ") but the file has " + std::to_string(bytes.size()) + " bytes");
    }
    expected = end;
  }
  if (bytes.size() > expected) {
    uint64_t extra = bytes.size() - expected;
    std::string hint;
    if (ck.header.version == 0 && ck.header.shared_classifier &&
        extra == uint64_t(ck.header.vocab_size) * uint64_t(ck.header.dim) * 4)
      hint = " (exactly a classifier matrix: an unshared classifier is flagged by a negative vocab_size)";
    fail_invalid(name + ": " + std::to_string(extra) + " extra bytes after the last tensor (the header declares " +
                 std::to_string(expected) + " bytes, the file has " + std::to_string(bytes.size()) + ")" + hint);
  }

  ck.config = make_config(ck.header);
  const std::string file = std::filesystem::path(name).filename().string();
  for (const auto& g : groups) {
    for (int layer = 0; layer < (g.per_layer ? n_layers : 1); ++layer) {
      const uint8_t* data = bytes.data() + offset;
      offset += g.floats * 4;
      if (!g.hf) continue;
      TensorEntry e;
      e.name = hf_name(g, layer);
      e.stored_name = stored_name(g, layer);
      e.dtype_name = "F32";
      e.dtype = DType::f32;
      e.shape = g.shape;
      e.nbytes = g.floats * 4;
      e.file = file;
      e.tensor = Tensor(DType::f32, g.shape, const_cast<uint8_t*>(data), Device{}, owner);
      ck.tensors.add(std::move(e));
    }
  }
  return ck;
}

}  // namespace

Result<Llama2cCheckpoint> parse_llama2c(std::span<const uint8_t> bytes, std::string_view name, std::shared_ptr<const void> owner) {
  return guard([&] { return parse_checkpoint(bytes, std::string(name), std::move(owner)); });
}

Result<Llama2cCheckpoint> open_llama2c(const std::filesystem::path& path) {
  return guard([&] {
    auto mapping = MappedFile::open(path);
    auto bytes = mapping->bytes();
    return parse_checkpoint(bytes, path.string(), std::move(mapping));
  });
}

Result<Llama2cVocab> parse_llama2c_tokenizer(std::span<const uint8_t> bytes, int32_t vocab_size, std::string_view name_view) {
  return guard([&] {
    const std::string name(name_view);
    if (vocab_size < -1) fail_invalid(name + ": vocab_size " + std::to_string(vocab_size) + " must be -1 (read to the end) or >= 0");
    const uint8_t* p = bytes.data();
    const uint64_t size = bytes.size();
    if (size < 4) fail_invalid(name + ": truncated: tokenizer.bin needs a 4-byte max_token_length, the file has " + std::to_string(size));
    Llama2cVocab v;
    v.max_token_length = load<int32_t>(p);
    if (v.max_token_length < 0 || v.max_token_length > kMaxTokenLength)
      fail_invalid(name + ": max_token_length " + std::to_string(v.max_token_length) + " is outside 0.." +
                   std::to_string(kMaxTokenLength));
    uint64_t pos = 4;
    // Every entry takes at least 8 bytes (score and length): a count the bytes cannot hold is
    // refused before anything is reserved for it.
    if (vocab_size >= 0) {
      if (uint64_t(vocab_size) > (size - pos) / 8)
        fail_invalid(name + ": " + std::to_string(vocab_size) + " tokens cannot fit in the " + std::to_string(size - pos) +
                     " bytes after the header");
      v.pieces.reserve(size_t(vocab_size));
      v.scores.reserve(size_t(vocab_size));
    }
    for (uint64_t i = 0; vocab_size < 0 ? pos < size : i < uint64_t(vocab_size); ++i) {
      const std::string at = "token " + std::to_string(i);
      if (size - pos < 8)
        fail_invalid(name + ": truncated: " + at + " at offset " + std::to_string(pos) + " needs 8 bytes for its score and length, " +
                     std::to_string(size - pos) + " remain");
      float score = load<float>(p + pos);
      int32_t len = load<int32_t>(p + pos + 4);
      pos += 8;
      if (!std::isfinite(score)) fail_invalid(name + ": " + at + " has a non-finite score");
      if (len < 0) fail_invalid(name + ": " + at + " has a negative length " + std::to_string(len));
      if (len > v.max_token_length)
        fail_invalid(name + ": " + at + " is " + std::to_string(len) + " bytes long, over max_token_length " +
                     std::to_string(v.max_token_length));
      if (uint64_t(len) > size - pos)
        fail_invalid(name + ": truncated: " + at + " is " + std::to_string(len) + " bytes long but only " +
                     std::to_string(size - pos) + " bytes remain");
      v.pieces.emplace_back(reinterpret_cast<const char*>(p + pos), size_t(len));
      v.scores.push_back(score);
      pos += uint64_t(len);
    }
    if (v.pieces.empty()) fail_invalid(name + ": the tokenizer holds no tokens");
    if (pos != size)
      fail_invalid(name + ": " + std::to_string(size - pos) + " extra bytes after token " + std::to_string(v.pieces.size() - 1));
    return v;
  });
}

}  // namespace dsw
