// Q5_0 and Q5_1 weights repacked into 16-row groups (cpu/packed_quant.h, packed_quant_q5.cpp) and
// the kernels that read them (kernels_avx512_packed_q5.inc; Q5_0 prefill on AMX int8 tiles):
// - dequantising the packed copy gives the source rows' to_f32 values bit for bit (row counts that
//   end inside a group, an odd number of blocks per row, several K);
// - the portable packed GEMV equals the portable unpacked one (same Q8_0 / Q8_1 activations)
//   within f32 summation-order error, and the exact product within the int8-activation bound;
// - every table's packed GEMV equals the portable packed one, 1–8 activation rows, from group 0
//   and from a later group;
// - Matmul::run on the repacked weight (decode and prefill, 1–3 threads, whole weights and row
//   views from a group boundary and from inside a group) equals the unpacked GEMV row by row.
#include "check.h"
#include "packed_gemv_check.h"
#include "random_tensor.h"

#include <dsw/dtype.h>
#include <dsw/thread_pool.h>

#include "compute/stored_weight.h"
#include "cpu/convert.h"
#include "cpu/kernels.h"
#include "cpu/matmul.h"
#include "cpu/packed_quant.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <random>
#include <vector>

using namespace dsw;
using namespace dsw::cpu;
using dsw::test::abs_dot;
using dsw::test::check_matmul_on_packed;
using dsw::test::check_packed_dequantises;
using dsw::test::check_packed_gemv_1_to_8;
using dsw::test::SourceRows;
using dsw::test::randn;

namespace {

int block_bytes(WType t) { return t == WType::q5_1 ? 24 : 22; }

// Random valid rows: random quant and fifth-bit bytes, fp16 d of either sign, fp16 m of either
// sign (Q5_1).
std::vector<uint8_t> random_q5(WType t, int64_t rows, int64_t K, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> d(-0.004f, 0.004f), m(-0.06f, 0.06f);
  const int bb = block_bytes(t);
  std::vector<uint8_t> w(size_t(rows * (K / 32) * bb));
  for (auto& b : w) b = uint8_t(byte(rng));
  for (size_t i = 0; i < w.size(); i += size_t(bb)) {
    const uint16_t h[2] = {f32_to_f16(d(rng)), f32_to_f16(m(rng))};
    std::memcpy(&w[i], h, t == WType::q5_1 ? 4 : 2);
  }
  return w;
}

SourceRows source(WType t, int64_t rows, int64_t K, uint32_t seed) { return SourceRows(t, rows, K, random_q5(t, rows, K, seed)); }

// Activations with a mean, so that Q5_1's offset term m·s carries weight.
std::vector<float> activations(int64_t n, uint32_t seed) {
  auto x = randn(size_t(n), seed);
  for (size_t i = 0; i < x.size(); ++i) x[i] += 0.3f;
  return x;
}

}  // namespace

DSW_TEST(packed_q5_dequantises_to_the_source_values) {
  for (WType t : {WType::q5_0, WType::q5_1})
    for (int64_t rows : {int64_t(1), int64_t(15), int64_t(16), int64_t(17), int64_t(40)})
      for (int64_t K : {int64_t(32), int64_t(96), int64_t(256), int64_t(352)}) {
        const int64_t pairs = (K / 32 + 1) / 2;
        CHECK(pairs * packed_pair_bytes(t) % 64 == 0);
        check_packed_dequantises(t, source(t, rows, K, uint32_t(rows * 1000 + K + int(t))), pairs * packed_pair_bytes(t));
      }
}

DSW_TEST(packed_q5_gemv_matches_the_unpacked_one_and_every_table) {
  int compared = 0;
  for (WType t : {WType::q5_0, WType::q5_1})
    for (int64_t rows : {int64_t(7), int64_t(16), int64_t(45)})
      for (int64_t K : {int64_t(32), int64_t(160), int64_t(1024)}) {
        // Q5_1's block sum s is rounded to fp16 (Q8_1): up to 2^-11 of |m|·|d_a·Σq| more than the
        // int8 step alone, well inside 1.1 × the bound for these weights.
        const SourceRows c = source(t, rows, K, uint32_t(rows * 77 + K + int(t)));
        compared += check_packed_gemv_1_to_8(t, c, activations(8 * K, uint32_t(K + rows)), 32, 1.1);
      }
  std::printf("    packed q5_0 / q5_1 GEMV rows compared on this CPU: %d\n", compared);
}

DSW_TEST(matmul_on_packed_q5_equals_the_unpacked_gemv) {
  if (!repack_enabled()) SKIP("repacking switched off (DSW_CPU_NO_REPACK)");
  // 367 rows (a partial last group) × 1376 (43 blocks: the last pair half empty): large enough
  // that 2 and 3 threads split it.
  int runs = 0;
  for (WType t : {WType::q5_0, WType::q5_1}) {
    const SourceRows c = source(t, 367, 1376, 4242 + uint32_t(t));
    const DType dt = t == WType::q5_1 ? DType::q5_1 : DType::q5_0;
    const int n = check_matmul_on_packed({t, dt, c.w.data(), c.rb, c.wf.data(), 367, 1376}, {1, 3, 8, 9, 40});
    if (n == 0) SKIP("the chosen kernel table has no packed q5_0 / q5_1 rows (no AVX-512)");
    runs += n;
  }
  std::printf("    Matmul runs compared: %d\n", runs);
}
