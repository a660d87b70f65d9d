// Quantisers against their references: GPTQ against the NumPy implementation of the same
// algorithm (tests/scripts/gptq_reference.py, fixture tests/fixtures/quant/gptq_small.safetensors),
// RTN at g32 against ggml's reference quantisers byte for byte, grouped Q4_0 read back by the
// engine's own dequantisation, and the K-type block layouts decoded as formats.md §2.5 describes.
#include "check.h"
#include "random_tensor.h"

#include <dsw/safetensors.h>
#include <dsw/thread_pool.h>

#include "cpu/convert.h"
#include "quant/codec.h"
#include "quant/gptq.h"

#include <cmath>
#include <cstring>

using namespace dsw;
using namespace dsw::quant;
using dsw::test::randn;

namespace {

std::vector<float> random_row(int64_t n, uint32_t seed, float scale = 0.05f) {
  auto v = randn(static_cast<size_t>(n), seed, scale);
  v[3] = 4 * scale;  // an outlier
  return v;
}

std::vector<float> floats(const TensorStore& s, const std::string& name) {
  const TensorEntry* e = s.find(name);
  REQUIRE(e && e->dtype == DType::f32);
  const float* p = e->tensor.data_as<const float>();
  return {p, p + e->shape.numel()};
}

// Fraction of entries that differ by more than tol, and the largest difference.
std::pair<double, double> compare(const std::vector<float>& a, const std::vector<float>& b, double tol) {
  size_t bad = 0;
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double d = std::fabs(double(a[i]) - b[i]);
    worst = std::max(worst, d);
    if (d > tol) ++bad;
  }
  return {double(bad) / double(a.size()), worst};
}

}  // namespace

DSW_TEST(gptq_matches_numpy_reference) {
  TensorStore s;
  REQUIRE_OK(load_safetensors(test::source_dir() / "tests/fixtures/quant/gptq_small.safetensors", s));
  const auto W = floats(s, "W"), H = floats(s, "H");
  const int64_t rows = 48, n = 128;
  ThreadPool pool(2);
  struct Case {
    const char* name;
    CodecKind kind;
    int bits;
    int64_t group, block;
    bool act_order;
  };
  for (const Case& c : {Case{"q4_0_g32", CodecKind::q4_0, 4, 32, 64, false},
                        Case{"int4_asym_g64_ao", CodecKind::zero_point, 4, 64, 32, true},
                        Case{"q8_0_channel", CodecKind::q8_0, 8, 0, 128, false}}) {
    Codec codec(c.kind, c.bits, c.group, n);
    GptqOptions o{0.01, c.block, c.act_order};
    GptqFactor f = gptq_factor(H.data(), n, o);
    CHECK_EQ(f.dead_columns, int64_t(1));  // channel 100 of the fixture never fires
    std::vector<uint8_t> packed(size_t(rows) * codec.row_bytes());
    std::vector<float> deq(size_t(rows * n));
    gptq_quantize(codec, W.data(), rows, f, o, pool, packed.data(), deq.data());
    const auto want = floats(s, c.name);
    // The factor is fp32 here and fp64 in NumPy: a code may flip where a value sits on a rounding
    // boundary, and the error feedback carries the difference along its row. Almost all agree.
    auto [share, worst] = compare(deq, want, 1e-5);
    if (share > 0.01) std::printf("%s: %.2f%% of weights differ (largest %.3g)\n", c.name, 100 * share, worst);
    CHECK(share <= 0.01);
    // And GPTQ must beat RTN on the output error it minimises.
    std::vector<float> rtn(size_t(rows * n));
    rtn_rows(codec, W.data(), rows, packed.data(), rtn.data());
    auto err = output_error_energy(W.data(), deq.data(), rows, n, H.data(), pool);
    auto err_rtn = output_error_energy(W.data(), rtn.data(), rows, n, H.data(), pool);
    CHECK(err.first < err_rtn.first);
  }
}

DSW_TEST(rtn_g32_is_ggml_reference_bytes) {
  const int64_t n = 256;
  const auto w = random_row(n, 7);
  for (CodecKind kind : {CodecKind::q8_0, CodecKind::q4_0}) {
    Codec codec(kind, 0, 32, n);
    std::vector<uint8_t> ours(codec.row_bytes()), ref(codec.row_bytes());
    rtn_rows(codec, w.data(), 1, ours.data(), nullptr);
    if (kind == CodecKind::q8_0) cpu::quantize_q8_0(w.data(), reinterpret_cast<cpu::BlockQ8_0*>(ref.data()), n);
    else cpu::quantize_q4_0(w.data(), reinterpret_cast<cpu::BlockQ4_0*>(ref.data()), n);
    CHECK(ours == ref);
  }
}

DSW_TEST(grouped_and_per_channel_rows_are_plain_blocks) {
  const int64_t n = 256;
  const auto w = random_row(n, 11);
  for (CodecKind kind : {CodecKind::q8_0, CodecKind::q4_0})
    for (int64_t group : {int64_t(64), int64_t(128), int64_t(0)}) {
      Codec codec(kind, 0, group, n);
      std::vector<uint8_t> packed(codec.row_bytes());
      std::vector<float> deq(static_cast<size_t>(n)), back(static_cast<size_t>(n));
      rtn_rows(codec, w.data(), 1, packed.data(), deq.data());
      cpu::to_f32(codec.stored_dtype(), packed.data(), back.data(), n);
      CHECK(deq == back);
      // Every 32-block of a group repeats the group's scale.
      const size_t bb = kind == CodecKind::q8_0 ? 34 : 18;
      const int64_t g = group ? group : n;
      for (int64_t k = 1; k < n / 32; ++k)
        if ((k * 32) % g) CHECK(std::memcmp(&packed[size_t(k) * bb], &packed[size_t(k - 1) * bb], 2) == 0);
    }
}

DSW_TEST(k_types_pack_as_the_format_describes) {
  const int64_t n = 512;
  const auto w = random_row(n, 13);
  // Q4_K: d, dmin, 12 bytes of 6-bit scales/mins, then qs; element 64c + l is the low nibble of
  // qs[32c + l], 64c + 32 + l its high nibble; w = d·sc_j·q − dmin·m_j per 32.
  {
    Codec codec(CodecKind::q4_k, 0, 0, n);
    std::vector<uint8_t> p(codec.row_bytes());
    std::vector<float> deq(static_cast<size_t>(n));
    rtn_rows(codec, w.data(), 1, p.data(), deq.data());
    CHECK_EQ(p.size(), size_t(2 * 144));
    double err = 0;
    for (int64_t b = 0; b < n / 256; ++b) {
      const uint8_t* blk = p.data() + b * 144;
      uint16_t d16, m16;
      std::memcpy(&d16, blk, 2);
      std::memcpy(&m16, blk + 2, 2);
      const float d = f16_to_f32(d16), dmin = f16_to_f32(m16);
      const uint8_t* s = blk + 4;
      for (int j = 0; j < 8; ++j) {
        int sc, m;
        if (j < 4) sc = s[j] & 63, m = s[j + 4] & 63;
        else sc = (s[j + 4] & 15) | ((s[j - 4] >> 6) << 4), m = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
        for (int l = 0; l < 32; ++l) {
          const int c = j / 2, hi = j % 2;
          const uint8_t byte = blk[16 + 32 * c + l];
          const int q = hi ? byte >> 4 : byte & 15;
          const float v = d * float(sc) * float(q) - dmin * float(m);
          const size_t idx = size_t(b * 256 + j * 32 + l);
          CHECK_NEAR(v, deq[idx], 1e-6);
          err += std::fabs(double(v) - w[idx]);
        }
      }
    }
    CHECK(err / double(n) < 0.01);  // a 4-bit code of N(0, 0.05) values
  }
  // Q6_K: ql[128], qh[64], int8 scales[16], d; q = (low 4 bits | 2 high bits) − 32, w = d·sc·q.
  {
    Codec codec(CodecKind::q6_k, 0, 0, n);
    std::vector<uint8_t> p(codec.row_bytes());
    std::vector<float> deq(static_cast<size_t>(n));
    rtn_rows(codec, w.data(), 1, p.data(), deq.data());
    for (int64_t b = 0; b < n / 256; ++b) {
      const uint8_t* blk = p.data() + b * 210;
      uint16_t d16;
      std::memcpy(&d16, blk + 208, 2);
      const float d = f16_to_f32(d16);
      for (int e = 0; e < 256; ++e) {
        const int half = e / 128, r = e % 128, l = r % 64, j = r / 32, l32 = r % 32;
        const int low = (blk[64 * half + l] >> (r >= 64 ? 4 : 0)) & 15;
        const int high = (blk[128 + 32 * half + l32] >> (2 * j)) & 3;
        const int q = (low | (high << 4)) - 32;
        const float v = d * float(int8_t(blk[192 + e / 16])) * float(q);
        CHECK_NEAR(v, deq[size_t(b * 256 + e)], 1e-6);
      }
    }
  }
}

DSW_TEST(codec_refuses_rows_it_cannot_store) {
  CHECK(!codec_fits(CodecKind::q4_0, 32, 172));
  CHECK(!codec_fits(CodecKind::q4_k, 0, 64));
  CHECK(codec_fits(CodecKind::q8_0, 0, 64));
  CHECK(!codec_fits(CodecKind::q8_0, 128, 96));
  bool threw = false;
  try {
    Codec c(CodecKind::q4_0, 4, 32, 172);
  } catch (const std::exception& e) {
    threw = std::string(e.what()).find("172") != std::string::npos;
  }
  CHECK(threw);
}

// Zero-point 4-bit codes are Q4_1 blocks. At g32 the bytes are those of ggml's
// quantize_row_q4_1_ref (written out here from quantization.md §1.2: m = min, d = (max − min)/15,
// q = min(15, (int8)((w − m)/d + 0.5)), both fp16); grouped rows repeat d and m; and the values the
// quantiser feeds back are what the engine's Q4_1 dequantisation computes.
DSW_TEST(asymmetric_int4_is_ggml_q4_1) {
  const int64_t n = 256;
  const auto w = random_row(n, 5);
  Codec codec(CodecKind::q4_1, 4, 32, n);
  CHECK(codec.stored_dtype() == DType::q4_1);
  std::vector<uint8_t> ours(codec.row_bytes()), ref(size_t(n / 32) * 20);
  REQUIRE(ours.size() == ref.size());
  rtn_rows(codec, w.data(), 1, ours.data(), nullptr);
  for (int64_t b = 0; b < n / 32; ++b) {
    const float* x = w.data() + b * 32;
    float lo = x[0], hi = x[0];
    for (int j = 1; j < 32; ++j) lo = std::min(lo, x[j]), hi = std::max(hi, x[j]);
    const float d = (hi - lo) / 15.0f, id = d ? 1.0f / d : 0.0f;
    uint8_t* blk = ref.data() + b * 20;
    const uint16_t d16 = f32_to_f16(d), m16 = f32_to_f16(lo);
    std::memcpy(blk, &d16, 2);
    std::memcpy(blk + 2, &m16, 2);
    for (int j = 0; j < 16; ++j) {
      const int q0 = std::min(15, int(int8_t((x[j] - lo) * id + 0.5f)));
      const int q1 = std::min(15, int(int8_t((x[j + 16] - lo) * id + 0.5f)));
      blk[4 + j] = uint8_t(q0 | (q1 << 4));
    }
  }
  CHECK(ours == ref);
  for (int64_t group : {int64_t(32), int64_t(128), int64_t(0)}) {
    Codec g(CodecKind::q4_1, 4, group, n);
    std::vector<uint8_t> packed(g.row_bytes());
    std::vector<float> deq(static_cast<size_t>(n)), back(static_cast<size_t>(n));
    rtn_rows(g, w.data(), 1, packed.data(), deq.data());
    cpu::to_f32(DType::q4_1, packed.data(), back.data(), n);
    CHECK(deq == back);
    const int64_t span = group ? group : n;
    for (int64_t k = 1; k < n / 32; ++k)
      if ((k * 32) % span) CHECK(std::memcmp(&packed[size_t(k) * 20], &packed[size_t(k - 1) * 20], 4) == 0);
  }
}
