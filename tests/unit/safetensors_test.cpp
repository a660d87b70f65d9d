// safetensors reader: valid files (every dtype, scalars, empty tensors, metadata, name- and
// offset-ordered headers, zero-copy views), every validation rule of formats.md §1.3, the
// index parser and sharded loading (path confinement, shard consistency). Files are written by a
// small writer below, so each case shows the exact bytes it feeds the reader.
#include "check.h"

#include <dsw/log.h>
#include <dsw/safetensors.h>

#include "core/mapped_file.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstring>
#include <fstream>
#include <mutex>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

// ---- writer ---------------------------------------------------------------------------------

using Bytes = std::vector<uint8_t>;

// A raw 8-byte little-endian length followed by whatever bytes are given.
Bytes with_length(uint64_t n, const std::string& rest) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[size_t(i)] = char(uint8_t(n >> (8 * i)));
  s += rest;
  return Bytes(s.begin(), s.end());
}

// 8-byte little-endian N, the header (padded with spaces to a multiple of `pad`), then `data`.
Bytes st_file(std::string header, const Bytes& data = {}, size_t pad = 8) {
  if (pad > 1)
    while ((8 + header.size()) % pad) header += ' ';
  header.append(data.begin(), data.end());
  return with_length(header.size() - data.size(), header);
}

struct T {
  std::string name, dtype;
  std::vector<int64_t> shape;
  Bytes bytes;
};

std::string shape_json(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

// A valid file: data laid out in the order given; the JSON lists the entries in that order or
// reversed (as old name-ordered writers did).
Bytes make_file(const std::vector<T>& ts, const std::string& metadata = "", bool reverse_json = false,
                size_t pad = 8) {
  std::vector<std::string> entries;
  Bytes data;
  for (const auto& t : ts) {
    uint64_t begin = data.size();
    data.insert(data.end(), t.bytes.begin(), t.bytes.end());
    entries.push_back("\"" + t.name + "\":{\"dtype\":\"" + t.dtype + "\",\"shape\":" + shape_json(t.shape) +
                      ",\"data_offsets\":[" + std::to_string(begin) + "," + std::to_string(data.size()) + "]}");
  }
  if (reverse_json) std::reverse(entries.begin(), entries.end());
  std::string h = "{";
  if (!metadata.empty()) h += "\"__metadata__\":" + metadata + (entries.empty() ? "" : ",");
  for (size_t i = 0; i < entries.size(); ++i) h += (i ? "," : "") + entries[i];
  return st_file(h + "}", data, pad);
}

Bytes f32_bytes(std::initializer_list<float> v) {
  Bytes b(v.size() * 4);
  std::memcpy(b.data(), std::data(v), b.size());
  return b;
}

void write_file(const fs::path& p, const Bytes& b) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}
void write_text(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << s;
}

Result<SafetensorsHeader> parse(const Bytes& b, const SafetensorsLimits& limits = {}) {
  return parse_safetensors(b, "model.safetensors", limits);
}

// Checks that `b` is refused with `code` and a message naming the file and containing `text`.
#define EXPECT_REJECT(b, text, ...) expect_reject(__LINE__, parse(b __VA_OPT__(, ) __VA_ARGS__).status(), text)
void expect_reject(int line, const Status& s, std::string_view text, StatusCode code = StatusCode::invalid_input) {
  bool ok = !s.is_ok() && s.code() == code && s.message().find(text) != std::string::npos &&
            s.message().rfind("model.safetensors: ", 0) == 0;
  if (!ok)
    test::record_failure(__FILE__, line, "expected refusal containing '" + std::string(text) + "', got " + s.to_string());
}

// Collects warnings sent to the process-wide log sink while alive.
struct LogCapture {
  std::mutex mutex;
  std::vector<std::string> lines;
  LogCapture() {
    set_log_sink([this](LogLevel level, std::string_view m) {
      std::lock_guard lock(mutex);
      if (level >= LogLevel::warn) lines.emplace_back(m);
    });
  }
  ~LogCapture() { set_log_sink(nullptr); }
};

T f32(std::string name, std::vector<int64_t> shape, std::initializer_list<float> v) {
  return {std::move(name), "F32", std::move(shape), f32_bytes(v)};
}

}  // namespace

// ---- valid files -------------------------------------------------------------------------------

DSW_TEST(parses_tensors_metadata_scalars_and_empty_tensors) {
  Bytes b = make_file({f32("a", {2, 3}, {1, 2, 3, 4, 5, 6}),
                       {"b", "BF16", {4}, Bytes(8, 0x3f)},
                       {"scalar", "I64", {}, Bytes(8, 1)},
                       {"empty", "U8", {0, 5}, {}},
                       {"fp8", "F8_E4M3", {3, 1}, Bytes(3, 0x38)}},
                      R"({"format":"pt","note":"x"})");
  auto r = parse(b);
  REQUIRE_OK(r);
  const auto& h = *r;
  CHECK_EQ(h.data_offset, 8 + h.header_bytes);
  CHECK_EQ(h.data_offset % 8, 0u);
  REQUIRE(h.tensors.size() == 5);
  // data_offsets order; "empty" (at [48, 48]) sorts before "fp8" (at [48, 51]).
  const char* names[] = {"a", "b", "scalar", "empty", "fp8"};
  for (size_t i = 0; i < 5; ++i) CHECK_EQ(h.tensors[i].name, std::string(names[i]));
  CHECK(h.tensors[0].dtype == DType::f32);
  CHECK_EQ(h.tensors[0].shape, Shape({2, 3}));
  CHECK_EQ(h.tensors[0].begin, 0u);
  CHECK_EQ(h.tensors[0].end, 24u);
  CHECK(h.tensors[1].dtype == DType::bf16);
  CHECK_EQ(h.tensors[2].shape.rank(), 0);
  CHECK_EQ(h.tensors[2].shape.numel(), 1);
  CHECK_EQ(h.tensors[3].begin, h.tensors[3].end);
  CHECK(h.tensors[4].dtype == DType::f8_e4m3);
  CHECK_EQ(h.tensors[4].dtype_name, std::string("F8_E4M3"));
  CHECK_EQ(h.metadata.size(), 2u);
  CHECK_EQ(h.metadata.at("format"), std::string("pt"));
}

DSW_TEST(accepts_every_dtype_of_the_spec) {
  struct D {
    const char* name;
    int bits;
    std::optional<DType> dtype;
  };
  const D all[] = {{"BOOL", 8, DType::boolean},  {"U8", 8, DType::u8},         {"I8", 8, DType::i8},
                   {"I16", 16, DType::i16},      {"U16", 16, {}},              {"I32", 32, DType::i32},
                   {"U32", 32, {}},              {"I64", 64, DType::i64},      {"U64", 64, {}},
                   {"F16", 16, DType::f16},      {"BF16", 16, DType::bf16},    {"F32", 32, DType::f32},
                   {"F64", 64, DType::f64},      {"C64", 64, {}},              {"F8_E4M3", 8, DType::f8_e4m3},
                   {"F8_E5M2", 8, DType::f8_e5m2}, {"F8_E8M0", 8, {}},         {"F8_E4M3FNUZ", 8, {}},
                   {"F8_E5M2FNUZ", 8, {}},       {"F4", 4, {}},                {"F6_E2M3", 6, {}},
                   {"F6_E3M2", 6, {}}};
  for (const auto& d : all) {
    // 8 elements is a whole number of bytes for every size.
    auto r = parse(make_file({{"t", d.name, {2, 4}, Bytes(size_t(d.bits), 0)}}));
    REQUIRE_OK(r);
    CHECK(r->tensors[0].dtype == d.dtype);
    CHECK_EQ(r->tensors[0].dtype_name, std::string(d.name));
    CHECK_EQ(r->tensors[0].end, uint64_t(d.bits));
  }
  // Sub-byte types: 4 F6 elements are 3 bytes; 3 F4 elements are 12 bits, not whole bytes.
  REQUIRE_OK(parse(make_file({{"t", "F6_E2M3", {4}, Bytes(3, 0)}})));
  EXPECT_REJECT(make_file({{"t", "F4", {3}, Bytes(2, 0)}}), "tensor 't': shape [3] of F4 is 12 bits, not a whole number of bytes");
  EXPECT_REJECT(make_file({{"t", "f32", {1}, Bytes(4, 0)}}), "unknown dtype 'f32'");
  EXPECT_REJECT(make_file({{"t", "F7", {1}, Bytes(1, 0)}}), "tensor 't': unknown dtype 'F7'");
}

DSW_TEST(name_ordered_and_offset_ordered_headers_agree) {
  std::vector<T> ts = {f32("z.first", {2}, {1, 2}), f32("a.second", {1}, {3}), f32("m.third", {3}, {4, 5, 6})};
  auto by_offset = parse(make_file(ts));
  auto reversed = parse(make_file(ts, "", /*reverse_json=*/true));
  REQUIRE_OK(by_offset);
  REQUIRE_OK(reversed);
  REQUIRE(reversed->tensors.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CHECK_EQ(reversed->tensors[i].name, ts[i].name);
    CHECK_EQ(reversed->tensors[i].begin, by_offset->tensors[i].begin);
  }
}

DSW_TEST(header_may_be_empty_object_padded_with_spaces) {
  auto r = parse(st_file("{}      ", {}, 1));
  REQUIRE_OK(r);
  CHECK(r->tensors.empty());
  REQUIRE_OK(parse(make_file({}, R"({"format":"pt"})")));
}

DSW_TEST(load_gives_zero_copy_views_that_keep_the_mapping_alive) {
  fs::path p = test::temp_dir() / "model.safetensors";
  write_file(p, make_file({f32("w", {2, 2}, {1.5f, -2, 3, 4}), {"idx", "I32", {3}, Bytes{1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0}},
                           {"u16", "U16", {2}, Bytes(4, 7)}, {"s", "F32", {}, f32_bytes({9})}}));
  Tensor w;
  {
    TensorStore store;
    REQUIRE_OK(load_safetensors(p, store));
    CHECK_EQ(store.size(), 4u);
    const TensorEntry* e = store.find("w");
    REQUIRE(e);
    CHECK_EQ(e->stored_name, std::string("w"));
    CHECK_EQ(e->dtype_name, std::string("F32"));
    CHECK_EQ(e->file, std::string("model.safetensors"));
    CHECK_EQ(e->nbytes, 16u);
    CHECK_EQ(e->shape, Shape({2, 2}));
    w = e->tensor;
    // The view points into the mapping, at 8 + N + BEGIN.
    auto file = std::static_pointer_cast<const MappedFile>(w.owner());
    REQUIRE(file);
    auto header = parse_safetensors(file->bytes(), "model.safetensors");
    REQUIRE_OK(header);
    const uint8_t* d = static_cast<const uint8_t*>(w.data());
    CHECK(d >= file->data() && d + 16 <= file->data() + file->size());
    CHECK(d == file->data() + header->data_offset);
    const TensorEntry* idx = store.find("idx");
    CHECK(static_cast<const uint8_t*>(idx->tensor.data()) == file->data() + header->data_offset + 16);
    CHECK_EQ(idx->tensor.data_as<int32_t>()[2], 3);
    CHECK_EQ(store.find("s")->tensor.data_as<float>()[0], 9.0f);
    CHECK_EQ(store.find("s")->shape.rank(), 0);
    // A dtype the engine cannot compute with is listed without a view.
    const TensorEntry* u = store.find("u16");
    CHECK(!u->dtype.has_value());
    CHECK_EQ(u->dtype_name, std::string("U16"));
    CHECK(u->tensor.data() == nullptr);
    CHECK_EQ(u->nbytes, 4u);
  }
  // The store is gone; the view still reads the mapped bytes.
  CHECK_EQ(w.data_as<float>()[0], 1.5f);
  CHECK_EQ(w.data_as<float>()[1], -2.0f);
  CHECK_EQ(w.dtype(), DType::f32);
}

DSW_TEST(misaligned_data_is_copied_to_aligned_memory) {
  LogCapture log;
  fs::path p = test::temp_dir() / "odd.safetensors";
  // No padding: 8 + N is odd, so the F32 data cannot be viewed in place.
  Bytes b = make_file({f32("w", {3}, {1, 2, 3})}, "", false, /*pad=*/1);
  REQUIRE((b.size() - 12) % 4 != 0);
  write_file(p, b);
  TensorStore store;
  REQUIRE_OK(load_safetensors(p, store));
  const Tensor& w = store.find("w")->tensor;
  CHECK_EQ(reinterpret_cast<uintptr_t>(w.data()) % 4, 0u);
  CHECK_EQ(w.data_as<float>()[2], 3.0f);
  CHECK_EQ(log.lines.size(), 1u);
}

DSW_TEST(loading_a_name_twice_leaves_the_store_unchanged) {
  fs::path p = test::temp_dir() / "model.safetensors";
  write_file(p, make_file({f32("a", {1}, {1}), f32("b", {1}, {2})}));
  TensorStore store;
  REQUIRE_OK(load_safetensors(p, store));
  Status s = load_safetensors(p, store);
  CHECK(!s.is_ok());
  CHECK(s.message().find("already loaded") != std::string::npos);
  CHECK_EQ(store.size(), 2u);
  Status missing = load_safetensors(p.parent_path() / "nope.safetensors", store);
  CHECK(missing.code() == StatusCode::io);
  CHECK(missing.message().find("nope.safetensors") != std::string::npos);
}

// ---- rejections --------------------------------------------------------------------------------

DSW_TEST(rejects_bad_header_lengths) {
  EXPECT_REJECT(Bytes(5, 1), "file is 5 bytes, too short");
  EXPECT_REJECT(Bytes{}, "file is 0 bytes");
  EXPECT_REJECT(with_length(100'000'001, "{}"), "header length 100000001 is above the 100000000-byte limit");
  EXPECT_REJECT(with_length(100, "{}"), "header length 100 runs past the end of the 10-byte file");
  EXPECT_REJECT(with_length(~0ull, "{}"), "header length 18446744073709551615 is above");
  // With the cap lifted, N + 8 wrapping to a small number must still be caught.
  SafetensorsLimits no_cap;
  no_cap.max_header_bytes = ~0ull;
  EXPECT_REJECT(with_length(~0ull - 7, "{}"), "runs past the end", no_cap);
  EXPECT_REJECT(with_length(~0ull, "{}"), "runs past the end", no_cap);
  EXPECT_REJECT(with_length(0, ""), "header does not start with '{'");
  EXPECT_REJECT(st_file(" {}"), "header does not start with '{'");
  EXPECT_REJECT(st_file("[]"), "header does not start with '{'");
}

DSW_TEST(rejects_invalid_json_and_utf8) {
  EXPECT_REJECT(st_file("{\"a\":"), "header is not valid JSON");
  EXPECT_REJECT(st_file("{} x"), "header is not valid JSON");
  // nlohmann's lexer takes a NUL byte for the end of the input; nothing may hide behind one.
  EXPECT_REJECT(st_file(std::string("{}\0\0\0\0\0\0", 8), {}, 1),
                "header is not valid JSON (at byte 2): unexpected byte \\x00 after the end of the JSON value");
  EXPECT_REJECT(st_file(std::string("{}\0garbage", 10)), "unexpected byte \\x00");
  Bytes bad_utf8 = st_file("{\"a\xff\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", {0});
  auto r = parse(bad_utf8);
  EXPECT_REJECT(bad_utf8, "header is not valid JSON");
  for (char c : r.status().message()) CHECK(static_cast<unsigned char>(c) < 0x80);
  // Overlong encoding of '/' and a lone surrogate escape.
  EXPECT_REJECT(st_file("{\"a\xc0\xaf\":1}"), "not valid JSON");
  EXPECT_REJECT(st_file("{\"a\\ud800\":1}"), "not valid JSON");
}

DSW_TEST(header_json_is_strict_rfc8259) {
  const std::string e = R"({"dtype":"U8","shape":[1],"data_offsets":[0,1]})";
  auto with_name = [&](const std::string& json_name) { return st_file("{\"" + json_name + "\":" + e + "}", {7}); };
  // Escapes and multi-byte UTF-8 decode to the same name.
  auto r = parse(with_name(R"(caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \t)"));
  REQUIRE_OK(r);
  CHECK_EQ(r->tensors[0].name, std::string("caf\xc3\xa9 \xf0\x9f\x98\x80 \"q\" \\ / \t"));
  REQUIRE_OK(parse(with_name("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf")));
  // JSON whitespace anywhere between tokens and after the object (not before: the header starts with {).
  REQUIRE_OK(parse(st_file("{ \"w\" :\n{\"dtype\" : \"U8\" ,\r\n\"shape\":[ 1 ],\"data_offsets\":[ 0 , 1 ] } }\n\t  ", {7})));
  // Invalid UTF-8: stray continuation, overlong forms, encoded surrogate, above U+10FFFF, truncated.
  for (const char* bad : {"\x80", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
                          "\xe2\x82", "\xf0\x9f\x98", "\xff"})
    EXPECT_REJECT(with_name(std::string("a") + bad), "invalid UTF-8");
  // Escapes: lone or unpaired surrogates, bad hex, unknown escape; raw control characters.
  EXPECT_REJECT(with_name(R"(\udc00)"), "lone low surrogate");
  EXPECT_REJECT(with_name(R"(\ud800x)"), "without its low half");
  EXPECT_REJECT(with_name(R"(\ud800\u0041)"), "without its low half");
  EXPECT_REJECT(with_name(R"(\u12g4)"), "four hex digits");
  EXPECT_REJECT(with_name(R"(\x41)"), "invalid escape");
  EXPECT_REJECT(with_name("a\tb"), "control character");
  EXPECT_REJECT(st_file("{\"a"), "end of input inside a string");
  // Grammar: trailing commas, missing colon, single quotes, comments, numbers.
  EXPECT_REJECT(st_file("{\"w\":" + e + ",}", {7}), "expected a string");
  EXPECT_REJECT(st_file(R"({"w":{"dtype":"U8","shape":[1,],"data_offsets":[0,1]}})", {7}), "expected a value");
  EXPECT_REJECT(st_file(R"({"w" {"dtype":"U8"}})"), "expected ':'");
  EXPECT_REJECT(st_file(R"({'w':1})"), "expected a string");
  EXPECT_REJECT(st_file("{/*c*/}"), "expected a string");
  EXPECT_REJECT(st_file(R"({"w":{"dtype":"U8","shape":[01],"data_offsets":[0,1]}})", {7}), "leading zero");
  EXPECT_REJECT(st_file(R"({"w":{"dtype":"U8","shape":[1.],"data_offsets":[0,1]}})", {7}), "after '.'");
  EXPECT_REJECT(st_file(R"({"w":{"dtype":"U8","shape":[1e],"data_offsets":[0,1]}})", {7}), "exponent");
  EXPECT_REJECT(st_file(R"({"w":{"dtype":"U8","shape":[+1],"data_offsets":[0,1]}})", {7}), "unexpected '+'");
  EXPECT_REJECT(st_file(R"({"w":{"dtype":"U8","shape":[-],"data_offsets":[0,1]}})", {7}), "expected a digit");
  EXPECT_REJECT(st_file(R"({"w":{"dtype":"U8","shape":[1] "data_offsets":[0,1]}})", {7}), "expected ',' or '}'");
  EXPECT_REJECT(st_file(R"({"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}})", {7}), "after the end of the JSON value");
  EXPECT_REJECT(st_file(R"({"w":tru})"), "expected a value");
  EXPECT_REJECT(st_file(R"({"w":null})"), "entry must be an object, got null");
  EXPECT_REJECT(st_file(R"({"w":{"dtype":"U8","shape":[1],"data_offsets":[0,1.0]}})", {7}), "data_offsets holds 1.0");
  // -0 is the integer 0.
  REQUIRE_OK(parse(st_file(R"({"w":{"dtype":"U8","shape":[-0],"data_offsets":[-0,0]}})")));
}

DSW_TEST(rejects_wrong_types_and_fields) {
  auto entry = [](const std::string& body) { return st_file("{\"t\":" + body + "}", Bytes(4, 0)); };
  EXPECT_REJECT(entry("5"), "tensor 't': entry must be an object, got integer");
  EXPECT_REJECT(entry("[]"), "tensor 't': entry must be an object, got array");
  EXPECT_REJECT(entry(R"({"dtype":1,"shape":[1],"data_offsets":[0,4]})"), "dtype must be a string, got integer");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":"x","data_offsets":[0,4]})"), "shape must be an array of integers, got string");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[1.5],"data_offsets":[0,4]})"), "shape holds 1.5");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[-1],"data_offsets":[0,4]})"), "negative dimension -1");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[[1]],"data_offsets":[0,4]})"), "shape must hold non-negative integers, got array");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[true],"data_offsets":[0,4]})"), "got boolean");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[18446744073709551616],"data_offsets":[0,4]})"), "shape holds 18446744073709551616");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[9223372036854775808],"data_offsets":[0,4]})"), "shape holds 9223372036854775808; dimensions must be non-negative integers below 2^63");
  expect_reject(__LINE__, parse(entry(R"({"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[0,4]})")).status(),
                "more than 8 dimensions", StatusCode::unsupported);
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[1],"data_offsets":[4]})"), "data_offsets must be an array of two non-negative integers, it holds 1");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4,8]})"), "it holds more");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[1],"data_offsets":{"a":0}})"), "data_offsets must be an array");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[1],"data_offsets":["0",4]})"), "data_offsets must be an array of two non-negative integers, got string");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[1],"data_offsets":[-4,0]})"), "negative offset -4");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[1],"data_offsets":[0,1e1]})"), "data_offsets holds 1e1");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[1]})"), "tensor 't': has no 'data_offsets' field");
  EXPECT_REJECT(entry(R"({"shape":[1],"data_offsets":[0,4]})"), "has no 'dtype' field");
  EXPECT_REJECT(entry(R"({"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1})"), "unknown field 'x'");
  EXPECT_REJECT(entry(R"({"dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]})"), "field 'dtype' appears twice");
  EXPECT_REJECT(st_file(R"({"":{"dtype":"U8","shape":[],"data_offsets":[0,1]}})", {0}), "a tensor has an empty name");
}

DSW_TEST(rejects_bad_metadata_and_duplicate_keys) {
  EXPECT_REJECT(st_file(R"({"__metadata__":[]})"), "__metadata__ must be an object, got array");
  EXPECT_REJECT(st_file(R"({"__metadata__":"pt"})"), "__metadata__ must be an object, got string");
  EXPECT_REJECT(st_file(R"({"__metadata__":{"format":1}})"), "__metadata__ value for 'format' must be a string, got integer");
  EXPECT_REJECT(st_file(R"({"__metadata__":{"a":{"b":"c"}}})"), "must be a string, got object");
  EXPECT_REJECT(st_file(R"({"__metadata__":{"a":"1","a":"2"}})"), "__metadata__ key 'a' appears twice");
  EXPECT_REJECT(st_file(R"({"__metadata__":{},"__metadata__":{}})"), "'__metadata__' appears twice");
  std::string e = R"({"dtype":"U8","shape":[1],"data_offsets":[0,1]})";
  EXPECT_REJECT(st_file("{\"a\":" + e + ",\"a\":" + e + "}", {0}), "tensor 'a' appears twice (duplicate JSON key)");
}

DSW_TEST(rejects_bad_offsets) {
  auto two = [](const std::string& a, const std::string& b, size_t data) {
    return st_file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":)" + a +
                       R"(},"b":{"dtype":"F32","shape":[1],"data_offsets":)" + b + "}}",
                   Bytes(data, 0));
  };
  EXPECT_REJECT(two("[0,4]", "[8,12]", 12), "tensor 'b': data_offsets [8, 12] leave a gap: the previous tensor 'a' ends at 4");
  EXPECT_REJECT(two("[0,4]", "[2,6]", 6), "tensor 'b': data_offsets [2, 6] overlap the previous tensor 'a', which ends at 4");
  EXPECT_REJECT(two("[0,4]", "[0,4]", 4), "overlap the previous tensor");  // aliasing
  EXPECT_REJECT(two("[4,8]", "[8,12]", 12), "tensor 'a': data_offsets [4, 8] do not begin at 0");
  EXPECT_REJECT(two("[0,4]", "[8,4]", 8), "tensor 'b': data_offsets [8, 4] end before they begin");
  // Unsorted JSON with a gap is still a gap once sorted.
  EXPECT_REJECT(two("[12,16]", "[0,4]", 16), "tensor 'a': data_offsets [12, 16] leave a gap: the previous tensor 'b' ends at 4");
}

DSW_TEST(rejects_size_mismatch_and_overflow) {
  auto one = [](const std::string& name, const std::string& dtype, const std::string& shape, const std::string& offsets,
                size_t data) {
    return st_file("{\"" + name + R"(":{"dtype":")" + dtype + R"(","shape":)" + shape + R"(,"data_offsets":)" + offsets + "}}",
                   Bytes(data, 0));
  };
  Status s = parse(one("model.norm.weight", "F32", "[4]", "[0,10]", 10)).status();
  CHECK_EQ(s.message(), std::string("model.safetensors: tensor 'model.norm.weight': data_offsets [0, 10] hold 10 bytes, "
                                    "but shape [4] of F32 needs 16"));
  EXPECT_REJECT(one("t", "U8", "[4294967296,4294967296]", "[0,1]", 1),
                "shape [4294967296, 4294967296] has more elements than 64-bit arithmetic can count");
  EXPECT_REJECT(one("t", "U8", "[2,9223372036854775807]", "[0,1]", 1), "more than 2^63 - 1");
  EXPECT_REJECT(one("t", "F64", "[4611686018427387904]", "[0,1]", 1), "needs more bits than 64-bit arithmetic");
  // A dim of 0 makes the count 0 even next to a huge dim, as in the reference reader.
  REQUIRE_OK(parse(one("t", "F32", "[0,9223372036854775807]", "[0,0]", 0)));
  // A tiny file declaring a petabyte.
  EXPECT_REJECT(one("t", "U8", "[1000000000000000]", "[0,1000000000000000]", 16),
                "the tensors need 1000000000000000 bytes of data, but only 16 bytes follow the header");
  EXPECT_REJECT(one("t", "F32", "[1]", "[0,4]", 3), "need 4 bytes of data, but only 3");
  EXPECT_REJECT(one("t", "F32", "[1]", "[0,4]", 9), "5 trailing bytes after the last tensor");
}

DSW_TEST(tensor_count_is_capped) {
  std::vector<T> ts;
  for (int i = 0; i < 4; ++i) ts.push_back({std::string(1, char('a' + i)), "U8", {1}, {uint8_t(i)}});
  SafetensorsLimits limits;
  limits.max_tensors = 3;
  EXPECT_REJECT(make_file(ts), "the header declares more than 3 tensors", limits);
  limits.max_tensors = 4;
  REQUIRE_OK(parse(make_file(ts), limits));
}

DSW_TEST(long_and_control_character_names_are_quoted_safely) {
  std::string long_name(5000, 'x');
  auto r = parse(st_file("{\"" + long_name + R"(":{"dtype":"F7","shape":[],"data_offsets":[0,1]}})", {0}));
  REQUIRE(!r.is_ok());
  CHECK(r.status().message().size() < 400);
  CHECK(r.status().message().find("(5000 bytes)") != std::string::npos);
  auto r2 = parse(st_file(R"({"a\nb":{"dtype":"F7","shape":[],"data_offsets":[0,1]}})", {0}));
  CHECK(r2.status().message().find("'a\\x0ab'") != std::string::npos);
}

// A header of `n` one-byte tensors, written in reverse offset order so the sort has work to do.
Bytes many_entry_file(int n) {
  std::string h = "{";
  for (int i = 0; i < n; ++i) {
    int k = n - 1 - i;
    h += (i ? ",\"t" : "\"t") + std::to_string(k) + "\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[" +
         std::to_string(k) + "," + std::to_string(k + 1) + "]}";
  }
  h += "}";
  return st_file(h, Bytes(size_t(n), 1));
}

// CPU time of this thread: other processes on the machine do not add to it.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

DSW_TEST(many_entries_parse_in_linear_time) {
  // 200,000 one-byte tensors (about 11 MB of header) parse correctly, and parsing 4x the entries
  // costs about 4x the CPU time (a quadratic step would cost 16x). The figure compared is a ratio
  // of this thread's CPU time, best of three, so load from other processes does not decide it.
  auto best_cpu = [](const Bytes& b, size_t expect) {
    double best = 1e30;
    for (int rep = 0; rep < 3; ++rep) {
      const double t0 = thread_cpu_seconds();
      auto r = parse(b);
      const double t = thread_cpu_seconds() - t0;
      REQUIRE_OK(r);
      CHECK_EQ(r->tensors.size(), expect);
      best = std::min(best, t);
    }
    return best;
  };
  const int n = 50'000;
  const Bytes small = many_entry_file(n), large = many_entry_file(4 * n);
  const double t_small = best_cpu(small, size_t(n));
  const double t_large = best_cpu(large, size_t(4 * n));
  auto r = parse(large);
  REQUIRE_OK(r);
  CHECK_EQ(r->tensors[12345].name, std::string("t12345"));
  std::printf("    header of %d entries: %.3f s CPU, of %d: %.3f s (ratio %.1f)\n", n, t_small, 4 * n, t_large,
              t_large / t_small);
  CHECK(t_large < 10.0 * t_small);
}


// ---- index -------------------------------------------------------------------------------------

namespace {
Status index_error(const std::string& json) { return parse_safetensors_index(json, "model.safetensors.index.json").status(); }
void expect_index_reject(int line, const std::string& json, std::string_view text) {
  Status s = index_error(json);
  if (s.is_ok() || s.code() != StatusCode::invalid_input || s.message().find(text) == std::string::npos ||
      s.message().rfind("model.safetensors.index.json: ", 0) != 0)
    test::record_failure(__FILE__, line, "expected refusal containing '" + std::string(text) + "', got " + s.to_string());
}
#define EXPECT_INDEX_REJECT(json, text) expect_index_reject(__LINE__, json, text)
std::string wm(const std::string& shard) { return R"({"weight_map":{"w":")" + shard + R"("}})"; }
}  // namespace

DSW_TEST(parses_an_index) {
  auto r = parse_safetensors_index(R"({"metadata":{"total_size":123,"format":"pt"},"weight_map":{
      "b":"model-00002-of-000163.safetensors","a":"model-00001-of-000163.safetensors",
      "c":"model-00001-of-000163.safetensors","d":"sub/dir/x.safetensors"}})",
                                   "model.safetensors.index.json");
  REQUIRE_OK(r);
  CHECK_EQ(r->total_size, 123u);
  CHECK_EQ(r->weight_map.size(), 4u);
  CHECK_EQ(r->weight_map.at("b"), std::string("model-00002-of-000163.safetensors"));
  REQUIRE(r->shards.size() == 3);
  CHECK_EQ(r->shards[0], std::string("model-00001-of-000163.safetensors"));
  CHECK_EQ(r->shards[2], std::string("sub/dir/x.safetensors"));
  REQUIRE_OK(parse_safetensors_index(R"({"weight_map":{"a":"x.safetensors"}})", "i.json"));
  auto f = parse_safetensors_index(R"({"metadata":{"total_size":1.6e10},"weight_map":{"a":"x"}})", "i.json");
  REQUIRE_OK(f);
  CHECK_EQ(f->total_size, 16'000'000'000ull);
}

DSW_TEST(index_rejects_bad_structure) {
  EXPECT_INDEX_REJECT("[]", "the index must be a JSON object, got array");
  EXPECT_INDEX_REJECT("{", "invalid JSON");
  EXPECT_INDEX_REJECT(R"({"weight_map":{"a":"x","a":"y"}})", "duplicate key 'a'");
  EXPECT_INDEX_REJECT(R"({"metadata":{}})", "the index has no weight_map");
  EXPECT_INDEX_REJECT(R"({"weight_map":[]})", "weight_map must be an object");
  EXPECT_INDEX_REJECT(R"({"weight_map":{}})", "weight_map lists no tensors");
  EXPECT_INDEX_REJECT(R"({"weight_map":{"a":1}})", "weight_map entry 'a' must be a shard file name string, got integer");
  EXPECT_INDEX_REJECT(R"({"weight_map":{"":"x"}})", "empty tensor name");
  EXPECT_INDEX_REJECT(R"({"metadata":[],"weight_map":{"a":"x"}})", "metadata must be an object");
  EXPECT_INDEX_REJECT(R"({"metadata":{"total_size":"1"},"weight_map":{"a":"x"}})", "total_size must be a non-negative integer");
  EXPECT_INDEX_REJECT(R"({"metadata":{"total_size":-1},"weight_map":{"a":"x"}})", "total_size must be a non-negative integer");
  EXPECT_INDEX_REJECT(R"({"metadata":{"total_size":1.5},"weight_map":{"a":"x"}})", "total_size");
  EXPECT_INDEX_REJECT("{\"weight_map\":{\"a\":\"\xff\"}}", "invalid JSON");
  EXPECT_INDEX_REJECT(std::string(R"({"weight_map":{"a":"x"}})") + '\0' + "junk", "NUL byte at byte 24");
}

DSW_TEST(index_rejects_shard_names_leaving_the_folder) {
  EXPECT_INDEX_REJECT(wm("../outside.safetensors"), "shard name '../outside.safetensors' has a '..' component");
  EXPECT_INDEX_REJECT(wm("a/../../x"), "has a '..' component");
  EXPECT_INDEX_REJECT(wm("a/.."), "has a '..' component");
  EXPECT_INDEX_REJECT(wm("./x"), "has a '.' component");
  EXPECT_INDEX_REJECT(wm("/etc/passwd"), "is an absolute path");
  EXPECT_INDEX_REJECT(wm("a//b"), "has an empty path component");
  EXPECT_INDEX_REJECT(wm("a/"), "has an empty path component");
  EXPECT_INDEX_REJECT(wm(R"(..\\x)"), "contains a backslash");
  EXPECT_INDEX_REJECT(wm(R"(C:x)"), "contains ':'");
  EXPECT_INDEX_REJECT(wm(R"(a\u0000b)"), "control characters");
  EXPECT_INDEX_REJECT(wm(""), "is empty");
}

// ---- sharded loading ---------------------------------------------------------------------------

namespace {
// Two shards (a, b) and (c), plus an index listing the given weight_map.
fs::path make_sharded(const std::string& weight_map, const std::vector<T>& shard2 = {f32("c", {1}, {3})}) {
  fs::path dir = test::temp_dir() / "model";
  write_file(dir / "model-00001-of-00002.safetensors", make_file({f32("a", {2}, {1, 2}), f32("b", {1}, {5})}));
  write_file(dir / "model-00002-of-00002.safetensors", make_file(shard2));
  write_text(dir / "model.safetensors.index.json", R"({"metadata":{"total_size":16},"weight_map":)" + weight_map + "}");
  return dir / "model.safetensors.index.json";
}
const std::string kGoodMap = R"({"a":"model-00001-of-00002.safetensors","b":"model-00001-of-00002.safetensors",
                                 "c":"model-00002-of-00002.safetensors"})";
void expect_load_reject(int line, const fs::path& index, std::string_view text, StatusCode code = StatusCode::invalid_input) {
  TensorStore store;
  Status s = load_sharded_safetensors(index, store);
  if (s.is_ok() || s.code() != code || s.message().find(text) == std::string::npos ||
      s.message().find(index.filename().string()) == std::string::npos || store.size() != 0)
    test::record_failure(__FILE__, line, "expected refusal containing '" + std::string(text) + "', got " + s.to_string());
}
#define EXPECT_LOAD_REJECT(index, text, ...) expect_load_reject(__LINE__, index, text __VA_OPT__(, ) __VA_ARGS__)
}  // namespace

DSW_TEST(loads_two_shards) {
  fs::path index = make_sharded(kGoodMap);
  TensorStore store;
  REQUIRE_OK(load_sharded_safetensors(index, store));
  CHECK_EQ(store.size(), 3u);
  CHECK_EQ(store.find("a")->file, std::string("model-00001-of-00002.safetensors"));
  CHECK_EQ(store.find("c")->file, std::string("model-00002-of-00002.safetensors"));
  CHECK_EQ(store.find("a")->tensor.data_as<float>()[1], 2.0f);
  CHECK_EQ(store.find("b")->tensor.data_as<float>()[0], 5.0f);
  CHECK_EQ(store.find("c")->tensor.data_as<float>()[0], 3.0f);
  auto owner_a = store.find("a")->tensor.owner(), owner_c = store.find("c")->tensor.owner();
  CHECK(owner_a && owner_c && owner_a != owner_c);
}

DSW_TEST(unlisted_tensors_are_ignored_with_a_warning) {
  LogCapture log;
  fs::path index = make_sharded(R"({"a":"model-00001-of-00002.safetensors","c":"model-00002-of-00002.safetensors"})");
  TensorStore store;
  REQUIRE_OK(load_sharded_safetensors(index, store));
  CHECK_EQ(store.size(), 2u);
  CHECK(!store.contains("b"));
  REQUIRE(log.lines.size() == 1);
  CHECK(log.lines[0].find("ignored 1 tensor(s)") != std::string::npos);
  CHECK(log.lines[0].find("'b'") != std::string::npos);
}

DSW_TEST(sharded_rejects_inconsistent_shards) {
  EXPECT_LOAD_REJECT(make_sharded(R"({"a":"model-00001-of-00002.safetensors","x":"model-00003-of-00003.safetensors"})"),
                     "shard 'model-00003-of-00003.safetensors' is listed in weight_map but missing", StatusCode::io);
  EXPECT_LOAD_REJECT(make_sharded(kGoodMap, {f32("c", {1}, {3}), f32("a", {1}, {4})}),
                     "tensor 'a' is in two shards, 'model-00001-of-00002.safetensors' and 'model-00002-of-00002.safetensors'");
  EXPECT_LOAD_REJECT(make_sharded(R"({"a":"model-00002-of-00002.safetensors","b":"model-00001-of-00002.safetensors",
                                      "c":"model-00002-of-00002.safetensors"})"),
                     "tensor 'a' is listed in weight_map under shard 'model-00002-of-00002.safetensors', but it is stored in "
                     "shard 'model-00001-of-00002.safetensors'");
  EXPECT_LOAD_REJECT(make_sharded(R"({"a":"model-00001-of-00002.safetensors","zz":"model-00002-of-00002.safetensors"})"),
                     "tensor 'zz' is listed in weight_map under shard 'model-00002-of-00002.safetensors', but no shard holds it");
  // A broken shard is reported with the index and the shard's name.
  fs::path index = make_sharded(kGoodMap);
  write_file(index.parent_path() / "model-00002-of-00002.safetensors", Bytes{1, 2, 3});
  EXPECT_LOAD_REJECT(index, "model-00002-of-00002.safetensors: file is 3 bytes");
  EXPECT_LOAD_REJECT(index.parent_path() / "missing.index.json", "no such file", StatusCode::io);
  fs::create_directory(index.parent_path() / "dir.index.json");
  EXPECT_LOAD_REJECT(index.parent_path() / "dir.index.json", "not a regular file", StatusCode::io);
  write_text(index, R"({"weight_map":{"a":"../x.safetensors"}})");
  EXPECT_LOAD_REJECT(index, "has a '..' component");
}

DSW_TEST(sharded_refuses_symlinks_that_leave_the_folder) {
  fs::path index = make_sharded(kGoodMap);
  fs::path dir = index.parent_path();
  write_file(dir.parent_path() / "outside.safetensors", make_file({f32("c", {1}, {3})}));
  // A symlink to an existing file outside the folder.
  fs::remove(dir / "model-00002-of-00002.safetensors");
  fs::create_symlink("../outside.safetensors", dir / "model-00002-of-00002.safetensors");
  EXPECT_LOAD_REJECT(index, "shard 'model-00002-of-00002.safetensors' resolves to");
  EXPECT_LOAD_REJECT(index, "outside the model folder");
  // A dangling one is refused as escaping, not as missing.
  fs::remove(dir / "model-00002-of-00002.safetensors");
  fs::create_symlink("../../nowhere/x.safetensors", dir / "model-00002-of-00002.safetensors");
  EXPECT_LOAD_REJECT(index, "outside the model folder");
  // An absolute symlink, and a symlinked subfolder.
  fs::remove(dir / "model-00002-of-00002.safetensors");
  fs::create_symlink(dir.parent_path() / "outside.safetensors", dir / "model-00002-of-00002.safetensors");
  EXPECT_LOAD_REJECT(index, "outside the model folder");
  fs::create_directory_symlink(dir.parent_path(), dir / "up");
  write_text(index, R"({"weight_map":{"c":"up/outside.safetensors"}})");
  EXPECT_LOAD_REJECT(index, "outside the model folder");
  // A symlink loop.
  fs::create_symlink("loop2", dir / "loop1");
  fs::create_symlink("loop1", dir / "loop2");
  write_text(index, R"({"weight_map":{"c":"loop1"}})");
  TensorStore store;
  CHECK(!load_sharded_safetensors(index, store).is_ok());
}

DSW_TEST(sharded_accepts_symlinks_inside_the_folder_and_the_hub_cache) {
  fs::path index = make_sharded(kGoodMap);
  fs::path dir = index.parent_path();
  fs::create_directories(dir / "blobs");
  fs::rename(dir / "model-00002-of-00002.safetensors", dir / "blobs" / "abc123");
  fs::create_symlink("blobs/abc123", dir / "model-00002-of-00002.safetensors");
  TensorStore store;
  REQUIRE_OK(load_sharded_safetensors(index, store));
  CHECK_EQ(store.size(), 3u);

  // huggingface_hub cache: <repo>/snapshots/<rev>/<file> -> ../../blobs/<sha>.
  fs::path repo = test::temp_dir() / "models--org--name";
  fs::path snap = repo / "snapshots" / "0123abcd";
  write_file(repo / "blobs" / "sha1", make_file({f32("a", {2}, {1, 2}), f32("b", {1}, {5})}));
  write_file(repo / "blobs" / "sha2", make_file({f32("c", {1}, {3})}));
  write_text(repo / "blobs" / "sha3", R"({"weight_map":)" + kGoodMap + "}");
  fs::create_directories(snap);
  fs::create_symlink("../../blobs/sha1", snap / "model-00001-of-00002.safetensors");
  fs::create_symlink("../../blobs/sha2", snap / "model-00002-of-00002.safetensors");
  fs::create_symlink("../../blobs/sha3", snap / "model.safetensors.index.json");
  TensorStore hub;
  REQUIRE_OK(load_sharded_safetensors(snap / "model.safetensors.index.json", hub));
  CHECK_EQ(hub.size(), 3u);
  CHECK_EQ(hub.find("c")->file, std::string("model-00002-of-00002.safetensors"));
  // ...and nothing else outside the snapshot.
  fs::create_symlink("../../../outside", snap / "x.safetensors");
  write_text(repo / "blobs" / "sha3", R"({"weight_map":{"a":"x.safetensors"}})");
  TensorStore none;
  CHECK(!load_sharded_safetensors(snap / "model.safetensors.index.json", none).is_ok());
}
