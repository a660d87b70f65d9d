// llama2.c readers on the real stories260K checkpoint and tok512.bin. Tensors are compared with
// the Hugging Face copy (models/stories260K-hf/model.safetensors): bit-identical for every tensor,
// q/k after undoing the HF rotate_half row permutation (formats.md §2.6 / §4.1).
#include "check.h"

#include <dsw/llama2c.h>

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

using namespace dsw;

namespace {

// A deliberately tiny safetensors reader for this comparison (F32 tensors only); the engine's
// own reader is tested elsewhere.
struct TinySafetensors {
  std::vector<uint8_t> bytes;
  uint64_t data_start = 0;
  nlohmann::json header;

  explicit TinySafetensors(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
    REQUIRE(bytes.size() >= 8);
    uint64_t n = 0;
    std::memcpy(&n, bytes.data(), 8);
    REQUIRE(n <= bytes.size() - 8);
    header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + long(n));
    data_start = 8 + n;
  }
  std::vector<float> f32(const std::string& name, std::vector<int64_t>* shape = nullptr) const {
    const auto& t = header.at(name);
    REQUIRE(t.at("dtype") == "F32");
    uint64_t begin = t.at("data_offsets")[0], end = t.at("data_offsets")[1];
    REQUIRE(end >= begin && data_start + end <= bytes.size());
    std::vector<float> v((end - begin) / 4);
    std::memcpy(v.data(), bytes.data() + data_start + begin, end - begin);
    if (shape) *shape = t.at("shape").get<std::vector<int64_t>>();
    return v;
  }
};

std::vector<float> values(const TensorEntry& e) {
  const float* p = e.tensor.data_as<const float>();
  return std::vector<float>(p, p + e.tensor.numel());
}

// HF rotate_half row order -> llama2.c interleaved order, per head of `head_size` rows of `cols`.
std::vector<float> hf_to_interleaved(const std::vector<float>& hf, int64_t rows, int64_t cols, int64_t head_size) {
  std::vector<float> out(hf.size());
  for (int64_t h = 0; h < rows / head_size; ++h)
    for (int64_t i = 0; i < head_size / 2; ++i)
      for (int64_t c = 0; c < cols; ++c) {
        out[size_t((h * head_size + 2 * i) * cols + c)] = hf[size_t((h * head_size + i) * cols + c)];
        out[size_t((h * head_size + 2 * i + 1) * cols + c)] = hf[size_t((h * head_size + head_size / 2 + i) * cols + c)];
      }
  return out;
}

}  // namespace

DSW_TEST(stories260k_checkpoint) {
  auto r = open_llama2c(test::data_file("models/stories260K/stories260K.bin"));
  REQUIRE_OK(r);
  const auto& h = r->header;
  CHECK_EQ(h.version, 0);
  CHECK_EQ(h.dim, 64);
  CHECK_EQ(h.hidden_dim, 172);
  CHECK_EQ(h.n_layers, 5);
  CHECK_EQ(h.n_heads, 8);
  CHECK_EQ(h.n_kv_heads, 4);
  CHECK_EQ(h.vocab_size, 512);
  CHECK_EQ(h.seq_len, 512);
  CHECK(h.shared_classifier);
  const ModelConfig& c = r->config;
  CHECK_EQ(c.head_dim, 8);
  CHECK(c.tie_word_embeddings);
  CHECK(c.rope_layout == RopeLayout::interleaved);
  CHECK_EQ(r->tensors.size(), size_t(9 * 5 + 2));
  CHECK(!r->tensors.contains("lm_head.weight"));
  CHECK_EQ(r->tensors.find("model.layers.4.mlp.down_proj.weight")->stored_name, std::string("w2[4]"));
  CHECK_EQ(r->tensors.total_elements(), uint64_t(260032));

  TinySafetensors hf(test::data_file("models/stories260K-hf/model.safetensors"));
  int compared = 0;
  for (const auto& e : r->tensors.entries()) {
    std::vector<int64_t> shape;
    std::vector<float> ref = hf.f32(e.name, &shape);
    Shape s(shape.begin(), shape.end());
    CHECK(s == e.shape);
    bool permuted = e.name.find("q_proj") != std::string::npos || e.name.find("k_proj") != std::string::npos;
    if (permuted) ref = hf_to_interleaved(ref, e.shape[0], e.shape[1], c.head_dim);
    std::vector<float> got = values(e);
    REQUIRE(got.size() == ref.size());
    if (std::memcmp(got.data(), ref.data(), got.size() * 4) != 0)
      test::record_failure(__FILE__, __LINE__, "tensor " + e.name + " differs from the safetensors copy");
    ++compared;
  }
  CHECK_EQ(compared, 47);
  // Sanity: the permutation matters (q_proj differs from the raw HF rows).
  auto q = values(*r->tensors.find("model.layers.0.self_attn.q_proj.weight"));
  auto q_hf = hf.f32("model.layers.0.self_attn.q_proj.weight");
  CHECK(std::memcmp(q.data(), q_hf.data(), q.size() * 4) != 0);
}

DSW_TEST(tok512_bin) {
  auto path = test::data_file("models/stories260K/tok512.bin");
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  for (int32_t vocab : {-1, 512}) {
    auto r = parse_llama2c_tokenizer(bytes, vocab, "tok512.bin");
    REQUIRE_OK(r);
    CHECK_EQ(r->max_token_length, 7);
    REQUIRE(r->pieces.size() == 512);
    CHECK_EQ(r->scores.size(), size_t(512));
    CHECK_EQ(r->pieces[0], std::string("<unk>"));
    CHECK_EQ(r->pieces[1], std::string("\n<s>\n"));
    CHECK_EQ(r->pieces[3], std::string("<0x00>"));
    CHECK_EQ(r->pieces[259], std::string(" t"));
    CHECK_EQ(r->pieces[260], std::string("he"));
    CHECK_EQ(r->scores[260], -1.0f);
    CHECK_EQ(r->pieces[511], std::string("\xe2\x80\x8a"));
    CHECK_EQ(r->scores[511], -252.0f);
  }
  CHECK(!parse_llama2c_tokenizer(bytes, 511, "tok512.bin").is_ok());  // trailing entry
}
