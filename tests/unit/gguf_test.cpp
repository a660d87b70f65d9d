// GGUF reader: every metadata type, nested arrays, alignment, tensor infos and views, and every
// rejection rule of formats.md §2.3 / reliability.md cases 10–22, on files written in memory.
#include "check.h"

#include <dsw/gguf.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <limits>

using namespace dsw;

namespace {

// A minimal GGUF writer: raw little-endian fields plus helpers for KVs and tensor infos.
struct Writer {
  std::vector<uint8_t> b;

  template <class T>
  Writer& put(T v) {
    uint8_t buf[sizeof(T)];
    std::memcpy(buf, &v, sizeof(T));
    b.insert(b.end(), buf, buf + sizeof(T));
    return *this;
  }
  Writer& u8(uint8_t v) { return put(v); }
  Writer& u32(uint32_t v) { return put(v); }
  Writer& u64(uint64_t v) { return put(v); }
  Writer& str(std::string_view s) {
    u64(s.size());
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  Writer& header(uint64_t n_tensors, uint64_t n_kv, uint32_t version = 3) {
    b.insert(b.end(), {'G', 'G', 'U', 'F'});
    return u32(version).u64(n_tensors).u64(n_kv);
  }
  // key + type tag; the caller writes the value.
  Writer& key(std::string_view k, GgufValueType t) { return str(k).u32(uint32_t(t)); }
  Writer& kv_u32(std::string_view k, uint32_t v) { return key(k, GgufValueType::u32).u32(v); }
  Writer& kv_str(std::string_view k, std::string_view v) { return key(k, GgufValueType::string).str(v); }
  Writer& tensor_info(std::string_view name, std::vector<uint64_t> ne, uint32_t type, uint64_t offset) {
    str(name).u32(uint32_t(ne.size()));
    for (auto d : ne) u64(d);
    return u32(type).u64(offset);
  }
  Writer& pad(uint64_t align) {
    while (b.size() % align) b.push_back(0);
    return *this;
  }
};

struct TensorSpec {
  std::string name;
  std::vector<uint64_t> ne;
  uint32_t type;
  std::vector<uint8_t> data;  // exactly the tensor's bytes
};

// A complete file: header, the KVs written by `kvs` (n_kv of them), tensor infos with running
// aligned offsets, padding and data.
std::vector<uint8_t> make_gguf(uint64_t n_kv, const std::function<void(Writer&)>& kvs, const std::vector<TensorSpec>& tensors,
                               uint64_t align = 32) {
  Writer w;
  w.header(tensors.size(), n_kv);
  if (kvs) kvs(w);
  uint64_t offset = 0;
  for (const auto& t : tensors) {
    w.tensor_info(t.name, t.ne, t.type, offset);
    offset += (t.data.size() + align - 1) / align * align;
  }
  w.pad(align);
  for (const auto& t : tensors) {
    w.b.insert(w.b.end(), t.data.begin(), t.data.end());
    w.pad(align);
  }
  return w.b;
}

std::vector<uint8_t> iota_bytes(size_t n, uint8_t start = 0) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = uint8_t(start + i);
  return v;
}

void expect_reject(const std::vector<uint8_t>& bytes, std::string_view substring, StatusCode code = StatusCode::invalid_input,
                   const GgufLimits& limits = {}) {
  auto r = GgufFile::parse(bytes, "bad.gguf", limits);
  if (r.is_ok()) {
    test::record_failure(__FILE__, __LINE__, "accepted a malformed file; expected '" + std::string(substring) + "'");
    return;
  }
  const auto& s = r.status();
  if (s.code() != code || s.message().find(substring) == std::string::npos ||
      s.message().find("bad.gguf") == std::string::npos)
    test::record_failure(__FILE__, __LINE__, "expected '" + std::string(substring) + "', got " + s.to_string());
}

// A valid one-tensor prefix to corrupt: header + one KV, then the caller's tensor info.
std::vector<uint8_t> one_tensor(std::vector<uint64_t> ne, uint32_t type, uint64_t offset, std::string_view name = "t",
                                uint64_t data_bytes = 64) {
  Writer w;
  w.header(1, 1).kv_str("general.architecture", "llama").tensor_info(name, ne, type, offset).pad(32);
  w.b.resize(w.b.size() + data_bytes);
  return w.b;
}

}  // namespace

DSW_TEST(reads_every_metadata_type) {
  auto bytes = make_gguf(17, [](Writer& w) {
    w.key("u8", GgufValueType::u8).u8(200);
    w.key("i8", GgufValueType::i8).put<int8_t>(-5);
    w.key("u16", GgufValueType::u16).put<uint16_t>(65535);
    w.key("i16", GgufValueType::i16).put<int16_t>(-300);
    w.key("u32", GgufValueType::u32).u32(4000000000u);
    w.key("i32", GgufValueType::i32).put<int32_t>(-7);
    w.key("f32", GgufValueType::f32).put<float>(1e-6f);
    w.key("bool", GgufValueType::boolean).u8(1);
    w.kv_str("str", "llama");
    w.key("u64", GgufValueType::u64).u64(~0ull);
    w.key("i64", GgufValueType::i64).put<int64_t>(-1234567890123ll);
    w.key("f64", GgufValueType::f64).put<double>(10000.0);
    w.key("arr.i16", GgufValueType::array).u32(uint32_t(GgufValueType::i16)).u64(3).put<int16_t>(1).put<int16_t>(-2).put<int16_t>(3);
    w.key("arr.str", GgufValueType::array).u32(uint32_t(GgufValueType::string)).u64(3).str("a").str("").str("ccc");
    w.key("arr.bool", GgufValueType::array).u32(uint32_t(GgufValueType::boolean)).u64(2).u8(0).u8(1);
    // [[ "x", "yy" ], [], [ "z" ]]
    w.key("arr.nested", GgufValueType::array).u32(uint32_t(GgufValueType::array)).u64(3);
    w.u32(uint32_t(GgufValueType::string)).u64(2).str("x").str("yy");
    w.u32(uint32_t(GgufValueType::u8)).u64(0);
    w.u32(uint32_t(GgufValueType::string)).u64(1).str("z");
    // [[[1, 2]], [[3]]] of int32: three levels
    w.key("arr.deep", GgufValueType::array).u32(uint32_t(GgufValueType::array)).u64(2);
    w.u32(uint32_t(GgufValueType::array)).u64(1).u32(uint32_t(GgufValueType::i32)).u64(2).put<int32_t>(1).put<int32_t>(2);
    w.u32(uint32_t(GgufValueType::array)).u64(1).u32(uint32_t(GgufValueType::i32)).u64(1).put<int32_t>(3);
  }, {});
  auto r = GgufFile::parse(bytes, "types.gguf");
  REQUIRE_OK(r);
  const GgufFile& f = *r;
  CHECK_EQ(f.version(), 3u);
  CHECK_EQ(f.alignment(), 32u);
  CHECK_EQ(f.metadata().size(), size_t(17));
  CHECK_EQ(f.metadata()[0].first, std::string("u8"));
  CHECK_EQ(*f.get_int("u8"), 200);
  CHECK_EQ(*f.get_int("i8"), -5);
  CHECK_EQ(*f.get_int("u16"), 65535);
  CHECK_EQ(*f.get_int("i16"), -300);
  CHECK_EQ(*f.get_int("u32"), 4000000000ll);
  CHECK_EQ(*f.get_int("i32"), -7);
  CHECK(!f.get_int("u64").has_value());  // 2^64-1 does not fit int64
  CHECK_EQ(*f.get_float("u64"), 18446744073709551615.0);
  CHECK_EQ(*f.get_int("i64"), -1234567890123ll);
  CHECK_NEAR(*f.get_float("f32"), 1e-6, 1e-12);
  CHECK_EQ(*f.get_float("f64"), 10000.0);
  CHECK_EQ(*f.get_float("i32"), -7.0);  // get_float accepts integers
  CHECK(!f.get_int("f32").has_value());
  CHECK(!f.get_int("bool").has_value());
  CHECK_EQ(*f.get_bool("bool"), true);
  CHECK(!f.get_bool("u8").has_value());
  CHECK_EQ(*f.get_string("str"), std::string_view("llama"));
  CHECK(!f.get_string("u8").has_value());
  CHECK(!f.get_int("missing").has_value());
  CHECK(f.find("missing") == nullptr);
  CHECK(f.find("u32")->is_integer());
  CHECK(f.find("f64")->is_float());
  CHECK(!f.find("bool")->is_integer());

  const GgufValue* a = f.find("arr.i16");
  REQUIRE(a && a->type() == GgufValueType::array);
  CHECK(a->array_type() == GgufValueType::i16);
  CHECK_EQ(a->array_size(), 3u);
  CHECK_EQ(*a->at(1).as_int(), -2);
  CHECK_EQ(*a->at(2).as_int(), 3);
  CHECK(!a->at(3).as_int().has_value());  // out of range: an empty value, not a crash
  CHECK(!a->as_int().has_value());

  const GgufValue* s = f.find("arr.str");
  REQUIRE(s && s->array_type() == GgufValueType::string);
  CHECK_EQ(*s->at(0).as_string(), std::string_view("a"));
  CHECK_EQ(*s->at(1).as_string(), std::string_view(""));
  CHECK_EQ(*s->at(2).as_string(), std::string_view("ccc"));

  CHECK_EQ(*f.find("arr.bool")->at(1).as_bool(), true);
  CHECK_EQ(*f.find("arr.bool")->at(0).as_bool(), false);

  const GgufValue* n = f.find("arr.nested");
  REQUIRE(n && n->array_type() == GgufValueType::array && n->array_size() == 3);
  GgufValue n0 = n->at(0), n1 = n->at(1), n2 = n->at(2);
  CHECK(n0.array_type() == GgufValueType::string);
  CHECK_EQ(n0.array_size(), 2u);
  CHECK_EQ(*n0.at(1).as_string(), std::string_view("yy"));
  CHECK_EQ(n1.array_size(), 0u);
  CHECK_EQ(*n2.at(0).as_string(), std::string_view("z"));

  const GgufValue* d = f.find("arr.deep");
  REQUIRE(d);
  CHECK_EQ(*d->at(0).at(0).at(1).as_int(), 2);
  CHECK_EQ(*d->at(1).at(0).at(0).as_int(), 3);
  CHECK_EQ(d->at(1).at(0).array_size(), 1u);

  CHECK_EQ(f.find("f64")->to_display_string(), std::string("10000.0"));
  CHECK_EQ(f.find("f32")->to_display_string(), std::string("1e-06"));
  CHECK_EQ(f.find("str")->to_display_string(), std::string("\"llama\""));
  CHECK_EQ(f.find("u64")->to_display_string(), std::string("18446744073709551615"));
  CHECK_EQ(f.find("bool")->to_display_string(), std::string("true"));
  CHECK_EQ(f.find("arr.i16")->to_display_string(), std::string("[1, -2, 3]"));
  CHECK_EQ(f.find("arr.str")->to_display_string(2), std::string("[3 strings]"));
  CHECK_EQ(f.find("arr.i16")->to_display_string(2), std::string("[3 int16 values]"));
  CHECK_EQ(f.find("arr.nested")->to_display_string(), std::string("[[\"x\", \"yy\"], [], [\"z\"]]"));
  CHECK_EQ(gguf_value_type_name(GgufValueType::f32), std::string_view("float32"));
}

DSW_TEST(values_survive_copies_and_moves) {
  auto bytes = make_gguf(1, [](Writer& w) {
    w.key("tokens", GgufValueType::array).u32(uint32_t(GgufValueType::string)).u64(100);
    for (int i = 0; i < 100; ++i) w.str("tok" + std::to_string(i));
  }, {});
  std::optional<GgufFile> copy;
  {
    auto r = GgufFile::parse(bytes, "copy.gguf");
    REQUIRE_OK(r);
    GgufFile moved = std::move(r).value();
    copy = moved;  // copy, then the original goes away
  }
  const GgufValue* t = copy->find("tokens");
  REQUIRE(t);
  CHECK_EQ(t->array_size(), 100u);
  CHECK_EQ(*t->at(0).as_string(), std::string_view("tok0"));
  CHECK_EQ(*t->at(99).as_string(), std::string_view("tok99"));
}

DSW_TEST(tensor_infos_and_views) {
  std::vector<float> f32{1.f, 2.f, 3.f, 4.f, 5.f, 6.f};
  std::vector<uint8_t> f32_bytes(24);
  std::memcpy(f32_bytes.data(), f32.data(), 24);
  std::vector<TensorSpec> tensors = {
      {"blk.0.attn_q.weight", {3, 2}, 0, f32_bytes},               // F32, torch shape [2, 3]
      {"token_embd.weight", {64, 2}, 8, iota_bytes(2 * 2 * 34)},    // Q8_0: 2 blocks per row
      {"blk.0.ffn_up.weight", {4, 1, 2}, 30, iota_bytes(16, 7)},    // BF16
      {"iq4", {32}, 20, iota_bytes(18)},                            // IQ4_NL: listed, no engine dtype
      {"q4k", {256, 3}, 12, iota_bytes(3 * 144)},                   // Q4_K
  };
  auto bytes = make_gguf(2, [](Writer& w) {
    w.kv_u32("general.alignment", 64);
    w.kv_str("general.architecture", "llama");
  }, tensors, 64);
  auto r = GgufFile::parse(bytes, "tensors.gguf");
  REQUIRE_OK(r);
  const GgufFile& f = *r;
  CHECK_EQ(f.alignment(), 64u);
  CHECK_EQ(f.data_offset() % 64, 0u);
  REQUIRE(f.tensors().size() == 5);

  const GgufTensorInfo* q = f.find_tensor("blk.0.attn_q.weight");
  REQUIRE(q);
  CHECK(q->dtype == DType::f32);
  CHECK_EQ(q->nbytes, 24u);
  CHECK(q->shape == Shape({2, 3}));
  CHECK_EQ(q->ne.size(), size_t(2));
  Tensor tq = f.tensor_view(*q);
  REQUIRE(tq.defined());
  CHECK(tq.shape() == Shape({2, 3}));
  CHECK_EQ(tq.data_as<float>()[4], 5.f);
  CHECK(static_cast<const uint8_t*>(tq.data()) == bytes.data() + f.data_offset());

  const GgufTensorInfo* e = f.find_tensor("token_embd.weight");
  REQUIRE(e);
  CHECK(e->dtype == DType::q8_0);
  CHECK_EQ(e->nbytes, 136u);
  CHECK_EQ(e->offset, 64u);
  Tensor te = f.tensor_view(*e);
  CHECK(te.shape() == Shape({2, 64}));
  CHECK_EQ(te.nbytes(), 136u);
  CHECK_EQ(static_cast<const uint8_t*>(te.data())[5], 5);

  const GgufTensorInfo* b = f.find_tensor("blk.0.ffn_up.weight");
  REQUIRE(b);
  CHECK(b->dtype == DType::bf16);
  CHECK(b->shape == Shape({2, 1, 4}));
  CHECK_EQ(b->offset, 256u);

  const GgufTensorInfo* iq4 = f.find_tensor("iq4");
  REQUIRE(iq4);
  CHECK(!iq4->dtype.has_value());
  CHECK_EQ(iq4->nbytes, 18u);
  CHECK(!f.tensor_view(*iq4).defined());
  CHECK_EQ(f.find_tensor("q4k")->nbytes, 432u);
  CHECK(f.find_tensor("q4k")->dtype == DType::q4_k);
  CHECK(f.find_tensor("nope") == nullptr);

  // From a file: the view keeps the mapping alive after the GgufFile is gone.
  auto path = test::temp_dir() / "tensors.gguf";
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  Tensor kept;
  {
    auto opened = GgufFile::open(path);
    REQUIRE_OK(opened);
    CHECK(opened->name().find("tensors.gguf") != std::string::npos);
    kept = opened->tensor_view(*opened->find_tensor("blk.0.attn_q.weight"));
    CHECK(kept.owner() != nullptr);
  }
  CHECK_EQ(kept.data_as<float>()[5], 6.f);
}

DSW_TEST(vocab_only_file_without_padding_and_v2) {
  Writer w;
  w.header(0, 1, 2).kv_str("tokenizer.ggml.model", "gpt2");  // ends unpadded, like llama.cpp's vocab files
  auto r = GgufFile::parse(w.b, "vocab.gguf");
  REQUIRE_OK(r);
  CHECK_EQ(r->version(), 2u);
  CHECK(r->tensors().empty());
  CHECK_EQ(*r->get_string("tokenizer.ggml.model"), std::string_view("gpt2"));
}

DSW_TEST(ggml_type_table) {
  CHECK(dtype_from_ggml_type(0) == DType::f32);
  CHECK(dtype_from_ggml_type(1) == DType::f16);
  CHECK(dtype_from_ggml_type(2) == DType::q4_0);
  CHECK(dtype_from_ggml_type(3) == DType::q4_1);
  CHECK(dtype_from_ggml_type(6) == DType::q5_0);
  CHECK(dtype_from_ggml_type(7) == DType::q5_1);
  CHECK(dtype_from_ggml_type(8) == DType::q8_0);
  CHECK(dtype_from_ggml_type(10) == DType::q2_k);
  CHECK(dtype_from_ggml_type(11) == DType::q3_k);
  CHECK(dtype_from_ggml_type(12) == DType::q4_k);
  CHECK(dtype_from_ggml_type(13) == DType::q5_k);
  CHECK(dtype_from_ggml_type(14) == DType::q6_k);
  CHECK(dtype_from_ggml_type(24) == DType::i8);
  CHECK(dtype_from_ggml_type(25) == DType::i16);
  CHECK(dtype_from_ggml_type(26) == DType::i32);
  CHECK(dtype_from_ggml_type(27) == DType::i64);
  CHECK(dtype_from_ggml_type(28) == DType::f64);
  CHECK(dtype_from_ggml_type(30) == DType::bf16);
  CHECK(!dtype_from_ggml_type(9).has_value());  // Q8_1: activations only
  CHECK(!dtype_from_ggml_type(4).has_value());
  for (uint32_t id : {0u, 1u, 2u, 3u, 6u, 7u, 8u, 10u, 11u, 12u, 13u, 14u, 24u, 25u, 26u, 27u, 28u, 30u})
    CHECK_EQ(ggml_type_from_dtype(*dtype_from_ggml_type(id)), id);
  CHECK_EQ(ggml_type_from_dtype(DType::f8_e4m3), UINT32_MAX);
  CHECK((ggml_type_block(8) == std::pair<uint32_t, uint32_t>{32, 34}));
  CHECK((ggml_type_block(14) == std::pair<uint32_t, uint32_t>{256, 210}));
  CHECK((ggml_type_block(9) == std::pair<uint32_t, uint32_t>{32, 36}));
  CHECK((ggml_type_block(4) == std::pair<uint32_t, uint32_t>{0, 0}));
  CHECK((ggml_type_block(1000) == std::pair<uint32_t, uint32_t>{0, 0}));
  CHECK_EQ(ggml_type_name(12), std::string_view("Q4_K"));
  CHECK_EQ(ggml_type_name(23), std::string_view("IQ4_XS"));
  CHECK_EQ(ggml_type_name(5), std::string_view("?"));
  // Engine block geometry agrees with ggml's for every mapped type.
  for (uint32_t id = 0; id < 64; ++id) {
    auto dt = dtype_from_ggml_type(id);
    if (!dt) continue;
    auto [be, bb] = ggml_type_block(id);
    CHECK_EQ(dtype_info(*dt).block_elems, be);
    CHECK_EQ(dtype_info(*dt).block_bytes, bb);
  }
}

DSW_TEST(rejects_bad_headers) {
  expect_reject({'G', 'G'}, "too short");
  expect_reject(Writer().u32(0x46554748).u32(3).u64(0).u64(0).b, "bad magic");
  expect_reject(Writer().header(0, 0, 0).b, "unsupported GGUF version 0");
  expect_reject(Writer().header(0, 0, 4).b, "unsupported GGUF version 4");
  expect_reject(Writer().header(0, 0, 1).b, "version 1 is not supported", StatusCode::unsupported);
  expect_reject(Writer().header(0, 0, 0x03000000).b, "byte-swapped", StatusCode::unsupported);
  expect_reject(Writer().header(0, 0, 0x00030001).b, "unsupported GGUF version");
  Writer trunc;
  trunc.header(0, 0);
  trunc.b.resize(20);
  expect_reject(trunc.b, "truncated: metadata entry count");
  expect_reject(Writer().header(~0ull, 0).b, "over the limit");
  expect_reject(Writer().header(0, ~0ull).b, "over the limit");
  expect_reject(Writer().header(0, 1000).b, "declares 1000 metadata entries but only 0 bytes");
  expect_reject(Writer().header(10, 0).u64(0).b, "declares 10 tensors but only 8 bytes");
  GgufLimits small;
  small.max_kv = 2;
  small.max_tensors = 1;
  expect_reject(Writer().header(0, 3).b, "3 metadata entries, over the limit of 2", StatusCode::invalid_input, small);
  expect_reject(Writer().header(2, 0).b, "2 tensors, over the limit of 1", StatusCode::invalid_input, small);
  // A valid minimal file for contrast.
  CHECK(GgufFile::parse(Writer().header(0, 0).b, "empty.gguf").is_ok());
}

DSW_TEST(rejects_bad_metadata) {
  auto one_kv = [](const std::function<void(Writer&)>& fn, uint64_t n_kv = 1) {
    Writer w;
    w.header(0, n_kv);
    fn(w);
    return w.b;
  };
  expect_reject(one_kv([](Writer& w) { w.u64(1ull << 63).u32(4).u32(1); }), "over the limit");
  expect_reject(one_kv([](Writer& w) { w.u64(1000).b.insert(w.b.end(), 20, 'k'); }), "only 20 bytes remain");
  GgufLimits small;
  small.max_string_bytes = 4;
  expect_reject(one_kv([](Writer& w) { w.kv_str("abcde", "x"); }), "5 bytes long, over the limit of 4",
                StatusCode::invalid_input, small);
  expect_reject(one_kv([](Writer& w) { w.kv_str("", "x"); }), "empty key");
  expect_reject(one_kv([](Writer& w) { w.kv_str("bad\xff", "x"); }), "not valid UTF-8");
  expect_reject(one_kv([](Writer& w) { w.kv_str("a\xc0\xaf", "x"); }), "not valid UTF-8");  // overlong '/'
  expect_reject(one_kv([](Writer& w) { w.kv_str("k", "x").kv_str("k", "y"); }, 2), "metadata key 'k' appears twice");
  expect_reject(one_kv([](Writer& w) { w.str("k").u32(13).u32(0); }), "invalid value type 13");
  expect_reject(one_kv([](Writer& w) { w.str("k").u32(0xFFFFFFFF).u32(0); }), "invalid value type 4294967295");
  expect_reject(one_kv([](Writer& w) { w.key("k", GgufValueType::boolean).u8(2).b.resize(w.b.size() + 16); }),
                "bool value 2");
  expect_reject(one_kv([](Writer& w) { w.key("k", GgufValueType::u64).u32(1); }), "truncated: metadata key 'k' value");
  expect_reject(one_kv([](Writer& w) { w.key("k", GgufValueType::string).u64(100).u32(0); }), "only 4 bytes remain");
  expect_reject(one_kv([](Writer& w) { w.key("k", GgufValueType::array).u32(13).u64(0); }),
                "invalid array element type 13");
  expect_reject(one_kv([](Writer& w) { w.key("k", GgufValueType::array).u32(uint32_t(GgufValueType::u64)).u64(1ull << 61).u64(0); }),
                "does not fit");
  expect_reject(one_kv([](Writer& w) { w.key("k", GgufValueType::array).u32(uint32_t(GgufValueType::u32)).u64(~0ull); }),
                "does not fit");
  expect_reject(one_kv([](Writer& w) {
                  w.key("k", GgufValueType::array).u32(uint32_t(GgufValueType::string)).u64(1ull << 40).str("a");
                }),
                "strings does not fit");
  expect_reject(one_kv([](Writer& w) {
                  w.key("k", GgufValueType::array).u32(uint32_t(GgufValueType::array)).u64(1ull << 40).u64(0);
                }),
                "arrays does not fit");
  expect_reject(one_kv([](Writer& w) {
                  w.key("k", GgufValueType::array).u32(uint32_t(GgufValueType::boolean)).u64(3).u8(1).u8(0).u8(7);
                }),
                "bool element 2 is 7");
  // Nesting: depth 4 is allowed, depth 5 refused (GgufLimits::max_array_depth = 4).
  auto nested = [&](int depth) {
    return one_kv([depth](Writer& w) {
      w.key("k", GgufValueType::array);
      for (int i = 1; i < depth; ++i) w.u32(uint32_t(GgufValueType::array)).u64(1);
      w.u32(uint32_t(GgufValueType::u8)).u64(1).u8(9);
    });
  };
  const auto deep4 = nested(4);  // parse() borrows the bytes: keep them alive
  auto ok4 = GgufFile::parse(deep4, "deep.gguf");
  REQUIRE_OK(ok4);
  CHECK_EQ(*ok4->find("k")->at(0).at(0).at(0).at(0).as_int(), 9);
  expect_reject(nested(5), "arrays nested 5 deep, over the limit of 4");
  expect_reject(nested(100000), "arrays nested 5 deep");
}

DSW_TEST(rejects_bad_alignment) {
  auto with_align = [](const std::function<void(Writer&)>& fn) {
    Writer w;
    w.header(0, 1);
    fn(w);
    return w.b;
  };
  expect_reject(with_align([](Writer& w) { w.kv_u32("general.alignment", 0); }), "not a power of two");
  expect_reject(with_align([](Writer& w) { w.kv_u32("general.alignment", 3); }), "not a power of two");
  expect_reject(with_align([](Writer& w) { w.kv_u32("general.alignment", 4); }), "not a multiple of 8");
  expect_reject(with_align([](Writer& w) { w.kv_u32("general.alignment", 1u << 31); }), "implausibly large");
  expect_reject(with_align([](Writer& w) { w.key("general.alignment", GgufValueType::i32).u32(32); }),
                "general.alignment has type int32, expected uint32");
  const auto big_align = with_align([](Writer& w) { w.kv_u32("general.alignment", 1u << 20); });
  auto ok = GgufFile::parse(big_align, "a.gguf");
  REQUIRE_OK(ok);
  CHECK_EQ(ok->alignment(), 1u << 20);
}

DSW_TEST(rejects_bad_tensor_infos) {
  const uint64_t i64max = uint64_t(std::numeric_limits<int64_t>::max());
  CHECK(GgufFile::parse(one_tensor({16}, 0, 0), "ok.gguf").is_ok());
  expect_reject(one_tensor({16}, 0, 0, ""), "tensor #0 has an empty name");
  expect_reject(one_tensor({16}, 0, 0, std::string(64, 'n')), "name is 64 bytes long; ggml allows at most 63");
  CHECK(GgufFile::parse(one_tensor({16}, 0, 0, std::string(63, 'n')), "ok.gguf").is_ok());
  expect_reject(one_tensor({16}, 0, 0, "t\xfe"), "not valid UTF-8");
  expect_reject(one_tensor({}, 0, 0), "n_dims 0 is outside 1..4");
  expect_reject(one_tensor({1, 1, 1, 1, 1}, 0, 0), "n_dims 5 is outside 1..4");
  expect_reject(one_tensor({16, 0}, 0, 0), "dim 1 is 0");
  expect_reject(one_tensor({~0ull}, 0, 0), "dim 0 is negative");
  expect_reject(one_tensor({i64max, 2}, 0, 0), "element count overflows int64");
  expect_reject(one_tensor({16}, 4, 0), "ggml type 4 is a retired type");
  expect_reject(one_tensor({16}, 37, 0), "ggml type 37 is a retired type");
  expect_reject(one_tensor({16}, 99, 0), "ggml type 99 is out of range");
  expect_reject(one_tensor({16}, 0xFFFFFFFF, 0), "out of range");
  expect_reject(one_tensor({33}, 8, 0), "ne[0] = 33 is not a multiple of the Q8_0 block size 32");
  expect_reject(one_tensor({1ull << 62}, 28, 0), "byte size overflows");           // F64: 2^65 bytes
  expect_reject(one_tensor({1ull << 40, 1ull << 20}, 12, 0), "lies beyond the end");  // Q4_K petabytes
  expect_reject(one_tensor({16}, 0, 32), "has offset 32, expected 0");
  expect_reject(one_tensor({16}, 0, 0, "t", 63), "lies beyond the end of the file");  // data 1 byte short
  // Duplicate names and a second tensor at the wrong offset.
  {
    Writer w;
    w.header(2, 0).tensor_info("a", {8}, 0, 0).tensor_info("a", {8}, 0, 32).pad(32);
    w.b.resize(w.b.size() + 64);
    expect_reject(w.b, "tensor name 'a' appears twice");
  }
  {
    Writer w;
    w.header(2, 0).tensor_info("a", {8}, 0, 0).tensor_info("b", {8}, 0, 16).pad(32);
    w.b.resize(w.b.size() + 64);
    expect_reject(w.b, "tensor 'b' has offset 16, expected 32");
  }
  // Tensor count that the bytes left after the metadata cannot hold.
  {
    Writer w;
    w.header(2, 1).kv_str("general.name", std::string(60, 'x'));
    w.b.resize(w.b.size() + 40);
    expect_reject(w.b, "bytes remain after the metadata");
  }
  // Tiny file declaring petabytes: refused from its header alone.
  {
    Writer w;
    w.header(1, 0).tensor_info("big", {1ull << 25, 1ull << 25}, 0, 0).pad(32);
    expect_reject(w.b, "lies beyond the end of the file");
  }
}

DSW_TEST(truncations_never_crash) {
  // Every prefix of a valid file is either refused or (for prefixes that end exactly after the
  // metadata of a tensor-less file) accepted; none may crash.
  auto bytes = make_gguf(3, [](Writer& w) {
    w.kv_str("general.architecture", "llama");
    w.key("tokenizer.ggml.tokens", GgufValueType::array).u32(uint32_t(GgufValueType::string)).u64(3).str("a").str("bb").str("c");
    w.key("x", GgufValueType::array).u32(uint32_t(GgufValueType::array)).u64(1).u32(uint32_t(GgufValueType::f32)).u64(1).put<float>(1.f);
  }, {{"t", {8}, 0, iota_bytes(32)}});
  int accepted = 0;
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + long(n));
    auto r = GgufFile::parse(prefix, "prefix.gguf");
    if (r.is_ok()) ++accepted;
    else CHECK(r.status().code() == StatusCode::invalid_input);
  }
  CHECK_EQ(accepted, 0);
  CHECK(GgufFile::parse(bytes, "full.gguf").is_ok());
}
