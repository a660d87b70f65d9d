// Core types: Status/Result, dtype sizes and conversions, tensors, thread pool, SHA-256, JSON.
#include "check.h"

#include <dsw/devices.h>
#include <dsw/dtype.h>
#include <dsw/hash.h>
#include <dsw/job.h>
#include <dsw/status.h>
#include <dsw/tensor.h>
#include <dsw/thread_pool.h>

#include "core/error.h"
#include "core/json_strict.h"
#include "core/sha256_blocks.h"

#include <atomic>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>

using namespace dsw;

DSW_TEST(status_and_result_carry_codes) {
  Status ok;
  CHECK(ok.is_ok());
  Status bad(StatusCode::invalid_input, "model.safetensors: tensor 'x': bad shape");
  CHECK(!bad.is_ok());
  CHECK_EQ(bad.to_string(), std::string("invalid_input: model.safetensors: tensor 'x': bad shape"));
  Result<int> r = 5;
  CHECK(r.is_ok());
  CHECK_EQ(*r, 5);
  Result<int> e = Status(StatusCode::io, "missing");
  CHECK(!e.is_ok());
  CHECK(e.status().code() == StatusCode::io);
  CHECK_EQ(status_code_name(StatusCode::device_lost), std::string_view("device_lost"));
}

DSW_TEST(guard_converts_exceptions) {
  auto s = guard([] { fail_unsupported("arch x"); });
  CHECK(s.code() == StatusCode::unsupported);
  auto r = guard([]() -> int { throw std::bad_alloc(); });
  CHECK(r.status().code() == StatusCode::out_of_memory);
  auto r2 = guard([]() -> int { throw std::runtime_error("boom"); });
  CHECK(r2.status().code() == StatusCode::internal);
  auto r3 = guard([] { return 7; });
  CHECK(r3.is_ok() && *r3 == 7);
}

DSW_TEST(dtype_sizes_are_checked) {
  CHECK_EQ(dtype_bytes(DType::bf16, 10).value(), 20u);
  CHECK_EQ(dtype_bytes(DType::q8_0, 64).value(), 68u);
  CHECK(!dtype_bytes(DType::q8_0, 33).has_value());
  CHECK(!dtype_bytes(DType::f64, ~0ull / 4).has_value());
  CHECK(dtype_from_name("BF16") == DType::bf16);
  CHECK(dtype_from_name("F8_E4M3") == DType::f8_e4m3);
  CHECK(!dtype_from_name("F7").has_value());
}

DSW_TEST(half_and_bfloat_round_trip) {
  const float values[] = {0.0f, -0.0f, 1.0f, -2.5f, 65504.0f, 6.1035156e-05f, 5.9604645e-08f, 0.1f, 3.14159f};
  for (float v : values) {
    float h = f16_to_f32(f32_to_f16(v));
    CHECK(std::fabs(h - v) <= std::fabs(v) * 1e-3f + 1e-7f);
    float b = bf16_to_f32(f32_to_bf16(v));
    CHECK(std::fabs(b - v) <= std::fabs(v) * 8e-3f);
  }
  CHECK(std::isinf(f16_to_f32(f32_to_f16(1e6f))));
  CHECK(std::isnan(bf16_to_f32(f32_to_bf16(std::nanf("")))));
  // Round to nearest even: 1 + 2^-11 is halfway between two halves and rounds down to 1.
  CHECK_EQ(f32_to_f16(1.0f + 1.0f / 2048), uint16_t(0x3c00));
  // Every f16 bit pattern that is finite converts back to itself.
  for (uint32_t h = 0; h < 0x7c00; ++h) CHECK_EQ(f32_to_f16(f16_to_f32(uint16_t(h))), uint16_t(h));
}

DSW_TEST(fp8_e4m3_matches_the_format) {
  CHECK_EQ(f8_e4m3_to_f32(0x7e), 448.0f);
  CHECK_EQ(f8_e4m3_to_f32(0x38), 1.0f);
  CHECK_EQ(f8_e4m3_to_f32(0x01), 0.001953125f);
  CHECK(std::isnan(f8_e4m3_to_f32(0x7f)));
  for (int c = 0; c < 0x7f; ++c) CHECK_EQ(f32_to_f8_e4m3(f8_e4m3_to_f32(uint8_t(c))), uint8_t(c));
  CHECK_EQ(f32_to_f8_e4m3(1000.0f), uint8_t(0x7e));
}

DSW_TEST(tensor_views_share_storage) {
  Tensor t = Tensor::host(DType::f32, {4, 3});
  CHECK_EQ(t.nbytes(), 48u);
  for (int i = 0; i < 12; ++i) t.data_as<float>()[i] = float(i);
  Tensor s = t.slice(1, 3);
  CHECK_EQ(s.dim(0), 2);
  CHECK_EQ(s.data_as<float>()[0], 3.0f);
  Tensor v = t.view({12});
  CHECK_EQ(v.rank(), 1);
  CHECK_EQ(Shape({2, 3}).to_string(), std::string("[2, 3]"));
  CHECK_EQ(Shape({INT64_MAX, 2}).checked_numel(), -1);
  CHECK_EQ(Shape({-1, 2}).checked_numel(), -1);
}

DSW_TEST(thread_pool_covers_every_index_once) {
  ThreadPool pool(3);
  std::vector<std::atomic<int>> hits(1000);
  for (int rep = 0; rep < 50; ++rep)
    pool.parallel_for(1000, [&](int64_t b, int64_t e, int) {
      for (int64_t i = b; i < e; ++i) hits[size_t(i)]++;
    }, 7);
  for (auto& h : hits) CHECK_EQ(h.load(), 50);
  std::atomic<int> calls{0};
  pool.run_on_all([&](int) { calls++; });
  CHECK_EQ(calls.load(), 3);
}

DSW_TEST(sha256_known_vectors) {
  Sha256 s;
  CHECK_EQ(Sha256::hex(s.finish()), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  s.reset();
  std::string abc = "abc";
  s.update({reinterpret_cast<const uint8_t*>(abc.data()), abc.size()});
  CHECK_EQ(Sha256::hex(s.finish()), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  s.reset();
  std::string m(1000000, 'a');
  // Fed in uneven pieces to exercise buffering.
  for (size_t i = 0; i < m.size();) {
    size_t n = std::min<size_t>(m.size() - i, 1 + (i % 97));
    s.update({reinterpret_cast<const uint8_t*>(m.data() + i), n});
    i += n;
  }
  CHECK_EQ(Sha256::hex(s.finish()), std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

DSW_TEST(sha256_shani_blocks_equal_the_portable_ones) {
  if (!detail::sha256_shani_supported()) SKIP("this CPU has no SHA extensions; the portable path is the one in use");
  std::vector<uint8_t> data(64 * 257);
  uint32_t x = 12345;
  for (auto& b : data) b = uint8_t((x = x * 1664525u + 1013904223u) >> 24);
  for (size_t blocks : {size_t(1), size_t(2), size_t(7), size_t(257)}) {
    uint32_t a[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint32_t b[8];
    std::memcpy(b, a, sizeof a);
    detail::sha256_blocks_portable(a, data.data(), blocks);
    detail::sha256_blocks_shani(b, data.data(), blocks);
    CHECK(std::memcmp(a, b, sizeof a) == 0);
  }
}

DSW_TEST(hash_files_reports_progress_and_cancels) {
  auto dir = test::temp_dir();
  auto f = dir / "w.bin";
  {
    std::ofstream o(f, std::ios::binary);
    std::string abc = "abc";
    o << abc;
  }
  JobContext job;
  int events = 0;
  job.progress = [&](const ProgressEvent& e) {
    ++events;
    CHECK_EQ(e.phase, std::string_view("hash"));
    return true;
  };
  auto r = hash_files({f}, job);
  REQUIRE_OK(r);
  CHECK_EQ(r->at(0).sha256, std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  CHECK(events >= 1);
  JobContext stop;
  stop.progress = [](const ProgressEvent&) { return false; };
  auto c = hash_files({f}, stop);
  CHECK(c.status().code() == StatusCode::cancelled);
  auto missing = hash_files({dir / "nope"});
  CHECK(missing.status().code() == StatusCode::io);
}

DSW_TEST(strict_json_rejects_duplicates_and_depth) {
  auto ok = guard([] { return parse_json_strict(R"({"a": [1, {"b": 2}], "c": "x"})", "t.json"); });
  REQUIRE_OK(ok);
  CHECK_EQ((*ok)["a"][1]["b"].get<int>(), 2);
  auto dup = guard([] { return parse_json_strict(R"({"a": 1, "a": 2})", "t.json"); });
  CHECK(dup.status().code() == StatusCode::invalid_input);
  CHECK(dup.status().message().find("duplicate key 'a'") != std::string::npos);
  std::string deep(1000, '[');
  auto d = guard([&] { return parse_json_strict(deep, "deep.json"); });
  CHECK(d.status().message().find("nesting deeper") != std::string::npos);
  auto utf = guard([] { return parse_json_strict("{\"a\": \"\xff\"}", "u.json"); });
  CHECK(utf.status().code() == StatusCode::invalid_input);
}

DSW_TEST(host_memory_is_reported) {
  const MemoryInfo m = host_memory_info();
  CHECK(m.total_bytes > (uint64_t(64) << 20));
  CHECK(m.free_bytes <= m.total_bytes);
}

DSW_TEST(job_context_cancel_flag) {
  std::atomic<bool> flag{false};
  JobContext job;
  job.cancel = &flag;
  CHECK(job.check().is_ok());
  flag = true;
  CHECK(job.check().code() == StatusCode::cancelled);
}

DSW_TEST(thread_pool_rethrows_worker_exceptions) {
  ThreadPool pool(2);
  bool caught = false;
  try {
    pool.parallel_for(100, [&](int64_t b, int64_t, int) {
      if (b > 0) throw std::runtime_error("worker failed");
    });
  } catch (const std::runtime_error& e) {
    caught = std::string(e.what()) == "worker failed";
  }
  CHECK(caught);
  // The pool keeps working afterwards.
  std::atomic<int> n{0};
  pool.parallel_for(10, [&](int64_t b, int64_t e, int) { n += int(e - b); });
  CHECK_EQ(n.load(), 10);
}
