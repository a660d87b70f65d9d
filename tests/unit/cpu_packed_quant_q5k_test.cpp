// Q5_K weights repacked into 16-row groups (cpu/packed_quant.h, packed_quant_q5k.cpp) and the
// kernels that read them (kernels_avx512_packed_q5k.inc):
// - dequantising the packed copy gives the source rows' to_f32 values bit for bit (row counts that
//   end inside a group, one to five super-blocks; every high bit of qh set in some rows, none in
//   others);
// - the portable packed GEMV equals the portable unpacked one (same Q8_K activations) within f32
//   summation-order error, and the exact product within the int8-activation bound;
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

constexpr WType kT = WType::q5_k;

// Random valid Q5_K rows: random scale / min / qh / quant bytes, fp16 d of either sign, dmin ≥ 0.
// Every fifth row has all high bits set and every seventh none (u = 31 and u = nibble throughout).
std::vector<uint8_t> random_q5_k(int64_t rows, int64_t K, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> d(-0.004f, 0.004f), dmin(0.0f, 0.01f);
  const size_t rb = size_t(K / 256 * 176);
  std::vector<uint8_t> w(size_t(rows) * rb);
  for (auto& b : w) b = uint8_t(byte(rng));
  for (size_t i = 0; i < w.size(); i += 176) {
    const uint16_t h[2] = {f32_to_f16(d(rng)), f32_to_f16(dmin(rng))};
    std::memcpy(&w[i], h, 4);
    const size_t row = i / rb;
    if (row % 5 == 4) std::memset(&w[i + 16], 0xFF, 32);
    if (row % 7 == 6) std::memset(&w[i + 16], 0x00, 32);
  }
  return w;
}

SourceRows source(int64_t rows, int64_t K, uint32_t seed) { return SourceRows(kT, rows, K, random_q5_k(rows, K, seed)); }

}  // namespace

DSW_TEST(packed_q5_k_dequantises_to_the_source_values) {
  for (int64_t rows : {int64_t(1), int64_t(15), int64_t(16), int64_t(17), int64_t(40)})
    for (int64_t K : {int64_t(256), int64_t(512), int64_t(1280)})
      check_packed_dequantises(kT, source(rows, K, uint32_t(rows * 1000 + K)), K / 256 * kQ5KSuperBytes);
}

DSW_TEST(packed_q5_k_gemv_matches_the_unpacked_one_and_every_table) {
  int compared = 0;
  for (int64_t rows : {int64_t(7), int64_t(16), int64_t(45)})
    for (int64_t K : {int64_t(256), int64_t(768), int64_t(1280)})
      compared += check_packed_gemv_1_to_8(kT, source(rows, K, uint32_t(rows * 77 + K)), randn(size_t(8 * K), uint32_t(K + rows)), 256,
                                           1.01);
  std::printf("    packed q5_k GEMV rows compared on this CPU: %d\n", compared);
}

DSW_TEST(matmul_on_packed_q5_k_equals_the_unpacked_gemv) {
  // 367 rows (a partial last group) × 1280: large enough that 2 and 3 threads split it.
  const SourceRows c = source(367, 1280, 4242);
  const int runs = check_matmul_on_packed({kT, DType::q5_k, c.w.data(), c.rb, c.wf.data(), c.rows, c.K}, {1, 3, 8, 9, 33});
  if (runs == 0) SKIP("the chosen kernel table has no packed q5_k rows (no AVX-512, or DSW_CPU_NO_REPACK)");
  std::printf("    Matmul runs compared: %d\n", runs);
}
