// llama2.c readers on synthetic files: legacy v0 (shared and unshared classifier), v1 "ak42",
// v2 refused, every header and size check, and tokenizer.bin.
#include "check.h"

#include <dsw/llama2c.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

using namespace dsw;

namespace {

struct Dims {
  int32_t dim = 8, hidden = 12, layers = 2, heads = 2, kv_heads = 1, vocab = 5, seq = 4;
};

struct Builder {
  std::vector<uint8_t> b;
  std::map<std::string, float> first;  // stored name -> first value written for it
  float next_marker = 1000.f;

  template <class T>
  void put(T v) {
    uint8_t buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    b.insert(b.end(), buf, buf + sizeof(T));
  }
  // One array of n floats: marker, marker+1, ... (markers 1000 apart identify the array).
  void array(const std::string& stored, uint64_t n) {
    first[stored] = next_marker;
    for (uint64_t i = 0; i < n; ++i) put(next_marker + float(i));
    next_marker += 1000.f;
  }
  void per_layer(const char* stored, int layers, uint64_t n) {
    for (int l = 0; l < layers; ++l) array(std::string(stored) + "[" + std::to_string(l) + "]", n);
  }
};

std::vector<uint8_t> make_v0(const Dims& d, bool shared, Builder* out = nullptr) {
  Builder w;
  for (int32_t v : {d.dim, d.hidden, d.layers, d.heads, d.kv_heads, shared ? d.vocab : -d.vocab, d.seq}) w.put(v);
  uint64_t D = uint64_t(d.dim), H = uint64_t(d.hidden), V = uint64_t(d.vocab), hs = D / uint64_t(d.heads), kv = hs * uint64_t(d.kv_heads);
  w.array("token_embedding_table", V * D);
  w.per_layer("rms_att_weight", d.layers, D);
  w.per_layer("wq", d.layers, D * D);
  w.per_layer("wk", d.layers, kv * D);
  w.per_layer("wv", d.layers, kv * D);
  w.per_layer("wo", d.layers, D * D);
  w.per_layer("rms_ffn_weight", d.layers, D);
  w.per_layer("w1", d.layers, H * D);
  w.per_layer("w2", d.layers, D * H);
  w.per_layer("w3", d.layers, H * D);
  w.array("rms_final_weight", D);
  w.array("freq_cis_real", uint64_t(d.seq) * hs / 2);
  w.array("freq_cis_imag", uint64_t(d.seq) * hs / 2);
  if (!shared) w.array("wcls", V * D);
  if (out) *out = w;
  return w.b;
}

std::vector<uint8_t> make_v1(const Dims& d, bool shared, int32_t version = 1, Builder* out = nullptr) {
  Builder w;
  w.put(uint32_t(0x616b3432));
  w.put(version);
  for (int32_t v : {d.dim, d.hidden, d.layers, d.heads, d.kv_heads, d.vocab, d.seq}) w.put(v);
  w.b.push_back(shared ? 1 : 0);
  w.b.resize(256, 0);
  uint64_t D = uint64_t(d.dim), H = uint64_t(d.hidden), V = uint64_t(d.vocab), hs = D / uint64_t(d.heads), kv = hs * uint64_t(d.kv_heads);
  w.per_layer("rms_att_weight", d.layers, D);
  w.per_layer("rms_ffn_weight", d.layers, D);
  w.array("rms_final_weight", D);
  w.array("token_embedding_table", V * D);
  w.per_layer("wq", d.layers, D * D);
  w.per_layer("wk", d.layers, kv * D);
  w.per_layer("wv", d.layers, kv * D);
  w.per_layer("wo", d.layers, D * D);
  w.per_layer("w1", d.layers, H * D);
  w.per_layer("w2", d.layers, D * H);
  w.per_layer("w3", d.layers, H * D);
  if (!shared) w.array("wcls", V * D);
  if (out) *out = w;
  return w.b;
}

float first_value(const Llama2cCheckpoint& ck, const std::string& hf) {
  const TensorEntry* e = ck.tensors.find(hf);
  if (!e) return -1.f;
  return e->tensor.data_as<const float>()[0];
}

void check_mapping(const Llama2cCheckpoint& ck, const Builder& w, const Dims& d, bool shared) {
  const std::pair<const char*, const char*> per_layer[] = {
      {"rms_att_weight", "input_layernorm.weight"}, {"wq", "self_attn.q_proj.weight"},
      {"wk", "self_attn.k_proj.weight"},            {"wv", "self_attn.v_proj.weight"},
      {"wo", "self_attn.o_proj.weight"},            {"rms_ffn_weight", "post_attention_layernorm.weight"},
      {"w1", "mlp.gate_proj.weight"},               {"w2", "mlp.down_proj.weight"},
      {"w3", "mlp.up_proj.weight"},
  };
  for (int l = 0; l < d.layers; ++l)
    for (auto [stored, leaf] : per_layer) {
      std::string s = std::string(stored) + "[" + std::to_string(l) + "]";
      std::string hf = "model.layers." + std::to_string(l) + "." + leaf;
      CHECK_EQ(first_value(ck, hf), w.first.at(s));
      const TensorEntry* e = ck.tensors.find(hf);
      if (e) CHECK_EQ(e->stored_name, s);
    }
  CHECK_EQ(first_value(ck, "model.embed_tokens.weight"), w.first.at("token_embedding_table"));
  CHECK_EQ(first_value(ck, "model.norm.weight"), w.first.at("rms_final_weight"));
  CHECK_EQ(ck.tensors.contains("lm_head.weight"), !shared);
  if (!shared) CHECK_EQ(first_value(ck, "lm_head.weight"), w.first.at("wcls"));
  CHECK_EQ(ck.tensors.size(), size_t(9 * d.layers + 2 + (shared ? 0 : 1)));
  // Shapes in PyTorch [out, in] order.
  CHECK(ck.tensors.find("model.embed_tokens.weight")->tensor.shape() == Shape({d.vocab, d.dim}));
  CHECK(ck.tensors.find("model.layers.1.self_attn.k_proj.weight")->shape == Shape({4, 8}));
  CHECK(ck.tensors.find("model.layers.1.self_attn.q_proj.weight")->shape == Shape({8, 8}));
  CHECK(ck.tensors.find("model.layers.0.mlp.gate_proj.weight")->shape == Shape({12, 8}));
  CHECK(ck.tensors.find("model.layers.0.mlp.down_proj.weight")->shape == Shape({8, 12}));
  CHECK(ck.tensors.find("model.layers.0.input_layernorm.weight")->shape == Shape({8}));
  const TensorEntry* e = ck.tensors.find("model.layers.0.mlp.up_proj.weight");
  REQUIRE(e);
  CHECK_EQ(e->nbytes, uint64_t(12 * 8 * 4));
  CHECK(e->dtype == DType::f32);
  CHECK_EQ(e->file, std::string("tiny.bin"));
  CHECK_EQ(e->tensor.data_as<const float>()[95], w.first.at("w3[0]") + 95.f);
}

void check_config(const ModelConfig& c, const Dims& d, bool shared) {
  CHECK(c.arch == Architecture::llama);
  CHECK_EQ(c.model_type, std::string("llama"));
  CHECK_EQ(c.hidden_size, d.dim);
  CHECK_EQ(c.intermediate_size, d.hidden);
  CHECK_EQ(c.num_hidden_layers, d.layers);
  CHECK_EQ(c.num_attention_heads, d.heads);
  CHECK_EQ(c.num_key_value_heads, d.kv_heads);
  CHECK_EQ(c.head_dim, d.dim / d.heads);
  CHECK_EQ(c.vocab_size, d.vocab);
  CHECK_EQ(c.max_position_embeddings, d.seq);
  CHECK_EQ(c.rms_norm_eps, 1e-5);
  CHECK_EQ(c.rope_theta, 10000.0);
  CHECK(c.rope_layout == RopeLayout::interleaved);
  CHECK_EQ(c.tie_word_embeddings, shared);
  CHECK(c.bos_token_id == 1);
  CHECK(c.eos_token_ids == std::vector<int64_t>{2});
  CHECK_EQ(c.torch_dtype, std::string("float32"));
}

void expect_reject(const std::vector<uint8_t>& bytes, std::string_view substring, StatusCode code = StatusCode::invalid_input) {
  auto r = parse_llama2c(bytes, "bad.bin");
  if (r.is_ok()) {
    test::record_failure(__FILE__, __LINE__, "accepted; expected '" + std::string(substring) + "'");
    return;
  }
  const auto& s = r.status();
  if (s.code() != code || s.message().find(substring) == std::string::npos || s.message().find("bad.bin") == std::string::npos)
    test::record_failure(__FILE__, __LINE__, "expected '" + std::string(substring) + "', got " + s.to_string());
}

std::vector<uint8_t> with_header(const Dims& d) {
  std::vector<uint8_t> b(28);
  int32_t f[7] = {d.dim, d.hidden, d.layers, d.heads, d.kv_heads, d.vocab, d.seq};
  std::memcpy(b.data(), f, 28);
  return b;
}

}  // namespace

DSW_TEST(legacy_shared_classifier) {
  Dims d;
  Builder w;
  auto bytes = make_v0(d, true, &w);
  auto r = parse_llama2c(bytes, "/some/dir/tiny.bin");
  REQUIRE_OK(r);
  CHECK_EQ(r->header.version, 0);
  CHECK(r->header.shared_classifier);
  CHECK_EQ(r->header.vocab_size, 5);
  check_config(r->config, d, true);
  check_mapping(*r, w, d, true);
}

DSW_TEST(legacy_unshared_classifier) {
  Dims d;
  Builder w;
  auto bytes = make_v0(d, false, &w);
  auto r = parse_llama2c(bytes, "tiny.bin");
  REQUIRE_OK(r);
  CHECK(!r->header.shared_classifier);
  CHECK_EQ(r->header.vocab_size, 5);  // |vocab_size|
  check_config(r->config, d, false);
  check_mapping(*r, w, d, false);
}

DSW_TEST(version1_files) {
  Dims d;
  for (bool shared : {true, false}) {
    Builder w;
    auto bytes = make_v1(d, shared, 1, &w);
    auto r = parse_llama2c(bytes, "tiny.bin");
    REQUIRE_OK(r);
    CHECK_EQ(r->header.version, 1);
    CHECK_EQ(r->header.shared_classifier, shared);
    check_config(r->config, d, shared);
    check_mapping(*r, w, d, shared);
  }
  // The views keep the owner alive.
  auto holder = std::make_shared<std::vector<uint8_t>>(make_v1(d, true));
  auto r = parse_llama2c(*holder, "tiny.bin", holder);
  REQUIRE_OK(r);
  CHECK(r->tensors.find("model.norm.weight")->tensor.owner() == holder);
}

DSW_TEST(rejects_bad_checkpoints) {
  Dims d;
  expect_reject({1, 2, 3}, "truncated: a llama2.c header needs 28 bytes");
  auto v1 = make_v1(d, true);
  expect_reject(std::vector<uint8_t>(v1.begin(), v1.begin() + 100), "v1 header needs 256 bytes");
  expect_reject(make_v1(d, true, 2), "version 2 (int8 Q8_0) checkpoints are not supported", StatusCode::unsupported);
  expect_reject(make_v1(d, true, 7), "unknown llama2.c checkpoint version 7");
  auto bad_flag = make_v1(d, true);
  bad_flag[36] = 2;
  expect_reject(bad_flag, "shared_classifier flag 2");

  auto header_case = [&](auto mutate, std::string_view msg) {
    Dims x;
    mutate(x);
    auto b = with_header(x);
    b.resize(4096);
    expect_reject(b, msg);
  };
  header_case([](Dims& x) { x.dim = -64; }, "dim -64 must be positive");
  header_case([](Dims& x) { x.dim = 0; }, "dim 0 must be positive");
  header_case([](Dims& x) { x.layers = -1; }, "n_layers -1 must be positive");
  header_case([](Dims& x) { x.hidden = 0; }, "hidden_dim 0 must be positive");
  header_case([](Dims& x) { x.heads = 3; }, "n_heads 3 does not divide dim 8");
  header_case([](Dims& x) { x.kv_heads = 3; x.heads = 4; }, "n_kv_heads 3 does not divide n_heads 4");
  header_case([](Dims& x) { x.heads = 16; }, "n_heads 16 does not divide dim 8");
  header_case([](Dims& x) { x.kv_heads = -2; }, "n_kv_heads -2 must be positive");
  header_case([](Dims& x) { x.kv_heads = 3; x.heads = 8; x.dim = 48; }, "n_kv_heads 3 does not divide n_heads 8");
  header_case([](Dims& x) { x.heads = 8; }, "head size 1 is odd");
  header_case([](Dims& x) { x.dim = 1 << 20; }, "dim 1048576 is implausibly large");
  header_case([](Dims& x) { x.layers = 5000; }, "n_layers 5000 is implausibly large");
  header_case([](Dims& x) { x.vocab = INT32_MIN; }, "vocab_size -2147483648 is implausibly large");
  header_case([](Dims& x) { x.vocab = 0; }, "vocab_size 0 must be positive");
  header_case([](Dims& x) { x.seq = 20'000'000; }, "seq_len 20000000 is implausibly large");
  // Petabytes declared by a 28-byte header, within the caps.
  header_case([](Dims& x) { x.dim = 65536; x.hidden = 1 << 20; x.layers = 1024; x.heads = 64; x.kv_heads = 64; x.vocab = 8'000'000; },
              "truncated: token_embedding_table needs bytes [28, ");

  auto v0 = make_v0(d, true);
  auto cut = v0;
  cut.resize(v0.size() - 4);
  expect_reject(cut, "truncated: freq_cis_imag needs bytes");
  cut.resize(600);
  expect_reject(cut, "truncated: wq[1] needs bytes [508, 764) but the file has 600 bytes");
  auto longer = v0;
  longer.resize(v0.size() + 12);
  expect_reject(longer, "12 extra bytes after the last tensor");
  // A shared-classifier header followed by a classifier gets a hint about the sign trick.
  auto unshared = make_v0(d, false);
  int32_t positive = 5;
  std::memcpy(unshared.data() + 20, &positive, 4);
  expect_reject(unshared, "an unshared classifier is flagged by a negative vocab_size");
  auto unshared_cut = make_v0(d, false);
  unshared_cut.resize(unshared_cut.size() - 1);
  expect_reject(unshared_cut, "truncated: wcls");
  // Misaligned caller bytes are refused rather than viewed as floats.
  std::vector<uint8_t> shifted(v0.size() + 1);
  std::memcpy(shifted.data() + 1, v0.data(), v0.size());
  auto r = parse_llama2c(std::span<const uint8_t>(shifted.data() + 1, v0.size()), "bad.bin");
  CHECK(!r.is_ok());
}

namespace {

std::vector<uint8_t> make_tokenizer(int32_t max_len, const std::vector<std::pair<float, std::string>>& tokens) {
  Builder w;
  w.put(max_len);
  for (auto& [score, s] : tokens) {
    w.put(score);
    w.put(int32_t(s.size()));
    w.b.insert(w.b.end(), s.begin(), s.end());
  }
  return w.b;
}

void expect_tokenizer_reject(const std::vector<uint8_t>& bytes, int32_t vocab, std::string_view substring) {
  auto r = parse_llama2c_tokenizer(bytes, vocab, "tok.bin");
  if (r.is_ok()) {
    test::record_failure(__FILE__, __LINE__, "accepted; expected '" + std::string(substring) + "'");
    return;
  }
  const auto& s = r.status();
  if (s.code() != StatusCode::invalid_input || s.message().find(substring) == std::string::npos ||
      s.message().find("tok.bin") == std::string::npos)
    test::record_failure(__FILE__, __LINE__, "expected '" + std::string(substring) + "', got " + s.to_string());
}

}  // namespace

DSW_TEST(tokenizer_bin) {
  auto bytes = make_tokenizer(6, {{0.f, "<unk>"}, {0.f, "\n<s>\n"}, {-1.5f, " the"}, {-2.f, ""}});
  for (int32_t vocab : {-1, 4}) {
    auto r = parse_llama2c_tokenizer(bytes, vocab, "tok.bin");
    REQUIRE_OK(r);
    CHECK_EQ(r->max_token_length, 6);
    REQUIRE(r->pieces.size() == 4);
    CHECK_EQ(r->pieces[1], std::string("\n<s>\n"));
    CHECK_EQ(r->pieces[2], std::string(" the"));
    CHECK_EQ(r->pieces[3], std::string(""));
    CHECK_EQ(r->scores[2], -1.5f);
  }
  expect_tokenizer_reject(bytes, 3, "extra bytes after token 2");
  expect_tokenizer_reject(bytes, 100, "100 tokens cannot fit in the 46 bytes");
  expect_tokenizer_reject(bytes, 5, "truncated: token 4 at offset 50");
  expect_tokenizer_reject(bytes, -2, "vocab_size -2");
  expect_tokenizer_reject({1, 0}, -1, "truncated");
  expect_tokenizer_reject(make_tokenizer(4, {}), -1, "holds no tokens");
  expect_tokenizer_reject(make_tokenizer(-1, {{0.f, "a"}}), -1, "max_token_length -1");
  expect_tokenizer_reject(make_tokenizer(1 << 30, {{0.f, "a"}}), -1, "max_token_length 1073741824");
  expect_tokenizer_reject(make_tokenizer(3, {{0.f, "abcd"}}), -1, "token 0 is 4 bytes long, over max_token_length 3");
  expect_tokenizer_reject(make_tokenizer(4, {{std::nanf(""), "a"}}), -1, "non-finite score");
  {
    Builder w;
    w.put(int32_t(16));
    w.put(0.f);
    w.put(int32_t(-3));
    expect_tokenizer_reject(w.b, -1, "token 0 has a negative length -3");
  }
  {
    Builder w;
    w.put(int32_t(16));
    w.put(0.f);
    w.put(int32_t(10));
    w.b.push_back('x');
    expect_tokenizer_reject(w.b, -1, "token 0 is 10 bytes long but only 1 bytes remain");
  }
  {
    auto b = make_tokenizer(4, {{0.f, "a"}});
    b.push_back(0);  // a partial entry
    expect_tokenizer_reject(b, -1, "truncated: token 1");
  }
}

// The llama2c_tokenizer cases of the malformed corpus reach this parser through load_tokenizer();
// check them here directly too, so the corpus stays meaningful whatever the tokenizer front does.
DSW_TEST(malformed_tokenizer_corpus) {
  auto dir = test::source_dir() / "tests/data/malformed";
  std::ifstream manifest(dir / "llama2c.tsv");
  REQUIRE(manifest.good());
  std::string line;
  int checked = 0;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) f.push_back(line.substr(start, tab - start));
    f.push_back(line.substr(start));
    REQUIRE(f.size() == 4);
    if (f[1] != "llama2c_tokenizer") continue;
    std::ifstream in(dir / f[0], std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    auto r = parse_llama2c_tokenizer(bytes, -1, f[0]);
    if (r.is_ok() || status_code_name(r.status().code()) != f[2] || r.status().message().find(f[3]) == std::string::npos)
      test::record_failure(__FILE__, __LINE__, f[0] + ": expected '" + f[3] + "', got " + r.status().to_string());
    ++checked;
  }
  CHECK(checked >= 3);
}
